import {describe, expect, test} from 'vitest';
import {EMPTY_PRESSURE_TRACK, PRESSURE_KEYS, PressureHistory, pressureStrip, severity, type PressureLevels} from '../../source/core/pressure-history.js';
import {RATE_BUCKETS} from '../../source/core/rates.js';

const levels = (overrides: Partial<Record<(typeof PRESSURE_KEYS)[number], string>> = {}): PressureLevels => ({
	selection_pressure: 'low', transport_pressure: 'low', persistence_pressure: 'low', quota_freshness_pressure: 'low', startup_audit_pressure: 'low', ...overrides,
});
const S = 10_000;
const T0 = 1_000 * S;

describe('PressureHistory: the five levels per 10-second bucket', () => {
	test('no data before the first summary; a bucket shows the highest level drawn in it; a bucket without a summary holds the last level before it', () => {
		const history = new PressureHistory();
		expect(pressureStrip(history.view(), 'selection_pressure', T0, 3)).toEqual([null, null, null]);
		history.observe(levels(), T0 + 1);
		history.observe(levels({selection_pressure: 'elevated'}), T0 + 2 * S + 1);
		history.observe(levels({selection_pressure: 'active'}), T0 + 2 * S + 9000);
		history.observe(levels({selection_pressure: 'active'}), T0 + 4 * S);
		history.observe(levels({selection_pressure: 'low'}), T0 + 4 * S + 5);
		const strip = pressureStrip(history.view(), 'selection_pressure', T0 + 6 * S, 9);
		// T0-2, T0-1: no data; T0 low; T0+1 held low; T0+2 elevated (then active); T0+3 held active; T0+4 active then low; T0+5, T0+6 held low.
		expect(strip).toEqual([null, null, 'low', 'low', 'elevated', 'active', 'active', 'low', 'low']);
		expect(pressureStrip(history.view(), 'transport_pressure', T0 + 6 * S, 3)).toEqual(['low', 'low', 'low']);
	});

	test('bounded to the last hour: older buckets go, and the level held from them stays', () => {
		const history = new PressureHistory();
		history.observe(levels({quota_freshness_pressure: 'stale_risk'}), T0);
		for (let i = 1; i <= RATE_BUCKETS + 50; i++) history.observe(levels({quota_freshness_pressure: i > RATE_BUCKETS + 40 ? 'active' : 'stale_risk'}), T0 + i * S);
		const track = history.view();
		expect(track.buckets.size).toBeLessThanOrEqual(RATE_BUCKETS);
		const now = T0 + (RATE_BUCKETS + 50) * S;
		const strip = pressureStrip(track, 'quota_freshness_pressure', now, RATE_BUCKETS + 100);
		expect(strip).toHaveLength(RATE_BUCKETS);
		expect(strip.at(-1)).toBe('active');
		expect(strip[0]).toBe('stale_risk');
		// Nothing observed for two hours: the held level fills the strip.
		expect(pressureStrip(track, 'quota_freshness_pressure', now + 2 * 3_600_000, 4)).toEqual(['active', 'active', 'active', 'active']);
	});

	test('an unchanged bucket keeps the same view object; a clock that steps back counts in the newest bucket', () => {
		const history = new PressureHistory();
		history.observe(levels(), T0);
		const view = history.view();
		history.observe(levels(), T0 + 5);
		expect(history.view()).toBe(view);
		history.observe(levels({transport_pressure: 'elevated'}), T0 - 5 * S);
		expect(pressureStrip(history.view(), 'transport_pressure', T0, 1)).toEqual(['elevated']);
		expect(pressureStrip(EMPTY_PRESSURE_TRACK, 'transport_pressure', T0, 2)).toEqual([null, null]);
	});

	test('severity orders the levels: low < active < elevated = stale_risk', () => {
		expect(severity('low')).toBeLessThan(severity('active'));
		expect(severity('active')).toBeLessThan(severity('elevated'));
		expect(severity('elevated')).toBe(severity('stale_risk'));
		expect(severity('unknown')).toBeLessThan(severity('low'));
	});
});
