import {spawn} from 'node:child_process';
import {appendFileSync, mkdtempSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {LiveSource} from '../../source/tail/live.js';
import {POINTER_NAME} from '../../source/tail/locate.js';
import {Store} from '../../source/tail/store.js';

let dir: string | undefined;
afterEach(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});

const WRITER = new URL('../helpers/log-writer.mjs', import.meta.url).pathname;

/** Run the writer; `onSync(n)` must resolve once the reader has seen n lines of the current run. */
function runWriter(logDir: string, seed: number, perPhase: number, pauseMs: number, onSync: (lines: number) => Promise<void>): Promise<{a: number; b: number}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [WRITER, logDir, String(seed), String(perPhase), String(pauseMs)], {stdio: ['pipe', 'pipe', 'inherit']});
		let out = '';
		let result: {a: number; b: number} | undefined;
		child.stdout.on('data', chunk => {
			out += chunk;
			let newline: number;
			while ((newline = out.indexOf('\n')) !== -1) {
				const message = out.slice(0, newline);
				out = out.slice(newline + 1);
				if (message.startsWith('SYNC ')) void onSync(Number(message.slice(5))).then(() => child.stdin.write('go\n'), reject);
				if (message.startsWith('DONE ')) result = JSON.parse(message.slice(5)) as {a: number; b: number};
			}
		});
		child.on('error', reject);
		child.on('exit', code => (code === 0 && result ? resolve(result) : reject(new Error(`writer exited ${code}`))));
	});
}

async function waitFor(predicate: () => boolean, timeoutMs: number, describeState: () => string): Promise<void> {
	const start = Date.now();
	while (!predicate()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out: ${describeState()}`);
		await new Promise(resolve => setTimeout(resolve, 20));
	}
}

// 100k lines written by another process in bursts, with a rotation, a truncation and a pointer
// switch in the middle: every line written is seen exactly once, in every repetition.
describe('following a live log written by another process', () => {
	test.each([
		{seed: 1, watch: true},
		{seed: 2, watch: true},
		{seed: 3, watch: false},
	])('seed $seed, watcher $watch: lines seen == lines written', async ({seed, watch}) => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-live-'));
		const store = new Store({tailBytes: 131_072, batchMs: 50});
		const live = new LiveSource(store, {source: {kind: 'dir', dir}, prodexHome: join(dir, 'home'), rules: '0.27', pollMs: 200, locateMs: 300, watch});
		live.start();
		try {
			const written = await runWriter(dir, seed, 25_000, 300, lines =>
				waitFor(
					() => {
						store.flushNow();
						return store.getSnapshot().totals.lines >= lines;
					},
					30_000,
					() => `sync at ${lines}: ${store.getSnapshot().totals.lines}`,
				),
			);
			const seen = () => {
				const snapshot = store.getSnapshot();
				return {runs: snapshot.previousRuns.map(run => run.lines).reverse(), current: snapshot.totals.lines};
			};
			await waitFor(
				() => {
					store.flushNow();
					const {runs, current} = seen();
					return runs.length === 1 && current === written.b;
				},
				30_000,
				() => JSON.stringify({written, ...seen()}),
			);
			const {runs, current} = seen();
			expect(runs).toEqual([written.a]);
			expect(current).toBe(written.b);
			expect(written.a + written.b).toBe(100_002);
			expect(store.getSnapshot().run?.logPath).toBe(join(dir, 'prodex-runtime-200-1745463600000-0.log'));
		} finally {
			await live.stop();
			store.dispose();
		}
	}, 60_000);
});

// With the poll and the re-locate an hour apart, only the directory hint can bring these in.
describe('the directory hint', () => {
	const HOUR = 3_600_000;
	const logName = (pid: number) => `prodex-runtime-${pid}-1745460000000-0.log`;

	test('dir source: appends, a new log and its pointer are seen without a poll', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-hint-'));
		const first = join(dir, logName(11));
		writeFileSync(first, '[2025-04-24 09:00:00.000 +07:00] runtime proxy log initialized pid=11 cwd=/w\n');
		writeFileSync(join(dir, POINTER_NAME), `${first}\n`);
		const store = new Store({tailBytes: 131_072, batchMs: 10});
		const live = new LiveSource(store, {source: {kind: 'dir', dir}, prodexHome: join(dir, 'home'), rules: '0.27', pollMs: HOUR, locateMs: HOUR});
		live.start();
		const lines = () => {
			store.flushNow();
			return store.getSnapshot().totals.lines;
		};
		try {
			await waitFor(() => lines() === 1, 10_000, () => `lines ${lines()}`);
			appendFileSync(first, '[2025-04-24 09:00:01.000 +07:00] selection_pick route=responses\n');
			await waitFor(() => lines() === 2, 10_000, () => `after append: ${lines()}`);
			const second = join(dir, logName(12));
			writeFileSync(second, '[2025-04-24 09:00:02.000 +07:00] runtime proxy log initialized pid=12 cwd=/w\n[2025-04-24 09:00:02.000 +07:00] stream_read_error\n');
			writeFileSync(join(dir, POINTER_NAME), `${second}\n`);
			await waitFor(() => store.getSnapshot().run?.logPath === second && lines() === 2, 10_000, () => `run ${store.getSnapshot().run?.logPath}: ${lines()}`);
			expect(store.getSnapshot().previousRuns.map(run => run.lines)).toEqual([2]);
		} finally {
			await live.stop();
			store.dispose();
		}
	}, 30_000);

	test('file source: appends to the file, and to the file that replaced it, are seen without a poll', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-hint-'));
		const path = join(dir, 'some.log');
		writeFileSync(path, 'a selection_pick\n');
		writeFileSync(join(dir, 'other.log'), '');
		const store = new Store({tailBytes: 131_072, batchMs: 10});
		const live = new LiveSource(store, {source: {kind: 'file', path}, prodexHome: join(dir, 'home'), rules: '0.27', pollMs: HOUR, locateMs: HOUR});
		live.start();
		const marker = (name: string) => {
			store.flushNow();
			return store.getSnapshot().finalized.report.marker_counts.get(name) ?? 0;
		};
		try {
			await waitFor(() => marker('selection_pick') === 1, 10_000, () => 'first line');
			appendFileSync(path, 'b stream_read_error\n');
			await waitFor(() => marker('stream_read_error') === 1, 10_000, () => 'append');
			writeFileSync(`${path}.new`, 'c first_local_chunk\n');
			renameSync(`${path}.new`, path);
			await waitFor(() => marker('first_local_chunk') === 1, 10_000, () => 'replaced');
			appendFileSync(path, 'd first_local_chunk\n');
			await waitFor(() => marker('first_local_chunk') === 2, 10_000, () => 'append to the new file');
		} finally {
			await live.stop();
			store.dispose();
		}
	}, 30_000);
});
