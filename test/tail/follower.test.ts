import {appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {FileFollower, type FileChange, type FollowedLine} from '../../source/tail/follower.js';

let dir: string | undefined;
afterEach(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});

function setup(options: ConstructorParameters<typeof FileFollower>[2] = {startAt: 'start'}) {
	dir = mkdtempSync(join(tmpdir(), 'prodex-top-follow-'));
	const path = join(dir, 'prodex-runtime-1.log');
	const lines: FollowedLine[] = [];
	const changes: FileChange[] = [];
	const follower = new FileFollower(path, {lines: batch => lines.push(...batch), change: kind => changes.push(kind)}, {now: () => 42, ...options});
	const drain = () => {
		while (follower.pump()) {
			// Read everything there is.
		}
	};
	return {path, lines, changes, follower, drain, texts: () => lines.map(line => line.text)};
}

describe('FileFollower', () => {
	test('appends arrive exactly once; a partial line waits for its newline', () => {
		const t = setup();
		writeFileSync(t.path, 'one\ntw');
		t.drain();
		expect(t.texts()).toEqual(['one']);
		expect(t.follower.pendingBytes).toBe(2);
		appendFileSync(t.path, 'o\nthree\n');
		t.drain();
		t.drain();
		expect(t.texts()).toEqual(['one', 'two', 'three']);
		expect(t.lines.map(line => [line.start, line.bytes])).toEqual([
			[0, 4],
			[4, 4],
			[8, 6],
		]);
		expect(t.lines.every(line => line.arrivalMs === 42)).toBe(true);
	});

	test('a missing file is waited for, then read from its start', () => {
		const t = setup();
		t.drain();
		expect(t.follower.state).toBe('missing');
		writeFileSync(t.path, 'a\n');
		t.drain();
		expect([t.follower.state, t.texts()]).toEqual(['following', ['a']]);
		expect(t.changes).toEqual([]);
	});

	test('truncation (shorter file) restarts at byte 0 and says so', () => {
		const t = setup();
		writeFileSync(t.path, 'aaaa\nbbbb\n');
		t.drain();
		truncateSync(t.path, 0);
		appendFileSync(t.path, 'c\n');
		t.drain();
		expect(t.texts()).toEqual(['aaaa', 'bbbb', 'c']);
		expect(t.changes).toEqual(['truncated']);
		expect(t.lines.at(-1)?.start).toBe(0);
	});

	test('a rewrite in place that grew past the offset is noticed (same inode, not shorter)', () => {
		const t = setup();
		writeFileSync(t.path, 'old line 1\nold line 2\n');
		t.drain();
		// copytruncate + fast appends: the file is longer than before but holds other bytes.
		writeFileSync(t.path, 'new line 1\nnew line 2\nnew line 3\n');
		t.drain();
		expect(t.texts()).toEqual(['old line 1', 'old line 2', 'new line 1', 'new line 2', 'new line 3']);
		expect(t.changes).toEqual(['truncated']);
	});

	test('rotation: the old file is drained to its end (partial last line included), then the new one is read', () => {
		const t = setup();
		writeFileSync(t.path, 'a1\na2\n');
		t.drain();
		appendFileSync(t.path, 'a3\na4-partial');
		renameSync(t.path, `${t.path}.1`);
		writeFileSync(t.path, 'b1\n');
		t.drain();
		expect(t.texts()).toEqual(['a1', 'a2', 'a3', 'a4-partial', 'b1']);
		expect(t.changes).toEqual(['rotated']);
	});

	test('deletion drains the old file; a new file at the path appears', () => {
		const t = setup();
		writeFileSync(t.path, 'a1\n');
		t.drain();
		appendFileSync(t.path, 'a2\n');
		unlinkSync(t.path);
		t.drain();
		expect([t.follower.state, t.texts()]).toEqual(['missing', ['a1', 'a2']]);
		writeFileSync(t.path, 'b1\n');
		t.drain();
		expect(t.texts()).toEqual(['a1', 'a2', 'b1']);
		expect(t.changes).toEqual(['appeared']);
	});

	test('a line longer than the cap is cut once and the next line is intact', () => {
		const t = setup({startAt: 'start', maxLineBytes: 1000, chunkBytes: 256});
		writeFileSync(t.path, `${'x'.repeat(5000)}\nnext\n`);
		t.drain();
		expect(t.lines.map(line => [line.text.length, line.bytes, line.cut])).toEqual([
			[1000, 5001, true],
			[4, 5, false],
		]);
		expect(t.lines[1]!.start).toBe(5001);
	});

	test('a 1 MiB+ line with the default cap', () => {
		const t = setup();
		writeFileSync(t.path, `${'y'.repeat(1_100_000)}\nok\n`);
		t.drain();
		expect(t.lines.map(line => [line.text.length, line.cut])).toEqual([
			[1_048_576, true],
			[2, false],
		]);
	});

	test('startAt tail: begins at size − N and drops the partial first line (the doctor rule)', () => {
		const t = setup({startAt: {tailBytes: 10}});
		writeFileSync(t.path, 'aaaa\nbbbb\ncccc\n');
		t.drain();
		expect(t.texts()).toEqual(['cccc']);
		expect(t.lines[0]!.start).toBe(10);
	});

	test('chunked reads: many small chunks give the same lines', () => {
		const t = setup({startAt: 'start', chunkBytes: 7});
		const lines = Array.from({length: 500}, (_, i) => `line ${i} é\r`);
		writeFileSync(t.path, lines.map(line => `${line}\n`).join(''));
		let pumps = 0;
		while (t.follower.pump()) pumps++;
		expect(t.texts()).toEqual(lines.map(line => line.slice(0, -1)));
		expect(pumps).toBeGreaterThan(100);
	});

	test('invalid UTF-8 and control bytes are decoded lossily, never dropped', () => {
		const t = setup();
		writeFileSync(t.path, Buffer.from([0x61, 0xff, 0x0a, 0x1b, 0x5b, 0x32, 0x4a, 0x0a]));
		t.drain();
		expect(t.texts()).toEqual(['a\uFFFD', '\u001B[2J']);
	});

	test('an idle file costs one stat + one fstat per pump and no reads', () => {
		const t = setup();
		writeFileSync(t.path, 'a\n');
		t.drain();
		for (let i = 0; i < 5; i++) expect(t.follower.pump()).toBe(false);
		expect(t.texts()).toEqual(['a']);
	});
});
