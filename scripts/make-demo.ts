/**
 * Writes demo/demo.log, the log `prodex-top --demo` replays: a current-era (prodex 0.411) runtime
 * log made with the project's deterministic generator (test/helpers/generator.ts), scripted in
 * phases so that, replayed line by line, the doctor's diagnosis over the last 128 KiB moves through
 * several states. Run `npx tsx scripts/make-demo.ts` (add `--check` to compare instead of write);
 * it prints the diagnosis timeline it expects, which demo/README.md documents.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {finalize} from '../source/core/finalize.js';
import {parseLine} from '../source/core/line.js';
import {RULES_CURRENT} from '../source/core/rules/index.js';
import {EMPTY_STATE} from '../source/core/state-inputs.js';
import {timestampMs} from '../source/core/timestamp.js';
import {WindowSet} from '../source/core/window.js';
import {replayOffsets} from '../source/tail/demo.js';
import {generateLines, type GeneratorPhase} from '../test/helpers/generator.js';

export const DEMO_PATH = fileURLToPath(new URL('../demo/demo.log', import.meta.url));
const SEED = 4_110;
const PID = 48_213;
const CWD = '/home/alice/src/api';
/** 2026-05-12 09:30:00.000 +07:00 */
const START_MS = Date.UTC(2026, 4, 12, 2, 30, 0);

const times = (marker: string, n: number): string[] => Array.from({length: n}, () => marker);

/** Everyday traffic of a few busy terminals: no failure markers, no selection_pick (quiet) ... */
const QUIET = [
	...times('profile_inflight', 14),
	...times('first_upstream_chunk', 10),
	...times('first_local_chunk', 11),
	...times('token_usage', 8),
	...times('state_save_queued', 7),
	...times('state_save_ok', 7),
	...times('compat_request_surface', 6),
	...times('selection_plan', 4),
	...times('continuation_journal_save_queued', 3),
	...times('continuation_journal_save_ok', 3),
	...times('selection_keep_current', 2),
];
/** ... and with fresh selections (selection_pick) once several sessions are active. */
const ROUTINE = [...QUIET, ...times('selection_pick', 10)];

const burst = (lines: number, markers: readonly string[], gapMs = 40): GeneratorPhase => ({lines, markers, gapMs});
const routine = (lines: number, gapMs = 170): GeneratorPhase => ({lines, markers: ROUTINE, gapMs});

/** The scenario: each burst outranks the one before it, so each takes over the diagnosis at once. */
export const PHASES: readonly GeneratorPhase[] = [
	// A local first chunk before any upstream one, so the quiet start never reads as a writer stall.
	{lines: 1, markers: ['profile_inflight'], gapMs: 250},
	{lines: 1, markers: ['first_local_chunk'], gapMs: 250},
	{lines: 43, markers: QUIET, gapMs: 250},
	routine(100, 200),
	burst(14, [...times('state_save_queue_backpressure', 3), 'state_save_queued', 'state_save_ok', 'continuation_journal_queue_backpressure']),
	routine(100),
	burst(12, [...times('stream_read_error', 2), 'first_upstream_chunk', 'profile_inflight']),
	routine(100),
	burst(14, [...times('compat_warning', 2), 'compat_request_surface']),
	routine(100),
	burst(14, [...times('profile_health', 2), 'profile_inflight', 'selection_pick']),
	routine(100),
	burst(30, [...times('runtime_proxy_lane_limit_reached', 3), 'profile_inflight', 'selection_plan'], 25),
	routine(900, 75),
];

/** The demo log's lines (no trailing newlines): header and startup lines, then the phases. */
export function demoLines(): string[] {
	const start = generateLines({seed: SEED, lines: 3, pid: PID, cwd: CWD, startMs: START_MS, era: 'current'});
	const lastMs = start.at(-1)!.timeMs;
	const lines = PHASES.reduce((sum, phase) => sum + phase.lines, 0);
	const rest = generateLines({seed: SEED + 1, lines, pid: PID, header: false, startMs: lastMs + 400, phases: PHASES, meanGapMs: 170, blankRate: 0, otherRate: 0.004});
	return [...start, ...rest].map(line => line.text);
}

export type TimelineEntry = {line: number; rule: number; diagnosis: string; replayMs: number};

/** Diagnosis changes (by rule) while the lines are appended one by one, with the doctor's 128 KiB window. */
export function timeline(lines: readonly string[]): TimelineEntry[] {
	const windows = new WindowSet(RULES_CURRENT, 131_072);
	const facts = {logPath: '/demo.log', pointerExists: true, logExists: true, pointerNote: null, readError: null};
	const offsets = replayOffsets(lines, 1);
	const out: TimelineEntry[] = [];
	let size = 0;
	lines.forEach((text, index) => {
		const line = parseLine(text, RULES_CURRENT);
		const bytes = Buffer.byteLength(text) + 1;
		windows.add(line, {start: size, bytes, timeMs: timestampMs(line.timestamp) ?? 0});
		size += bytes;
		windows.trimDoctor(size);
		const result = finalize(windows.summary('doctor'), RULES_CURRENT, facts, EMPTY_STATE);
		if (out.at(-1)?.rule !== result.diagnosisRule) out.push({line: index + 1, rule: result.diagnosisRule, diagnosis: result.report.diagnosis, replayMs: offsets[index]!});
	});
	return out;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
	const lines = demoLines();
	const text = `${lines.join('\n')}\n`;
	const check = process.argv.includes('--check');
	if (check) {
		const same = readFileSync(DEMO_PATH, 'utf8') === text;
		process.stdout.write(same ? 'demo/demo.log is up to date\n' : 'demo/demo.log differs from what scripts/make-demo.ts makes\n');
		process.exitCode = same ? 0 : 1;
	} else {
		writeFileSync(DEMO_PATH, text);
	}
	for (const entry of timeline(lines)) {
		process.stdout.write(`line ${String(entry.line).padStart(5)}  t=${(entry.replayMs / 1000).toFixed(1).padStart(6)} s  rule ${String(entry.rule).padStart(2)}  ${entry.diagnosis.slice(0, 110)}\n`);
	}
	process.stdout.write(`${lines.length} lines, ${Buffer.byteLength(text)} bytes, replay at speed 1: ${(replayOffsets(lines, 1).at(-1)! / 1000).toFixed(1)} s\n`);
}
