import {describe, expect, test} from 'vitest';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {width} from '../../source/ui/format.js';
import {plain} from '../../source/ui/line.js';
import {buildScreen, screenBuilder, screenText, type ScreenInput} from '../../source/ui/screen-model.js';
import {INITIAL_UI, PANELS, uiReducer} from '../../source/ui/ui-state.js';
import {generateLines} from '../helpers/generator.js';
import {storeWith} from '../helpers/ui.js';

const texts = generateLines({seed: 8, lines: 400, format: 'mixed', hostile: 0.1, longLineBytes: 2000}).map(line => line.text);
const snapshot = storeWith(texts, RULES_CURRENT).getSnapshot();
const input = (columns: number, rows: number, ui = INITIAL_UI): ScreenInput => ({snapshot, ui, columns, rows, now: snapshot.generatedAt, version: '0.1.0', message: null});

describe('buildScreen', () => {
	test('every row is exactly the terminal width, at any size, in every panel, drilled in and with help', () => {
		const panels = [1, 2, 3, 4, 5].map(panel => uiReducer(INITIAL_UI, {type: 'panel', index: panel}));
		const zoomed = [3, 5, 8].map(panel => ({...uiReducer(INITIAL_UI, {type: 'panel', index: panel}), zoom: true, order: 'last-seen' as const}));
		const states = [INITIAL_UI, uiReducer(INITIAL_UI, {type: 'help'}), ...panels, ...zoomed, {...panels[4]!, order: 'name' as const}];
		const drilled = states.map(state => uiReducer(state, {type: 'open', key: buildScreen(input(120, 40, state)).focusedView?.keyAt(0) ?? null}));
		expect(drilled.filter(state => state.drill !== null).length).toBeGreaterThanOrEqual(7);
		for (const ui of [...states, ...drilled]) {
			for (const columns of [20, 39, 40, 59, 60, 79, 80, 81, 99, 100, 120, 157, 200, 233]) {
				for (const rows of [5, 12, 20, 24, 40, 61]) {
					const model = buildScreen(input(columns, rows, ui));
					expect(model.lines.length).toBeLessThanOrEqual(rows);
					for (const line of model.lines) expect(width(plain(line)), `${columns}x${rows}: ${plain(line)}`).toBe(columns);
				}
			}
		}
	});

	test('the tab bar shows every panel at 80 and 60 columns (names shortened when they do not fit)', () => {
		for (const columns of [60, 80, 100]) {
			const bar = buildScreen(input(columns, 24)).lines.map(plain).find(line => line.includes('[1 Pressure]'))!;
			for (const [index] of PANELS.entries()) expect(bar, `${columns}: ${bar}`).toMatch(new RegExp(`(^|[ \\[])${index + 1}( |\\]|[A-Z])`));
		}
	});

	test('screenBuilder builds a frame once per input, and again when any part of the input changes', () => {
		const build = screenBuilder();
		const first = build(input(120, 40));
		expect(build(input(120, 40))).toBe(first);
		expect(build({...input(120, 40), now: snapshot.generatedAt + 60_000})).not.toBe(first);
		const wider = build(input(121, 40));
		expect(wider.lines[0]!.map(seg => seg.text).join('')).toHaveLength(121);
		expect(build({...input(121, 40), message: 'saved'})).not.toBe(wider);
	});

	test('copyText: the focused panel\'s selected row as the frame shows it, else the diagnosis as shown, printable', () => {
		const markers = uiReducer(INITIAL_UI, {type: 'panel', index: 5});
		for (const [columns, rows] of [[80, 24], [120, 40], [200, 60]] as const) {
			const model = buildScreen(input(columns, rows, markers));
			const row = screenText(model).split('\n').find(line => line.includes('║ ▸ '))!;
			expect(row).toContain(model.copyText!);
			expect(model.copyText).toMatch(/^\d+ {2}\S/);
			expect(model.copyText).not.toMatch(/[\u0000-\u001F\u007F-\u009F]/);
		}
		const help = buildScreen(input(120, 40, uiReducer(INITIAL_UI, {type: 'help'})));
		expect(help.copyText).toBe(snapshot.finalized.report.diagnosis);
		expect(buildScreen(input(20, 5)).copyText).toBeNull();
	});
});
