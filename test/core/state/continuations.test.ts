import {describe, expect, test} from 'vitest';
import {PRODUCTION_CONFIG, stateConfig} from '../../../source/core/state/config.js';
import {compactStore, keyBounded, lifecycleCounts, lineageParts, mergeStores, profileNameValid} from '../../../source/core/state/continuations.js';
import {CONFLICT_PROFILE} from '../../../source/core/state/lifecycle.js';
import {EMPTY_STORE, type Binding, type ContinuationStore} from '../../../source/core/state/types.js';
import {status} from '../../helpers/state.js';

const NOW = 1_745_463_900n;
const P = PRODUCTION_CONFIG;
const bind = (boundAt: bigint, profileName = 'main', identity: string | null = null): Binding => ({profileName, boundAt, identity});
const m = <V>(entries: Record<string, V>) => new Map(Object.entries(entries));
const store = (s: Partial<Omit<ContinuationStore, 'statuses'>> & {statuses?: Partial<ContinuationStore['statuses']>}): ContinuationStore => ({
	...EMPTY_STORE,
	...s,
	statuses: {...EMPTY_STORE.statuses, ...s.statuses},
});
const keys = (map: ReadonlyMap<string, unknown>) => [...map.keys()].sort();
const verified = status({state: 'Verified', confidence: 3, lastVerifiedAt: NOW - 50n, lastTouchedAt: NOW - 50n, successCount: 1});

/** The fixture's runtime-continuations.json and journal (docs/state-files.md §3.5, §3.6). */
const FIXTURE_STORE = store({
	responseBindings: m({resp_6f1c2a: bind(1_745_463_300n), resp_8c41d0: bind(1_745_463_614n, 'second')}),
	sessionIdBindings: m({sess_019a7c: bind(1_745_463_609n, 'second')}),
	statuses: {
		response: m({
			resp_2d9e77: status({state: 'Dead', lastTouchedAt: 1_745_463_600n, lastNotFoundAt: 1_745_463_600n, notFoundStreak: 2, failureCount: 2}),
			resp_6f1c2a: status({state: 'Suspect', confidence: 1, lastTouchedAt: 1_745_463_840n, lastVerifiedAt: 1_745_463_300n, lastVerifiedRoute: 'websocket', lastNotFoundAt: 1_745_463_840n, notFoundStreak: 1, successCount: 1, failureCount: 1}),
			resp_8c41d0: status({state: 'Verified', confidence: 3, lastTouchedAt: 1_745_463_614n, lastVerifiedAt: 1_745_463_614n, lastVerifiedRoute: 'responses', successCount: 1}),
		}),
		sessionId: m({sess_019a7c: status({state: 'Warm', confidence: 1, lastTouchedAt: 1_745_463_609n})}),
	},
});
const FIXTURE_JOURNAL = store({
	responseBindings: m({resp_8c41d0: bind(1_745_463_614n, 'second')}),
	sessionIdBindings: m({sess_019a7c: bind(1_745_463_609n, 'second')}),
	statuses: {response: m({resp_8c41d0: FIXTURE_STORE.statuses.response.get('resp_8c41d0')!})},
});

describe('the fixture store at now = 1745463900', () => {
	test('verified 1, warm 1, suspect 1, dead 1; suspect binding resp_6f1c2a', () => {
		const merged = mergeStores(compactStore(FIXTURE_STORE, NOW, P), compactStore(FIXTURE_JOURNAL, NOW, P), NOW, P);
		expect(lifecycleCounts(merged.statuses)).toEqual({verified: 1, warm: 1, suspect: 1, dead: 1, suspectBindings: ['resp_6f1c2a:suspect']});
	});

	test('two minutes later the suspect is gone; fifteen minutes after its death the dead one is gone', () => {
		const at = (now: bigint) => lifecycleCounts(mergeStores(compactStore(FIXTURE_STORE, now, P), compactStore(FIXTURE_JOURNAL, now, P), now, P).statuses);
		expect(at(1_745_463_840n + 119n)).toMatchObject({suspect: 1, suspectBindings: ['resp_6f1c2a:suspect']});
		expect(at(1_745_463_840n + 120n)).toMatchObject({suspect: 0, suspectBindings: []});
		expect(at(1_745_463_600n + 899n).dead).toBe(1);
		expect(at(1_745_463_600n + 900n).dead).toBe(0);
	});
});

describe('compaction of one store (§5.3)', () => {
	test('invalid profile names become the conflict profile and are always kept', () => {
		const out = compactStore(store({responseBindings: m({a: bind(NOW + 100n, ''), b: bind(NOW - 1n, 'x\u0007y'), c: bind(NOW - 1n, 'é'.repeat(513))})}), NOW, P);
		expect([...out.responseBindings.values()].map(b => b.profileName)).toEqual([CONFLICT_PROFILE, CONFLICT_PROFILE, CONFLICT_PROFILE]);
		expect(profileNameValid('x'.repeat(1024))).toBe(true);
		expect(profileNameValid('x'.repeat(1025))).toBe(false);
		expect(profileNameValid('a\u0085b')).toBe(false);
	});

	test('keys that are empty, over 4096 bytes or hold control characters are dropped (bindings and statuses)', () => {
		const long = 'k'.repeat(4097);
		const out = compactStore(
			store({
				responseBindings: m({'': bind(NOW), [long]: bind(NOW), 'a\nb': bind(NOW), ok: bind(NOW)}),
				statuses: {sessionId: m({'': status({confidence: 1}), [long]: status({confidence: 1}), fine: status({confidence: 1})})},
			}),
			NOW,
			P,
		);
		expect(keys(out.responseBindings)).toEqual(['ok']);
		expect(keys(out.statuses.sessionId)).toEqual(['fine']);
		expect(keyBounded('k'.repeat(4096))).toBe(true);
		expect(keyBounded('€'.repeat(1366))).toBe(false);
	});

	test('bindings: no status → kept iff bound_at <= now; with a status → per retention; a re-bound dead key is kept', () => {
		const out = compactStore(
			store({
				responseBindings: m({now: bind(NOW), future: bind(NOW + 1n), ok: bind(NOW - 5n), gone: bind(NOW - 5n), rebound: bind(NOW - 5n), stale: bind(NOW - 500n)}),
				statuses: {
					response: m({
						ok: verified,
						gone: status({state: 'Suspect', confidence: 1, lastNotFoundAt: NOW - 120n, notFoundStreak: 1}),
						rebound: status({state: 'Dead', lastNotFoundAt: NOW - 10n}),
						stale: status({state: 'Dead', lastNotFoundAt: NOW - 10n}),
					}),
				},
			}),
			NOW,
			P,
		);
		expect(keys(out.responseBindings)).toEqual(['now', 'ok', 'rebound']);
		// The shadowed dead status goes; the unshadowed one stays (no binding left, died 10 s ago).
		expect(keys(out.statuses.response)).toEqual(['ok', 'stale']);
	});

	test('response → turn-state lineage keys are dropped when their response binding is gone or the key is malformed', () => {
		const out = compactStore(
			store({
				responseBindings: m({
					resp_a: bind(NOW),
					'__response_turn_state__:6:resp_a:ts1': bind(NOW),
					'__response_turn_state__:6:resp_b:ts2': bind(NOW),
					'__response_turn_state__:x:resp_a:ts3': bind(NOW),
					'__response_turn_state__:9:resp_b:ts4': bind(NOW, CONFLICT_PROFILE),
				}),
			}),
			NOW,
			P,
		);
		expect(keys(out.responseBindings)).toEqual(['__response_turn_state__:6:resp_a:ts1', '__response_turn_state__:9:resp_b:ts4', 'resp_a']);
		expect(lineageParts('__response_turn_state__:5:ré:1:t')).toEqual({responseId: 'ré:1', turnState: 't'});
		expect(lineageParts('__response_turn_state__:3:ré:1:t')).toEqual({responseId: 'ré', turnState: '1:t'});
		expect(lineageParts('__response_turn_state__:2:ré:t')).toBeNull();
		expect(lineageParts('__response_turn_state__:1:r:')).toBeNull();
	});

	test('statuses pair with their binding map: session_profile_bindings do not count as a session-id binding', () => {
		const suspect = status({state: 'Suspect', confidence: 1, lastNotFoundAt: NOW - 1n, notFoundStreak: 1});
		const out = compactStore(
			store({
				sessionBindings: m({s1: bind(NOW - 1n)}),
				statuses: {sessionId: m({s1: status({state: 'Dead', lastNotFoundAt: NOW - 2n})}), turnState: m({t1: suspect})},
				turnStateBindings: m({t1: bind(NOW - 1n)}),
			}),
			NOW,
			P,
		);
		// The session binding is kept (bound after the death) but does not shadow the session-id status.
		expect(keys(out.sessionBindings)).toEqual(['s1']);
		expect(keys(out.statuses.sessionId)).toEqual(['s1']);
		expect(keys(out.statuses.turnState)).toEqual(['t1']);
	});

	test('size caps drop the least-evidenced statuses and the oldest bindings', () => {
		const config = stateConfig({responseEntryLimit: 2, sessionEntryLimit: 1});
		const out = compactStore(
			store({
				sessionIdBindings: m({old: bind(NOW - 9n), young: bind(NOW - 1n)}),
				statuses: {response: m({a: status({confidence: 1}), b: status({confidence: 5}), c: status({state: 'Verified', confidence: 1})})},
			}),
			NOW,
			config,
		);
		expect(keys(out.statuses.response)).toEqual(['b', 'c']);
		expect(keys(out.sessionIdBindings)).toEqual(['young']);
	});
});

describe('merging the store and the journal', () => {
	test('the journal status with a later event replaces the store status', () => {
		const later = status({state: 'Suspect', confidence: 1, lastNotFoundAt: NOW - 30n, notFoundStreak: 1});
		const merged = mergeStores(store({statuses: {response: m({r: verified})}}), store({statuses: {response: m({r: later})}}), NOW, P);
		expect(merged.statuses.response.get('r')?.state).toBe('Suspect');
		const earlier = status({state: 'Suspect', confidence: 1, lastNotFoundAt: NOW - 60n, notFoundStreak: 1});
		expect(mergeStores(store({statuses: {response: m({r: verified})}}), store({statuses: {response: m({r: earlier})}}), NOW, P).statuses.response.get('r')?.state).toBe('Verified');
	});

	test('bindings are unioned; disagreeing profiles or identities become the conflict profile with the larger bound_at', () => {
		const merged = mergeStores(
			store({responseBindings: m({same: bind(NOW - 9n), diff: bind(NOW - 9n), ident: bind(NOW - 9n, 'main', '{"a":1}'), left: bind(NOW - 1n)})}),
			store({responseBindings: m({same: bind(NOW - 3n), diff: bind(NOW - 3n, 'second'), ident: bind(NOW - 3n, 'main', '{"a":2}'), right: bind(NOW - 1n)})}),
			NOW,
			P,
		);
		expect(merged.responseBindings.get('same')).toEqual(bind(NOW - 3n));
		expect(merged.responseBindings.get('diff')).toEqual(bind(NOW - 3n, CONFLICT_PROFILE));
		expect(merged.responseBindings.get('ident')).toEqual(bind(NOW - 3n, CONFLICT_PROFILE));
		expect(keys(merged.responseBindings)).toEqual(['diff', 'ident', 'left', 'right', 'same']);
	});

	test('a journal binding bound after a store death shadows the dead status', () => {
		const died = status({state: 'Dead', lastNotFoundAt: NOW - 100n});
		const merged = mergeStores(store({statuses: {response: m({r: died})}}), store({responseBindings: m({r: bind(NOW - 50n)})}), NOW, P);
		expect(merged.statuses.response.size).toBe(0);
		expect(keys(merged.responseBindings)).toEqual(['r']);
	});
});

describe('lifecycle counts', () => {
	test('all three status maps count; suspect bindings are sorted by code point and not de-duplicated', () => {
		const s = status({state: 'Suspect'});
		const counts = lifecycleCounts({
			response: m({'\u{1F600}': s, b: s, w: status({state: 'Warm'})}),
			turnState: m({'\u{FF5E}': s, d: status({state: 'Dead'})}),
			sessionId: m({b: s, v: status({state: 'Verified'})}),
		});
		expect(counts).toEqual({verified: 1, warm: 1, suspect: 4, dead: 1, suspectBindings: ['b:suspect', 'b:suspect', '\u{FF5E}:suspect', '\u{1F600}:suspect']});
	});
});
