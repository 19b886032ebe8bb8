import {I64_MAX, saturatingSub} from './config.js';
import type {UsageSnapshot, WindowStatus} from './types.js';

/** A window status as `profiles[].routes[]` prints it. */
export type WindowLabel = 'ready' | 'thin' | 'critical' | 'exhausted' | 'unknown';

/** A route's quota band. */
export type QuotaBand = 'quota_healthy' | 'quota_thin' | 'quota_critical' | 'quota_exhausted' | 'quota_unknown';

/** Per-profile quota freshness. */
export type QuotaFreshness = 'fresh' | 'stale' | 'missing';

// `five_hour_reset_at` / `weekly_reset_at` = i64::MAX means "unknown"; it is compared exactly (bigint).
const windows = (s: UsageSnapshot): Array<[WindowStatus, bigint]> => [
	[s.fiveHourStatus, s.fiveHourResetAt],
	[s.weeklyStatus, s.weeklyResetAt],
];

const holdActive = (s: UsageSnapshot, now: bigint) => windows(s).some(([status, reset]) => status === 'Exhausted' && reset !== I64_MAX && reset > now);

const holdExpired = (s: UsageSnapshot, now: bigint) => windows(s).some(([status, reset]) => status === 'Exhausted' && reset !== I64_MAX && reset <= now);

/**
 * Whether a snapshot is usable now (docs/state-files.md §5.2): an exhausted window with a known
 * reset still ahead holds it usable; one whose reset passed makes it unusable; otherwise it is
 * usable iff checked at most `staleGraceSeconds` ago.
 */
export function snapshotUsable(snapshot: UsageSnapshot, now: bigint, staleGraceSeconds: number): boolean {
	if (holdActive(snapshot, now)) return true;
	if (holdExpired(snapshot, now)) return false;
	return saturatingSub(now, snapshot.checkedAt) <= BigInt(staleGraceSeconds);
}

/** `fresh` (usable), `stale` (not usable) or `missing` (no snapshot) (acceptance E3). */
export function quotaFreshness(snapshot: UsageSnapshot | undefined, now: bigint, staleGraceSeconds: number): QuotaFreshness {
	if (snapshot === undefined) return 'missing';
	return snapshotUsable(snapshot, now, staleGraceSeconds) ? 'fresh' : 'stale';
}

const LABELS: Readonly<Record<WindowStatus, WindowLabel>> = {Ready: 'ready', Thin: 'thin', Critical: 'critical', Exhausted: 'exhausted', Unknown: 'unknown'};

const BANDS: readonly QuotaBand[] = ['quota_healthy', 'quota_thin', 'quota_critical', 'quota_exhausted', 'quota_unknown'];
const BAND_RANK: Readonly<Record<WindowStatus, number>> = {Ready: 0, Thin: 1, Critical: 2, Exhausted: 3, Unknown: 4};

/** A window's status as the routes see it: `Ready` once its known reset time has passed. */
export function effectiveWindowStatus(status: WindowStatus, resetAt: bigint, now: bigint): WindowStatus {
	return resetAt !== I64_MAX && resetAt <= now ? 'Ready' : status;
}

/** The window statuses and the band (worst of the two windows) of a snapshot; all unknown without one. */
export function quotaWindows(
	snapshot: UsageSnapshot | undefined,
	now: bigint,
): {readonly fiveHour: WindowLabel; readonly weekly: WindowLabel; readonly band: QuotaBand} {
	if (snapshot === undefined) return {fiveHour: 'unknown', weekly: 'unknown', band: 'quota_unknown'};
	const fiveHour = effectiveWindowStatus(snapshot.fiveHourStatus, snapshot.fiveHourResetAt, now);
	const weekly = effectiveWindowStatus(snapshot.weeklyStatus, snapshot.weeklyResetAt, now);
	return {fiveHour: LABELS[fiveHour], weekly: LABELS[weekly], band: BANDS[Math.max(BAND_RANK[fiveHour], BAND_RANK[weekly])]!};
}
