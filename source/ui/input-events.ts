import type {Key} from 'ink';

/** A named key: what Ink reports in its `key` flags (Backspace also stands for Delete). */
export type KeyName = 'tab' | 'shift-tab' | 'left' | 'right' | 'up' | 'down' | 'enter' | 'escape' | 'page-up' | 'page-down' | 'home' | 'end' | 'backspace' | 'ctrl-c' | 'ctrl-z';

/** One key press: a named key, or one printable character. */
export type KeyEvent = {readonly kind: 'key'; readonly name: KeyName} | {readonly kind: 'char'; readonly char: string};

/**
 * Everything the dashboard's input brings, one event at a time. Mouse reports (issue 12, later)
 * join this union as `{kind: 'mouse', …}`, parsed from the same chunks; there are none yet.
 */
export type InputEvent = KeyEvent;

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
