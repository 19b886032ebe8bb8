import {describe, expect, test} from 'vitest';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {Run, type IncomingLine} from '../../source/core/run.js';
import {FUTURE_SKEW_MS, lineTimeMs} from '../../source/core/timestamp.js';

const info = {id: 1, logPath: '/l.log', label: '/l.log', rules: RULES_CURRENT, rulesReason: 'test', startedAt: 0};
const NOW = Date.UTC(2026, 11, 6, 12, 0, 0);
const stamp = (ms: number, offsetHours = 0) => {
	const local = new Date(ms + offsetHours * 3_600_000).toISOString().replace('T', ' ').replace('Z', '');
	const sign = offsetHours < 0 ? '-' : '+';
	const hh = String(Math.abs(offsetHours)).padStart(2, '0');
	return `${local} ${sign}${hh}:00`;
};

/** A run fed `lines` (timestamp text or null, marker) that all arrive at `arrivalMs`. */
function runOf(lines: ReadonlyArray<readonly [string | null, string]>, arrivalMs = NOW): Run {
	const run = new Run(info, 0);
	let start = 0;
	const incoming: IncomingLine[] = lines.map(([time, marker]) => {
		const text = time === null ? `${marker} route=responses` : `[${time}] ${marker} route=responses`;
		const bytes = Buffer.byteLength(text) + 1;
		const line = {text, start, bytes, cut: false, arrivalMs};
		start += bytes;
		return line;
	});
	run.apply(incoming, start);
	return run;
}
const counts = (run: Run, window: '1m' | '5m' | '1h' | 'all', nowMs = NOW) => {
	run.expire(nowMs);
	return Object.fromEntries(run.summary(window).markerCounts);
};

describe('lineTimeMs', () => {
	test('offsets honoured; no timestamp or one too far ahead: the arrival', () => {
		expect(lineTimeMs('2026-12-06 19:00:00.000 +07:00', NOW)).toBe(NOW);
		expect(lineTimeMs('2026-12-06 07:00:00.000 -05:00', NOW)).toBe(NOW);
		expect(lineTimeMs('2026-12-06T12:00:00Z', NOW)).toBe(NOW);
		expect(lineTimeMs(null, NOW)).toBe(NOW);
		expect(lineTimeMs('not a time', NOW)).toBe(NOW);
		expect(lineTimeMs(stamp(NOW + FUTURE_SKEW_MS), NOW)).toBe(NOW + FUTURE_SKEW_MS);
		expect(lineTimeMs(stamp(NOW + FUTURE_SKEW_MS + 1), NOW)).toBe(NOW);
		expect(lineTimeMs(stamp(NOW + 365 * 86_400_000), NOW)).toBe(NOW);
	});
});

describe('time windows with hostile times', () => {
	test('mixed time zones: lines are placed by their instant', () => {
		// 2 minutes ago written at +07:00, 30 s ago written at -05:00.
		const run = runOf([
			[stamp(NOW - 120_000, 7), 'stream_read_error'],
			[stamp(NOW - 30_000, -5), 'upstream_connect_timeout'],
		]);
		expect(counts(run, '1m')).toEqual({upstream_connect_timeout: 1});
		expect(counts(run, '5m')).toEqual({stream_read_error: 1, upstream_connect_timeout: 1});
	});

	test('a line from the far future does not hold the windows open', () => {
		const run = runOf([
			[stamp(NOW - 600_000), 'stream_read_error'],
			[stamp(NOW + 365 * 86_400_000), 'upstream_connect_timeout'],
		], NOW - 600_000);
		// Ten minutes later, the 1m window is empty: the future line counted at its arrival.
		expect(counts(run, '1m')).toEqual({});
		expect(counts(run, '1h')).toEqual({stream_read_error: 1, upstream_connect_timeout: 1});
	});

	test('missing timestamps count at their arrival; out-of-order lines at the newest time before them', () => {
		const run = runOf([
			[stamp(NOW - 30_000), 'stream_read_error'],
			[stamp(NOW - 3_600_000 * 5), 'upstream_connect_timeout'],
			[null, 'runtime_proxy_queue_overloaded'],
		]);
		// The 5-hour-old line came after a newer one: it is counted at that line's time, inside 1m.
		expect(counts(run, '1m')).toEqual({stream_read_error: 1, upstream_connect_timeout: 1, runtime_proxy_queue_overloaded: 1});
		expect(counts(run, 'all')).toEqual({stream_read_error: 1, upstream_connect_timeout: 1, runtime_proxy_queue_overloaded: 1});
	});
});
