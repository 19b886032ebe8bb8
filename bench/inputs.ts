/** The benchmark's large inputs, generated once per machine into a cache directory (seeded: the same bytes every time). */
import {closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {generateLogBytes, type GeneratorOptions} from '../test/helpers/generator.js';

export const INPUT_DIR = process.env['PRODEX_TOP_BENCH_DIR'] ?? join(tmpdir(), 'prodex-top-bench-inputs-v1');

/** Three ~100 MB logs: mixed text/JSON with hostile lines (the "chaos" mix), text only, JSON only. */
export const INPUTS: ReadonlyArray<{readonly name: string; readonly options: GeneratorOptions}> = [
	{
		name: 'mixed',
		options: {
			seed: 7,
			lines: 340_000,
			format: 'mixed',
			hostile: 0.02,
			hostileKinds: ['ansi', 'quoted', 'odd-fields', 'crlf', 'no-timestamp', 'odd-timestamp', 'broken-json', 'json-exotic', 'unknown-word', 'invalid-utf8', 'nul', 'lone-cr', 'unicode', 'whitespace'],
		},
	},
	{name: 'text', options: {seed: 7, lines: 520_000, format: 'text'}},
	{name: 'json', options: {seed: 7, lines: 260_000, format: 'json'}},
];

/** The path of a named input, generated on first use. */
export function inputPath(name: string): string {
	const input = INPUTS.find(entry => entry.name === name)!;
	mkdirSync(INPUT_DIR, {recursive: true});
	const path = join(INPUT_DIR, `prodex-runtime-${name}-100mb.log`);
	if (!existsSync(path)) {
		const partial = `${path}.partial`;
		const fd = openSync(partial, 'w');
		writeSync(fd, generateLogBytes(input.options));
		closeSync(fd);
		renameSync(partial, path);
	}
	return path;
}

/** A ~1 GB log: the mixed input ten times over (each copy starts with its header line, as a log with restarts would not; the doctor does not care). */
export function bigInputPath(): string {
	const path = join(INPUT_DIR, 'prodex-runtime-mixed-1gb.log');
	if (!existsSync(path)) {
		const part = readFileSync(inputPath('mixed'));
		const partial = `${path}.partial`;
		const fd = openSync(partial, 'w');
		for (let i = 0; i < 10; i++) writeSync(fd, part);
		closeSync(fd);
		renameSync(partial, path);
	}
	return path;
}

export function lineCountOf(path: string): number {
	const bytes = readFileSync(path);
	let lines = 0;
	for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines++;
	return lines;
}

export function sizeOf(path: string): number {
	return statSync(path).size;
}
