/**
 * Route health (docs/insights.md §1.5): the route/profile events of the window merged with the
 * persisted per-route scores, circuits and backoffs (`profiles[].routes[]`) and the last fields of
 * the health, latency, bad-pairing, circuit and transport-backoff markers. Follows prodex's
 * `diagnosis/route_health.rs`.
 *
 * Pure TypeScript.
 */
import {parseI64, parseU32} from '../numbers.js';
import {compareCodePoints} from '../order.js';
import type {ProfileSummary} from '../state/profiles.js';
import type {RouteProfileEvent} from './insights.js';

export type RouteHealth = {
	readonly profile: string;
	readonly route: string;
	readonly event_count: number;
	readonly latest_timestamp: string | null;
	readonly latest_marker: string | null;
	readonly latest_reason: string | null;
	readonly health_score: number | null;
	readonly health_reason: string | null;
	readonly bad_pairing_score: number | null;
	readonly bad_pairing_reason: string | null;
	readonly latency_score: number | null;
	readonly latency_reason: string | null;
	readonly circuit_state: string | null;
	readonly circuit_until: bigint | null;
	readonly circuit_reason: string | null;
	readonly transport_backoff_until: bigint | null;
	readonly transport_backoff_context: string | null;
};

type Mutable<T> = {-readonly [K in keyof T]: T[K]};

/** The first `reason=` or `outcome=` part of an event's detail. */
function eventReason(event: RouteProfileEvent): string | null {
	for (const part of event.detail.split(/\s+/)) {
		if (part.startsWith('reason=')) return part.slice(7);
		if (part.startsWith('outcome=')) return part.slice(8);
	}
	return null;
}

/** A marker's last fields when they belong to this profile and route (absent or `-` matches any). */
function fieldsFor(lastFields: ReadonlyMap<string, ReadonlyMap<string, string>>, marker: string, profile: string, route: string): ReadonlyMap<string, string> | undefined {
	const fields = lastFields.get(marker);
	if (fields === undefined) return undefined;
	const matches = (key: string, want: string) => {
		const value = fields.get(key);
		return value === undefined || value === want || value === '-';
	};
	return matches('profile', profile) && matches('route', route) ? fields : undefined;
}

export function routeHealth(events: readonly RouteProfileEvent[], profiles: readonly ProfileSummary[], lastFields: ReadonlyMap<string, ReadonlyMap<string, string>>): RouteHealth[] {
	const routes = new Map<string, Mutable<RouteHealth>>();
	const entry = (profile: string, route: string) => {
		const key = JSON.stringify([profile, route]);
		let found = routes.get(key);
		if (found === undefined) {
			found = {
				profile, route, event_count: 0, latest_timestamp: null, latest_marker: null, latest_reason: null, health_score: null, health_reason: null,
				bad_pairing_score: null, bad_pairing_reason: null, latency_score: null, latency_reason: null, circuit_state: null, circuit_until: null,
				circuit_reason: null, transport_backoff_until: null, transport_backoff_context: null,
			};
			routes.set(key, found);
		}
		return found;
	};
	for (const event of events) {
		const item = entry(event.profile ?? 'unknown', event.route ?? 'unknown');
		item.event_count++;
		item.latest_timestamp = event.timestamp;
		item.latest_marker = event.marker;
		const reason = eventReason(event);
		if (reason !== null) item.latest_reason = reason;
	}
	for (const profile of profiles) {
		for (const route of profile.routes) {
			const item = entry(profile.profile, route.route);
			item.health_score = route.health_score;
			item.bad_pairing_score = route.bad_pairing_score;
			item.latency_score = route.performance_score;
			item.circuit_state = route.circuit_state;
			item.circuit_until = route.circuit_until;
			item.transport_backoff_until = route.transport_backoff_until;
		}
	}
	for (const item of routes.values()) {
		const at = (marker: string) => fieldsFor(lastFields, marker, item.profile, item.route);
		const health = at('profile_health');
		if (health !== undefined) {
			item.health_score = parseU32(health.get('score')) ?? item.health_score;
			item.health_reason = health.get('reason') ?? null;
		}
		const pairing = at('profile_bad_pairing');
		if (pairing !== undefined) {
			item.bad_pairing_score = parseU32(pairing.get('score')) ?? item.bad_pairing_score;
			item.bad_pairing_reason = pairing.get('reason') ?? null;
		}
		const latency = at('profile_latency');
		if (latency !== undefined) {
			item.latency_score = parseU32(latency.get('score')) ?? item.latency_score;
			item.latency_reason = latency.get('reason') ?? null;
		}
		const circuit = at('profile_circuit_open');
		if (circuit !== undefined) {
			item.circuit_state = 'open';
			item.circuit_until = parseI64(circuit.get('until')) ?? item.circuit_until;
			item.circuit_reason = circuit.get('reason') ?? null;
		}
		const backoff = at('profile_transport_backoff');
		if (backoff !== undefined) {
			item.transport_backoff_until = parseI64(backoff.get('until')) ?? item.transport_backoff_until;
			item.transport_backoff_context = backoff.get('context') ?? backoff.get('reason') ?? null;
		}
	}
	return [...routes.values()].sort((a, b) => b.event_count - a.event_count || compareCodePoints(a.profile, b.profile) || compareCodePoints(a.route, b.route));
}
