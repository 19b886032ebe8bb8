import {spawnSync} from 'node:child_process';
import {existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {snapshotBaseName, writeSnapshot} from '../../source/tail/snapshot.js';

let dir: string | undefined;
afterEach(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});
const temp = () => (dir = mkdtempSync(join(tmpdir(), 'prodex-top-snapshot-')));

const NOW = Date.UTC(2026, 10, 28, 16, 0, 42);
const TEXTS = {text: 'screen\n', json: '{"a": 1}'};
const mode = (path: string) => statSync(path).mode & 0o777;
const written = (root: string) => readdirSync(root).sort().map(name => [name, mode(join(root, name))]);

// The built module, run in a child whose umask the test sets (a umask is per process).
const BUILT = new URL('../../dist/tail/snapshot.js', import.meta.url).href;
function writeWithUmask(umask: number, root: string): void {
	const script = `process.umask(${umask}); const {writeSnapshot} = await import(${JSON.stringify(BUILT)}); writeSnapshot(${JSON.stringify(root)}, ${JSON.stringify(TEXTS)}, ${NOW});`;
	const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], {encoding: 'utf8', timeout: 20_000});
	expect(child.stderr).toBe('');
	expect(child.status).toBe(0);
}

describe('snapshots are private (bug-report material)', () => {
	test('the .txt, .md and .json are mode 0600', () => {
		const root = temp();
		const path = writeSnapshot(root, TEXTS, NOW);
		expect(path).toBe(join(root, `${snapshotBaseName(NOW)}.txt`));
		const base = snapshotBaseName(NOW);
		expect(written(root)).toEqual([[`${base}.json`, 0o600], [`${base}.md`, 0o600], [`${base}.txt`, 0o600]]);
		expect(readFileSync(path, 'utf8')).toBe('screen\n');
		expect(readFileSync(join(root, `${base}.json`), 'utf8')).toBe('{"a": 1}\n');
	});

	for (const umask of [0, 0o022, 0o277]) {
		test(`0600 whatever the umask (umask ${umask.toString(8).padStart(3, '0')})`, () => {
			const root = temp();
			writeWithUmask(umask, root);
			const base = snapshotBaseName(NOW);
			expect(written(root)).toEqual([[`${base}.json`, 0o600], [`${base}.md`, 0o600], [`${base}.txt`, 0o600]]);
		});
	}

	test('a taken name gets a -2 suffix, also 0600; the first snapshot is left alone', () => {
		const root = temp();
		writeSnapshot(root, TEXTS, NOW);
		const second = writeSnapshot(root, {text: 'second', json: '{}'}, NOW);
		expect(second).toBe(join(root, `${snapshotBaseName(NOW)}-2.txt`));
		expect(mode(second)).toBe(0o600);
		expect(readFileSync(join(root, `${snapshotBaseName(NOW)}.txt`), 'utf8')).toBe('screen\n');
	});

	test('a symlink planted at a snapshot name is not followed', () => {
		const root = temp();
		const target = join(root, 'victim');
		writeFileSync(target, 'precious\n', {mode: 0o644});
		const base = snapshotBaseName(NOW);
		// A dangling link passes an existence check (existsSync follows it), so the write itself must refuse it.
		symlinkSync(join(root, 'not-there-yet'), join(root, `${base}.md`));
		expect(() => writeSnapshot(root, TEXTS, NOW)).toThrow(/EEXIST/);
		expect(existsSync(join(root, 'not-there-yet'))).toBe(false);
		expect(lstatSync(join(root, `${base}.md`)).isSymbolicLink()).toBe(true);
		expect(readFileSync(target, 'utf8')).toBe('precious\n');
	});
});
