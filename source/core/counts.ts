/** Tallies (value → count) as every summary part keeps them. Pure. */

/** Add `by` (negative to remove) to `key`'s count; a count that reaches 0 leaves the map. */
export function bump(map: Map<string, number>, key: string, by: number): void {
	const next = (map.get(key) ?? 0) + by;
	if (next === 0) map.delete(key);
	else map.set(key, next);
}

/** A new tally: `a`'s counts plus `b`'s (a's keys first, then b's new ones: one pass's first-seen order). */
export function addCounts(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Map<string, number> {
	const out = new Map(a);
	for (const [key, n] of b) out.set(key, (out.get(key) ?? 0) + n);
	return out;
}
