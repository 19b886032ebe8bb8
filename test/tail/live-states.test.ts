import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {PassThrough} from 'node:stream';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {FileFollower} from '../../source/tail/follower.js';
import {LiveSource} from '../../source/tail/live.js';
import {Store} from '../../source/tail/store.js';

let dir: string | undefined;
let cleanup: Array<() => Promise<void> | void> = [];
afterEach(async () => {
	for (const step of cleanup) await step();
	cleanup = [];
	vi.restoreAllMocks();
	vi.useRealTimers();
	if (dir) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});

async function waitFor(predicate: () => boolean, what: () => string, timeoutMs = 10_000): Promise<void> {
	const start = Date.now();
	while (!predicate()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out; ${what()}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

function start(source: ConstructorParameters<typeof LiveSource>[1]['source'], extra: Partial<ConstructorParameters<typeof LiveSource>[1]> = {}) {
	const store = new Store({tailBytes: 131_072, batchMs: 20});
	const live = new LiveSource(store, {source, prodexHome: '/nonexistent-home', rules: 'auto', pollMs: 50, locateMs: 50, watch: false, ...extra});
	live.start();
	cleanup.push(async () => {
		await live.stop();
		store.dispose();
	});
	return store;
}

describe('live source states', () => {
	test('a backlog read faster than it is summarised says "catching up" (lines to go) until the store has worked it off', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-states-'));
		const log = join(dir, 'prodex-runtime-9-1-0.log');
		// 60,000 short lines: under the 4 MiB byte threshold, so only the lines still to summarise can say it.
		writeFileSync(log, `[t] runtime proxy log initialized pid=9 cwd=/x\n${'[t] selection_pick route=responses\n'.repeat(60_000)}`);
		writeFileSync(join(dir, 'prodex-runtime-latest.path'), `${log}\n`);
		const store = start({kind: 'dir', dir});
		const seen: string[] = [];
		store.subscribe(() => {
			const {status, caughtUp} = store.getSnapshot();
			if (!caughtUp) seen.push(`${status.kind}: ${status.text}`);
		});
		await waitFor(() => store.getSnapshot().caughtUp, () => seen.at(-1) ?? 'nothing');
		expect(seen.some(entry => /^catching-up: reading backlog: [\d,]+ lines to go$/.test(entry))).toBe(true);
		expect(store.getSnapshot().totals.lines).toBe(60_001);
		expect(store.getSnapshot().status.kind).toBe('following');
	});

	test('no pointer yet → waiting; the log appears → following, with prodex rules picked from its header', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-states-'));
		const store = start({kind: 'dir', dir});
		await waitFor(() => store.getSnapshot().status.kind === 'waiting', () => JSON.stringify(store.getSnapshot().status));
		expect(store.getSnapshot().status.text).toBe(`waiting for prodex: no pointer in ${dir} yet`);
		expect(store.getSnapshot().finalized.report.diagnosis).toBe('No runtime log pointer has been created yet.');
		const log = join(dir, 'prodex-runtime-9-1-0.log');
		writeFileSync(log, '[t] runtime proxy log initialized pid=9 cwd=/x prodex_version=0.411.0\n[t] upstream_read_error request=1\n');
		writeFileSync(join(dir, 'prodex-runtime-latest.path'), `${log}\n`);
		await waitFor(() => store.getSnapshot().caughtUp && store.getSnapshot().finalized.report.line_count === 2, () => JSON.stringify(store.getSnapshot().status));
		const snapshot = store.getSnapshot();
		expect(snapshot.run?.rules.id).toBe('current');
		expect(snapshot.status.kind).toBe('following');
		expect(snapshot.finalized.report.marker_counts.get('upstream_read_error')).toBe(1);
	});

	test('a pointer whose log is missing → waiting with the doctor diagnosis', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-states-'));
		writeFileSync(join(dir, 'prodex-runtime-latest.path'), `${join(dir, 'prodex-runtime-1-1-0.log')}\n`);
		const store = start({kind: 'dir', dir});
		await waitFor(() => store.getSnapshot().status.text === `waiting for prodex: no runtime log in ${dir} yet`, () => JSON.stringify(store.getSnapshot().status));
		expect(store.getSnapshot().finalized.report.diagnosis).toBe('Latest runtime log path does not exist. Runtime log pointer target was missing.');
	});

	test('an empty log, then its first lines', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-states-'));
		const log = join(dir, 'prodex-runtime-1.log');
		writeFileSync(log, '');
		const store = start({kind: 'file', path: log}, {rules: '0.27'});
		await waitFor(() => store.getSnapshot().caughtUp, () => JSON.stringify(store.getSnapshot().status));
		expect(store.getSnapshot().finalized.report.diagnosis).toBe('Latest runtime log is empty.');
		writeFileSync(log, '[t] selection_pick\n');
		await waitFor(() => store.getSnapshot().finalized.report.line_count === 1, () => 'no line');
	});

	test('an unreadable log is a status, not an exception, and following resumes when it is fixed', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-states-'));
		const log = join(dir, 'prodex-runtime-1.log');
		mkdirSync(log); // A directory where the log should be: opens, fails at the read.
		const store = start({kind: 'file', path: log}, {rules: '0.27'});
		await waitFor(() => store.getSnapshot().status.kind === 'unreadable', () => JSON.stringify(store.getSnapshot().status));
		expect(store.getSnapshot().status.text).toBe(`cannot read ${log}: not a regular file (a directory)`);
	});

	test('--stdin: lines from a pipe; its end is a status, not an exit', async () => {
		const stream = new PassThrough();
		const store = start({kind: 'stdin', stream});
		stream.write('[t] runtime proxy log initialized pid=1 cwd=/x\n[t] stream_read_err');
		stream.write('or request=1\n');
		await waitFor(() => store.getSnapshot().finalized.report.line_count === 2, () => JSON.stringify(store.getSnapshot().status));
		expect(store.getSnapshot().run?.label).toBe('standard input');
		expect(store.getSnapshot().run?.rules.id).toBe('0.27');
		stream.end('[t] selection_pick');
		await waitFor(() => store.getSnapshot().status.kind === 'ended', () => JSON.stringify(store.getSnapshot().status));
		expect(store.getSnapshot().status.text).toBe('standard input ended');
		expect(store.getSnapshot().finalized.report.line_count).toBe(3);
	});

	test('idle: a minute of a quiet log costs one poll a second and one locate every 3 s, nothing more', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-states-'));
		const log = join(dir, 'prodex-runtime-1-1-0.log');
		writeFileSync(log, '[t] selection_pick\n');
		writeFileSync(join(dir, 'prodex-runtime-latest.path'), `${log}\n`);
		vi.useFakeTimers({toFake: ['setTimeout', 'setInterval', 'setImmediate', 'clearTimeout', 'clearInterval', 'Date']});
		const pumps = vi.spyOn(FileFollower.prototype, 'pump');
		const store = start({kind: 'dir', dir}, {pollMs: 1000, locateMs: 3000, rules: '0.27'});
		await vi.advanceTimersByTimeAsync(2000);
		expect(store.getSnapshot().caughtUp).toBe(true);
		pumps.mockClear();
		let publishes = 0;
		store.subscribe(() => publishes++);
		await vi.advanceTimersByTimeAsync(60_000);
		expect(pumps.mock.calls.length).toBeLessThanOrEqual(61);
		expect(publishes).toBe(0);
	});
});
