import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {finalize} from '../../source/core/finalize.js';
import {INCIDENT_IDS} from '../../source/core/insights/incidents.js';
import {metricFamilies, type MetricFamily, type MetricsInput} from '../../source/core/metrics.js';
import {METRIC_DEFINITIONS, PROFILE_METRIC} from '../../source/core/metrics-catalog.js';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';
import {FOLLOW_STATUS_KINDS} from '../../source/core/snapshot.js';
import {EMPTY_PERSISTED_STATE} from '../../source/core/state/derive.js';
import {SummaryAccumulator} from '../../source/core/summary.js';
import {Store} from '../../source/tail/store.js';
import {storeWith} from '../helpers/ui.js';

const NOW = 1_800_000_000_000;
const HEADER = '[2026-04-24 09:40:00.000 +07:00] runtime proxy log initialized pid=1 prodex_version=0.411.0';
const LINES = [
	HEADER,
	'[2026-04-24 09:40:01.000 +07:00] selection_pick profile=main route=responses',
	'[2026-04-24 09:40:02.000 +07:00] selection_pick profile=second route=responses',
	'[2026-04-24 09:40:03.000 +07:00] stream_read_error profile=main transport=http',
	'[2026-04-24 09:40:04.000 +07:00] state_save_queued revision=3 backlog=4 ready=1',
	'[2026-04-24 09:40:05.000 +07:00] state_save_ok revision=3 lag_ms=250',
	'[2026-04-24 09:40:06.000 +07:00] runtime_proxy_lane_limit_reached lane=compact active=4 limit=4',
];

function input(store: Store, overrides: Partial<MetricsInput> = {}): MetricsInput {
	const snapshot = store.getSnapshot();
	return {snapshot, finalized: snapshot.finalized, version: '9.9.9', runActive: true, nowMs: NOW, profileLabels: false, ...overrides};
}

function family(families: readonly MetricFamily[], name: string): MetricFamily {
	const found = families.find(each => each.definition.name === name);
	if (found === undefined) throw new Error(`no family ${name}`);
	return found;
}

const value = (families: readonly MetricFamily[], name: string, labels: Record<string, string> = {}) =>
	family(families, name).samples.find(sample => Object.entries(labels).every(([key, wanted]) => sample.labels[key] === wanted))?.value;

describe('the metric catalog', () => {
	test.each(['docs/metrics.md', 'readme.md'])('the families are the catalog of %s (its table), with their types and labels', file => {
		const doc = readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8');
		const rows = [...doc.matchAll(/^\| `(prodex_[a-z_]+)` \| (gauge|counter)[^|]* \| ([^|]+) \|/gm)].map(match => ({
			name: match[1],
			type: match[2],
			labels: match[3]!.trim() === '–' ? [] : [...match[3]!.matchAll(/`([a-z_]+)`/g)].map(label => label[1]),
		}));
		expect(rows).toEqual([...METRIC_DEFINITIONS, PROFILE_METRIC].map(({name, type, labelNames}) => ({name, type, labels: labelNames})));
		for (const {name, type} of [...METRIC_DEFINITIONS, PROFILE_METRIC]) expect(name.endsWith('_total')).toBe(type === 'counter');
	});
});

describe('metricFamilies', () => {
	test('every catalog metric from a current-rules run, window values from the finalized report', () => {
		const store = storeWith(LINES, RULES_CURRENT);
		const families = metricFamilies(input(store));
		const report = store.getSnapshot().finalized.report;
		expect(families.map(each => each.definition.name)).toEqual(METRIC_DEFINITIONS.map(each => each.name));
		expect(family(families, 'prodex_build_info').samples).toEqual([{labels: {version: '9.9.9', rules: 'current'}, value: 1}]);
		expect(value(families, 'prodex_run_started_timestamp_seconds')).toBe(store.getSnapshot().run!.startedAt / 1000);
		expect(value(families, 'prodex_run_active')).toBe(1);
		expect(value(families, 'prodex_lines_read_total')).toBe(LINES.length);
		// Every catalog marker has a series, 0 included; the window gauge is marker_counts.
		expect(family(families, 'prodex_marker_events_total').samples).toHaveLength(RULES_CURRENT.markers.length);
		expect(value(families, 'prodex_marker_events_total', {marker: 'selection_pick'})).toBe(2);
		expect(value(families, 'prodex_marker_events_total', {marker: 'quota_blocked'})).toBe(0);
		expect(family(families, 'prodex_marker_lines').samples).toHaveLength(RULES_CURRENT.markers.length);
		for (const [marker, count] of report.marker_counts) expect(value(families, 'prodex_marker_lines', {marker})).toBe(count);
		expect(family(families, 'prodex_failure_class_events_total').samples.map(sample => sample.labels['class'])).toEqual(RULES_CURRENT.failureClasses.map(each => each.name));
		expect(value(families, 'prodex_failure_class_events_total', {class: 'transport'})).toBe(report.failure_class_counts.get('transport'));
		for (const {name} of RULES_CURRENT.failureClasses) expect(value(families, 'prodex_failure_class_lines', {class: name})).toBe(report.failure_class_counts.get(name) ?? 0);
		expect(value(families, 'prodex_backlog', {queue: 'state_save'})).toBe(4);
		expect(value(families, 'prodex_lag_seconds', {queue: 'state_save'})).toBe(0.25);
		expect(value(families, 'prodex_degraded_routes')).toBe(0);
		expect(value(families, 'prodex_orphan_managed_dirs')).toBe(0);
		expect(value(families, 'prodex_stale_persisted_usage_snapshots')).toBe(0);
		expect(value(families, 'prodex_persisted_dead_continuations')).toBe(0);
		expect(value(families, 'prodex_suspect_continuation_bindings')).toBe(0);
		const active = new Set(store.getSnapshot().finalized.incidents!.map(incident => incident.id));
		expect(active.size).toBeGreaterThan(0);
		expect(family(families, 'prodex_incident_active').samples).toEqual(INCIDENT_IDS.map(incident => ({labels: {incident}, value: active.has(incident) ? 1 : 0})));
		expect(family(families, 'prodex_diagnosis_info').samples).toEqual([{labels: {rules: 'current', rule: String(store.getSnapshot().finalized.diagnosisRule)}, value: 1}]);
		expect(value(families, 'prodex_last_line_timestamp_seconds')).toBe(store.getSnapshot().lastLineAt! / 1000);
		expect(value(families, 'prodex_seconds_since_last_line')).toBe((NOW - store.getSnapshot().lastLineAt!) / 1000);
		expect(value(families, 'prodex_lines_per_second')).toBe(0);
		store.dispose();
	});

	test('state sets: one series per level (status), exactly one of them 1', () => {
		const store = storeWith(LINES, RULES_CURRENT);
		const families = metricFamilies(input(store));
		const report = store.getSnapshot().finalized.report;
		const pressure = family(families, 'prodex_pressure').samples;
		expect(pressure.map(sample => `${sample.labels['pressure']}/${sample.labels['level']}`)).toEqual([
			'selection/elevated', 'selection/low', 'transport/elevated', 'transport/low', 'persistence/elevated', 'persistence/active', 'persistence/low',
			'startup_audit/elevated', 'startup_audit/low', 'quota_freshness/stale_risk', 'quota_freshness/active', 'quota_freshness/low',
		]);
		for (const name of ['selection', 'transport', 'persistence', 'startup_audit', 'quota_freshness']) {
			const ones = pressure.filter(sample => sample.labels['pressure'] === name && sample.value === 1);
			expect(ones).toHaveLength(1);
			expect(ones[0]!.labels['level']).toBe(report[`${name}_pressure` as 'selection_pressure']);
		}
		expect(pressure.every(sample => sample.value === 0 || sample.value === 1)).toBe(true);
		const status = family(families, 'prodex_follow_status').samples;
		expect(status.map(sample => sample.labels['status'])).toEqual([...FOLLOW_STATUS_KINDS]);
		expect(status.filter(sample => sample.value === 1).map(sample => sample.labels['status'])).toEqual([store.getSnapshot().status.kind]);
		store.dispose();
	});

	test('null in --json is no series: no backlog, no lag, no last line, no run before the first run', () => {
		const store = new Store({tailBytes: 131_072, now: () => NOW});
		const families = metricFamilies(input(store, {runActive: false}));
		for (const name of ['prodex_backlog', 'prodex_lag_seconds', 'prodex_last_line_timestamp_seconds', 'prodex_seconds_since_last_line', 'prodex_run_started_timestamp_seconds', 'prodex_marker_events_total', 'prodex_marker_lines', 'prodex_incident_active']) {
			expect(family(families, name).samples, name).toEqual([]);
		}
		expect(family(families, 'prodex_build_info').samples[0]!.labels).toEqual({version: '9.9.9', rules: 'none'});
		expect(value(families, 'prodex_run_active')).toBe(0);
		expect(value(families, 'prodex_lines_read_total')).toBe(0);
		store.dispose();
		const selectionOnly = storeWith([HEADER, '[2026-04-24 09:40:01.000 +07:00] selection_pick profile=main'], RULES_CURRENT);
		const some = metricFamilies(input(selectionOnly));
		expect(family(some, 'prodex_backlog').samples).toEqual([]);
		expect(family(some, 'prodex_lag_seconds').samples).toEqual([]);
		selectionOnly.dispose();
	});

	test('the 0.27 rules: their catalog and classes, and no incident series', () => {
		const store = storeWith(LINES.slice(1), RULES_027);
		const families = metricFamilies(input(store));
		expect(family(families, 'prodex_marker_lines').samples).toHaveLength(RULES_027.markers.length);
		expect(family(families, 'prodex_failure_class_lines').samples.map(sample => sample.labels['class'])).toEqual(RULES_027.failureClasses.map(each => each.name));
		expect(family(families, 'prodex_incident_active').samples).toEqual([]);
		expect(family(families, 'prodex_diagnosis_info').samples[0]!.labels).toEqual({rules: '0.27', rule: String(store.getSnapshot().finalized.diagnosisRule)});
		store.dispose();
	});

	test('a read error is rule read_error (rule 0)', () => {
		const store = storeWith(LINES, RULES_CURRENT);
		const finalized = finalize(new SummaryAccumulator(RULES_CURRENT).summary(), RULES_CURRENT, {logPath: '/l.log', pointerExists: true, logExists: true, pointerNote: null, readError: 'permission denied'}, EMPTY_PERSISTED_STATE.inputs);
		expect(finalized.diagnosisRule).toBe(0);
		const families = metricFamilies(input(store, {finalized}));
		expect(family(families, 'prodex_diagnosis_info').samples).toEqual([{labels: {rules: 'current', rule: 'read_error'}, value: 1}]);
		store.dispose();
	});

	test('profiles only with --metrics-labels profile', () => {
		const store = new Store({tailBytes: 131_072, countProfiles: true});
		store.beginRun({logPath: '/l.log', label: '/l.log', rules: RULES_CURRENT, rulesReason: '--rules'}, {logPath: '/l.log', pointerExists: true, logExists: true, pointerNote: null, readError: null});
		store.ingest(LINES.map((text, i) => ({text, start: i * 200, bytes: 200, cut: false, arrivalMs: NOW})), LINES.length * 200);
		store.markCaughtUp();
		expect(metricFamilies(input(store)).some(each => each.definition.name === 'prodex_profile_lines_total')).toBe(false);
		const families = metricFamilies(input(store, {profileLabels: true}));
		expect(family(families, 'prodex_profile_lines_total').samples).toEqual([
			{labels: {profile: 'main'}, value: 2},
			{labels: {profile: 'second'}, value: 1},
		]);
		store.dispose();
	});
});
