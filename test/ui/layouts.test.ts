import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';
import {columnHeights, columnLayout, layoutMode, stackPanels} from '../../source/ui/layout.js';
import {buildScreen, screenText, type ScreenInput} from '../../source/ui/screen-model.js';
import {INITIAL_UI, PANELS, uiReducer, type UiState} from '../../source/ui/ui-state.js';
import {generateLines} from '../helpers/generator.js';
import {layoutProblems, panelColumnsShown, screenBoxes} from '../helpers/screen-boxes.js';
import {storeWith} from '../helpers/ui.js';

const demo = storeWith(readFileSync(new URL('../../demo/demo.log', import.meta.url), 'utf8').split('\n').filter(line => line !== ''), RULES_CURRENT).getSnapshot();
const generated = storeWith(generateLines({seed: 12, lines: 600, format: 'mixed'}).map(line => line.text), RULES_CURRENT).getSnapshot();
const seedRules = storeWith(generateLines({seed: 3, lines: 300, format: 'text', era: 'seed'}).map(line => line.text), RULES_027).getSnapshot();
const SIZES = [[80, 24], [100, 30], [120, 40], [160, 50], [200, 60], [240, 70]] as const;
const LOGS = {demo, generated, seedRules};

const screen = (snapshot: ScreenInput['snapshot'], columns: number, rows: number, ui: UiState = INITIAL_UI) =>
	screenText(buildScreen({snapshot, ui, columns, rows, now: snapshot.generatedAt, version: '0.1.0', message: null}));
const focused = (index: number) => uiReducer(INITIAL_UI, {type: 'panel', index: index + 1});
const titles = (text: string) => screenBoxes(text).map(box => box.title.replace(/^▸ /, ''));

describe('layouts that fill the screen', () => {
	for (const [name, snapshot] of Object.entries(LOGS)) {
		for (const [columns, rows] of SIZES) {
			test(`${name} at ${columns}x${rows}: no row too wide, and no panel on blank rows while another hides items, whichever panel is focused`, () => {
				for (const index of PANELS.keys()) {
					const text = screen(snapshot, columns, rows, focused(index));
					expect(layoutProblems(text, columns, rows), text).toEqual([]);
					// The focused panel is always on screen (with the tab bar below 120 columns).
					expect(titles(text), text).toContain(`${index + 1} ${PANELS[index]!.title}`);
				}
			});
		}
	}

	test('the Recent lines panel is on screen from 120x40 on, whatever is focused; below, stacked panels show it when it is near the focus', () => {
		for (const [columns, rows] of SIZES.filter(([columns]) => columns >= 120)) {
			for (const index of PANELS.keys()) expect(titles(screen(demo, columns, rows, focused(index))), `${columns}x${rows} focus ${index + 1}`).toContain('6 Recent lines');
		}
		expect(titles(screen(demo, 100, 30, focused(5)))).toContain('6 Recent lines');
	});

	test('three columns of panels from 160 columns, two from 120, one below', () => {
		for (const [columns, rows] of SIZES) {
			const shown = panelColumnsShown(screen(demo, columns, rows));
			expect(shown, `${columns}x${rows}`).toBe(columns >= 160 ? 3 : columns >= 120 ? 2 : 1);
		}
		expect(panelColumnsShown(screen(demo, 159, 50))).toBe(2);
	});

	test('the issue\'s 200x60 demo: every small panel shows all it holds, and Markers sits on no empty rows', () => {
		const boxes = screenBoxes(screen(demo, 200, 60));
		for (const title of ['1 Pressure', '2 Failure classes', '3 Top facets', '4 State & backlogs', '5 Markers', '9 Routes']) {
			const box = boxes.find(b => b.title.endsWith(title))!;
			expect(box, title).toBeDefined();
			expect(box.hidden, title).toBe(0);
			expect(box.blankRun, title).toBeLessThanOrEqual(3);
		}
		// Only the long lists are cut, and they take the rest of the screen.
		expect(boxes.filter(b => b.hidden > 0).map(b => b.title).sort()).toEqual(['6 Recent lines', '7 Requests']);
	});

	test('80x24 keeps its frames: the tab bar lists every panel, the focused panel first in full width', () => {
		for (const index of PANELS.keys()) {
			const text = screen(demo, 80, 24, focused(index));
			const bar = text.split('\n').find(line => line.startsWith(' ') && line.includes(`[${index + 1} `));
			expect(bar, text).toBeDefined();
			for (const other of PANELS.keys()) expect(bar).toContain(`${other + 1} `);
			const boxes = screenBoxes(text).filter(box => box.title !== 'Diagnosis');
			expect(boxes[0]!.title, text).toBe(`▸ ${index + 1} ${PANELS[index]!.title}`);
			expect(boxes.every(box => box.width === 80)).toBe(true);
			expect(layoutMode(80, 24)).toBe('stacked');
		}
	});
});

describe('column heights', () => {
	test('every panel gets its least; rows go to those that hide items, the smallest need first', () => {
		expect(columnHeights([7, 8, 19, 11], 40, false)).toEqual([7, 8, 14, 11]);
		expect(columnHeights([7, 100, 30], 40, false)).toEqual([7, 16, 17]);
		expect(columnHeights([4, 5], 20, false)).toEqual([4, 16]);
		// Rows nobody needs are spread (at most 3 a panel) when a panel elsewhere hides items.
		expect(columnHeights([4, 5], 20, true)).toEqual([7, 13]);
		expect(columnHeights([7, 8], 20, true)).toEqual([9, 11]);
	});

	test('columnLayout keeps key order down the columns, shows as many as fit, always the kept one, and leaves no long blank run', () => {
		const needs = [7, 8, 19, 11, 16, 200, 80, 14].map((need, panel) => ({panel, need}));
		const layout = columnLayout(needs, 3, 52);
		expect(layout.flat().map(p => p.panel)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
		for (const column of layout) expect(column.reduce((sum, p) => sum + p.height, 0)).toBe(52);
		const short = columnLayout(needs, 2, 20, 7);
		expect(short.flat().map(p => p.panel)).toContain(7);
		for (const column of short) expect(column.reduce((sum, p) => sum + p.height, 0)).toBe(20);
		expect(columnLayout(needs, 1, 3)).toEqual([[{panel: 0, height: 3}]]);
	});

	test('stackPanels: the focused panel first at its preferred height (or its need), rows left to panels that hide items', () => {
		expect(stackPanels([{panel: 0, need: 7, preferred: 7}, {panel: 1, need: 8, preferred: 8}, {panel: 2, need: 19, preferred: 8}], 17)).toEqual([{panel: 0, height: 7}, {panel: 1, height: 10}]);
		expect(stackPanels([{panel: 4, need: 16, preferred: 12}, {panel: 5, need: 200, preferred: 12}], 17)).toEqual([{panel: 4, height: 12}, {panel: 5, height: 5}]);
		expect(stackPanels([{panel: 4, need: 16, preferred: 12}, {panel: 5, need: 3, preferred: 12}], 23)).toEqual([{panel: 4, height: 16}, {panel: 5, height: 7}]);
	});
});

describe('the layout checker (test/helpers/screen-boxes.ts)', () => {
	const frame = [
		'┌─ 1 A ──┐╔═ ▸ 2 B ═ by count ╗',
		'│ a      │║ b1                ║',
		'│        │║ … 3 more (↓)      ║',
		'│        │╚═══════════════════╝',
		'│        │┌─ 3 漢字 ──────────┐',
		'│        ││ c                 │',
		'└────────┘└───────────────────┘',
	].join('\n');

	test('finds each panel, its blank run and its "… N more", wide characters counted as two columns', () => {
		expect(screenBoxes(frame).map(({title, top, left, width, height, blankRun, hidden}) => ({title, top, left, width, height, blankRun, hidden}))).toEqual([
			{title: '1 A', top: 0, left: 0, width: 10, height: 7, blankRun: 4, hidden: 0},
			{title: '▸ 2 B', top: 0, left: 10, width: 21, height: 4, blankRun: 0, hidden: 3},
			{title: '3 漢字', top: 4, left: 10, width: 21, height: 3, blankRun: 0, hidden: 0},
		]);
		expect(panelColumnsShown(frame)).toBe(2);
	});

	test('reports blank runs over 3 only while a panel hides items, and rows too wide or too many', () => {
		expect(layoutProblems(frame, 31, 7)).toEqual(['1 A has 4 blank rows while ▸ 2 B hides 3']);
		expect(layoutProblems(frame.replace('… 3 more (↓)', 'b2          '), 31, 7)).toEqual([]);
		expect(layoutProblems(frame, 30, 6)).toHaveLength(1 + 7 + 1);
	});
});
