import {describe, expect, test} from 'vitest';
import {proxySettings} from '../../../source/core/policy-settings.js';
import {parseToml} from '../../../source/core/policy-toml.js';
import {parsePreset, PRESETS, TUNING_KEY_SET, tuningSnapshot, type TuningInput, type TuningSnapshot} from '../../../source/core/suggestions/tuning.js';

const policy = (toml: string) => proxySettings(parseToml(toml), TUNING_KEY_SET);
const snapshot = (input: Partial<TuningInput>): TuningSnapshot => {
	const result = tuningSnapshot({parallelism: 2, env: {}, policy: null, ...input});
	if (!('snapshot' in result)) throw new Error(`unexpected errors: ${result.errors.join('; ')}`);
	return result.snapshot;
};
const errors = (input: Partial<TuningInput>): readonly string[] => {
	const result = tuningSnapshot({parallelism: 2, env: {}, policy: null, ...input});
	if (!('errors' in result)) throw new Error('expected errors');
	return result.errors;
};

describe('defaults from the parallelism (prodex-runtime-tuning)', () => {
	test('2 cores: what prodex 0.288 uses on this host', () => {
		expect(snapshot({})).toEqual({
			activeRequestLimit: 64,
			laneLimits: {responses: 48, compact: 6, websocket: 8, standard: 8},
			admissionWaitBudgetMs: 750,
			pressureAdmissionWaitBudgetMs: 200,
			websocketConnectWorkerCount: 4,
			websocketConnectQueueCapacity: 32,
			websocketConnectOverflowCapacity: 128,
			websocketDnsWorkerCount: 2,
			websocketDnsQueueCapacity: 16,
			websocketDnsOverflowCapacity: 32,
			profileInflightSoftLimit: 4,
			profileInflightHardLimit: 8,
		});
	});
	test('32 cores: the clamps', () => {
		// workers clamp(32, 4, 12) = 12, long-lived clamp(64, 8, 24) = 24 → active clamp(12 + 72, 64, 512) = 84.
		const big = snapshot({parallelism: 32});
		expect(big.activeRequestLimit).toBe(84);
		expect(big.laneLimits).toEqual({responses: 63, compact: 6, websocket: 24, standard: 24});
		expect([big.websocketConnectWorkerCount, big.websocketConnectQueueCapacity, big.websocketConnectOverflowCapacity]).toEqual([16, 128, 512]);
		expect([big.websocketDnsWorkerCount, big.websocketDnsQueueCapacity, big.websocketDnsOverflowCapacity]).toEqual([8, 32, 64]);
	});
});

describe('policy, presets and the environment', () => {
	test('policy values replace defaults; lane limits are capped by the global limit', () => {
		const tuned = snapshot({policy: policy('version = 1\n[runtime_proxy]\nactive_request_limit = 10\ncompact_active_limit = 30\nwebsocket_dns_overflow_capacity = 0\n')});
		expect(tuned.activeRequestLimit).toBe(10);
		expect(tuned.laneLimits).toEqual({responses: 7, compact: 10, websocket: 8, standard: 8});
		expect(tuned.websocketDnsOverflowCapacity).toBe(0);
	});
	test('a preset sets every knob; a value in the file wins over the preset; the environment preset wins over the file\'s', () => {
		const low = snapshot({policy: policy('[runtime_proxy]\npreset = "low"\ncompact_active_limit = 5\n')});
		expect(low.activeRequestLimit).toBe(PRESETS.low.active_request_limit);
		expect(low.laneLimits.compact).toBe(5);
		expect(low.laneLimits.standard).toBe(PRESETS.low.standard_active_limit);
		const aggressive = snapshot({policy: policy('[runtime_proxy]\npreset = "low"\n'), env: {PRODEX_RUNTIME_PROXY_PRESET: 'AGGRESSIVE'}});
		expect(aggressive.activeRequestLimit).toBe(384);
		// An unknown environment preset is ignored, as prodex ignores it.
		expect(snapshot({env: {PRODEX_RUNTIME_PROXY_PRESET: 'turbo'}}).activeRequestLimit).toBe(64);
		expect(parsePreset('many_terminals')).toBe('many-terminals');
		expect(parsePreset(' low')).toBeNull();
	});
	test('the environment wins over the policy; `+3` is a number as Rust reads it', () => {
		const tuned = snapshot({policy: policy('[runtime_proxy]\ncompact_active_limit = 3\n'), env: {PRODEX_RUNTIME_PROXY_COMPACT_ACTIVE_LIMIT: '2', PRODEX_RUNTIME_PROXY_PROFILE_INFLIGHT_SOFT_LIMIT: '+3'}});
		expect(tuned.laneLimits.compact).toBe(2);
		expect(tuned.profileInflightSoftLimit).toBe(3);
	});
	test('invalid settings leave no snapshot, with prodex\'s reasons', () => {
		expect(errors({env: {PRODEX_RUNTIME_PROXY_ACTIVE_REQUEST_LIMIT: '0'}})).toEqual(['PRODEX_RUNTIME_PROXY_ACTIVE_REQUEST_LIMIT must be greater than zero']);
		expect(errors({env: {PRODEX_RUNTIME_PROXY_ACTIVE_REQUEST_LIMIT: 'lots'}})).toEqual(['PRODEX_RUNTIME_PROXY_ACTIVE_REQUEST_LIMIT must be a positive integer']);
		expect(errors({env: {PRODEX_RUNTIME_PROXY_ACTIVE_REQUEST_LIMIT: ''}})).toEqual(['PRODEX_RUNTIME_PROXY_ACTIVE_REQUEST_LIMIT cannot be empty']);
		expect(errors({env: {PRODEX_RUNTIME_WEBSOCKET_DNS_OVERFLOW_CAPACITY: '1 2'}})).toEqual(['PRODEX_RUNTIME_WEBSOCKET_DNS_OVERFLOW_CAPACITY must not contain whitespace']);
		expect(errors({policy: policy('[runtime_proxy]\nstandard_active_limit = 0\n')})).toEqual(['runtime_proxy.standard_active_limit must be greater than 0']);
		expect(errors({policy: policy('[runtime_proxy]\nactive_request_limit = "8"\n')})).toEqual(['runtime_proxy.active_request_limit must be a non-negative integer']);
		expect(errors({policy: policy('[runtime_proxy]\npreset = "turbo"\n')})).toEqual(['runtime_proxy.preset "turbo" is not low, default, many-terminals or aggressive']);
		// 0 is a value for an overflow capacity, in the environment too.
		expect(snapshot({env: {PRODEX_RUNTIME_WEBSOCKET_CONNECT_OVERFLOW_CAPACITY: '0'}}).websocketConnectOverflowCapacity).toBe(0);
	});
});
