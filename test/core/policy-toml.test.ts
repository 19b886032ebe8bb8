import {describe, expect, test} from 'vitest';
import {parseToml, parseTomlValue, tableKeys} from '../../source/core/policy-toml.js';
import {policyVersion, runtimeSettings, secretsSettings} from '../../source/core/policy-settings.js';

describe('the TOML subset', () => {
	test('values: strings with escapes, integers of every base, booleans, the rest as other', () => {
		expect(parseTomlValue('"a\\tb\\u00e9" # c')).toEqual({kind: 'string', value: 'a\tbé'});
		expect(parseTomlValue("'C:\\x'")).toEqual({kind: 'string', value: 'C:\\x'});
		expect(parseTomlValue('1_000')).toEqual({kind: 'integer', value: 1000n});
		expect(parseTomlValue('-7')).toEqual({kind: 'integer', value: -7n});
		expect(parseTomlValue('0x1F')).toEqual({kind: 'integer', value: 31n});
		expect(parseTomlValue('0o17')).toEqual({kind: 'integer', value: 15n});
		expect(parseTomlValue('0b101')).toEqual({kind: 'integer', value: 5n});
		expect(parseTomlValue('true')).toEqual({kind: 'boolean', value: true});
		for (const other of ['1.5', '[1, 2]', '{a = 1}', '01', '1__0', '"bad \\q"', '2026-01-01']) expect(parseTomlValue(other)).toEqual({kind: 'other'});
	});
	test('tables, dotted and quoted keys; [[arrays]] are skipped; the first of duplicate keys is kept', () => {
		const doc = parseToml('version = 1\n[runtime_proxy]\nactive_request_limit = 9\n"quoted.key" = 2\n[[gateway.admin_tokens]]\nname = "x"\n[a.b]\nc.d = 3\n[runtime_proxy]\nactive_request_limit = 10\n');
		expect(doc.get('version')).toEqual({kind: 'integer', value: 1n});
		expect(doc.get('runtime_proxy.active_request_limit')).toEqual({kind: 'integer', value: 9n});
		expect(doc.get('runtime_proxy.quoted.key')).toEqual({kind: 'integer', value: 2n});
		expect(doc.has('gateway.admin_tokens.name')).toBe(false);
		expect(doc.get('a.b.c.d')).toEqual({kind: 'integer', value: 3n});
		expect([...tableKeys(doc, 'runtime_proxy').keys()]).toEqual(['active_request_limit']);
	});
	test('settings read from a document', () => {
		const doc = parseToml('version = 1\n[runtime]\nlog_format = "json"\n[secrets]\nbackend = "keyring"\nkeyring_service = "prodex"\n');
		expect(policyVersion(doc)).toBe(1);
		expect(runtimeSettings(doc)).toEqual({logDir: null, logFormat: 'json'});
		expect(secretsSettings(doc)).toEqual({backend: 'keyring', keyringService: 'prodex'});
		expect(policyVersion(parseToml('version = "1"\n'))).toBeNull();
		expect(policyVersion(parseToml('version = -1\n'))).toBeNull();
		expect(runtimeSettings(parseToml('[runtime]\nlog_dir = 5\n'))).toBeNull();
	});
});
