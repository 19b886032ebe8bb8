import type {DoctorReport} from './report.js';
import type {InsightRows} from './insights/rows.js';
import {runtimeProxyRows, type Row, type SourceRows} from './rows.js';
import type {StateCounters} from './state-inputs.js';
import type {WindowId} from './window.js';
import {displayText} from './display-text.js';
import {PRINTABLE_ASCII, clusterWidth, graphemeClusters, textWidth} from './width.js';

/** Width used when the terminal width is unknown (prodex uses 110). */
export const DEFAULT_WIDTH = 110;

/** Terminal columns a string takes (wide CJK and emoji count two). */
const columns = (text: string): number => textWidth(text);

/**
 * Cut a word wider than `width` into pieces of at most `width` columns (at least one grapheme
 * each): all full pieces, and the last part, which fits. Each grapheme is measured once (string-width
 * sums its graphemes, so the pieces' widths add up), and pieces never split a grapheme. Measuring
 * the whole rest after every piece, as this did before, was quadratic (a 32 KiB CJK word: 72 s).
 */
function splitWord(word: string, width: number): {readonly pieces: string[]; readonly rest: string} {
	const pieces: string[] = [];
	if (PRINTABLE_ASCII.test(word)) {
		const step = Math.max(1, width);
		let start = 0;
		for (; word.length - start > width; start += step) pieces.push(word.slice(start, start + step));
		return {pieces, rest: word.slice(start)};
	}
	let start = 0;
	let used = 0;
	for (const {segment, index} of graphemeClusters(word)) {
		const w = clusterWidth(segment);
		if (index > start && used + w > width) {
			pieces.push(word.slice(start, index));
			start = index;
			used = 0;
		}
		used += w;
	}
	if (used > width) {
		pieces.push(word.slice(start));
		return {pieces, rest: ''};
	}
	return {pieces, rest: word.slice(start)};
}

/**
 * Split `text` into lines of at most `width` columns, breaking at spaces; a word longer than a
 * line starts a new line and is cut into pieces. Used by `--once` and by the dashboard, so the
 * text is made printable first (display-text.ts) and the widths are those of what is printed.
 */
export function wrapText(text: string, width: number): string[] {
	const lines: string[] = [];
	let line = '';
	for (const word of displayText(text).split(' ')) {
		let rest = word;
		if (columns(rest) > width) {
			if (line.length > 0) {
				lines.push(line);
				line = '';
			}
			const split = splitWord(rest, width);
			for (const piece of split.pieces) lines.push(piece);
			rest = split.rest;
		}
		if (line.length === 0) line = rest;
		else if (columns(line) + 1 + columns(rest) <= width) line += ` ${rest}`;
		else {
			lines.push(line);
			line = rest;
		}
	}
	lines.push(line);
	return lines;
}

/**
 * A doctor-style panel (docs/output.md §2): `[ Title ] ====…`, then `label:` padded to the label
 * column (longest label, clamped to 10–24 and to a quarter of the width) and the value, wrapped onto
 * continuation lines that start with spaces. Control and invisible format characters never reach
 * the output (wrapText).
 */
export function renderPanel(title: string, rows: readonly Row[], width = DEFAULT_WIDTH): string {
	const head = `[ ${title} ] `;
	const out = [head + '='.repeat(Math.max(0, width - columns(head)))];
	const longest = Math.max(0, ...rows.map(row => columns(row.label) + 1));
	const labelWidth = Math.min(Math.max(longest, 10), 24, Math.max(10, Math.floor(width / 4)));
	for (const row of rows) {
		const label = `${row.label}:`.padEnd(labelWidth);
		const valueWidth = Math.max(20, width - labelWidth - 1);
		const wrapped = wrapText(row.value, valueWidth);
		out.push(`${label} ${wrapped[0]}`);
		const indent = ' '.repeat(labelWidth + 1);
		for (const more of wrapped.slice(1)) out.push(indent + more);
	}
	return out.join('\n');
}

/** What a plain-text summary says about where it came from. */
export type SummaryHeading = {
	readonly version: string;
	readonly rules: string;
	readonly rulesReason: string;
	readonly window: string;
	readonly source: string;
};

/** The window as the heading names it: `doctor 131072 bytes`, `whole file` (`--tail-bytes 0`), or `1m` … `all`. */
export function windowHeading(window: WindowId, tailBytes: number): string {
	if (window !== 'doctor') return window;
	return tailBytes === 0 ? 'whole file' : `doctor ${tailBytes} bytes`;
}

/** The heading line of `--once` output and snapshots. */
export function headingLine(heading: SummaryHeading): string {
	return displayText(
		`prodex-top ${heading.version} · rules ${heading.rules} (${heading.rulesReason}) · window ${heading.window} · ${heading.source}`,
	);
}

/** What the plain-text summary (`--once`, snapshots, the exit summary) is made of. */
export type SummaryTextInput = {
	readonly heading: SummaryHeading;
	readonly report: DoctorReport;
	readonly source: SourceRows;
	readonly counters: StateCounters;
	readonly notes: readonly string[];
	readonly width: number;
	/** The insight rows (current rules; insights/rows.ts). */
	readonly insights?: InsightRows;
};

/** The plain-text summary: the heading line, the doctor's Runtime Proxy rows, then state notes. */
export function summaryText(input: SummaryTextInput): string {
	const rows = runtimeProxyRows(input.report, input.source, input.counters, undefined, input.insights);
	const notes = input.notes.map(note => `${displayText(`state: ${note}`)}\n`).join('');
	return `${headingLine(input.heading)}\n${renderPanel('Runtime Proxy', rows, input.width)}\n${notes}`;
}
