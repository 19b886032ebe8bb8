import {Buffer} from 'node:buffer';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {generateLines} from '../helpers/generator.js';
import {TmuxSession} from '../helpers/tmux.js';

let session: TmuxSession | undefined;
let dir: string | undefined;
afterEach(() => {
	session?.kill();
	if (dir) rmSync(dir, {recursive: true, force: true});
	session = undefined;
	dir = undefined;
});

const SIZES = [[80, 24], [120, 40], [200, 60]] as const;

/** A generated log (current rules: 28 facets, ~80 markers) whose lines end about now, half a second apart. */
function writeLog(): string {
	dir = mkdtempSync(join(tmpdir(), 'prodex-top-e2e-'));
	const log = join(dir, 'prodex-runtime-90-1745460000000-0.log');
	const lines = generateLines({seed: 8, lines: 400, format: 'mixed', startMs: Date.now() - 200_000, meanGapMs: 500});
	writeFileSync(log, `${lines.map(line => line.text).join('\n')}\n`);
	return log;
}

const start = (name: string, log: string, extra = '') => {
	const started = TmuxSession.start(name, `node ${CLI} --log ${log} --rules current --prodex-home ${join(dir!, 'no-home')}${extra}`, 200, 60, {NO_COLOR: '1', CI: null, CONTINUOUS_INTEGRATION: null});
	started.pipeOutput(join(dir!, 'pane-output'));
	return started;
};

const footer = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';

/** The rows inside the focused (double-bordered) panel titled `title`: from under its title to its bottom border. */
function panelRows(screen: string, title: string): string[] {
	const lines = screen.split('\n');
	const top = lines.findIndex(line => line.includes(`▸ ${title}`));
	if (top < 0) return [];
	const left = [...lines[top]!].indexOf('╔');
	const rows: string[] = [];
	for (const line of lines.slice(top + 1)) {
		const chars = [...line];
		if (chars[left] !== '║') break;
		const right = chars.indexOf('║', left + 1);
		rows.push(chars.slice(left + 1, right).join('').trim());
	}
	return rows;
}

const items = (rows: readonly string[]) => rows.filter(row => row !== '' && !/^… \d+ more/.test(row));

const AGE = String.raw`(\d+\.\d s|\d+ s|\d+m\d\ds|\d+h\d\dm|\d+d\d\dh)`;
const MARKER_ROW = new RegExp(String.raw`^(?:▸ )?(\d+) {2}(\S+) +(?:\S+ +)?${AGE}(?: |$)`);

/** Seconds of an age as the Markers panel prints it. */
function seconds(age: string): number {
	const parts = /^(\d+(?:\.\d)?) s$|^(\d+)m(\d\d)s$|^(\d+)h(\d\d)m$|^(\d+)d(\d\d)h$/.exec(age)!;
	if (parts[1] !== undefined) return Number(parts[1]);
	if (parts[2] !== undefined) return Number(parts[2]) * 60 + Number(parts[3]);
	if (parts[4] !== undefined) return Number(parts[4]) * 3600 + Number(parts[5]) * 60;
	return Number(parts[6]) * 86_400 + Number(parts[7]) * 3600;
}

const markers = (screen: string) => items(panelRows(screen, '5 Markers')).flatMap(row => {
	const match = MARKER_ROW.exec(row);
	return match === null ? [] : [{count: Number(match[1]), name: match[2]!, age: seconds(match[3]!)}];
});

const ordered = <T>(values: readonly T[], before: (a: T, b: T) => boolean) => values.every((value, index) => index === 0 || before(values[index - 1]!, value));

/** The OSC 52 payloads the program wrote to the pane, decoded. */
function clipboardWrites(): string[] {
	const file = join(dir!, 'pane-output');
	const raw = existsSync(file) ? readFileSync(file, 'latin1') : '';
	return [...raw.matchAll(/\u001B\]52;c;([A-Za-z\d+/=]*)\u0007/g)].map(match => Buffer.from(match[1]!, 'base64').toString('utf8'));
}

describe('zoom, order and copy in tmux (the built CLI)', () => {
	test('80x24, 120x40, 200x60: z shows more facets than the unzoomed panel (at 200x60 all show either way), o reorders the markers and says how, y copies the selected row (OSC 52 in the pane output)', async () => {
		session = start('prodex-top-e2e-zoom', writeLog());
		await session.waitFor('Top facets');
		let copies = 0;
		for (const [columns, rows] of SIZES) {
			session.resize(columns, rows);
			session.keys('3');
			const before = await session.waitFor(screen => screen.split('\n').length >= rows && [...screen.split('\n')[0]!].length <= columns && panelRows(screen, '3 Top facets').length > 0 && footer(screen).includes('z zoom'));
			const unzoomed = items(panelRows(before, '3 Top facets'));
			// The wide layouts give the focused panel what it holds: at 200x60 every facet shows unzoomed.
			const cut = panelRows(before, '3 Top facets').some(row => /^… \d+ more/.test(row));
			expect(cut, `${columns}x${rows}`).toBe(columns < 200);
			session.keys('z');
			const zoomed = await session.waitFor(screen => footer(screen).includes('z back'));
			expect(zoomed).toContain('┏━ Diagnosis');
			expect(zoomed).not.toContain('4 State &');
			if (cut) expect(items(panelRows(zoomed, '3 Top facets')).length, `${columns}x${rows}`).toBeGreaterThan(unzoomed.length);
			else expect(items(panelRows(zoomed, '3 Top facets')).length, `${columns}x${rows}`).toBe(unzoomed.length);
			session.keys('z');
			await session.waitFor(screen => footer(screen).includes('z zoom'));

			// o: count → last seen → name → count, in the footer, the title and the rows.
			session.keys('5');
			const byCount = await session.waitFor(screen => markers(screen).length > 3 && footer(screen).includes('o by count'));
			expect(byCount).toMatch(/5 Markers ═+ by count ╗/);
			expect(ordered(markers(byCount), (a, b) => a.count >= b.count)).toBe(true);
			session.keys('o');
			const byLastSeen = await session.waitFor(screen => markers(screen).length > 3 && footer(screen).includes('o by last seen'));
			expect(byLastSeen).toMatch(/5 Markers ═+ by last seen ╗/);
			expect(ordered(markers(byLastSeen), (a, b) => a.age <= b.age), byLastSeen).toBe(true);
			expect(markers(byLastSeen).map(row => row.name)).not.toEqual(markers(byCount).map(row => row.name));
			session.keys('o');
			const byName = await session.waitFor(screen => markers(screen).length > 3 && footer(screen).includes('o by name'));
			const whole = markers(byName).map(row => row.name).filter(name => !name.endsWith('…'));
			expect(ordered(whole, (a, b) => a < b), byName).toBe(true);
			session.keys('o');
			await session.waitFor(screen => footer(screen).includes('o by count'));

			// y: the selected row, exactly as shown, reaches the terminal as OSC 52.
			session.keys('j', 'y');
			const copied = await session.waitFor(screen => footer(screen).includes('copied: '));
			const selected = panelRows(copied, '5 Markers').find(row => row.startsWith('▸ '))!.slice(2).trim();
			copies++;
			await session.waitFor(() => clipboardWrites().length === copies);
			// The frame may have been redrawn since the copy, with the relative times a few seconds on.
			const timeless = (row: string) => row.replace(new RegExp(AGE, 'g'), '<age>');
			expect(timeless(clipboardWrites().at(-1)!)).toBe(timeless(selected));
		}
		session.keys('q');
		await session.waitFor('EXITED rc=0');
	}, 120_000);

	test('--no-clipboard: y says so, and nothing reaches the terminal', async () => {
		session = start('prodex-top-e2e-noclip', writeLog(), ' --no-clipboard');
		await session.waitFor('Top facets');
		session.keys('5', 'y');
		await session.waitFor('clipboard off (--no-clipboard)');
		session.keys('q');
		await session.waitFor('EXITED rc=0');
		expect(clipboardWrites()).toEqual([]);
		expect(readFileSync(join(dir!, 'pane-output'), 'latin1')).toContain('Markers');
	}, 60_000);
});
