import {describe, expect, test} from 'vitest';
import {RULES_027, RULES_CURRENT, doctor, linesOf, nested, obj} from '../helpers/doctor.js';

// docs/acceptance.md, fed directly (no file, no window), pointer and log present, no state.

const A1 = linesOf(`[2026-04-24 09:40:00.000 +07:00] runtime_proxy_active_limit_reached transport=http path=/v1/responses active=64 limit=64
[2026-04-24 09:40:01.000 +07:00] runtime_proxy_active_limit_reached transport=http path=/v1/responses active=65 limit=64
`);
const A2 = linesOf(`[2026-04-24 09:00:00.000 +07:00] runtime_proxy_lane_limit_reached lane=compact active=6 limit=6 request=41 route=/responses/compact
[2026-04-24 09:00:01.000 +07:00] runtime_proxy_lane_limit_reached lane=compact active=7 limit=6 request=42 route=/responses/compact
`);
const A3 = linesOf(`[2026-04-24 09:30:00.000 +07:00] state_save_queue_backpressure backlog=12 reason=channel_full pending=32
[2026-04-24 09:30:01.000 +07:00] continuation_journal_queue_backpressure backlog=9 reason=channel_full pending=27
[2026-04-24 09:30:02.000 +07:00] continuation_journal_save_ok lag_ms=215 backlog=4
`);
const A4 = linesOf(`[2026-04-24 09:10:00.000 +07:00] previous_response_not_found profile=alpha route=responses transport=http previous_response_id=resp_dead
[2026-04-24 09:10:01.000 +07:00] previous_response_fresh_fallback_blocked profile=alpha route=responses transport=http previous_response_id=resp_dead request_shape=continuation_only reason=previous_response_not_found
`);
const A5 = linesOf(`[2026-04-24 10:10:00.000 +07:00] request=51 profile_auth_recovered profile=main route=responses source=refresh changed=true
[2026-04-24 10:10:01.000 +07:00] request=52 profile_auth_recovery_failed profile=second route=websocket error=refresh_failed
`);
const A6 = linesOf(`[2026-04-24 09:50:00.000 +07:00] request=44 transport=http profile_inflight_saturated profile=main hard_limit=8 route=responses
[2026-04-24 09:50:01.000 +07:00] request=45 transport=websocket profile_inflight_saturated profile=main hard_limit=8 route=websocket
`);
const A7 = linesOf(`[2026-04-24 11:00:00.000 +07:00] request_id=req-old selection_pick profile=alpha route=responses reason=healthy quota_source=persisted_snapshot
[2026-04-24 11:00:00.100 +07:00] request_id=req-old first_upstream_chunk profile=alpha route=responses transport=http
[2026-04-24 11:00:01.000 +07:00] request=42 selection_keep_affinity profile=beta route=responses affinity=previous_response_id
[2026-04-24 11:00:01.050 +07:00] request=42 responses_pre_send_skip profile=beta route=responses reason=quota_critical_floor_before_send
{"timestamp":"2026-04-24T04:00:01.100Z","message":"request=42 upstream_connect_http profile=beta route=responses transport=http status=429","fields":{"request":42,"profile":"beta","route":"responses","status":429}}
[2026-04-24 11:00:01.200 +07:00] request=42 previous_response_fresh_fallback_blocked profile=beta route=responses reason=previous_response_not_found request_shape=continuation_only outcome=blocked_nonreplayable_without_affinity
`);
const A8 = linesOf(`{"timestamp":"2026-04-24T02:20:00Z","message":"request=17 stream_read_error profile=alpha route=responses","fields":{"request":17,"profile":"alpha","route":"responses","reason":"body_read_timeout"}}
{"timestamp":"2026-04-24T02:20:01Z","message":"profile_health","fields":{"request":17,"profile":"alpha","route":"responses","score":43,"reason":"stream_read_error"}}
`);
const A9 = linesOf(`[2026-04-24 10:00:00.000 +07:00] request=41 transport=websocket websocket_connect_overflow_enqueue reason=queue_full addr=127.0.0.1:443 overflow_pending=1 overflow_max_pending=1 overflow_total_enqueued=1 overflow_total_dispatched=0 worker_count=1 queue_capacity=1
[2026-04-24 10:00:01.000 +07:00] request=41 transport=websocket websocket_connect_overflow_dispatch reason=queue_available addr=127.0.0.1:443 overflow_pending=0 overflow_max_pending=1 overflow_total_enqueued=1 overflow_total_dispatched=1 worker_count=1 queue_capacity=1
[2026-04-24 10:00:02.000 +07:00] request=42 transport=websocket websocket_connect_overflow_reject reason=overflow_capacity_reached addr=127.0.0.1:443 overflow_pending=2 overflow_max_pending=2 overflow_total_enqueued=3 overflow_total_dispatched=1 worker_count=1 queue_capacity=1
[2026-04-24 10:00:03.000 +07:00] request=43 transport=websocket websocket_connect_overflow_rejected reason=queue_full addr=127.0.0.1:443 overflow_pending=3 overflow_max_pending=3 overflow_total_enqueued=4 overflow_total_dispatched=1 worker_count=1 queue_capacity=1
`);
const A10 = linesOf(`[2026-04-24 10:20:00.000 +07:00] request=61 transport=websocket websocket_dns_overflow_enqueue reason=queue_full host=chatgpt.com overflow_pending=1 overflow_max_pending=1 overflow_total_enqueued=1 overflow_total_dispatched=0 worker_count=2 queue_capacity=8
[2026-04-24 10:20:01.000 +07:00] request=61 transport=websocket websocket_dns_overflow_dispatch reason=queue_available host=chatgpt.com overflow_pending=0 overflow_max_pending=1 overflow_total_enqueued=1 overflow_total_dispatched=1 worker_count=2 queue_capacity=8
[2026-04-24 10:20:02.000 +07:00] request=62 transport=websocket websocket_dns_overflow_reject reason=overflow_capacity_reached host=chatgpt.com overflow_pending=3 overflow_max_pending=3 overflow_total_enqueued=4 overflow_total_dispatched=1 worker_count=2 queue_capacity=8
`);

const DEFAULT_TEXT = 'No recent overload or stream-failure markers were detected in the sampled runtime tail.';

describe('A. fixture logs', () => {
	test('A1 active_request_pressure — 0.27', () => {
		const r = doctor(A1);
		expect(r.line_count).toBe(2);
		expect(obj(r.marker_counts)).toEqual({runtime_proxy_active_limit_reached: 2});
		expect(obj(r.failure_class_counts)).toEqual({admission: 2});
		expect([r.selection_pressure, r.transport_pressure, r.persistence_pressure, r.quota_freshness_pressure, r.startup_audit_pressure]).toEqual(['low', 'low', 'low', 'low', 'low']);
		expect(nested(r.facet_counts)).toEqual({transport: {http: 2}});
		expect(obj(r.marker_last_fields.get('runtime_proxy_active_limit_reached'))).toEqual({transport: 'http', path: '/v1/responses', active: '65', limit: '64'});
		expect(r.diagnosis).toBe('Recent global active-request admission limit was triggered.');
	});
	test('A1 — current', () => {
		expect(doctor(A1, RULES_CURRENT).diagnosis).toBe(
			'Recent global active-request admission limit was triggered. Next step: Reduce concurrent fresh work or wait for in-flight requests to drain before retrying. Latest load: 65/64.',
		);
	});
	test('A2 lane_pressure — both', () => {
		for (const rules of [RULES_027, RULES_CURRENT]) {
			const r = doctor(A2, rules);
			expect(r.line_count).toBe(2);
			expect(r.marker_counts.get('runtime_proxy_lane_limit_reached')).toBe(2);
			expect(obj(r.marker_last_fields.get('runtime_proxy_lane_limit_reached'))).toEqual({lane: 'compact', active: '7', limit: '6', request: '42', route: '/responses/compact'});
			expect(r.facet_counts.get('lane')?.get('compact')).toBe(2);
			expect(r.facet_counts.get('route')?.get('/responses/compact')).toBe(2);
			expect(obj(r.failure_class_counts)).toEqual({admission: 2});
		}
		expect(doctor(A2).diagnosis).toBe('Recent per-lane admission limit was triggered.');
		expect(doctor(A2, RULES_CURRENT).diagnosis).toBe(
			'Recent per-lane admission limit was triggered on compact. Next step: Inspect repeated lane=compact markers and trim bursty compact traffic if it is starving responses. Latest load: 7/6.',
		);
	});
	test('A3 persistence_backpressure', () => {
		const r = doctor(A3);
		expect(obj(r.marker_counts)).toEqual({continuation_journal_save_ok: 1});
		expect(r.continuation_journal_save_lag_ms).toBe(215n);
		expect([r.state_save_queue_backlog, r.continuation_journal_save_backlog, r.profile_probe_refresh_backlog]).toEqual([null, null, null]);
		expect(r.persistence_pressure).toBe('low');
		expect(obj(r.failure_class_counts)).toEqual({});
		expect(r.diagnosis).toBe(DEFAULT_TEXT);
		const c = doctor(A3, RULES_CURRENT);
		expect(c.marker_counts.get('state_save_queue_backpressure')).toBe(1);
		expect(c.marker_counts.get('continuation_journal_queue_backpressure')).toBe(1);
		expect([c.state_save_queue_backlog, c.continuation_journal_save_backlog, c.continuation_journal_save_lag_ms]).toEqual([12n, 9n, 215n]);
		expect(c.persistence_pressure).toBe('elevated');
		expect(c.failure_class_counts.get('persistence')).toBe(2);
		expect(c.diagnosis).toBe(
			'Recent background persistence queue backpressure was detected. Next step: Reduce rapid rotation or continuation churn and wait for background persistence queues to drain. Latest backlog: state=12 journal=9. Latest reason: channel_full.',
		);
	});
	test('A4 previous_response_fail_closed', () => {
		const r = doctor(A4);
		expect(r.marker_counts.get('previous_response_not_found')).toBe(2);
		expect(obj(r.previous_response_not_found_by_route)).toEqual({responses: 2});
		expect(obj(r.previous_response_not_found_by_transport)).toEqual({http: 2});
		expect(obj(r.failure_class_counts)).toEqual({continuation: 2});
		expect(r.diagnosis).toBe('Recent previous_response_id continuity failures were observed: responses=2.');
		const c = doctor(A4, RULES_CURRENT);
		expect(obj(c.marker_counts)).toEqual({previous_response_not_found: 1, previous_response_fresh_fallback_blocked: 1});
		expect(obj(c.previous_response_not_found_by_route)).toEqual({responses: 1});
		expect(obj(c.previous_response_not_found_by_transport)).toEqual({http: 1});
		expect(c.marker_last_fields.get('previous_response_fresh_fallback_blocked')?.get('request_shape')).toBe('continuation_only');
		expect(c.facet_counts.get('request_shape')?.get('continuation_only')).toBe(1);
		expect(c.diagnosis).toContain('context-dependent previous_response_id continuation failed closed');
	});
	test('A5 profile_auth_recovery', () => {
		expect(obj(doctor(A5).marker_counts)).toEqual({});
		expect(doctor(A5).diagnosis).toBe(DEFAULT_TEXT);
		const c = doctor(A5, RULES_CURRENT);
		expect(obj(c.marker_counts)).toEqual({profile_auth_recovered: 1, profile_auth_recovery_failed: 1});
		expect(c.failure_class_counts.get('auth')).toBe(1);
		expect(c.diagnosis).toBe(
			'Recent profile auth recovery failed after an upstream unauthorized response. Next step: Refresh credentials for profile second with `prodex login --profile second` and retry route websocket; latest recovery error: refresh_failed.',
		);
	});
	test('A6 profile_inflight_saturation', () => {
		const r = doctor(A6);
		expect(r.marker_counts.get('profile_inflight_saturated')).toBe(2);
		expect(obj(r.failure_class_counts)).toEqual({admission: 2});
		expect(obj(r.facet_counts.get('transport'))).toEqual({http: 1, websocket: 1});
		expect(obj(r.facet_counts.get('route'))).toEqual({responses: 1, websocket: 1});
		expect(r.facet_counts.get('profile')?.get('main')).toBe(2);
		expect(r.diagnosis).toBe('Recent per-profile in-flight saturation forced a fail-fast response.');
		expect(doctor(A6, RULES_CURRENT).diagnosis).toBe(
			'Recent per-profile in-flight saturation blocked main at hard limit 8. Next step: Wait for in-flight work on profile main to drop below hard limit 8 before retrying, or let fresh selection land on another eligible profile.',
		);
	});
	test('A7 request_timeline — 0.27', () => {
		const r = doctor(A7);
		expect(r.line_count).toBe(6);
		expect([r.first_timestamp, r.last_timestamp]).toEqual(['2026-04-24 11:00:00.000 +07:00', '2026-04-24 11:00:01.200 +07:00']);
		expect(obj(r.marker_counts)).toEqual({
			selection_pick: 1,
			first_upstream_chunk: 1,
			responses_pre_send_skip: 1,
			previous_response_not_found: 1,
			quota_critical_floor_before_send: 1,
		});
		expect(obj(r.failure_class_counts)).toEqual({continuation: 1, quota: 2});
		expect(r.selection_pressure).toBe('elevated');
		expect(r.transport_pressure).toBe('low');
		expect(r.quota_freshness_pressure).toBe('stale_risk');
		expect(obj(r.previous_response_not_found_by_route)).toEqual({responses: 1});
		expect(obj(r.previous_response_not_found_by_transport)).toEqual({});
		expect(r.diagnosis).toBe('Recent previous_response_id continuity failures were observed: responses=1.');
	});
	test('A7 — current', () => {
		const c = doctor(A7, RULES_CURRENT);
		expect(obj(c.failure_class_counts)).toEqual({continuation: 1, quota: 2, transport: 1});
		expect(c.transport_pressure).toBe('elevated');
		// The JSON line: text fields merged under the JSON fields (numbers become strings).
		expect(obj(c.marker_last_fields.get('upstream_connect_http'))).toEqual({request: '42', profile: 'beta', route: 'responses', transport: 'http', status: '429'});
		expect(c.diagnosis).toBe(
			'Recent context-dependent previous_response_id continuation failed closed before commit. Fresh replay is disabled to preserve continuity. Latest reason: previous_response_not_found. Next step: Inspect `previous_response_not_found`, affinity bindings, and owning-profile chain markers before retrying; Prodex failed closed because this follow-up is context-dependent and cannot be replayed safely. Start a fresh turn only if context continuity can be abandoned. Latest guard: previous_response_not_found.',
		);
	});
	test('A8 route_scoped_profile_health (JSON lines)', () => {
		for (const rules of [RULES_027, RULES_CURRENT]) {
			const r = doctor(A8, rules);
			expect(obj(r.marker_counts)).toEqual({stream_read_error: 1, profile_health: 1});
			expect(obj(r.marker_last_fields.get('profile_health'))).toEqual({request: '17', profile: 'alpha', route: 'responses', score: '43', reason: 'stream_read_error'});
			expect(r.transport_pressure).toBe('elevated');
			expect(obj(r.failure_class_counts)).toEqual({quota: 1, transport: 1});
		}
		const r = doctor(A8);
		expect(r.facet_counts.get('reason')).toEqual(new Map([['body_read_timeout', 1], ['stream_read_error', 1]]));
		expect(r.diagnosis).toBe('Recent upstream stream read failure detected after commit.');
		expect(doctor(A8, RULES_CURRENT).diagnosis).toBe(
			'Recent route-specific health penalty is steering fresh selection away from alpha/responses (score 43, reason stream_read_error). Next step: Inspect recent transport or overload markers for alpha/responses, especially `stream_read_error`, and wait for that route score to decay before expecting fresh selection to reuse it.',
		);
	});
	test('A9 websocket_connect_overflow', () => {
		expect(doctor(A9).diagnosis).toBe(DEFAULT_TEXT);
		expect(obj(doctor(A9).marker_counts)).toEqual({});
		const c = doctor(A9, RULES_CURRENT);
		expect(c.transport_pressure).toBe('elevated');
		expect(obj(c.failure_class_counts)).toEqual({admission: 2, transport: 2});
		expect(c.diagnosis).toBe(
			'Recent websocket connect work was rejected after the overflow queue saturated. Next step: Reduce concurrent websocket session starts or wait for websocket connect workers to drain before retrying. Latest reason: queue_full; pending=3/3, workers=1, queue_capacity=1.',
		);
	});
	test('A10 websocket_dns_overflow', () => {
		expect(doctor(A10).diagnosis).toBe(DEFAULT_TEXT);
		const c = doctor(A10, RULES_CURRENT);
		expect(obj(c.failure_class_counts)).toEqual({transport: 3});
		expect(c.transport_pressure).toBe('elevated');
		expect(c.diagnosis).toBe('Recent websocket DNS resolution work was rejected after the overflow queue saturated.');
	});
});

describe('B. parsing', () => {
	test('B1/B4 quoted values keep spaces; empty quoted value kept', () => {
		for (const rules of [RULES_027, RULES_CURRENT]) {
			const r = doctor(['stream_read_error request=7 transport=http error="failed with spaces" empty=""'], rules);
			expect(obj(r.marker_last_fields.get('stream_read_error'))).toEqual({request: '7', transport: 'http', error: 'failed with spaces', empty: ''});
		}
		const b4 = doctor(['[2026-05-12 00:00:00.000 +00:00] stream_read_error request=7 transport=http error="failed with spaces"']);
		expect(b4.marker_counts.get('stream_read_error')).toBe(1);
		expect(b4.marker_last_fields.get('stream_read_error')?.get('error')).toBe('failed with spaces');
		expect(b4.transport_pressure).toBe('elevated');
		expect(obj(b4.failure_class_counts)).toEqual({transport: 1});
		expect(b4.diagnosis).toBe('Recent upstream stream read failure detected after commit.');
	});
	test('B2 JSON event and fields preferred', () => {
		const line = '{"timestamp":"2026-05-12T00:00:00Z","message":"runtime_proxy_queue_overloaded lane=responses active=1","event":"runtime_proxy_lane_limit_reached","fields":{"lane":"compact","active":6,"overflow":false}}';
		for (const rules of [RULES_027, RULES_CURRENT]) {
			const r = doctor([line], rules);
			expect(obj(r.marker_counts)).toEqual({runtime_proxy_lane_limit_reached: 1});
			expect(obj(r.marker_last_fields.get('runtime_proxy_lane_limit_reached'))).toEqual({lane: 'compact', active: '6', overflow: 'false'});
		}
		const r = doctor([line]);
		expect(r.facet_counts.get('lane')).toEqual(new Map([['compact', 1]]));
		expect(r.first_timestamp).toBe('2026-05-12T00:00:00Z');
		expect(obj(r.failure_class_counts)).toEqual({admission: 1});
		expect(r.diagnosis).toBe('Recent per-lane admission limit was triggered.');
	});
	test('B3 redaction of secrets and terminal controls', () => {
		const lines = [
			'{"timestamp":"2026-05-12T00:00:00Z","event":"runtime_proxy_lane_limit_reached","fields":{"route":"/v1/responses\\u001b[31m","authorization":"Bearer fixture-secret-sentinel"}}',
			'[2026-05-12 00:00:01.000 +00:00] stream_read_error route="/v1/responses\u001B[31m" authorization="Bearer fixture-secret-sentinel"',
		];
		for (const rules of [RULES_027, RULES_CURRENT]) {
			const r = doctor(lines, rules);
			expect(obj(r.marker_counts)).toEqual({runtime_proxy_lane_limit_reached: 1, stream_read_error: 1});
			for (const marker of ['runtime_proxy_lane_limit_reached', 'stream_read_error']) {
				expect(obj(r.marker_last_fields.get(marker))).toEqual({authorization: '<redacted>', route: '/v1/responses [31m'});
			}
			expect(obj(r.facet_counts.get('route'))).toEqual({'/v1/responses [31m': 2});
			expect(r.last_marker_line).toBe('[2026-05-12 00:00:01.000 +00:00] stream_read_error route="/v1/responses [31m" authorization="<redacted>"');
			expect(obj(r.failure_class_counts)).toEqual({admission: 1, transport: 1});
			expect(r.transport_pressure).toBe('elevated');
			expect(r.diagnosis).toContain('Recent per-lane admission limit was triggered');
		}
	});
	test('B5 marker context — 0.27 counts', () => {
		const r = doctor(linesOf(`[2026-05-12 00:00:00.000 +00:00] runtime_proxy_lane_limit_reached lane=compact route=/responses/compact profile=alpha active=4
[2026-05-12 00:00:01.000 +00:00] runtime_proxy_lane_limit_reached lane=compact route=/responses/compact profile=beta active=5
[2026-05-12 00:00:02.000 +00:00] profile_inflight_saturated route=responses profile=alpha active=8
`));
		expect(obj(r.marker_counts)).toEqual({runtime_proxy_lane_limit_reached: 2, profile_inflight_saturated: 1});
		expect(obj(r.failure_class_counts)).toEqual({admission: 3});
		expect(r.facet_counts.get('profile')?.get('alpha')).toBe(2);
		expect(r.diagnosis).toBe('Recent per-lane admission limit was triggered.');
	});
});

describe('C/D. precedence and render cases', () => {
	test('C1 current: failures outrank routine selection', () => {
		const expectations: Array<[string, string]> = [
			['precommit_budget_exhausted', 'candidate selection exhausted before commit'],
			['stream_read_error', 'stream read failure'],
			['state_save_error', 'state save failures'],
		];
		for (const [marker, fragment] of expectations) {
			expect(doctor([`selection_pick profile=a`, `${marker} profile=a`], RULES_CURRENT).diagnosis.toLowerCase()).toContain(fragment);
		}
	});
	test('D1 Gemini provider markers — current', () => {
		const lines = linesOf(`[2026-05-12 00:00:00.000 +00:00] local_rewrite_provider_model_fallback request=41 provider=gemini profile=google-main from_model=gemini-2.5-pro to_model=gemini-2.5-flash status=429 class=Quota
[2026-05-12 00:00:01.000 +00:00] local_rewrite_gemini_quota_rotate request=42 profile=google-main status=429 reason=rate_limit
[2026-05-12 00:00:02.000 +00:00] local_rewrite_gemini_live_error request=43 profile=google-main error="upstream closed"
[2026-05-12 00:00:03.000 +00:00] local_rewrite_gemini_compact_semantic request=44 profile=google-main body_bytes=2048
[2026-05-12 00:00:04.000 +00:00] local_rewrite_gemini_compact_fallback request=45 body_bytes=4096 reason="empty semantic output"
`);
		const c = doctor(lines, RULES_CURRENT);
		expect([...c.marker_counts.values()]).toEqual([1, 1, 1, 1, 1]);
		expect(c.facet_counts.get('provider')?.get('gemini')).toBe(1);
		expect(obj(c.failure_class_counts)).toEqual({quota: 1, transport: 1});
		expect([c.selection_pressure, c.transport_pressure]).toEqual(['elevated', 'elevated']);
		expect(c.diagnosis).toBe('Recent Gemini quota or rate-limit recovery was observed for profile google-main before commit; OAuth profile rotation/retry kept the Codex-facing request recoverable.');
		expect(obj(doctor(lines).marker_counts)).toEqual({});
	});
	test('D2 overload health penalty', () => {
		const lines = ['[2026-04-24 12:00:00.000 +07:00] profile_health profile=alpha route=responses score=40 reason=responses_overload'];
		const r = doctor(lines);
		expect(obj(r.marker_counts)).toEqual({profile_health: 1});
		expect(obj(r.failure_class_counts)).toEqual({quota: 1});
		expect([r.selection_pressure, r.transport_pressure, r.persistence_pressure, r.quota_freshness_pressure, r.startup_audit_pressure]).toEqual(['low', 'low', 'low', 'low', 'low']);
		expect(r.diagnosis).toBe(DEFAULT_TEXT);
		expect(doctor(lines, RULES_CURRENT).diagnosis).toBe(
			'Recent route-specific health penalty is steering fresh selection away from alpha/responses (score 40, reason responses_overload). Next step: Inspect recent transport or overload markers for alpha/responses, especially `responses_overload`, and wait for that route score to decay before expecting fresh selection to reuse it.',
		);
	});
	test('D3 pre-commit budget', () => {
		const lines = linesOf(`[2026-04-24 12:00:00.000 +07:00] request=80 precommit_budget_exhausted route=responses attempts=3 reason=candidate_exhausted
[2026-04-24 12:00:01.000 +07:00] request=81 compact_precommit_budget_exhausted route=/responses/compact attempts=2 reason=quota
`);
		const r = doctor(lines);
		expect(obj(r.marker_counts)).toEqual({precommit_budget_exhausted: 2});
		expect(obj(r.marker_last_fields.get('precommit_budget_exhausted'))).toEqual({request: '81', route: '/responses/compact', attempts: '2', reason: 'quota'});
		expect(r.selection_pressure).toBe('elevated');
		expect(obj(r.failure_class_counts)).toEqual({});
		expect(r.diagnosis).toBe('Recent candidate selection exhausted before commit.');
		const c = doctor(lines, RULES_CURRENT);
		expect(obj(c.marker_counts)).toEqual({precommit_budget_exhausted: 1, compact_precommit_budget_exhausted: 1});
		expect(obj(c.failure_class_counts)).toEqual({admission: 1});
		expect(c.diagnosis).toBe('Recent compact exit paths were logged: precommit_budget=1.');
	});
});

const F1 = linesOf(`[2026-03-20 12:00:00.000 +07:00] request=1 transport=http first_upstream_chunk bytes=128
[2026-03-20 12:00:00.010 +07:00] request=1 transport=http first_local_chunk profile=main bytes=128 elapsed_ms=10
[2026-03-20 12:00:00.015 +07:00] runtime_proxy_admission_wait_started transport=http path=/backend-api/codex/responses budget_ms=120 poll_ms=10 reason=responses
[2026-03-20 12:00:00.020 +07:00] profile_transport_backoff profile=main route=responses until=123 seconds=15 context=stream_read_error
[2026-03-20 12:00:00.030 +07:00] profile_health profile=main score=4 delta=4 reason=stream_read_error
[2026-03-20 12:00:00.035 +07:00] selection_skip_affinity route=responses affinity=session profile=main reason=quota_exhausted quota_source=persisted_snapshot
[2026-03-20 12:00:00.040 +07:00] runtime_proxy_active_limit_reached transport=http path=/backend-api/codex/responses active=12 limit=12
[2026-03-20 12:00:00.050 +07:00] runtime_proxy_lane_limit_reached transport=http path=/backend-api/codex/responses lane=responses active=9 limit=9
[2026-03-20 12:00:00.055 +07:00] runtime_proxy_admission_recovered transport=http path=/backend-api/codex/responses waited_ms=20
[2026-03-20 12:00:00.056 +07:00] runtime_proxy_overload_backoff until=123 reason=active_request_limit
[2026-03-20 12:00:00.060 +07:00] profile_inflight_saturated profile=main hard_limit=8
[2026-03-20 12:00:00.070 +07:00] runtime_proxy_queue_overloaded transport=http path=/backend-api/codex/responses reason=long_lived_queue_full
[2026-03-20 12:00:00.072 +07:00] runtime_proxy_queue_wait_started transport=http path=/backend-api/codex/responses budget_ms=120 poll_ms=10 reason=long_lived_queue_full
[2026-03-20 12:00:00.074 +07:00] runtime_proxy_queue_recovered transport=http path=/backend-api/codex/responses waited_ms=18
[2026-03-20 12:00:00.075 +07:00] state_save_queued revision=2 reason=session_id:main backlog=3 ready_in_ms=5
[2026-03-20 12:00:00.078 +07:00] continuation_journal_save_queued reason=session_id:main backlog=2
[2026-03-20 12:00:00.080 +07:00] profile_probe_refresh_queued profile=second reason=queued backlog=4
[2026-03-20 12:00:00.085 +07:00] state_save_skipped revision=2 reason=session_id:main lag_ms=7
[2026-03-20 12:00:00.086 +07:00] continuation_journal_save_ok saved_at=123 reason=session_id:main lag_ms=11
[2026-03-20 12:00:00.090 +07:00] profile_probe_refresh_start profile=second
[2026-03-20 12:00:00.095 +07:00] profile_probe_refresh_ok profile=second lag_ms=13
[2026-03-20 12:00:00.100 +07:00] profile_probe_refresh_error profile=third lag_ms=8 error=timeout
[2026-03-20 12:00:00.094 +07:00] profile_circuit_open profile=main route=responses until=123 reason=stream_read_error score=4
[2026-03-20 12:00:00.095 +07:00] profile_circuit_half_open_probe profile=main route=responses until=128 health=3
[2026-03-20 12:00:00.096 +07:00] websocket_reuse_watchdog profile=main event=read_error elapsed_ms=33 committed=true
[2026-03-20 12:00:00.096 +07:00] request=4 transport=websocket websocket_connect_overflow_enqueue reason=queue_full overflow_pending=1 overflow_max_pending=1 overflow_total_enqueued=1 overflow_total_dispatched=0 worker_count=1 queue_capacity=1
[2026-03-20 12:00:00.096 +07:00] request=4 transport=websocket websocket_connect_overflow_dispatch reason=queue_available overflow_pending=0 overflow_max_pending=1 overflow_total_enqueued=1 overflow_total_dispatched=1 worker_count=1 queue_capacity=1
[2026-03-20 12:00:00.096 +07:00] request=5 transport=websocket websocket_connect_overflow_reject reason=overflow_capacity_reached overflow_pending=2 overflow_max_pending=2 overflow_total_enqueued=3 overflow_total_dispatched=1 worker_count=1 queue_capacity=1
[2026-03-20 12:00:00.096 +07:00] request=5 transport=websocket websocket_connect_overflow_rejected reason=queue_full overflow_pending=3 overflow_max_pending=3 overflow_total_enqueued=4 overflow_total_dispatched=1 worker_count=1 queue_capacity=1
[2026-03-20 12:00:00.096 +07:00] request=8 transport=websocket websocket_dns_resolve_timeout host=slow.example.test port=443 timeout_ms=25
[2026-03-20 12:00:00.096 +07:00] request=6 profile_auth_recovered profile=main route=responses source=refresh changed=true
[2026-03-20 12:00:00.096 +07:00] request=7 profile_auth_recovery_failed profile=second route=websocket error=refresh_failed
[2026-03-20 12:00:00.097 +07:00] request=2 transport=http route=responses previous_response_not_found profile=second response_id=resp-second retry_index=0
[2026-03-20 12:00:00.098 +07:00] request=3 transport=websocket route=websocket previous_response_not_found profile=second response_id=resp-second retry_index=0
[2026-03-20 12:00:00.099 +07:00] request=3 transport=websocket route=websocket websocket_session=sess-1 chain_retried_owner profile=second previous_response_id=resp-second delay_ms=20 reason=previous_response_not_found_locked_affinity via=-
[2026-03-20 12:00:00.100 +07:00] request=3 transport=websocket route=websocket websocket_session=sess-1 stale_continuation reason=previous_response_not_found_locked_affinity profile=second
[2026-03-20 12:00:00.101 +07:00] request=3 transport=websocket route=websocket websocket_session=sess-1 chain_dead_upstream_confirmed profile=second previous_response_id=resp-second reason=previous_response_not_found_locked_affinity via=- event=-
[2026-03-20 12:00:00.102 +07:00] local_writer_error request=1 transport=http profile=main stage=chunk_flush chunks=1 bytes=128 elapsed_ms=20 error=broken_pipe
[2026-03-20 12:00:00.105 +07:00] runtime_proxy_startup_audit missing_managed_dirs=1 stale_response_bindings=2 stale_session_bindings=1 active_profile_missing_dir=false
`);

describe('F. prodex-app doctor tests', () => {
	test('F1 39-line log — 0.27', () => {
		const r = doctor(F1);
		expect(r.line_count).toBe(39);
		expect([r.first_timestamp, r.last_timestamp]).toEqual(['2026-03-20 12:00:00.000 +07:00', '2026-03-20 12:00:00.105 +07:00']);
		const ones = [
			'first_upstream_chunk', 'first_local_chunk', 'runtime_proxy_admission_wait_started', 'profile_transport_backoff', 'profile_health',
			'selection_skip_affinity', 'runtime_proxy_active_limit_reached', 'runtime_proxy_lane_limit_reached', 'runtime_proxy_admission_recovered',
			'runtime_proxy_overload_backoff', 'profile_inflight_saturated', 'runtime_proxy_queue_overloaded', 'runtime_proxy_queue_wait_started',
			'runtime_proxy_queue_recovered', 'state_save_queued', 'continuation_journal_save_queued', 'profile_probe_refresh_queued', 'state_save_skipped',
			'continuation_journal_save_ok', 'profile_probe_refresh_start', 'profile_probe_refresh_ok', 'profile_probe_refresh_error', 'profile_circuit_open',
			'profile_circuit_half_open_probe', 'websocket_reuse_watchdog', 'local_writer_error', 'runtime_proxy_startup_audit',
		];
		expect(obj(r.marker_counts)).toEqual({...Object.fromEntries(ones.map(m => [m, 1])), previous_response_not_found: 5});
		expect(obj(r.previous_response_not_found_by_route)).toEqual({responses: 1, websocket: 4});
		expect(obj(r.previous_response_not_found_by_transport)).toEqual({http: 1, websocket: 4});
		expect([r.state_save_queue_backlog, r.state_save_lag_ms, r.continuation_journal_save_backlog, r.continuation_journal_save_lag_ms, r.profile_probe_refresh_backlog, r.profile_probe_refresh_lag_ms]).toEqual([3n, 7n, 2n, 11n, 4n, 13n]);
		expect(obj(r.failure_class_counts)).toEqual({admission: 7, continuation: 5, persistence: 1, quota: 5, transport: 1});
		expect([r.selection_pressure, r.transport_pressure, r.persistence_pressure, r.startup_audit_pressure, r.quota_freshness_pressure]).toEqual(['elevated', 'elevated', 'active', 'elevated', 'stale_risk']);
		expect(r.facet_counts.get('reason')?.get('session_id:main')).toBe(4);
		expect(r.facet_counts.get('profile')?.get('main')).toBe(9);
		expect(r.last_marker_line).toBe('[2026-03-20 12:00:00.105 +07:00] runtime_proxy_startup_audit missing_managed_dirs=1 stale_response_bindings=2 stale_session_bindings=1 active_profile_missing_d…');
		expect(r.diagnosis).toBe('Recent local proxy overload backoff was triggered.');
	});
	test('F1 — current', () => {
		const c = doctor(F1, RULES_CURRENT);
		expect(c.marker_counts.get('previous_response_not_found')).toBe(2);
		for (const marker of ['websocket_connect_overflow_enqueue', 'websocket_connect_overflow_dispatch', 'websocket_connect_overflow_reject', 'websocket_connect_overflow_rejected', 'websocket_dns_resolve_timeout', 'profile_auth_recovered', 'profile_auth_recovery_failed', 'chain_retried_owner', 'stale_continuation', 'chain_dead_upstream_confirmed']) {
			expect(c.marker_counts.get(marker)).toBe(1);
		}
		expect(c.quota_freshness_pressure).toBe('stale_risk');
		expect([c.state_save_queue_backlog, c.state_save_lag_ms, c.continuation_journal_save_backlog, c.continuation_journal_save_lag_ms, c.profile_probe_refresh_backlog, c.profile_probe_refresh_lag_ms]).toEqual([3n, 7n, 2n, 11n, 4n, 13n]);
		expect(obj(c.failure_class_counts)).toEqual({admission: 9, auth: 1, continuation: 5, persistence: 1, quota: 5, transport: 4});
		expect(obj(c.previous_response_not_found_by_route)).toEqual({responses: 1, websocket: 1});
		expect(obj(c.previous_response_not_found_by_transport)).toEqual({http: 1, websocket: 1});
		expect(c.last_marker_line).toContain('runtime_proxy_startup_audit');
		expect(c.diagnosis).toBe('Recent local proxy overload backoff was triggered.');
	});
	test('F2a/F2b compatibility warnings — both rule sets', () => {
		const f2a = linesOf(`[2026-04-10 00:00:00.000 +07:00] request=1 compat_request_surface stage=request family=claude_code client=claude_code route=anthropic_messages transport=http stream=streaming tool_surface=mcp continuation=none approval=false origin=external user_agent=claude-code/1.2.3
[2026-04-10 00:00:01.000 +07:00] request=1 compat_warning stage=request family=claude_code client=claude_code route=anthropic_messages transport=http warning=anthropic_mcp_servers_without_toolset
`);
		const f2b = linesOf(`[2026-04-10 00:00:00.000 +07:00] request=7 compat_request_surface stage=message family=codex client=codex_cli route=responses transport=websocket stream=streaming tool_surface=none continuation=previous_response origin=external approval=false user_agent=codex-cli/test-fixture
[2026-04-10 00:00:00.005 +07:00] request=7 compat_warning stage=message family=codex client=codex_cli route=responses transport=websocket warning=websocket_previous_response_without_turn_state
`);
		for (const rules of [RULES_027, RULES_CURRENT]) {
			const a = doctor(f2a, rules);
			expect([a.compat_warning_count, a.top_client_family, a.top_client, a.top_tool_surface, a.top_compat_warning]).toEqual([1, 'claude_code (2)', 'claude_code (2)', 'mcp (1)', 'anthropic_mcp_servers_without_toolset (1)']);
			expect(a.diagnosis).toBe('Recent compatibility warnings were observed for claude_code (2): anthropic_mcp_servers_without_toolset (1).');
			const b = doctor(f2b, rules);
			expect([b.top_client_family, b.top_client]).toEqual(['codex (2)', 'codex_cli (2)']);
			expect(b.diagnosis).toBe('Recent compatibility warnings were observed for codex_cli (2): websocket_previous_response_without_turn_state (1).');
			// docs/output.md §4.4
			expect(nested(b.facet_counts)).toEqual({
				client: {codex_cli: 2}, continuation: {previous_response: 1}, family: {codex: 2}, origin: {external: 1}, route: {responses: 2},
				stage: {message: 2}, tool_surface: {none: 1}, transport: {websocket: 2}, warning: {websocket_previous_response_without_turn_state: 1},
			});
		}
	});
	test('F3 JSON lines', () => {
		const r = doctor(['{"timestamp":"2026-04-08 10:00:00.000 +00:00","message":"request=7 profile_health profile=main route=responses score=4","fields":{"request":"7","profile":"main","route":"responses","score":"4"}}']);
		expect(r.line_count).toBe(1);
		expect(r.marker_counts.get('profile_health')).toBe(1);
		expect(r.first_timestamp).toBe('2026-04-08 10:00:00.000 +00:00');
		expect(r.marker_last_fields.get('profile_health')?.get('profile')).toBe('main');
		expect(r.diagnosis).toBe(DEFAULT_TEXT);
	});
	test('F5 fail-closed fallback from log text', () => {
		const lines = linesOf(`[2026-04-21 10:00:00.000 +07:00] request=41 transport=http route=responses previous_response_not_found profile=beta response_id=resp-missing retry_index=0
[2026-04-21 10:00:00.001 +07:00] request=41 transport=http previous_response_fresh_fallback_blocked reason=previous_response_not_found request_shape=continuation_only outcome=blocked_nonreplayable_without_affinity profile=beta
`);
		const r = doctor(lines);
		expect(r.marker_counts.get('previous_response_not_found')).toBe(2);
		expect(obj(r.previous_response_not_found_by_route)).toEqual({responses: 1});
		expect(obj(r.previous_response_not_found_by_transport)).toEqual({http: 2});
		expect(r.diagnosis).toBe('Recent previous_response_id continuity failures were observed: responses=1.');
		const c = doctor(lines, RULES_CURRENT);
		expect(c.marker_counts.get('previous_response_fresh_fallback_blocked')).toBe(1);
		expect(c.diagnosis).toContain('context-dependent previous_response_id continuation');
		expect(c.diagnosis).toContain('Fresh replay is disabled');
	});
	test('F7 background queue markers — current', () => {
		const lines = linesOf(`[2026-04-21 10:00:00.000 +07:00] state_save_queue_backpressure revision=2 reason=session_id:main backlog=7
[2026-04-21 10:00:00.001 +07:00] continuation_journal_queue_backpressure reason=session_id:main backlog=5
[2026-04-21 10:00:00.002 +07:00] profile_probe_refresh_backpressure profile=second backlog=4
`);
		const c = doctor(lines, RULES_CURRENT);
		expect([c.persistence_pressure, c.quota_freshness_pressure]).toEqual(['elevated', 'stale_risk']);
		expect([c.state_save_queue_backlog, c.continuation_journal_save_backlog, c.profile_probe_refresh_backlog]).toEqual([7n, 5n, 4n]);
		expect(c.diagnosis).toBe(
			'Recent background persistence queue backpressure was detected. Next step: Reduce rapid rotation or continuation churn and wait for background persistence queues to drain. Latest backlog: state=7 journal=5. Latest reason: session_id:main.',
		);
		const with4 = doctor([...lines, '[2026-04-11 12:10:00.003 +07:00] selection_skip_sync_probe route=responses reason=pressure_mode cold_start_jobs=3'], RULES_CURRENT);
		expect(with4.diagnosis).toBe(c.diagnosis);
		const r = doctor(lines);
		expect(obj(r.marker_counts)).toEqual({});
		expect([r.state_save_queue_backlog, r.continuation_journal_save_backlog, r.profile_probe_refresh_backlog]).toEqual([null, null, null]);
		expect(r.diagnosis).toBe(DEFAULT_TEXT);
	});
	test('F8 legacy fallback and compact final failure', () => {
		const legacy = ['[2026-04-11 12:00:00.000 +07:00] request=41 transport=http previous_response_fresh_fallback reason=previous_response_not_found request_shape=session_replayable outcome=session_replayable_recovery profile=second via=direct_current_profile_fallback'];
		expect(doctor(legacy, RULES_CURRENT).diagnosis).toBe(
			'Legacy previous_response recovery marker was observed for session-scoped previous_response_id continuation, but current runtime should fail closed instead of treating this as recoverable. Latest reason: previous_response_not_found. Restart active prodex/codex sessions if this came from a live broker.',
		);
		const r = doctor(legacy);
		expect(r.diagnosis).toBe('Recent previous_response_id continuity failures were observed: -.');
		expect(r.facet_counts.get('reason')).toEqual(new Map([['previous_response_not_found', 1]]));
		expect(obj(r.failure_class_counts)).toEqual({continuation: 1});
		const final = ['[2026-04-11 12:05:00.000 +07:00] request=52 transport=http compact_final_failure exit=quota_fallback_exhausted reason=quota attempts=2 elapsed_ms=186 pressure_mode=false last_failure=quota saw_inflight_saturation=false profile=main'];
		expect(doctor(final, RULES_CURRENT).diagnosis).toBe(
			'Recent compact final failure exited via quota_fallback_exhausted with reason quota. Next step: Inspect compact budget and candidate-exhausted markers on profile main, then retry after compact quota refreshes or another profile becomes eligible.',
		);
		expect(doctor(final).diagnosis).toBe(DEFAULT_TEXT);
	});
});
