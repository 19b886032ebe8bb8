import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';
import {cut, fit, middle, width} from '../../source/ui/format.js';
import {fitSegs, plain} from '../../source/ui/line.js';
import {buildScreen, screenText, type ScreenInput} from '../../source/ui/screen-model.js';
import {INITIAL_UI, PANELS, uiReducer, type UiState} from '../../source/ui/ui-state.js';
import {storeWith} from '../helpers/ui.js';

/** Bidi controls, marks and other invisible format characters (invisible-chars.ts). */
const INVISIBLE = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;
const BORDERS = '│║┃';

/** Invisible characters in every kind of value a panel shows: facets, marker fields, lines, a long line. */
const hostile = (n: number) => [
	`[2026-04-24 09:00:0${n}.000 +07:00] runtime proxy log initialized pid=1 cwd=/x\u202E`,
	`[2026-04-24 09:00:0${n}.000 +07:00] selection_pick route=resp\u202Eonses profile=ma\u2066in\u2069 reason=\u200Fquota\u061C`,
	`[2026-04-24 09:00:0${n}.000 +07:00] stream_read_error request=${n} transport=ht\uFEFFtp profile=\u202D\u202Asecond note="${'\u202E'.repeat(40)}${'x'.repeat(150)}"`,
	`[2026-04-24 09:00:0${n}.000 +07:00] previous_response_not_found route=web\u200Bsocket transport=websocket profile=main\u00AD`,
];

describe('invisible format characters on the dashboard', () => {
	for (const rules of [RULES_027, RULES_CURRENT]) {
		test(`shown as ⟨U+XXXX⟩ in every panel, drilled in too, and rows keep exactly the terminal width with both borders (rules ${rules.id})`, () => {
			const snapshot = storeWith([1, 2, 3].flatMap(hostile), rules).getSnapshot();
			const input = (columns: number, rows: number, ui: UiState): ScreenInput => ({snapshot, ui, columns, rows, now: snapshot.generatedAt, version: '0.1.0', message: 'saved: /tmp/x\u202Eevil.txt'});
			const states = [...PANELS.keys()].map(panel => uiReducer(INITIAL_UI, {type: 'panel', index: panel}));
			const drilled = states.map(state => uiReducer(state, {type: 'open', key: buildScreen(input(120, 40, state)).focusedView?.keyAt(0) ?? null}));
			let shown = 0;
			for (const ui of [...states, ...drilled]) {
				for (const [columns, rows] of [[80, 24], [120, 40], [200, 60]] as const) {
					const model = buildScreen(input(columns, rows, ui));
					for (const line of model.lines) {
						const text = plain(line);
						expect(text, `${columns}x${rows}: ${text}`).not.toMatch(INVISIBLE);
						expect(stringWidth(text), `${columns}x${rows}: ${text}`).toBe(columns);
						// A row that starts inside a frame ends with a frame's right border (or corner, where a
						// panel of the last column begins or ends): nothing was pushed off.
						if (BORDERS.includes(text[0]!)) expect(`${BORDERS}┐┘╗╝┓┛`, `${columns}x${rows}: ${text}`).toContain(text.at(-1));
					}
					shown += (screenText(model).match(/⟨U\+[0-9A-F]{4}⟩/g) ?? []).length;
					expect(screenText(model)).not.toMatch(INVISIBLE);
				}
			}
			expect(shown).toBeGreaterThan(100);
		});
	}
});

describe('widths are those of the printed text', () => {
	test('width, cut, fit and middle measure and return the visible form, so columns stay aligned', () => {
		expect(width('a\u202Eb')).toBe(10);
		expect(width('a\u001Bb')).toBe(3);
		expect(fit('a\u202Eb', 12)).toBe('a⟨U+202E⟩b  ');
		expect(fit('ab\u200Bcdef', 6)).toBe('ab⟨U+…');
		expect(cut('x\u2066y', 20)).toBe('x⟨U+2066⟩y');
		expect(stringWidth(middle('/tmp/\u202E\u202E\u202E/prodex-runtime-1.log', 30))).toBeLessThanOrEqual(30);
		expect(middle('/tmp/\u202E\u202E\u202E/prodex-runtime-1.log', 30)).not.toMatch(INVISIBLE);
		// A fitted row: each column as wide as planned, whatever it holds.
		const row = fitSegs([{text: fit('resp\u202Eonses', 20)}, {text: '|'}, {text: fit('plain', 20)}, {text: '|'}], 60);
		expect(plain(row)).toBe(`resp⟨U+202E⟩onses   |plain${' '.repeat(15)}|${' '.repeat(18)}`);
	});
});
