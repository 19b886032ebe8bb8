import {mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {afterEach, describe, expect, test} from 'vitest';
import {reportCrash} from '../source/crash-report.js';

let dir: string | undefined;
const savedTmp = process.env['TMPDIR'];
afterEach(() => {
	if (savedTmp === undefined) delete process.env['TMPDIR'];
	else process.env['TMPDIR'] = savedTmp;
	if (dir) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});

function capture(error: unknown, env: NodeJS.ProcessEnv = {}): string {
	dir = mkdtempSync(join(tmpdir(), 'prodex-top-crash-test-'));
	process.env['TMPDIR'] = dir;
	let text = '';
	reportCrash(error, env, {write: (chunk: string | Uint8Array) => ((text += String(chunk)), true)});
	return text;
}

describe('reportCrash: one line, the details in a private file', () => {
	test('one line naming a 0600 file that holds the stack; no stack on stderr', () => {
		const text = capture(new Error('boom\nsecond line \u001B[2J\u202E'));
		expect(text).toMatch(/^prodex-top: internal error: boom \(details in \S+prodex-top-crash-\d+-\d+\.log\)\n$/);
		const [name] = readdirSync(dir!);
		expect(statSync(join(dir!, name!)).mode & 0o777).toBe(0o600);
		expect(readFileSync(join(dir!, name!), 'utf8')).toMatch(/^Error: boom[\s\S]*\n\s+at /);
	});

	test('PRODEX_TOP_DEBUG adds the stack; a control or bidi character in the message is printed harmlessly', () => {
		const text = capture(new Error('bad \u001B]2;x\u0007 \u202Evalue'), {PRODEX_TOP_DEBUG: '1'});
		expect(text.split('\n')[0]).toMatch(/^prodex-top: internal error: bad  \]2;x  ⟨U\+202E⟩value \(details in /);
		expect(text).toMatch(/\n\s+at /);
		expect(capture('not an error', {PRODEX_TOP_DEBUG: '0'})).toMatch(/^prodex-top: internal error: not an error \(details in [^\n]+\)\n$/);
	});

	test('a file already there (a symlink planted in the temp dir) is not written through', () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-crash-test-'));
		process.env['TMPDIR'] = dir;
		const realNow = Date.now;
		Date.now = () => 1234;
		try {
			symlinkSync(join(dir, 'target'), join(dir, `prodex-top-crash-${process.pid}-1234.log`));
			let text = '';
			reportCrash(new Error('x'), {}, {write: (chunk: string | Uint8Array) => ((text += String(chunk)), true)});
			expect(text).toBe('prodex-top: internal error: x (details could not be saved)\n');
			expect(readdirSync(dir)).not.toContain('target');
		} finally {
			Date.now = realNow;
		}
	});
});
