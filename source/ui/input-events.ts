import type {Key} from 'ink';

/** A named key: what Ink reports in its `key` flags (Backspace also stands for Delete). */
export type KeyName = 'tab' | 'shift-tab' | 'left' | 'right' | 'up' | 'down' | 'enter' | 'escape' | 'page-up' | 'page-down' | 'home' | 'end' | 'backspace' | 'ctrl-c' | 'ctrl-z';

/** One key press: a named key, or one printable character. */
export type KeyEvent = {readonly kind: 'key'; readonly name: KeyName} | {readonly kind: 'char'; readonly char: string};

/** A mouse button as an SGR report names it (`wheel-*`: the wheel, one report per notch). */
export type MouseButton = 'left' | 'middle' | 'right' | 'none' | 'wheel-up' | 'wheel-down' | 'wheel-left' | 'wheel-right' | 'extra';

/**
 * One mouse report: a press or release of a button, a motion (only reported with drag tracking,
 * which the dashboard does not ask for), or a wheel notch; at a 0-based cell (column `x`, row `y`),
 * with the modifiers held.
 */
export type MouseEvent = {
	readonly kind: 'mouse';
	readonly action: 'press' | 'release' | 'move' | 'wheel';
	readonly button: MouseButton;
	readonly x: number;
	readonly y: number;
	readonly shift: boolean;
	readonly meta: boolean;
	readonly ctrl: boolean;
};

/** Everything the dashboard's input brings, one event at a time: keys, and mouse reports (splitMouse). */
export type InputEvent = KeyEvent | MouseEvent;

const ESCAPE: KeyEvent = {kind: 'key', name: 'escape'};

/** The named key Ink reported, or null for plain characters. */
function namedKey(input: string, key: Key): KeyName | null {
	if (key.ctrl && input === 'c') return 'ctrl-c';
	if (key.ctrl && input === 'z') return 'ctrl-z';
	if (key.tab) return key.shift ? 'shift-tab' : 'tab';
	if (key.leftArrow) return 'left';
	if (key.rightArrow) return 'right';
	if (key.upArrow) return 'up';
	if (key.downArrow) return 'down';
	if (key.pageUp) return 'page-up';
	if (key.pageDown) return 'page-down';
	if (key.home) return 'home';
	if (key.end) return 'end';
	if (key.return) return 'enter';
	if (key.escape) return 'escape';
	if (key.backspace || key.delete) return 'backspace';
	return null;
}

/** Control characters that can sit inside a multi-key chunk ("jj\r"), as the keys they are. */
function charKey(c: string, key: Key): KeyName | null {
	if (c === '\r' || c === '\n') return 'enter';
	if (c === '\t') return key.shift ? 'shift-tab' : 'tab';
	if (c === '\u007F' || c === '\b') return 'backspace';
	return null;
}

/**
 * Split one Ink input event (`useInput`'s `input` and `key`) into key events, in order. A chunk
 * may hold several keys (a paste, a fast `tmux send-keys` string): each character is its own key,
 * Enter, Tab and Backspace inside it included; other control characters are dropped. Esc and the
 * next key in one chunk reach Ink as Alt+key; there are no Alt bindings, so that is Esc, then the
 * key. A Ctrl chord other than Ctrl-C and Ctrl-Z means nothing. Whether a character is a key or
 * filter text (after `/`) is the reader's business (input-state.ts): this split has no state.
 */
export function inputEvents(input: string, key: Key): InputEvent[] {
	if (isMouseRemnant(input) && !key.meta) return [];
	const arrow = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow;
	if (key.meta && !key.escape && !key.ctrl && !arrow && input !== '') return [ESCAPE, ...inputEvents(input, {...key, meta: false})];
	const named = namedKey(input, key);
	if (named !== null) return [{kind: 'key', name: named}];
	if (key.ctrl || key.meta) return [];
	const events: InputEvent[] = [];
	for (const c of input) {
		const name = charKey(c, key);
		if (name !== null) events.push({kind: 'key', name});
		else if (c >= ' ' && c !== '\u007F') events.push({kind: 'char', char: c});
	}
	return events;
}

const BUTTONS: readonly MouseButton[] = ['left', 'middle', 'right', 'none'];
const WHEELS: readonly MouseButton[] = ['wheel-up', 'wheel-down', 'wheel-left', 'wheel-right'];

/**
 * A mouse report from its button code (the modifier, motion and wheel bits included) and 1-based
 * cell, or null when the numbers make no report. `released` is SGR's final `m` (X10 reports say
 * "released" with button 3 instead).
 */
export function mouseEvent(code: number, column: number, row: number, released: boolean): MouseEvent | null {
	if (!Number.isSafeInteger(code) || code < 0 || code > 255 || !(column >= 1) || !(row >= 1) || !Number.isSafeInteger(column) || !Number.isSafeInteger(row)) return null;
	const low = code & 3;
	const motion = (code & 32) !== 0;
	const wheel = (code & 64) !== 0 && (code & 128) === 0;
	const extra = (code & 128) !== 0;
	const button = extra ? 'extra' : wheel ? WHEELS[low]! : BUTTONS[low]!;
	const action = wheel ? 'wheel' : motion ? 'move' : released || button === 'none' ? 'release' : 'press';
	return {kind: 'mouse', action, button, x: column - 1, y: row - 1, shift: (code & 4) !== 0, meta: (code & 8) !== 0, ctrl: (code & 16) !== 0};
}

/** What splitMouse made of a chunk: the text with every mouse report taken out, the reports, and an unfinished one held for the next chunk. */
export type MouseSplit = {readonly text: string; readonly events: readonly MouseEvent[]; readonly pending: string};

/** An unfinished report longer than this is no report: dropped, not held. */
const MAX_PENDING = 32;
const CSI_FINAL = /[\u0040-\u007E]/;

/**
 * Take the mouse reports out of a raw input chunk, before Ink reads it (use-dashboard-input.ts),
 * so no part of one can reach the keys or the filter box. SGR reports (`ESC [ < b ; x ; y M`,
 * `m` for a release) and legacy X10 ones (`ESC [ M` and three bytes, from a terminal without
 * SGR mode) are parsed; several in one chunk are taken in order; one cut at the end of a chunk
 * is held (`pending`, give it back with the next chunk); a malformed one (`ESC [ <` with
 * anything but digits and `;` up to `M` or `m`, or numbers that make no report) is dropped whole.
 * A chunk that ends in `ESC [` is held too: the next chunk says whether a report follows (if not,
 * both go on as they came, so a cut arrow key still arrives whole). A report cut right after its
 * `ESC` is the one case left: the terminal's lone ESC reaches Ink as the Escape key first, and
 * the rest (`[<b;x;yM` at the start of the next chunk) is still taken as the report.
 */
export function splitMouse(pending: string, chunk: string, afterEscape = false): MouseSplit {
	let input = pending + chunk;
	const events: MouseEvent[] = [];
	let text = '';
	// The previous chunk ended in a lone ESC (given to Ink as Escape): `[<…` right here is the rest of a report.
	if (afterEscape && pending === '' && /^\[<[\d;]*[Mm]/.test(input)) input = `\u001B${input}`;
	let at = 0;
	while (at < input.length) {
		const escape = input.indexOf('\u001B', at);
		if (escape === -1) {
			text += input.slice(at);
			break;
		}
		text += input.slice(at, escape);
		if (input.startsWith('\u001B[<', escape)) {
			let end = escape + 3;
			while (end < input.length && /[\d;]/.test(input[end]!)) end++;
			if (end >= input.length) {
				// Cut at the chunk's end: held for the next chunk, unless too long to be a report.
				return {text, events, pending: input.length - escape <= MAX_PENDING ? input.slice(escape) : ''};
			}
			const final = input[end]!;
			if (final === 'M' || final === 'm') {
				const numbers = input.slice(escape + 3, end).split(';');
				const event = numbers.length === 3 && numbers.every(n => /^\d{1,6}$/.test(n)) ? mouseEvent(Number(numbers[0]), Number(numbers[1]), Number(numbers[2]), final === 'm') : null;
				if (event !== null) events.push(event);
				at = end + 1;
			} else {
				// Malformed: dropped through its final byte (anything else after the numbers stays text).
				at = CSI_FINAL.test(final) ? end + 1 : end;
			}
			continue;
		}
		if (input.startsWith('\u001B[M', escape)) {
			if (input.length - escape < 6) return {text, events, pending: input.slice(escape)};
			const [code, column, row] = [...input.slice(escape + 3, escape + 6)].map(c => c.codePointAt(0)! - 32) as [number, number, number];
			const event = mouseEvent(code, column, row, (code & 3) === 3 && (code & 64) === 0);
			if (event !== null) events.push(event);
			at = escape + 6;
			continue;
		}
		if (escape === input.length - 2 && input[escape + 1] === '[') return {text, events, pending: input.slice(escape)};
		text += '\u001B';
		at = escape + 1;
	}
	return {text, events, pending: ''};
}

/**
 * What Ink's useInput makes of a mouse report that reached it anyway (its own ESC taken off):
 * `[<b;x;yM`, or a piece of one. Never keys, never filter text.
 */
export const isMouseRemnant = (input: string): boolean => /^\[<[\d;]*[Mm]?$/.test(input);
