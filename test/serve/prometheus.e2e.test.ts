import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {appendFileSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterAll, beforeAll, describe, expect, test} from 'vitest';
import {diagnosisRuleLabel, PRESSURES, QUEUES} from '../../source/core/metrics-catalog.js';
import {RULES_027, RULES_CURRENT, type RuleSet} from '../../source/core/rules/index.js';
import {doctorOnce} from '../../source/tail/doctor-once.js';
import {CLI, runCli} from '../helpers/cli.js';
import {generateLines} from '../helpers/generator.js';
import {grafanaExpressions} from '../helpers/grafana-exprs.js';
import {isLoopback, listeningAddresses} from '../helpers/listening.js';
import {pollUntil, startPrometheus, type PromSample, type TestPrometheus} from '../helpers/prometheus.js';

// The real thing: two exporters (two "hosts", the built CLI with --headless) following two
// generated logs, scraped every second by Debian's Prometheus on a loopback port; every window
// series is compared with what `--json` says for the same log, and the run counters are followed
// through a rotation (kept) and a new proxy run (reset).

const POINTER = 'prodex-runtime-latest.path';
const CONTRIB = new URL('../../contrib/', import.meta.url);
const ALERTS = new URL('prometheus/alerts.yml', CONTRIB).pathname;
const DASHBOARD = new URL('grafana/prodex-fleet.json', CONTRIB).pathname;
const ENV = {...process.env, NO_COLOR: '1', PRODEX_RUNTIME_LOG_DIR: '', PRODEX_HOME: '/nonexistent/prodex-top-test-home'};

type Host = {
	readonly name: string;
	readonly logDir: string;
	readonly home: string;
	readonly rules: RuleSet;
	log: string;
	child?: ChildProcess;
	stderr: string;
	port?: number;
};

type Json = {
	line_count: number;
	marker_counts: Record<string, number>;
	failure_class_counts: Record<string, number>;
	diagnosis: string;
	degraded_routes: unknown[];
	orphan_managed_dirs: unknown[];
	stale_persisted_usage_snapshots: number;
	persisted_dead_continuations: number;
	suspect_continuation_bindings: unknown[];
	incident_explainer?: Array<{id: string}>;
	[key: string]: unknown;
};

let root: string;
let prometheus: TestPrometheus | undefined;
const hosts: Host[] = [];

const linesOf = (path: string) => readFileSync(path, 'utf8').split('\n').length - 1;
const text = (lines: ReturnType<typeof generateLines>) => `${lines.map(line => line.text).join('\n')}\n`;
/** A pid no process has: a child that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '0']).pid;

/**
 * `--json` for the host's log dir under the run's rule set: a rotated file has no header line, so
 * `auto` would pick 0.27 for it, while the run keeps the rules its first file's header chose.
 */
function json(host: Host, args: readonly string[] = []): Json {
	const result = runCli(['--json', '--log-dir', host.logDir, '--prodex-home', host.home, '--rules', host.rules.id, ...args]);
	expect(result.status, result.stderr).toBe(0);
	return JSON.parse(result.stdout) as Json;
}

function startHost(host: Host): Promise<number> {
	const child = spawn(process.execPath, [CLI, '--headless', '--metrics', '127.0.0.1:0', '--log-dir', host.logDir, '--prodex-home', host.home], {env: ENV, stdio: ['ignore', 'ignore', 'pipe']});
	host.child = child;
	child.stderr!.on('data', chunk => (host.stderr += String(chunk)));
	return pollUntil(`the ${host.name} exporter's address`, () => {
		if (child.exitCode !== null) throw new Error(`exporter ${host.name} exited: ${host.stderr}`);
		const port = /metrics on http:\/\/127\.0\.0\.1:(\d+)\/metrics/.exec(host.stderr)?.[1];
		return port === undefined ? undefined : Number(port);
	});
}

/** `expression` by host: one value per series, keyed by `label` (or the whole vector's single value). */
async function byLabel(host: Host, expression: string, label: string): Promise<Record<string, number>> {
	const samples: PromSample[] = await prometheus!.query(expression.replace('HOST', `host="${host.name}"`));
	return Object.fromEntries(samples.map(sample => [sample.metric[label] ?? '', sample.value]));
}

async function scalar(host: Host, expression: string): Promise<number | undefined> {
	const samples = await prometheus!.query(expression.replace('HOST', `host="${host.name}"`));
	return samples[0]?.value;
}

/** Poll until Prometheus has scraped `host` having read `lines` lines of its run. */
async function untilLinesRead(host: Host, lines: number): Promise<void> {
	let seen: unknown;
	await pollUntil(`${host.name}: prodex_lines_read_total == ${lines} in Prometheus`, async () => {
		seen = [await scalar(host, 'prodex_lines_read_total{HOST}'), await byLabel(host, 'prodex_follow_status{HOST} == 1', 'status')];
		return (await scalar(host, 'prodex_lines_read_total{HOST}')) === lines && (await scalar(host, 'sum(prodex_follow_status{HOST,status=~"following|rotated|new-run"})')) === 1 ? true : undefined;
	}, 15_000).catch((error: Error) => {
		throw new Error(`${error.message}; last seen ${JSON.stringify(seen)}; stderr: ${host.stderr}`);
	});
}

/** Every window series of `host` equals `--json` for the same log (and the diagnosis rule the doctor's chain picked). */
async function expectWindowEqualsJson(host: Host): Promise<void> {
	const doc = json(host);
	const everyMarker = Object.fromEntries(host.rules.markers.map(marker => [marker, doc.marker_counts[marker] ?? 0]));
	expect(Object.keys(doc.marker_counts).every(marker => marker in everyMarker)).toBe(true);
	// Poll: the exporter may be a scrape behind the file (a rotation's second half).
	await pollUntil(`${host.name}: prodex_marker_lines equals --json`, async () => {
		const counts = await byLabel(host, 'prodex_marker_lines{HOST}', 'marker');
		return JSON.stringify(counts, Object.keys(everyMarker).sort()) === JSON.stringify(everyMarker, Object.keys(everyMarker).sort()) ? true : undefined;
	});
	expect(await byLabel(host, 'prodex_marker_lines{HOST}', 'marker')).toEqual(everyMarker);
	expect(await byLabel(host, 'prodex_failure_class_lines{HOST}', 'class')).toEqual(Object.fromEntries(host.rules.failureClasses.map(({name}) => [name, doc.failure_class_counts[name] ?? 0])));
	expect(await byLabel(host, 'prodex_pressure{HOST} == 1', 'pressure')).toEqual(Object.fromEntries(PRESSURES.map(({pressure}) => [pressure, 1])));
	for (const {pressure, key} of PRESSURES) expect(await scalar(host, `prodex_pressure{HOST,pressure="${pressure}",level="${doc[key] as string}"}`), pressure).toBe(1);
	expect(await byLabel(host, 'prodex_backlog{HOST}', 'queue')).toEqual(Object.fromEntries(QUEUES.filter(({backlog}) => doc[backlog] !== null).map(({queue, backlog}) => [queue, doc[backlog]])));
	const lags = await byLabel(host, 'prodex_lag_seconds{HOST} * 1000', 'queue');
	const expectedLags = QUEUES.filter(({lag}) => doc[lag] !== null);
	expect(Object.keys(lags).sort()).toEqual(expectedLags.map(({queue}) => queue).sort());
	for (const {queue, lag} of expectedLags) expect(lags[queue]).toBeCloseTo(doc[lag] as number, 6);
	expect(await scalar(host, 'prodex_degraded_routes{HOST}')).toBe(doc.degraded_routes.length);
	expect(await scalar(host, 'prodex_orphan_managed_dirs{HOST}')).toBe(doc.orphan_managed_dirs.length);
	expect(await scalar(host, 'prodex_stale_persisted_usage_snapshots{HOST}')).toBe(doc.stale_persisted_usage_snapshots);
	expect(await scalar(host, 'prodex_persisted_dead_continuations{HOST}')).toBe(doc.persisted_dead_continuations);
	expect(await scalar(host, 'prodex_suspect_continuation_bindings{HOST}')).toBe(doc.suspect_continuation_bindings.length);
	const active = await byLabel(host, 'prodex_incident_active{HOST} == 1', 'incident');
	if (host.rules === RULES_CURRENT) expect(Object.keys(active).sort()).toEqual((doc.incident_explainer ?? []).map(incident => incident.id).sort());
	else expect(await prometheus!.query(`prodex_incident_active{host="${host.name}"}`)).toEqual([]);
	// The doctor's chain in-process says which rule wrote --json's diagnosis.
	const once = doctorOnce({source: {kind: 'dir', dir: host.logDir}, prodexHome: host.home, tailBytes: 131_072, rules: host.rules.id});
	if ('fatal' in once) throw new Error(once.fatal);
	expect(once.finalized.report.diagnosis).toBe(doc.diagnosis);
	expect(await byLabel(host, 'prodex_diagnosis_info{HOST}', 'rule')).toEqual({[diagnosisRuleLabel(once.finalized.diagnosisRule)]: 1});
}

/** The run counters equal the whole run's marker counts (`--json --tail-bytes 0`), lines included. */
async function expectCountersEqualRun(host: Host, logs: readonly string[], linesRead: number): Promise<void> {
	const whole: Record<string, number> = {};
	for (const log of logs) {
		const doc = runCli(['--json', '--log', log, '--tail-bytes', '0', '--rules', host.rules.id, '--prodex-home', host.home]);
		for (const [marker, count] of Object.entries((JSON.parse(doc.stdout) as Json).marker_counts)) whole[marker] = (whole[marker] ?? 0) + count;
	}
	const events = await byLabel(host, 'prodex_marker_events_total{HOST}', 'marker');
	expect(Object.keys(events).sort()).toEqual([...host.rules.markers].sort());
	// marker_counts adds the doctor's reason bump to quota_critical_floor_before_send; the counters count lines.
	for (const marker of host.rules.markers) if (marker !== 'quota_critical_floor_before_send') expect(events[marker], marker).toBe(whole[marker] ?? 0);
	expect(await scalar(host, 'prodex_lines_read_total{HOST}')).toBe(linesRead);
}

beforeAll(async () => {
	root = mkdtempSync(join(tmpdir(), 'prodex-top-prom-e2e-'));
	const now = Date.now();
	for (const [name, rules, era, pid] of [['a', RULES_CURRENT, 'current', process.pid], ['b', RULES_027, 'seed', deadPid()]] as const) {
		const logDir = join(root, name, 'logs');
		mkdirSync(logDir, {recursive: true});
		const log = join(logDir, `prodex-runtime-${pid}-${now}-0.log`);
		// More than the doctor's 128 KiB: the window is a real tail.
		writeFileSync(log, text(generateLines({seed: name === 'a' ? 11 : 12, lines: 1500, era, pid, startMs: now - 60_000})));
		writeFileSync(join(logDir, POINTER), `${log}\n`);
		hosts.push({name, logDir, home: join(root, name, 'home'), rules, log, stderr: ''});
	}
	for (const host of hosts) host.port = await startHost(host);
	prometheus = await startPrometheus({targets: hosts.map(host => ({address: `127.0.0.1:${host.port}`, labels: {host: host.name}})), ruleFiles: [ALERTS], evaluationIntervalSeconds: 1});
	await pollUntil('both targets up', async () => {
		const health = await prometheus!.targetHealth();
		return health['a'] === 'up' && health['b'] === 'up' ? true : undefined;
	});
}, 30_000);

afterAll(async () => {
	for (const host of hosts) {
		if (host.child !== undefined && host.child.exitCode === null && host.child.signalCode === null) {
			const exited = new Promise(resolve => host.child!.once('exit', resolve));
			host.child.kill('SIGKILL');
			await exited;
		}
	}
	await prometheus?.stop();
	if (root !== undefined) rmSync(root, {recursive: true, force: true});
});

describe('a real Prometheus scraping two exporters', () => {
	test('every window series equals --json for the same log; run counters count the whole run; build info, run_active', async () => {
		for (const host of hosts) {
			await untilLinesRead(host, linesOf(host.log));
			await expectWindowEqualsJson(host);
			await expectCountersEqualRun(host, [host.log], linesOf(host.log));
			expect(await byLabel(host, 'prodex_build_info{HOST}', 'rules')).toEqual({[host.rules.id]: 1});
		}
		// a's header names this test's pid (alive), b's a pid that has exited.
		expect(await scalar(hosts[0]!, 'prodex_run_active{HOST}')).toBe(1);
		expect(await scalar(hosts[1]!, 'prodex_run_active{HOST}')).toBe(0);
		expect(hosts[0]!.stderr).toContain('prodex-top: run started: ');
		expect(hosts[0]!.stderr).toContain('(rules current: auto: log header says prodex 0.411.0)');
	});

	test('a rotation of the run’s file keeps the counters; a new proxy run resets them (Prometheus sees one reset)', async () => {
		const host = hosts[0]!;
		const started = await scalar(host, 'prodex_run_started_timestamp_seconds{HOST}');
		const first = host.log;
		const before = linesOf(first);
		// Rotation: more lines, then the file renamed away and a new one at the same path.
		appendFileSync(first, text(generateLines({seed: 21, lines: 200, era: 'current', header: false, startup: false, startMs: Date.now()})));
		await untilLinesRead(host, linesOf(first));
		const rotated = `${first}.1`;
		renameSync(first, rotated);
		writeFileSync(first, text(generateLines({seed: 22, lines: 300, era: 'current', header: false, startup: false, startMs: Date.now()})));
		const afterRotation = linesOf(rotated) + linesOf(first);
		expect(afterRotation).toBeGreaterThan(before);
		await untilLinesRead(host, afterRotation);
		await expectCountersEqualRun(host, [rotated, first], afterRotation);
		expect(await scalar(host, 'prodex_run_started_timestamp_seconds{HOST}')).toBe(started);
		expect(await scalar(host, 'resets(prodex_lines_read_total{HOST}[5m])')).toBe(0);
		await expectWindowEqualsJson(host);

		// A new proxy run: a new log and the pointer moved to it, as prodex does at start-up.
		const next = join(host.logDir, `prodex-runtime-${process.pid}-${Date.now() + 1000}-1.log`);
		writeFileSync(next, text(generateLines({seed: 23, lines: 120, era: 'current', pid: process.pid, startMs: Date.now()})));
		writeFileSync(join(host.logDir, POINTER), `${next}\n`);
		host.log = next;
		await untilLinesRead(host, linesOf(next));
		expect(await scalar(host, 'prodex_run_started_timestamp_seconds{HOST}')).toBeGreaterThan(started!);
		await expectCountersEqualRun(host, [next], linesOf(next));
		expect(await scalar(host, 'resets(prodex_lines_read_total{HOST}[5m])')).toBe(1);
		expect(await scalar(host, 'prodex_run_active{HOST}')).toBe(1);
		await expectWindowEqualsJson(host);
		expect(host.stderr).toContain(`prodex-top: new proxy run: ${next}`);
		// The other host saw none of it.
		expect(await scalar(hosts[1]!, 'resets(prodex_lines_read_total{HOST}[5m])')).toBe(0);
	}, 45_000);

	test('contrib/: the alert rules load and evaluate in this Prometheus; every Grafana dashboard expression returns data from it', async () => {
		type RuleGroup = {rules: Array<{name: string; health: string; lastError?: string; lastEvaluation: string}>};
		const rules = await pollUntil('every alert rule evaluated', async () => {
			const body = (await (await fetch(`${prometheus!.url}/api/v1/rules`)).json()) as {data: {groups: RuleGroup[]}};
			const all = body.data.groups.flatMap(group => group.rules);
			return all.length > 0 && all.every(rule => !rule.lastEvaluation.startsWith('0001-')) ? all : undefined;
		});
		expect(rules.map(rule => rule.name).sort()).toEqual(['ProdexExporterDown', 'ProdexIncidentActive', 'ProdexNoLogLines', 'ProdexPersistenceBacklogGrowing', 'ProdexPressureElevated']);
		for (const rule of rules) expect(rule.health, `${rule.name}: ${rule.lastError ?? ''}`).toBe('ok');

		const expressions = grafanaExpressions(JSON.parse(readFileSync(DASHBOARD, 'utf8')));
		expect(expressions.length).toBeGreaterThan(10);
		const empty: string[] = [];
		for (const expression of expressions) if ((await prometheus!.query(expression)).length === 0) empty.push(expression);
		expect(empty).toEqual([]);

		// The readme's "Many hosts" capture: PROMETHEUS_CAPTURE=FILE writes these queries' answers there.
		const capture = process.env['PROMETHEUS_CAPTURE'];
		if (capture !== undefined && capture !== '') {
			const shown = async (expression: string) => {
				const samples = await prometheus!.query(expression);
				const rows = samples.map(({metric, value}) => {
					const {__name__: name = '', job: _job, instance: _instance, ...labels} = metric;
					return `${name}{${Object.entries(labels).sort(([a], [b]) => a.localeCompare(b)).map(([key, label]) => `${key}="${label}"`).join(',')}} ${value}`;
				});
				return `> ${expression}\n${rows.sort().join('\n')}\n`;
			};
			const queries = ['prodex_build_info', 'max by (host, pressure) (prodex_pressure{level!="low"} == 1)', 'prodex_diagnosis_info', 'prodex_incident_active == 1', 'prodex_backlog', 'topk(3, prodex_marker_lines{host="a"})', 'prodex_lines_read_total', 'resets(prodex_lines_read_total[5m])', 'prodex_run_active', 'ALERTS'];
			writeFileSync(capture, (await Promise.all(queries.map(shown))).join('\n'));
		}
	});

	test('nothing listens on a non-loopback address: Prometheus and both exporters, read from /proc', () => {
		const listening = [prometheus!.pid, ...hosts.map(host => host.child!.pid!)].map(pid => ({pid, addresses: listeningAddresses(pid)}));
		for (const {pid, addresses} of listening) {
			expect(addresses.length, `pid ${pid}`).toBeGreaterThan(0);
			expect(addresses.filter(address => !isLoopback(address)), `pid ${pid}`).toEqual([]);
		}
		expect(listening[1]!.addresses).toEqual([`127.0.0.1:${hosts[0]!.port}`]);
	});

	test('the exporters exit 0 on SIGTERM and SIGINT, saying so', async () => {
		for (const [host, signal] of [[hosts[0]!, 'SIGTERM'], [hosts[1]!, 'SIGINT']] as const) {
			const exited = new Promise<number | null>(resolve => host.child!.once('exit', code => resolve(code)));
			host.child!.kill(signal);
			expect(await exited).toBe(0);
			expect(host.stderr).toContain(`prodex-top: stopping (${signal})\n`);
		}
	});
});
