import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {grafanaExpressions, grafanaTargets, substituteVariables} from '../helpers/grafana-exprs.js';
import {metricNames} from '../helpers/promql.js';
import {METRIC_NAMES} from './metric-names.js';
import {checkExpressions} from './promtool.js';

// contrib/grafana/prodex-fleet.json: parses, imports on any Grafana (the Prometheus data source is
// a template variable, not a uid of ours), every panel queries it with PromQL that parses
// (`promtool check rules`) and names only catalog metrics.

const FILE = fileURLToPath(new URL('../../contrib/grafana/prodex-fleet.json', import.meta.url));
const text = readFileSync(FILE, 'utf8');

type Datasource = {type?: string; uid?: string};
type Target = {refId?: string; expr?: string; datasource?: Datasource};
type Panel = {id: number; type: string; title: string; datasource?: Datasource; targets?: Target[]; panels?: Panel[]; gridPos: {x: number; y: number; w: number; h: number}};
type Variable = {name: string; type: string; query: unknown; definition?: string; datasource?: Datasource};
const dashboard = JSON.parse(text) as {schemaVersion: number; uid: string; title: string; panels: Panel[]; templating: {list: Variable[]}; __inputs?: unknown};
const panels = dashboard.panels.flatMap(panel => [panel, ...(panel.panels ?? [])]);
const data = panels.filter(panel => panel.type !== 'row');
const DS = {type: 'prometheus', uid: '${DS_PROMETHEUS}'};
const CATALOG = new Set(METRIC_NAMES);

describe('contrib/grafana/prodex-fleet.json', () => {
	test('a schema 38 dashboard with a fixed uid, panels with unique ids, laid out on the 24-column grid without overlaps', () => {
		expect(dashboard.schemaVersion).toBe(38);
		expect(dashboard.uid).toBe('prodex-fleet');
		expect(new Set(panels.map(panel => panel.id)).size).toBe(panels.length);
		const cells = new Map<string, string>();
		for (const panel of panels) {
			const {x, y, w, h} = panel.gridPos;
			expect(x >= 0 && w > 0 && x + w <= 24 && h > 0, `${panel.title} on the grid`).toBe(true);
			for (let row = y; row < y + h; row++) for (let column = x; column < x + w; column++) {
				const key = `${row}/${column}`;
				expect(cells.get(key), `${panel.title} overlaps`).toBeUndefined();
				cells.set(key, panel.title);
			}
		}
	});

	test('the data source is a template variable (DS_PROMETHEUS, any Prometheus): no data source uid of ours, no import inputs needed', () => {
		const variable = dashboard.templating.list.find(item => item.name === 'DS_PROMETHEUS');
		expect(variable).toMatchObject({type: 'datasource', query: 'prometheus'});
		expect(dashboard.__inputs).toBeUndefined();
		// Every datasource reference in the file is the variable (or Grafana's own annotations).
		const refs = [...text.matchAll(/"datasource": \{\s*"type": "([^"]+)",\s*"uid": "([^"]+)"/g)].map(match => `${match[1]} ${match[2]}`);
		expect(new Set(refs)).toEqual(new Set(['prometheus ${DS_PROMETHEUS}', 'grafana -- Grafana --']));
	});

	test('every panel has the data source and at least one target with an expr (rows hold no queries)', () => {
		expect(data.length).toBeGreaterThan(20);
		for (const panel of data) {
			expect(panel.datasource, panel.title).toEqual(DS);
			expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
			for (const target of panel.targets!) {
				expect(target.datasource, panel.title).toEqual(DS);
				expect(target.expr?.trim(), panel.title).toBeTruthy();
			}
			expect(new Set(panel.targets!.map(target => target.refId)).size, `${panel.title}: unique refIds`).toBe(panel.targets!.length);
		}
		for (const row of panels.filter(panel => panel.type === 'row')) expect(row.targets ?? [], row.title).toEqual([]);
		expect(grafanaTargets(dashboard)).toHaveLength(data.reduce((sum, panel) => sum + panel.targets!.length, 0));
	});

	test('a fleet overview row (a table with one row per host: pressures, diagnosis rule, lines/s, silence, incidents, run active) and a drill-down row driven by $instance', () => {
		const rows = panels.filter(panel => panel.type === 'row').map(panel => panel.title);
		expect(rows).toEqual(['Fleet overview', 'Host: $instance']);
		const targets = grafanaTargets(dashboard);
		const table = data.find(panel => panel.type === 'table' && panel.title === 'Hosts')!;
		const exprs = table.targets!.map(target => target.expr!);
		// One row per host: every query keeps the host's labels, and the results are merged.
		for (const expr of exprs) expect(expr).toMatch(/^(?:max|sum) by \(job, instance, host[,)]/);
		expect((table as unknown as {transformations: Array<{id: string}>}).transformations[0]?.id).toBe('merge');
		const tableMetrics = new Set(exprs.flatMap(metricNames));
		for (const name of ['prodex_pressure', 'prodex_diagnosis_info', 'prodex_lines_per_second', 'prodex_seconds_since_last_line', 'prodex_incident_active', 'prodex_run_active']) expect(tableMetrics).toContain(name);
		for (const pressure of ['selection', 'transport', 'persistence', 'startup_audit', 'quota_freshness']) expect(exprs.some(expr => expr.includes(`pressure="${pressure}"`)), pressure).toBe(true);
		// The drill-down: every selector is limited to the chosen host.
		const drill = targets.filter(target => target.row === 'Host: $instance');
		expect(drill.length).toBeGreaterThan(10);
		for (const {panel, raw} of drill) {
			const selectors = [...raw.matchAll(/\b(prodex_\w+)(\{[^}]*\})?/g)];
			expect(selectors.length, panel).toBeGreaterThan(0);
			for (const selector of selectors) expect(selector[2] ?? '', `${panel}: ${selector[1]}`).toContain('instance=~"$instance"');
		}
		const drillMetrics = new Set(drill.flatMap(target => metricNames(target.raw)));
		for (const name of ['prodex_marker_events_total', 'prodex_failure_class_lines', 'prodex_backlog', 'prodex_lag_seconds', 'prodex_follow_status']) expect(drillMetrics).toContain(name);
		const instance = dashboard.templating.list.find(item => item.name === 'instance')!;
		expect(instance).toMatchObject({type: 'query', datasource: DS, definition: 'label_values(prodex_build_info, instance)'});
	});

	test('every metric an expression or variable names is in the catalog', () => {
		const used = grafanaTargets(dashboard).flatMap(target => metricNames(target.expr));
		for (const variable of dashboard.templating.list.filter(item => item.type === 'query')) {
			const match = /^label_values\((\w+)/.exec(variable.definition ?? '');
			expect(match, variable.name).not.toBeNull();
			used.push(match![1]!);
		}
		expect(used.length).toBeGreaterThan(30);
		expect([...new Set(used)].filter(name => !CATALOG.has(name))).toEqual([]);
	});

	test('every expression parses as PromQL (promtool check rules on them as recording rules)', () => {
		const exprs = grafanaExpressions(text);
		expect(exprs.join('\n')).not.toContain('$');
		const {status, output} = checkExpressions(exprs);
		expect(output).toContain(`SUCCESS: ${exprs.length} rules found`);
		expect(status, output).toBe(0);
	});

	test('grafanaExpressions substitutes the template variables, and refuses what it cannot', () => {
		expect(substituteVariables('rate(x{instance=~"$instance", job="prodex"}[$__rate_interval])')).toBe('rate(x{instance=~".+", job="prodex"}[1m])');
		expect(substituteVariables('x{host=~"${host:regex}"} offset $__interval + y{instance="$instance"}[$__range]')).toBe('x{host=~".+"} offset 1m + y{instance=~".+"}[5m]');
		expect(substituteVariables('increase(x[$__range_s]) / $__range_ms / $__interval_ms')).toBe('increase(x[300]) / 300000 / 60000');
		expect(() => substituteVariables('x{instance!="$instance"}')).toThrow(/regex/);
		expect(() => substituteVariables('x{job=~"$job"}')).toThrow(/\$job/);
		expect(grafanaExpressions({panels: [{type: 'row', title: 'r', collapsed: true, panels: [{title: 'p', targets: [{refId: 'A', expr: 'x{instance=~"$instance"}'}, {refId: 'B'}]}]}]})).toEqual(['x{instance=~".+"}']);
		expect(grafanaTargets({dashboard: {panels: [{type: 'row', title: 'r'}, {title: 'p', targets: [{refId: 'A', expr: 'y'}]}]}})).toEqual([{panel: 'p', row: 'r', refId: 'A', raw: 'y', expr: 'y'}]);
	});
});
