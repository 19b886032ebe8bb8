/**
 * The exporter's fixed metric catalog (issue 11), as Prometheus stores the names (counters with
 * their `_total`). For now a copy of the catalog the exporter is built to; when the exporter lands,
 * this list is replaced by its real catalog, so contrib/ can only name metrics it serves.
 */
export const METRIC_NAMES: readonly string[] = [
	'prodex_build_info',
	'prodex_run_started_timestamp_seconds',
	'prodex_run_active',
	'prodex_lines_read_total',
	'prodex_marker_events_total',
	'prodex_failure_class_events_total',
	'prodex_marker_count',
	'prodex_failure_class_count',
	'prodex_pressure',
	'prodex_backlog',
	'prodex_lag_seconds',
	'prodex_degraded_routes',
	'prodex_orphan_managed_dirs',
	'prodex_stale_persisted_usage_snapshots',
	'prodex_persisted_dead_continuations',
	'prodex_suspect_continuation_bindings',
	'prodex_incident_active',
	'prodex_diagnosis_info',
	'prodex_follow_status',
	'prodex_last_line_timestamp_seconds',
	'prodex_seconds_since_last_line',
	'prodex_lines_per_second',
	'prodex_profile_lines_total',
];

/** Series Prometheus makes itself for every target (the exporter-down alert needs `up`). */
export const PROMETHEUS_OWN_NAMES: readonly string[] = ['up'];
