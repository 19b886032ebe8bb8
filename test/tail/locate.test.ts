import {mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';
import {doctorOnce, type OnceResult} from '../../source/tail/doctor-once.js';
import {
	NOTE_MISSING,
	NOTE_MISSING_NEWER,
	NOTE_STALE,
	locateLog,
	readPointer,
	resolveLogDir,
	resolveProdexHome,
	samePathComponents,
	type LocateEnv,
} from '../../source/tail/locate.js';
import {LOG_4242, LOG_4343, fixtureEnv, type FixtureEnv} from '../helpers/fixture-env.js';

// A prodex root that never exists, so no test reads the machine's ~/.prodex.
const NO_HOME = '/nonexistent/prodex-top-test-home';

let env: FixtureEnv | undefined;
afterEach(() => {
	env?.cleanup();
	env = undefined;
});

const D2_027 = 'Recent previous_response_id continuity failures were observed: websocket=3.';
const D2_CURRENT = 'Recent stale continuation was surfaced to Codex via fail-closed handling. Latest reason: previous_response_not_found_locked_affinity.';

function once(logDir: string, rules: '0.27' | 'current'): OnceResult {
	const result = doctorOnce({source: {kind: 'dir', dir: logDir}, prodexHome: NO_HOME, tailBytes: 131_072, rules});
	if ('fatal' in result) throw new Error(result.fatal);
	return result;
}

describe('pointer scenarios (fixtures/README.md §2)', () => {
	type Scenario = {name: string; setup: (e: FixtureEnv) => void; sampled: string | null; pointer: boolean; log: boolean; d027: string; dCurrent: string};
	const scenarios: Scenario[] = [
		{name: 'A pointer → 4343', setup: e => e.pointTo(join(e.logDir, LOG_4343)), sampled: LOG_4343, pointer: true, log: true, d027: D2_027, dCurrent: D2_CURRENT},
		{name: 'B pointer → older 4242', setup: e => e.pointTo(join(e.logDir, LOG_4242)), sampled: LOG_4343, pointer: true, log: true, d027: `${D2_027} ${NOTE_STALE}`, dCurrent: `${D2_CURRENT} ${NOTE_STALE}`},
		{name: 'C pointer → missing file', setup: e => e.pointTo(join(e.logDir, 'prodex-runtime-9999-1745460000000-0.log')), sampled: LOG_4343, pointer: true, log: true, d027: `${D2_027} ${NOTE_MISSING_NEWER}`, dCurrent: `${D2_CURRENT} ${NOTE_MISSING_NEWER}`},
		{name: 'D no pointer', setup: () => undefined, sampled: LOG_4343, pointer: false, log: true, d027: 'No runtime log pointer has been created yet.', dCurrent: 'No runtime log pointer has been created yet.'},
		{
			name: 'E pointer → missing, both logs deleted',
			setup: e => {
				e.pointTo(join(e.logDir, 'prodex-runtime-9999-1745460000000-0.log'));
				unlinkSync(join(e.logDir, LOG_4242));
				unlinkSync(join(e.logDir, LOG_4343));
			},
			sampled: null,
			pointer: true,
			log: false,
			d027: `Latest runtime log path does not exist. ${NOTE_MISSING}`,
			dCurrent: `Latest runtime log path does not exist. ${NOTE_MISSING}`,
		},
		{
			name: 'F 4343 deleted, pointer → 4242',
			setup: e => {
				unlinkSync(join(e.logDir, LOG_4343));
				e.pointTo(join(e.logDir, LOG_4242));
			},
			sampled: LOG_4242,
			pointer: true,
			log: true,
			d027: 'Recent selection decisions were logged; inspect the last marker for why a profile was picked or skipped.',
			dCurrent: 'Background quota refresh activity was detected; inspect the last marker for the most recent profile refresh.',
		},
		{name: 'G pointer outside the log dir', setup: e => e.pointTo('/nonexistent-dir/prodex-runtime-1-1-0.log'), sampled: LOG_4343, pointer: true, log: true, d027: D2_027, dCurrent: D2_CURRENT},
	];
	test.each(scenarios)('$name', scenario => {
		env = fixtureEnv();
		scenario.setup(env);
		for (const [rules, diagnosis] of [['0.27', scenario.d027], ['current', scenario.dCurrent]] as const) {
			const {report} = once(env.logDir, rules).finalized;
			expect(report.log_path).toBe(scenario.sampled === null ? null : join(env.logDir, scenario.sampled));
			expect([report.pointer_exists, report.log_exists]).toEqual([scenario.pointer, scenario.log]);
			expect(report.diagnosis).toBe(diagnosis);
			if (scenario.sampled === null) expect(report.line_count).toBe(0);
		}
	});

	test('per-log results: 4343 under both rule sets and 4242', () => {
		env = fixtureEnv();
		env.pointTo(join(env.logDir, LOG_4343));
		const r027 = once(env.logDir, '0.27').finalized.report;
		expect(r027.line_count).toBe(32);
		expect([r027.state_save_queue_backlog, r027.state_save_lag_ms, r027.continuation_journal_save_backlog, r027.continuation_journal_save_lag_ms, r027.profile_probe_refresh_backlog, r027.profile_probe_refresh_lag_ms]).toEqual([2n, 161n, 1n, 12n, 1n, 5001n]);
		const current = once(env.logDir, 'current').finalized.report;
		expect(current.marker_counts.get('profile_inflight')).toBe(5);
		expect(current.marker_counts.get('previous_response_not_found')).toBe(1);
		expect(current.marker_last_fields.get('local_rewrite_gemini_compact_fallback')?.get('reason')).toBe('empty semantic output');
		expect(current.last_marker_line).toBe(r027.last_marker_line);
		unlinkSync(join(env.logDir, LOG_4343));
		env.pointTo(join(env.logDir, LOG_4242));
		for (const rules of ['0.27', 'current'] as const) {
			const r = once(env.logDir, rules).finalized.report;
			expect(r.line_count).toBe(21);
			expect([r.first_timestamp, r.last_timestamp]).toEqual(['2025-04-24 09:00:00.000 +07:00', '2025-04-24 09:01:11.214 +07:00']);
			expect(Object.fromEntries(r.failure_class_counts)).toEqual({});
			expect([r.state_save_queue_backlog, r.state_save_lag_ms, r.continuation_journal_save_backlog, r.continuation_journal_save_lag_ms, r.profile_probe_refresh_backlog, r.profile_probe_refresh_lag_ms]).toEqual([1n, 158n, 1n, 14n, 1n, 640n]);
			expect([r.top_client_family, r.top_client, r.top_tool_surface, r.top_compat_warning]).toEqual(['codex (2)', 'codex_cli (2)', 'shell (2)', null]);
			expect([r.selection_pressure, r.transport_pressure, r.persistence_pressure, r.quota_freshness_pressure, r.startup_audit_pressure]).toEqual(['elevated', 'low', 'low', 'active', 'low']);
		}
	});

	test('--rules auto picks current for 4343 (prodex_version=) and 0.27 for 4242', () => {
		env = fixtureEnv();
		env.pointTo(join(env.logDir, LOG_4343));
		const auto = (dir: string) => {
			const result = doctorOnce({source: {kind: 'dir', dir}, prodexHome: NO_HOME, tailBytes: 131_072, rules: 'auto'});
			if ('fatal' in result) throw new Error(result.fatal);
			return result;
		};
		expect(auto(env.logDir).rules).toBe(RULES_CURRENT);
		expect(auto(env.logDir).rulesReason).toBe('auto: log header says prodex 0.411.0');
		unlinkSync(join(env.logDir, LOG_4343));
		env.pointTo(join(env.logDir, LOG_4242));
		expect(auto(env.logDir).rules).toBe(RULES_027);
	});
});

describe('pointer validation (docs/log-format.md §1.5)', () => {
	let dir: string;
	afterEach(() => {
		if (dir) rmSync(dir, {recursive: true, force: true});
	});
	const setup = () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-ptr-'));
		const logDir = join(dir, 'logs');
		mkdirSync(logDir);
		return logDir;
	};
	const write = (logDir: string, content: string) => writeFileSync(join(logDir, 'prodex-runtime-latest.path'), content);

	test('accepts a missing or existing log in the dir; first line only, trimmed', () => {
		const logDir = setup();
		write(logDir, `  ${join(logDir, 'prodex-runtime-123.log')}  \nsecond line\n`);
		expect(readPointer(logDir)).toBe(join(logDir, 'prodex-runtime-123.log'));
		writeFileSync(join(logDir, 'prodex-runtime-123.log'), 'x\n');
		expect(readPointer(logDir)).toBe(join(logDir, 'prodex-runtime-123.log'));
	});
	test.each<[string, (logDir: string) => string]>([
		['empty', () => '\n'],
		['wrong name', logDir => join(logDir, 'other-123.log')],
		['wrong suffix', logDir => join(logDir, 'prodex-runtime-123.txt')],
		['nested directory', logDir => {
			mkdirSync(join(logDir, 'nested'));
			return join(logDir, 'nested', 'prodex-runtime-1.log');
		}],
		['outside the log dir', () => '/tmp/prodex-runtime-1.log'],
		['symlinked log file', logDir => {
			writeFileSync(join(dir, 'real.log'), 'x\n');
			symlinkSync(join(dir, 'real.log'), join(logDir, 'prodex-runtime-link.log'));
			return join(logDir, 'prodex-runtime-link.log');
		}],
		['symlinked parent resolving elsewhere', () => {
			mkdirSync(join(dir, 'elsewhere'));
			symlinkSync(join(dir, 'elsewhere'), join(dir, 'alias'));
			return join(dir, 'alias', 'prodex-runtime-1.log');
		}],
		['a directory named like a log', logDir => {
			mkdirSync(join(logDir, 'prodex-runtime-dir.log'));
			return join(logDir, 'prodex-runtime-dir.log');
		}],
	])('rejects: %s', (_name, target) => {
		const logDir = setup();
		write(logDir, `${target(logDir)}\n`);
		expect(readPointer(logDir)).toBeNull();
		// A rejected pointer still "exists" and adds no note.
		const located = locateLog(logDir);
		expect(located.pointerExists).toBe(true);
		expect(located.note).toBeNull();
	});
	test('a log dir reached through a symlink still matches after canonicalisation', () => {
		const logDir = setup();
		symlinkSync(logDir, join(dir, 'link'));
		write(logDir, `${join(dir, 'link', 'prodex-runtime-5.log')}\n`);
		expect(readPointer(logDir)).toBe(join(dir, 'link', 'prodex-runtime-5.log'));
	});
	test('newest log: greatest mtime, ties to the greater name; ignores .path, .tmp, symlinks and dirs', () => {
		const logDir = setup();
		const file = (name: string, mtime: number) => {
			writeFileSync(join(logDir, name), 'x\n');
			utimesSync(join(logDir, name), mtime, mtime);
		};
		file('prodex-runtime-a.log', 1000);
		file('prodex-runtime-b.log', 1000);
		file('prodex-runtime-latest.path.1.2.3.tmp', 5000);
		mkdirSync(join(logDir, 'prodex-runtime-z.log'));
		symlinkSync(join(logDir, 'prodex-runtime-a.log'), join(logDir, 'prodex-runtime-zz.log'));
		expect(locateLog(logDir).logPath).toBe(join(logDir, 'prodex-runtime-b.log'));
		file('prodex-runtime-a.log', 1001);
		expect(locateLog(logDir).logPath).toBe(join(logDir, 'prodex-runtime-a.log'));
	});
	test('component-wise path comparison', () => {
		expect(samePathComponents('/a//b/./c', '/a/b/c')).toBe(true);
		expect(samePathComponents('/a/b/c/', '/a/b/c')).toBe(true);
		expect(samePathComponents('/a/b/../c', '/a/c')).toBe(false);
		expect(samePathComponents('a/b', '/a/b')).toBe(false);
	});
	test('a missing log dir is not an error', () => {
		const located = locateLog('/nonexistent/prodex-top-test');
		expect([located.pointerExists, located.logPath, located.logExists, located.note]).toEqual([false, null, false, null]);
	});
});

describe('log dir and prodex home resolution (docs/log-format.md §1.1)', () => {
	let dir: string;
	afterEach(() => {
		if (dir) rmSync(dir, {recursive: true, force: true});
	});
	const where = (env: Record<string, string>): LocateEnv => ({env, cwd: '/work/cwd', home: '/home/alice', tempDir: '/tmp'});

	test('prodex home: flag, then $PRODEX_HOME made absolute, then ~/.prodex', () => {
		expect(resolveProdexHome('/x', where({PRODEX_HOME: '/y'}))).toBe('/x');
		expect(resolveProdexHome(undefined, where({PRODEX_HOME: 'rel'}))).toBe('/work/cwd/rel');
		expect(resolveProdexHome(undefined, where({}))).toBe('/home/alice/.prodex');
	});
	test('log dir: env, then policy.toml [runtime] log_dir (relative joined to the root), then temp', () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-home-'));
		expect(resolveLogDir(dir, where({PRODEX_RUNTIME_LOG_DIR: 'rel/logs'}))).toEqual({dir: 'rel/logs', source: 'env'});
		expect(resolveLogDir(dir, where({PRODEX_RUNTIME_LOG_DIR: ''}))).toEqual({dir: '/tmp', source: 'temp'});
		writeFileSync(join(dir, 'policy.toml'), '# policy\n[runtime]\nlog_format = "json"\nlog_dir = "logs" # here\n\n[other]\nx = 1\n');
		expect(resolveLogDir(dir, where({}))).toEqual({dir: join(dir, 'logs'), source: 'policy'});
		writeFileSync(join(dir, 'policy.toml'), "[runtime]\nlog_dir = '/var/log/prodex'\n");
		expect(resolveLogDir(dir, where({}))).toEqual({dir: '/var/log/prodex', source: 'policy'});
		writeFileSync(join(dir, 'policy.toml'), 'runtime.log_dir = "/dotted"\n');
		expect(resolveLogDir(dir, where({}))).toEqual({dir: '/dotted', source: 'policy'});
	});
	test.each([
		['empty log_dir', '[runtime]\nlog_dir = ""\n'],
		['unknown key in [runtime]', '[runtime]\nlog_dir = "/x"\nverbose = true\n'],
		['bad log_format', '[runtime]\nlog_dir = "/x"\nlog_format = "xml"\n'],
		['log_dir not a string', '[runtime]\nlog_dir = 5\n'],
	])('an invalid policy falls through to the temp dir: %s', (_name, toml) => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-home-'));
		writeFileSync(join(dir, 'policy.toml'), toml);
		expect(resolveLogDir(dir, where({}))).toEqual({dir: '/tmp', source: 'temp'});
	});
});
