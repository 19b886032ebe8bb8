import {appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {FileFollower, type FileChange} from '../../source/tail/follower.js';

let dir: string;
afterEach(() => rmSync(dir, {recursive: true, force: true}));

function follow(path: string, refuseSymlinks: boolean) {
	const seen: string[] = [];
	const changes: Array<[FileChange, number | undefined]> = [];
	const follower = new FileFollower(path, {lines: lines => seen.push(...lines.map(line => line.text)), change: (kind, unread) => changes.push([kind, unread])}, {startAt: 'start', refuseSymlinks});
	const pumpAll = () => {
		while (follower.pump()) {
			// Read everything there is.
		}
	};
	return {follower, seen, changes, pumpAll};
}

describe('files racing the reader', () => {
	test('the log replaced by a symlink to a file outside the log dir: refused, its lines never read; a regular file again: followed', () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-race-'));
		mkdirSync(join(dir, 'logs'));
		const log = join(dir, 'logs', 'prodex-runtime-1-1-0.log');
		writeFileSync(log, 'a1\na2\n');
		writeFileSync(join(dir, 'secret.log'), 'outside\n');
		const {follower, seen, pumpAll} = follow(log, true);
		pumpAll();
		appendFileSync(log, 'a3\n');
		rmSync(log);
		symlinkSync(join(dir, 'secret.log'), log);
		pumpAll();
		expect(seen).toEqual(['a1', 'a2', 'a3']);
		expect(follower.state).toBe('unreadable');
		expect(follower.lastError).toBe('a symlink, refused as prodex refuses it in the log dir');
		rmSync(log);
		writeFileSync(log, 'b1\n');
		pumpAll();
		expect(seen).toEqual(['a1', 'a2', 'a3', 'b1']);
		expect(follower.state).toBe('following');
		// --log FILE (no log dir): the user named the path, a symlink there is followed.
		const named = follow(log, false);
		rmSync(log);
		symlinkSync(join(dir, 'secret.log'), log);
		named.pumpAll();
		expect(named.seen).toEqual(['outside']);
	});

	test('turned into a directory: a status, then followed again when a file is back; deleted and recreated: nothing lost', () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-race-'));
		const log = join(dir, 'x.log');
		writeFileSync(log, '1\n');
		const {follower, seen, pumpAll} = follow(log, true);
		pumpAll();
		rmSync(log);
		mkdirSync(log);
		pumpAll();
		expect(follower.state).toBe('unreadable');
		expect(follower.lastError).toMatch(/not a regular file \(a directory\)/);
		rmSync(log, {recursive: true});
		writeFileSync(log, '2\n');
		pumpAll();
		rmSync(log);
		pumpAll();
		writeFileSync(log, '3\n');
		pumpAll();
		expect(seen).toEqual(['1', '2', '3']);
	});

	test('copytruncate: what was read stays, the truncation is reported with the bytes known unread, later lines are read once', () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-race-'));
		const log = join(dir, 'x.log');
		writeFileSync(log, 'l1\nl2\n');
		const {seen, changes, pumpAll, follower} = follow(log, true);
		pumpAll();
		// The writer appends; a pump sees the size but the copy + truncate happen before the read.
		appendFileSync(log, 'l3\nl4\n');
		// Simulate the stat of a poll that saw the larger file without reading it.
		(follower as unknown as {seen: {size: number; mtimeMs: number}}).seen = {size: 12, mtimeMs: 0};
		writeFileSync(join(dir, 'x.log.1'), 'l1\nl2\nl3\nl4\n');
		writeFileSync(log, 'n1\n');
		pumpAll();
		expect(changes).toEqual([['truncated', 6]]);
		expect(seen).toEqual(['l1', 'l2', 'n1']);
		renameSync(join(dir, 'x.log.1'), join(dir, 'x.log.2'));
	});
});

test('each truncation is counted on screen with the bytes known lost', async () => {
	const {Store} = await import('../../source/tail/store.js');
	const {RULES_027} = await import('../../source/core/rules/index.js');
	const store = new Store({tailBytes: 131_072, now: () => 1_000_000});
	store.beginRun({logPath: '/logs/a.log', label: '/logs/a.log', rules: RULES_027, rulesReason: '--rules'}, {logPath: '/logs/a.log', pointerExists: true, logExists: true, pointerNote: null, readError: null});
	store.fileChanged('truncated', 6);
	store.fileChanged('truncated', 0);
	store.flushNow();
	expect(store.getSnapshot().notes).toContain('log truncated 2 time(s): lines written after the last read and before a truncation are lost (copytruncate rotation; 6 byte(s) known unread)');
	store.dispose();
});

test('copytruncate under a ~2k lines/s writer: nothing doubled, every truncation counted, the loss bounded by what was written', async () => {
	const {execFile} = await import('node:child_process');
	const {LiveSource} = await import('../../source/tail/live.js');
	const {Store} = await import('../../source/tail/store.js');
	dir = mkdtempSync(join(tmpdir(), 'prodex-top-race-'));
	const log = join(dir, 'prodex-runtime-1.log');
	writeFileSync(log, '');
	const store = new Store({tailBytes: 131_072, batchMs: 20});
	const live = new LiveSource(store, {source: {kind: 'file', path: log}, prodexHome: '/nonexistent-home', rules: '0.27', pollMs: 50, locateMs: 50, watch: false});
	live.start();
	try {
		const writer = new URL('../helpers/copytruncate-writer.mjs', import.meta.url).pathname;
		const result = await new Promise<{written: number; truncations: number}>((resolve, reject) => {
			execFile(process.execPath, [writer, log, '6000', '700'], {timeout: 30_000}, (error, stdout) => (error ? reject(error) : resolve(JSON.parse(stdout) as {written: number; truncations: number})));
		});
		// Let the reader finish what is left in the log.
		const settle = Date.now();
		while (Date.now() - settle < 400 || !store.getSnapshot().caughtUp) await new Promise(resolve => setTimeout(resolve, 20));
		store.flushNow();
		const snapshot = store.getSnapshot();
		const read = snapshot.totals.lines;
		const note = snapshot.notes.find(text => text.startsWith('log truncated '));
		expect(result.truncations).toBeGreaterThan(2);
		expect(note, JSON.stringify(snapshot.notes)).toMatch(new RegExp(`^log truncated ${result.truncations} time\\(s\\)`));
		expect(read).toBeLessThanOrEqual(result.written);
		expect(read).toBeGreaterThan(0);
		// The loss, printed for the record (it is inherent to copytruncate and depends on timing).
		console.log(`copytruncate: ${result.written} written, ${read} read, ${result.written - read} lost over ${result.truncations} truncations`);
	} finally {
		await live.stop();
		store.dispose();
	}
});
