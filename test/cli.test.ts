import {chmodSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {CLI, runCli, runCliAs} from './helpers/cli.js';
import {LOG_4343, fixtureEnv, type FixtureEnv} from './helpers/fixture-env.js';
import {ZERO_COUNTERS} from '../source/core/state-inputs.js';

let env: FixtureEnv | undefined;
afterEach(() => {
	env?.cleanup();
	env = undefined;
});

const STATE_KEYS = ['degraded_routes', 'orphan_managed_dirs', 'stale_persisted_usage_snapshots', 'persisted_dead_continuations', 'suspect_continuation_bindings'];

describe('one-shot CLI', () => {
	test('--json on scenario A with the 0.27 rules equals the expected doctor keys (log part)', () => {
		env = fixtureEnv();
		env.pointTo(join(env.logDir, LOG_4343));
		const {status, stdout, stderr} = runCli(['--log-dir', env.logDir, '--rules', '0.27', '--json']);
		expect(stderr).toBe('');
		expect(status).toBe(0);
		const actual = JSON.parse(stdout) as Record<string, unknown>;
		const expected = JSON.parse(readFileSync(new URL('fixtures/expected/doctor-0.27-scenario-A.json', import.meta.url), 'utf8')) as Record<string, unknown>;
		expected.log_path = (expected.log_path as string).replace('<LOGDIR>', env.logDir);
		for (const key of STATE_KEYS) delete expected[key];
		// runCli points PRODEX_HOME at a directory that does not exist: the state keys hold their empty values.
		expect(actual).toMatchObject({degraded_routes: [], orphan_managed_dirs: [], stale_persisted_usage_snapshots: 0, persisted_dead_continuations: 0, suspect_continuation_bindings: []});
		for (const key of STATE_KEYS) delete actual[key];
		// The persisted-state counters and profiles[] (docs/output.md §4.1) are checked in cli-state.test.ts.
		expect(actual).toMatchObject({...ZERO_COUNTERS, profiles: []});
		for (const key of [...Object.keys(ZERO_COUNTERS), 'profiles']) delete actual[key];
		expect(actual).toEqual(expected);
		// Keys are printed in code point order, two-space indented, like serde_json.
		expect(stdout.startsWith('{\n  "compat_warning_count": 1,\n')).toBe(true);
	});

	test('--json via $PRODEX_RUNTIME_LOG_DIR and the env default', () => {
		env = fixtureEnv();
		env.pointTo(join(env.logDir, LOG_4343));
		const {status, stdout} = runCli(['--json'], {env: {PRODEX_RUNTIME_LOG_DIR: env.logDir}});
		expect(status).toBe(0);
		const report = JSON.parse(stdout) as {diagnosis: string; line_count: number};
		expect(report.line_count).toBe(32);
		// auto picks the current rules: the log header carries prodex_version=.
		expect(report.diagnosis).toBe('Recent stale continuation was surfaced to Codex via fail-closed handling. Latest reason: previous_response_not_found_locked_affinity.');
	});

	test('--once prints the doctor rows; without a TTY and without flags it behaves as --once', () => {
		env = fixtureEnv();
		env.pointTo(join(env.logDir, LOG_4343));
		const once = runCli(['--log-dir', env.logDir, '--rules', '0.27', '--once']);
		expect(once.status).toBe(0);
		expect(once.stdout).toContain('[ Runtime Proxy ] ===');
		expect(once.stdout).toMatch(/^Log sample: +32 lines$/m);
		expect(once.stdout).toMatch(/^Prev not found routes: +websocket=3$/m);
		expect(once.stdout).toMatch(/^State save lag: +161$/m);
		expect(once.stdout).toMatch(/^Hot route: +websocket \(4\)$/m);
		expect(once.stdout).toMatch(/^Failure classes: +continuation=3, quota=1, transport=1$/m);
		expect(once.stdout).toMatch(/^Diagnosis: +Recent previous_response_id continuity failures were observed: websocket=3\.$/m);
		expect(once.stdout).toContain('rules 0.27 (--rules)');
		const piped = runCli(['--log-dir', env.logDir, '--rules', '0.27']);
		expect(piped.status).toBe(0);
		expect(piped.stdout).toBe(once.stdout);
	});

	test('secrets and terminal control bytes from the log never reach the output', () => {
		env = fixtureEnv();
		const log = join(env.logDir, 'prodex-runtime-7-1-0.log');
		writeFileSync(log, [
			'{"timestamp":"2026-05-12T00:00:00Z","event":"runtime_proxy_lane_limit_reached","fields":{"route":"/v1/responses\\u001b[31m","authorization":"Bearer fixture-secret-sentinel"}}',
			'[2026-05-12 00:00:01.000 +00:00] stream_read_error route="/v1/responses\u001B[31m" authorization="Bearer fixture-secret-sentinel" note="\u001B]0;title\u0007 \u009B2J"',
			'',
		].join('\n'));
		for (const mode of ['--json', '--once']) {
			const {status, stdout} = runCli(['--log', log, mode]);
			expect(status).toBe(0);
			expect(stdout).not.toContain('fixture-secret-sentinel');
			// No C0 (except newline), DEL or C1 control character anywhere in the output.
			expect(stdout).not.toMatch(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/);
		}
		expect(JSON.parse(runCli(['--log', log, '--json']).stdout).last_marker_line).toBe(
			'[2026-05-12 00:00:01.000 +00:00] stream_read_error route="/v1/responses [31m" authorization="<redacted>" note=" ]0;title   2J"',
		);
	});

	test('--tail-bytes 0 reads the whole file; --stdin reads a pipe', () => {
		env = fixtureEnv();
		const log = join(env.logDir, 'prodex-runtime-8-1-0.log');
		writeFileSync(log, `[t] runtime_proxy_queue_overloaded lane=responses\n${'x'.repeat(140_000)}\n[t] first_local_chunk route=responses\n`);
		const counts = (args: string[], input?: string) => JSON.parse(runCli([...args, '--json'], {input}).stdout).marker_counts as Record<string, number>;
		expect(counts(['--log', log])).toEqual({first_local_chunk: 1});
		expect(counts(['--log', log, '--tail-bytes', '0'])).toEqual({first_local_chunk: 1, runtime_proxy_queue_overloaded: 1});
		expect(counts(['--stdin', '--tail-bytes', '0'], readFileSync(log, 'utf8'))).toEqual({first_local_chunk: 1, runtime_proxy_queue_overloaded: 1});
	});

	test('--window on a one-shot run: the time windows by line timestamps at "now"', () => {
		env = fixtureEnv();
		const log = join(env.logDir, 'prodex-runtime-9-1-0.log');
		writeFileSync(log, [
			'[2026-04-24T00:00:00Z] stream_read_error request=1',
			'[2026-04-24T00:08:58Z] runtime_proxy_lane_limit_reached lane=compact',
			'[2026-04-24T00:09:50Z] selection_pick profile=main',
			'',
		].join('\n'));
		const now = String(Date.parse('2026-04-24T00:10:00Z') / 1000);
		const counts = (window: string) => JSON.parse(runCli(['--log', log, '--json', '--window', window], {env: {PRODEX_TOP_NOW: now}}).stdout).marker_counts as Record<string, number>;
		expect(counts('1m')).toEqual({selection_pick: 1});
		expect(counts('5m')).toEqual({runtime_proxy_lane_limit_reached: 1, selection_pick: 1});
		expect(counts('15m')).toEqual({runtime_proxy_lane_limit_reached: 1, selection_pick: 1, stream_read_error: 1});
		expect(counts('all')).toEqual(counts('doctor'));
		const once = runCli(['--log', log, '--once', '--window', '1m'], {env: {PRODEX_TOP_NOW: now}});
		expect(once.stdout).toContain('window 1m (whole file read)');
	});

	test('a missing log is not an error', () => {
		const {status, stdout} = runCli(['--log', '/nonexistent/prodex-runtime-1.log', '--json']);
		expect(status).toBe(0);
		expect(JSON.parse(stdout)).toMatchObject({log_exists: false, pointer_exists: true, diagnosis: 'Latest runtime log path does not exist.'});
		const dir = runCli(['--log-dir', '/nonexistent/dir', '--json']);
		expect(JSON.parse(dir.stdout)).toMatchObject({log_exists: false, pointer_exists: false, log_path: null, diagnosis: 'No runtime log pointer has been created yet.'});
	});

	test('an unreadable log (permission) prints one line and exits 1', () => {
		env = fixtureEnv();
		const log = join(env.logDir, LOG_4343);
		chmodSync(log, 0o600);
		chmodSync(env.root, 0o755);
		chmodSync(env.logDir, 0o755);
		// As root, reading is never denied: run the CLI as nobody instead.
		const root = process.getuid?.() === 0;
		if (!root) chmodSync(log, 0o000);
		const {status, stdout, stderr} = root ? runCliAs(65_534, 65_534, ['--log', log, '--json']) : runCli(['--log', log, '--json']);
		expect(stdout).toBe('');
		expect(stderr).toBe(`prodex-top: cannot read ${log}: permission denied\n`);
		expect(status).toBe(1);
	});

	test.each([
		[['--bogus'], 'unknown flag --bogus'],
		[['-x'], 'unknown flag -x'],
		[['--tail-bytes', 'abc'], '--tail-bytes must be a whole number of bytes (0 = whole file), not "abc"'],
		[['--tail-bytes', '-5'], '--tail-bytes must be a whole number of bytes (0 = whole file), not "-5"'],
		[['--rules', '0.28'], '--rules must be auto, 0.27 or current, not "0.28"'],
		[['--log', 'a', '--log-dir', 'b'], 'choose one source: --log-dir, --log, --stdin or --demo'],
		[['--once', '--json'], '--once and --json cannot be combined'],
		[['--follow'], '--follow only works with --json'],
		[['extra'], 'unexpected argument "extra"'],
		[['--log'], '--log needs a value'],
		[['--window', '2m'], '--window must be one of doctor, 1m, 5m, 15m, 1h, all, not "2m"'],
		[['--demo', '--once'], '--demo needs the dashboard or --json --follow'],
		[['--demo', '--json'], '--demo needs the dashboard or --json --follow'],
		[['--demo', '--log-dir', 'x'], 'choose one source: --log-dir, --log, --stdin or --demo'],
		[['--headless'], '--headless needs --metrics [HOST:]PORT'],
		[['--metrics', 'host.example:9464'], '--metrics must be PORT or HOST:PORT (an IPv4 address, localhost or [IPv6]), not "host.example:9464"'],
		[['--metrics', '70000'], '--metrics port must be 0-65535, not 70000'],
		[['--metrics', '9464', '--json'], '--metrics works with the dashboard or --headless, not with --once or --json'],
		[['--metrics', '9464', '--metrics-labels', 'route'], '--metrics-labels takes profile, not "route"'],
		[['--metrics-labels', 'profile'], '--metrics-labels only works with --metrics'],
		[['--metrics'], '--metrics needs a value'],
	])('usage error %j: one line plus the usage hint, exit 2', (args, message) => {
		const {status, stdout, stderr} = runCli(args);
		expect(status).toBe(2);
		expect(stdout).toBe('');
		expect(stderr).toBe(`prodex-top: ${message}\nRun 'prodex-top --help' for usage.\n`);
	});

	test('--help and --version', () => {
		const help = runCli(['--help']);
		expect(help.status).toBe(0);
		expect(help.stdout).toContain('Usage');
		expect(help.stdout).toContain('--tail-bytes N');
		for (const flag of ['--metrics [HOST:]PORT', '--headless', '--metrics-labels profile']) expect(help.stdout).toContain(flag);
		const version = runCli(['--version']);
		expect(version.status).toBe(0);
		expect(version.stdout.trim()).toBe(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version);
	});

	test('--help and one-shot modes never load Ink: no static import path from cli.js or run-once.js reaches it', () => {
		const seen = new Set<string>();
		const visit = (file: string) => {
			if (seen.has(file)) return;
			seen.add(file);
			const code = readFileSync(file, 'utf8');
			for (const match of code.matchAll(/^import\s[^;]*?from\s+'([^']+)';$/gm)) {
				const spec = match[1]!;
				expect(spec).not.toMatch(/^(ink|react)(\/|$)/);
				if (spec.startsWith('.')) visit(join(dirname(file), spec));
			}
		};
		// cli.js statically, and the one-shot module it loads after parsing the flags.
		visit(CLI);
		visit(join(dirname(CLI), 'run-once.js'));
		expect(seen.size).toBeGreaterThan(10);
	});
});
