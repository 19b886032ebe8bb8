import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {generateLines} from '../helpers/generator.js';
import {TmuxSession} from '../helpers/tmux.js';

// The mouse in tmux, with the built CLI. The reports are typed into the pane as a terminal sends
// them (`send-keys -H`, raw bytes): tmux with `mouse off` (its default) takes no mouse of its own
// and passes these bytes on to the program unchanged. (A person in tmux needs `set -g mouse on`
// for tmux to pass the real mouse on; tmux then sends SGR reports to a program that asked for them.)

let session: TmuxSession | undefined;
let dir: string | undefined;
afterEach(() => {
	session?.kill();
	if (dir) rmSync(dir, {recursive: true, force: true});
	session = undefined;
	dir = undefined;
});

const SIZES = [[80, 24], [120, 40], [200, 60]] as const;
const MOUSE_ON = '\u001B[?1000h\u001B[?1006h';
const MOUSE_OFF = '\u001B[?1006l\u001B[?1000l';

function writeLog(): string {
	dir = mkdtempSync(join(tmpdir(), 'prodex-top-e2e-mouse-'));
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

const paneOutput = () => {
	const file = join(dir!, 'pane-output');
	return existsSync(file) ? readFileSync(file, 'latin1') : '';
};

/** Type raw bytes into the pane, as the terminal would send them. */
function send(tmux: TmuxSession, bytes: string): void {
	execFileSync('tmux', ['send-keys', '-t', tmux.name, '-H', ...[...Buffer.from(bytes, 'utf8')].map(byte => byte.toString(16).padStart(2, '0'))]);
}

/** A left click (press and release) on the 0-based cell (x, y). */
const click = (x: number, y: number) => `\u001B[<0;${x + 1};${y + 1}M\u001B[<0;${x + 1};${y + 1}m`;
const wheel = (down: boolean, x: number, y: number) => `\u001B[<${down ? 65 : 64};${x + 1};${y + 1}M`;

/** Where `text` first shows (0-based column and row). */
function at(screen: string, text: string | RegExp): {x: number; y: number} | null {
	const lines = screen.split('\n');
	for (const [y, line] of lines.entries()) {
		const match = typeof text === 'string' ? (line.includes(text) ? {index: line.indexOf(text)} : null) : text.exec(line);
		if (match !== null) return {x: [...line.slice(0, match.index)].length, y};
	}
	return null;
}

/** The focused panel's selected row (`║ ▸ …`) under its title, trimmed, or ''. */
function selected(screen: string, title: string): string {
	const lines = screen.split('\n');
	const top = lines.findIndex(line => line.includes(`▸ ${title}`));
	if (top < 0) return '';
	const row = lines.slice(top + 1).find(line => /║ ▸ /.test(line));
	return row === undefined ? '' : row.slice(row.indexOf('║ ▸ ') + 4).split('║')[0]!.trim();
}

const footer = (screen: string) => screen.trimEnd().split('\n').at(-1) ?? '';
/** The frame is drawn at this size: the footer on the last row (a frame of the size before would end higher up). */
const fits = (screen: string, columns: number, rows: number) => [...screen.split('\n')[0]!].length <= columns && (screen.split('\n')[rows - 1] ?? '').includes('q quit');

describe('the mouse in tmux (the built CLI)', () => {
	test('80x24, 120x40, 200x60: a click focuses a panel, a click on an item selects it, a double click opens it, the wheel scrolls; the pressure strips and d show; after q no mouse reporting is left on', async () => {
		session = start('prodex-top-e2e-mouse', writeLog());
		await session.waitFor('Top facets');
		expect(session.display('#{mouse_standard_flag} #{mouse_sgr_flag}')).toBe('1 1');
		for (const [columns, rows] of SIZES) {
			session.resize(columns, rows);
			session.keys('1');
			const first = await session.waitFor(screen => fits(screen, columns, rows) && screen.includes('▸ 1 Pressure') && at(screen, columns < 120 ? / 3 \S/ : '3 Top facets') !== null);
			// Click the facets panel: its tab at 80 columns, its title from 120.
			const target = columns < 120 ? at(first, / 3 \S/) : at(first, '3 Top facets');
			send(session, click(target!.x + 1, target!.y));
			const focused = await session.waitFor(screen => selected(screen, '3 Top facets') !== '');
			// The row under the selected one.
			const lines = focused.split('\n');
			const row = lines.findIndex(line => line.includes(`║ ▸ ${selected(focused, '3 Top facets')}`)) + 1;
			const name = /║ {3}(\S+)/.exec(lines[row]!)![1]!;
			send(session, click(6, row));
			await session.waitFor(screen => selected(screen, '3 Top facets').startsWith(name));
			// Both presses in one write: a double click, whatever the machine's load.
			send(session, click(6, row) + click(6, row));
			await session.waitFor(`Top facets › ${name}`);
			session.keys('Escape');
			await session.waitFor(screen => !screen.includes('Top facets ›') && screen.includes('▸ 3 Top facets'));

			// The wheel over the Markers panel (its tab at 80 columns: the panel then shows alone).
			session.keys('5');
			const markers = await session.waitFor(screen => selected(screen, '5 Markers') !== '');
			const top = at(markers, '▸ 5 Markers')!;
			const before = selected(markers, '5 Markers');
			send(session, wheel(true, top.x + 4, top.y + 3));
			const down = await session.waitFor(screen => selected(screen, '5 Markers') !== '' && selected(screen, '5 Markers') !== before);
			send(session, wheel(false, top.x + 4, top.y + 3));
			await session.waitFor(screen => selected(screen, '5 Markers') === before);
			expect(down).not.toMatch(/\[<|;\d+M/);

			// History: the Pressure panel's strips, and `d` lists the diagnosis changes (Esc closes).
			session.keys('1');
			const pressure = await session.waitFor(screen => /▸ 1 Pressure .*strip: last \d+/.test(screen));
			expect(pressure).toMatch(/║ ▸ selection +\S.* [▁▄█ ]*[▁▄█] /);
			session.keys('d');
			await session.waitFor(screen => screen.includes('Diagnosis changes · d or Esc closes') && screen.includes('now (since '));
			session.keys('Escape');
			await session.waitFor(screen => !screen.includes('Diagnosis changes') && screen.includes('▸ 1 Pressure'));
		}
		session.keys('q');
		await session.waitFor('EXITED rc=0');
		expect(session.display('#{mouse_any_flag}')).toBe('0');
		const output = paneOutput();
		expect(output).toContain(MOUSE_ON);
		// Turned off after it was last turned on.
		expect(output.lastIndexOf(MOUSE_OFF)).toBeGreaterThan(output.lastIndexOf(MOUSE_ON));
	}, 120_000);

	test('--no-mouse: no mouse mode is asked for, and reports typed anyway do nothing and leave no text', async () => {
		session = start('prodex-top-e2e-nomouse', writeLog(), ' --no-mouse');
		const first = await session.waitFor('Top facets');
		expect(session.display('#{mouse_any_flag}')).toBe('0');
		const target = at(first, '3 Top facets')!;
		session.keys('/');
		await session.waitFor(screen => footer(screen).includes('/ filter: ▏'));
		send(session, `${click(target.x + 1, target.y)}x`);
		const typed = await session.waitFor(screen => footer(screen).includes('/ filter: x▏'));
		expect(typed).not.toContain('▸ 3 Top facets');
		session.keys('Escape', 'q');
		await session.waitFor('EXITED rc=0');
		const output = paneOutput();
		expect(output).toContain('Top facets');
		expect(output).not.toMatch(/\u001B\[\?100[0236]h/);
	}, 60_000);
});
