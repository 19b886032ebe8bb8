/** Whole-file summary, side by side with cat, wc -l and a hand-written awk script on the same file in the same run. */
import {spawnSync} from 'node:child_process';
import {realpathSync} from 'node:fs';
import {performance} from 'node:perf_hooks';
import {INPUTS, inputPath, lineCountOf, sizeOf} from './inputs.js';

const AWK_SCRIPT = new URL('markers.awk', import.meta.url).pathname;

type Tool = {readonly label: string; readonly command: string; readonly args: (file: string) => string[]; readonly env?: Record<string, string>};

function median(runs: number, run: () => number): number {
	const times = Array.from({length: runs}, run).sort((a, b) => a - b);
	return times[Math.floor(times.length / 2)]!;
}

function timed(tool: Tool, file: string): number {
	const start = performance.now();
	const result = spawnSync(tool.command, tool.args(file), {stdio: ['ignore', 'ignore', 'pipe'], env: {...process.env, ...tool.env}});
	const ms = performance.now() - start;
	if (result.status !== 0) throw new Error(`${tool.label} failed: ${result.stderr.toString()}`);
	return ms;
}

export function wholeFileBench(cli: string, runs = 3): void {
	let awkPath = 'awk';
	try {
		awkPath = realpathSync(spawnSync('sh', ['-c', 'command -v awk'], {encoding: 'utf8'}).stdout.trim());
	} catch {}
	const tools: Tool[] = [
		{label: 'cat FILE >/dev/null', command: 'cat', args: file => [file]},
		{label: 'wc -l', command: 'wc', args: file => ['-l', file]},
		{label: `awk (bench/markers.awk, ${awkPath})`, command: 'awk', args: file => ['-f', AWK_SCRIPT, file]},
	];
	for (const rules of ['0.27', 'current']) {
		tools.push(
			{label: `prodex-top --rules ${rules}`, command: process.execPath, args: file => [cli, '--log', file, '--json', '--tail-bytes', '0', '--rules', rules, '--prodex-home', '/nonexistent']},
			{label: `prodex-top --rules ${rules}, one thread`, command: process.execPath, args: file => [cli, '--log', file, '--json', '--tail-bytes', '0', '--rules', rules, '--prodex-home', '/nonexistent'], env: {PRODEX_TOP_THREADS: '1'}},
		);
	}
	console.log(`\nwhole-file summary (--json --tail-bytes 0), median of ${runs} runs, every tool on the same file in the same run`);
	console.log(`${'input'.padEnd(7)} ${'tool'.padEnd(44)} ${'s'.padStart(7)} ${'MB/s'.padStart(8)} ${'lines/s'.padStart(11)} ${'× awk'.padStart(7)}`);
	for (const input of INPUTS) {
		const file = inputPath(input.name);
		const bytes = sizeOf(file);
		const lines = lineCountOf(file);
		const results = tools.map(tool => ({tool, ms: median(runs, () => timed(tool, file))}));
		const awk = results[2]!.ms;
		console.log(`${input.name} log: ${(bytes / 1e6).toFixed(1)} MB, ${lines.toLocaleString('en-US')} lines, ${Math.round(bytes / lines)} B/line`);
		for (const {tool, ms} of results) {
			const seconds = ms / 1000;
			console.log(
				`${''.padEnd(7)} ${tool.label.padEnd(44)} ${seconds.toFixed(2).padStart(7)} ${(bytes / 1e6 / seconds).toFixed(0).padStart(8)} ${Math.round(lines / seconds).toLocaleString('en-US').padStart(11)} ${(awk / ms).toFixed(2).padStart(7)}`,
			);
		}
	}
}
