import {I64_MAX, saturatingSub, type StateConfig} from './config.js';
import {ROUTES, type Route} from './compact.js';
import {quotaFreshness, quotaWindows, type QuotaBand, type QuotaFreshness, type WindowLabel} from './quota.js';
import {BAD_PAIRING_PREFIX, CIRCUIT_PREFIX, HEALTH_PREFIX, PERFORMANCE_PREFIX, TRANSPORT_PREFIX, circuitState, effectiveScore, routeKeyParts} from './routes.js';
import type {Backoffs, Scores, UsageSnapshots} from './types.js';

/** One `profiles[].routes[]` item (docs/output.md §4.2), in prodex's `--json` names. */
export type RouteSummary = {
	readonly route: Route;
	readonly circuit_state: 'open' | 'half_open' | 'closed';
	readonly circuit_until: bigint | null;
	readonly transport_backoff_until: bigint | null;
	readonly health_score: number;
	readonly bad_pairing_score: number;
	readonly performance_score: number;
	readonly quota_band: QuotaBand;
	readonly five_hour_status: WindowLabel;
	readonly weekly_status: WindowLabel;
};

/** One `profiles[]` item (docs/output.md §4.2). i64 values are bigints so i64::MAX prints exactly. */
export type ProfileSummary = {
	readonly profile: string;
	readonly quota_freshness: QuotaFreshness;
	readonly quota_age_seconds: bigint;
	readonly retry_backoff_until: bigint | null;
	readonly transport_backoff_until: bigint | null;
	readonly routes: readonly RouteSummary[];
};

function maxFuture(values: Iterable<bigint | undefined>, now: bigint): bigint | null {
	let best: bigint | null = null;
	for (const value of values) if (value !== undefined && value > now && (best === null || value > best)) best = value;
	return best;
}

/** The profile a transport-backoff key belongs to: the route key's profile, or the whole (legacy) key. */
function transportProfile(key: string): string {
	return routeKeyParts(key, TRANSPORT_PREFIX)?.profile ?? key;
}

function scoreOf(scores: Scores, key: string, now: bigint, decaySeconds: number): number {
	const entry = scores.get(key);
	return entry === undefined ? 0 : effectiveScore(entry, now, decaySeconds);
}

/**
 * `profiles[]` (docs/output.md §4.2): one item per profile name (given in name order) from the
 * compacted snapshots, scores and backoffs, with the four routes in the order responses,
 * websocket, compact, standard.
 */
export function profileSummaries(
	profileNames: readonly string[],
	snapshots: UsageSnapshots,
	scores: Scores,
	backoffs: Backoffs,
	now: bigint,
	config: StateConfig,
): ProfileSummary[] {
	return profileNames.map(profile => {
		const snapshot = snapshots.get(profile);
		const windows = quotaWindows(snapshot, now);
		const routes = ROUTES.map((route): RouteSummary => {
			const circuitUntil = backoffs.circuits.get(`${CIRCUIT_PREFIX}${route}:${profile}`) ?? null;
			return {
				route,
				circuit_state: circuitState(circuitUntil, now),
				circuit_until: circuitUntil,
				transport_backoff_until: maxFuture([backoffs.transport.get(`${TRANSPORT_PREFIX}${route}:${profile}`), backoffs.transport.get(profile)], now),
				health_score: scoreOf(scores, `${HEALTH_PREFIX}${route}:${profile}`, now, config.healthDecaySeconds),
				bad_pairing_score: scoreOf(scores, `${BAD_PAIRING_PREFIX}${route}:${profile}`, now, config.badPairingDecaySeconds),
				performance_score: scoreOf(scores, `${PERFORMANCE_PREFIX}${route}:${profile}`, now, config.performanceDecaySeconds),
				quota_band: windows.band,
				five_hour_status: windows.fiveHour,
				weekly_status: windows.weekly,
			};
		});
		const transportValues = [...backoffs.transport].filter(([key]) => transportProfile(key) === profile).map(([, until]) => until);
		return {
			profile,
			quota_freshness: quotaFreshness(snapshot, now, config.usageSnapshotStaleGraceSeconds),
			quota_age_seconds: snapshot === undefined ? I64_MAX : saturatingSub(now, snapshot.checkedAt),
			retry_backoff_until: backoffs.retry.get(profile) ?? null,
			transport_backoff_until: maxFuture(transportValues, now),
			routes,
		};
	});
}
