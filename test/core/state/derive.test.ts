import {describe, expect, test} from 'vitest';
import {I64_MAX} from '../../../source/core/state/config.js';
import {deriveState, type ProfilesListing, type RawStateFiles} from '../../../source/core/state/derive.js';
import type {RawFile} from '../../../source/core/state/load.js';
import {EMPTY_STATE, ZERO_COUNTERS} from '../../../source/core/state-inputs.js';

const NOW = 1_745_463_900;
const MISSING: RawFile = {kind: 'missing'};
const text = (value: unknown): RawFile => ({kind: 'text', text: typeof value === 'string' ? value : JSON.stringify(value)});
const profile = {codex_home: '/h', managed: true};
const STATE = {profiles: {main: profile, second: profile}};
type Files = Partial<Record<'state' | 'backoffs' | 'scores' | 'usageSnapshots' | 'continuations' | 'journal', unknown>>;
const raw = (files: Files, extra: {backups?: Files; lastGood?: number; profilesDir?: ProfilesListing} = {}): RawStateFiles => {
	const pair = (key: keyof Files) => ({
		primary: files[key] === undefined ? MISSING : text(files[key]),
		backup: extra.backups?.[key] === undefined ? MISSING : text(extra.backups[key]),
	});
	return {
		state: pair('state'),
		backoffs: pair('backoffs'),
		scores: pair('scores'),
		usageSnapshots: pair('usageSnapshots'),
		continuations: pair('continuations'),
		journal: pair('journal'),
		lastGoodBackupsPresent: extra.lastGood ?? 0,
		profilesDir: extra.profilesDir ?? {kind: 'missing'},
	};
};
const snap = (checkedAt: number) => ({
	checked_at: checkedAt,
	five_hour_status: 'Ready',
	five_hour_remaining_percent: 9,
	five_hour_reset_at: NOW + 100,
	weekly_status: 'Critical',
	weekly_remaining_percent: 9,
	weekly_reset_at: NOW + 100,
});

describe('deriveState', () => {
	test('a state.json that fails with no backup skips all persisted state', () => {
		const result = deriveState(
			raw({state: '{"profiles": []}', backoffs: {retry_backoff_until: {main: NOW + 9}}}, {lastGood: 3, profilesDir: {kind: 'unreadable', reason: 'EACCES'}}),
			NOW,
		);
		expect(result.inputs).toEqual(EMPTY_STATE);
		expect(result.counters).toEqual(ZERO_COUNTERS);
		expect(result.profiles).toEqual([]);
		expect(result.notes).toEqual(['state.json: unknown shape (profiles is not an object); skipping all persisted state']);
	});

	test('no state.json at all: no profiles, so profile-keyed data is dropped, but continuation statuses still count', () => {
		const result = deriveState(
			raw(
				{
					backoffs: {retry_backoff_until: {main: NOW + 9}},
					usageSnapshots: {main: snap(NOW)},
					continuations: {statuses: {response: {r: {state: 'Suspect', confidence: 1, last_not_found_at: NOW - 5, not_found_streak: 1}}}},
				},
				{profilesDir: {kind: 'entries', entries: [{name: 'main', validName: true, kind: 'directory', mtimeSeconds: NOW - 700_000, hasProfileFile: true}]}},
			),
			NOW,
		);
		expect(result.notes).toEqual([]);
		expect(result.counters).toMatchObject({persisted_retry_backoffs: 0, persisted_usage_snapshots: 0, persisted_suspect_continuations: 1});
		expect(result.inputs).toMatchObject({suspectContinuationBindings: ['r:suspect'], orphanManagedDirs: ['main']});
		expect(result.profiles).toEqual([]);
	});

	test('binding counters: lineage keys are excluded from the store response count but included in the journal count; saved_at', () => {
		const bindings = {resp_a: {profile_name: 'main', bound_at: NOW - 9}, '__response_turn_state__:6:resp_a:ts': {profile_name: 'main', bound_at: NOW - 9}};
		const result = deriveState(
			raw({
				state: STATE,
				continuations: {generation: 1, value: {response_profile_bindings: bindings, session_profile_bindings: {s: {profile_name: 'main', bound_at: NOW}}}},
				journal: {generation: 1, value: {saved_at: 1_745_463_614, continuations: {response_profile_bindings: bindings, turn_state_bindings: {t: {profile_name: 'x', bound_at: NOW}}}}},
			}),
			NOW,
		);
		expect(result.counters).toMatchObject({
			persisted_response_bindings: 1,
			persisted_session_bindings: 1,
			persisted_turn_state_bindings: 0,
			persisted_continuation_journal_response_bindings: 2,
			persisted_continuation_journal_turn_state_bindings: 1,
			continuation_journal_saved_at: 1_745_463_614,
		});
		expect(deriveState(raw({state: STATE, journal: {saved_at: 0}}), NOW).counters.continuation_journal_saved_at).toBeNull();
	});

	test('recovered flags and the backup count', () => {
		const result = deriveState(raw({state: 'x', usageSnapshots: '{'}, {backups: {state: STATE, usageSnapshots: {main: snap(NOW)}}, lastGood: 2}), NOW);
		expect(result.counters).toMatchObject({recovered_state_file: true, recovered_usage_snapshots_file: true, recovered_scores_file: false, last_good_backups_present: 2, persisted_usage_snapshots: 1});
		expect(result.notes).toHaveLength(2);
	});

	test('profiles[]: i64::MAX age without a snapshot, a negative age for a future check, backoffs and window statuses', () => {
		const result = deriveState(
			raw({
				state: STATE,
				usageSnapshots: {second: snap(NOW + 30)},
				backoffs: {
					retry_backoff_until: {main: NOW + 40},
					transport_backoff_until: {'__route_transport_backoff__:websocket:main': NOW + 70, '__route_transport_backoff__:compact:main': NOW + 20, main: NOW + 50},
					route_circuit_open_until: {'__route_circuit__:compact:second': NOW},
				},
				scores: {'__route_health__:responses:main': {score: 5, updated_at: NOW - 60}, '__route_performance__:standard:second': {score: 5, updated_at: NOW - 600}},
			}),
			NOW,
		);
		const [main, second] = result.profiles;
		expect(main).toMatchObject({profile: 'main', quota_freshness: 'missing', quota_age_seconds: I64_MAX, retry_backoff_until: BigInt(NOW + 40), transport_backoff_until: BigInt(NOW + 70)});
		expect(main!.routes.map(r => [r.route, r.transport_backoff_until, r.health_score, r.quota_band])).toEqual([
			['responses', BigInt(NOW + 50), 4, 'quota_unknown'],
			['websocket', BigInt(NOW + 70), 0, 'quota_unknown'],
			['compact', BigInt(NOW + 50), 0, 'quota_unknown'],
			['standard', BigInt(NOW + 50), 0, 'quota_unknown'],
		]);
		expect(second).toMatchObject({quota_freshness: 'fresh', quota_age_seconds: -30n, transport_backoff_until: null});
		expect(second!.routes[2]).toMatchObject({route: 'compact', circuit_state: 'half_open', circuit_until: BigInt(NOW), five_hour_status: 'ready', weekly_status: 'critical', quota_band: 'quota_critical'});
		expect(second!.routes[3]).toMatchObject({route: 'standard', performance_score: 3, circuit_state: 'closed', circuit_until: null});
	});

	test('decay periods are injectable (acceptance E1 periods through the whole derivation)', () => {
		const files = raw({
			state: {profiles: {alpha: profile}},
			scores: {'__route_health__:responses:alpha': {score: 5, updated_at: NOW - 20}},
		});
		expect(deriveState(files, NOW).inputs.degradedRoutes).toEqual(['alpha/responses health=5']);
		expect(deriveState(files, NOW, {config: {healthDecaySeconds: 10}}).inputs.degradedRoutes).toEqual(['alpha/responses health=3']);
	});

	test('a re-read keeps the previous good values of a file that broke meanwhile', () => {
		const first = deriveState(raw({state: STATE, backoffs: {retry_backoff_until: {main: NOW + 100}}}), NOW);
		const second = deriveState(raw({state: STATE, backoffs: '{"retry_backoff_until": {"ma'}), NOW + 10, {previous: first});
		expect(second.counters.persisted_retry_backoffs).toBe(1);
		expect(second.notes).toEqual(['runtime-backoffs.json: unreadable (invalid JSON); keeping the previous values']);
		// Previous values are re-derived at the new "now": the backoff expires.
		expect(deriveState(raw({state: STATE}), NOW + 100, {previous: first}).counters.persisted_retry_backoffs).toBe(0);
		const brokenState = deriveState(raw({state: '{'}), NOW + 10, {previous: first});
		expect(brokenState.profiles.map(p => p.profile)).toEqual(['main', 'second']);
		expect(brokenState.notes).toEqual(['state.json: unreadable (invalid JSON); keeping the previous values', 'runtime-backoffs.json: unreadable (missing); keeping the previous values']);
	});

	test('an unreadable profiles/ directory is noted and yields no orphans', () => {
		const result = deriveState(raw({state: STATE}, {profilesDir: {kind: 'unreadable', reason: 'EACCES'}}), NOW);
		expect(result.notes).toEqual(['profiles/: unreadable (EACCES); no orphan check']);
		expect(result.inputs.orphanManagedDirs).toEqual([]);
	});
});
