/**
 * The exporter's metric catalog as data (docs/metrics.md §1): every name, type, label set and
 * help text. The names are fixed (alert rules and the Grafana dashboard use them); the label
 * values come only from the bounded tables here, the rule set's catalog and the incident table.
 *
 * Pure TypeScript.
 */
import type {BacklogKey} from './rules/types.js';
import type {PressureKey} from './finalize.js';

export type MetricType = 'gauge' | 'counter';

/** One metric family's definition. */
export type MetricDefinition = {
	readonly name: string;
	readonly type: MetricType;
	readonly labelNames: readonly string[];
	readonly help: string;
};

const gauge = (name: string, labelNames: readonly string[], help: string): MetricDefinition => ({name, type: 'gauge', labelNames, help});
const counter = (name: string, labelNames: readonly string[], help: string): MetricDefinition => ({name, type: 'counter', labelNames, help});

/** The families every exporter serves, in exposition order. */
export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [
	gauge('prodex_build_info', ['version', 'rules'], "prodex-top's version and the current run's rule set (none before a run); always 1"),
	gauge('prodex_run_started_timestamp_seconds', [], 'When the current run started being followed (unix seconds)'),
	gauge('prodex_run_active', [], "1 when the followed run's writer (the header's pid, signal 0) is alive on this host and the log is followed; else 0"),
	counter('prodex_lines_read_total', [], 'Lines of the current run read so far'),
	counter('prodex_marker_events_total', ['marker'], 'Lines of each catalog marker in the current run'),
	counter('prodex_failure_class_events_total', ['class'], 'Marker lines per failure class in the current run'),
	gauge('prodex_marker_lines', ['marker'], 'marker_counts of --json in the window'),
	gauge('prodex_failure_class_lines', ['class'], 'failure_class_counts of --json in the window'),
	gauge('prodex_pressure', ['pressure', 'level'], 'Pressure levels as a state set: 1 for the current level, 0 for the others'),
	gauge('prodex_backlog', ['queue'], 'The --json backlog of the queue (no series while null)'),
	gauge('prodex_lag_seconds', ['queue'], 'The --json lag of the queue in seconds (no series while null)'),
	gauge('prodex_degraded_routes', [], 'Length of degraded_routes'),
	gauge('prodex_orphan_managed_dirs', [], 'Length of orphan_managed_dirs'),
	gauge('prodex_stale_persisted_usage_snapshots', [], 'stale_persisted_usage_snapshots of --json'),
	gauge('prodex_persisted_dead_continuations', [], 'persisted_dead_continuations of --json'),
	gauge('prodex_suspect_continuation_bindings', [], 'Length of suspect_continuation_bindings'),
	gauge('prodex_incident_active', ['incident'], 'Current rules: 1 when the incident is in incident_explainer now, else 0'),
	gauge('prodex_diagnosis_info', ['rules', 'rule'], 'The diagnosis chain rule that fired (its number in docs/rules.md, read_error when the tail could not be read); always 1'),
	gauge('prodex_follow_status', ['status'], 'Follow status as a state set: 1 for the current status, 0 for the others'),
	gauge('prodex_last_line_timestamp_seconds', [], 'When the last line arrived (unix seconds); no series before the first line'),
	gauge('prodex_seconds_since_last_line', [], 'Seconds since the last line arrived, at scrape time; no series before the first line'),
	gauge('prodex_lines_per_second', [], 'Lines per second over the last 10 s, at scrape time'),
];

/** Served only with `--metrics-labels profile`. */
export const PROFILE_METRIC: MetricDefinition = counter('prodex_profile_lines_total', ['profile'], 'Marker lines per profile value in the current run (at most 100 values, the rest as (other))');

/** The families an exporter serves. */
export function metricDefinitions(profileLabels: boolean): readonly MetricDefinition[] {
	return profileLabels ? [...METRIC_DEFINITIONS, PROFILE_METRIC] : METRIC_DEFINITIONS;
}

/** The five pressures: label, --json key and every level, in the doctor's order. */
export const PRESSURES: ReadonlyArray<{readonly pressure: string; readonly key: PressureKey; readonly levels: readonly string[]}> = [
	{pressure: 'selection', key: 'selection_pressure', levels: ['elevated', 'low']},
	{pressure: 'transport', key: 'transport_pressure', levels: ['elevated', 'low']},
	{pressure: 'persistence', key: 'persistence_pressure', levels: ['elevated', 'active', 'low']},
	{pressure: 'startup_audit', key: 'startup_audit_pressure', levels: ['elevated', 'low']},
	{pressure: 'quota_freshness', key: 'quota_freshness_pressure', levels: ['stale_risk', 'active', 'low']},
];

/** The three queues: label and their --json backlog and lag keys. */
export const QUEUES: ReadonlyArray<{readonly queue: string; readonly backlog: BacklogKey; readonly lag: BacklogKey}> = [
	{queue: 'state_save', backlog: 'state_save_queue_backlog', lag: 'state_save_lag_ms'},
	{queue: 'continuation_journal_save', backlog: 'continuation_journal_save_backlog', lag: 'continuation_journal_save_lag_ms'},
	{queue: 'profile_probe_refresh', backlog: 'profile_probe_refresh_backlog', lag: 'profile_probe_refresh_lag_ms'},
];

/** `prodex_diagnosis_info`'s rule label: the chain rule's number, `read_error` for rule 0 (the tail could not be read). */
export function diagnosisRuleLabel(rule: number): string {
	return rule === 0 ? 'read_error' : String(rule);
}
