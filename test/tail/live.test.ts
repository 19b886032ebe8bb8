import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {LiveSource} from '../../source/tail/live.js';
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
