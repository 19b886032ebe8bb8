/** Start-up of the dashboard on a large log (time to its first frame in a pseudo-terminal), and the one-shot `all` window with its peak memory. */
import {spawn, spawnSync} from 'node:child_process';
import {existsSync} from 'node:fs';
import {performance} from 'node:perf_hooks';

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));

/** ms from spawn to the first frame (the header line) of the dashboard at 120×40, or null. */
export async function firstFrameMs(cli: string, log: string, home: string): Promise<{firstFrame: number | null; caughtUp: number | null}> {
	const command = `stty cols 120 rows 40; exec ${process.execPath} ${cli} --log ${log} --prodex-home ${home} --window all`;
	const started = performance.now();
	const terminal = spawn('script', ['-qfec', command, '/dev/null'], {stdio: ['pipe', 'pipe', 'ignore']});
	let screen = '';
	let firstFrame: number | null = null;
	let caughtUp: number | null = null;
	terminal.stdout.on('data', (chunk: Buffer) => {
		screen = (screen + chunk.toString('utf8')).slice(-20_000);
		if (firstFrame === null && screen.includes('prodex-top')) firstFrame = performance.now() - started;
		if (caughtUp === null && firstFrame !== null && /● following/.test(screen)) caughtUp = performance.now() - started;
	});
	for (let waited = 0; caughtUp === null && waited < 120_000; waited += 50) await sleep(50);
	terminal.stdin.write('q');
	await Promise.race([new Promise(resolve => terminal.once('exit', resolve)), sleep(3000)]);
	terminal.kill('SIGKILL');
	return {firstFrame, caughtUp};
}

/** Wall time and peak RSS (MiB) of a one-shot run, via GNU time when present. */
export function oneShot(cli: string, args: string[]): {ms: number; rssMiB: number | null} {
	const gnuTime = existsSync('/usr/bin/time') ? '/usr/bin/time' : null;
	const started = performance.now();
	const result = gnuTime === null
		? spawnSync(process.execPath, [cli, ...args], {stdio: 'ignore'})
		: spawnSync(gnuTime, ['-f', '%M', process.execPath, cli, ...args], {stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8'});
	const ms = performance.now() - started;
	const kib = gnuTime === null ? Number.NaN : Number(String(result.stderr).trim().split('\n').at(-1));
	return {ms, rssMiB: Number.isFinite(kib) ? kib / 1024 : null};
}
