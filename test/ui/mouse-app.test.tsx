import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, test} from 'vitest';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {generateLines} from '../helpers/generator.js';
import {SAMPLE, frameWhere, renderApp, storeWith} from '../helpers/ui.js';

afterEach(() => {
	cleanup();
});

const many = generateLines({seed: 8, lines: 400, format: 'mixed'}).map(line => line.text);
/** An SGR report for the 0-based cell (x, y), as a terminal sends it (1-based). */
const sgr = (code: number, x: number, y: number, release = false) => `\u001B[<${code};${x + 1};${y + 1}${release ? 'm' : 'M'}`;
const click = (x: number, y: number) => sgr(0, x, y) + sgr(0, x, y, true);
const footer = (frame: string) => frame.split('\n').at(-1)!;

/** The 0-based row and column where `text` first shows in a frame. */
function at(frame: string, text: string): {x: number; y: number} {
	const lines = frame.split('\n');
	const y = lines.findIndex(line => line.includes(text));
	if (y < 0) throw new Error(`${text} not on screen:\n${frame}`);
	return {x: [...lines[y]!.slice(0, lines[y]!.indexOf(text))].length, y};
}

/** The selected row (`▸ …`) under the focused panel's title. */
function selectedRow(frame: string, title: string): string {
	const lines = frame.split('\n');
	const top = lines.findIndex(line => line.includes(`▸ ${title}`));
	return lines.slice(top + 1).find(line => /[║] ▸ /.test(line)) ?? '';
}

describe('the mouse in the dashboard (ink-testing-library)', () => {
	test.each([[80, 24], [120, 40], [200, 60]] as const)('%ix%i: a click focuses a panel (its title or, at 80 columns, its tab), a click on an item selects it, a double click opens it', async (columns, rows) => {
		let time = 1_000_000;
		const {lastFrame, stdin} = renderApp(storeWith(many, RULES_CURRENT), columns, rows, {now: () => time});
		const first = await frameWhere(lastFrame, f => f.includes('▸ 1 Pressure'));
		// At 80 columns the tab bar names the panel; from 120 its frame's title does.
		const target = columns < 120 ? at(first, ' 3 ') : at(first, '3 Top facets');
		stdin.write(click(target.x + 1, target.y));
		const focused = await frameWhere(lastFrame, f => f.includes('▸ 3 Top facets'));
		const firstItem = selectedRow(focused, '3 Top facets');
		expect(firstItem).not.toBe('');
		// The row under the selected one: a click selects it.
		const row = focused.split('\n').indexOf(firstItem) + 1;
		const name = focused.split('\n')[row]!.replace(/^.*?║ {3}(\S+).*$/, '$1');
		time += 10_000;
		stdin.write(click(6, row));
		const selected = await frameWhere(lastFrame, f => selectedRow(f, '3 Top facets').includes(`▸ ${name}`));
		expect(selected).toContain('▸ 3 Top facets');
		// Two presses on the same cell, in time: the item opens.
		time += 10_000;
		stdin.write(click(6, row));
		time += 200;
		stdin.write(click(6, row));
		await frameWhere(lastFrame, f => f.includes(`Top facets › ${name}`));
	});

	test('120x40: the wheel over a panel focuses it and moves its list three items a notch; up comes back', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(many, RULES_CURRENT), 120, 40);
		const first = await frameWhere(lastFrame, f => f.includes('5 Markers'));
		const markers = at(first, '5 Markers');
		stdin.write(sgr(65, markers.x + 4, markers.y + 3));
		const down = await frameWhere(lastFrame, f => f.includes('▸ 5 Markers') && selectedRow(f, '5 Markers') !== '');
		const lines = down.split('\n');
		const title = lines.findIndex(line => line.includes('▸ 5 Markers'));
		// Header row, then items 0, 1, 2, 3: the fourth item is selected.
		expect(lines.indexOf(selectedRow(down, '5 Markers'))).toBe(title + 2 + 3);
		stdin.write(sgr(64, markers.x + 4, markers.y + 3));
		await frameWhere(lastFrame, f => f.split('\n').indexOf(selectedRow(f, '5 Markers')) === title + 2);
	});

	test('while the filter is typed, mouse reports (whole, several in a chunk, cut between chunks, malformed) add no text and act as no key', async () => {
		const {lastFrame, stdin, controller} = renderApp(storeWith(SAMPLE), 120, 40);
		await frameWhere(lastFrame, f => f.includes('▸ 1 Pressure'));
		stdin.write('/');
		await frameWhere(lastFrame, f => footer(f).includes('/ filter: ▏'));
		stdin.write('s');
		stdin.write(click(10, 12) + sgr(65, 10, 12));
		stdin.write('\u001B[<0;11');
		stdin.write(';13M');
		stdin.write('\u001B[<0;5Mt');
		stdin.write('\u001B[<0;1;1;1Mr');
		const typed = await frameWhere(lastFrame, f => footer(f).includes('/ filter: str▏'));
		expect(typed).not.toMatch(/\[<|;1[23]M/);
		expect(typed).toContain('▸ 1 Pressure');
		stdin.write('\r');
		await frameWhere(lastFrame, f => f.includes('filter "str" (Esc clears)'));
		expect(controller.calls).toEqual([]);
	});

	test('outside the filter a report cut between chunks is one click, not a "[" key and text', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(many, RULES_CURRENT), 120, 40);
		const first = await frameWhere(lastFrame, f => f.includes('3 Top facets'));
		const target = at(first, '3 Top facets');
		const report = click(target.x, target.y);
		stdin.write(report.slice(0, 2));
		stdin.write(report.slice(2, 6));
		stdin.write(report.slice(6));
		const after = await frameWhere(lastFrame, f => f.includes('▸ 3 Top facets'));
		expect(after).not.toContain('◀ run');
	});
});
