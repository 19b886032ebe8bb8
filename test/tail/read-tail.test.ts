import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {tailLines} from '../../source/core/line-splitter.js';
import {doctorOnce} from '../../source/tail/doctor-once.js';
import {readFirstLine, readTail, tailErrorText} from '../../source/tail/read-tail.js';

// A prodex root that never exists, so no test reads the machine's ~/.prodex.
const NO_HOME = '/nonexistent/prodex-top-test-home';

let dir: string | undefined;
afterEach(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});
const temp = () => (dir = mkdtempSync(join(tmpdir(), 'prodex-top-tail-')));

function linesOfFile(path: string, tailBytes: number): string[] {
	const lines: string[] = [];
	const result = readTail(path, tailBytes, line => lines.push(line));
	if (!result.ok) throw new Error(tailErrorText(result.error));
	return lines;
}

describe('tail window (docs/log-format.md §1.6, docs/parsing.md T1–T3)', () => {
	test('F4: a 131136-byte line pushes the overload marker out of the default window', () => {
		const path = join(temp(), 'prodex-runtime-1.log');
		writeFileSync(path, `[2026-04-28T00:00:00Z] runtime_proxy_queue_overloaded lane=responses\n${'x'.repeat(131_136)}\n[2026-04-28T00:00:01Z] first_local_chunk route=responses\n`);
		const counts = (tailBytes: number) => {
			const result = doctorOnce({source: {kind: 'file', path}, prodexHome: NO_HOME, tailBytes, rules: '0.27'});
			if ('fatal' in result) throw new Error(result.fatal);
			return Object.fromEntries(result.finalized.report.marker_counts);
		};
		expect(counts(131_072)).toEqual({first_local_chunk: 1});
		expect(counts(0)).toEqual({runtime_proxy_queue_overloaded: 1, first_local_chunk: 1});
		expect(counts(10_000_000)).toEqual({runtime_proxy_queue_overloaded: 1, first_local_chunk: 1});
	});
	test('the first line is dropped when the window starts exactly at a line start', () => {
		const path = join(temp(), 'a.log');
		writeFileSync(path, 'aaaa\nbbbb\ncccc\n');
		expect(linesOfFile(path, 10)).toEqual(['cccc']);
		expect(linesOfFile(path, 11)).toEqual(['bbbb', 'cccc']);
		expect(linesOfFile(path, 15)).toEqual(['aaaa', 'bbbb', 'cccc']);
		expect(linesOfFile(path, 0)).toEqual(['aaaa', 'bbbb', 'cccc']);
	});
	test('a window without any newline keeps the whole buffer', () => {
		const path = join(temp(), 'a.log');
		writeFileSync(path, `${'x'.repeat(100)}`);
		expect(linesOfFile(path, 10)).toEqual(['x'.repeat(10)]);
	});
	test('CRLF, bare CR, blank lines, a final line without newline', () => {
		const path = join(temp(), 'a.log');
		writeFileSync(path, 'a\r\n\r\n \nb\rc\nlast\r');
		expect(linesOfFile(path, 0)).toEqual(['a', '', ' ', 'b\rc', 'last\r']);
	});
	test('T2: invalid UTF-8 becomes U+FFFD per maximal subpart; a BOM is kept', () => {
		const path = join(temp(), 'a.log');
		writeFileSync(path, Buffer.from([0xef, 0xbb, 0xbf, 0x61, 0x0a, 0xe2, 0x82, 0x62, 0xff, 0x0a, 0xf0, 0x9f, 0x98, 0x80, 0x0a]));
		expect(linesOfFile(path, 0)).toEqual(['\uFEFFa', '\uFFFDb\uFFFD', '\u{1F600}']);
	});
	test('a window starting inside a multi-byte character drops that partial line', () => {
		expect(tailLines(Buffer.from('\x80\x80 tail\nnext\n', 'latin1'), 5)).toEqual(['next']);
	});
	test('reads in chunks: a 3 MB file gives every line', () => {
		const path = join(temp(), 'big.log');
		const lines = Array.from({length: 60_000}, (_, i) => `line ${i} ${'y'.repeat(40)}`);
		writeFileSync(path, `${lines.join('\n')}\n`);
		expect(linesOfFile(path, 0)).toEqual(lines);
	});
	test('readFirstLine', () => {
		const path = join(temp(), 'a.log');
		writeFileSync(path, 'first\r\nsecond\n');
		expect(readFirstLine(path)).toBe('first');
		writeFileSync(path, 'only');
		expect(readFirstLine(path)).toBe('only');
		expect(readFirstLine(join(dir!, 'missing'))).toBeNull();
	});
});

describe('read errors (docs/parsing.md S1–S2)', () => {
	test('a directory given as --log is refused (one line, the CLI exits 1), in every window', () => {
		const path = join(temp(), 'prodex-runtime-dir.log');
		mkdirSync(path);
		for (const window of ['doctor', 'all'] as const) {
			const result = doctorOnce({source: {kind: 'file', path}, prodexHome: NO_HOME, tailBytes: 131_072, rules: '0.27', window});
			expect(result).toEqual({fatal: `cannot read ${path}: not a regular file (a directory)`});
		}
	});
	test('a missing --log file is not an error', () => {
		const path = join(temp(), 'missing.log');
		const result = doctorOnce({source: {kind: 'file', path}, prodexHome: NO_HOME, tailBytes: 131_072, rules: '0.27'});
		if ('fatal' in result) throw new Error(result.fatal);
		expect(result.finalized.report.diagnosis).toBe('Latest runtime log path does not exist.');
		expect(result.finalized.report.pointer_exists).toBe(true);
	});
	test('an empty file', () => {
		const path = join(temp(), 'empty.log');
		writeFileSync(path, '');
		const result = doctorOnce({source: {kind: 'file', path}, prodexHome: NO_HOME, tailBytes: 131_072, rules: '0.27'});
		if ('fatal' in result) throw new Error(result.fatal);
		expect(result.finalized.report.diagnosis).toBe('Latest runtime log is empty.');
	});
	test('--stdin applies the window to the input bytes', () => {
		const input = Buffer.from('[t] runtime_proxy_queue_overloaded a=1\n[t] first_local_chunk b=2\n');
		const result = doctorOnce({source: {kind: 'stdin'}, prodexHome: NO_HOME, tailBytes: 30, rules: '0.27', stdinBytes: input});
		if ('fatal' in result) throw new Error(result.fatal);
		expect(Object.fromEntries(result.finalized.report.marker_counts)).toEqual({first_local_chunk: 1});
		expect(result.finalized.report.log_path).toBe('<stdin>');
	});
});
