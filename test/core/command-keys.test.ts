import {describe, expect, test} from 'vitest';
import {commandJson, secretBackend, type CommandFacts} from '../../source/core/command-keys.js';

const NONE = {backend: null, keyringService: null};

describe('secret backend (prodex runtime_secret_backend.rs)', () => {
	test('file by default; the environment wins over the policy', () => {
		expect(secretBackend({}, NONE)).toEqual({backend: 'file', keyringService: null});
		expect(secretBackend({}, {backend: 'Keyring', keyringService: 'svc'})).toEqual({backend: 'keyring', keyringService: 'svc'});
		expect(secretBackend({PRODEX_SECRET_BACKEND: 'file'}, {backend: 'keyring', keyringService: 'svc'})).toEqual({backend: 'file', keyringService: null});
		expect(secretBackend({PRODEX_SECRET_BACKEND: 'keyring', PRODEX_SECRET_KEYRING_SERVICE: 'env-svc'}, {backend: null, keyringService: 'svc'})).toEqual({backend: 'keyring', keyringService: 'env-svc'});
	});
	test('an unknown backend, padding, or a keyring without a service is an invalid location', () => {
		for (const [env, policy] of [[{PRODEX_SECRET_BACKEND: 'vault'}, NONE], [{PRODEX_SECRET_BACKEND: ' file'}, NONE], [{PRODEX_SECRET_BACKEND: 'keyring'}, NONE], [{}, {backend: '', keyringService: null}]] as const) {
			expect(secretBackend(env, policy)).toEqual({error: 'invalid secret location'});
		}
	});
});

test('the JSON keys, with prodex\'s names and shapes', () => {
	const facts: CommandFacts = {
		logDir: '/logs',
		logFormat: 'json',
		auditDir: '/audit',
		auditPath: '/audit/prodex-audit.log',
		auditExists: true,
		policy: {path: '/home/.prodex/policy.toml', version: 1},
		policyError: null,
		secretBackend: {error: 'invalid secret location'},
		importAuthJournals: 2,
	};
	expect(commandJson(facts)).toEqual({
		audit_logs: {directory: '/audit', exists: true, path: '/audit/prodex-audit.log'},
		import_auth_journals: {orphan_count: 2, repair_performed: false, repaired: 0, status: 'warning'},
		runtime_logs: {directory: '/logs', format: 'json'},
		runtime_policy: {path: '/home/.prodex/policy.toml', version: 1},
		secret_backend: {error: 'invalid secret location', invalid: true},
	});
	expect(commandJson({...facts, policy: null, policyError: 'x', importAuthJournals: 0})).toMatchObject({runtime_policy: null, runtime_policy_error: 'x', import_auth_journals: {status: 'ok'}});
});
