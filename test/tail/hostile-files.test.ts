import {spawnSync} from 'node:child_process';
import {appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, truncateSync, unlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {Readable} from 'node:stream';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {MAX_LINE_BYTES} from '../../source/core/line-splitter.js';
import {doctorOnce, doctorOnceFromStream} from '../../source/tail/doctor-once.js';
import {FileFollower, type FollowedLine} from '../../source/tail/follower.js';
import {LiveSource} from '../../source/tail/live.js';
import {MAX_POINTER_BYTES, locateLog, readPointer} from '../../source/tail/locate.js';
import {notRegularReason, openRegular} from '../../source/tail/open-regular.js';
import {readFirstLine, readTail, tailErrorText} from '../../source/tail/read-tail.js';
import {refusedSource} from '../../source/tail/session.js';
import {Store} from '../../source/tail/store.js';
import {generateLogBytes} from '../helpers/generator.js';
import {prng} from '../helpers/random.js';

// A prodex root that never exists, so no test reads the machine's ~/.prodex.
const NO_HOME = '/nonexistent/prodex-top-test-home';

let dir: string | undefined;
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const step of cleanup) await step();
	cleanup = [];
	if (dir) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});
const temp = () => (dir = mkdtempSync(join(tmpdir(), 'prodex-top-hostile-')));

function mkfifo(path: string): string {
	const made = spawnSync('mkfifo', [path]);
	if (made.status !== 0) throw new Error(`mkfifo failed: ${String(made.stderr)}`);
	return path;
}

async function socketAt(path: string): Promise<string> {
	const server: Server = createServer();
	await new Promise<void>(resolve => server.listen(path, resolve));
	cleanup.push(() => new Promise<void>(resolve => server.close(() => resolve())));
	return path;
}

async function waitFor(predicate: () => boolean, what: () => string, timeoutMs = 10_000): Promise<void> {
	const start = Date.now();
	while (!predicate()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out; ${what()}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

/** Each kind of non-regular file, made in `root`, and what the refusal calls it. */
const KINDS: Array<[string, (root: string) => Promise<string> | string, string]> = [
	['a FIFO', root => mkfifo(join(root, 'prodex-runtime-fifo.log')), 'not a regular file (a FIFO)'],
	['a directory', root => {
		mkdirSync(join(root, 'prodex-runtime-dir.log'));
		return join(root, 'prodex-runtime-dir.log');
	}, 'not a regular file (a directory)'],
	['a character device (/dev/zero)', () => '/dev/zero', 'not a regular file (a character device)'],
	['a socket', root => socketAt(join(root, 'prodex-runtime-sock.log')), 'not a regular file (a socket)'],
	['a symlink to a FIFO', root => {
		const fifo = mkfifo(join(root, 'target.fifo'));
		symlinkSync(fifo, join(root, 'prodex-runtime-link.log'));
		return join(root, 'prodex-runtime-link.log');
	}, 'not a regular file (a FIFO)'],
];

// A test that blocks (a FIFO opened without O_NONBLOCK waits for a writer forever) fails on the test timeout.
describe('anything but a regular file is refused, never opened blocking or read forever', () => {
	for (const [name, make, reason] of KINDS) {
		test(`${name}: --log refused in every window; no first line; the live modes refuse it too`, async () => {
			const path = await make(temp());
			expect(notRegularReason(path)).toBe(reason);
			expect(openRegular(path)).toMatchObject({ok: false, code: 'ENOTREG', reason});
			for (const window of ['doctor', '1m', 'all'] as const) {
				for (const tailBytes of [0, 131_072]) {
					expect(doctorOnce({source: {kind: 'file', path}, prodexHome: NO_HOME, tailBytes, rules: '0.27', window})).toEqual({fatal: `cannot read ${path}: ${reason}`});
				}
			}
			expect(readFirstLine(path)).toBeNull();
			const read = readTail(path, 0, () => undefined);
			expect(read.ok).toBe(false);
			if (!read.ok) expect(read.error).toMatchObject({code: 'ENOTREG', reason});
			expect(refusedSource({kind: 'file', path})).toBe(`cannot read ${path}: ${reason}`);
		});
	}

	test('a regular file and a missing one are not refused (a missing --log is waited for)', () => {
		const root = temp();
		writeFileSync(join(root, 'a.log'), 'x\n');
		expect(notRegularReason(join(root, 'a.log'))).toBeNull();
		expect(notRegularReason(join(root, 'missing.log'))).toBeNull();
		expect(refusedSource({kind: 'file', path: join(root, 'missing.log')})).toBeNull();
		expect(refusedSource({kind: 'dir', dir: root})).toBeNull();
		expect(openRegular(join(root, 'missing.log'))).toEqual({ok: false, step: 'open', code: 'ENOENT'});
		// The doctor's error text for other failures is unchanged.
		expect(tailErrorText({step: 'open', code: 'ENOENT', path: '/x'})).toBe('failed to open /x');
	});
});

describe('the newest-log fallback skips non-regular entries (as prodex: regular files only, no note)', () => {
	for (const [name, make] of KINDS.filter(([kind]) => kind !== 'a character device (/dev/zero)')) {
		test(`${name} named like the newest log is skipped`, async () => {
			const logDir = temp();
			const log = join(logDir, 'prodex-runtime-1.log');
			writeFileSync(log, '[2026-04-28T00:00:00Z] runtime_proxy_queue_overloaded lane=responses\n');
			utimesSync(log, 1000, 1000);
			const odd = await make(logDir);
			expect(locateLog(logDir)).toMatchObject({logPath: log, note: null});
			// The pointer naming it is rejected too: the regular log is sampled.
			writeFileSync(join(logDir, 'prodex-runtime-latest.path'), `${odd}\n`);
			expect(readPointer(logDir)).toBeNull();
			const result = doctorOnce({source: {kind: 'dir', dir: logDir}, prodexHome: NO_HOME, tailBytes: 131_072, rules: '0.27'});
			if ('fatal' in result) throw new Error(result.fatal);
			expect(result.finalized.report.log_path).toBe(log);
			expect(Object.fromEntries(result.finalized.report.marker_counts)).toEqual({runtime_proxy_queue_overloaded: 1});
		});
	}

	test('only non-regular entries: no log (the doctor\'s "does not exist"), no block', async () => {
		const logDir = temp();
		mkfifo(join(logDir, 'prodex-runtime-1.log'));
		await socketAt(join(logDir, 'prodex-runtime-2.log'));
		const result = doctorOnce({source: {kind: 'dir', dir: logDir}, prodexHome: NO_HOME, tailBytes: 131_072, rules: '0.27'});
		if ('fatal' in result) throw new Error(result.fatal);
		expect(result.finalized.report.log_path).toBeNull();
	});
});

describe('the pointer file is read with a bound, never blocking', () => {
	const setup = () => {
		const logDir = temp();
		const log = join(logDir, 'prodex-runtime-7.log');
		writeFileSync(log, 'x\n');
		return {logDir, log, pointer: join(logDir, 'prodex-runtime-latest.path')};
	};

	test('a FIFO, a directory or a socket as the pointer is no pointer (it still exists)', async () => {
		for (const make of [(p: string) => mkfifo(p), (p: string) => mkdirSync(p), (p: string) => socketAt(p)]) {
			const {logDir, log, pointer} = setup();
			await make(pointer);
			expect(readPointer(logDir)).toBeNull();
			expect(locateLog(logDir)).toMatchObject({pointerExists: true, pointerTarget: null, logPath: log, note: null});
		}
	});

	test('a huge pointer (sparse, 1 GiB) is read only up to its first line', () => {
		const {logDir, log, pointer} = setup();
		writeFileSync(pointer, `${log}\n`);
		truncateSync(pointer, 1024 ** 3);
		expect(readPointer(logDir)).toBe(log);
	});

	test(`a first line longer than ${MAX_POINTER_BYTES} bytes is no pointer; one just inside is read`, () => {
		const {logDir, log, pointer} = setup();
		// Leading spaces are trimmed, so the path still validates when the line fits the bound.
		const padded = (total: number) => `${' '.repeat(total - log.length)}${log}`;
		writeFileSync(pointer, `${padded(MAX_POINTER_BYTES - 1)}\nrest`);
		expect(readPointer(logDir)).toBe(log);
		writeFileSync(pointer, `${padded(MAX_POINTER_BYTES)}\n`);
		expect(readPointer(logDir)).toBeNull();
		writeFileSync(pointer, padded(MAX_POINTER_BYTES + 10));
		expect(readPointer(logDir)).toBeNull();
		// A short pointer without a newline is its own first line.
		writeFileSync(pointer, log);
		expect(readPointer(logDir)).toBe(log);
	});
});

describe('one-shot lines are cut at 1 MiB and counted, like the follower', () => {
	test('a 3 MiB line: its first MiB is the line, the next lines are intact, one cut counted', () => {
		const path = join(temp(), 'prodex-runtime-1.log');
		writeFileSync(path, `first\n${'y'.repeat(3 * MAX_LINE_BYTES)}\nlast\n`);
		const lines: string[] = [];
		const read = readTail(path, 0, line => lines.push(line));
		expect(read).toMatchObject({ok: true, cutLines: 1});
		expect(lines.map(line => line.length)).toEqual([5, MAX_LINE_BYTES, 4]);
		expect([lines[0], lines[2]]).toEqual(['first', 'last']);
	});

	test('a line exactly at the cap is not cut; one byte more is; a cut last line without a newline counts', () => {
		const path = join(temp(), 'prodex-runtime-1.log');
		writeFileSync(path, `${'a'.repeat(MAX_LINE_BYTES)}\n${'b'.repeat(MAX_LINE_BYTES + 1)}\n${'c'.repeat(MAX_LINE_BYTES + 5)}`);
		const lines: string[] = [];
		expect(readTail(path, 0, line => lines.push(line))).toMatchObject({ok: true, cutLines: 2});
		expect(lines.map(line => [line[0], line.length])).toEqual([['a', MAX_LINE_BYTES], ['b', MAX_LINE_BYTES], ['c', MAX_LINE_BYTES]]);
	});

	test('the tail rule\'s dropped first line is not counted even when it was cut', () => {
		const path = join(temp(), 'prodex-runtime-1.log');
		writeFileSync(path, `${'z'.repeat(2 * MAX_LINE_BYTES)}\nkept\n`);
		const lines: string[] = [];
		expect(readTail(path, 2 * MAX_LINE_BYTES, line => lines.push(line))).toMatchObject({ok: true, cutLines: 0});
		expect(lines).toEqual(['kept']);
	});

	test('doctorOnce reports the cut lines of every window and of --stdin', () => {
		const root = temp();
		const path = join(root, 'prodex-runtime-1.log');
		const content = `[2026-04-28T00:00:00Z] stream_read_error request=1 ${'x'.repeat(2 * MAX_LINE_BYTES)}\n[2026-04-28T00:00:01Z] first_local_chunk request=2\n`;
		writeFileSync(path, content);
		for (const window of ['doctor', 'all'] as const) {
			const result = doctorOnce({source: {kind: 'file', path}, prodexHome: NO_HOME, tailBytes: 0, rules: '0.27', window});
			if ('fatal' in result) throw new Error(result.fatal);
			expect(result.cutLines).toBe(1);
			expect(result.finalized.report.line_count).toBe(2);
			// The cut line is summarised from its first MiB: its marker counts.
			expect(Object.fromEntries(result.finalized.report.marker_counts)).toEqual({stream_read_error: 1, first_local_chunk: 1});
		}
		const stdin = doctorOnce({source: {kind: 'stdin'}, prodexHome: NO_HOME, tailBytes: 0, rules: '0.27', stdinBytes: Buffer.from(content)});
		if ('fatal' in stdin) throw new Error(stdin.fatal);
		expect([stdin.cutLines, stdin.finalized.report.line_count]).toEqual([1, 2]);
		// Nothing cut, nothing said.
		writeFileSync(path, '[2026-04-28T00:00:01Z] first_local_chunk request=2\n');
		const plain = doctorOnce({source: {kind: 'file', path}, prodexHome: NO_HOME, tailBytes: 0, rules: '0.27'});
		if ('fatal' in plain) throw new Error(plain.fatal);
		expect(plain.cutLines).toBe(0);
	});
});

describe('the follower and the live source never open a non-regular file', () => {
	test('a FIFO at the path is unreadable (not opened); replaced by a regular file, it is followed', () => {
		const root = temp();
		const path = mkfifo(join(root, 'prodex-runtime-1.log'));
		const lines: FollowedLine[] = [];
		const follower = new FileFollower(path, {lines: batch => lines.push(...batch), change: () => undefined}, {startAt: 'start'});
		expect(follower.pump()).toBe(false);
		expect([follower.state, follower.lastError]).toEqual(['unreadable', 'not a regular file (a FIFO)']);
		unlinkSync(path);
		writeFileSync(path, 'one\n');
		while (follower.pump()) {
			// Drain.
		}
		expect([follower.state, lines.map(line => line.text)]).toEqual(['following', ['one']]);
		follower.close();
	});

	test('a followed log replaced by a FIFO: the old file is drained, then the path is unreadable', () => {
		const root = temp();
		const path = join(root, 'prodex-runtime-1.log');
		writeFileSync(path, 'one\n');
		const lines: FollowedLine[] = [];
		const follower = new FileFollower(path, {lines: batch => lines.push(...batch), change: () => undefined}, {startAt: 'start'});
		follower.pump();
		appendFileSync(path, 'two\n');
		renameSync(path, join(root, 'old.log'));
		mkfifo(path);
		while (follower.pump()) {
			// Drain.
		}
		expect(lines.map(line => line.text)).toEqual(['one', 'two']);
		expect([follower.state, follower.lastError]).toEqual(['unreadable', 'not a regular file (a FIFO)']);
		follower.close();
	});

	test('--log that is a FIFO once the session runs: an on-screen "cannot read" state; a regular file later is followed', async () => {
		const root = temp();
		const path = join(root, 'prodex-runtime-1.log');
		const store = new Store({tailBytes: 131_072, batchMs: 20});
		const live = new LiveSource(store, {source: {kind: 'file', path}, prodexHome: NO_HOME, rules: 'auto', pollMs: 50, locateMs: 50, watch: false});
		cleanup.push(async () => {
			await live.stop();
			store.dispose();
		});
		mkfifo(path);
		live.start();
		await waitFor(() => store.getSnapshot().status.kind === 'unreadable', () => JSON.stringify(store.getSnapshot().status));
		expect(store.getSnapshot().status.text).toBe(`cannot read ${path}: not a regular file (a FIFO)`);
		unlinkSync(path);
		writeFileSync(path, '[2026-04-28T00:00:00Z] runtime proxy log initialized pid=1 cwd=/x\n[2026-04-28T00:00:01Z] selection_pick route=responses\n');
		await waitFor(() => store.getSnapshot().finalized.report.line_count === 2, () => JSON.stringify(store.getSnapshot().status));
		expect(store.getSnapshot().status.kind).toBe('following');
	});
});

describe('--stdin once is read as it arrives (bounded memory), with the same summary as the whole input', () => {
	const random = prng(2026);
	const input = Buffer.concat([
		Buffer.from('[2026-04-28T00:00:00Z] runtime proxy log initialized pid=1 cwd=/x prodex_version=0.411.0\n'),
		Buffer.from(generateLogBytes({seed: 9, lines: 3000, format: 'mixed', hostile: 0.1})),
		Buffer.from(`[2026-04-28T00:00:09Z] stream_read_error request=5 ${'q'.repeat(MAX_LINE_BYTES + 100)}\nend without newline`),
	]);
	// Readable.from yields each chunk as its own read (a PassThrough written ahead would hand all of it over at once).
	const stream = (bytes: Uint8Array) => {
		const chunks: Uint8Array[] = [];
		// Chunks of 1 byte to 200 KiB (the first ones tiny, so the header line spans chunks): lines,
		// the header and the window start fall anywhere.
		for (let at = 0, n = 0; at < bytes.length; n++) {
			const size = n < 8 ? 1 + Math.floor(random() * 20) : 1 + Math.floor(random() ** 3 * 200_000);
			chunks.push(bytes.subarray(at, at + size));
			at += size;
		}
		return Readable.from(chunks);
	};
	const cases: Array<[number, 'doctor' | 'all' | '1h']> = [[131_072, 'doctor'], [0, 'doctor'], [input.length - 7, 'doctor'], [input.length + 10, 'doctor'], [MAX_LINE_BYTES + 50, 'doctor'], [131_072, 'all'], [131_072, '1h']];
	for (const [tailBytes, window] of cases) {
		test(`tail ${tailBytes}, window ${window}`, async () => {
			const base = {source: {kind: 'stdin'} as const, prodexHome: NO_HOME, tailBytes, rules: 'auto' as const, window, clock: () => 1_777_334_400};
			// The reference is the file reader (independent code): the same bytes as a --log file.
			const path = join(temp(), 'prodex-runtime-1.log');
			writeFileSync(path, input);
			const file = doctorOnce({...base, source: {kind: 'file', path}});
			if ('fatal' in file) throw new Error(file.fatal);
			const whole = doctorOnce({...base, stdinBytes: input});
			if ('fatal' in whole) throw new Error(whole.fatal);
			const streamed = await doctorOnceFromStream(base, stream(input));
			expect(streamed.rulesReason).toBe('auto: log header says prodex 0.411.0');
			const report = (result: typeof file) => ({...result.finalized.report, log_path: null});
			expect(report(streamed)).toEqual(report(file));
			expect(report(whole)).toEqual(report(file));
			expect(streamed.finalized.report.line_count).toBeGreaterThan(0);
			expect([streamed.cutLines, whole.cutLines]).toEqual([file.cutLines, file.cutLines]);
		});
	}
	test('the cut line is counted when it is in the window; an empty input is the empty log', async () => {
		const streamed = await doctorOnceFromStream({source: {kind: 'stdin'}, prodexHome: NO_HOME, tailBytes: 0, rules: 'auto'}, stream(input));
		expect(streamed.cutLines).toBe(1);
		const empty = await doctorOnceFromStream({source: {kind: 'stdin'}, prodexHome: NO_HOME, tailBytes: 0, rules: '0.27'}, stream(new Uint8Array()));
		expect(empty.finalized.report.diagnosis).toBe('Latest runtime log is empty.');
	});
});
