import {spawn} from 'node:child_process';
import {appendFileSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {CLI} from './helpers/cli.js';

let dir: string | undefined;
afterEach(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});

type Record = {line_count: number; diagnosis: string; window: string; run: string; generated_at: string; marker_counts: {[k: string]: number}};

describe('--json --follow', () => {
	test('one JSON object per update until interrupted; each has window, run and generated_at', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-follow-cli-'));
		const log = join(dir, 'prodex-runtime-1-1-0.log');
		writeFileSync(log, '[2025-04-24 10:00:00.000 +07:00] runtime proxy log initialized pid=1 cwd=/x\n[2025-04-24 10:00:01.000 +07:00] selection_pick profile=main\n');
		writeFileSync(join(dir, 'prodex-runtime-latest.path'), `${log}\n`);
		const child = spawn(process.execPath, [CLI, '--log-dir', dir, '--json', '--follow', '--window', 'all'], {env: {...process.env, NO_COLOR: '1'}});
		const records: Record[] = [];
		let buffer = '';
		child.stdout.on('data', chunk => {
			buffer += chunk;
			let newline: number;
			while ((newline = buffer.indexOf('\n')) !== -1) {
				records.push(JSON.parse(buffer.slice(0, newline)) as Record);
				buffer = buffer.slice(newline + 1);
			}
		});
		const waitFor = async (predicate: () => boolean) => {
			const start = Date.now();
			while (!predicate()) {
				if (Date.now() - start > 15_000) throw new Error(`timed out: ${JSON.stringify(records.at(-1))}`);
				await new Promise(resolve => setTimeout(resolve, 20));
			}
		};
		await waitFor(() => records.length >= 1);
		expect(records[0]).toMatchObject({line_count: 2, window: 'all', run: log});
		expect(records[0]!.diagnosis).toBe('Recent selection decisions were logged; inspect the last marker for why a profile was picked or skipped.');
		expect(Number.isNaN(Date.parse(records[0]!.generated_at))).toBe(false);
		appendFileSync(log, '[2025-04-24 10:00:02.000 +07:00] runtime_proxy_lane_limit_reached lane=compact\n');
		await waitFor(() => records.at(-1)!.line_count === 3);
		expect(records.at(-1)!.diagnosis).toBe('Recent per-lane admission limit was triggered.');
		const exit = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
		child.kill('SIGINT');
		expect(await exit).toBe(0);
	});
});
