/**
 * Which markers feed which insight of current prodex's doctor (prodex 0.411's marker semantics:
 * the selection bucket, the request-timeline phase and the route/profile action of a marker;
 * docs/insights.md §1). Markers not listed take no part. Pure data.
 */

export type SelectionBucket = 'picked' | 'kept' | 'skipped' | 'blocked';
export type TimelinePhase = 'selection' | 'pre_send' | 'upstream' | 'commit' | 'fail';
export type RouteAction = 'selected' | 'selection_skip' | 'blocked' | 'health' | 'transport_health' | 'transport_failure' | 'quota';

function table<T extends string>(groups: Record<T, readonly string[]>): ReadonlyMap<string, T> {
	const out = new Map<string, T>();
	for (const [value, markers] of Object.entries(groups) as Array<[T, readonly string[]]>) for (const marker of markers) out.set(marker, value);
	return out;
}

export const SELECTION_BUCKET = table<SelectionBucket>({
	picked: ['selection_pick'],
	kept: ['selection_keep_affinity', 'selection_keep_current'],
	skipped: ['selection_skip_current', 'selection_skip_affinity', 'selection_skip_sync_probe'],
	blocked: ['local_selection_blocked', 'responses_pre_send_skip', 'websocket_pre_send_skip', 'quota_critical_floor_before_send', 'precommit_budget_exhausted', 'compact_precommit_budget_exhausted', 'compact_candidate_exhausted'],
});

export const TIMELINE_PHASE = table<TimelinePhase>({
	selection: ['selection_keep_affinity', 'selection_keep_current', 'selection_plan', 'selection_pick', 'selection_skip_current', 'selection_skip_affinity', 'selection_skip_sync_probe', 'local_selection_blocked'],
	pre_send: ['responses_pre_send_skip', 'websocket_pre_send_skip', 'quota_critical_floor_before_send', 'compact_pre_send_allow_quota_exhausted'],
	upstream: [
		'upstream_connect_timeout', 'upstream_connect_dns_error', 'upstream_tls_handshake_error', 'upstream_connect_error', 'upstream_connect_http', 'upstream_overload_passthrough',
		'upstream_overloaded', 'upstream_read_error', 'upstream_send_error', 'upstream_stream_error', 'upstream_close_before_completed', 'upstream_connection_closed',
		'upstream_usage_limit_passthrough', 'first_upstream_chunk',
	],
	commit: ['first_local_chunk', 'previous_response_owner', 'compact_committed', 'compact_committed_owner', 'compact_followup_owner', 'compact_exit_committed', 'compact_exit_committed_owner', 'compact_exit_followup_owner'],
	fail: [
		'runtime_proxy_queue_overloaded', 'runtime_proxy_active_limit_reached', 'runtime_proxy_lane_limit_reached', 'runtime_proxy_overload_backoff', 'runtime_proxy_admission_wait_exhausted',
		'runtime_proxy_queue_wait_exhausted', 'profile_inflight_saturated', 'precommit_budget_exhausted', 'profile_retry_backoff', 'profile_transport_backoff', 'profile_transport_failure',
		'profile_circuit_open', 'profile_bad_pairing', 'profile_auth_recovery_failed', 'previous_response_not_found', 'previous_response_negative_cache',
		'previous_response_fresh_fallback_blocked', 'compact_fresh_fallback_blocked', 'compact_pressure_shed', 'compact_precommit_budget_exhausted', 'compact_candidate_exhausted',
		'compact_retryable_failure', 'compact_transport_failure', 'compact_final_failure', 'compact_exit_fresh_fallback_blocked', 'compact_exit_pressure_shed',
		'compact_exit_precommit_budget_exhausted', 'compact_exit_candidate_exhausted', 'compact_exit_retryable_failure', 'websocket_precommit_frame_timeout',
		'websocket_precommit_hold_timeout', 'websocket_dns_resolve_timeout', 'websocket_dns_overflow_reject', 'websocket_connect_overflow_reject',
		'websocket_connect_overflow_rejected', 'stream_read_error', 'local_writer_error', 'chain_dead_upstream_confirmed', 'stale_continuation', 'quota_blocked',
	],
});

export const ROUTE_ACTION = table<RouteAction>({
	selected: ['selection_keep_affinity', 'selection_keep_current', 'selection_pick'],
	selection_skip: ['selection_skip_current', 'selection_skip_affinity', 'selection_skip_sync_probe'],
	blocked: ['local_selection_blocked', 'responses_pre_send_skip', 'websocket_pre_send_skip', 'quota_critical_floor_before_send'],
	health: ['profile_health', 'profile_latency', 'profile_bad_pairing'],
	transport_health: ['profile_transport_backoff', 'profile_transport_failure', 'profile_circuit_open', 'profile_circuit_half_open_probe'],
	transport_failure: [
		'stream_read_error', 'upstream_connect_timeout', 'upstream_connect_dns_error', 'upstream_tls_handshake_error', 'upstream_connect_error', 'upstream_connect_http',
		'upstream_close_before_completed', 'upstream_connection_closed', 'upstream_read_error', 'upstream_send_error', 'upstream_stream_error', 'compact_transport_failure',
		'websocket_precommit_frame_timeout', 'websocket_precommit_hold_timeout',
	],
	quota: ['quota_blocked', 'profile_retry_backoff', 'profile_quota_quarantine', 'compact_retryable_failure', 'compact_quota_unclassified'],
});

/** `chain_*_by_reason` and `stale_continuation_by_reason`: the markers tallied by their `reason`. */
export const REASON_TALLIES = ['chain_retried_owner', 'chain_dead_upstream_confirmed', 'stale_continuation'] as const;
export type ReasonTally = (typeof REASON_TALLIES)[number];

/** Fields an event's `detail` shows, in order (at most DETAIL_PARTS of them, each cut to DETAIL_VALUE_CHARS). */
export const DETAIL_KEYS = ['profile', 'route', 'transport', 'reason', 'status', 'code', 'exit', 'outcome', 'quota_source', 'affinity', 'request_shape', 'retry_index', 'attempt', 'response_id', 'previous_response_id', 'session_id'] as const;
export const DETAIL_PARTS = 5;
export const DETAIL_VALUE_CHARS = 48;
/** Events kept per request timeline, and route/profile events kept. */
export const TIMELINE_EVENTS = 12;
export const ROUTE_EVENTS = 20;
/** Context facets per marker (marker_context_summary); values `` and `-` are not counted. */
export const CONTEXT_KEYS = [['routes', 'route'], ['lanes', 'lane'], ['profiles', 'profile']] as const;
/** Selection rejections are tallied by the first of these present, else by the marker. */
export const REJECTION_REASON_KEYS = ['reason', 'outcome', 'event', 'status'] as const;
/** Request timelines held per window before the least recently seen request is forgotten (memory bound). */
export const MAX_TRACKED_REQUESTS = 50_000;
