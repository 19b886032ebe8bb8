import {compareCodePoints} from '../order.js';
import {saturatingSub, type StateConfig} from './config.js';
import type {Backoffs, HealthScore, Scores} from './types.js';

/** Key prefixes of route-scoped entries. */
export const CIRCUIT_PREFIX = '__route_circuit__:';
export const TRANSPORT_PREFIX = '__route_transport_backoff__:';
export const HEALTH_PREFIX = '__route_health__:';
export const BAD_PAIRING_PREFIX = '__route_bad_pairing__:';
export const PERFORMANCE_PREFIX = '__route_performance__:';

/** How many degraded-route strings the doctor keeps. */
export const DEGRADED_ROUTES_LIMIT = 8;

/** `<prefix><route>:<profile>`, split at the first `:` after the prefix; null when the key has another form. */
export function routeKeyParts(key: string, prefix: string): {readonly route: string; readonly profile: string} | null {
	if (!key.startsWith(prefix)) return null;
	const rest = key.slice(prefix.length);
	const colon = rest.indexOf(':');
	return colon < 0 ? null : {route: rest.slice(0, colon), profile: rest.slice(colon + 1)};
}

/**
 * A score decayed by one point per `decaySeconds`: `max(0, score - floor((now - updated_at) / D))`,
 * a negative age counting as 0 (no decay). Integer arithmetic like prodex's saturating i64 code.
 */
export function effectiveScore(entry: HealthScore, now: bigint, decaySeconds: number): number {
	const age = saturatingSub(now, entry.updatedAt);
	if (age <= 0n) return entry.score;
	const decay = age / BigInt(Math.max(1, Math.trunc(decaySeconds)));
	return decay >= BigInt(entry.score) ? 0 : entry.score - Number(decay);
}

/** `open` while the circuit's until is in the future, `half_open` once it passed, `closed` without an entry (acceptance E4). */
export function circuitState(until: bigint | null, now: bigint): 'open' | 'half_open' | 'closed' {
	if (until === null) return 'closed';
	return until > now ? 'open' : 'half_open';
}

/** The decay periods degraded routes use (injectable for tests such as acceptance E1). */
export type RouteDecay = Pick<StateConfig, 'healthDecaySeconds' | 'badPairingDecaySeconds'>;

/**
 * `degraded_routes` (docs/state-files.md §5.1) from already-compacted backoffs and scores:
 * circuits (open / half-open), transport backoffs (route or legacy `transport`), retry backoffs,
 * and route bad-pairing / health scores still above 0 after decay; sorted by code point,
 * de-duplicated, first 8.
 */
export function degradedRoutes(backoffs: Pick<Backoffs, 'retry' | 'transport' | 'circuits'>, scores: Scores, now: bigint, decay: RouteDecay): string[] {
	const routes: string[] = [];
	for (const [key, until] of backoffs.circuits) {
		const parts = routeKeyParts(key, CIRCUIT_PREFIX);
		if (parts !== null) routes.push(`${parts.profile}/${parts.route} circuit=${until > now ? 'open' : 'half-open'} until=${until}`);
	}
	for (const [key, until] of backoffs.transport) {
		const parts = routeKeyParts(key, TRANSPORT_PREFIX);
		routes.push(parts === null ? `${key}/transport transport_backoff until=${until}` : `${parts.profile}/${parts.route} transport_backoff until=${until}`);
	}
	for (const [profile, until] of backoffs.retry) routes.push(`${profile}/retry retry_backoff until=${until}`);
	for (const [key, entry] of scores) {
		const pairing = routeKeyParts(key, BAD_PAIRING_PREFIX);
		if (pairing !== null) {
			const score = effectiveScore(entry, now, decay.badPairingDecaySeconds);
			if (score > 0) routes.push(`${pairing.profile}/${pairing.route} bad_pairing=${score}`);
			continue;
		}
		const health = routeKeyParts(key, HEALTH_PREFIX);
		if (health !== null) {
			const score = effectiveScore(entry, now, decay.healthDecaySeconds);
			if (score > 0) routes.push(`${health.profile}/${health.route} health=${score}`);
		}
	}
	routes.sort(compareCodePoints);
	return routes.filter((route, index) => index === 0 || route !== routes[index - 1]).slice(0, DEGRADED_ROUTES_LIMIT);
}
