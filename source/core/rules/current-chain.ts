import type {DiagnosisView} from './types.js';
import {parseU64} from '../numbers.js';
import {breakdown} from '../order.js';
import {NEXT_STEP, contextDependent, lastOr, scope} from './current-next-steps.js';
import {
	CONNECT_MARKERS,
	QUOTA_HARDENING_MARKERS,
	SOURCE_RULES,
	TEXT,
	compatText,
	continuityText,
	markerRule,
	stateContinuationRules,
	stateRouteRules,
	writerStallRule,
	fixedRule,
} from './shared.js';
import type {DiagnosisRule} from './types.js';

const BLOCKED = 'previous_response_fresh_fallback_blocked';
const FALLBACK = 'previous_response_fresh_fallback';

/** The `<label>` of a previous_response marker (docs/rules.md §2.7). */
function shapeLabel(view: DiagnosisView, marker: string): string {
	let shape: string | undefined;
	if (marker === BLOCKED && contextDependent(view)) shape = 'continuation_only';
	shape ??= view.last(marker, 'request_shape');
	if (shape === undefined && view.facet('request_shape')?.has('session_replayable')) shape = 'session_replayable';
	switch (shape) {
		case 'session_replayable': {
			return 'session-scoped previous_response_id continuation';
		}
		case 'empty_input': {
			return 'empty-input previous_response_id continuation';
		}
		case 'replayable_input': {
			return 'input-only previous_response_id continuation';
		}
		case 'tool_output_only': {
			return 'tool-output previous_response_id continuation';
		}
		case 'continuation_only': {
			return 'context-dependent previous_response_id continuation';
		}
		default: {
			return 'previous_response_id continuation';
		}
	}
}

/** Compact exit labels and the markers each sums (docs/rules.md §2.7, rule 35), in label order. */
const COMPACT_EXIT_LABELS: ReadonlyArray<readonly [string, readonly string[]]> = [
	['candidate_exhausted', ['compact_candidate_exhausted', 'compact_exit_candidate_exhausted']],
	['committed', ['compact_committed', 'compact_exit_committed']],
	['committed_owner', ['compact_committed_owner', 'compact_exit_committed_owner']],
	['followup_owner', ['compact_followup_owner', 'compact_exit_followup_owner']],
	['lineage_released', ['compact_lineage_released', 'compact_exit_lineage_released']],
	['owner_retry', ['compact_overload_conservative_retry', 'compact_exit_overload_conservative_retry']],
	['precommit_budget', ['compact_precommit_budget_exhausted', 'compact_exit_precommit_budget_exhausted']],
	['pressure_shed', ['compact_pressure_shed', 'compact_exit_pressure_shed']],
	['quota_misc', ['compact_quota_unclassified', 'compact_exit_quota_unclassified']],
	['retryable_failure', ['compact_retryable_failure', 'compact_exit_retryable_failure']],
	['transport_failure', ['compact_transport_failure']],
];

function compactExitCounts(view: DiagnosisView): Map<string, number> {
	const counts = new Map<string, number>();
	for (const [label, markers] of COMPACT_EXIT_LABELS) {
		const sum = markers.reduce((total, marker) => total + view.count(marker), 0);
		if (sum > 0) counts.set(label, sum);
	}
	return counts;
}

/** A rule whose text is `<head> Next step: <next step>`. */
function nextStepRule(n: number, markers: readonly string[], head: (view: DiagnosisView) => string, step: (view: DiagnosisView) => string): DiagnosisRule {
	return {n, when: view => view.any(markers), text: view => `${head(view)} Next step: ${step(view)}`};
}

const WS_CONNECT_REJECT = ['websocket_connect_overflow_rejected', 'websocket_connect_overflow_reject'];
const GEMINI_LIVE_ERRORS = [
	'local_rewrite_gemini_live_error',
	'local_rewrite_gemini_live_sidecar_error',
	'local_rewrite_gemini_live_sidecar_session_error',
];

/**
 * docs/rules.md §2.7: the current (0.411) chain. Rules 4, 60 and 61 read runtime-broker registries
 * and binary identities, which prodex-top does not collect, so they can never fire and are left out.
 */
export const CURRENT_CHAIN: readonly DiagnosisRule[] = [
	...SOURCE_RULES,
	markerRule(5, ['runtime_proxy_overload_backoff'], TEXT.overloadBackoff),
	nextStepRule(6, ['runtime_proxy_lane_limit_reached'], view => `Recent per-lane admission limit was triggered on ${lastOr(view, 'runtime_proxy_lane_limit_reached', 'lane', 'unknown')}.`, NEXT_STEP.lane),
	nextStepRule(7, ['runtime_proxy_active_limit_reached'], () => TEXT.activeLimit, NEXT_STEP.active),
	markerRule(8, ['runtime_proxy_queue_overloaded'], TEXT.queueOverloaded),
	markerRule(9, ['profile_circuit_open'], TEXT.circuitOpen),
	markerRule(10, ['profile_circuit_half_open_probe'], TEXT.circuitHalfOpen),
	markerRule(11, ['websocket_precommit_frame_timeout'], TEXT.wsFrameTimeout),
	markerRule(12, ['websocket_precommit_hold_timeout'], 'Recent websocket pre-commit hold timed out before an upstream terminal frame arrived.'),
	markerRule(13, ['websocket_dns_resolve_timeout'], 'Recent websocket DNS resolution timed out before upstream connect completed.'),
	markerRule(14, ['websocket_dns_overflow_reject'], 'Recent websocket DNS resolution work was rejected after the overflow queue saturated.'),
	markerRule(15, ['websocket_dns_overflow_enqueue', 'websocket_dns_overflow_dispatch'], 'Recent websocket DNS resolution overflow queueing was observed.'),
	markerRule(16, ['websocket_connect_local_pressure'], 'Recent websocket connect failed due local pressure before upstream commit.'),
	nextStepRule(17, WS_CONNECT_REJECT, () => 'Recent websocket connect work was rejected after the overflow queue saturated.', NEXT_STEP.ws),
	nextStepRule(18, ['websocket_connect_overflow_enqueue'], () => 'Recent websocket connect overflow queueing was observed.', NEXT_STEP.ws),
	nextStepRule(19, ['websocket_connect_overflow_dispatch'], () => 'Recent websocket connect overflow dispatch was observed.', NEXT_STEP.ws),
	markerRule(20, ['websocket_proxy_tunnel_failure'], "Recent websocket upstream proxy tunnel failed before the upstream websocket handshake completed. Next step: inspect HTTPS_PROXY/NO_PROXY and the proxy's CONNECT support."),
	nextStepRule(21, ['profile_inflight_saturated'], view => {
		const hard = view.last('profile_inflight_saturated', 'hard_limit');
		return `Recent per-profile in-flight saturation blocked ${lastOr(view, 'profile_inflight_saturated', 'profile', 'an eligible profile')}${hard === undefined ? '' : ` at hard limit ${hard}`}.`;
	}, NEXT_STEP.inflight),
	nextStepRule(22, ['profile_health'], view => `Recent route-specific health penalty is steering fresh selection away from ${scope(view, 'profile_health') ?? 'unknown route'} (score ${lastOr(view, 'profile_health', 'score', '-')}, reason ${lastOr(view, 'profile_health', 'reason', 'unknown_reason')}).`, NEXT_STEP.health),
	markerRule(23, ['profile_bad_pairing'], TEXT.badPairing),
	nextStepRule(24, ['profile_auth_recovery_failed'], () => 'Recent profile auth recovery failed after an upstream unauthorized response.', NEXT_STEP.auth),
	{
		n: 25,
		when: view => view.count('local_rewrite_provider_auth_failure') > 0,
		text: view => `Recent ${lastOr(view, 'local_rewrite_provider_auth_failure', 'provider', 'provider')} provider auth failure was observed for profile ${lastOr(view, 'local_rewrite_provider_auth_failure', 'profile', 'unknown')}; refresh that provider login or API key before retrying.`,
	},
	markerRule(26, ['compact_fresh_fallback_blocked'], 'Recent compact lineage guard failed closed so a follow-up stayed owner-first until upstream continuity was proven dead.'),
	markerRule(27, ['compact_pressure_shed'], TEXT.compactShed),
	{n: 28, when: view => view.count('chain_dead_upstream_confirmed') > 0, text: view => `Recent previous_response_id chain was confirmed dead upstream after owner retries. Latest chain event: ${view.latestChainEvent ?? 'inspect chain_dead_upstream_confirmed markers'}.`},
	{n: 29, when: view => view.count('stale_continuation') > 0, text: view => `Recent stale continuation was surfaced to Codex via fail-closed handling. Latest reason: ${view.latestStaleContinuationReason ?? 'inspect stale_continuation markers'}.`},
	{n: 30, when: view => view.count('chain_retried_owner') > 0, text: view => `Recent continuation chain was retried on the owning profile before commit. Latest chain event: ${view.latestChainEvent ?? 'inspect chain_retried_owner markers'}.`},
	nextStepRule(31, [BLOCKED], view => {
		const reason = lastOr(view, BLOCKED, 'reason', 'inspect previous_response_fresh_fallback_blocked markers');
		return contextDependent(view)
			? `Recent context-dependent previous_response_id continuation failed closed before commit. Fresh replay is disabled to preserve continuity. Latest reason: ${reason}.`
			: `Recent ${shapeLabel(view, BLOCKED)} failed closed before commit. Fresh replay is disabled for stale continuation handling. Latest reason: ${reason}.`;
	}, NEXT_STEP.failclosed),
	{n: 32, when: view => view.count(FALLBACK) > 0, text: view => `Legacy previous_response recovery marker was observed for ${shapeLabel(view, FALLBACK)}, but current runtime should fail closed instead of treating this as recoverable. Latest reason: ${lastOr(view, FALLBACK, 'reason', 'inspect previous_response_fresh_fallback markers')}. Restart active prodex/codex sessions if this came from a live broker.`},
	{n: 33, when: view => view.count('previous_response_not_found') > 0, text: continuityText},
	nextStepRule(34, ['compact_final_failure'], view => `Recent compact final failure exited via ${lastOr(view, 'compact_final_failure', 'exit', '-')} with reason ${lastOr(view, 'compact_final_failure', 'reason', '-')}.`, NEXT_STEP.compact),
	{n: 35, when: view => compactExitCounts(view).size > 0, text: view => `Recent compact exit paths were logged: ${breakdown(compactExitCounts(view))}.`},
	{n: 36, when: view => view.compatWarningCount > 0, text: compatText},
	...stateContinuationRules(37, 38),
	markerRule(39, ['websocket_reuse_watchdog'], TEXT.wsReuseWatchdog),
	nextStepRule(40, ['profile_auth_recovered'], () => 'Recent profile auth recovered after an upstream unauthorized response.', NEXT_STEP.auth),
	markerRule(41, ['precommit_budget_exhausted'], TEXT.precommitBudget),
	markerRule(42, QUOTA_HARDENING_MARKERS, TEXT.quotaHardening),
	{
		n: 43,
		when: view => view.any(['local_rewrite_gemini_quota_rotate', 'local_rewrite_gemini_rate_limit_retry']),
		text: view => `Recent Gemini quota or rate-limit recovery was observed for profile ${view.last('local_rewrite_gemini_quota_rotate', 'profile') ?? view.last('local_rewrite_gemini_rate_limit_retry', 'profile') ?? 'unknown'} before commit; OAuth profile rotation/retry kept the Codex-facing request recoverable.`,
	},
	{
		n: 44,
		when: view => view.count('local_rewrite_provider_model_fallback') > 0,
		text: view => {
			const field = (key: string, fallback: string) => lastOr(view, 'local_rewrite_provider_model_fallback', key, fallback);
			return `Recent ${field('provider', 'provider')} model fallback was used before commit (${field('from_model', '-')} -> ${field('to_model', '-')}).`;
		},
	},
	{
		n: 45,
		when: view => view.any(['local_rewrite_gemini_invalid_stream_retry', 'local_rewrite_gemini_invalid_stream_model_fallback']),
		text: view => `Recent Gemini stream produced an invalid pre-commit prefix (${view.last('local_rewrite_gemini_invalid_stream_retry', 'reason') ?? view.last('local_rewrite_gemini_invalid_stream_model_fallback', 'reason') ?? 'invalid_stream'}); Prodex retried or fell back before exposing it to Codex.`,
	},
	{n: 46, when: view => view.count('local_rewrite_gemini_compact_fallback') > 0, text: view => `Recent Gemini semantic compact failed before commit, so Prodex preserved continuity with the bounded local fallback. Latest reason: ${lastOr(view, 'local_rewrite_gemini_compact_fallback', 'reason', 'unknown')}.`},
	markerRule(47, GEMINI_LIVE_ERRORS, 'Recent Gemini Live bridge errors were observed; inspect local_rewrite_gemini_live_* markers for the failing profile/request.'),
	markerRule(48, ['stream_read_error'], TEXT.streamRead),
	markerRule(49, ['local_writer_error'], TEXT.localWriter),
	markerRule(50, CONNECT_MARKERS, TEXT.connect),
	markerRule(51, ['state_save_error'], TEXT.stateSave),
	nextStepRule(52, ['state_save_queue_backpressure', 'continuation_journal_queue_backpressure'], () => 'Recent background persistence queue backpressure was detected.', NEXT_STEP.persist),
	nextStepRule(53, ['selection_skip_sync_probe'], view => `Recent fresh selection skipped inline quota probing on route ${lastOr(view, 'selection_skip_sync_probe', 'route', 'unknown')} under pressure mode.`, NEXT_STEP.sync),
	nextStepRule(54, ['profile_probe_refresh_backpressure'], view => {
		const backlog = parseU64(view.last('profile_probe_refresh_backpressure', 'backlog'));
		return `Recent background quota refresh queue backpressure was detected for profile ${lastOr(view, 'profile_probe_refresh_backpressure', 'profile', 'unknown')}${backlog === null ? '' : ` with backlog ${backlog}`}.`;
	}, NEXT_STEP.probe),
	...stateRouteRules(55, 56),
	markerRule(57, ['profile_probe_refresh_error'], TEXT.probeError),
	markerRule(58, ['profile_probe_refresh_start'], TEXT.probeActivity),
	writerStallRule(59),
	markerRule(62, ['selection_pick', 'selection_skip_current'], TEXT.selection),
	fixedRule(63, () => true, TEXT.quiet),
];
