import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {metricNames} from '../helpers/promql.js';
import {yamlValues} from '../helpers/rules-yaml.js';
import {METRIC_NAMES, PROMETHEUS_OWN_NAMES} from './metric-names.js';
import {checkExpressions, promtool} from './promtool.js';

// contrib/prometheus/: the scrape config, the alerting rules and their unit tests, checked with
// Debian's promtool (2.42). promtool only reads these files, so they are checked where they are.

const DIR = fileURLToPath(new URL('../../contrib/prometheus/', import.meta.url));
const read = (name: string): string => readFileSync(`${DIR}${name}`, 'utf8');
const KNOWN = new Set([...METRIC_NAMES, ...PROMETHEUS_OWN_NAMES]);

describe('contrib/prometheus', () => {
	test('promtool check config prometheus.yml (and the alerts.yml it names)', () => {
		const {status, output} = promtool(['check', 'config', 'prometheus.yml'], DIR);
		expect(output).toContain('1 rule files found');
		expect(output).toContain('SUCCESS: 5 rules found');
		expect(status, output).toBe(0);
	});

	test('the scrape config: job prodex every 15 s, several hosts, alerts.yml as its rule file', () => {
		const config = read('prometheus.yml');
		expect(yamlValues(config, 'job_name')).toEqual(['prodex']);
		expect(yamlValues(config, 'scrape_interval')).toEqual(['15s', '15s']);
		expect(yamlValues(config, 'targets').join(',').match(/:9464/g)?.length).toBeGreaterThanOrEqual(3);
		expect(config).toMatch(/^rule_files:\n {2}- alerts\.yml$/m);
	});

	test('the relabeling gives a target without a host label its address without the port, and keeps a given one', () => {
		const [regex] = yamlValues(read('prometheus.yml'), 'regex');
		expect(yamlValues(read('prometheus.yml'), 'replacement')).toEqual(['$1']);
		// Prometheus anchors relabel regexes; RE2 and JavaScript agree on this one.
		const relabel = (host: string, address: string): string => {
			const match = new RegExp(`^(?:${regex})$`).exec(`${host};${address}`);
			return match === null ? host : match[1]!;
		};
		expect(relabel('', 'ci-runner-1.example.internal:9464')).toBe('ci-runner-1.example.internal');
		expect(relabel('', '10.0.0.7:9464')).toBe('10.0.0.7');
		expect(relabel('', '[fd00::7]:9464')).toBe('[fd00::7]');
		expect(relabel('', 'devbox')).toBe('devbox');
		expect(relabel('laptop-ana', 'laptop-ana.example.internal:9464')).toBe('laptop-ana');
	});

	test('promtool check rules alerts.yml', () => {
		const {status, output} = promtool(['check', 'rules', 'alerts.yml'], DIR);
		expect(output).toContain('SUCCESS: 5 rules found');
		expect(status, output).toBe(0);
	});

	test('promtool test rules alerts.test.yml: every alert fires when it should and not in its near miss', () => {
		const {status, output} = promtool(['test', 'rules', 'alerts.test.yml'], DIR);
		expect(status, output).toBe(0);
		expect(output).toContain('SUCCESS');
		// Every alert has a test that expects it firing and one that expects it silent.
		const tests = read('alerts.test.yml');
		const alerts = yamlValues(read('alerts.yml'), 'alert');
		expect(alerts).toEqual(['ProdexPressureElevated', 'ProdexPersistenceBacklogGrowing', 'ProdexNoLogLines', 'ProdexIncidentActive', 'ProdexExporterDown']);
		for (const alert of alerts) {
			const cases = [...tests.matchAll(new RegExp(`alertname: ${alert}\\n\\s+exp_alerts:( \\[\\])?`, 'g'))];
			expect(cases.some(match => match[1] === undefined), `${alert} fires somewhere`).toBe(true);
			expect(cases.some(match => match[1] !== undefined), `${alert} stays silent somewhere`).toBe(true);
		}
	});

	test('the alerts and their fixtures name only catalog metrics (and Prometheus\'s own `up`)', () => {
		const exprs = yamlValues(read('alerts.yml'), 'expr');
		expect(exprs).toHaveLength(5);
		expect(checkExpressions(exprs).status).toBe(0); // the scanner read whole expressions
		const used = exprs.flatMap(metricNames);
		expect(new Set(used)).toEqual(new Set(['prodex_pressure', 'prodex_backlog', 'prodex_seconds_since_last_line', 'prodex_run_active', 'prodex_incident_active', 'up']));
		const series = yamlValues(read('alerts.test.yml'), 'series').map(selector => selector.replace(/\{.*$/, ''));
		expect(series.length).toBeGreaterThan(10);
		expect([...used, ...series].filter(name => !KNOWN.has(name))).toEqual([]);
	});

	test('the metric-name scanner finds names and only names (a scanner that finds nothing would pass anything)', () => {
		expect(metricNames('sum by (instance, host) (rate(prodex_marker_events_total{marker=~"a|b", instance=~"$instance"}[$__rate_interval]))')).toEqual(['prodex_marker_events_total']);
		expect(metricNames('prodex_seconds_since_last_line > 600 and on(instance, job) prodex_run_active == 1')).toEqual(['prodex_seconds_since_last_line', 'prodex_run_active']);
		expect(metricNames('max by (job) (x{a="by (b) c"} * 2 or y offset 5m) / ignoring(level) group_left(rule) z @ start() + 1e3 + 0x1f + Inf')).toEqual(['x', 'y', 'z']);
		expect(metricNames('histogram_quantile(0.9, sum without (le) (foo:bar_bucket[5m:1m]))')).toEqual(['foo:bar_bucket']);
	});
});
