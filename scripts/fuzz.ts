/**
 * `npm run fuzz`: the fuzz tests with many runs and a fresh seed, then time scaling on adversarial
 * inputs. Prints figures; asserts nothing about time.
 *
 *   npm run fuzz                      # FUZZ_RUNS=5000, a random seed (printed)
 *   FUZZ_SEED=123 npm run fuzz        # replay a seed
 *   npm run fuzz -- --scaling-only    # only the timing table
 *   FUZZ_MAX_KIB=256 npm run fuzz     # largest size of the timing table (default 1024)
 *
 * Scaling: every module × adversarial shape is timed at 16 KiB, 32 KiB, … up to 1 MiB per line
 * (best of 5 after a warm-up, with a forced GC before each round); the table prints the time at
 * each size and the ratio per doubling.
 * Linear work gives about 2× per doubling; the verdict is the exponent fitted over all sizes (see
 * `verdict`), because one doubling on a shared machine can jump for reasons of its own.
 */
import {spawnSync} from 'node:child_process';
import {parseLine} from '../source/core/line.js';
import {scanMessage} from '../source/core/fields.js';
import {parseStrictJson} from '../source/core/json.js';
import {parseStrictJsonFast} from '../source/core/json-fast.js';
import {LineSplitter} from '../source/core/line-splitter.js';
import {markerLineText, redactText} from '../source/core/redaction.js';
import {replaceControlChars} from '../source/core/control-chars.js';
import {RULES_CURRENT} from '../source/core/rules/index.js';
import {renderPanel, wrapText} from '../source/core/text.js';
import {textWidth} from '../source/core/width.js';
import {cut} from '../source/ui/format.js';

const args = new Set(process.argv.slice(2));

function runFuzzTests(): number {
	const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
	const runs = process.env.FUZZ_RUNS ?? '5000';
	console.log(`fuzz tests: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} (replay: FUZZ_SEED=${seed} FUZZ_RUNS=${runs} npx vitest run <file>)`);
	const files = ['test/core/redaction.fuzz.test.ts', 'test/core/line.fuzz.test.ts', 'test/core/json.fuzz.test.ts', 'test/core/control-chars.fuzz.test.ts', 'test/core/width.fuzz.test.ts', 'test/ui/line.fuzz.test.ts'];
	const result = spawnSync('npx', ['vitest', 'run', '--testTimeout=600000', ...files], {stdio: 'inherit', env: {...process.env, FUZZ_SEED: seed, FUZZ_RUNS: runs}});
	return result.status ?? 1;
}

type Shape = {readonly module: string; readonly shape: string; readonly make: (bytes: number) => string; readonly run: (input: string) => unknown};

const encoder = new TextEncoder();
/** `unit` repeated to about `bytes` UTF-8 bytes. */
const fill = (unit: string, bytes: number) => unit.repeat(Math.max(1, Math.floor(bytes / encoder.encode(unit).length)));
const marker = (rest: string) => `[2025-04-24 10:00:04.388 +07:00] first_local_chunk ${rest}`;

const SHAPES: readonly Shape[] = [
	{module: 'LineSplitter', shape: 'one line, no newline', make: n => fill('a', n), run: text => splitAll(text)},
	{module: 'LineSplitter', shape: 'invalid UTF-8 and CR', make: n => fill('\u00e9\r', n), run: text => splitAll(text, true)},
	{module: 'scanMessage', shape: '"\\ repeated', make: n => fill('"\\', n), run: text => scanMessage(`k=${text}`)},
	{module: 'scanMessage', shape: 'k=" repeated', make: n => fill('k="', n), run: text => scanMessage(text)},
	{module: 'scanMessage', shape: '= repeated', make: n => fill('=', n), run: text => scanMessage(text)},
	{module: 'parseLine', shape: 'marker + "\\ repeated', make: n => marker(fill('"\\', n)), run: line => parseLine(line, RULES_CURRENT).markerLine},
	{module: 'parseLine', shape: 'marker + a=b pairs', make: n => marker(fill('a=b ', n)), run: line => parseLine(line, RULES_CURRENT).markerLine},
	{module: 'parseLine', shape: 'JSON, long message', make: n => `{"event":"first_local_chunk","message":"${fill('token=x ', n)}"}`, run: line => parseLine(line, RULES_CURRENT).markerLine},
	{module: 'parseStrictJson', shape: 'deep [ (unclosed)', make: n => `{"a":${fill('[', n)}`, run: text => parseStrictJson(text)},
	{module: 'parseStrictJson', shape: 'string of \\" escapes', make: n => `{"a":"${fill('\\"', n)}"}`, run: text => parseStrictJson(text)},
	{module: 'parseStrictJsonFast', shape: ': 1: 1 … (RISKY scan)', make: n => `{"a":"${fill(': 1', n)}"}`, run: text => parseStrictJsonFast(text)},
	{module: 'parseStrictJsonFast', shape: 'long digit run', make: n => `{"a":${fill('1', n)}}`, run: text => parseStrictJsonFast(text)},
	{module: 'redactText', shape: '"\\ repeated', make: n => fill('"\\', n), run: text => redactText(text)},
	{module: 'redactText', shape: '" \\" … " + blanks', make: n => `"${fill(' \\"', n / 2)}"${' '.repeat(n / 2)}x`, run: text => redactText(text)},
	{module: 'redactText', shape: "'\\ repeated", make: n => fill("'\\", n), run: text => redactText(text)},
	{module: 'redactText', shape: '"a": repeated', make: n => fill('"a": ', n), run: text => redactText(text)},
	{module: 'redactText', shape: 'token= repeated', make: n => fill('token=', n), run: text => redactText(text)},
	{module: 'redactText', shape: 'Bearer repeated', make: n => fill('Bearer ', n), run: text => redactText(text)},
	{module: 'redactText', shape: 'sk- repeated', make: n => fill('sk-', n), run: text => redactText(text)},
	{module: 'redactText', shape: 'ESC[31m repeated', make: n => fill('\u001b[31m', n), run: text => redactText(text)},
	{module: 'markerLineText', shape: 'é + spaces', make: n => fill('\u00e9 ', n), run: text => markerLineText(text)},
	{module: 'replaceControlChars', shape: 'C0/C1 mix', make: n => fill('\u0000\u009b\u007f', n), run: text => replaceControlChars(text)},
	{module: 'textWidth', shape: 'CJK', make: n => fill('漢', n), run: text => textWidth(text)},
	{module: 'textWidth', shape: 'e + combining mark', make: n => fill('e\u0301', n), run: text => textWidth(text)},
	{module: 'wrapText (80)', shape: 'one CJK word', make: n => fill('漢', n), run: text => wrapText(text, 80)},
	{module: 'wrapText (80)', shape: 'one emoji word', make: n => fill('\u{1F600}', n), run: text => wrapText(text, 80)},
	{module: 'wrapText (80)', shape: 'one ASCII word', make: n => fill('x', n), run: text => wrapText(text, 80)},
	{module: 'renderPanel', shape: 'CJK value', make: n => fill('漢', n), run: value => renderPanel('Runtime Proxy', [{label: 'Hot route', value}], 110)},
	{module: 'ui cut (80)', shape: 'CJK segment', make: n => fill('漢', n), run: text => cut(text, 80)},
];

function splitAll(text: string, invalid = false): number {
	const bytes = encoder.encode(text);
	if (invalid) for (let i = 0; i < bytes.length; i += 7) bytes[i] = 0xff;
	const splitter = new LineSplitter(1 << 20);
	let count = 0;
	for (let i = 0; i < bytes.length; i += 65_536) count += splitter.push(bytes.subarray(i, i + 65_536)).length;
	return count + (splitter.flush() === null ? 0 : 1);
}

function bestOf(run: () => unknown, rounds: number): number {
	let best = Number.POSITIVE_INFINITY;
	const gc = (globalThis as {gc?: () => void}).gc;
	for (let i = 0; i < rounds; i++) {
		gc?.(); // a collection of the previous round's garbage is not this round's time
		const start = process.hrtime.bigint();
		run();
		best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
	}
	return best;
}

/**
 * The growth exponent k (time ∝ n^k) fitted over the sizes whose time is at least 1 ms (below, the
 * timer and the JIT dominate): about 1 for linear work, 2 for quadratic. One noisy doubling on a
 * shared machine moves a single ratio a lot but the fit little, so the verdict is the fit:
 * k ≥ 1.5 (an average of 2.8× or more per doubling) is flagged as super-linear.
 */
function verdict(sizes: readonly number[], times: readonly number[]): string {
	const points = sizes.map((n, i) => [Math.log2(n), Math.log2(times[i]!)] as const).filter((_, i) => times[i]! >= 1);
	if (points.length < 3) return 'fast (<1 ms at most sizes)';
	const mx = points.reduce((a, [x]) => a + x, 0) / points.length;
	const my = points.reduce((a, [, y]) => a + y, 0) / points.length;
	const k = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0) / points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
	return `k=${k.toFixed(2)} ${k >= 1.5 ? 'SUPER-LINEAR' : 'linear'}`;
}

function scaling(): void {
	const maxKiB = Number(process.env.FUZZ_MAX_KIB ?? 1024);
	const sizes: number[] = [];
	for (let kib = 16; kib <= maxKiB; kib *= 2) sizes.push(kib * 1024);
	console.log(`\ntime scaling on adversarial input (best of 5 after a warm-up, a GC before each; ms per call; ratio per doubling, ! at ≥3×; k = fitted exponent, time ∝ n^k)`);
	console.log(`node ${process.version}, ${new Date().toISOString()}\n`);
	const header = ['module', 'shape', ...sizes.map(s => `${s / 1024} KiB`), 'ratios', 'verdict'];
	const rows: string[][] = [header];
	for (const shape of SHAPES) {
		const times: number[] = [];
		shape.run(shape.make(sizes[0]!)); // warm-up
		for (const size of sizes) {
			const input = shape.make(size);
			times.push(bestOf(() => shape.run(input), 5));
		}
		const ratios = times.slice(1).map((t, i) => t / Math.max(times[i]!, 1e-3));
		rows.push([shape.module, shape.shape, ...times.map(t => t.toFixed(t < 10 ? 2 : 0)), ratios.map(r => `${r.toFixed(1)}×${r >= 3 ? '!' : ''}`).join(' '), verdict(sizes, times)]);
		console.log(rows.at(-1)!.join(' | '));
	}
	console.log('\nmarkdown:\n');
	console.log(`| ${header.join(' | ')} |`);
	console.log(`|${header.map(() => '---').join('|')}|`);
	for (const row of rows.slice(1)) console.log(`| ${row.join(' | ')} |`);
}

let status = 0;
if (!args.has('--scaling-only')) status = runFuzzTests();
scaling();
process.exitCode = status;
