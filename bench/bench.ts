/**
 * `npm run bench`: throughput of the pieces on the hot path, on logs from the project's own
 * generator, and the built CLI side by side with cat, wc -l and an awk script on the same 100 MB
 * logs. Prints figures; asserts nothing. Record results in bench/RESULTS.md.
 *
 * `npm run bench -- SECTION…` runs only some sections: pieces, windows, whole, live, startup, cli, dashboard, metrics.
 */
import {spawn, spawnSync} from 'node:child_process';
import {appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {cpus, tmpdir} from 'node:os';
import {join} from 'node:path';
import {performance} from 'node:perf_hooks';
import {parseLine, type ParsedLine} from '../source/core/line.js';
import {nodeLineSplitter} from '../source/tail/utf8.js';
import {RULES_027, RULES_CURRENT} from '../source/core/rules/index.js';
import {finalize} from '../source/core/finalize.js';
import {EMPTY_STATE} from '../source/core/state-inputs.js';
import {SummaryAccumulator} from '../source/core/summary.js';
import {WindowSet} from '../source/core/window.js';
import {generateLines, generateLogBytes} from '../test/helpers/generator.js';
import {bigInputPath, INPUT_DIR, lineCountOf, sizeOf} from './inputs.js';
import {liveFollowBench} from './live-follow.js';
import {metricsBench} from './metrics.js';
import {firstFrameMs, oneShot} from './startup.js';
import {wholeFileBench} from './whole-file.js';

const asked = new Set(process.argv.slice(2));
const wanted = (section: string) => asked.size === 0 || asked.has(section);
const CLI = new URL('../dist/cli.js', import.meta.url).pathname;

const LINES = 100_000;

function measure(label: string, units: number, unit: string, run: () => void): void {
	run(); // Warm up.
	const rounds: number[] = [];
	for (let i = 0; i < 5; i++) {
		const start = performance.now();
		run();
		rounds.push(performance.now() - start);
	}
	rounds.sort((a, b) => a - b);
	const median = rounds[2]!;
	const rate = (units / median) * 1000;
	console.log(`${label.padEnd(48)} ${median.toFixed(1).padStart(8)} ms  ${Math.round(rate).toLocaleString('en-US').padStart(12)} ${unit}/s`);
}

console.log(`prodex-top bench · node ${process.version} · ${cpus()[0]?.model ?? 'cpu'} × ${cpus().length} · ${new Date().toISOString()} · inputs in ${INPUT_DIR}`);
if (wanted('whole')) wholeFileBench(CLI);
if (wanted('live')) await liveFollowBench(CLI, [2000, 20_000, 50_000], 20);
if (wanted('metrics')) await metricsBench(CLI, 20_000, 10);
if (wanted('startup')) {
	const big = bigInputPath();
	const bytes = sizeOf(big);
	console.log(`
start-up on a ${(bytes / 1e9).toFixed(2)} GB log (the mixed input ten times, ${lineCountOf(big).toLocaleString('en-US')} lines)`);
	const frame = await firstFrameMs(CLI, big, '/nonexistent');
	console.log(`dashboard (--window all, 120x40 pty): first frame ${frame.firstFrame?.toFixed(0) ?? 'n/a'} ms; whole file read ("● following") after ${frame.caughtUp === null ? 'n/a' : (frame.caughtUp / 1000).toFixed(1)} s (${frame.caughtUp === null ? 'n/a' : (bytes / 1e6 / (frame.caughtUp / 1000)).toFixed(0)} MB/s)`);
	for (const [label, args] of [
		['--json --tail-bytes 0 (doctor window, whole file)', ['--log', big, '--json', '--tail-bytes', '0', '--prodex-home', '/nonexistent']],
		['--json --window all', ['--log', big, '--json', '--window', 'all', '--prodex-home', '/nonexistent']],
	] as const) {
		const run = oneShot(CLI, [...args]);
		console.log(`${label.padEnd(52)} ${(run.ms / 1000).toFixed(1).padStart(6)} s  ${(bytes / 1e6 / (run.ms / 1000)).toFixed(0).padStart(5)} MB/s  peak RSS ${run.rssMiB === null ? 'n/a' : `${run.rssMiB.toFixed(0)} MiB`}`);
	}
}
for (const format of wanted('pieces') ? (['text', 'json'] as const) : []) {
	const texts = generateLines({seed: 1, lines: LINES, format}).map(line => line.text);
	const bytes = generateLogBytes({seed: 1, lines: LINES, format});
	console.log(`\n${format} log: ${LINES.toLocaleString('en-US')} lines, ${(bytes.length / 1_048_576).toFixed(1)} MiB`);
	measure(`split bytes into lines`, LINES, 'lines', () => {
		const splitter = nodeLineSplitter();
		splitter.push(bytes);
		splitter.flush();
	});
	for (const rules of [RULES_027, RULES_CURRENT]) {
		measure(`parse (${rules.id} rules)`, LINES, 'lines', () => {
			for (const text of texts) parseLine(text, rules);
		});
		const parsed: ParsedLine[] = texts.map(text => parseLine(text, rules));
		measure(`summary add (${rules.id})`, LINES, 'lines', () => {
			const accumulator = new SummaryAccumulator(rules);
			for (const line of parsed) accumulator.add(line);
		});
		measure(`summary add + remove, 10k-line window (${rules.id})`, LINES, 'lines', () => {
			const accumulator = new SummaryAccumulator(rules);
			parsed.forEach((line, index) => {
				accumulator.add(line);
				if (index >= 10_000) accumulator.remove(parsed[index - 10_000]!);
			});
		});
		const full = new SummaryAccumulator(rules);
		for (const line of parsed) full.add(line);
		measure(`snapshot + finalize (${rules.id})`, 1000, 'batches', () => {
			for (let i = 0; i < 1000; i++) finalize(full.summary(), rules, {logPath: 'x', pointerExists: true, logExists: true, pointerNote: null, readError: null}, EMPTY_STATE);
		});
	}
}

// Memory of the live windows: a simulated dashboard left open at 1000 lines/s. The heap should
// stop growing once the longest window (1 h) is full.
if (wanted('windows')) {
	const texts = generateLines({seed: 3, lines: 20_000}).map(line => line.text);
	const parsed = texts.map(text => parseLine(text, RULES_CURRENT));
	const windows = new WindowSet(RULES_CURRENT, 131_072);
	const rate = 1000;
	let offset = 0;
	let clock = 1_745_460_000_000;
	console.log(`\nlive windows, ${rate} lines/s simulated (current rules, doctor window 128 KiB)`);
	const started = performance.now();
	for (let minute = 1; minute <= 90; minute++) {
		for (let i = 0; i < rate * 60; i++) {
			const line = parsed[(minute * 60 * rate + i) % parsed.length]!;
			const bytes = 180;
			windows.add(line, {start: offset, bytes, timeMs: clock});
			offset += bytes;
			clock += 1000 / rate;
			if (i % rate === 0) {
				windows.trimDoctor(offset);
				windows.expire(clock);
			}
		}
		if ([9, 30, 60, 84, 90].includes(minute)) {
			globalThis.gc?.();
			const heap = process.memoryUsage().heapUsed / 1_048_576;
			console.log(`after ${String(minute).padStart(2)} min: ${(minute * 60 * rate).toLocaleString('en-US').padStart(10)} lines, heap ${heap.toFixed(0).padStart(4)} MiB, 1h window ${windows.lineCount('1h').toLocaleString('en-US')} lines, doctor window ${windows.lineCount('doctor')} lines`);
		}
	}
	console.log(`${((90 * 60 * rate) / ((performance.now() - started) / 1000)).toFixed(0)} lines/s through all six windows`);
}

const dir = mkdtempSync(join(tmpdir(), 'prodex-top-bench-'));
try {
	const log = join(dir, 'prodex-runtime-1-1-0.log');
	writeFileSync(log, generateLogBytes({seed: 2, lines: 200_000}));
	const cli = new URL('../dist/cli.js', import.meta.url).pathname;
	const time = (args: string[]) => {
		const start = performance.now();
		spawnSync(process.execPath, [cli, ...args], {stdio: 'ignore'});
		return performance.now() - start;
	};
	if (wanted('cli')) console.log('\nCLI (built dist/, median of 5 runs)');
	for (const [label, args] of !wanted('cli') ? [] : [
		['--help', ['--help']],
		['--json, default 128 KiB tail of a 200k-line log', ['--log', log, '--json']],
		['--json --tail-bytes 0 (whole 200k-line log)', ['--log', log, '--json', '--tail-bytes', '0']],
	] as const) {
		const runs = Array.from({length: 5}, () => time([...args])).sort((a, b) => a - b);
		console.log(`${label.padEnd(48)} ${runs[2]!.toFixed(0).padStart(8)} ms`);
	}
	if (wanted('dashboard')) {
		console.log('\ndashboard CPU in a 120x40 pseudo-terminal (util-linux script), 20 s per case');
		for (const rate of [0, 20, 1000, 20_000]) await dashboardCpu(cli, join(dir, `live-${rate}`), rate);
	}
} finally {
	rmSync(dir, {recursive: true, force: true});
}

/** CPU time of the dashboard following a log that another writer appends `rate` lines/s to (0: idle). */
async function dashboardCpu(cli: string, dir: string, rate: number): Promise<void> {
	const seconds = 20;
	const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
	mkdirSync(dir);
	const log = join(dir, 'prodex-runtime-7-1745460000000-0.log');
	writeFileSync(log, generateLogBytes({seed: 3, lines: 2000}));
	const command = `stty cols 120 rows 40; exec ${process.execPath} ${cli} --log ${log} --prodex-home /nonexistent/prodex-home`;
	const terminal = spawn('script', ['-qfec', command, '/dev/null'], {stdio: ['pipe', 'ignore', 'ignore']});
	const pool = generateLines({seed: 4, lines: Math.min(20_000, Math.max(1, rate * (seconds + 10)))}).map(line => `${line.text}\n`);
	let next = 0;
	const writer = rate === 0 ? null : setInterval(() => {
		let chunk = '';
		for (let i = 0; i < rate / 10; i++) chunk += pool[(next++) % pool.length];
		appendFileSync(log, chunk);
	}, 100);
	try {
		await sleep(5000);
		const pid = spawnSync('pgrep', ['-P', String(terminal.pid)], {encoding: 'utf8'}).stdout.trim().split('\n')[0];
		const ticks = () => {
			const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
			return Number(fields[11]) + Number(fields[12]);
		};
		const hz = Number(spawnSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).stdout.trim()) || 100;
		const before = ticks();
		await sleep(seconds * 1000);
		const cpuMs = ((ticks() - before) * 1000) / hz;
		const label = rate === 0 ? 'idle (log not written to)' : `${rate} lines/s appended`;
		console.log(`${label.padEnd(48)} ${cpuMs.toFixed(0).padStart(8)} ms CPU (${((cpuMs / (seconds * 1000)) * 100).toFixed(1)}% of a core)`);
	} catch (error) {
		console.log(`dashboard CPU: not measured (${String(error)}); needs util-linux script and /proc`);
	} finally {
		if (writer !== null) clearInterval(writer);
		const exited = new Promise(resolve => terminal.once('exit', resolve));
		spawnSync('pkill', ['-TERM', '-P', String(terminal.pid)]);
		await Promise.race([exited, sleep(5000)]);
		terminal.kill('SIGKILL');
	}
}
