// A prodex-like log writer in its own process (test/tail/live.test.ts): appends lines in bursts,
// then rotates the log, truncates it, and finally starts a "new proxy run" with a pointer switch.
// Prints how many lines it wrote into each run as JSON on stdout.
import {appendFileSync, renameSync, truncateSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';

const [dir, seedText, perPhaseText, pauseText] = process.argv.slice(2);
let seed = Number(seedText);
const perPhase = Number(perPhaseText);
const pause = Number(pauseText);
const random = () => {
	seed = (seed + 0x6d2b79f5) >>> 0;
	let t = seed;
	t = Math.imul(t ^ (t >>> 15), t | 1);
	t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
	return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
const markers = ['selection_pick', 'first_upstream_chunk', 'first_local_chunk', 'state_save_ok', 'stream_read_error', 'runtime_proxy_lane_limit_reached'];
let n = 0;
const line = () => {
	n++;
	const stamp = new Date().toISOString();
	return `[${stamp}] ${markers[n % markers.length]} request=${n} route=responses profile=p${n % 3} note="burst line ${n}"\n`;
};

async function bursts(path, total) {
	let written = 0;
	while (written < total) {
		const size = Math.min(total - written, 1 + Math.floor(random() * 1500));
		let text = '';
		for (let i = 0; i < size; i++) text += line();
		appendFileSync(path, text);
		written += size;
		if (random() < 0.7) await sleep(Math.floor(random() * 8));
	}
	return written;
}

/** Tell the test how many lines are written, wait for its go-ahead on stdin. */
function sync(total) {
	process.stdout.write(`SYNC ${total}\n`);
	return new Promise(resolve => process.stdin.once('data', () => resolve()));
}

const a = join(dir, 'prodex-runtime-100-1745460000000-0.log');
const b = join(dir, 'prodex-runtime-200-1745463600000-0.log');
const counts = {a: 0, b: 0};
writeFileSync(a, '[2025-04-24 09:00:00.000 +07:00] runtime proxy log initialized pid=100 cwd=/tmp\n');
writeFileSync(join(dir, 'prodex-runtime-latest.path'), `${a}\n`);
counts.a += 1;
await sleep(pause);
counts.a += await bursts(a, perPhase);
// Rotation: the old file is renamed away and a new one takes its path.
renameSync(a, `${a}.1`);
counts.a += await bursts(a, perPhase);
// A truncation cuts away whatever a reader has not read yet (as a real copytruncate does), so the
// writer waits until the test says the reader has seen every line so far.
await sync(counts.a);
truncateSync(a, 0);
counts.a += await bursts(a, perPhase);
await sleep(pause);
// A new proxy run: a new log, then the pointer.
writeFileSync(b, '[2025-04-24 10:00:00.000 +07:00] runtime proxy log initialized pid=200 cwd=/tmp\n');
counts.b += 1;
writeFileSync(join(dir, 'prodex-runtime-latest.path'), `${b}\n`);
counts.b += await bursts(b, perPhase);
process.stdout.write(`DONE ${JSON.stringify(counts)}\n`);
process.stdin.destroy();
