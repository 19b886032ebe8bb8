import {afterEach, describe, expect, test, vi} from 'vitest';
import {RULES_027} from '../../source/core/rules/index.js';
import {Store, linesPerSecond} from '../../source/tail/store.js';
import {followed} from '../helpers/ui.js';

const FACTS = {logPath: '/logs/a.log', pointerExists: true, logExists: true, pointerNote: null, readError: null};

/** Lines as the follower delivers them, with a fixed arrival time. */
const lines = (texts: string[], start = 0) => followed(texts, start, 1_000_000);

afterEach(() => {
	vi.useRealTimers();
});

function makeStore(now = () => 1_000_000, tailBytes = 131_072) {
	const store = new Store({tailBytes, now});
	store.beginRun({logPath: '/logs/a.log', label: '/logs/a.log', rules: RULES_027, rulesReason: '--rules'}, FACTS);
	return store;
}

describe('Store', () => {
	test('batches: many ingests within the batch period give one publish', async () => {
		vi.useFakeTimers();
		const store = makeStore();
		let publishes = 0;
		store.subscribe(() => publishes++);
		for (let i = 0; i < 10; i++) store.ingest(lines([`[t] selection_pick n=${i}`], i * 30), (i + 1) * 30);
		expect(publishes).toBe(0);
		await vi.advanceTimersByTimeAsync(80);
		expect(publishes).toBe(1);
		const snapshot = store.getSnapshot();
		expect(snapshot.finalized.report.marker_counts.get('selection_pick')).toBe(10);
		expect(snapshot.totals.lines).toBe(10);
		store.dispose();
	});

	test('getSnapshot returns the same object until the next publish', () => {
		const store = makeStore();
		const a = store.getSnapshot();
		expect(store.getSnapshot()).toBe(a);
		store.ingest(lines(['[t] selection_pick']), 100);
		store.flushNow();
		expect(store.getSnapshot()).not.toBe(a);
		store.dispose();
	});

	test('the summary is finalized when a snapshot is read, once per read, not once per publish', () => {
		const store = makeStore();
		const before = store.getSnapshot().summarySeq;
		for (let i = 0; i < 20; i++) {
			store.ingest(lines([`[t] selection_pick n=${i}`], i * 30), (i + 1) * 30);
			store.flushNow();
		}
		const read = store.getSnapshot();
		// 20 publishes, one finalization: the one this read asked for, and it holds all 20 lines.
		expect(read.summarySeq).toBe(before + 1);
		expect(read.finalized.report.marker_counts.get('selection_pick')).toBe(20);
		expect(store.getSnapshot()).toBe(read);
		// A publish that changes no summary (a status) keeps the finalized summary as it was.
		store.setStatus('waiting', 'log missing');
		expect(store.getSnapshot().finalized).toBe(read.finalized);
		expect(store.getSnapshot().summarySeq).toBe(read.summarySeq);
		store.dispose();
	});

	test('pause holds lines and publishes only the count; resume applies them', async () => {
		vi.useFakeTimers();
		const store = makeStore(() => Date.now());
		store.ingest(lines(['[t] selection_pick']), 20);
		store.flushNow();
		store.pause();
		const frozen = store.getSnapshot();
		expect(frozen.paused).toBe(true);
		store.ingest(lines(['[t] stream_read_error a=1', '[t] stream_read_error a=2'], 20), 100);
		await vi.advanceTimersByTimeAsync(1500);
		const paused = store.getSnapshot();
		expect(paused.bufferedLines).toBe(2);
		expect(paused.finalized).toBe(frozen.finalized);
		expect(paused.summarySeq).toBe(frozen.summarySeq);
		store.resume();
		await vi.advanceTimersByTimeAsync(100);
		const resumed = store.getSnapshot();
		expect(resumed.paused).toBe(false);
		expect(resumed.bufferedLines).toBe(0);
		expect(resumed.finalized.report.marker_counts.get('stream_read_error')).toBe(2);
		store.dispose();
	});

	test('the doctor window drops lines that leave the last tailBytes', () => {
		const store = makeStore(() => 1_000_000, 30);
		const batch = lines(['[t] selection_pick a=1', '[t] stream_read_error', '[t] first_local_chunk']);
		const size = batch.reduce((sum, l) => sum + l.bytes, 0);
		store.ingest(batch, size);
		store.flushNow();
		// size − 30 falls inside the second line: only the third line remains (partial-first-line rule).
		expect(Object.fromEntries(store.getSnapshot().finalized.report.marker_counts)).toEqual({first_local_chunk: 1});
		store.setWindow('all');
		expect(store.getSnapshot().finalized.report.line_count).toBe(3);
		store.dispose();
	});

	test('a truncation restarts the doctor window; all keeps counting', () => {
		const store = makeStore();
		store.ingest(lines(['[t] stream_read_error']), 30);
		store.flushNow();
		store.fileChanged('truncated');
		expect(store.getSnapshot().status.kind).toBe('truncated');
		expect(store.getSnapshot().finalized.report.line_count).toBe(0);
		store.ingest(lines(['[t] selection_pick']), 20);
		store.flushNow();
		expect(store.getSnapshot().finalized.report.diagnosis).toBe('Recent selection decisions were logged; inspect the last marker for why a profile was picked or skipped.');
		store.setWindow('all');
		expect(store.getSnapshot().finalized.report.line_count).toBe(2);
		store.dispose();
	});

	test('time windows use line timestamps and expire with the clock', () => {
		let now = Date.parse('2026-04-24T00:10:00Z');
		const store = makeStore(() => now);
		store.setWindow('1m');
		store.ingest(followed(['[2026-04-24T00:08:00Z] stream_read_error', '[2026-04-24T00:09:30Z] selection_pick'], 0, now), 200);
		store.flushNow();
		expect(Object.fromEntries(store.getSnapshot().finalized.report.marker_counts)).toEqual({selection_pick: 1});
		now += 31_000;
		store.setWindow('1m');
		expect(store.getSnapshot().finalized.report.line_count).toBe(0);
		store.setWindow('5m');
		expect(store.getSnapshot().finalized.report.line_count).toBe(2);
		store.dispose();
	});

	test('cycleWindow walks doctor → 1m → 5m → 15m → 1h → all → doctor', () => {
		const store = makeStore();
		const seen = [store.getSnapshot().window];
		for (let i = 0; i < 6; i++) {
			store.cycleWindow();
			seen.push(store.getSnapshot().window);
		}
		expect(seen).toEqual(['doctor', '1m', '5m', '15m', '1h', 'all', 'doctor']);
		store.dispose();
	});

	test('a new run keeps the previous run final summary reachable', () => {
		const store = makeStore();
		store.ingest(lines(['[t] stream_read_error', '[t] x']), 40);
		store.beginRun({logPath: '/logs/b.log', label: '/logs/b.log', rules: RULES_027, rulesReason: '--rules'}, {...FACTS, logPath: '/logs/b.log'});
		const snapshot = store.getSnapshot();
		expect(snapshot.status.kind).toBe('new-run');
		// The header already names the new log; the status says how to reach the previous run.
		expect(snapshot.status.text).toBe('new proxy run ([ shows the previous)');
		expect(snapshot.run?.logPath).toBe('/logs/b.log');
		expect(snapshot.previousRuns).toHaveLength(1);
		expect(snapshot.previousRuns[0]!.lines).toBe(2);
		expect(snapshot.previousRuns[0]!.finalized.report.diagnosis).toBe('Recent upstream stream read failure detected after commit.');
		expect(snapshot.finalized.report.diagnosis).toBe('Latest runtime log is empty.');
		store.dispose();
	});

	test('facts feed the diagnosis (no pointer, pointer notes)', () => {
		const store = makeStore();
		store.ingest(lines(['[t] stream_read_error']), 30);
		store.flushNow();
		store.setFacts({...FACTS, pointerExists: false});
		expect(store.getSnapshot().finalized.report.diagnosis).toBe('No runtime log pointer has been created yet.');
		store.setFacts({...FACTS, pointerNote: 'Runtime log pointer was stale; sampled a newer log instead.'});
		expect(store.getSnapshot().finalized.report.diagnosis).toBe('Recent upstream stream read failure detected after commit. Runtime log pointer was stale; sampled a newer log instead.');
		store.dispose();
	});

	test('resetBaseline counts again from now', () => {
		const store = makeStore();
		store.ingest(lines(['[t] stream_read_error']), 30);
		store.flushNow();
		store.resetBaseline();
		const snapshot = store.getSnapshot();
		expect(snapshot.finalized.report.line_count).toBe(0);
		expect(snapshot.baselineAt).toBe(1_000_000);
		store.dispose();
	});

	test('recent marker lines are redacted and control-free; rates count per 10 s', () => {
		const store = makeStore();
		store.ingest(lines(['[2026-04-24T00:00:01Z] stream_read_error token=abc \u001B[31m', '[2026-04-24T00:00:02Z] responses_pre_send_skip reason=quota_critical_floor_before_send']), 100);
		store.flushNow();
		const snapshot = store.getSnapshot();
		expect(snapshot.recent.map(r => r.text)).toEqual([
			'[2026-04-24T00:00:01Z] stream_read_error token=<redacted>  [31m',
			'[2026-04-24T00:00:02Z] responses_pre_send_skip reason=quota_critical_floor_before_send',
		]);
		const last = snapshot.rates.buckets.at(-1);
		expect(Object.fromEntries(last?.classes ?? [])).toEqual({transport: 1, quota: 2});
		expect(snapshot.rates.buckets).toHaveLength(360);
		store.dispose();
	});

	test('an idle store schedules no timers (doctor window)', async () => {
		vi.useFakeTimers();
		const store = makeStore(() => Date.now());
		store.ingest(lines(['[t] stream_read_error']), 30);
		await vi.advanceTimersByTimeAsync(100);
		expect(vi.getTimerCount()).toBe(0);
		store.dispose();
	});
});

describe('linesPerSecond', () => {
	test('counts the 10 whole seconds before now, so an idle log falls to 0', () => {
		const arrivals = [
			{second: 100, lines: 50},
			{second: 105, lines: 30},
			{second: 109, lines: 20},
		];
		expect(linesPerSecond(arrivals, 109_500)).toBe(10);
		expect(linesPerSecond(arrivals, 110_000)).toBe(10);
		expect(linesPerSecond(arrivals, 111_000)).toBe(5);
		expect(linesPerSecond(arrivals, 116_000)).toBe(2);
		expect(linesPerSecond(arrivals, 120_000)).toBe(0);
		expect(linesPerSecond([], 120_000)).toBe(0);
	});

	test('the snapshot carries the arrivals per second, not a rate frozen at publish time', () => {
		const store = new Store({tailBytes: 131_072});
		store.beginRun({logPath: '/l/a.log', label: '/l/a.log', rules: RULES_027, rulesReason: '--rules'}, {logPath: '/l/a.log', pointerExists: true, logExists: true, pointerNote: null, readError: null});
		const at = 1_800_000_000_000;
		store.ingest(Array.from({length: 40}, (_, i) => ({text: `[t] selection_pick n=${i}`, start: i * 30, bytes: 30, cut: false, arrivalMs: at})), 1200);
		store.flushNow();
		const {arrivals} = store.getSnapshot();
		expect(arrivals).toEqual([{second: at / 1000, lines: 40}]);
		expect(linesPerSecond(arrivals, at + 500)).toBe(4);
		expect(linesPerSecond(arrivals, at + 11_000)).toBe(0);
		store.dispose();
	});
});

describe('Store: run counters (the exporter’s *_total)', () => {
	const count = (store: Store) => store.getSnapshot().runCounts.markers.get('selection_pick') ?? 0;

	test('a rotation or truncation of the run’s file keeps them, a baseline reset does not touch them, a new run starts them at 0', () => {
		const store = makeStore();
		store.ingest(lines(['[t] selection_pick', '[t] selection_pick']), 40);
		store.flushNow();
		expect(count(store)).toBe(2);
		store.fileChanged('rotated');
		store.ingest(lines(['[t] selection_pick']), 20);
		store.flushNow();
		expect(count(store)).toBe(3);
		store.fileChanged('truncated');
		store.resetBaseline();
		store.ingest(lines(['[t] selection_pick']), 20);
		store.flushNow();
		expect(count(store)).toBe(4);
		expect(store.getSnapshot().totals.lines).toBe(4);
		expect(store.getSnapshot().finalized.report.marker_counts.get('selection_pick')).toBe(1);
		store.beginRun({logPath: '/logs/b.log', label: '/logs/b.log', rules: RULES_027, rulesReason: '--rules'}, {...FACTS, logPath: '/logs/b.log'});
		expect(count(store)).toBe(0);
		expect(store.getSnapshot().totals.lines).toBe(0);
		store.dispose();
	});

	test('finalizedFor: the exporter’s window even when the store shows another', () => {
		const store = makeStore(() => 1_000_000, 30);
		store.ingest(lines(['[t] selection_pick a=1', '[t] selection_pick a=2', '[t] selection_pick a=3']), 69);
		store.flushNow();
		store.setWindow('all');
		expect(store.finalizedFor('all')).toBe(store.getSnapshot().finalized);
		expect(store.finalizedFor('all').report.marker_counts.get('selection_pick')).toBe(3);
		expect(store.finalizedFor('doctor').report.marker_counts.get('selection_pick')).toBe(1);
		store.dispose();
	});
});
