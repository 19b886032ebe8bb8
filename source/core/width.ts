/**
 * Terminal width and grapheme clusters of text of any length, in linear time.
 *
 * `Intl.Segmenter` on Node 20 (V8 11.3) costs time quadratic in the length of the string it
 * segments (65,536 units: 7 s), and string-width segments its whole argument, so measuring one
 * long non-ASCII log value took seconds to minutes (a 32 KiB CJK word: 0.9 s; wrapping it: 72 s).
 * Here long texts are segmented in windows of about a thousand units: every cluster of a window but
 * its last one is final (a grapheme break depends only on what comes before it and the next
 * code point; a window never ends inside a surrogate pair), and the next window starts at that last cluster's start, which is a break. Widths are
 * string-width's, summed over runs of whole clusters (string-width sums its clusters too), so
 * `textWidth(text) === stringWidth(text)` for any text without ANSI escapes (the sanitised text
 * prodex-top shows; with an ESC or CSI the whole text goes to string-width).
 *
 * Pure TypeScript: no Node APIs.
 */
import stringWidth from 'string-width';

const segmenter = new Intl.Segmenter();
/** Units per segmentation window (doubled while one cluster fills a window). */
const WINDOW = 1024;
/** Texts up to this length are measured whole. */
const SHORT = 4096;
const ANSI_START = /[\u001b\u009b]/;
/** Printable ASCII only: one column per unit, one cluster per unit. */
export const PRINTABLE_ASCII = /^[\u0020-\u007e]*$/;

/** One grapheme cluster and where it starts. */
export type Cluster = {readonly segment: string; readonly index: number};

/** The grapheme clusters of `text`, as `Intl.Segmenter` gives them, in time linear in the text. */
export function* graphemeClusters(text: string): Generator<Cluster> {
	let start = 0;
	let size = WINDOW;
	while (start < text.length) {
		if (start + size >= text.length) {
			for (const {segment, index} of segmenter.segment(text.slice(start))) yield {segment, index: start + index};
			return;
		}
		// Never end a window inside a surrogate pair: the break before the last cluster must see the whole code point.
		let end = start + size;
		const unit = text.charCodeAt(end - 1);
		if (unit >= 0xd8_00 && unit <= 0xdb_ff) end++;
		let last: Intl.SegmentData | undefined;
		let final = 0;
		for (const data of segmenter.segment(text.slice(start, end))) {
			if (last !== undefined) {
				yield {segment: last.segment, index: start + last.index};
				final++;
			}
			last = data;
		}
		if (final === 0) {
			size *= 2; // one cluster fills the window: widen it
			continue;
		}
		start += last!.index;
		size = WINDOW;
	}
}

/** Terminal columns of `text`: string-width's answer, in linear time for long texts. */
export function textWidth(text: string): number {
	if (text.length <= SHORT || ANSI_START.test(text)) return stringWidth(text);
	if (PRINTABLE_ASCII.test(text)) return text.length;
	let width = 0;
	let from = 0;
	for (const {index} of graphemeClusters(text)) {
		if (index - from >= WINDOW) {
			width += stringWidth(text.slice(from, index));
			from = index;
		}
	}
	return width + stringWidth(text.slice(from));
}

const clusterWidths = new Map<string, number>();

/** Columns of one grapheme cluster (string-width's answer; printable ASCII takes a fast path, the rest is remembered, boundedly). */
export function clusterWidth(segment: string): number {
	if (segment.length === 1 && segment >= ' ' && segment <= '~') return 1;
	let known = clusterWidths.get(segment);
	if (known === undefined) {
		known = stringWidth(segment);
		if (segment.length <= 64) {
			if (clusterWidths.size >= 4096) clusterWidths.clear();
			clusterWidths.set(segment, known);
		}
	}
	return known;
}
