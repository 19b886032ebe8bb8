import {describe, expect, test} from 'vitest';
import {I64_MAX} from '../../../source/core/state/config.js';
import {effectiveWindowStatus, quotaFreshness, quotaWindows, snapshotUsable} from '../../../source/core/state/quota.js';
import type {UsageSnapshot, WindowStatus} from '../../../source/core/state/types.js';

type SnapshotSpec = {checkedAt: number; five?: [WindowStatus, bigint | number]; weekly?: [WindowStatus, bigint | number]};
const snapshot = ({checkedAt, five = ['Ready', I64_MAX], weekly = ['Ready', I64_MAX]}: SnapshotSpec): UsageSnapshot => ({
	checkedAt: BigInt(checkedAt),
	planType: null,
	fiveHourStatus: five[0],
	fiveHourRemainingPercent: 50n,
	fiveHourResetAt: BigInt(five[1]),
	weeklyStatus: weekly[0],
	weeklyRemainingPercent: 50n,
	weeklyResetAt: BigInt(weekly[1]),
});

describe('quota freshness (acceptance E3, test stale grace 300 s, now = 1000)', () => {
	test.each([
		['none', undefined, 'missing'],
		['ready, checked_at 900', snapshot({checkedAt: 900}), 'fresh'],
		['ready, checked_at 600', snapshot({checkedAt: 600}), 'stale'],
		['checked_at 0, five-hour Exhausted reset 1100 (hold active)', snapshot({checkedAt: 0, five: ['Exhausted', 1100]}), 'fresh'],
		['checked_at 999, five-hour Exhausted reset 999 (hold expired)', snapshot({checkedAt: 999, five: ['Exhausted', 999]}), 'stale'],
	] as const)('%s → %s', (_, snap, expected) => {
		expect(quotaFreshness(snap, 1000n, 300)).toBe(expected);
	});
});

describe('usable snapshot (§5.2)', () => {
	test('stale grace boundary: age == grace is usable, grace + 1 is not (production 1800 s)', () => {
		expect(snapshotUsable(snapshot({checkedAt: 10_000 - 1800}), 10_000n, 1800)).toBe(true);
		expect(snapshotUsable(snapshot({checkedAt: 10_000 - 1801}), 10_000n, 1800)).toBe(false);
		expect(snapshotUsable(snapshot({checkedAt: 10_000 + 50}), 10_000n, 1800)).toBe(true);
	});

	test('hold: exhausted with reset now + 1 holds it usable; reset == now expires it; reset now - 1 expires it', () => {
		expect(snapshotUsable(snapshot({checkedAt: 0, weekly: ['Exhausted', 1001]}), 1000n, 1800)).toBe(true);
		expect(snapshotUsable(snapshot({checkedAt: 1000, weekly: ['Exhausted', 1000]}), 1000n, 1800)).toBe(false);
		expect(snapshotUsable(snapshot({checkedAt: 1000, weekly: ['Exhausted', 999]}), 1000n, 1800)).toBe(false);
	});

	test('an exhausted window with the i64::MAX sentinel is no hold: the age decides', () => {
		expect(snapshotUsable(snapshot({checkedAt: 990, five: ['Exhausted', I64_MAX]}), 1000n, 300)).toBe(true);
		expect(snapshotUsable(snapshot({checkedAt: 0, five: ['Exhausted', I64_MAX]}), 1000n, 300)).toBe(false);
		// i64::MAX - 1 is a real (far) reset time, so it holds.
		expect(snapshotUsable(snapshot({checkedAt: 0, five: ['Exhausted', I64_MAX - 1n]}), 1000n, 300)).toBe(true);
	});

	test('an active hold wins over an expired one', () => {
		expect(snapshotUsable(snapshot({checkedAt: 0, five: ['Exhausted', 999], weekly: ['Exhausted', 1001]}), 1000n, 300)).toBe(true);
	});

	test('non-exhausted windows never hold, whatever their reset', () => {
		expect(snapshotUsable(snapshot({checkedAt: 0, five: ['Critical', 5000]}), 1000n, 300)).toBe(false);
		expect(snapshotUsable(snapshot({checkedAt: 999, five: ['Critical', 10]}), 1000n, 300)).toBe(true);
	});
});

describe('window statuses and band for profiles[].routes[]', () => {
	test('a window whose known reset passed reads as ready; the sentinel and future resets keep the status', () => {
		expect(effectiveWindowStatus('Exhausted', 1000n, 1000n)).toBe('Ready');
		expect(effectiveWindowStatus('Exhausted', 1001n, 1000n)).toBe('Exhausted');
		expect(effectiveWindowStatus('Thin', I64_MAX, 1000n)).toBe('Thin');
	});

	test('the band is the worst of the two windows (Unknown counts as worst)', () => {
		expect(quotaWindows(snapshot({checkedAt: 0, five: ['Thin', 2000], weekly: ['Ready', 2000]}), 1000n)).toEqual({fiveHour: 'thin', weekly: 'ready', band: 'quota_thin'});
		expect(quotaWindows(snapshot({checkedAt: 0, five: ['Critical', 2000], weekly: ['Exhausted', 2000]}), 1000n).band).toBe('quota_exhausted');
		expect(quotaWindows(snapshot({checkedAt: 0, five: ['Exhausted', 2000], weekly: ['Unknown', I64_MAX]}), 1000n)).toEqual({fiveHour: 'exhausted', weekly: 'unknown', band: 'quota_unknown'});
		expect(quotaWindows(snapshot({checkedAt: 0, five: ['Exhausted', 900], weekly: ['Ready', I64_MAX]}), 1000n)).toEqual({fiveHour: 'ready', weekly: 'ready', band: 'quota_healthy'});
	});

	test('without a snapshot everything is unknown', () => {
		expect(quotaWindows(undefined, 1000n)).toEqual({fiveHour: 'unknown', weekly: 'unknown', band: 'quota_unknown'});
	});
});
