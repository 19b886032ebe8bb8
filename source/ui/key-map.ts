import type {KeyEvent, KeyName} from './input-events.js';
import {PANELS} from './panels/registry.js';

/** Everything a key can do. */
export type Action =
	| {readonly type: 'panel-next'}
	| {readonly type: 'panel-prev'}
	| {readonly type: 'panel'; readonly index: number}
	| {readonly type: 'down'}
	| {readonly type: 'up'}
	| {readonly type: 'page-down'}
	| {readonly type: 'page-up'}
	| {readonly type: 'top'}
	| {readonly type: 'bottom'}
	| {readonly type: 'open'}
	| {readonly type: 'back'}
	| {readonly type: 'window'}
	| {readonly type: 'pause'}
	| {readonly type: 'filter'}
	| {readonly type: 'reset'}
	| {readonly type: 'run-older'}
	| {readonly type: 'run-newer'}
	| {readonly type: 'snapshot'}
	| {readonly type: 'help'}
	| {readonly type: 'changes'}
	| {readonly type: 'zoom'}
	| {readonly type: 'sort'}
	| {readonly type: 'copy'}
	| {readonly type: 'quit'}
	| {readonly type: 'interrupt'}
	| {readonly type: 'suspend'}
	/** Not a key: the mouse's lines in the `?` overlay (bindings without keys never match input). */
	| {readonly type: 'mouse'};

export type {KeyName} from './input-events.js';

/** One binding of the key map: the keys, what they do and how the help and footer name them. */
export type Binding = {
	readonly keys: readonly (KeyName | {readonly char: string})[];
	readonly action: Action;
	/** How the footer and `?` show the keys, e.g. `Tab/→`. */
	readonly label: string;
	/** One word for the footer. */
	readonly short: string;
	readonly help: string;
	/** Footer: shown for every panel, only for panels with a list, or only for the panels `o` orders. */
	readonly footer: 'always' | 'list' | 'sortable' | 'never';
	/** The `?` overlay: this binding's line names these keys (pairs share one line) … */
	readonly helpLabel?: string;
	/** … and a binding folded into another's line is not listed on its own. */
	readonly inHelp?: boolean;
};

const char = (c: string) => ({char: c});

/** THE key map: it drives input handling, the footer and the `?` overlay. */
export const KEY_MAP: readonly Binding[] = [
	{keys: ['tab', 'right'], action: {type: 'panel-next'}, label: 'Tab/→', short: 'panel', help: `next / previous panel (also 1–${PANELS.length})`, helpLabel: 'Tab S-Tab ← →', footer: 'always'},
	{keys: ['shift-tab', 'left'], action: {type: 'panel-prev'}, label: 'S-Tab/←', short: 'panel', help: 'previous panel', footer: 'never', inHelp: false},
	...PANELS.map((_panel, at) => at + 1).map(index => ({keys: [char(String(index))], action: {type: 'panel', index} as const, label: String(index), short: 'panel', help: `panel ${index}`, footer: 'never' as const, inHelp: false})),
	{keys: ['down', char('j')], action: {type: 'down'}, label: '↓/j', short: 'move', help: 'move in a list; page; first / last item', helpLabel: '↑↓ j k PgDn PgUp g G', footer: 'list'},
	{keys: ['up', char('k')], action: {type: 'up'}, label: '↑/k', short: 'move', help: 'move up in a list', footer: 'list', inHelp: false},
	{keys: ['page-down'], action: {type: 'page-down'}, label: 'PgDn', short: 'page', help: 'page down', footer: 'never', inHelp: false},
	{keys: ['page-up'], action: {type: 'page-up'}, label: 'PgUp', short: 'page', help: 'page up', footer: 'never', inHelp: false},
	{keys: ['home', char('g')], action: {type: 'top'}, label: 'Home/g', short: 'top', help: 'first item', footer: 'never', inHelp: false},
	{keys: ['end', char('G')], action: {type: 'bottom'}, label: 'End/G', short: 'bottom', help: 'last item', footer: 'never', inHelp: false},
	{keys: ['enter'], action: {type: 'open'}, label: '⏎', short: 'open', help: 'open the selected item', footer: 'list'},
	{keys: ['escape'], action: {type: 'back'}, label: 'Esc', short: 'back', help: 'back: close help, an opened item, the zoom; clear a filter', footer: 'never'},
	{keys: [char('z')], action: {type: 'zoom'}, label: 'z', short: 'zoom', help: 'zoom: the focused panel alone, every item (z or Esc: back)', footer: 'always'},
	{keys: [char('o')], action: {type: 'sort'}, label: 'o', short: 'order', help: 'order Markers and Facets: by count, last seen, name', footer: 'sortable'},
	{keys: [char('w')], action: {type: 'window'}, label: 'w', short: 'window', help: 'cycle the window: doctor, 1m, 5m, 15m, 1h, all', footer: 'always'},
	{keys: [char('p'), char(' ')], action: {type: 'pause'}, label: 'p', short: 'pause', help: 'pause / resume (lines are buffered)', footer: 'always'},
	{keys: [char('/')], action: {type: 'filter'}, label: '/', short: 'filter', help: 'filter markers and facet values by text (Esc clears)', footer: 'always'},
	{keys: [char('r')], action: {type: 'reset'}, label: 'r', short: 'reset', help: 'reset the baseline: count from now', footer: 'always'},
	{keys: [char('[')], action: {type: 'run-older'}, label: '[', short: 'runs', help: 'previous / next proxy run', helpLabel: '[ ]', footer: 'never'},
	{keys: [char(']')], action: {type: 'run-newer'}, label: ']', short: 'runs', help: 'next / current proxy run', footer: 'never', inHelp: false},
	{keys: [char('s')], action: {type: 'snapshot'}, label: 's', short: 'snapshot', help: 'write a snapshot (.txt, .md, .json)', footer: 'always'},
	{keys: [char('y')], action: {type: 'copy'}, label: 'y', short: 'copy', help: 'copy the selected line or the diagnosis (OSC 52 clipboard)', footer: 'always'},
	{keys: [char('d')], action: {type: 'changes'}, label: 'd', short: 'changes', help: 'when the diagnosis changed, and to what (d or Esc closes)', footer: 'always', inHelp: false},
	{keys: [char('?')], action: {type: 'help'}, label: '?', short: 'help', help: 'this help; d: when the diagnosis changed', helpLabel: '? d', footer: 'always'},
	{keys: [char('q')], action: {type: 'quit'}, label: 'q', short: 'quit', help: 'quit with the summary (Ctrl-C: status 130; Ctrl-Z: suspend)', helpLabel: 'q Ctrl-C Ctrl-Z', footer: 'always'},
	{keys: ['ctrl-c'], action: {type: 'interrupt'}, label: 'Ctrl-C', short: 'quit', help: 'quit as an interrupt', footer: 'never', inHelp: false},
	{keys: [], action: {type: 'mouse'}, label: 'mouse', short: 'mouse', help: 'click: focus, select; double-click: open; wheel: scroll', helpLabel: 'mouse', footer: 'never'},
	{keys: ['ctrl-z'], action: {type: 'suspend'}, label: 'Ctrl-Z', short: 'suspend', help: 'suspend to the shell (fg comes back)', footer: 'never', inHelp: false},
];

function actionFor(match: (k: Binding['keys'][number]) => boolean): Action | null {
	return KEY_MAP.find(binding => binding.keys.some(match))?.action ?? null;
}

/** What a key event does by the key map, or null when it is bound to nothing. */
export function actionOf(event: KeyEvent): Action | null {
	return event.kind === 'key' ? actionFor(k => k === event.name) : actionFor(k => typeof k === 'object' && k.char === event.char);
}

/** What the filter editor does with an input event (typing goes to the filter, not the key map). */
export type FilterEdit = {readonly type: 'append'; readonly text: string} | {readonly type: 'erase'} | {readonly type: 'done'} | {readonly type: 'clear'};

/** Read a key event while the filter is being edited: other named keys do nothing there. */
export function filterEditOf(event: KeyEvent): FilterEdit | null {
	if (event.kind === 'char') return {type: 'append', text: event.char};
	switch (event.name) {
		case 'escape': return {type: 'clear'};
		case 'enter': return {type: 'done'};
		case 'backspace': return {type: 'erase'};
		default: return null;
	}
}
