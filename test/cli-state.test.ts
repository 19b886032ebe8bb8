import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {runCli} from './helpers/cli.js';
import {LOG_4343, SAMPLE_HOME_COUNTERS, fixtureEnv, type FixtureEnv} from './helpers/fixture-env.js';

let env: FixtureEnv | undefined;
afterEach(() => {
	env?.cleanup();
	env = undefined;
});

const NOW = '1745463900';
const setUp = () => {
	env = fixtureEnv();
	env.pointTo(join(env.logDir, LOG_4343));
	return env;
};
const expected35 = (logDir: string) => {
	const expected = JSON.parse(readFileSync(new URL('fixtures/expected/doctor-0.27-scenario-A.json', import.meta.url), 'utf8')) as Record<string, unknown>;
	expected.log_path = (expected.log_path as string).replace('<LOGDIR>', logDir);
	return expected;
};

describe('CLI with --prodex-home (persisted state)', () => {
	test('--json, scenario A, 0.27 rules, at the fixture clock: all 35 doctor keys equal the expected file', () => {
		const {logDir, prodexHome} = setUp();
		const {status, stdout, stderr} = runCli(['--log-dir', logDir, '--prodex-home', prodexHome, '--rules', '0.27', '--json'], {env: {PRODEX_TOP_NOW: NOW}});
		expect(stderr).toBe('');
		expect(status).toBe(0);
		const actual = JSON.parse(stdout) as Record<string, unknown>;
		const expected = expected35(logDir);
		expect(Object.keys(expected)).toHaveLength(35);
		expect(Object.fromEntries(Object.keys(expected).map(key => [key, actual[key]]))).toEqual(expected);
		expect(actual).toMatchObject({
			degraded_routes: ['main/websocket circuit=open until=1745464140'],
			orphan_managed_dirs: ['old-work'],
			stale_persisted_usage_snapshots: 1,
			persisted_dead_continuations: 1,
			suspect_continuation_bindings: ['resp_6f1c2a:suspect'],
		});
	});

	test('--json also carries the persisted_* counters, journal saved_at, recovered_* flags, backups and profiles (docs/output.md §4.1)', () => {
		const {logDir, prodexHome} = setUp();
		const {stdout} = runCli(['--log-dir', logDir, '--prodex-home', prodexHome, '--rules', '0.27', '--json'], {env: {PRODEX_TOP_NOW: NOW}});
		const actual = JSON.parse(stdout) as Record<string, unknown>;
		expect(actual).toMatchObject(SAMPLE_HOME_COUNTERS);
		const profiles = actual.profiles as Array<Record<string, unknown>>;
		expect(profiles.map(p => [p.profile, p.quota_freshness, p.quota_age_seconds])).toEqual([
			['main', 'fresh', 120],
			['second', 'stale', 5400],
		]);
		expect((profiles[0]!.routes as Array<Record<string, unknown>>).map(r => r.route)).toEqual(['responses', 'websocket', 'compact', 'standard']);
		// Keys stay in code point order, nested ones too.
		expect(stdout).toContain('"persisted_warm_continuations": 1,\n  "persistence_pressure": "low",\n  "pointer_exists": true,');
		expect(stdout).toContain('{\n      "profile": "main",\n      "quota_age_seconds": 120,');
	});

	test('i64::MAX quota age prints exactly for a profile without a snapshot', () => {
		const {logDir, prodexHome} = setUp();
		writeFileSync(join(prodexHome, 'runtime-usage-snapshots.json'), '{}');
		const {stdout} = runCli(['--log-dir', logDir, '--prodex-home', prodexHome, '--json'], {env: {PRODEX_TOP_NOW: NOW}});
		expect(stdout).toContain('"quota_age_seconds": 9223372036854775807,');
	});

	test('--once shows the state rows', () => {
		const {logDir, prodexHome} = setUp();
		const {status, stdout} = runCli(['--log-dir', logDir, '--prodex-home', prodexHome, '--rules', '0.27', '--once'], {env: {PRODEX_TOP_NOW: NOW, TZ: 'UTC'}});
		expect(status).toBe(0);
		expect(stdout).toMatch(/^Persisted backoffs: +retry=0 transport=0 circuits=1$/m);
		expect(stdout).toMatch(/^Persisted snapshots: +2 total, 1 stale$/m);
		expect(stdout).toMatch(/^Continuation states: +verified=1 warm=1 suspect=1 dead=1$/m);
		expect(stdout).toMatch(/^Continuation journal: +responses=1 sessions=0 turns=0 session_ids=1 saved_at=2025-04-24 03:00:14$/m);
		// This row is longer than the 110 columns and wraps onto a continuation line.
		expect(stdout).toMatch(/^Recovered state: +state=false continuations=false journal=false scores=false usage=false backoffs=false\s+backups=1$/m);
		expect(stdout).toMatch(/^Degraded routes: +main\/websocket circuit=open until=1745464140$/m);
		expect(stdout).toMatch(/^Orphan dirs: +old-work$/m);
		expect(stdout).toMatch(/^Suspect continuations: +count=1 bindings=resp_6f1c2a:suspect$/m);
	});

	test('a broken state file is reported on stderr with --json and after the panel with --once; stdout stays JSON', () => {
		const {logDir, prodexHome} = setUp();
		writeFileSync(join(prodexHome, 'runtime-scores.json'), '{"half": ');
		const json = runCli(['--log-dir', logDir, '--prodex-home', prodexHome, '--json'], {env: {PRODEX_TOP_NOW: NOW}});
		expect(json.stderr).toBe('prodex-top: state: runtime-scores.json: unreadable (invalid JSON); using the empty default\n');
		expect(JSON.parse(json.stdout)).toMatchObject({recovered_scores_file: false, persisted_route_circuits: 1});
		const once = runCli(['--log-dir', logDir, '--prodex-home', prodexHome, '--once'], {env: {PRODEX_TOP_NOW: NOW}});
		expect(once.stdout).toContain('\nstate: runtime-scores.json: unreadable (invalid JSON); using the empty default\n');
	});

	test('without the test clock the real time is used: the 2025 snapshots, scores and circuit are long gone, the orphan remains', () => {
		const {logDir, prodexHome} = setUp();
		const {stdout} = runCli(['--log-dir', logDir, '--prodex-home', prodexHome, '--json'], {env: {PRODEX_TOP_NOW: ''}});
		expect(JSON.parse(stdout)).toMatchObject({
			orphan_managed_dirs: ['old-work'],
			persisted_usage_snapshots: 0,
			stale_persisted_usage_snapshots: 0,
			persisted_dead_continuations: 0,
			suspect_continuation_bindings: [],
			degraded_routes: ['main/websocket circuit=half-open until=1745464140'],
			last_good_backups_present: 1,
		});
	});

	test('$PRODEX_HOME is used when --prodex-home is absent', () => {
		const {logDir, prodexHome} = setUp();
		const {stdout} = runCli(['--log-dir', logDir, '--json'], {env: {PRODEX_TOP_NOW: NOW, PRODEX_HOME: prodexHome}});
		expect(JSON.parse(stdout)).toMatchObject({orphan_managed_dirs: ['old-work'], persisted_route_circuits: 1});
	});
});
