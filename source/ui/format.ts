import {displayText} from '../core/display-text.js';
import {textWidth} from '../core/width.js';

/** Printable ASCII, box drawing and block elements: one column per code unit (test/ui/format.test.ts checks each against string-width). */
export const ONE_COLUMN = /^[\u0020-\u007E\u2500-\u259F]*$/;
const widths = new Map<string, number>();

/** Columns of text that is already printable (display-text.ts), remembered. */
function printedWidth(text: string): number {
	if (ONE_COLUMN.test(text)) return text.length;
	// Long texts are not remembered: 4096 of them could hold gigabytes alive.
	if (text.length > 256) return textWidth(text);
	let known = widths.get(text);
	if (known === undefined) {
		if (widths.size >= 4096) widths.clear();
		known = textWidth(text);
		widths.set(text, known);
	}
	return known;
}

/**
 * Terminal columns a string takes once printed (wide CJK and emoji count two; a control character
 * is a space and an invisible one `⟨U+XXXX⟩`, as display-text.ts prints them). Called for every
 * segment of every frame, so the common text takes a fast path and the rest is remembered.
 */
export function width(text: string): number {
	return ONE_COLUMN.test(text) ? text.length : printedWidth(displayText(text));
}

/** Cut the printed form of `raw` (display-text.ts) to at most `max` columns, ending in `…` when something was cut. */
export function cut(raw: string, max: number): string {
	if (max <= 0) return '';
	const text = displayText(raw);
	if (printedWidth(text) <= max) return text;
	if (ONE_COLUMN.test(text)) return `${text.slice(0, max - 1)}…`;
	let out = '';
	let used = 0;
	for (const char of text) {
		const w = printedWidth(char);
		if (used + w > max - 1) break;
		out += char;
		used += w;
	}
	return `${out}…`;
}

/** Pad or cut to exactly `size` columns. */
export function fit(text: string, size: number): string {
	const cutText = cut(text, size);
	return cutText + ' '.repeat(Math.max(0, size - width(cutText)));
}

/**
 * Shorten in the middle, keeping the end visible: the whole file name when it fits
 * (`/h…/prodex-runtime-1.log`), else the last 65% (`/ho…ntime-4343-1745460000000-1.log`).
 */
export function middle(raw: string, max: number): string {
	const text = displayText(raw);
	const chars = [...text];
	if (printedWidth(text) <= max) return text;
	if (max <= 1) return '…';
	const slash = text.lastIndexOf('/');
	const name = slash < 0 ? '' : text.slice(slash);
	const nameWidth = printedWidth(name);
	if (slash > 0 && nameWidth + 2 <= max) return `${cut(text.slice(0, slash), max - nameWidth).slice(0, -1)}…${name}`;
	const tail = Math.ceil((max - 1) * 0.65);
	const head = max - 1 - tail;
	return `${chars.slice(0, head).join('')}…${chars.slice(chars.length - tail).join('')}`;
}

/** A duration for humans: `0.4 s`, `31 s`, `1m02s`, `2h05m`, `3d04h`. */
export function ago(ms: number): string {
	if (ms < 0) ms = 0;
	if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
	const s = Math.floor(ms / 1000);
	if (s < 60) return `${s} s`;
	const m = Math.floor(s / 60);
	if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
	const h = Math.floor(m / 60);
	if (h < 48) return `${h}h${String(m % 60).padStart(2, '0')}m`;
	return `${Math.floor(h / 24)}d${String(h % 24).padStart(2, '0')}h`;
}

/** `HH:MM:SS` in local time. */
export function clock(ms: number): string {
	const d = new Date(ms);
	return [d.getHours(), d.getMinutes(), d.getSeconds()].map(n => String(n).padStart(2, '0')).join(':');
}

/** Bytes as `128 KiB`, `1.5 MiB`. */
export function bytes(n: number): string {
	if (n < 1024) return `${n} B`;
	if (n < 1024 * 1024) return `${Number((n / 1024).toFixed(1))} KiB`;
	return `${Number((n / 1_048_576).toFixed(1))} MiB`;
}

const SPARK = '▁▂▃▄▅▆▇█';

/** A sparkline of `values` squeezed into `columns` cells (summing neighbours); blank when all zero. */
export function sparkline(values: readonly number[], columns: number): string {
	if (columns <= 0 || values.length === 0) return '';
	const cells: number[] = [];
	for (let i = 0; i < columns; i++) {
		const from = Math.floor((i * values.length) / columns);
		const to = Math.max(from + 1, Math.floor(((i + 1) * values.length) / columns));
		let sum = 0;
		for (let j = from; j < to; j++) sum += values[j] ?? 0;
		cells.push(sum);
	}
	const max = Math.max(...cells);
	if (max === 0) return ' '.repeat(columns);
	return cells.map(v => (v === 0 ? '▁' : SPARK[Math.min(SPARK.length - 1, Math.ceil((v / max) * SPARK.length) - 1)])).join('');
}

/** A bar of `value / max` over `columns` cells (at least one cell for a non-zero value). */
export function bar(value: number, max: number, columns: number): string {
	if (max <= 0 || columns <= 0 || value <= 0) return '';
	return '█'.repeat(Math.max(1, Math.round((value / max) * columns)));
}

/** `k=v k=v` of a field map. */
export function fieldsText(fields: ReadonlyMap<string, string> | undefined): string {
	if (fields === undefined) return '';
	return [...fields].map(([key, value]) => `${key}=${value}`).join(' ');
}
