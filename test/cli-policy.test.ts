import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {runCli} from './helpers/cli.js';

const LANE_LOG = new URL('fixtures/suggestions/lane_pressure.log', import.meta.url).pathname;
/** Pinned knobs: the defaults depend on the host's cores, these do not. */
const POLICY = 'version = 1\n[runtime_proxy]\ncompact_active_limit = 3\nactive_request_limit = 10\n';

let dir: string | undefined;
afterEach(() => {
	if (dir !== undefined) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});

function home(policy: string | null): string {
	dir = mkdtempSync(join(tmpdir(), 'prodex-top-policy-'));
	const root = join(dir, '.prodex');
	mkdirSync(root);
	if (policy !== null) writeFileSync(join(root, 'policy.toml'), policy);
	return root;
}

describe('--suggest-policy', () => {
	test('--once prints prodex\'s suggestion block after the summary', () => {
		const root = home(POLICY);
		const {status, stdout} = runCli(['--log', LANE_LOG, '--rules', 'current', '--once', '--suggest-policy', '--prodex-home', root]);
		expect(status).toBe(0);
		const block = stdout.slice(stdout.indexOf('Runtime Policy Suggestions'));
		expect(block).toBe(
			[
				'Runtime Policy Suggestions',
				'- Lane pressure: 2 lane-limit marker(s) on lane=compact; apply only if host/network headroom exists',
				'  policy.toml:',
				'  [runtime_proxy]',
				'  compact_active_limit = 12',
				'  active_request_limit = 14',
				'',
			].join('\n'),
		);
		// Without the flag there is no block.
		expect(runCli(['--log', LANE_LOG, '--rules', 'current', '--once', '--prodex-home', root]).stdout).not.toContain('Runtime Policy Suggestions');
	});

	test('--json carries policy_suggestion_count and policy_suggestions, and the command-level keys', () => {
		const root = home(POLICY);
		const {status, stdout} = runCli(['--log', LANE_LOG, '--rules', 'current', '--json', '--suggest-policy', '--prodex-home', root], {env: {PRODEX_RUNTIME_LOG_DIR: join(dir!, 'logs')}});
		expect(status).toBe(0);
		const json = JSON.parse(stdout) as Record<string, unknown>;
		expect(json.policy_suggestion_count).toBe(1);
		expect(json.policy_suggestions).toEqual([
			{
				id: 'lane_pressure',
				markers: ['runtime_proxy_lane_limit_reached'],
				reason: '2 lane-limit marker(s) on lane=compact; apply only if host/network headroom exists',
				settings: [
					{current_value: 3, key: 'compact_active_limit', rationale: 'raise the compact lane cap after repeated lane-limit markers', section: 'runtime_proxy', suggested_value: 12},
					{current_value: 10, key: 'active_request_limit', rationale: 'keep the global admission cap above the suggested lane cap', section: 'runtime_proxy', suggested_value: 14},
				],
				severity: 'medium',
				snippet: '[runtime_proxy]\ncompact_active_limit = 12\nactive_request_limit = 14',
				title: 'Lane pressure',
			},
		]);
		expect(json.runtime_policy).toEqual({path: join(root, 'policy.toml'), version: 1});
		expect(json.runtime_logs).toEqual({directory: join(dir!, 'logs'), format: 'text'});
		expect(json.audit_logs).toEqual({directory: join(dir!, 'logs'), exists: false, path: join(dir!, 'logs', 'prodex-audit.log')});
		expect(json.secret_backend).toEqual({backend: 'file', keyring_service: null});
		expect(json.import_auth_journals).toEqual({orphan_count: 0, repair_performed: false, repaired: 0, status: 'ok'});
		// Without the flag: the command keys, no suggestions.
		const plain = JSON.parse(runCli(['--log', LANE_LOG, '--rules', 'current', '--json', '--prodex-home', root]).stdout) as Record<string, unknown>;
		expect(plain.policy_suggestions).toBeUndefined();
		expect(plain.runtime_policy).toEqual({path: join(root, 'policy.toml'), version: 1});
	});

	test('an invalid runtime configuration: one line on stderr, no suggestions, the refusal in the JSON', () => {
		const root = home(null);
		const env = {PRODEX_RUNTIME_PROXY_ACTIVE_REQUEST_LIMIT: '0'};
		const once = runCli(['--log', LANE_LOG, '--rules', 'current', '--once', '--suggest-policy', '--prodex-home', root], {env});
		expect(once.status).toBe(0);
		expect(once.stdout).not.toContain('Runtime Policy Suggestions');
		expect(once.stderr).toBe('prodex-top: no policy suggestions: the runtime configuration is invalid: PRODEX_RUNTIME_PROXY_ACTIVE_REQUEST_LIMIT must be greater than zero\n');
		const json = JSON.parse(runCli(['--log', LANE_LOG, '--rules', 'current', '--json', '--suggest-policy', '--prodex-home', root], {env}).stdout) as Record<string, unknown>;
		expect(json.runtime_configuration_error).toBe('PRODEX_RUNTIME_PROXY_ACTIVE_REQUEST_LIMIT must be greater than zero');
		expect(json.policy_suggestions).toBeUndefined();
		// A policy prodex refuses: no runtime_policy, its reason, no suggestions.
		const badRoot = home('version = 2\n');
		const bad = JSON.parse(runCli(['--log', LANE_LOG, '--rules', 'current', '--json', '--suggest-policy', '--prodex-home', badRoot]).stdout) as Record<string, unknown>;
		expect(bad.runtime_policy).toBeNull();
		expect(bad.runtime_policy_error).toBe(`unsupported prodex policy version 2 in ${join(badRoot, 'policy.toml')}; expected 1`);
		expect(bad.policy_suggestions).toBeUndefined();
	});

	test('under the 0.27 rules: no suggestions and no command keys (the 0.27 doctor had none), with a note', () => {
		const root = home(POLICY);
		const once = runCli(['--log', LANE_LOG, '--rules', '0.27', '--once', '--suggest-policy', '--prodex-home', root]);
		expect(once.stdout).not.toContain('Runtime Policy Suggestions');
		expect(once.stderr).toBe('prodex-top: no policy suggestions: they belong to the current rules, and this run uses 0.27\n');
		const json = JSON.parse(runCli(['--log', LANE_LOG, '--rules', '0.27', '--json', '--suggest-policy', '--prodex-home', root]).stdout) as Record<string, unknown>;
		expect(json.policy_suggestions).toBeUndefined();
		expect(json.runtime_policy).toBeUndefined();
	});

	test('control bytes from the log never reach the suggestion text', () => {
		const root = home(POLICY);
		const log = join(dir!, 'escape.log');
		writeFileSync(log, '[2026-04-24 09:00:00.000 +07:00] profile_inflight_saturated profile="a\u001B]0;pwned\u0007b" hard_limit=4\n');
		const {stdout} = runCli(['--log', log, '--rules', 'current', '--once', '--suggest-policy', '--prodex-home', root]);
		expect(stdout).toContain('Profile in-flight saturation');
		expect(stdout).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F]/u);
	});
});
