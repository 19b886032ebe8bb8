import {spawn, spawnSync} from 'node:child_process';
import {existsSync, readFileSync, readdirSync, statSync} from 'node:fs';
import {basename, dirname} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {finalize} from '../../source/core/finalize.js';
import {readHeader} from '../../source/core/header.js';
import {parseLine} from '../../source/core/line.js';
import {RULES_CURRENT, pickRuleSet} from '../../source/core/rules/index.js';
import {EMPTY_STATE} from '../../source/core/state-inputs.js';
import {summarizeLines} from '../../source/core/summary.js';
import {timestampMs} from '../../source/core/timestamp.js';
import {DEMO_LOG_URL, MAX_WAIT_MS, formatLocalTimestamp, logLines, replayOffsets, restamp, startDemo, type Demo} from '../../source/tail/demo.js';
import {LiveSource} from '../../source/tail/live.js';
import {isRuntimeLogName, readPointer} from '../../source/tail/locate.js';
import {Store} from '../../source/tail/store.js';
import {demoLines} from '../../scripts/make-demo.js';
import {CLI} from '../helpers/cli.js';

const DEMO_TEXT = readFileSync(DEMO_LOG_URL, 'utf8');
const DEMO = logLines(DEMO_TEXT);
const STAMPED = /^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d)\] /;
const LOG_NAME = /^prodex-runtime-(\d+)-(\d+)-(\d+)\.log$/;

/** The documented sequence (demo/README.md): diagnosis rule of the current chain and how its text starts. */
const SEQUENCE: ReadonlyArray<readonly [number, string]> = [
	[63, 'No recent overload or stream-failure markers were detected in the sampled runtime tail.'],
	[62, 'Recent selection decisions were logged;'],
	[52, 'Recent background persistence queue backpressure was detected.'],
	[48, 'Recent upstream stream read failure detected after commit.'],
	[36, 'Recent compatibility warnings were observed for codex_cli'],
	[22, 'Recent route-specific health penalty is steering fresh selection away from'],
	[6, 'Recent per-lane admission limit was triggered on'],
	[62, 'Recent selection decisions were logged;'],
];

let demo: Demo | undefined;
afterEach(async () => {
	await demo?.stop();
	demo = undefined;
});

async function waitFor(predicate: () => boolean, describeState: () => string, timeoutMs = 15_000): Promise<void> {
	const start = Date.now();
	while (!predicate()) {
		if (Date.now() - start > timeoutMs) throw new Error(`timed out: ${describeState()}`);
		await new Promise(resolve => setTimeout(resolve, 10));
	}
}

const messageOf = (line: string) => line.replace(STAMPED, '');

describe('the bundled demo log', () => {
	test('exists, is at most 400 KB, and starts with a current-era (0.411) header', () => {
		expect(statSync(DEMO_LOG_URL).size).toBeLessThanOrEqual(400_000);
		expect(DEMO.length).toBeGreaterThan(1000);
		const header = readHeader(DEMO[0]!);
		expect(header.version).toBe('0.411.0');
		expect(pickRuleSet('auto', header.version).id).toBe('current');
		for (const line of DEMO) expect(line).toMatch(STAMPED);
	});

	test('is exactly what scripts/make-demo.ts makes (regenerate with `npx tsx scripts/make-demo.ts`)', () => {
		expect(`${demoLines().join('\n')}\n` === DEMO_TEXT).toBe(true);
	});

	test('replayed at speed 1 it takes 2-4 minutes, with no wait over 2 s', () => {
		const offsets = replayOffsets(DEMO, 1);
		expect(offsets.at(-1)).toBeGreaterThan(120_000);
		expect(offsets.at(-1)).toBeLessThan(240_000);
		const gaps = offsets.slice(1).map((at, index) => at - offsets[index]!);
		expect(Math.min(...gaps)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...gaps)).toBeLessThanOrEqual(MAX_WAIT_MS);
		// Bursts stay bursts: many lines follow each other within 50 ms.
		expect(gaps.filter(gap => gap < 50).length).toBeGreaterThan(100);
		// At speed 10, the replay is about ten times shorter.
		expect(replayOffsets(DEMO, 10).at(-1)).toBeCloseTo(offsets.at(-1)! / 10, -2);
	});

	test('replay offsets: gaps scaled by speed, capped at 2 s; unreadable or backward times add no wait', () => {
		const at = (stamp: string, message = 'selection_pick profile=main') => `[${stamp}] ${message}`;
		const lines = [
			at('2026-05-12 09:30:00.000 +07:00'),
			at('2026-05-12 09:30:00.500 +07:00'),
			at('2026-05-12 09:30:10.500 +07:00'),
			'no timestamp',
			at('2026-05-12 09:30:09.000 +07:00'),
			at('2026-05-12 09:30:09.300 +07:00'),
		];
		expect(replayOffsets(lines, 1)).toEqual([0, 500, 2500, 2500, 2500, 2800]);
		expect(replayOffsets(lines, 10)).toEqual([0, 50, 1050, 1050, 1050, 1080]);
		expect(replayOffsets(lines, 0.1)).toEqual([0, 2000, 4000, 4000, 4000, 6000]);
	});

	test('appended line by line, the doctor window (last 131072 bytes) moves the diagnosis through the documented states', () => {
		// Independent of the live windows: every prefix of the log, cut to the complete lines that
		// start after `size - 131072`, summarised and finalized from scratch.
		const parsed = DEMO.map(line => parseLine(line, RULES_CURRENT));
		const starts: number[] = [];
		let size = 0;
		for (const line of DEMO) {
			starts.push(size);
			size += Buffer.byteLength(line) + 1;
		}
		const offsets = replayOffsets(DEMO, 1);
		const facts = {logPath: '/demo/prodex-runtime-1-1-0.log', pointerExists: true, logExists: true, pointerNote: null, readError: null};
		const states: Array<{rule: number; text: string; from: number; line: number}> = [];
		let lo = 0;
		for (let index = 0; index < DEMO.length; index++) {
			const end = starts[index]! + Buffer.byteLength(DEMO[index]!) + 1;
			while (starts[lo]! <= end - 131_072) lo++;
			const {report, diagnosisRule} = finalize(summarizeLines(parsed.slice(lo, index + 1), RULES_CURRENT), RULES_CURRENT, facts, EMPTY_STATE);
			if (states.at(-1)?.rule !== diagnosisRule) states.push({rule: diagnosisRule, text: report.diagnosis, from: offsets[index]!, line: index + 1});
		}
		expect(states.map(state => state.rule)).toEqual(SEQUENCE.map(([rule]) => rule));
		states.forEach((state, index) => expect(state.text.startsWith(SEQUENCE[index]![1]), `${state.text} / ${SEQUENCE[index]![1]}`).toBe(true));
		// Every state stays on screen long enough to read (at least 10 s at speed 1).
		const ends = [...states.slice(1).map(state => state.from), offsets.at(-1)!];
		states.forEach((state, index) => expect(ends[index]! - state.from, `state ${index}`).toBeGreaterThanOrEqual(10_000));
	});
});

describe('timestamps', () => {
	test('formatLocalTimestamp writes prodex\'s format in local time (reads back to the same instant)', () => {
		const zone = process.env.TZ;
		try {
			for (const [tz, offset] of [['UTC', '+00:00'], ['Asia/Kolkata', '+05:30'], ['America/St_Johns', '-03:30']] as const) {
				process.env.TZ = tz;
				expect(formatLocalTimestamp(Date.UTC(2026, 0, 15, 12, 0, 0, 7)).endsWith(`.007 ${offset}`), tz).toBe(true);
				for (const ms of [0, 1_745_460_000_004, 1_778_553_000_999, Date.now()]) {
					const text = formatLocalTimestamp(ms);
					expect(text).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} [+-]\d\d:\d\d$/);
					expect(timestampMs(text)).toBe(ms);
				}
			}
		} finally {
			if (zone === undefined) delete process.env.TZ;
			else process.env.TZ = zone;
		}
	});

	test('restamp replaces the timestamp of text and JSON lines, and leaves other lines alone', () => {
		expect(restamp('[2025-04-24 10:00:00.000 +07:00] selection_pick profile=main', 'NEW')).toBe('[NEW] selection_pick profile=main');
		expect(restamp('{"message":"x","timestamp":"2025-04-24 10:00:00.000 +07:00"}', 'NEW')).toBe('{"message":"x","timestamp":"NEW"}');
		expect(restamp('no timestamp here', 'NEW')).toBe('no timestamp here');
	});
});

describe('startDemo', () => {
	test('writes the header and a valid pointer at once, then every line with a fresh timestamp (loop: false)', async () => {
		const before = Date.now();
		demo = await startDemo({speed: 1000, loop: false});
		// Right away, before any timer ran: the header line and the pointer.
		expect(readPointer(demo.logDir)).toBe(demo.logPath);
		expect(dirname(demo.logPath)).toBe(demo.logDir);
		expect(isRuntimeLogName(basename(demo.logPath))).toBe(true);
		const name = LOG_NAME.exec(basename(demo.logPath));
		expect(name).not.toBeNull();
		expect(Number(name![2])).toBeGreaterThanOrEqual(before);
		const first = logLines(readFileSync(demo.logPath, 'utf8'));
		expect(first.length).toBeGreaterThanOrEqual(1);
		expect(readHeader(first[0]!)).toEqual({version: '0.411.0', pid: name![1]});
		expect(readdirSync(demo.prodexHome)).toEqual([]);

		await demo.finished;
		const written = logLines(readFileSync(demo.logPath, 'utf8'));
		expect(written.length).toBe(DEMO.length);
		let previous = before;
		for (const [index, line] of written.entries()) {
			const stamp = STAMPED.exec(line);
			expect(stamp, line).not.toBeNull();
			const ms = timestampMs(stamp![1]!)!;
			expect(ms).toBeGreaterThanOrEqual(previous);
			expect(ms).toBeLessThanOrEqual(Date.now());
			previous = ms;
			if (index > 0) expect(messageOf(line)).toBe(messageOf(DEMO[index]!));
		}
		expect(demo.runs).toBe(1);
		expect(readPointer(demo.logDir)).toBe(demo.logPath);
		const {root} = demo;
		await demo.stop();
		expect(existsSync(root)).toBe(false);
	});

	test('loops into new proxy runs: a new log name and a new pointer each time; old logs are pruned; stop() removes the dir', async () => {
		demo = await startDemo({speed: 1000});
		const firstLog = demo.logPath;
		const seen = new Set<string>([firstLog]);
		await waitFor(
			() => {
				const pointed = readPointer(demo!.logDir);
				if (pointed !== null) seen.add(pointed);
				return seen.size >= 3;
			},
			() => `pointers seen: ${[...seen].join(', ')}`,
		);
		const names = [...seen].map(path => LOG_NAME.exec(basename(path)));
		expect(names.every(name => name !== null)).toBe(true);
		expect(names.map(name => name![3])).toEqual(['0', '1', '2']);
		// Each run is a new process: its pid is in the name and in its header.
		const current = demo.logPath;
		expect(readPointer(demo.logDir)).toBe(current);
		expect(readHeader(readFileSync(current, 'utf8').split('\n')[0]!).pid).toBe(LOG_NAME.exec(basename(current))![1]);
		const logs = readdirSync(demo.logDir).filter(isRuntimeLogName);
		expect(logs.length).toBeLessThanOrEqual(2);
		expect(logs).toContain(basename(current));
		expect(existsSync(firstLog)).toBe(false);

		const {root} = demo;
		await demo.stop();
		expect(existsSync(root)).toBe(false);
		await demo.finished;
		const runs = demo.runs;
		// Stopped for good: a second stop is harmless and nothing is written any more.
		await demo.stop();
		await new Promise(resolve => setImmediate(resolve));
		expect(demo.runs).toBe(runs);
		expect(existsSync(root)).toBe(false);
	});

	test('uses the given clock for timestamps and the log name', async () => {
		const fixed = Date.UTC(2030, 0, 2, 3, 4, 5, 678);
		demo = await startDemo({speed: 1000, loop: false, now: () => fixed});
		expect(basename(demo.logPath)).toMatch(new RegExp(`^prodex-runtime-\\d+-${fixed}-0\\.log$`));
		await demo.finished;
		const lines = logLines(readFileSync(demo.logPath, 'utf8'));
		expect(new Set(lines.map(line => STAMPED.exec(line)![1]))).toEqual(new Set([formatLocalTimestamp(fixed)]));
	});

	test('rejects a speed that is not a positive number', async () => {
		await expect(startDemo({speed: 0})).rejects.toThrow(RangeError);
		await expect(startDemo({speed: Number.NaN})).rejects.toThrow(RangeError);
	});

	test('followed by the live source, the dashboard store shows the documented diagnosis sequence, then a new run', async () => {
		demo = await startDemo({speed: 25});
		const store = new Store({tailBytes: 131_072, batchMs: 50});
		const live = new LiveSource(store, {source: {kind: 'dir', dir: demo.logDir}, prodexHome: demo.prodexHome, rules: 'auto', pollMs: 100, locateMs: 100});
		const rules: number[] = [];
		const ruleSets = new Set<string>();
		let runId: number | null = null;
		let newRun = false;
		store.subscribe(() => {
			const snapshot = store.getSnapshot();
			if (snapshot.run === null || !snapshot.caughtUp) return;
			runId ??= snapshot.run.id;
			if (snapshot.run.id !== runId) {
				newRun = true;
				return;
			}
			ruleSets.add(snapshot.run.rules.id);
			if (rules.at(-1) !== snapshot.finalized.diagnosisRule) rules.push(snapshot.finalized.diagnosisRule);
		});
		live.start();
		try {
			await waitFor(() => newRun, () => `rules so far: ${rules.join(' ')}`, 25_000);
		} finally {
			await live.stop();
			store.dispose();
		}
		expect(rules).toEqual(SEQUENCE.map(([rule]) => rule));
		expect([...ruleSets]).toEqual(['current']);
		expect(store.getSnapshot().previousRuns.length).toBe(1);
	}, 40_000);
});

describe('the built package', () => {
	test('dist/tail/demo.js finds the demo log; after stop() no timer keeps the process alive; an exit without stop() still removes the dir', () => {
		const module = new URL('../../dist/tail/demo.js', import.meta.url).href;
		const stopped = spawnSync(process.execPath, ['--input-type=module', '-e', `const {startDemo} = await import(${JSON.stringify(module)}); const demo = await startDemo(); console.log(demo.root); await demo.stop(); console.log(JSON.stringify(process.getActiveResourcesInfo()));`], {encoding: 'utf8', timeout: 15_000});
		expect(stopped.stderr).toBe('');
		expect(stopped.status).toBe(0);
		const [root, resources] = stopped.stdout.trim().split('\n');
		expect(root).toMatch(/prodex-top-demo-/);
		expect(existsSync(root!)).toBe(false);
		expect(JSON.parse(resources!)).not.toContain('Timeout');
		const exited = spawnSync(process.execPath, ['--input-type=module', '-e', `const {startDemo} = await import(${JSON.stringify(module)}); const demo = await startDemo(); console.log(demo.root); process.exit(0);`], {encoding: 'utf8', timeout: 15_000});
		expect(exited.status).toBe(0);
		expect(exited.stdout.trim()).toMatch(/prodex-top-demo-/);
		expect(existsSync(exited.stdout.trim())).toBe(false);
	});

	test('--demo --json --follow follows the replay in a temporary log dir and removes it on interrupt', async () => {
		const child = spawn(process.execPath, [CLI, '--demo', '--json', '--follow'], {env: {...process.env, NO_COLOR: '1'}});
		const records: Array<{line_count: number; diagnosis: string; run: string}> = [];
		let buffer = '';
		let stderr = '';
		child.stdout.on('data', chunk => {
			buffer += chunk;
			let newline: number;
			while ((newline = buffer.indexOf('\n')) !== -1) {
				records.push(JSON.parse(buffer.slice(0, newline)) as {line_count: number; diagnosis: string; run: string});
				buffer = buffer.slice(newline + 1);
			}
		});
		child.stderr.on('data', chunk => (stderr += chunk));
		const exit = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
		try {
			await waitFor(() => records.length >= 1 && records.at(-1)!.line_count >= 5, () => JSON.stringify(records.at(-1)) + stderr);
		} finally {
			child.kill('SIGINT');
		}
		expect(await exit).toBe(0);
		expect(stderr).toBe('');
		const {run} = records[0]!;
		expect(basename(run)).toMatch(/^prodex-runtime-\d+-\d+-0\.log$/);
		expect(basename(dirname(dirname(run)))).toMatch(/^prodex-top-demo-/);
		expect(records[0]!.diagnosis).toBe(SEQUENCE[0]![1]);
		expect(existsSync(dirname(dirname(run)))).toBe(false);
	});
});
