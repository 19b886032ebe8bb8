import {execFileSync} from 'node:child_process';
import {existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import stringWidth from 'string-width';
import {afterEach, describe, expect, test} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {TmuxSession, childrenOf} from '../helpers/tmux.js';

// The dashboard in a real terminal, as a person meets it: an interactive shell in a tmux pane
// (bash without line editing, so the shell itself never touches the terminal modes and `stty -a`
// shows what prodex-top left behind), keys and signals in, the screen and the raw pty bytes out.

let sessions: TmuxSession[] = [];
let dir: string | undefined;
afterEach(() => {
	for (const session of sessions) session.kill();
	sessions = [];
	// A CLI ended by the session's kill may still write its probe file while the directory goes.
	if (dir) rmSync(dir, {recursive: true, force: true, maxRetries: 10, retryDelay: 100});
	dir = undefined;
});

const q = (text: string) => `'${text.replaceAll("'", "'\\''")}'`;
const stamp = () => new Date().toISOString();

/** A fresh private directory with a log for `--log`. */
function setup(lines: readonly string[]): {log: string} {
	dir = mkdtempSync(join(tmpdir(), 'prodex-top-term-'));
	const log = join(dir, 'prodex-runtime-91-1745460000000-0.log');
	writeFileSync(log, lines.map(line => `${line}\n`).join(''));
	return {log};
}

const LOG = [
	`[${stamp()}] runtime proxy log initialized pid=91 cwd=/x`,
	`[${stamp()}] stream_read_error request=1 transport=http profile=main`,
];
const DIAGNOSIS = 'Recent upstream stream read failure detected after commit.';

/** The environment every pane gets: no CI (Ink would draw only the last frame), no colour, crash files in the test's own dir. */
function paneEnv(extra: Record<string, string> = {}): string {
	const vars = {NO_COLOR: '1', PRODEX_RUNTIME_LOG_DIR: '', TMPDIR: dir!, HOME: dir!, HISTFILE: '/dev/null', PS1: '$ ', ...extra};
	return `env -u CI -u CONTINUOUS_INTEGRATION -u PRODEX_TOP_DEBUG ${Object.entries(vars).map(([key, value]) => `${key}=${q(value)}`).join(' ')}`;
}

/** A tmux session running `command` in a pane of `columns` × `rows`. */
function pane(name: string, command: string, columns = 120, rows = 40): TmuxSession {
	const session = new TmuxSession(name);
	session.kill();
	execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', String(columns), '-y', String(rows), command]);
	sessions.push(session);
	return session;
}

/** An interactive shell in a pane, driven line by line. */
class Shell {
	private n = 0;
	constructor(readonly tmux: TmuxSession) {}

	static start(name: string, extra: Record<string, string> = {}, columns = 120, rows = 40): Shell {
		return new Shell(pane(name, `${paneEnv(extra)} bash --norc --noprofile --noediting -i`, columns, rows));
	}

	/** Wait for the shell's prompt on the normal screen (keys typed earlier could reach the dashboard instead). */
	async prompt(): Promise<void> {
		await until('the shell prompt', () => (this.tmux.display('#{alternate_on}') === '0' && /(^|\n)\$$/.test(this.tmux.capture().trimEnd()) ? true : undefined));
	}

	type(line: string): void {
		execFileSync('tmux', ['send-keys', '-t', this.tmux.name, '-l', line]);
		this.tmux.keys('Enter');
	}

	/** Start the CLI from the shell and wait for the dashboard. */
	async dashboard(args: string, env = ''): Promise<string> {
		await this.prompt();
		this.type(`${env}node ${q(CLI)} ${args}`);
		// In the alternate screen (not the summary of a run before).
		await until('the dashboard', () => (this.tmux.display('#{alternate_on}') === '1' ? true : undefined));
		return this.tmux.waitFor(DIAGNOSIS);
	}

	/** Run `line` to its end and return its exit status (the status is echoed on the same command line, so no key is typed early). */
	async run(line: string): Promise<number> {
		const tag = `RC${++this.n}`;
		await this.prompt();
		this.type(`${line}; echo "${tag}=$?"`);
		const screen = await this.tmux.waitFor(new RegExp(`^${tag}=\\d+`, 'm'), 30_000);
		return Number(new RegExp(`^${tag}=(\\d+)`, 'm').exec(screen)![1]);
	}

	/** The exit status of the last command. */
	async status(): Promise<number> {
		const tag = `RC${++this.n}`;
		await this.prompt();
		this.type(`echo "${tag}=$?"`);
		const screen = await this.tmux.waitFor(new RegExp(`^${tag}=\\d+`, 'm'));
		return Number(new RegExp(`^${tag}=(\\d+)`, 'm').exec(screen)![1]);
	}

	/** The terminal's line discipline as the shell sees it now: `echo,icanon,` when sane, with a `-` for each mode left off. */
	async modes(): Promise<string> {
		const tag = `TTY${++this.n}`;
		await this.prompt();
		this.type(`echo "${tag}=$(stty -a | tr ' ;' '\\n\\n' | grep -x -e icanon -e -icanon -e echo -e -echo | sort | tr '\\n' ,)"`);
		const screen = await this.tmux.waitFor(new RegExp(`^${tag}=\\S*$`, 'm'));
		return new RegExp(`^${tag}=(\\S*)$`, 'm').exec(screen)![1]!;
	}

	/** The node process the shell started (its only child). */
	async child(): Promise<number> {
		const shell = Number(this.tmux.display('#{pane_pid}'));
		for (const start = Date.now(); Date.now() - start < 10_000; await new Promise(resolve => setTimeout(resolve, 50))) {
			// Called once the dashboard is up: the shell's one child is the CLI (its process title is `prodex-top`).
			const children = childrenOf(shell);
			if (children.length === 1) return children[0]!;
		}
		throw new Error('the CLI never showed as a child of the shell');
	}
}

/** After the dashboard: the normal screen, cursor shown, sane modes, the shell's prompt and no dashboard frame. */
async function expectTerminalRestored(shell: Shell): Promise<void> {
	// Alternate screen left, cursor shown, no mouse reporting left on for the shell.
	expect(shell.tmux.display('#{alternate_on} #{cursor_flag} #{mouse_any_flag}')).toBe('0 1 0');
	expect(await shell.modes()).toBe('echo,icanon,');
	const screen = shell.tmux.capture();
	expect(screen).not.toMatch(/┏━ Diagnosis|╔═|┌─ \d /);
	expect(screen.trimEnd().split('\n').at(-1)).toBe('$');
}

/** The screen with wrapped lines joined. */
const joined = (tmux: TmuxSession) => execFileSync('tmux', ['capture-pane', '-t', tmux.name, '-p', '-J'], {encoding: 'utf8'});

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/^\S+ \S+ [ZX]/.test(readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/\(.*\)/, 'c'));

async function until<T>(what: string, get: () => T | undefined, timeoutMs = 15_000): Promise<T> {
	const start = Date.now();
	for (;;) {
		const value = get();
		if (value !== undefined) return value;
		if (Date.now() - start > timeoutMs) throw new Error(`never: ${what}`);
		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

type Probe = {frames: number; resizes: number; passed: number; minGapMs: number | null; columns: number; rows: number; exit?: number};
function readProbe(file: string): Probe | undefined {
	try {
		return JSON.parse(readFileSync(file, 'utf8')) as Probe;
	} catch {
		return undefined; // Not written yet, or caught mid-write.
	}
}

describe('invisible characters in a real terminal', () => {
	test('bidi controls, marks, zero-width characters and the BOM show as ⟨U+XXXX⟩ and never reach the pty raw; rows still fit', async () => {
		const {log} = setup([
			...LOG,
			`[${stamp()}] stream_read_error note="\uFEFFbom" profile="ma\u2066in\u2069" route="/v1/\u202Eresponses" reason="\u200Fquota" request=2`,
		]);
		const shell = Shell.start('prodex-top-term-bidi');
		const raw = join(dir!, 'pty.bin');
		execFileSync('tmux', ['pipe-pane', '-o', '-t', shell.tmux.name, `cat >> ${q(raw)}`]);
		await shell.dashboard(`--log ${q(log)} --prodex-home ${q(join(dir!, 'no-home'))}`);
		shell.tmux.keys('6');
		const screen = await shell.tmux.waitFor('⟨U+202E⟩');
		for (const form of ['⟨U+2066⟩', '⟨U+2069⟩', '⟨U+FEFF⟩']) expect(screen).toContain(form);
		shell.tmux.keys('3');
		expect(await shell.tmux.waitFor('⟨U+200F⟩')).toContain('⟨U+200F⟩');
		// Every row is exactly as wide as the terminal, borders included, though the visible forms are wider than the characters.
		for (const line of shell.tmux.capture().trimEnd().split('\n')) expect(stringWidth(line), line).toBeLessThanOrEqual(120);
		expect(shell.tmux.capture()).toMatch(/┏━ Diagnosis ━+ since \d\d:\d\d:\d\d ┓/);
		shell.tmux.keys('q');
		expect(await shell.status()).toBe(0);
		await expectTerminalRestored(shell);
		execFileSync('tmux', ['pipe-pane', '-t', shell.tmux.name]);
		const bytes = readFileSync(raw, 'utf8');
		expect(bytes).toContain('\u001B[?1049h');
		expect(bytes).toContain('⟨U+202E⟩');
		expect(bytes).not.toMatch(/[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C\uFEFF]/);
	}, 60_000);
});

describe('suspend and resume', () => {
	test('Ctrl-Z and SIGTSTP give the shell back with sane modes; fg redraws the whole screen and keys work again; q exits 0', async () => {
		const {log} = setup(LOG);
		const probe = join(dir!, 'probe.json');
		const shell = Shell.start('prodex-top-term-tstp', {PRODEX_TOP_TEST_PROBE: probe});
		await shell.dashboard(`--log ${q(log)} --prodex-home ${q(join(dir!, 'no-home'))}`);
		const pid = await shell.child();
		for (const stop of [() => shell.tmux.keys('C-z'), () => process.kill(pid, 'SIGTSTP')]) {
			const redraws = (await until('the probe', () => readProbe(probe))).passed;
			stop();
			await shell.tmux.waitFor(/Stopped\s+node /);
			expect(shell.tmux.display('#{alternate_on} #{cursor_flag} #{mouse_any_flag}')).toBe('0 1 0');
			expect(await shell.modes()).toBe('echo,icanon,');
			shell.type('fg');
			// The whole screen is the dashboard again: header on the first row, footer on the last, nothing of the shell.
			const back = await shell.tmux.waitFor(/^ prodex-top [\s\S]*q quit/);
			const rows = back.split('\n');
			expect(rows[0]).toMatch(/^ prodex-top /);
			expect(back).toMatch(/┏━ Diagnosis/);
			expect(rows.slice(0, 40).at(-1)).toContain('q quit');
			expect(back).not.toContain('Stopped');
			expect(back).not.toContain('TTY');
			// The mouse reports again too (SGR).
			expect(shell.tmux.display('#{alternate_on} #{mouse_standard_flag} #{mouse_sgr_flag}')).toBe('1 1 1');
			// Redrawn because of fg, at once (not by a later data or clock frame): a whole frame at the current size was asked for.
			await until('the redraw after fg', () => ((readProbe(probe)?.passed ?? 0) > redraws ? true : undefined));
			// Raw keys again: one key acts at once, without Enter.
			shell.tmux.keys('2');
			await shell.tmux.waitFor('▸ 2 Failure classes');
			shell.tmux.keys('1');
			await shell.tmux.waitFor('▸ 1 Pressure');
		}
		shell.tmux.keys('q');
		expect(await shell.status()).toBe(0);
		await expectTerminalRestored(shell);
		expect(shell.tmux.captureWithHistory()).toMatch(new RegExp(`Diagnosis: +${DIAGNOSIS.replaceAll('.', '\\.')}`));
	}, 90_000);
});

describe('signals and keys that end the dashboard', () => {
	test('Ctrl-C exits 130, SIGINT 130, SIGTERM 143, SIGHUP 129, SIGQUIT 131: each time the terminal is restored and the summary printed', async () => {
		const {log} = setup(LOG);
		const shell = Shell.start('prodex-top-term-signals');
		const cases: Array<[string, number]> = [['C-c', 130], ['SIGINT', 130], ['SIGTERM', 143], ['SIGHUP', 129], ['SIGQUIT', 131]];
		for (const [how, expected] of cases) {
			shell.type('clear');
			await shell.dashboard(`--log ${q(log)} --prodex-home ${q(join(dir!, 'no-home'))}`);
			if (how === 'C-c') shell.tmux.keys('C-c');
			else process.kill(await shell.child(), how as NodeJS.Signals);
			expect(await shell.status(), how).toBe(expected);
			await expectTerminalRestored(shell);
			expect(shell.tmux.captureWithHistory(), how).toMatch(new RegExp(`Diagnosis: +${DIAGNOSIS.replaceAll('.', '\\.')}`));
		}
		expect(readdirSync(dir!).filter(name => name.startsWith('prodex-top-crash-'))).toEqual([]);
	}, 120_000);

	test('an internal error (test-only PRODEX_TOP_TEST_THROW) restores the terminal, prints one line, exits 1; PRODEX_TOP_DEBUG adds the stack', async () => {
		const {log} = setup(LOG);
		const shell = Shell.start('prodex-top-term-crash');
		for (const kind of ['render', 'timer']) {
			expect(await shell.run(`clear; PRODEX_TOP_TEST_THROW=${kind} node ${q(CLI)} --log ${q(log)} --prodex-home ${q(join(dir!, 'no-home'))}`), kind).toBe(1);
			await expectTerminalRestored(shell);
			const screen = joined(shell.tmux);
			expect(screen).toMatch(new RegExp(`^prodex-top: internal error: test-only failure \\(PRODEX_TOP_TEST_THROW=${kind}\\) \\(details in \\S+prodex-top-crash-\\d+-\\d+\\.log\\)$`, 'm'));
			expect(screen).not.toMatch(/^\s+at /m);
			expect(screen).not.toContain('Error:');
		}
		const crashes = readdirSync(dir!).filter(name => name.startsWith('prodex-top-crash-'));
		expect(crashes).toHaveLength(2);
		for (const name of crashes) {
			expect(statSync(join(dir!, name)).mode & 0o777).toBe(0o600);
			expect(readFileSync(join(dir!, name), 'utf8')).toMatch(/test-only failure[\s\S]*\n\s+at /);
		}
		expect(await shell.run(`clear; PRODEX_TOP_DEBUG=1 PRODEX_TOP_TEST_THROW=timer node ${q(CLI)} --log ${q(log)} --prodex-home ${q(join(dir!, 'no-home'))}`)).toBe(1);
		await expectTerminalRestored(shell);
		expect(shell.tmux.captureWithHistory()).toMatch(/internal error: test-only failure[\s\S]*\n\s+at /);
	}, 90_000);

	test('a closed pane: SIGHUP from the kernel, or EIO when the hang-up is not passed on, ends it with 129, no crash, no hang', async () => {
		const {log} = setup(LOG);
		const args = `--log ${q(log)} --prodex-home ${q(join(dir!, 'no-home'))}`;
		for (const [name, wrap] of [
			['hup', (command: string) => `exec ${command}`],
			['eio', (command: string) => `trap '' HUP; ${command}; sleep 30`],
		] as const) {
			const probe = join(dir!, `probe-${name}.json`);
			const tmux = pane(`prodex-top-term-${name}`, wrap(`${paneEnv({PRODEX_TOP_TEST_PROBE: probe})} node ${q(CLI)} ${args}`));
			await tmux.waitFor(DIAGNOSIS);
			const top = Number(tmux.display('#{pane_pid}'));
			const pid = name === 'hup' ? top : await until('the CLI under sh', () => childrenOf(top)[0]);
			tmux.kill();
			await until(`${name}: the CLI ends`, () => (alive(pid) ? undefined : true));
			expect(readProbe(probe)?.exit, name).toBe(129);
		}
		expect(readdirSync(dir!).filter(entry => entry.startsWith('prodex-top-crash-'))).toEqual([]);
	}, 60_000);
});

describe('a resize storm', () => {
	test('50 resizes (straight to the pty, then through tmux) cost a few frames, and the last frame has the last size', async () => {
		const {log} = setup(LOG);
		const probe = join(dir!, 'probe.json');
		const shell = Shell.start('prodex-top-term-storm', {PRODEX_TOP_TEST_PROBE: probe});
		await shell.dashboard(`--log ${q(log)} --prodex-home ${q(join(dir!, 'no-home'))}`);
		const frameAt = (columns: number) => (screen: string) => screen.split('\n').some(line => /^┏━ Diagnosis ━+ since \d\d:\d\d:\d\d ┓$/.test(line) && stringWidth(line) === columns);

		// 50 size changes straight on the pty: up to 50 SIGWINCH, as fast as a shell loop makes them.
		const tty = shell.tmux.display('#{pane_tty}');
		const before = readProbe(probe)!;
		execFileSync('sh', ['-c', `i=1; while [ $i -le 50 ]; do stty -F ${q(tty)} cols $((60 + i)) rows $((20 + i % 10)); i=$((i + 1)); done`]);
		// The last size, 110x20, is the one drawn.
		const after = await until('probe at 110x20', () => {
			const read = readProbe(probe);
			return read?.columns === 110 && read.rows === 20 ? read : undefined;
		});
		await until('the frame at 110 columns', () => (frameAt(110)(shell.tmux.capture()) ? true : undefined));
		const resizes = after.resizes - before.resizes;
		const passed = after.passed - before.passed;
		const frames = after.frames - before.frames;
		// How many SIGWINCH the process tells apart depends on the machine's load (sizes read late are
		// read once); however many, sizes are drawn at most once per frame interval (1/15 s), and each costs about one frame.
		expect(resizes).toBeGreaterThanOrEqual(2);
		expect(passed).toBeLessThanOrEqual(resizes);
		expect(after.minGapMs).not.toBeNull();
		expect(after.minGapMs).toBeGreaterThanOrEqual(60);
		expect(frames).toBeLessThanOrEqual(2 * passed + 4);
		// Then tmux resizes the window 50 times (tmux itself passes on only some of them, spaced out), and has the last word on the size.
		for (let i = 1; i <= 50; i++) shell.tmux.resize(70 + i, 20 + (i % 15));
		await until('the frame at 120 columns', () => (frameAt(120)(shell.tmux.capture()) ? true : undefined));
		const afterTmux = await until('probe at 120x25', () => {
			const read = readProbe(probe);
			return read?.columns === 120 && read.rows === 25 ? read : undefined;
		});
		expect(afterTmux.passed).toBeLessThanOrEqual(afterTmux.resizes);
		expect(shell.tmux.capture().split('\n').length).toBeLessThanOrEqual(25 + 1);

		shell.tmux.keys('q');
		expect(await shell.status()).toBe(0);
	}, 90_000);
});
