import {describe, expect, test} from 'vitest';
import {RULES_027, doctor, obj, ruleFired, ts} from '../helpers/doctor.js';

// Every rule of docs/rules.md §1.11 (0.27 chain) with a minimal log that fires it, and the exact text.
const m = (marker: string, fields = 'profile=main') => ts(`${marker} ${fields}`);

type Case = {n: number; lines: string[]; state?: Parameters<typeof doctor>[2]; text: string};

const CHAIN: Case[] = [
	{n: 4, lines: [m('runtime_proxy_overload_backoff')], text: 'Recent local proxy overload backoff was triggered.'},
	{n: 5, lines: [m('runtime_proxy_lane_limit_reached')], text: 'Recent per-lane admission limit was triggered.'},
	{n: 6, lines: [m('runtime_proxy_active_limit_reached')], text: 'Recent global active-request admission limit was triggered.'},
	{n: 7, lines: [m('runtime_proxy_queue_overloaded')], text: 'Recent proxy saturation detected before commit.'},
	{n: 8, lines: [m('profile_circuit_open')], text: 'Recent route-level circuit breaker opened; fresh selection is temporarily steering away from a degraded profile.'},
	{n: 9, lines: [m('profile_circuit_half_open_probe')], text: 'Recent route-level circuit breaker entered half-open probing; fresh selection is cautiously testing a degraded profile before fully restoring it.'},
	{n: 10, lines: [m('websocket_precommit_frame_timeout')], text: 'Recent websocket reuse/connect path failed to produce a first upstream frame before the pre-commit deadline.'},
	{n: 11, lines: [m('profile_inflight_saturated')], text: 'Recent per-profile in-flight saturation forced a fail-fast response.'},
	{n: 12, lines: [m('profile_bad_pairing')], text: 'Recent route-specific bad pairing memory is steering fresh selection away from a flaky account.'},
	{n: 13, lines: [m('compact_fresh_fallback_blocked')], text: 'Recent compact lineage guard blocked a fresh fallback so a follow-up stayed owner-first until upstream continuity was proven dead.'},
	{n: 14, lines: [m('compact_pressure_shed')], text: 'Recent pressure mode is shedding fresh compact requests to preserve continuation-heavy traffic.'},
	{n: 15, lines: [m('previous_response_not_found', 'route=websocket'), m('previous_response_not_found', 'route=responses'), m('previous_response_not_found', 'route=websocket'), m('previous_response_not_found', 'transport=http')], text: 'Recent previous_response_id continuity failures were observed: responses=1, websocket=2.'},
	{n: 15, lines: [m('previous_response_not_found', 'transport=http')], text: 'Recent previous_response_id continuity failures were observed: -.'},
	{n: 16, lines: [m('compat_warning', 'client=codex_cli family=codex warning=w1')], text: 'Recent compatibility warnings were observed for codex_cli (1): w1 (1).'},
	{n: 16, lines: [m('compat_warning', 'family=codex')], text: 'Recent compatibility warnings were observed for codex (1): inspect compat_warning markers.'},
	{n: 16, lines: [m('compat_warning', 'stage=x')], text: 'Recent compatibility warnings were observed for unknown client: inspect compat_warning markers.'},
	{n: 17, lines: [m('first_local_chunk')], state: {state: {persistedDeadContinuations: 2}}, text: 'Some persisted continuations are currently dead and will be pruned: 2.'},
	{n: 18, lines: [m('first_local_chunk')], state: {state: {suspectContinuationBindings: ['a:suspect', 'b:suspect']}}, text: 'Some persisted continuations are currently suspect: a:suspect, b:suspect.'},
	{n: 19, lines: [m('websocket_reuse_watchdog')], text: 'Recent websocket session reuse degraded before a terminal event; fresh reuse may be steering away from that profile.'},
	{n: 20, lines: [m('selection_pick')], text: 'Recent selection decisions were logged; inspect the last marker for why a profile was picked or skipped.'},
	{n: 20, lines: [m('selection_skip_current')], text: 'Recent selection decisions were logged; inspect the last marker for why a profile was picked or skipped.'},
	{n: 21, lines: [m('precommit_budget_exhausted')], text: 'Recent candidate selection exhausted before commit.'},
	{n: 22, lines: [m('upstream_usage_limit_passthrough')], text: 'Recent quota hardening skipped near-exhausted sends or passed through upstream usage-limit responses.'},
	{n: 22, lines: [m('responses_pre_send_skip')], text: 'Recent quota hardening skipped near-exhausted sends or passed through upstream usage-limit responses.'},
	{n: 22, lines: [m('websocket_pre_send_skip')], text: 'Recent quota hardening skipped near-exhausted sends or passed through upstream usage-limit responses.'},
	{n: 22, lines: [m('quota_critical_floor_before_send')], text: 'Recent quota hardening skipped near-exhausted sends or passed through upstream usage-limit responses.'},
	{n: 23, lines: [m('stream_read_error')], text: 'Recent upstream stream read failure detected after commit.'},
	{n: 24, lines: [m('local_writer_error')], text: 'Recent local writer failure detected while forwarding an upstream stream.'},
	{n: 25, lines: [m('upstream_connect_timeout')], text: 'Recent upstream connect failures detected.'},
	{n: 25, lines: [m('upstream_connect_dns_error')], text: 'Recent upstream connect failures detected.'},
	{n: 25, lines: [m('upstream_tls_handshake_error')], text: 'Recent upstream connect failures detected.'},
	{n: 25, lines: [m('upstream_connect_error')], text: 'Recent upstream connect failures detected.'},
	{n: 26, lines: [m('state_save_error')], text: 'Recent runtime state save failures detected.'},
	{n: 27, lines: [m('first_local_chunk')], state: {state: {degradedRoutes: ['main/websocket circuit=open until=5', 'x/responses health=3']}}, text: 'Persisted degraded runtime routes are still active: main/websocket circuit=open until=5, x/responses health=3'},
	{n: 28, lines: [m('first_local_chunk')], state: {state: {orphanManagedDirs: ['old-work', 'older']}}, text: 'Orphan managed profile directories were detected: old-work, older'},
	{n: 29, lines: [m('profile_probe_refresh_error')], text: 'Recent background quota refresh failures detected; fresh selection may rely on stale quota snapshots.'},
	{n: 30, lines: [m('profile_probe_refresh_start')], text: 'Background quota refresh activity was detected; inspect the last marker for the most recent profile refresh.'},
	{n: 31, lines: [m('first_upstream_chunk')], text: 'Likely writer stall: upstream produced data but the local writer did not emit a first chunk in the sampled tail.'},
	{n: 32, lines: [m('first_upstream_chunk'), m('first_local_chunk')], text: 'No recent overload or stream-failure markers were detected in the sampled runtime tail.'},
	{n: 32, lines: ['just some text without markers'], text: 'No recent overload or stream-failure markers were detected in the sampled runtime tail.'},
];

describe('0.27 diagnosis chain (docs/rules.md §1.11)', () => {
	test.each(CHAIN)('rule $n: $text', ({n, lines, state, text}) => {
		expect(doctor(lines, RULES_027, state).diagnosis).toBe(text);
		expect(ruleFired(lines, RULES_027, state?.state)).toBe(n);
	});

	test('rules 1–3: pointer, log, empty tail', () => {
		expect(doctor([m('runtime_proxy_overload_backoff')], RULES_027, {source: {pointerExists: false}}).diagnosis).toBe('No runtime log pointer has been created yet.');
		expect(doctor([], RULES_027, {source: {pointerExists: false, logExists: false}}).diagnosis).toBe('No runtime log pointer has been created yet.');
		expect(doctor([], RULES_027, {source: {logExists: false}}).diagnosis).toBe('Latest runtime log path does not exist.');
		expect(doctor([], RULES_027).diagnosis).toBe('Latest runtime log is empty.');
		expect(doctor([''], RULES_027).diagnosis).toBe('No recent overload or stream-failure markers were detected in the sampled runtime tail.');
	});

	test('the chain has 32 rules numbered 1..32 in order', () => {
		const numbers = RULES_027.diagnosis.map(rule => rule.n);
		expect(numbers).toEqual(Array.from({length: 32}, (_, i) => i + 1));
	});

	// Each rule outranks every later rule: put both markers in one log and check the earlier wins.
	const markerCases = CHAIN.filter(c => c.state === undefined && c.n < 32);
	const stateCases = CHAIN.filter(c => c.state !== undefined);
	test.each(markerCases.flatMap(a => markerCases.filter(b => b.n > a.n).map(b => [a, b] as const)).concat(
		markerCases.flatMap(a => stateCases.filter(b => b.n > a.n).map(b => [a, b] as const)),
	))('rule %# : earlier rule wins', (a, b) => {
		const lines = [...b.lines, ...a.lines];
		const state = {...a.state?.state, ...b.state?.state};
		// Rule 31 needs no first_local_chunk; rule 32 cases are excluded above.
		expect(ruleFired(lines, RULES_027, state)).toBe(a.n === 31 && b.n === 31 ? 31 : a.n);
	});

	test('state rules outrank the marker rules below them', () => {
		const lines = [m('selection_pick'), m('stream_read_error')];
		expect(ruleFired(lines, RULES_027, {persistedDeadContinuations: 1})).toBe(17);
		expect(ruleFired(lines, RULES_027, {suspectContinuationBindings: ['x:suspect']})).toBe(18);
		expect(ruleFired([m('profile_probe_refresh_error')], RULES_027, {degradedRoutes: ['r']})).toBe(27);
		expect(ruleFired([m('profile_probe_refresh_error')], RULES_027, {orphanManagedDirs: ['o']})).toBe(28);
		expect(ruleFired([m('state_save_error')], RULES_027, {degradedRoutes: ['r']})).toBe(26);
	});

	test('C1: routine selection hides later failures under the 0.27 rules', () => {
		for (const marker of ['precommit_budget_exhausted', 'stream_read_error', 'state_save_error']) {
			expect(doctor([m('selection_pick'), m(marker)]).diagnosis).toBe(
				'Recent selection decisions were logged; inspect the last marker for why a profile was picked or skipped.',
			);
		}
	});
});

describe('pointer notes (docs/rules.md §1.13)', () => {
	const note = 'Runtime log pointer was stale; sampled a newer log instead.';
	test('appended with one space', () => {
		expect(doctor([m('stream_read_error')], RULES_027, {source: {pointerNote: note}}).diagnosis).toBe(
			`Recent upstream stream read failure detected after commit. ${note}`,
		);
	});
	test('appended to a read error, chain skipped', () => {
		const report = doctor([], RULES_027, {source: {readError: 'failed to read /x.log', pointerNote: 'Runtime log pointer target was missing.'}});
		expect(report.diagnosis).toBe('Failed to read the latest runtime log tail: failed to read /x.log Runtime log pointer target was missing.');
	});
	test('not appended twice', () => {
		const missing = 'Runtime log pointer target was missing.';
		const report = doctor([], RULES_027, {source: {readError: `boom ${missing}`, pointerNote: missing}});
		expect(report.diagnosis).toBe(`Failed to read the latest runtime log tail: boom ${missing}`);
	});
	test('no pointer and no log', () => {
		expect(doctor([], RULES_027, {source: {logExists: false, logPath: null, pointerNote: 'Runtime log pointer target was missing.'}}).diagnosis).toBe(
			'Latest runtime log path does not exist. Runtime log pointer target was missing.',
		);
	});
});

describe('pressure levels (docs/rules.md §1.10)', () => {
	const level = (lines: string[], key: 'selection_pressure' | 'transport_pressure' | 'persistence_pressure' | 'quota_freshness_pressure' | 'startup_audit_pressure', state = {}) =>
		doctor(lines, RULES_027, {state})[key];

	test.each(['selection_pick', 'selection_skip_current', 'selection_skip_affinity', 'precommit_budget_exhausted'])('selection elevated by %s', marker => {
		expect(level([m(marker)], 'selection_pressure')).toBe('elevated');
	});
	test('selection low otherwise', () => {
		expect(level([m('first_local_chunk'), m('compat_warning')], 'selection_pressure')).toBe('low');
	});
	test.each([
		'stream_read_error',
		'upstream_connect_timeout',
		'upstream_connect_dns_error',
		'upstream_tls_handshake_error',
		'upstream_connect_error',
		'profile_transport_backoff',
		'profile_circuit_open',
		'profile_circuit_half_open_probe',
		'websocket_precommit_frame_timeout',
		'local_writer_error',
	])('transport elevated by %s', marker => {
		expect(level([m(marker)], 'transport_pressure')).toBe('elevated');
	});
	test('transport low for profile_health / retry backoff', () => {
		expect(level([m('profile_health'), m('profile_retry_backoff')], 'transport_pressure')).toBe('low');
	});
	test('persistence: elevated > active > low', () => {
		expect(level([m('state_save_error')], 'persistence_pressure')).toBe('elevated');
		expect(level([m('continuation_journal_save_error')], 'persistence_pressure')).toBe('elevated');
		expect(level([m('state_save_skipped'), m('state_save_error')], 'persistence_pressure')).toBe('elevated');
		expect(level([m('state_save_skipped')], 'persistence_pressure')).toBe('active');
		expect(level([m('state_save_ok')], 'persistence_pressure')).toBe('low');
	});
	test('startup audit (F7): present and not exactly "0"', () => {
		const audit = (fields: string) => level([m('runtime_proxy_startup_audit', fields)], 'startup_audit_pressure');
		expect(audit('missing_managed_dirs=0 orphan_managed_dirs=0')).toBe('low');
		expect(audit('missing_managed_dirs=1 orphan_managed_dirs=0')).toBe('elevated');
		expect(audit('missing_managed_dirs=0 orphan_managed_dirs=2')).toBe('elevated');
		expect(audit('missing_managed_dirs=00')).toBe('elevated');
		expect(audit('missing_managed_dirs=false')).toBe('elevated');
		expect(audit('orphan_managed_dirs=""')).toBe('elevated');
		expect(audit('stale_response_bindings=3')).toBe('low');
		expect(level([m('first_local_chunk')], 'startup_audit_pressure', {orphanManagedDirs: ['old']})).toBe('elevated');
		// The last audit line WITH fields decides; a later field-less line does not clear it.
		expect(level([m('runtime_proxy_startup_audit', 'missing_managed_dirs=1'), ts('runtime_proxy_startup_audit')], 'startup_audit_pressure')).toBe('elevated');
		expect(level([m('runtime_proxy_startup_audit', 'missing_managed_dirs=1'), m('runtime_proxy_startup_audit', 'missing_managed_dirs=0')], 'startup_audit_pressure')).toBe('low');
	});
	test('quota freshness: stale_risk > active > low', () => {
		expect(level([m('profile_probe_refresh_error')], 'quota_freshness_pressure')).toBe('stale_risk');
		expect(level([m('first_local_chunk')], 'quota_freshness_pressure', {stalePersistedUsageSnapshots: 1})).toBe('stale_risk');
		expect(level([m('selection_pick', 'quota_source=persisted_snapshot')], 'quota_freshness_pressure')).toBe('stale_risk');
		// F6: the formatted top value must start with `persisted_snapshot ` (a value with a space also counts).
		expect(level([m('selection_pick', 'quota_source="persisted_snapshot stale"')], 'quota_freshness_pressure')).toBe('stale_risk');
		expect(level([m('selection_pick', 'quota_source=persisted_snapshotX')], 'quota_freshness_pressure')).toBe('low');
		// Tie goes to the greatest value: probe_cache beats persisted_snapshot.
		expect(level([m('selection_pick', 'quota_source=persisted_snapshot'), m('selection_pick', 'quota_source=probe_cache')], 'quota_freshness_pressure')).toBe('low');
		expect(level([m('profile_probe_refresh_start')], 'quota_freshness_pressure')).toBe('active');
		expect(level([m('profile_probe_refresh_ok')], 'quota_freshness_pressure')).toBe('active');
		expect(level([m('profile_probe_refresh_queued')], 'quota_freshness_pressure')).toBe('low');
	});
});

describe('failure classes (docs/rules.md §1.5)', () => {
	for (const {name, markers} of RULES_027.failureClasses) {
		test.each(markers)(`${name}: %s`, marker => {
			expect(obj(doctor([m(marker), m(marker)]).failure_class_counts)).toEqual({[name]: 2});
		});
	}
	test('profile_transport_backoff is class quota but transport pressure', () => {
		const report = doctor([m('profile_transport_backoff')]);
		expect(obj(report.failure_class_counts)).toEqual({quota: 1});
		expect(report.transport_pressure).toBe('elevated');
	});
	test('classes without counts are omitted; unclassified markers add nothing', () => {
		expect(obj(doctor([m('selection_pick'), m('first_local_chunk')]).failure_class_counts)).toEqual({});
	});
	test('the quota-floor bump feeds the quota class (a reason line counts twice)', () => {
		const report = doctor([m('responses_pre_send_skip', 'reason=quota_critical_floor_before_send')]);
		expect(obj(report.marker_counts)).toEqual({quota_critical_floor_before_send: 1, responses_pre_send_skip: 1});
		expect(obj(report.failure_class_counts)).toEqual({quota: 2});
	});
	test('F1: a line recognised as the floor marker through its reason counts twice under it', () => {
		const report = doctor([ts('local_selection_blocked profile=main reason=quota_critical_floor_before_send')]);
		expect(obj(report.marker_counts)).toEqual({quota_critical_floor_before_send: 2});
	});
	test('every 0.27 marker is in the catalog exactly once, 61 in all', () => {
		expect(RULES_027.markers).toHaveLength(61);
		expect(new Set(RULES_027.markers).size).toBe(61);
		for (const {markers} of RULES_027.failureClasses) for (const marker of markers) expect(RULES_027.markers).toContain(marker);
	});
});

describe('tie-breaks and top facets (docs/rules.md §1.12)', () => {
	test('highest count wins, ties to the greatest value', () => {
		const report = doctor([m('selection_pick', 'route=responses'), m('selection_pick', 'route=websocket'), m('selection_pick', 'client=a'), m('selection_pick', 'client=b'), m('selection_pick', 'client=a')]);
		expect(report.top_client).toBe('a (2)');
		expect(doctor([m('x', ''), m('selection_pick', 'client=a'), m('selection_pick', 'client=b')]).top_client).toBe('b (1)');
	});
	test('F5: code point order, not UTF-16 order', () => {
		// U+1F600 is a greater code point than U+FFFD although its UTF-16 units are smaller.
		expect(doctor([m('compat_request_surface', 'family=\uFFFD'), m('compat_request_surface', 'family=\u{1F600}')]).top_client_family).toBe('\u{1F600} (1)');
		expect(doctor([m('compat_request_surface', 'family=\u{1F600}'), m('compat_request_surface', 'family=\uFFFD')]).top_client_family).toBe('\u{1F600} (1)');
	});
	test('top facets read family, client, tool_surface and warning; null when absent', () => {
		const report = doctor([m('compat_request_surface', 'family=codex client=codex_cli tool_surface=shell')]);
		expect([report.top_client_family, report.top_client, report.top_tool_surface, report.top_compat_warning]).toEqual(['codex (1)', 'codex_cli (1)', 'shell (1)', null]);
	});
	test('breakdown sorts keys by code point', () => {
		const lines = ['z', 'a', '\uFFFD', '\u{1F600}', 'B'].map(route => m('previous_response_not_found', `route=${route}`));
		expect(doctor(lines).diagnosis).toBe(`Recent previous_response_id continuity failures were observed: B=1, a=1, z=1, \uFFFD=1, \u{1F600}=1.`);
	});
});

describe('finalize (docs/rules.md §1.8)', () => {
	test('backlogs and lags pick the first candidate that parses', () => {
		const report = doctor([
			m('state_save_queued', 'backlog=+7'),
			m('state_save_ok', 'lag_ms=12ms'),
			m('state_save_skipped', 'lag_ms=-1'),
			m('state_save_error', 'lag_ms=0042'),
			m('continuation_journal_save_queued', 'backlog=18446744073709551615'),
			m('continuation_journal_save_ok', 'lag_ms=18446744073709551616'),
			m('continuation_journal_save_error', 'lag_ms=9007199254740993'),
			m('profile_probe_refresh_queued', 'backlog=" 5"'),
			m('profile_probe_refresh_ok', 'lag_ms=1e3'),
		]);
		expect(report.state_save_queue_backlog).toBe(7n);
		expect(report.state_save_lag_ms).toBe(42n);
		expect(report.continuation_journal_save_backlog).toBe(18_446_744_073_709_551_615n);
		expect(report.continuation_journal_save_lag_ms).toBe(9_007_199_254_740_993n);
		expect(report.profile_probe_refresh_backlog).toBeNull();
		expect(report.profile_probe_refresh_lag_ms).toBeNull();
	});
	test('a later field-less line keeps the last fields', () => {
		const report = doctor([m('state_save_queued', 'backlog=3'), ts('state_save_queued')]);
		expect(report.state_save_queue_backlog).toBe(3n);
		expect(obj(report.marker_counts)).toEqual({state_save_queued: 2});
	});
	test('last fields are replaced, not merged', () => {
		const report = doctor([m('state_save_queued', 'backlog=3 a=1'), m('state_save_queued', 'b=2')]);
		expect(obj(report.marker_last_fields.get('state_save_queued'))).toEqual({b: '2'});
		expect(report.state_save_queue_backlog).toBeNull();
	});
	test('compat_warning_count counts compat_warning lines', () => {
		expect(doctor([m('compat_warning'), m('compat_warning'), m('compat_request_surface')]).compat_warning_count).toBe(2);
	});
});
