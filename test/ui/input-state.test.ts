import type {Key} from 'ink';
import {describe, expect, test} from 'vitest';
import {inputEvents} from '../../source/ui/input-events.js';
import {INITIAL_INPUT, inputReducer, type InputContext, type InputState} from '../../source/ui/input-state.js';
import {buildScreen, screenText, type ScreenInput} from '../../source/ui/screen-model.js';
import {INITIAL_UI, PANELS, uiReducer, type UiState} from '../../source/ui/ui-state.js';
import {SAMPLE, inkKey, storeWith} from '../helpers/ui.js';

// The reducer and the frame, without Ink: key events in, UI state and screen text out.
const snapshot = storeWith(SAMPLE).getSnapshot();
const base: Omit<ScreenInput, 'ui'> = {snapshot, columns: 120, rows: 40, now: snapshot.generatedAt, version: '9.9.9', message: null};
const context: InputContext = {focusedView: ui => buildScreen({...base, ui}).focusedView, runs: 0};
const press = (state: InputState, input: string, flags: Partial<Key> = {}) => inputReducer(state, {type: 'input', events: inputEvents(input, inkKey(flags)), context});
const pressAll = (...chunks: string[]) => chunks.reduce((state, chunk) => press(state, chunk), INITIAL_INPUT);
const screen = (ui: UiState, columns = 120, rows = 40) => screenText(buildScreen({...base, columns, rows, ui}));
const effects = (state: InputState) => state.effects.map(effect => effect.action.type);

describe('inputReducer: key events one by one, each in the state the keys before it left', () => {
	test('"3jj\\r" in one chunk opens the third facet, as in separate chunks', () => {
		for (const state of [pressAll('3jj\r'), pressAll('3', 'j', 'j', '\r')]) {
			expect(state.ui.drill).toEqual({panel: 2, key: 'profile'});
			expect(screen(state.ui)).toContain('Top facets › profile (2 values)');
		}
	});

	test('after "/" the rest of the chunk is filter text, not keys; ⏎ keeps it, Esc clears it', () => {
		const typed = pressAll('5/stream');
		expect(typed.ui).toMatchObject({editingFilter: true, filter: 'stream', focus: 4});
		expect(effects(typed)).toEqual([]);
		expect(screen(typed.ui)).toContain('/ filter: stream▏');
		const kept = press(typed, '\r', {return: true});
		expect(kept.ui).toMatchObject({editingFilter: false, filter: 'stream'});
		const text = screen(kept.ui);
		expect(text).toContain('filter "stream" (Esc clears)');
		expect(text).toContain('stream_read_error');
		expect(text).not.toMatch(/\d  selection_pick/);
		expect(press(kept, '', {escape: true, meta: true}).ui.filter).toBe('');
		// Backspace erases one character; Esc while typing clears and stops.
		expect(press(typed, '', {backspace: true}).ui.filter).toBe('strea');
		expect(press(typed, '', {escape: true, meta: true}).ui).toMatchObject({editingFilter: false, filter: ''});
		// Named keys other than ⏎, Esc and Backspace do nothing while typing.
		expect(press(typed, '', {downArrow: true})).toBe(typed);
	});

	test('"w/w": the first w cycles the window (an effect), the second is filter text', () => {
		const state = pressAll('w/w');
		expect(effects(state)).toEqual(['window']);
		expect(state.ui.filter).toBe('w');
	});

	test('Ctrl-C and Ctrl-Z keep their meaning while the filter is typed', () => {
		const typing = pressAll('/ab');
		expect(effects(press(typing, 'c', {ctrl: true}))).toEqual(['interrupt']);
		expect(effects(press(typing, 'z', {ctrl: true}))).toEqual(['suspend']);
	});

	test('Esc and a key in one chunk (Alt+key): the opened item closes, then the key acts', () => {
		const opened = pressAll('3\r');
		expect(opened.ui.drill).not.toBeNull();
		const state = press(opened, '4', {meta: true});
		expect(state.ui).toMatchObject({drill: null, focus: 3});
		expect(screen(state.ui)).toMatch(/▸ 4 State & backlogs/);
	});

	test('effects are queued in order with the UI state they were pressed in, and dropped when done', () => {
		const state = pressAll('5s2s');
		expect(effects(state)).toEqual(['snapshot', 'snapshot']);
		expect(state.effects.map(effect => effect.ui.focus)).toEqual([4, 1]);
		const first = state.effects[0]!.id;
		const done = inputReducer(state, {type: 'effects-done', through: first});
		expect(done.effects.map(effect => effect.ui.focus)).toEqual([1]);
		expect(inputReducer(done, {type: 'effects-done', through: first})).toBe(done);
	});

	test('an unbound key, or a chunk of nothing, leaves the same state (no redraw)', () => {
		const state = pressAll('3');
		expect(press(state, 'x')).toBe(state);
		expect(press(state, '\u0001')).toBe(state);
		expect(press(state, 'x', {ctrl: true})).toBe(state);
	});

	test('↓ moves within the focused list as the state before it shows it: it stops at the last item', () => {
		const state = pressAll('2', 'jjjjjjjjjj');
		expect(state.ui.cursor[1]).toBe(4);
		expect(screen(state.ui)).toContain('▸ transport');
		expect(pressAll('2G').ui.cursor[1]).toBe(4);
		expect(press(pressAll('2G'), 'g').ui.cursor[1]).toBe(0);
	});

	test('[ does nothing without a finished run', () => {
		const state = pressAll('[');
		expect(state.ui.runView).toBeNull();
	});
});

describe('uiReducer', () => {
	test('panels wrap both ways; a number outside 1–9 does nothing; switching closes an opened item', () => {
		expect(uiReducer(INITIAL_UI, {type: 'panel-prev'}).focus).toBe(PANELS.length - 1);
		expect(uiReducer(uiReducer(INITIAL_UI, {type: 'panel-prev'}), {type: 'panel-next'}).focus).toBe(0);
		expect(uiReducer(INITIAL_UI, {type: 'panel', index: 0})).toBe(INITIAL_UI);
		expect(uiReducer(INITIAL_UI, {type: 'panel', index: PANELS.length + 1})).toBe(INITIAL_UI);
		const opened = uiReducer(INITIAL_UI, {type: 'open', key: 'selection'});
		expect(uiReducer(opened, {type: 'panel-next'})).toMatchObject({focus: 1, drill: null, drillCursor: 0});
	});

	test('moves clamp to the list; an empty list keeps the cursor at 0', () => {
		expect(uiReducer(INITIAL_UI, {type: 'move', by: 10, size: 5}).cursor[0]).toBe(4);
		expect(uiReducer(INITIAL_UI, {type: 'move', by: -3, size: 5}).cursor[0]).toBe(0);
		expect(uiReducer(INITIAL_UI, {type: 'move', by: 1, size: 0}).cursor[0]).toBe(0);
		expect(uiReducer(INITIAL_UI, {type: 'move-to', to: 'bottom', size: 7}).cursor[0]).toBe(6);
		// In an opened item the drill cursor moves, not the list's.
		const opened = uiReducer(INITIAL_UI, {type: 'open', key: 'selection'});
		const moved = uiReducer(opened, {type: 'move', by: 2, size: 9});
		expect(moved).toMatchObject({drillCursor: 2, cursor: INITIAL_UI.cursor});
	});

	test('Esc goes back one layer at a time: help, then the opened item, then the filter', () => {
		let state = uiReducer(uiReducer(INITIAL_UI, {type: 'filter-append', text: 'x'}), {type: 'open', key: 'selection'});
		state = uiReducer(state, {type: 'help'});
		const layers: string[] = [];
		for (let i = 0; i < 4; i++) {
			const next = uiReducer(state, {type: 'back'});
			layers.push(next === state ? 'nothing' : state.help ? 'help' : state.drill !== null ? 'drill' : 'filter');
			state = next;
		}
		expect(layers).toEqual(['help', 'drill', 'filter', 'nothing']);
	});

	test('typing a filter puts every list back at its first item; opening needs a key and is not nested', () => {
		const moved = uiReducer(INITIAL_UI, {type: 'move', by: 3, size: 5});
		expect(uiReducer(moved, {type: 'filter-append', text: 'a'}).cursor.every(at => at === 0)).toBe(true);
		expect(uiReducer(INITIAL_UI, {type: 'open', key: null})).toBe(INITIAL_UI);
		const opened = uiReducer(INITIAL_UI, {type: 'open', key: 'a'});
		expect(uiReducer(opened, {type: 'open', key: 'b'})).toBe(opened);
	});

	test('[ goes back through the finished runs and stops at the oldest; ] comes forward to the live run', () => {
		let state = INITIAL_UI;
		const seen: Array<number | null> = [];
		for (let i = 0; i < 3; i++) seen.push((state = uiReducer(state, {type: 'run-older', runs: 2})).runView);
		for (let i = 0; i < 3; i++) seen.push((state = uiReducer(state, {type: 'run-newer'})).runView);
		expect(seen).toEqual([0, 1, 1, 0, null, null]);
	});
});
