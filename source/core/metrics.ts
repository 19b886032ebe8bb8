/**
 * The exporter's mapping (docs/metrics.md): a store snapshot, the finalized report of the
 * exporter's window and a few facts → every metric family with its samples. Window values are
 * read from the finalized report `--json` prints (never recomputed); run counters from the
 * snapshot's run counts. Label values come only from bounded sets (metrics-catalog.ts).
 *
 * Pure TypeScript: time is a parameter.
 */
import type {Finalized} from './finalize.js';
import {INCIDENT_IDS} from './insights/incidents.js';
import {diagnosisRuleLabel, metricDefinitions, PRESSURES, QUEUES, type MetricDefinition} from './metrics-catalog.js';
import {FOLLOW_STATUS_KINDS, linesPerSecond, type StoreSnapshot} from './snapshot.js';

/** One sample: its label values and value. */
export type MetricSample = {readonly labels: Readonly<Record<string, string>>; readonly value: number};

/** A family with its samples (an empty list: no series now). */
export type MetricFamily = {readonly definition: MetricDefinition; readonly samples: readonly MetricSample[]};

export type MetricsInput = {
	readonly snapshot: StoreSnapshot;
	/** The exporter's window finalized (the snapshot's own when it shows the same window). */
	readonly finalized: Finalized;
	readonly version: string;
	/** Whether the run's writer is alive (worked out outside core: signal 0 to the header's pid). */
	readonly runActive: boolean;
	readonly nowMs: number;
	readonly profileLabels: boolean;
};

const one = (value: number): MetricSample[] => [{labels: {}, value}];
const stateSet = (label: string, values: readonly string[], current: string, extra: Record<string, string> = {}): MetricSample[] =>
	values.map(value => ({labels: {...extra, [label]: value}, value: value === current ? 1 : 0}));

type Producer = (input: MetricsInput) => MetricSample[];

/** How each family's samples are made, by name. */
const PRODUCERS: Readonly<Record<string, Producer>> = {
	prodex_build_info: ({snapshot, version}) => [{labels: {version, rules: snapshot.run?.rules.id ?? 'none'}, value: 1}],
	prodex_run_started_timestamp_seconds: ({snapshot}) => (snapshot.run === null ? [] : one(snapshot.run.startedAt / 1000)),
	prodex_run_active: ({runActive}) => one(runActive ? 1 : 0),
	prodex_lines_read_total: ({snapshot}) => one(snapshot.totals.lines),
	prodex_marker_events_total: ({snapshot}) => (snapshot.run?.rules.markers ?? []).map(marker => ({labels: {marker}, value: snapshot.runCounts.markers.get(marker) ?? 0})),
	prodex_failure_class_events_total: ({snapshot}) =>
		(snapshot.run?.rules.failureClasses ?? []).map(({name, markers}) => ({labels: {class: name}, value: markers.reduce((sum, marker) => sum + (snapshot.runCounts.markers.get(marker) ?? 0), 0)})),
	prodex_marker_lines: ({snapshot, finalized}) => (snapshot.run?.rules.markers ?? []).map(marker => ({labels: {marker}, value: finalized.report.marker_counts.get(marker) ?? 0})),
	prodex_failure_class_lines: ({snapshot, finalized}) => (snapshot.run?.rules.failureClasses ?? []).map(({name}) => ({labels: {class: name}, value: finalized.report.failure_class_counts.get(name) ?? 0})),
	prodex_pressure: ({finalized}) => PRESSURES.flatMap(({pressure, key, levels}) => stateSet('level', levels, finalized.report[key], {pressure})),
	prodex_backlog: ({finalized}) => QUEUES.flatMap(({queue, backlog}) => {
		const value = finalized.report[backlog];
		return value === null ? [] : [{labels: {queue}, value: Number(value)}];
	}),
	prodex_lag_seconds: ({finalized}) => QUEUES.flatMap(({queue, lag}) => {
		const value = finalized.report[lag];
		return value === null ? [] : [{labels: {queue}, value: Number(value) / 1000}];
	}),
	prodex_degraded_routes: ({finalized}) => one(finalized.report.degraded_routes.length),
	prodex_orphan_managed_dirs: ({finalized}) => one(finalized.report.orphan_managed_dirs.length),
	prodex_stale_persisted_usage_snapshots: ({finalized}) => one(finalized.report.stale_persisted_usage_snapshots),
	prodex_persisted_dead_continuations: ({finalized}) => one(finalized.report.persisted_dead_continuations),
	prodex_suspect_continuation_bindings: ({finalized}) => one(finalized.report.suspect_continuation_bindings.length),
	prodex_incident_active({snapshot, finalized}) {
		const {incidents} = finalized;
		// Under the 0.27 rules the doctor has no incident explainer: no series at all.
		if (incidents === null || snapshot.run?.rules.insights !== true) return [];
		const active = new Set(incidents.map(incident => incident.id));
		return INCIDENT_IDS.map(incident => ({labels: {incident}, value: active.has(incident) ? 1 : 0}));
	},
	prodex_diagnosis_info: ({snapshot, finalized}) => [{labels: {rules: snapshot.run?.rules.id ?? 'none', rule: diagnosisRuleLabel(finalized.diagnosisRule)}, value: 1}],
	prodex_follow_status: ({snapshot}) => stateSet('status', FOLLOW_STATUS_KINDS, snapshot.status.kind),
	prodex_last_line_timestamp_seconds: ({snapshot}) => (snapshot.lastLineAt === null ? [] : one(snapshot.lastLineAt / 1000)),
	prodex_seconds_since_last_line: ({snapshot, nowMs}) => (snapshot.lastLineAt === null ? [] : one(Math.max(0, nowMs - snapshot.lastLineAt) / 1000)),
	prodex_lines_per_second: ({snapshot, nowMs}) => one(linesPerSecond(snapshot.arrivals, nowMs)),
	prodex_profile_lines_total: ({snapshot}) => [...(snapshot.runCounts.profiles ?? [])].map(([profile, value]) => ({labels: {profile}, value})),
};

/** Every family the exporter serves, with its samples now. */
export function metricFamilies(input: MetricsInput): MetricFamily[] {
	return metricDefinitions(input.profileLabels).map(definition => ({definition, samples: PRODUCERS[definition.name]!(input)}));
}
