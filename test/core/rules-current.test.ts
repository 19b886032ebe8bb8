import {describe, expect, test} from 'vitest';
import {RULES_CURRENT, doctor, ruleFired, ts} from '../helpers/doctor.js';

// docs/rules.md §2.7–2.8: the current (0.411) chain with its next-step texts, one case or more per rule.
const m = (marker: string, fields = '') => ts(`${marker} ${fields}`.trim());
type Case = {n: number; lines: string[]; state?: Record<string, unknown>; text: string};

const LANE_STEP = (lane: string, load = '') =>
	lane === 'responses'
		? `Reduce concurrent terminals or bursty side-lane work until the responses lane drains.${load}`
		: `Inspect repeated lane=${lane} markers and trim bursty ${lane} traffic if it is starving responses.${load}`;
const WS_TAIL = ' Latest reason: queue_full; pending=3/3, workers=1, queue_capacity=1.';
const WS_FIELDS = 'reason=queue_full overflow_pending=3 overflow_max_pending=3 worker_count=1 queue_capacity=1';
const FAILCLOSED_CD = (guard: string) => `Inspect \`previous_response_not_found\`, affinity bindings, and owning-profile chain markers before retrying; Prodex failed closed because this follow-up is context-dependent and cannot be replayed safely. Start a fresh turn only if context continuity can be abandoned. Latest guard: ${guard}.`;
const FAILCLOSED = (guard: string) => `Inspect \`previous_response_not_found\` and \`chain_dead_upstream_confirmed\` for the owning context before retrying; fail-closed stale continuation handling blocks fresh replay when continuity is unverified. Start a fresh turn instead of forcing rotation if the owner cannot be recovered. Latest guard: ${guard}.`;

const CHAIN: Case[] = [
	{n: 5, lines: [m('runtime_proxy_overload_backoff')], text: 'Recent local proxy overload backoff was triggered.'},
	{n: 6, lines: [m('runtime_proxy_lane_limit_reached', 'lane=responses active=9 limit=9')], text: `Recent per-lane admission limit was triggered on responses. Next step: ${LANE_STEP('responses', ' Latest load: 9/9.')}`},
	{n: 6, lines: [m('runtime_proxy_lane_limit_reached', 'active=9')], text: `Recent per-lane admission limit was triggered on unknown. Next step: ${LANE_STEP('unknown')}`},
	{n: 7, lines: [m('runtime_proxy_active_limit_reached', 'active=12 limit=12')], text: 'Recent global active-request admission limit was triggered. Next step: Reduce concurrent fresh work or wait for in-flight requests to drain before retrying. Latest load: 12/12.'},
	{n: 7, lines: [m('runtime_proxy_active_limit_reached', 'active=12')], text: 'Recent global active-request admission limit was triggered. Next step: Reduce concurrent fresh work or wait for in-flight requests to drain before retrying.'},
	{n: 8, lines: [m('runtime_proxy_queue_overloaded')], text: 'Recent proxy saturation detected before commit.'},
	{n: 9, lines: [m('profile_circuit_open')], text: 'Recent route-level circuit breaker opened; fresh selection is temporarily steering away from a degraded profile.'},
	{n: 10, lines: [m('profile_circuit_half_open_probe')], text: 'Recent route-level circuit breaker entered half-open probing; fresh selection is cautiously testing a degraded profile before fully restoring it.'},
	{n: 11, lines: [m('websocket_precommit_frame_timeout')], text: 'Recent websocket reuse/connect path failed to produce a first upstream frame before the pre-commit deadline.'},
	{n: 12, lines: [m('websocket_precommit_hold_timeout')], text: 'Recent websocket pre-commit hold timed out before an upstream terminal frame arrived.'},
	{n: 13, lines: [m('websocket_dns_resolve_timeout')], text: 'Recent websocket DNS resolution timed out before upstream connect completed.'},
	{n: 14, lines: [m('websocket_dns_overflow_reject')], text: 'Recent websocket DNS resolution work was rejected after the overflow queue saturated.'},
	{n: 15, lines: [m('websocket_dns_overflow_dispatch')], text: 'Recent websocket DNS resolution overflow queueing was observed.'},
	{n: 16, lines: [m('websocket_connect_local_pressure')], text: 'Recent websocket connect failed due local pressure before upstream commit.'},
	{n: 17, lines: [m('websocket_connect_overflow_reject', WS_FIELDS)], text: `Recent websocket connect work was rejected after the overflow queue saturated. Next step: Reduce concurrent websocket session starts or wait for websocket connect workers to drain before retrying.${WS_TAIL}`},
	{n: 18, lines: [m('websocket_connect_overflow_enqueue', WS_FIELDS)], text: `Recent websocket connect overflow queueing was observed. Next step: Watch for matching dispatch or rejected markers; repeated enqueue means websocket connect workers are saturated.${WS_TAIL}`},
	{n: 19, lines: [m('websocket_connect_overflow_dispatch')], text: 'Recent websocket connect overflow dispatch was observed. Next step: Overflow queued websocket connect work drained back into the bounded workers; inspect earlier enqueue/reject markers if dispatch repeats. Latest reason: unknown_reason; pending=-/-, workers=-, queue_capacity=-.'},
	{n: 20, lines: [m('websocket_proxy_tunnel_failure')], text: "Recent websocket upstream proxy tunnel failed before the upstream websocket handshake completed. Next step: inspect HTTPS_PROXY/NO_PROXY and the proxy's CONNECT support."},
	{n: 21, lines: [m('profile_inflight_saturated', 'profile=main hard_limit=8')], text: 'Recent per-profile in-flight saturation blocked main at hard limit 8. Next step: Wait for in-flight work on profile main to drop below hard limit 8 before retrying, or let fresh selection land on another eligible profile.'},
	{n: 21, lines: [m('profile_inflight_saturated', 'route=x')], text: 'Recent per-profile in-flight saturation blocked an eligible profile. Next step: Wait for in-flight work to drain before retrying, or let fresh selection land on another eligible profile.'},
	{n: 22, lines: [m('profile_health', 'profile=main route=responses score=4 reason=stream_read_error')], text: 'Recent route-specific health penalty is steering fresh selection away from main/responses (score 4, reason stream_read_error). Next step: Inspect recent transport or overload markers for main/responses, especially `stream_read_error`, and wait for that route score to decay before expecting fresh selection to reuse it.'},
	{n: 22, lines: [m('profile_health', 'delta=1')], text: 'Recent route-specific health penalty is steering fresh selection away from unknown route (score -, reason unknown_reason). Next step: Inspect recent transport or overload markers for that route, especially `unknown_reason`, and wait for that route score to decay before expecting fresh selection to reuse it.'},
	{n: 22, lines: [m('profile_health', 'route=websocket')], text: 'Recent route-specific health penalty is steering fresh selection away from websocket (score -, reason unknown_reason). Next step: Inspect recent transport or overload markers for websocket, especially `unknown_reason`, and wait for that route score to decay before expecting fresh selection to reuse it.'},
	{n: 23, lines: [m('profile_bad_pairing')], text: 'Recent route-specific bad pairing memory is steering fresh selection away from a flaky account.'},
	{n: 24, lines: [m('profile_auth_recovery_failed', 'profile=second route=websocket error=refresh_failed')], text: 'Recent profile auth recovery failed after an upstream unauthorized response. Next step: Refresh credentials for profile second with `prodex login --profile second` and retry route websocket; latest recovery error: refresh_failed.'},
	{n: 25, lines: [m('local_rewrite_provider_auth_failure', 'provider=gemini profile=g')], text: 'Recent gemini provider auth failure was observed for profile g; refresh that provider login or API key before retrying.'},
	{n: 25, lines: [m('local_rewrite_provider_auth_failure')], text: 'Recent provider provider auth failure was observed for profile unknown; refresh that provider login or API key before retrying.'},
	{n: 26, lines: [m('compact_fresh_fallback_blocked')], text: 'Recent compact lineage guard failed closed so a follow-up stayed owner-first until upstream continuity was proven dead.'},
	{n: 27, lines: [m('compact_pressure_shed')], text: 'Recent pressure mode is shedding fresh compact requests to preserve continuation-heavy traffic.'},
	{n: 28, lines: [m('chain_dead_upstream_confirmed', 'profile=second previous_response_id=resp-second reason=r1 via=- event=- route=websocket')], text: 'Recent previous_response_id chain was confirmed dead upstream after owner retries. Latest chain event: chain_dead_upstream_confirmed reason=r1 profile=second route=websocket previous_response_id=resp-second event=- via=-.'},
	{n: 29, lines: [m('stale_continuation', 'reason=previous_response_not_found_locked_affinity profile=main')], text: 'Recent stale continuation was surfaced to Codex via fail-closed handling. Latest reason: previous_response_not_found_locked_affinity.'},
	{n: 29, lines: [m('stale_continuation', 'profile=main')], text: 'Recent stale continuation was surfaced to Codex via fail-closed handling. Latest reason: inspect stale_continuation markers.'},
	{n: 30, lines: [m('chain_retried_owner', 'profile=main transport=websocket')], text: 'Recent continuation chain was retried on the owning profile before commit. Latest chain event: chain_retried_owner profile=main transport=websocket.'},
	{n: 31, lines: [m('previous_response_fresh_fallback_blocked', 'reason=previous_response_not_found request_shape=session_replayable')], text: `Recent session-scoped previous_response_id continuation failed closed before commit. Fresh replay is disabled for stale continuation handling. Latest reason: previous_response_not_found. Next step: ${FAILCLOSED('previous_response_not_found')}`},
	{n: 31, lines: [m('previous_response_fresh_fallback_blocked', 'reason=previous_response_not_found request_shape=continuation_only')], text: `Recent context-dependent previous_response_id continuation failed closed before commit. Fresh replay is disabled to preserve continuity. Latest reason: previous_response_not_found. Next step: ${FAILCLOSED_CD('previous_response_not_found')}`},
	// CD also holds when an earlier blocked line had continuation_only and the last one another shape.
	{n: 31, lines: [m('previous_response_fresh_fallback_blocked', 'request_shape=continuation_only'), m('previous_response_fresh_fallback_blocked', 'request_shape=empty_input')], text: `Recent context-dependent previous_response_id continuation failed closed before commit. Fresh replay is disabled to preserve continuity. Latest reason: inspect previous_response_fresh_fallback_blocked markers. Next step: ${FAILCLOSED_CD('unknown_reason')}`},
	{n: 31, lines: [m('previous_response_fresh_fallback_blocked', 'request_shape=tool_output_only reason=x')], text: `Recent tool-output previous_response_id continuation failed closed before commit. Fresh replay is disabled for stale continuation handling. Latest reason: x. Next step: ${FAILCLOSED('x')}`},
	{n: 31, lines: [m('previous_response_fresh_fallback_blocked', 'request_shape=weird reason=x')], text: `Recent previous_response_id continuation failed closed before commit. Fresh replay is disabled for stale continuation handling. Latest reason: x. Next step: ${FAILCLOSED('x')}`},
	{n: 32, lines: [m('previous_response_fresh_fallback', 'reason=previous_response_not_found request_shape=replayable_input')], text: 'Legacy previous_response recovery marker was observed for input-only previous_response_id continuation, but current runtime should fail closed instead of treating this as recoverable. Latest reason: previous_response_not_found. Restart active prodex/codex sessions if this came from a live broker.'},
	{n: 32, lines: [m('selection_pick', 'request_shape=session_replayable'), m('previous_response_fresh_fallback')], text: 'Legacy previous_response recovery marker was observed for session-scoped previous_response_id continuation, but current runtime should fail closed instead of treating this as recoverable. Latest reason: inspect previous_response_fresh_fallback markers. Restart active prodex/codex sessions if this came from a live broker.'},
	{n: 33, lines: [m('previous_response_not_found', 'route=websocket')], text: 'Recent previous_response_id continuity failures were observed: websocket=1.'},
	{n: 34, lines: [m('compact_final_failure', 'exit=candidate_exhausted reason=quota profile=main')], text: 'Recent compact final failure exited via candidate_exhausted with reason quota. Next step: Inspect compact budget and candidate-exhausted markers on profile main, then retry after compact quota refreshes or another profile becomes eligible.'},
	{n: 34, lines: [m('compact_final_failure', 'exit=pressure reason=quota')], text: 'Recent compact final failure exited via pressure with reason quota. Next step: Reduce fresh compact volume or wait for continuation-heavy traffic to drain before retrying compact.'},
	{n: 34, lines: [m('compact_final_failure', 'exit=x reason=overload')], text: 'Recent compact final failure exited via x with reason overload. Next step: Inspect compact overload and backoff markers, then retry after the local pressure clears.'},
	{n: 34, lines: [m('compact_final_failure', 'exit=x reason=transport profile=p')], text: 'Recent compact final failure exited via x with reason transport. Next step: Inspect compact transport markers on profile p; Prodex backed off the failing route, so retry after short transport backoff or let a fresh compact select another eligible profile.'},
	{n: 34, lines: [m('compact_final_failure', 'exit=x reason=inflight_saturation profile=p')], text: 'Recent compact final failure exited via x with reason inflight_saturation. Next step: Wait for in-flight compact work to drain on profile p before retrying.'},
	{n: 34, lines: [m('compact_final_failure')], text: 'Recent compact final failure exited via - with reason -. Next step: Inspect compact exit markers around `-` and retry after the blocking condition clears.'},
	{n: 35, lines: [m('compact_committed_owner'), m('compact_exit_committed_owner'), m('compact_lineage_released'), m('compact_transport_failure')], text: 'Recent compact exit paths were logged: committed_owner=2, lineage_released=1, transport_failure=1.'},
	{n: 36, lines: [m('compat_warning', 'client=c warning=w')], text: 'Recent compatibility warnings were observed for c (1): w (1).'},
	{n: 37, lines: [m('first_local_chunk')], state: {persistedDeadContinuations: 1}, text: 'Some persisted continuations are currently dead and will be pruned: 1.'},
	{n: 38, lines: [m('first_local_chunk')], state: {suspectContinuationBindings: ['resp_6f1c2a:suspect']}, text: 'Some persisted continuations are currently suspect: resp_6f1c2a:suspect.'},
	{n: 39, lines: [m('websocket_reuse_watchdog')], text: 'Recent websocket session reuse degraded before a terminal event; fresh reuse may be steering away from that profile.'},
	{n: 40, lines: [m('profile_auth_recovered', 'profile=main route=responses source=refresh changed=true')], text: 'Recent profile auth recovered after an upstream unauthorized response. Next step: Auth recovered for profile main on route responses via refresh (changed=true); if this repeats, restart active sessions after login refresh.'},
	{n: 41, lines: [m('precommit_budget_exhausted')], text: 'Recent candidate selection exhausted before commit.'},
	{n: 42, lines: [m('upstream_usage_limit_passthrough')], text: 'Recent quota hardening skipped near-exhausted sends or passed through upstream usage-limit responses.'},
	{n: 43, lines: [m('local_rewrite_gemini_rate_limit_retry', 'profile=g2')], text: 'Recent Gemini quota or rate-limit recovery was observed for profile g2 before commit; OAuth profile rotation/retry kept the Codex-facing request recoverable.'},
	{n: 44, lines: [m('local_rewrite_provider_model_fallback', 'provider=gemini from_model=a to_model=b')], text: 'Recent gemini model fallback was used before commit (a -> b).'},
	{n: 44, lines: [m('local_rewrite_provider_model_fallback')], text: 'Recent provider model fallback was used before commit (- -> -).'},
	{n: 45, lines: [m('local_rewrite_gemini_invalid_stream_model_fallback', 'reason=empty_prefix')], text: 'Recent Gemini stream produced an invalid pre-commit prefix (empty_prefix); Prodex retried or fell back before exposing it to Codex.'},
	{n: 45, lines: [m('local_rewrite_gemini_invalid_stream_retry')], text: 'Recent Gemini stream produced an invalid pre-commit prefix (invalid_stream); Prodex retried or fell back before exposing it to Codex.'},
	{n: 46, lines: [m('local_rewrite_gemini_compact_fallback', 'reason="empty semantic output"')], text: 'Recent Gemini semantic compact failed before commit, so Prodex preserved continuity with the bounded local fallback. Latest reason: empty semantic output.'},
	{n: 47, lines: [m('local_rewrite_gemini_live_sidecar_session_error')], text: 'Recent Gemini Live bridge errors were observed; inspect local_rewrite_gemini_live_* markers for the failing profile/request.'},
	{n: 48, lines: [m('stream_read_error')], text: 'Recent upstream stream read failure detected after commit.'},
	{n: 49, lines: [m('local_writer_error')], text: 'Recent local writer failure detected while forwarding an upstream stream.'},
	{n: 50, lines: [m('upstream_tls_handshake_error')], text: 'Recent upstream connect failures detected.'},
	{n: 51, lines: [m('state_save_error')], text: 'Recent runtime state save failures detected.'},
	{n: 52, lines: [m('continuation_journal_queue_backpressure', 'backlog=5')], text: 'Recent background persistence queue backpressure was detected. Next step: Reduce rapid rotation or continuation churn and wait for background persistence queues to drain. Latest backlog: journal=5.'},
	{n: 52, lines: [m('state_save_queue_backpressure')], text: 'Recent background persistence queue backpressure was detected. Next step: Reduce rapid rotation or continuation churn and wait for background persistence queues to drain.'},
	{n: 53, lines: [m('selection_skip_sync_probe', 'route=responses reason=pressure_mode cold_start_profiles=2')], text: 'Recent fresh selection skipped inline quota probing on route responses under pressure mode. Next step: Inspect `selection_skip_sync_probe`, `profile_probe_refresh_backpressure`, and `profile_probe_refresh_queued` markers for route responses; pressure mode (pressure_mode) deferred 2 cold-start profile(s), so cold-start profiles may stay on stale quota data until background probes finish.'},
	{n: 53, lines: [m('selection_skip_sync_probe', 'cold_start_jobs=3 cold_start_profiles=2')], text: 'Recent fresh selection skipped inline quota probing on route unknown under pressure mode. Next step: Inspect `selection_skip_sync_probe`, `profile_probe_refresh_backpressure`, and `profile_probe_refresh_queued` markers for route unknown; pressure mode (unknown_reason) deferred 3 cold-start job(s), so cold-start profiles may stay on stale quota data until background probes finish.'},
	{n: 53, lines: [m('selection_skip_sync_probe')], text: 'Recent fresh selection skipped inline quota probing on route unknown under pressure mode. Next step: Inspect `selection_skip_sync_probe`, `profile_probe_refresh_backpressure`, and `profile_probe_refresh_queued` markers for route unknown; pressure mode (unknown_reason) deferred cold-start work, so cold-start profiles may stay on stale quota data until background probes finish.'},
	{n: 54, lines: [m('profile_probe_refresh_backpressure', 'profile=second backlog=4')], text: 'Recent background quota refresh queue backpressure was detected for profile second with backlog 4. Next step: Let the background quota-refresh queue drain for profile second before expecting cold-start profiles to become selectable again. Latest probe backlog: 4.'},
	{n: 54, lines: [m('profile_probe_refresh_queued', 'backlog=2'), m('profile_probe_refresh_backpressure', 'backlog=x')], text: 'Recent background quota refresh queue backpressure was detected for profile unknown. Next step: Let the background quota-refresh queue drain before expecting cold-start profiles to become selectable again. Latest probe backlog: 2.'},
	{n: 55, lines: [m('first_local_chunk')], state: {degradedRoutes: ['main/websocket circuit=open until=1745464140']}, text: 'Persisted degraded runtime routes are still active: main/websocket circuit=open until=1745464140'},
	{n: 56, lines: [m('first_local_chunk')], state: {orphanManagedDirs: ['old-work']}, text: 'Orphan managed profile directories were detected: old-work'},
	{n: 57, lines: [m('profile_probe_refresh_error')], text: 'Recent background quota refresh failures detected; fresh selection may rely on stale quota snapshots.'},
	{n: 58, lines: [m('profile_probe_refresh_start')], text: 'Background quota refresh activity was detected; inspect the last marker for the most recent profile refresh.'},
	{n: 59, lines: [m('first_upstream_chunk')], text: 'Likely writer stall: upstream produced data but the local writer did not emit a first chunk in the sampled tail.'},
	{n: 62, lines: [m('selection_pick')], text: 'Recent selection decisions were logged; inspect the last marker for why a profile was picked or skipped.'},
	{n: 63, lines: [m('token_usage')], text: 'No recent overload or stream-failure markers were detected in the sampled runtime tail.'},
];

describe('current diagnosis chain (docs/rules.md §2.7)', () => {
	test.each(CHAIN)('rule $n: $text', ({n, lines, state, text}) => {
		expect(doctor(lines, RULES_CURRENT, {state}).diagnosis).toBe(text);
		expect(ruleFired(lines, RULES_CURRENT, state)).toBe(n);
	});

	test('numbered in order; broker rules 4, 60, 61 are not implemented', () => {
		const numbers = RULES_CURRENT.diagnosis.map(rule => rule.n);
		const expected = Array.from({length: 63}, (_, i) => i + 1).filter(n => ![4, 60, 61].includes(n));
		expect(numbers).toEqual(expected);
	});

	const single = CHAIN.filter(c => c.state === undefined && c.n < 63 && c.n !== 59);
	test.each(single.flatMap(a => single.filter(b => b.n > a.n).map(b => [a.n, b.n, a, b] as const)))('rule %i outranks rule %i', (_an, _bn, a, b) => {
		expect(ruleFired([...b.lines, ...a.lines], RULES_CURRENT)).toBe(a.n);
	});

	test('rule 52 precedes rule 53 (F7 variant)', () => {
		expect(ruleFired([m('state_save_queue_backpressure'), m('selection_skip_sync_probe')], RULES_CURRENT)).toBe(52);
	});
});

describe('rule-set registry', () => {
	test('every registered rule set has tables; auto picks by the header version; explicit ids win', async () => {
		const {RULE_SET_INFO, RULE_SET_IDS} = await import('../../source/core/rules/registry.js');
		const {RULE_SETS, pickRuleSet} = await import('../../source/core/rules/index.js');
		expect(RULE_SETS.map(rules => rules.id)).toEqual(RULE_SET_IDS);
		expect(RULE_SET_INFO.every(info => info.description.length > 0)).toBe(true);
		expect(pickRuleSet('auto', null).id).toBe('0.27');
		expect(pickRuleSet('auto', '0.411.0').id).toBe('current');
		expect(pickRuleSet('0.27', '0.411.0').id).toBe('0.27');
		expect(pickRuleSet('current', null).id).toBe('current');
		// The chain bookkeeping markers are the rule set's data: none under 0.27.
		expect(RULE_SETS.map(rules => rules.chainEventMarkers.length)).toEqual([0, 3]);
	});
});
