/**
 * The exporter (`npm run bench -- metrics`): `--headless --metrics` follows a log while a writer
 * appends at a steady rate; GET /metrics every 250 ms (PRODEX_TOP_BENCH_SCRAPE_MS). Prints the exporter's CPU (from /proc, % of
 * one core) with and without the writer, the scrape latency (p50/p99/max), and whether the run
 * counter ended equal to the lines written.
 */
import {spawn} from 'node:child_process';
import {appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {loadavg, tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {generateLines, generateLogBytes} from '../test/helpers/generator.js';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
const HZ = 100;
/** Scrape period (ms); `PRODEX_TOP_BENCH_SCRAPE_MS` sets another, to tell the scrapes' cost from the following's. */
const SCRAPE_MS = Number(process.env['PRODEX_TOP_BENCH_SCRAPE_MS'] ?? 250);

function cpuTicks(pid: number): number {
	const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
	return Number(fields[11]) + Number(fields[12]);
}

function percentile(sorted: readonly number[], p: number): number {
	return sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))]!;
}

/** Scrape every SCRAPE_MS while `during` runs; the latencies in ms and the last body. */
async function scraping(url: string, during: Promise<void>): Promise<{latencies: number[]; last: string}> {
	const latencies: number[] = [];
	let last = '';
	let done = false;
	void during.then(() => (done = true));
	while (!done) {
		const started = performance.now();
		last = await (await fetch(url)).text();
		latencies.push(performance.now() - started);
		await sleep(Math.max(0, SCRAPE_MS - (performance.now() - started)));
	}
	return {latencies, last};
}

const linesRead = (body: string) => Number(/^prodex_lines_read_total (\d+)$/m.exec(body)?.[1] ?? Number.NaN);

export async function metricsBench(cli: string, rate = 20_000, seconds = 10): Promise<void> {
	const dir = mkdtempSync(join(tmpdir(), 'prodex-top-bench-metrics-'));
	const log = join(dir, 'prodex-runtime-7-1745460000000-0.log');
	const initial = generateLogBytes({seed: 3, lines: 100});
	writeFileSync(log, initial);
	let written = initial.reduce((n, byte) => n + (byte === 0x0a ? 1 : 0), 0);
	const pool = generateLines({seed: 4, lines: 20_000, header: false}).map(line => `${line.text}\n`);
	const child = spawn(process.execPath, [cli, '--headless', '--metrics', '127.0.0.1:0', '--log', log, '--prodex-home', '/nonexistent/prodex-home'], {stdio: ['ignore', 'ignore', 'pipe']});
	let stderr = '';
	child.stderr.on('data', chunk => (stderr += String(chunk)));
	try {
		let url: string | undefined;
		for (let waited = 0; url === undefined && waited < 10_000; waited += 20) {
			await sleep(20);
			url = /metrics on (http:\S+)/.exec(stderr)?.[1];
		}
		if (url === undefined) throw new Error(`no exporter address: ${stderr}`);
		for (let waited = 0; linesRead(await (await fetch(url)).text()) !== written && waited < 10_000; waited += 50) await sleep(50);

		// Idle: nothing written, scraped every 250 ms.
		let before = cpuTicks(child.pid!);
		let started = performance.now();
		const idle = await scraping(url, sleep(seconds * 1000).then(() => undefined));
		const idleCpu = (((cpuTicks(child.pid!) - before) * 1000) / HZ / (performance.now() - started)) * 100;

		// Loaded: `rate` lines/s appended every 10 ms.
		before = cpuTicks(child.pid!);
		started = performance.now();
		const writer = (async () => {
			let next = 0;
			let owed = 0;
			let ticks = 0;
			while (performance.now() - started < seconds * 1000) {
				owed += rate / 100;
				const count = Math.floor(owed);
				owed -= count;
				let chunk = '';
				for (let i = 0; i < count; i++) chunk += pool[(next++) % pool.length];
				appendFileSync(log, chunk);
				written += count;
				ticks++;
				await sleep(Math.max(0, started + ticks * 10 - performance.now()));
			}
		})();
		const loaded = await scraping(url, writer);
		const loadedCpu = (((cpuTicks(child.pid!) - before) * 1000) / HZ / (performance.now() - started)) * 100;
		let counted = linesRead(loaded.last);
		for (let waited = 0; counted !== written && waited < 10_000; waited += 50) {
			await sleep(50);
			counted = linesRead(await (await fetch(url)).text());
		}
		const series = loaded.last.split('\n').filter(line => line !== '' && !line.startsWith('#')).length;
		console.log(`\nmetrics: --headless --metrics following a log, GET /metrics every ${SCRAPE_MS} ms, ${seconds} s each · load average ${loadavg().map(value => value.toFixed(2)).join(' ')}`);
		console.log(`${'phase'.padEnd(22)} ${'scrapes'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'max ms'.padStart(7)} ${'CPU % of a core'.padStart(16)}`);
		for (const [label, run, cpu] of [['idle (no writer)', idle, idleCpu], [`${rate.toLocaleString('en-US')} lines/s`, loaded, loadedCpu]] as const) {
			const sorted = [...run.latencies].sort((a, b) => a - b);
			console.log(`${label.padEnd(22)} ${String(sorted.length).padStart(8)} ${percentile(sorted, 50).toFixed(1).padStart(7)} ${percentile(sorted, 99).toFixed(1).padStart(7)} ${(sorted.at(-1) ?? Number.NaN).toFixed(1).padStart(7)} ${cpu.toFixed(1).padStart(16)}`);
		}
		console.log(`lines written ${written.toLocaleString('en-US')}, prodex_lines_read_total ${counted.toLocaleString('en-US')} (${counted - written} lost/doubled); ${series} series, ${Buffer.byteLength(loaded.last).toLocaleString('en-US')} bytes per scrape`);
	} finally {
		child.kill('SIGTERM');
		await new Promise(resolve => {
			child.once('exit', resolve);
			setTimeout(resolve, 3000);
		});
		rmSync(dir, {recursive: true, force: true});
	}
}
