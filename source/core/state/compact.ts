import {saturatingSub, type StateConfig} from './config.js';
import {routeKeyParts, TRANSPORT_PREFIX} from './routes.js';
import type {Backoffs, Scores, UsageSnapshots} from './types.js';

/** The routes prodex knows (a route transport-backoff key with another route is dropped at load). */
export const ROUTES = ['responses', 'websocket', 'compact', 'standard'] as const;

/** A route name. */
export type Route = (typeof ROUTES)[number];

const KNOWN_ROUTES: ReadonlySet<string> = new Set(ROUTES);

/** The owning profile of a score, circuit or `updated_at` key: the text after its last `:` (the whole key without one). */
export function ownerAfterLastColon(key: string): string {
	return key.slice(key.lastIndexOf(':') + 1);
}

function transportKeyMatches(key: string, profiles: ReadonlySet<string>): boolean {
	const parts = routeKeyParts(key, TRANSPORT_PREFIX);
	return parts === null ? profiles.has(key) : KNOWN_ROUTES.has(parts.route) && profiles.has(parts.profile);
}

function keep<V>(map: ReadonlyMap<string, V>, test: (key: string, value: V) => boolean): Map<string, V> {
	const out = new Map<string, V>();
	for (const [key, value] of map) if (test(key, value)) out.set(key, value);
	return out;
}

/**
 * Load-time compaction of the backoffs (docs/state-files.md §4): retry and transport backoffs
 * of known profiles that are still in the future; circuits of known profiles, expired ones
 * included (they show as half-open); `updated_at` of known profiles within the score retention
 * (its values are milliseconds).
 */
export function compactBackoffs(backoffs: Backoffs, profiles: ReadonlySet<string>, now: bigint, config: StateConfig): Backoffs {
	const oldestMs = saturatingSub(now, BigInt(config.scoreRetentionSeconds)) * 1000n;
	return {
		retry: keep(backoffs.retry, (profile, until) => profiles.has(profile) && until > now),
		transport: keep(backoffs.transport, (key, until) => transportKeyMatches(key, profiles) && until > now),
		circuits: keep(backoffs.circuits, key => profiles.has(ownerAfterLastColon(key))),
		updatedAt: keep(backoffs.updatedAt, (key, ms) => profiles.has(ownerAfterLastColon(key)) && ms >= oldestMs),
	};
}

/** Scores of known profiles updated within the score retention (14 days) (§4). */
export function compactScores(scores: Scores, profiles: ReadonlySet<string>, now: bigint, config: StateConfig): Scores {
	const oldest = saturatingSub(now, BigInt(config.scoreRetentionSeconds));
	return keep(scores, (key, entry) => profiles.has(ownerAfterLastColon(key)) && entry.updatedAt >= oldest);
}

/** Usage snapshots of known profiles checked within the snapshot retention (7 days) (§4). */
export function compactUsageSnapshots(snapshots: UsageSnapshots, profiles: ReadonlySet<string>, now: bigint, config: StateConfig): UsageSnapshots {
	const oldest = saturatingSub(now, BigInt(config.usageSnapshotRetentionSeconds));
	return keep(snapshots, (profile, snapshot) => profiles.has(profile) && snapshot.checkedAt >= oldest);
}
