import {spawnSync} from 'node:child_process';
import {appendFileSync, closeSync, existsSync, mkdirSync, openSync, mkdtempSync, readFileSync, rmSync, truncateSync, utimesSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {pathToFileURL} from 'node:url';
import {afterAll, afterEach, beforeAll, describe, expect, test} from 'vitest';
import {CLI, runCli} from './helpers/cli.js';
import {TmuxSession} from './helpers/tmux.js';

// Hostile files given to the built CLI: a log that is one huge line, and logs that are not
// regular files (a FIFO would block a reader for ever, /dev/zero never ends).

const dir = mkdtempSync(join(tmpdir(), 'prodex-top-hostile-cli-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

const NOTE = 'note: 1 line(s) longer than 1 MiB were cut (counted once each)';

describe('a huge line in one-shot mode: bounded memory, the summary printed, the cut line counted', () => {
	// 768 MiB with no newline after the first two lines (sparse: no disk used), then two more lines.
	const HOLE = 768 * 1024 * 1024;
	const log = join(dir, 'prodex-runtime-big.log');
	beforeAll(() => {
		const head = '[2026-04-28T00:00:00Z] runtime proxy log initialized pid=1 cwd=/x\n[2026-04-28T00:00:01Z] stream_read_error request=1\n';
		writeFileSync(log, head);
		truncateSync(log, head.length + HOLE);
		appendFileSync(log, '\n[2026-04-28T00:00:02Z] first_local_chunk request=2\n');
	});

	// The child's peak resident memory, from the kernel's own accounting at its exit (getrusage
	// ru_maxrss, the same figure as /proc/<pid>/status VmHWM), written by a preloaded module. The
	// peak cannot be missed by sampling, so the bound holds or fails the same way every run.
	const preload = join(dir, 'peak-rss.mjs');
	const peakFile = join(dir, 'peak-rss.txt');
	writeFileSync(preload, `import {writeFileSync} from 'node:fs';\nprocess.on('exit', () => writeFileSync(${JSON.stringify(peakFile)}, String(process.resourceUsage().maxRSS)));\n`);
	// Before the cap the reader held the whole line: over 8 GB for an 8 GB file, here over 768 MiB.
	const PEAK_BOUND_KIB = 256 * 1024;

	function runMeasured(args: readonly string[], stdinFile?: string) {
		rmSync(peakFile, {force: true});
		const stdin = stdinFile === undefined ? 'ignore' : openSync(stdinFile, 'r');
		const result = spawnSync(process.execPath, ['--max-old-space-size=128', '--import', pathToFileURL(preload).href, CLI, ...args], {
			encoding: 'utf8',
			stdio: [stdin, 'pipe', 'pipe'],
			timeout: 120_000,
			killSignal: 'SIGKILL',
			// Two threads (the worker path) on any machine: the bound does not depend on the core count.
			env: {...process.env, NO_COLOR: '1', PRODEX_RUNTIME_LOG_DIR: '', PRODEX_HOME: '/nonexistent/prodex-top-test-home', PRODEX_TOP_THREADS: '2'},
		});
		if (typeof stdin === 'number') closeSync(stdin);
		return {status: result.status, stdout: String(result.stdout), stderr: String(result.stderr), peakKiB: existsSync(peakFile) ? Number(readFileSync(peakFile, 'utf8')) : Number.NaN};
	}

	test('--json --tail-bytes 0: the doctor keys, every line counted, a note on stderr', () => {
		const run = runMeasured(['--json', '--tail-bytes', '0', '--rules', '0.27', '--log', log]);
		expect(run.stderr).toBe(`prodex-top: ${NOTE}\n`);
		expect(run.status).toBe(0);
		const json = JSON.parse(run.stdout) as Record<string, unknown>;
		// Four lines: the two before the hole, the hole itself (cut to its first MiB), the one after.
		expect(json).toMatchObject({line_count: 4, marker_counts: {stream_read_error: 1, first_local_chunk: 1}, log_path: log});
		expect(run.peakKiB).toBeGreaterThan(0);
		expect(run.peakKiB).toBeLessThan(PEAK_BOUND_KIB);
	}, 150_000);

	test('--once --tail-bytes 0 and --json --window all: the same count, the note in the text / on stderr', () => {
		const once = runMeasured(['--once', '--tail-bytes', '0', '--rules', '0.27', '--log', log]);
		expect([once.status, once.stderr]).toEqual([0, '']);
		expect(once.stdout.trimEnd().split('\n').at(-1)).toBe(NOTE);
		expect(once.peakKiB).toBeLessThan(PEAK_BOUND_KIB);
		const all = runMeasured(['--json', '--window', 'all', '--rules', '0.27', '--log', log]);
		expect([all.status, all.stderr]).toEqual([0, `prodex-top: ${NOTE}\n`]);
		expect(JSON.parse(all.stdout)).toMatchObject({line_count: 4});
		expect(all.peakKiB).toBeLessThan(PEAK_BOUND_KIB);
	}, 250_000);

	test('--stdin --json: the input is summarised as it arrives, never held whole', () => {
		const whole = runMeasured(['--stdin', '--json', '--tail-bytes', '0', '--rules', '0.27'], log);
		expect([whole.status, whole.stderr]).toEqual([0, `prodex-top: ${NOTE}\n`]);
		expect(JSON.parse(whole.stdout)).toMatchObject({line_count: 4, marker_counts: {stream_read_error: 1, first_local_chunk: 1}, log_path: '<stdin>'});
		expect(whole.peakKiB).toBeLessThan(PEAK_BOUND_KIB);
		// The doctor's window (the last 128 KiB) starts inside the hole: that partial line is dropped, not counted.
		const tail = runMeasured(['--stdin', '--json', '--rules', '0.27'], log);
		expect([tail.status, tail.stderr]).toEqual([0, '']);
		expect(JSON.parse(tail.stdout)).toMatchObject({line_count: 1, marker_counts: {first_local_chunk: 1}});
		expect(tail.peakKiB).toBeLessThan(PEAK_BOUND_KIB);
	}, 250_000);
});

describe('a log that is not a regular file: one line, exit 1, never a hang', () => {
	const fifo = join(dir, 'prodex-runtime-fifo.log');
	const directory = join(dir, 'prodex-runtime-dir.log');
	const socket = join(dir, 'prodex-runtime-sock.log');
	let server: Server;
	beforeAll(async () => {
		expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
		mkdirSync(directory);
		server = createServer();
		await new Promise<void>(resolve => server.listen(socket, resolve));
	});
	afterAll(() => new Promise<void>(resolve => server.close(() => resolve())));

	const cases: Array<[string, string, string]> = [
		['a FIFO', fifo, 'a FIFO'],
		['/dev/zero', '/dev/zero', 'a character device'],
		['a directory', directory, 'a directory'],
		['a socket', socket, 'a socket'],
	];
	for (const [name, path, kind] of cases) {
		for (const mode of [['--once'], ['--json'], ['--json', '--follow']]) {
			test(`--log ${name} with ${mode.join(' ')}`, () => {
				// The timeout turns a hang into a failure (status null); SIGKILL, because a process blocked
				// opening a FIFO never runs its SIGTERM handler.
				const {status, stdout, stderr} = runCli([...mode, '--log', path], {killSignal: 'SIGKILL'});
				expect(stderr).toBe(`prodex-top: cannot read ${path}: not a regular file (${kind})\n`);
				expect(stdout).toBe('');
				expect(status).toBe(1);
			});
		}
	}

	test('the newest-log fallback skips a FIFO and a socket named like newer logs; a FIFO pointer is no pointer', () => {
		const logDir = join(dir, 'logs');
		mkdirSync(logDir);
		const log = join(logDir, 'prodex-runtime-1.log');
		writeFileSync(log, '[2026-04-28T00:00:00Z] runtime_proxy_queue_overloaded lane=responses\n');
		utimesSync(log, 1000, 1000);
		expect(spawnSync('mkfifo', [join(logDir, 'prodex-runtime-2.log'), join(logDir, 'prodex-runtime-latest.path')]).status).toBe(0);
		for (const mode of [['--json'], ['--once']]) {
			const {status, stdout, stderr} = runCli([...mode, '--rules', '0.27', '--log-dir', logDir], {killSignal: 'SIGKILL'});
			expect([status, stderr]).toEqual([0, '']);
			if (mode[0] === '--json') expect(JSON.parse(stdout)).toMatchObject({log_path: log, pointer_exists: true, marker_counts: {runtime_proxy_queue_overloaded: 1}});
			else expect(stdout).toContain(`Last marker:             [2026-04-28T00:00:00Z] runtime_proxy_queue_overloaded lane=responses`);
		}
	});

	describe('the dashboard', () => {
		let session: TmuxSession | undefined;
		afterEach(() => session?.kill());
		test('--log FIFO: the one line in the terminal (before the alternate screen), exit 1', async () => {
			session = TmuxSession.start(`prodex-top-hostile-fifo-${process.pid}`, `node ${CLI} --log ${fifo}`, 220, 20, {NO_COLOR: '1', PRODEX_RUNTIME_LOG_DIR: '', CI: null, CONTINUOUS_INTEGRATION: null});
			const screen = await session.waitFor('EXITED rc=');
			expect(screen).toContain(`prodex-top: cannot read ${fifo}: not a regular file (a FIFO)`);
			expect(screen).toContain('EXITED rc=1');
		});
	});
});
