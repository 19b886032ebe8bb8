import {Buffer} from 'node:buffer';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, test} from 'vitest';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {osc52, osc52Clipboard} from '../../source/ui/clipboard.js';
import {generateLines} from '../helpers/generator.js';
import {SAMPLE, focusedPanelRows, frameFits, frameWhere, renderApp, storeWith} from '../helpers/ui.js';

afterEach(() => {
	cleanup();
});

const many = generateLines({seed: 8, lines: 400, format: 'mixed'}).map(line => line.text);

/** The item rows of the focused panel titled `title`: between its title row and its bottom border. */
function itemRows(frame: string, columns: number, title: string): string[] {
	const rows = focusedPanelRows(frame, columns, `▸ ${title}`);
	const end = rows.findIndex((line, index) => index > 0 && line.startsWith('╚'));
	return rows.slice(1, end).filter(line => /^║ \S|^║   \S/.test(line) && !/^║ +… \d+ more/.test(line));
}

const footer = (frame: string) => frame.split('\n').at(-1)!;

describe('z: the focused panel alone, under the header and the diagnosis', () => {
	test.each([[80, 24], [120, 40], [200, 60]] as const)('%ix%i: more facets zoomed than unzoomed, no other panel; z and Esc go back', async (columns, rows) => {
		const {lastFrame, stdin} = renderApp(storeWith(many, RULES_CURRENT), columns, rows);
		stdin.write('3');
		const before = await frameWhere(lastFrame, f => f.includes('▸ 3 Top facets') && footer(f).includes('z zoom'));
		expect(before).toMatch(/… \d+ more \(↓\)/);
		const unzoomed = itemRows(before, columns, '3 Top facets').length;
		stdin.write('z');
		const zoomed = await frameWhere(lastFrame, f => footer(f).includes('z back'));
		expect(frameFits(zoomed, columns, rows)).toBe(true);
		expect(zoomed.split('\n')).toHaveLength(rows);
		expect(zoomed).toContain('┏━ Diagnosis');
		for (const other of ['1 Pressure', '4 State &', '5 Markers', '8 Incidents', '[3 Facets]']) expect(zoomed).not.toContain(other);
		const shown = itemRows(zoomed, columns, '3 Top facets');
		// Unzoomed, the wide layouts may already show every facet (panels get rows by what they hold).
		const cut = focusedPanelRows(before, columns, '▸ 3 Top facets').some(line => /… \d+ more/.test(line));
		if (cut) expect(shown.length).toBeGreaterThan(unzoomed);
		else expect(shown.length).toBe(unzoomed);
		expect(cut || columns >= 160).toBe(true);
		// Every facet fits from 40 rows: no "… N more" then; at 24 rows the list scrolls as usual.
		if (rows >= 40) {
			expect(zoomed).not.toMatch(/… \d+ more/);
			expect(zoomed).toContain('policy_reasons');
		} else {
			expect(zoomed).toMatch(/… \d+ more \(↓\)/);
			stdin.write('G');
			await frameWhere(lastFrame, f => /▸ policy_reasons/.test(f) && footer(f).includes('z back'));
		}
		stdin.write('z');
		await frameWhere(lastFrame, f => footer(f).includes('z zoom') && f.includes('4 State &'));
		stdin.write('z');
		await frameWhere(lastFrame, f => footer(f).includes('z back'));
		stdin.write('\u001B');
		await frameWhere(lastFrame, f => footer(f).includes('z zoom') && f.includes('4 State &'));
	});

	test('zoomed, the panel keys switch the zoomed panel; an opened item closes with Esc before the zoom does', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(many, RULES_CURRENT), 120, 40);
		stdin.write('5z');
		const markers = await frameWhere(lastFrame, f => f.includes('▸ 5 Markers') && footer(f).includes('z back'));
		expect(markers).not.toContain('3 Top facets');
		stdin.write('\r');
		await frameWhere(lastFrame, f => f.includes('5 Markers › '));
		stdin.write('\u001B');
		await frameWhere(lastFrame, f => f.includes('▸ 5 Markers') && !f.includes('›') && footer(f).includes('z back'));
		stdin.write('6');
		const lines = await frameWhere(lastFrame, f => f.includes('▸ 6 Recent lines'));
		expect(lines).not.toContain('5 Markers');
		expect(footer(lines)).toContain('z back');
	});
});

// Markers: stream_read_error 3× and seen last; the others once each, in time order.
const SORTED = [...SAMPLE, '[2026-04-24 09:00:08.000 +07:00] stream_read_error request=2 profile=main', '[2026-04-24 09:00:09.000 +07:00] stream_read_error request=3 profile=second'];
const markerOrder = (frame: string) => [...frame.matchAll(/║ [▸ ] +\d+ {2}(\w+)/g)].map(match => match[1]);

describe('o: the order of Markers and Facets, in the footer and the titles', () => {
	test('count → last seen → name → count; ties broken by name', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(SORTED), 120, 40);
		stdin.write('5');
		const count = await frameWhere(lastFrame, f => f.includes('▸ 5 Markers') && footer(f).includes('o by count'));
		expect(count).toMatch(/5 Markers ═+ by count ╗/);
		expect(markerOrder(count)).toEqual(['stream_read_error', 'compat_warning', 'previous_response_not_found', 'profile_retry_backoff', 'runtime_proxy_lane_limit_reached', 'selection_pick', 'state_save_skipped']);
		stdin.write('o');
		const lastSeen = await frameWhere(lastFrame, f => footer(f).includes('o by last seen'));
		expect(lastSeen).toMatch(/5 Markers ═+ by last seen ╗/);
		expect(markerOrder(lastSeen)).toEqual(['stream_read_error', 'compat_warning', 'profile_retry_backoff', 'previous_response_not_found', 'state_save_skipped', 'runtime_proxy_lane_limit_reached', 'selection_pick']);
		stdin.write('o');
		const byName = await frameWhere(lastFrame, f => footer(f).includes('o by name'));
		expect(markerOrder(byName)).toEqual([...markerOrder(byName)].sort());
		expect(markerOrder(byName)[0]).toBe('compat_warning');
		stdin.write('o');
		await frameWhere(lastFrame, f => footer(f).includes('o by count') && markerOrder(f)[0] === 'stream_read_error');
	});

	test('facet values: by count ties to the greater value; "last seen" is count then name (no time per value); by name', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(SORTED), 120, 40);
		stdin.write('3');
		const profile = (f: string) => /profile +(\w+) █+ (\d+) +(\w+) █+ (\d+)/.exec(f)?.slice(1);
		const count = await frameWhere(lastFrame, f => f.includes('▸ 3 Top facets') && footer(f).includes('o by count'));
		expect(count).toMatch(/3 Top facets ═+ by count ╗/);
		expect(profile(count)).toEqual(['second', '3', 'main', '3']);
		stdin.write('o');
		const lastSeen = await frameWhere(lastFrame, f => footer(f).includes('o by last seen'));
		expect(lastSeen).toMatch(/3 Top facets ═+ by count \(no last seen per value\) ╗/);
		expect(profile(lastSeen)).toEqual(['main', '3', 'second', '3']);
		stdin.write('o');
		const byName = await frameWhere(lastFrame, f => footer(f).includes('o by name'));
		expect(profile(byName)).toEqual(['main', '3', 'second', '3']);
		// Facets themselves by name too: client before lane before profile.
		const names = [...byName.matchAll(/║ [▸ ] (\w+) +\w/g)].map(match => match[1]);
		expect(names).toEqual([...names].sort());
		// The footer shows o only where it orders something.
		stdin.write('1');
		const pressure = await frameWhere(lastFrame, f => f.includes('▸ 1 Pressure'));
		expect(footer(pressure)).not.toContain('o by');
	});
});

/** The selected row of the focused panel as the frame shows it, without the `▸`. */
function selectedText(frame: string): string {
	const row = frame.split('\n').find(line => /[║] ▸ /.test(line))!;
	const start = row.indexOf('║ ▸ ') + 4;
	return row.slice(start, row.indexOf('║', start)).trim();
}

const decoded = (written: readonly string[]) => written.map(chunk => {
	const match = /^\u001B\]52;c;([A-Za-z\d+/=]*)\u0007$/.exec(chunk);
	expect(match, JSON.stringify(chunk)).not.toBeNull();
	return Buffer.from(match![1]!, 'base64').toString('utf8');
});

describe('y: the selected line, or the diagnosis, to the clipboard (OSC 52)', () => {
	test('the OSC 52 bytes carry exactly the selected row as shown; the footer says copied', async () => {
		const {lastFrame, stdin, controller} = renderApp(storeWith(SAMPLE), 120, 40);
		const written: string[] = [];
		Object.assign(controller, {clipboard: osc52Clipboard({write: (chunk: string) => written.push(chunk)})});
		stdin.write('5j');
		const frame = await frameWhere(lastFrame, f => /║ ▸ +1 {2}previous_response_not_found /.test(f));
		const shown = selectedText(frame);
		expect(shown).toMatch(/^1 {2}\w+/);
		stdin.write('y');
		const copied = await frameWhere(lastFrame, f => footer(f).includes('copied: '));
		expect(written).toEqual([osc52(shown)]);
		expect(decoded(written)).toEqual([shown]);
		expect(footer(copied)).toContain(`copied: ${shown.slice(0, 40)}`);
	});

	test('a hostile log line: only the redacted, control-free text on screen is copied', async () => {
		const hostile = '[2026-04-24 09:00:09.000 +07:00] stream_read_error request=9 note="\u001B]2;pwned\u0007\u001B[2J\u009B31m\u202Eevil" authorization="Bearer sk-live-abcdefghijklmnop"';
		const {lastFrame, stdin, controller} = renderApp(storeWith([...SAMPLE, hostile]), 200, 60);
		const written: string[] = [];
		Object.assign(controller, {clipboard: osc52Clipboard({write: (chunk: string) => written.push(chunk)})});
		// Zoomed, so the row is shown whole at 200 columns (a column of the wide layout would cut it).
		stdin.write('6');
		await frameWhere(lastFrame, f => f.includes('▸ 6 Recent lines'));
		stdin.write('z');
		await frameWhere(lastFrame, f => f.includes('▸ 6 Recent lines') && /▸ \S+ +stream_read_error request=9/.test(f) && footer(f).includes('z back'));
		stdin.write('y');
		await frameWhere(lastFrame, f => footer(f).includes('copied: '));
		const [text] = decoded(written);
		expect(text).toContain('stream_read_error request=9');
		expect(text).toContain('⟨U+202E⟩');
		expect(text).not.toContain('abcdefghijklmnop');
		expect(text).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u202E]/);
	});

	test('with no list item selected (help open, an empty list) the diagnosis is copied', async () => {
		const {lastFrame, stdin, controller} = renderApp(storeWith(SAMPLE), 80, 24);
		stdin.write('?');
		await frameWhere(lastFrame, f => f.includes('Keys ·'));
		stdin.write('y');
		await frameWhere(lastFrame, f => footer(f).includes('copied: Recent per-lane admission limit was triggered.'));
		stdin.write('\u001B5/nomatch\r');
		await frameWhere(lastFrame, f => f.includes('no markers in this window yet'));
		stdin.write('y');
		await frameWhere(lastFrame, () => controller.copied.length === 2);
		expect(controller.copied).toEqual(['Recent per-lane admission limit was triggered.', 'Recent per-lane admission limit was triggered.']);
	});

	test('--no-clipboard: y says so and writes nothing', async () => {
		const {lastFrame, stdin, controller, frames} = renderApp(storeWith(SAMPLE), 120, 40);
		Object.assign(controller, {clipboard: null});
		stdin.write('5y');
		await frameWhere(lastFrame, f => footer(f).includes('clipboard off (--no-clipboard)'));
		expect(controller.copied).toEqual([]);
		expect(frames.join('')).not.toContain('\u001B]52');
	});
});
