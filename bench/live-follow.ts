/**
 * Live: a writer appends at a steady rate for `seconds` while `--json --follow --window all`
 * follows the file. Counts lost or doubled lines (the last record's line_count against the lines
 * written), the delay from an append to the first record that includes it (p50/p99), and the
 * follower's CPU from /proc.
 */
import {spawn} from 'node:child_process';
import {appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {createInterface} from 'node:readline';
import {generateLines, generateLogBytes} from '../test/helpers/generator.js';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

function cpuTicks(pid: number): number | null {
	try {
		const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
		return Number(fields[11]) + Number(fields[12]);
	} catch {
		return null;
	}
}

function percentile(sorted: number[], p: number): number {
	return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

export async function liveFollowBench(cli: string, rates: readonly number[], seconds = 20): Promise<void> {
	console.log(`\nlive: a writer appends for ${seconds} s (every 10 ms); --json --follow --window all follows the file`);
	console.log(`${'rate'.padEnd(14)} ${'written'.padStart(10)} ${'counted'.padStart(10)} ${'lost/doubled'.padStart(13)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'CPU % of a core'.padStart(16)}`);
	const pool = generateLines({seed: 4, lines: 20_000}).map(line => `${line.text}\n`);
	for (const rate of rates) {
		const dir = mkdtempSync(join(tmpdir(), 'prodex-top-live-'));
		try {
			await oneRate(cli, dir, pool, rate, seconds);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	}
}

async function oneRate(cli: string, dir: string, pool: string[], rate: number, seconds: number): Promise<void> {
	const log = join(dir, 'prodex-runtime-7-1745460000000-0.log');
	const initial = generateLogBytes({seed: 3, lines: 100});
	writeFileSync(log, initial);
	let expected = initial.reduce((n, byte) => n + (byte === 0x0a ? 1 : 0), 0);
	const child = spawn(process.execPath, [...(process.env['BENCH_NODE_ARGS']?.split(' ').filter(Boolean) ?? []), cli, '--log', log, '--json', '--follow', '--window', 'all', '--prodex-home', '/nonexistent/prodex-home'], {stdio: ['ignore', 'pipe', 'ignore']});
	let counted = -1;
	const batches: Array<{cumulative: number; at: number}> = [];
	const delays: number[] = [];
	createInterface({input: child.stdout}).on('line', record => {
		const now = performance.now();
		counted = (JSON.parse(record) as {line_count: number}).line_count;
		while (batches.length > 0 && batches[0]!.cumulative <= counted) delays.push(now - batches.shift()!.at);
	});
	try {
		for (let waited = 0; counted < expected && waited < 10_000; waited += 20) await sleep(20);
		const perTick = rate / 100;
		let next = 0;
		let owed = 0;
		let ticks = 0;
		const before = cpuTicks(child.pid!);
		const started = performance.now();
		while (performance.now() - started < seconds * 1000) {
			owed += perTick;
			const count = Math.floor(owed);
			owed -= count;
			let chunk = '';
			for (let i = 0; i < count; i++) chunk += pool[(next++) % pool.length];
			appendFileSync(log, chunk);
			expected += count;
			batches.push({cumulative: expected, at: performance.now()});
			ticks++;
			const due = started + ticks * 10;
			await sleep(Math.max(0, due - performance.now()));
		}
		const after = cpuTicks(child.pid!);
		const elapsed = performance.now() - started;
		for (let waited = 0; counted < expected && waited < 10_000; waited += 20) await sleep(20);
		await sleep(300); // A doubled line would show as a count above `expected`.
		delays.sort((a, b) => a - b);
		const hz = 100;
		const cpu = before === null || after === null ? 'n/a' : `${((((after - before) * 1000) / hz / elapsed) * 100).toFixed(1)}`;
		console.log(
			`${`${rate.toLocaleString('en-US')} lines/s`.padEnd(14)} ${expected.toLocaleString('en-US').padStart(10)} ${counted.toLocaleString('en-US').padStart(10)} ${String(counted - expected).padStart(13)} ${percentile(delays, 50).toFixed(0).padStart(7)} ${percentile(delays, 99).toFixed(0).padStart(7)} ${(delays.at(-1) ?? Number.NaN).toFixed(0).padStart(7)} ${cpu.padStart(16)}`,
		);
	} finally {
		child.kill('SIGTERM');
		await new Promise(resolve => {
			child.once('exit', resolve);
			setTimeout(resolve, 3000);
		});
	}
}
