import {closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, describe, expect, test} from 'vitest';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';
import type {LogSummary} from '../../source/core/summary.js';
import type * as FileSummaryModule from '../../source/tail/file-summary.js';
import {generateLogBytes} from '../helpers/generator.js';
import {prng} from '../helpers/random.js';

// The workers run the built JavaScript (dist/, made by `npm test` before vitest), so this test
// drives dist's summarizeFile: with workers on every split, and with one thread, must agree.
const built = (await import(new URL('../../dist/tail/file-summary.js', import.meta.url).href)) as typeof FileSummaryModule;

const dir = mkdtempSync(join(tmpdir(), 'prodex-top-parallel-'));
afterAll(() => rmSync(dir, {recursive: true, force: true}));

function ordered(summary: LogSummary): unknown {
	const entries = (map: ReadonlyMap<string, unknown>): unknown[] => [...map].map(([key, value]) => [key, value instanceof Map ? entries(value) : value]);
	return Object.fromEntries(Object.entries(summary).map(([key, value]) => [key, value instanceof Map ? entries(value) : value]));
}

describe('the parallel file summary equals the one-thread summary', () => {
	const random = prng(77);
	for (const [index, options] of [
		{format: 'mixed', hostile: 0.2, longLineBytes: 40_000},
		{format: 'json', hostile: 0.05},
		{format: 'text', hostile: 0},
	].entries()) {
		const path = join(dir, `log-${index}.log`);
		const bytes = generateLogBytes({seed: 40 + index, lines: 6000, ...(options as {format: 'mixed'})});
		// Half the logs end without a newline (the last part flushes a final partial line).
		writeFileSync(path, index % 2 === 0 ? bytes.subarray(0, bytes.length - 1 - Math.floor(random() * 50)) : bytes);
		for (const rules of [RULES_027, RULES_CURRENT]) {
			test(`${options.format} log, ${rules.id} rules: whole file and tails, 2 and 5 threads`, () => {
				for (const tailBytes of [0, Math.floor(bytes.length * random()), bytes.length + 10]) {
					const one = built.summarizeFile(path, tailBytes, rules, 1, 0);
					expect(one.ok).toBe(true);
					for (const threads of [2, 5]) {
						const many = built.summarizeFile(path, tailBytes, rules, threads, 0);
						expect(many.ok).toBe(true);
						if (one.ok && many.ok) expect(ordered(many.summary)).toEqual(ordered(one.summary));
					}
				}
			});
		}
	}

	test('a read error is reported as the one-thread read reports it', () => {
		const missing = join(dir, 'missing.log');
		expect(built.summarizeFile(missing, 0, RULES_CURRENT, 2, 0)).toEqual(built.summarizeFile(missing, 0, RULES_CURRENT, 1, 0));
		// Not a regular file: refused at the open, before any worker starts.
		expect(built.summarizeFile(dir, 0, RULES_CURRENT, 2, 0)).toEqual({ok: false, error: {step: 'inspect', code: 'ENOTREG', path: dir, reason: 'not a regular file (a directory)'}});
	});

	test('lines over 1 MiB are cut and counted the same with workers as with one thread', () => {
		const path = join(dir, 'long-lines.log');
		const long = (marker: string) => `[2026-04-28T00:00:00Z] ${marker} request=1 ${'x'.repeat(1_500_000)}`;
		const lines = ['[2026-04-28T00:00:00Z] selection_pick route=responses', long('stream_read_error'), 'short', long('first_local_chunk'), long('selection_pick'), 'tail line'];
		writeFileSync(path, lines.join('\n'));
		const one = built.summarizeFile(path, 0, RULES_CURRENT, 1, 0);
		expect(one).toMatchObject({ok: true, cutLines: 3});
		if (!one.ok) return;
		// The cut lines are summarised from their first MiB: their markers count.
		expect(Object.fromEntries(one.summary.markerCounts)).toMatchObject({stream_read_error: 1, first_local_chunk: 1});
		for (const threads of [2, 5]) {
			const many = built.summarizeFile(path, 0, RULES_CURRENT, threads, 0);
			expect(many).toMatchObject({ok: true, cutLines: 3});
			if (many.ok) expect(ordered(many.summary)).toEqual(ordered(one.summary));
		}
	});

	test('splitRange cuts only after newlines and covers the range once', () => {
		const path = join(dir, 'log-2.log');
		const fd = openSync(path, 'r');
		try {
			const content = readFileSync(path);
			for (const start of [0, 1, 5000, content.length - 3]) {
				const parts = built.splitRange(fd, {start, end: content.length, dropFirst: start > 0, flush: true}, 4);
				expect(parts.at(-1)!.end).toBe(content.length);
				expect(parts.at(-1)!.flush).toBe(true);
				for (const [i, part] of parts.entries()) {
					if (i > 0) {
						expect(part.start).toBe(parts[i - 1]!.end);
						expect(content[part.start - 1]).toBe(0x0a);
					}
				}
			}
		} finally {
			closeSync(fd);
		}
	});
});
