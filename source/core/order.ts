/**
 * Compare two strings by Unicode code point (= UTF-8 byte order), as Rust's `str` ordering does.
 * JavaScript's `<` compares UTF-16 units, which puts U+E000–U+FFFF after astral characters.
 */
export function compareCodePoints(a: string, b: string): number {
	const n = Math.min(a.length, b.length);
	for (let i = 0; i < n; i++) {
		const x = a.charCodeAt(i);
		const y = b.charCodeAt(i);
		if (x === y) continue;
		// Only a surrogate (0xD800–0xDFFF) vs a unit above 0xDFFF compares differently from code points.
		const xs = x >= 0xd8_00 && x <= 0xdf_ff;
		const ys = y >= 0xd8_00 && y <= 0xdf_ff;
		if (xs !== ys && (xs ? y : x) >= 0xe0_00) return xs ? 1 : -1;
		return x - y;
	}
	return a.length - b.length;
}

/** Map entries sorted by key in code point order. */
export function sortedEntries<V>(map: ReadonlyMap<string, V>): Array<[string, V]> {
	return [...map.entries()].sort((a, b) => compareCodePoints(a[0], b[0]));
}

/** The doctor's breakdown of a count map: `-` when empty, else `k=n` pairs in key order joined by `, `. */
export function breakdown(counts: ReadonlyMap<string, number>): string {
	if (counts.size === 0) return '-';
	return sortedEntries(counts)
		.map(([key, count]) => `${key}=${count}`)
		.join(', ');
}

/** Top facet `"<value> (<count>)"`: highest count, ties to the greatest value in code point order; null when empty. */
export function topOf(counts: ReadonlyMap<string, number> | undefined): string | null {
	if (counts === undefined || counts.size === 0) return null;
	let bestValue = '';
	let bestCount = -1;
	for (const [value, count] of counts) {
		if (count > bestCount || (count === bestCount && compareCodePoints(value, bestValue) > 0)) {
			bestValue = value;
			bestCount = count;
		}
	}
	return `${bestValue} (${bestCount})`;
}
