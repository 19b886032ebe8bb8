import {breakdown, topOf} from './order.js';
import type {DoctorReport} from './report.js';
import {ZERO_COUNTERS, type StateCounters} from './state-inputs.js';
import {NO_INSIGHT_ROWS, type InsightRows} from './insights/rows.js';

export type {Row} from './row.js';
import type {Row} from './row.js';

/** The 36 count rows of docs/output.md §3.2, in table order: (label, marker). */
export const COUNT_ROWS: ReadonlyArray<readonly [string, string]> = [
	['Queue overload', 'runtime_proxy_queue_overloaded'],
	['Active limit', 'runtime_proxy_active_limit_reached'],
	['Lane limit', 'runtime_proxy_lane_limit_reached'],
	['Overload backoff', 'runtime_proxy_overload_backoff'],
	['Pre-commit budget', 'precommit_budget_exhausted'],
	['Responses pre-send skips', 'responses_pre_send_skip'],
	['Websocket pre-send skips', 'websocket_pre_send_skip'],
	['Quota critical floor pre-send', 'quota_critical_floor_before_send'],
	['Upstream usage-limit passthrough', 'upstream_usage_limit_passthrough'],
	['Retry backoff', 'profile_retry_backoff'],
	['Transport backoff', 'profile_transport_backoff'],
	['Route circuits', 'profile_circuit_open'],
	['Health penalties', 'profile_health'],
	['Latency penalties', 'profile_latency'],
	['Bad pairing', 'profile_bad_pairing'],
	['Prev not found', 'previous_response_not_found'],
	['Prev negative cache', 'previous_response_negative_cache'],
	['Compact guard', 'compact_fresh_fallback_blocked'],
	['Compact shed', 'compact_pressure_shed'],
	['Selection picks', 'selection_pick'],
	['Selection skips', 'selection_skip_current'],
	['WS reuse watchdog', 'websocket_reuse_watchdog'],
	['WS first-frame timeouts', 'websocket_precommit_frame_timeout'],
	['Stream read errors', 'stream_read_error'],
	['Writer errors', 'local_writer_error'],
	['State save errors', 'state_save_error'],
	['Cont journal err', 'continuation_journal_save_error'],
	['State save ok', 'state_save_ok'],
	['Cont journal ok', 'continuation_journal_save_ok'],
	['State save skipped', 'state_save_skipped'],
	['Startup audit', 'runtime_proxy_startup_audit'],
	['Admission recovered', 'runtime_proxy_admission_recovered'],
	['Queue recovered', 'runtime_proxy_queue_recovered'],
	['Probe refresh', 'profile_probe_refresh_start'],
	['Probe refresh errors', 'profile_probe_refresh_error'],
	['Compat samples', 'compat_request_surface'],
];

const dash = (value: string | bigint | null): string => (value === null ? '-' : String(value));

/** Detail rows inserted after a count row (docs/output.md §3.2 rows 8, 21–22, 32–37, 44, 50–59). */
function detailRows(label: string, report: DoctorReport, count: (marker: string) => number): Row[] {
	const top = (facet: string) => topOf(report.facet_counts.get(facet)) ?? '-';
	switch (label) {
		case 'Overload backoff': {
			return [{label: 'Connect failures', value: String(count('upstream_connect_timeout') + count('upstream_connect_error'))}];
		}
		case 'Prev not found': {
			return [
				{label: 'Prev not found routes', value: breakdown(report.previous_response_not_found_by_route)},
				{label: 'Prev not found xport', value: breakdown(report.previous_response_not_found_by_transport)},
			];
		}
		case 'Writer errors': {
			return [
				{label: 'State save backlog', value: dash(report.state_save_queue_backlog)},
				{label: 'State save lag', value: dash(report.state_save_lag_ms)},
				{label: 'Cont journal backlog', value: dash(report.continuation_journal_save_backlog)},
				{label: 'Cont journal lag', value: dash(report.continuation_journal_save_lag_ms)},
				{label: 'Probe backlog', value: dash(report.profile_probe_refresh_backlog)},
				{label: 'Probe lag', value: dash(report.profile_probe_refresh_lag_ms)},
			];
		}
		case 'Startup audit': {
			return [{label: 'Startup pressure', value: report.startup_audit_pressure}];
		}
		case 'Compat samples': {
			return [
				{label: 'Compat warnings', value: String(report.compat_warning_count)},
				{label: 'Client family', value: dash(report.top_client_family)},
				{label: 'Top client', value: dash(report.top_client)},
				{label: 'Tool surface', value: dash(report.top_tool_surface)},
				{label: 'Compat warning', value: dash(report.top_compat_warning)},
				{label: 'Hot lane', value: top('lane')},
				{label: 'Hot route', value: top('route')},
				{label: 'Hot profile', value: top('profile')},
				{label: 'Hot reason', value: top('reason')},
				{label: 'Quota source', value: top('quota_source')},
			];
		}
		default: {
			return [];
		}
	}
}

/** Where the log came from, for rows 1–2. */
export type SourceRows = {
	/** The pointer file path, or null when no pointer is in play (`--log`, `--stdin`). */
	readonly pointerPath: string | null;
	readonly pointerExists: boolean;
	readonly sourceLabel?: string;
};

const pad2 = (n: number) => String(n).padStart(2, '0');

/** `%Y-%m-%d %H:%M:%S` in the process's local time zone. */
export function localTime(epochSeconds: number): string {
	const d = new Date(epochSeconds * 1000);
	return `${d.getFullYear()}-${pad2(d.getMonth() + 1)}-${pad2(d.getDate())} ${pad2(d.getHours())}:${pad2(d.getMinutes())}:${pad2(d.getSeconds())}`;
}

/** All 75 rows of the doctor's Runtime Proxy panel for a report, in prodex's order (plus the insight rows under the current rules). */
export function runtimeProxyRows(
	report: DoctorReport,
	source: SourceRows,
	state: StateCounters = ZERO_COUNTERS,
	formatTime: (epochSeconds: number) => string = localTime,
	insights: InsightRows = NO_INSIGHT_ROWS,
): Row[] {
	const count = (marker: string) => report.marker_counts.get(marker) ?? 0;
	const rows: Row[] = [
		{
			label: 'Log pointer',
			value: source.pointerPath === null ? (source.sourceLabel ?? '-') : `${source.pointerPath} (${source.pointerExists ? 'exists' : 'missing'})`,
		},
		{label: 'Latest log', value: report.log_path === null ? '-' : `${report.log_path} (${report.log_exists ? 'exists' : 'missing'})`},
		{label: 'Log sample', value: `${report.line_count} lines`},
		...insights.afterSample,
	];
	for (const [label, marker] of COUNT_ROWS) {
		rows.push({label, value: String(count(marker))}, ...detailRows(label, report, count));
	}
	rows.push(
		{label: 'Selection pressure', value: report.selection_pressure},
		{label: 'Transport pressure', value: report.transport_pressure},
		{label: 'Persistence pressure', value: report.persistence_pressure},
		{label: 'Quota freshness', value: report.quota_freshness_pressure},
		{label: 'Failure classes', value: breakdown(report.failure_class_counts)},
		{
			label: 'Persisted backoffs',
			value: `retry=${state.persisted_retry_backoffs} transport=${state.persisted_transport_backoffs} circuits=${state.persisted_route_circuits}`,
		},
		{label: 'Persisted snapshots', value: `${state.persisted_usage_snapshots} total, ${report.stale_persisted_usage_snapshots} stale`},
		{
			label: 'Persisted continuations',
			value: `responses=${state.persisted_response_bindings} sessions=${state.persisted_session_bindings} turns=${state.persisted_turn_state_bindings} session_ids=${state.persisted_session_id_bindings}${insights.turnCoverage ?? ''}`,
		},
		...(insights.bindingState === null ? [] : [insights.bindingState]),
		{
			label: 'Continuation states',
			value: `verified=${state.persisted_verified_continuations} warm=${state.persisted_warm_continuations} suspect=${state.persisted_suspect_continuations} dead=${report.persisted_dead_continuations}`,
		},
		{
			label: 'Continuation journal',
			value: `responses=${state.persisted_continuation_journal_response_bindings} sessions=${state.persisted_continuation_journal_session_bindings} turns=${state.persisted_continuation_journal_turn_state_bindings} session_ids=${state.persisted_continuation_journal_session_id_bindings} saved_at=${state.continuation_journal_saved_at === null ? '-' : formatTime(state.continuation_journal_saved_at)}`,
		},
		{
			label: 'Recovered state',
			value: `state=${state.recovered_state_file} continuations=${state.recovered_continuations_file} journal=${state.recovered_continuation_journal_file} scores=${state.recovered_scores_file} usage=${state.recovered_usage_snapshots_file} backoffs=${state.recovered_backoffs_file} backups=${state.last_good_backups_present}`,
		},
		{label: 'Degraded routes', value: report.degraded_routes.length === 0 ? '-' : report.degraded_routes.join(' | ')},
		{label: 'Orphan dirs', value: report.orphan_managed_dirs.length === 0 ? '-' : report.orphan_managed_dirs.join(', ')},
		{
			label: 'Suspect continuations',
			value:
				report.suspect_continuation_bindings.length === 0
					? '-'
					: `count=${state.persisted_suspect_continuations} bindings=${report.suspect_continuation_bindings.join(', ')}`,
		},
		...insights.beforeLastMarker,
		{label: 'Last marker', value: report.last_marker_line ?? '-'},
		{label: 'Diagnosis', value: report.diagnosis},
	);
	return rows;
}
