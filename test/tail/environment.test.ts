import {execFileSync} from 'node:child_process';
import {mkdirSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {readProdexEnvironment} from '../../source/tail/environment.js';
import type {LocateEnv} from '../../source/tail/locate.js';
import {MAX_POLICY_BYTES, readPolicyFile} from '../../source/tail/policy.js';

let dir: string;
afterEach(() => rmSync(dir, {recursive: true, force: true}));

function setUp(env: Record<string, string> = {}): {root: string; where: LocateEnv} {
	dir = mkdtempSync(join(tmpdir(), 'prodex-top-env-'));
	const root = join(dir, '.prodex');
	mkdirSync(root);
	return {root, where: {env: {PRODEX_HOME: root, ...env}, cwd: dir, home: dir, tempDir: join(dir, 'tmp')}};
}

describe('readProdexEnvironment', () => {
	test('no policy, no variables: prodex\'s defaults', () => {
		const {where} = setUp();
		const {command, tuning} = readProdexEnvironment({kind: 'dir', dir: null}, undefined, where, 2);
		expect(command).toEqual({
			logDir: join(dir, 'tmp'),
			logFormat: 'text',
			auditDir: join(dir, 'tmp'),
			auditPath: join(dir, 'tmp', 'prodex-audit.log'),
			auditExists: false,
			policy: null,
			policyError: null,
			secretBackend: {backend: 'file', keyringService: null},
			importAuthJournals: 0,
		});
		expect('snapshot' in tuning && tuning.snapshot.activeRequestLimit).toBe(64);
	});

	test('the policy, --log-dir, the audit override, the log format and journals', () => {
		const {root, where} = setUp({PRODEX_AUDIT_LOG_DIR: '/var/audit', PRODEX_RUNTIME_LOG_FORMAT: ' JSON '});
		writeFileSync(join(root, 'policy.toml'), 'version = 1\n[runtime]\nlog_format = "text"\n[runtime_proxy]\nactive_request_limit = 12\n');
		mkdirSync(join(root, 'profile-import-auth-journal', 'sub'), {recursive: true});
		for (const name of ['a.json', 'b-1.json', 'bad name.json', 'notes.txt']) writeFileSync(join(root, 'profile-import-auth-journal', name), '{}');
		const {command, tuning} = readProdexEnvironment({kind: 'dir', dir: '/logs'}, undefined, where, 2);
		expect(command).toMatchObject({logDir: '/logs', logFormat: 'json', auditDir: '/var/audit', policy: {path: join(root, 'policy.toml'), version: 1}, importAuthJournals: 2});
		expect('snapshot' in tuning && tuning.snapshot.activeRequestLimit).toBe(12);
	});

	test('a policy prodex refuses: no runtime_policy, the reason, no tuning', () => {
		const {root, where} = setUp();
		writeFileSync(join(root, 'policy.toml'), '[runtime_proxy]\nactive_request_limit = 12\n');
		const missing = readProdexEnvironment({kind: 'file', path: '/x.log'}, undefined, where, 2);
		expect(missing.command.policy).toBeNull();
		expect(missing.command.policyError).toBe('policy.toml has no valid `version`');
		expect(missing.tuning).toEqual({errors: ['policy.toml has no valid `version`']});
	});
});

describe('readPolicyFile: bounded, never blocks', () => {
	test('larger than 1 MiB, a directory, a FIFO, not UTF-8: refused with a reason', () => {
		const {root} = setUp();
		const path = join(root, 'policy.toml');
		writeFileSync(path, `version = 1\n#${'x'.repeat(MAX_POLICY_BYTES)}\n`);
		expect(readPolicyFile(root)).toEqual({kind: 'refused', path, reason: 'larger than 1 MiB'});
		rmSync(path);
		writeFileSync(path, Buffer.from([0x76, 0xff, 0x0a]));
		expect(readPolicyFile(root)).toEqual({kind: 'refused', path, reason: 'not UTF-8'});
		rmSync(path);
		mkdirSync(path);
		expect(readPolicyFile(root)).toMatchObject({kind: 'refused', path});
		rmSync(path, {recursive: true});
		execFileSync('mkfifo', [path]);
		expect(readPolicyFile(root)).toEqual({kind: 'refused', path, reason: 'not a regular file'});
		rmSync(path);
		expect(readPolicyFile(root)).toEqual({kind: 'missing', path});
	});
});
