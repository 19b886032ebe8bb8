/**
 * Rust's string trimming and cutting as the doctor uses them (docs/parsing.md T4, F8):
 * `str::trim` (Unicode White_Space, not JavaScript's trim) and the scalar-value cut of
 * `last_marker_line` and other shown texts.
 *
 * Pure TypeScript: no Node APIs.
 */

/** Unicode White_Space (Rust `char::is_whitespace`); all of it is in the BMP. */
function isRustWhitespace(c: number): boolean {
	if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
	if (c < 0x85) return false;
	return (
		c === 0x85 ||
		c === 0xa0 ||
		c === 0x1680 ||
		(c >= 0x2000 && c <= 0x200a) ||
		c === 0x2028 ||
		c === 0x2029 ||
		c === 0x202f ||
		c === 0x205f ||
		c === 0x3000
	);
}

/** T4: trim Unicode White_Space exactly as Rust's str::trim (NOT String.prototype.trim: keeps U+FEFF, removes U+0085). */
export function trimRust(text: string): string {
	let start = 0;
	let end = text.length;
	while (start < end && isRustWhitespace(text.charCodeAt(start))) start++;
	while (end > start && isRustWhitespace(text.charCodeAt(end - 1))) end--;
	return start === 0 && end === text.length ? text : text.slice(start, end);
}

function isHighSurrogate(c: number): boolean {
	return c >= 0xd800 && c <= 0xdbff;
}

function isLowSurrogate(c: number): boolean {
	return c >= 0xdc00 && c <= 0xdfff;
}

/**
 * F8: cut to at most `max` Unicode scalar values: when longer, the first max-1 then "…" (count code points, not UTF-16 units).
 * A lone surrogate counts as one. With `max` < 1 a non-empty text becomes "…" (Rust's
 * `take(max.saturating_sub(1))`).
 */
export function cutScalars(text: string, max: number): string {
	if (text.length <= max) return text; // scalars ≤ units ≤ max
	const keep = Math.max(0, max - 1);
	let count = 0;
	let keepEnd = -1;
	for (let i = 0; i < text.length; count++) {
		if (count === keep) keepEnd = i;
		if (count === max) return text.slice(0, keepEnd) + '…';
		const step = isHighSurrogate(text.charCodeAt(i)) && isLowSurrogate(text.charCodeAt(i + 1)) ? 2 : 1;
		i += step;
	}
	return text;
}

/** F8: the scalar-value limit of `last_marker_line`. */
export const MARKER_LINE_MAX_CHARS = 160;
