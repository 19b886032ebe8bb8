import {describe, expect, test} from 'vitest';
import {inputEvents, mouseEvent, splitMouse, type InputEvent, type MouseEvent} from '../../source/ui/input-events.js';
import {DOUBLE_CLICK_MS, INITIAL_INPUT, WHEEL_STEP, inputReducer, type InputContext, type InputState} from '../../source/ui/input-state.js';
import {hitTest} from '../../source/ui/regions.js';
import {buildScreen, screenText, type ScreenInput} from '../../source/ui/screen-model.js';
import {screenBoxes} from '../helpers/screen-boxes.js';
import {PANELS} from '../../source/ui/ui-state.js';
import {SAMPLE, inkKey, storeWith} from '../helpers/ui.js';
import {MOUSE_OFF, MOUSE_ON, terminalModes} from '../../source/ui/terminal-modes.js';
import {parseOptions} from '../../source/options.js';
import {runCli} from '../helpers/cli.js';

const sgr = (code: number, x: number, y: number, release = false) => `\u001B[<${code};${x};${y}${release ? 'm' : 'M'}`;
const m = (action: MouseEvent['action'], button: MouseEvent['button'], x: number, y: number, mods: Partial<Pick<MouseEvent, 'shift' | 'meta' | 'ctrl'>> = {}): MouseEvent => ({kind: 'mouse', action, button, x, y, shift: false, meta: false, ctrl: false, ...mods});

describe('splitMouse: SGR mouse reports out of raw input chunks', () => {
	test.each([
		['left press (1-based cell in, 0-based out)', sgr(0, 10, 5), [m('press', 'left', 9, 4)]],
		['left release (final m)', sgr(0, 10, 5, true), [m('release', 'left', 9, 4)]],
		['middle and right press', sgr(1, 1, 1) + sgr(2, 2, 2), [m('press', 'middle', 0, 0), m('press', 'right', 1, 1)]],
		['wheel up and down (64, 65)', sgr(64, 3, 4) + sgr(65, 3, 4), [m('wheel', 'wheel-up', 2, 3), m('wheel', 'wheel-down', 2, 3)]],
		['wheel left and right (66, 67)', sgr(66, 1, 1) + sgr(67, 1, 1), [m('wheel', 'wheel-left', 0, 0), m('wheel', 'wheel-right', 0, 0)]],
		['modifiers: shift 4, meta 8, ctrl 16', sgr(4, 1, 1) + sgr(8, 1, 1) + sgr(16, 1, 1) + sgr(28, 1, 1), [m('press', 'left', 0, 0, {shift: true}), m('press', 'left', 0, 0, {meta: true}), m('press', 'left', 0, 0, {ctrl: true}), m('press', 'left', 0, 0, {shift: true, meta: true, ctrl: true})]],
		['ctrl+wheel', sgr(80, 5, 5), [m('wheel', 'wheel-up', 4, 4, {ctrl: true})]],
		['motion with a button held (32)', sgr(32, 7, 8), [m('move', 'left', 6, 7)]],
		['extra buttons (128)', sgr(128, 1, 1), [m('press', 'extra', 0, 0)]],
		['large cells (beyond X10\'s 223)', sgr(0, 300, 120), [m('press', 'left', 299, 119)]],
	] as const)('%s', (_name, chunk, events) => {
		expect(splitMouse('', chunk)).toEqual({text: '', events, pending: ''});
	});

	test('several reports and keys in one chunk: the keys stay, in order, the reports come out', () => {
		expect(splitMouse('', `j${sgr(0, 1, 2)}k${sgr(0, 1, 2, true)}\u001B[B/x`)).toEqual({text: 'jk\u001B[B/x', events: [m('press', 'left', 0, 1), m('release', 'left', 0, 1)], pending: ''});
	});

	test('a report cut between chunks, anywhere after its ESC [, is held and joined', () => {
		const whole = `${sgr(0, 12, 34)}q`;
		for (let cut = 2; cut < whole.length - 1; cut++) {
			const first = splitMouse('', whole.slice(0, cut));
			expect(first.text, `cut at ${cut}`).toBe('');
			expect(first.events).toEqual([]);
			const second = splitMouse(first.pending, whole.slice(cut));
			expect(second, `cut at ${cut}`).toEqual({text: 'q', events: [m('press', 'left', 11, 33)], pending: ''});
		}
	});

	test('a report cut right after its ESC: the ESC goes on (it may be the Escape key), the rest is still the report', () => {
		const first = splitMouse('', 'a\u001B');
		expect(first).toEqual({text: 'a\u001B', events: [], pending: ''});
		expect(splitMouse('', `${sgr(0, 2, 3).slice(1)}j`, true)).toEqual({text: 'j', events: [m('press', 'left', 1, 2)], pending: ''});
		// Without an ESC before it, the same text is text.
		expect(splitMouse('', '[<0;2;3Mj').text).toBe('[<0;2;3Mj');
	});

	test('ESC [ at the end of a chunk is held: no report follows, so both go on as they came (a cut arrow key stays whole)', () => {
		const first = splitMouse('', 'x\u001B[');
		expect(first).toEqual({text: 'x', events: [], pending: '\u001B['});
		expect(splitMouse(first.pending, 'B')).toEqual({text: '\u001B[B', events: [], pending: ''});
	});

	test.each([
		['two numbers', '\u001B[<0;10M'],
		['four numbers', '\u001B[<0;1;2;3M'],
		['an empty number', '\u001B[<0;;3M'],
		['a zero cell (cells are 1-based)', '\u001B[<0;0;3M'],
		['a button code beyond a byte', '\u001B[<999;1;1M'],
		['another final byte', '\u001B[<0;1;1X'],
		['a number too long', '\u001B[<0;1;12345678M'],
	])('a malformed report (%s) is dropped whole, nothing of it is text', (_name, chunk) => {
		expect(splitMouse('', `a${chunk}b`)).toEqual({text: 'ab', events: [], pending: ''});
	});

	test('a partial report too long to be one is dropped, not held forever', () => {
		expect(splitMouse('', `\u001B[<${'1'.repeat(40)}`)).toEqual({text: '', events: [], pending: ''});
	});

	test('legacy X10 reports (a terminal without SGR mode) come out too', () => {
		const x10 = (code: number, x: number, y: number) => `\u001B[M${String.fromCodePoint(code + 32, x + 32, y + 32)}`;
		expect(splitMouse('', `${x10(0, 5, 6)}${x10(3, 5, 6)}${x10(65, 1, 1)}z`)).toEqual({text: 'z', events: [m('press', 'left', 4, 5), m('release', 'none', 4, 5), m('wheel', 'wheel-down', 0, 0)], pending: ''});
		expect(splitMouse('', '\u001B[M !')).toEqual({text: '', events: [], pending: '\u001B[M !'});
	});

	test('mouseEvent refuses numbers that make no report', () => {
		expect(mouseEvent(0, 0, 1, false)).toBeNull();
		expect(mouseEvent(256, 1, 1, false)).toBeNull();
		expect(mouseEvent(-1, 1, 1, false)).toBeNull();
	});

	test('what reached Ink anyway (its ESC taken off) is never keys: "[<0;5;3M", a piece of one', () => {
		for (const input of ['[<0;5;3M', '[<0;5;3m', '[<0;5', '[<']) expect(inputEvents(input, inkKey())).toEqual([]);
		expect(inputEvents('[', inkKey())).toEqual([{kind: 'char', char: '['}]);
	});
});

// The reducer and the frame, without Ink.
const snapshot = storeWith(SAMPLE).getSnapshot();
const sizes = [[80, 24], [120, 40], [200, 60]] as const;
const baseAt = (columns: number, rows: number): Omit<ScreenInput, 'ui'> => ({snapshot, columns, rows, now: snapshot.generatedAt, version: '9.9.9', message: null});
const contextAt = (columns: number, rows: number): InputContext => ({
	focusedView: ui => buildScreen({...baseAt(columns, rows), ui}).focusedView,
	regions: ui => buildScreen({...baseAt(columns, rows), ui}).regions,
	runs: 0,
});
const send = (state: InputState, context: InputContext, events: readonly InputEvent[], at = 1000) => inputReducer(state, {type: 'input', events, context, at});
const click = (x: number, y: number): MouseEvent => m('press', 'left', x, y);

describe('the screen model says where each panel and item is', () => {
	test.each(sizes)('%ix%i: every panel drawn has a region inside the screen; item rows are inside their panel', (columns, rows) => {
		const model = buildScreen({...baseAt(columns, rows), ui: INITIAL_INPUT.ui});
		const panels = model.regions.filter(region => region.kind === 'panel');
		expect(panels.length).toBeGreaterThan(0);
		for (const region of model.regions) {
			expect(region.left + region.width).toBeLessThanOrEqual(columns);
			expect(region.top + region.height).toBeLessThanOrEqual(rows);
			for (const item of region.items) expect(item.row > region.top && item.row < region.top + region.height - 1).toBe(true);
			if (region.kind === 'panel') expect(model.lines[region.top]!.map(seg => seg.text).join('').slice(region.left)).toContain(PANELS[region.panel]!.title);
		}
		// The focused panel's title row: a hit there is that panel.
		const focused = panels.find(region => region.panel === 0)!;
		expect(hitTest(model.regions, focused.left + 1, focused.top)).toEqual({kind: 'panel', panel: 0, item: null});
	});

	test.each([[80, 24], [100, 30], [120, 40], [160, 50], [200, 60], [240, 70]] as const)('%ix%i: every panel drawn, whatever the layout, is a click region at the same place', (columns, rows) => {
		for (let focus = 0; focus < PANELS.length; focus++) {
			const model = buildScreen({...baseAt(columns, rows), ui: {...INITIAL_INPUT.ui, focus}});
			const drawn = screenBoxes(screenText(model)).filter(box => box.title !== 'Diagnosis' && !box.title.startsWith('Diagnosis'));
			expect(drawn.length, `focus ${focus}`).toBeGreaterThan(0);
			for (const box of drawn) {
				const region = model.regions.find(each => each.kind === 'panel' && each.top === box.top && each.left === box.left);
				expect(region, `${columns}x${rows} focus ${focus}: ${box.title}`).toBeDefined();
				expect(box.title).toContain(PANELS[region!.panel]!.title);
			}
		}
	});

	test('80 columns: the tab bar\'s tabs are regions too', () => {
		const tabs = buildScreen({...baseAt(80, 24), ui: INITIAL_INPUT.ui}).regions.filter(region => region.kind === 'tab');
		expect(tabs.map(tab => tab.panel)).toEqual(PANELS.map((_p, index) => index));
	});
});

describe('inputReducer: mouse reports', () => {
	test.each(sizes)('%ix%i: a click on a panel focuses it; on an item selects it; a second press there soon opens it', (columns, rows) => {
		const context = contextAt(columns, rows);
		// The facets panel and its second item, wherever this layout puts it.
		const regions = context.regions!(INITIAL_INPUT.ui);
		const facets = regions.find(region => region.kind === 'panel' && region.panel === 2) ?? regions.find(region => region.kind === 'tab' && region.panel === 2)!;
		const focused = send(INITIAL_INPUT, context, [click(facets.left + 2, facets.top)]);
		expect(focused.ui.focus).toBe(2);
		const panel = context.regions!(focused.ui).find(region => region.kind === 'panel' && region.panel === 2)!;
		const item = panel.items[1]!;
		// A cell inside the panel, whichever column the layout put it in.
		const x = panel.left + 4;
		const selected = send(focused, context, [click(x, item.row), m('release', 'left', x, item.row)], 5000);
		expect(selected.ui).toMatchObject({focus: 2, drill: null});
		expect(selected.ui.cursor[2]).toBe(item.index);
		// Too late for a double click: selects again, opens nothing.
		expect(send(selected, context, [click(x, item.row)], 5000 + DOUBLE_CLICK_MS + 1).ui.drill).toBeNull();
		// Another cell: not a double click.
		expect(send(selected, context, [click(x + 1, item.row)], 5100).ui.drill).toBeNull();
		const opened = send(selected, context, [click(x, item.row)], 5000 + DOUBLE_CLICK_MS);
		expect(opened.ui.drill).toEqual({panel: 2, key: context.focusedView(selected.ui)!.keyAt(item.index)});
	});

	test('the wheel moves the list under the pointer (focusing it), WHEEL_STEP items a notch; outside any panel, the focused list', () => {
		const context = contextAt(120, 40);
		const regions = context.regions!(INITIAL_INPUT.ui);
		const markers = regions.find(region => region.kind === 'panel' && region.panel === 4)!;
		const down = send(INITIAL_INPUT, context, [m('wheel', 'wheel-down', markers.left + 3, markers.top + 2)]);
		expect(down.ui.focus).toBe(4);
		expect(down.ui.cursor[4]).toBe(Math.min(WHEEL_STEP, context.focusedView(down.ui)!.size - 1));
		expect(send(down, context, [m('wheel', 'wheel-up', markers.left + 3, markers.top + 2)]).ui.cursor[4]).toBe(0);
		// Row 0 is the header: the focused list moves.
		expect(send(down, context, [m('wheel', 'wheel-up', 0, 0)]).ui).toMatchObject({focus: 4});
	});

	test('while the filter is typed, mouse reports add no text and do nothing', () => {
		const context = contextAt(120, 40);
		const typing = send(INITIAL_INPUT, context, [{kind: 'char', char: '/'}, {kind: 'char', char: 'a'}]);
		expect(typing.ui).toMatchObject({editingFilter: true, filter: 'a'});
		const after = send(typing, context, [click(3, 10), m('wheel', 'wheel-down', 3, 10), m('release', 'left', 3, 10)]);
		expect(after.ui).toBe(typing.ui);
		// And in the app's path: a raw chunk with reports in it, split, then read as events.
		const split = splitMouse('', `${sgr(0, 4, 11)}b${sgr(0, 4, 11, true)}`);
		const typed = send(typing, context, [...split.events, ...inputEvents(split.text, inkKey())]);
		expect(typed.ui.filter).toBe('ab');
	});

	test('other buttons, releases, a click outside any panel and clicks over the help do nothing to the UI', () => {
		const context = contextAt(120, 40);
		for (const event of [m('press', 'right', 3, 10), m('release', 'left', 3, 10), m('move', 'left', 3, 10), click(0, 0)]) expect(send(INITIAL_INPUT, context, [event]).ui).toBe(INITIAL_INPUT.ui);
		const help = send(INITIAL_INPUT, context, [{kind: 'char', char: '?'}]);
		expect(send(help, context, [click(3, 10), m('wheel', 'wheel-down', 3, 10)]).ui).toBe(help.ui);
	});
});

describe('mouse reporting on and off with the terminal modes', () => {
	const fakeOut = () => {
		const written: string[] = [];
		return {written, out: {write: (text: string) => written.push(text)} as unknown as NodeJS.WriteStream};
	};

	test('on when entering, off first when leaving (q, a signal, a crash, Ctrl-Z), on again after fg', () => {
		const {written, out} = fakeOut();
		const modes = terminalModes(out, null, {mouse: true});
		modes.enter();
		expect(written.join('')).toContain(MOUSE_ON);
		modes.leave();
		expect(written.at(-1)!.startsWith(MOUSE_OFF)).toBe(true);
		modes.leave();
		expect(written.join('').split(MOUSE_OFF)).toHaveLength(2);
		modes.enter();
		expect(written.at(-1)).toContain(MOUSE_ON);
		modes.leave();
		expect(written.join('').split(MOUSE_ON).length).toBe(written.join('').split(MOUSE_OFF).length);
	});

	test('--no-mouse: nothing about the mouse is written', () => {
		const {written, out} = fakeOut();
		const modes = terminalModes(out, null, {mouse: false});
		modes.enter();
		modes.leave();
		expect(written.join('')).not.toMatch(/\?100[06]/);
	});

	test('the option: on unless --no-mouse', () => {
		expect(parseOptions({}, [])).toMatchObject({mouse: true});
		expect(parseOptions({mouse: false}, [])).toMatchObject({mouse: false});
		expect(runCli(['--help']).stdout).toContain('--no-mouse');
		expect(runCli(['--no-mouse', '--once', '--log', '/nonexistent/prodex-runtime-1.log']).status).toBe(0);
	});
});
