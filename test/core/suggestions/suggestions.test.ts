import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {parseLine} from '../../../source/core/line.js';
import {RULES_CURRENT} from '../../../source/core/rules/index.js';
import {summarizeLines} from '../../../source/core/summary.js';
import {policySuggestions, scaledDown, scaledUp, suggestionLines, suggestionsJson, type PolicySuggestion} from '../../../source/core/suggestions/suggestions.js';
import {tuningSnapshot, type TuningSnapshot} from '../../../source/core/suggestions/tuning.js';
import {linesOf} from '../../helpers/doctor.js';

/** prodex's `RuntimeDoctorTuningSnapshot::default()`, the snapshot its own suggestion tests use. */
const PRODEX_TEST_DEFAULT: TuningSnapshot = {
	activeRequestLimit: 8,
	laneLimits: {responses: 6, compact: 1, websocket: 1, standard: 2},
	admissionWaitBudgetMs: 0,
	pressureAdmissionWaitBudgetMs: 250,
	websocketConnectWorkerCount: 4,
	websocketConnectQueueCapacity: 8,
	websocketConnectOverflowCapacity: 16,
	websocketDnsWorkerCount: 4,
	websocketDnsQueueCapacity: 8,
	websocketDnsOverflowCapacity: 16,
	profileInflightSoftLimit: 2,
	profileInflightHardLimit: 4,
};

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/suggestions/${name}.log`, import.meta.url), 'utf8');
const summaryOf = (text: string) => summarizeLines(linesOf(text).map(line => parseLine(line, RULES_CURRENT)), RULES_CURRENT);
const suggestionsFor = (name: string, tuning: TuningSnapshot = PRODEX_TEST_DEFAULT) => policySuggestions(summaryOf(fixture(name)), tuning);
const find = (suggestions: readonly PolicySuggestion[], id: string) => {
	const found = suggestions.find(s => s.id === id);
	if (found === undefined) throw new Error(`missing suggestion ${id}: ${JSON.stringify(suggestions)}`);
	return found;
};
const settingOf = (s: PolicySuggestion, key: string) => {
	const found = s.settings.find(x => x.key === key);
	if (found === undefined) throw new Error(`missing setting ${key}`);
	return found;
};

/** The tuning 0.288 reports on a 2-core host with no policy and no environment (npm run test:reference shows it). */
const tuningAt2Cores = (() => {
	const result = tuningSnapshot({parallelism: 2, env: {}, policy: null});
	if (!('snapshot' in result)) throw new Error('defaults must be valid');
	return result.snapshot;
})();

describe('prodex tests/src/suggestions.rs, as cases', () => {
	test('P1 pressure fixture logs: lane, active request, profile in-flight', () => {
		const lane = find(suggestionsFor('lane_pressure'), 'lane_pressure');
		expect(lane.markers).toEqual(['runtime_proxy_lane_limit_reached']);
		expect(lane.snippet).toContain('compact_active_limit = ');
		expect(settingOf(lane, 'compact_active_limit').suggestedValue).toBeGreaterThan(settingOf(lane, 'compact_active_limit').currentValue);

		const active = find(suggestionsFor('active_request_pressure'), 'active_request_pressure');
		expect(active.snippet).toContain('active_request_limit = ');
		expect(settingOf(active, 'active_request_limit').suggestedValue).toBeGreaterThan(settingOf(active, 'active_request_limit').currentValue);

		const inflight = find(suggestionsFor('profile_inflight_saturation'), 'profile_inflight_saturation');
		expect(inflight.snippet).toContain('profile_inflight_hard_limit = ');
		expect(settingOf(inflight, 'profile_inflight_hard_limit').suggestedValue).toBeGreaterThan(settingOf(inflight, 'profile_inflight_hard_limit').currentValue);
	});

	test('P2 websocket and persistence fixture logs', () => {
		const connect = find(suggestionsFor('websocket_connect_overflow'), 'websocket_connect_overflow');
		for (const key of ['websocket_connect_worker_count', 'websocket_connect_queue_capacity', 'websocket_connect_overflow_capacity']) expect(connect.snippet).toContain(`${key} = `);
		const dns = find(suggestionsFor('websocket_dns_overflow'), 'websocket_dns_overflow');
		for (const key of ['websocket_dns_worker_count', 'websocket_dns_queue_capacity', 'websocket_dns_overflow_capacity']) expect(dns.snippet).toContain(`${key} = `);
		const persistence = find(suggestionsFor('persistence_backpressure'), 'persistence_backpressure');
		for (const key of ['compact_active_limit', 'standard_active_limit', 'pressure_admission_wait_budget_ms']) expect(persistence.snippet).toContain(`${key} = `);
	});

	test('P3 route-scoped health fixture log', () => {
		const health = find(suggestionsFor('route_scoped_profile_health'), 'route_scoped_profile_health');
		expect(health.reason).toContain('alpha/responses');
		expect(health.snippet).toContain('profile_inflight_soft_limit = ');
		expect(health.snippet).toContain('profile_inflight_hard_limit = ');
		expect(settingOf(health, 'profile_inflight_soft_limit').suggestedValue).toBeLessThanOrEqual(settingOf(health, 'profile_inflight_soft_limit').currentValue);
	});

	test('P4 the text lines render the snippet', () => {
		const lines = suggestionLines(suggestionsFor('lane_pressure'));
		expect(lines[0]).toBe('Runtime Policy Suggestions');
		expect(lines.some(line => line.includes('Lane pressure'))).toBe(true);
		expect(lines.some(line => line.trim() === '[runtime_proxy]')).toBe(true);
		expect(lines.some(line => line.trimStart().startsWith('compact_active_limit = '))).toBe(true);
	});

	test('P5 tests/src/render.rs: the JSON exposes machine-readable fields', () => {
		const value = suggestionsJson(suggestionsFor('lane_pressure')) as {policy_suggestion_count: number; policy_suggestions: Array<{id: string; settings: Array<{section: string; key: string}>; snippet: string}>};
		expect(value.policy_suggestion_count).toBe(1);
		expect(value.policy_suggestions[0]!.id).toBe('lane_pressure');
		expect(value.policy_suggestions[0]!.settings[0]!.section).toBe('runtime_proxy');
		expect(value.policy_suggestions[0]!.settings[0]!.key).toBe('compact_active_limit');
		expect(value.policy_suggestions[0]!.snippet).toContain('[runtime_proxy]');
	});
});

describe('exact values', () => {
	test('lane pressure under prodex\'s test default also lifts the global cap above the lane cap', () => {
		// compact: max(current 1, limit 6, active 7 + 1) = 8 → ×1.5 = 12 ≥ active_request_limit 8 → 12 + 2.
		const lane = find(suggestionsFor('lane_pressure'), 'lane_pressure');
		expect(lane.settings.map(s => [s.key, s.currentValue, s.suggestedValue])).toEqual([
			['compact_active_limit', 1, 12],
			['active_request_limit', 8, 14],
		]);
		expect(lane.snippet).toBe('[runtime_proxy]\ncompact_active_limit = 12\nactive_request_limit = 14');
	});

	// What prodex 0.288 printed for each fixture on this 2-core host (doctor --runtime --json --suggest-policy).
	test.each([
		['active_request_pressure', 'active_request_pressure', [['active_request_limit', 64, 99]]],
		['lane_pressure', 'lane_pressure', [['compact_active_limit', 6, 12]]],
		['persistence_backpressure', 'persistence_backpressure', [['compact_active_limit', 6, 5], ['standard_active_limit', 8, 6], ['pressure_admission_wait_budget_ms', 200, 1250]]],
		['profile_inflight_saturation', 'profile_inflight_saturation', [['profile_inflight_soft_limit', 4, 6], ['profile_inflight_hard_limit', 8, 12]]],
		['route_scoped_profile_health', 'route_scoped_profile_health', [['profile_inflight_soft_limit', 4, 3], ['profile_inflight_hard_limit', 8, 6]]],
		['websocket_connect_overflow', 'websocket_connect_overflow', [['websocket_connect_worker_count', 4, 6], ['websocket_connect_queue_capacity', 32, 48], ['websocket_connect_overflow_capacity', 128, 192]]],
		['websocket_dns_overflow', 'websocket_dns_overflow', [['websocket_dns_worker_count', 2, 3], ['websocket_dns_queue_capacity', 16, 24], ['websocket_dns_overflow_capacity', 32, 48]]],
	] as const)('%s at 2 cores, no policy: as 0.288 printed', (log, id, settings) => {
		const suggestions = suggestionsFor(log, tuningAt2Cores);
		expect(suggestions.map(s => s.id)).toEqual([id]);
		expect(suggestions[0]!.settings.map(s => [s.key, s.currentValue, s.suggestedValue])).toEqual(settings);
	});

	test('reasons quote the counts and the latest fields; the executor\'s "latest" is the first marker of its list that occurred', () => {
		expect(find(suggestionsFor('websocket_connect_overflow', tuningAt2Cores), 'websocket_connect_overflow').reason).toBe(
			'4 websocket executor overflow marker(s), latest=websocket_connect_overflow_rejected; raise only for bursty session starts',
		);
		expect(find(suggestionsFor('route_scoped_profile_health', tuningAt2Cores), 'route_scoped_profile_health').reason).toBe(
			'1 route-scoped health marker(s), latest=alpha/responses reason=stream_read_error; lower per-profile fresh pressure if this repeats',
		);
		expect(find(suggestionsFor('profile_inflight_saturation', tuningAt2Cores), 'profile_inflight_saturation').reason).toBe(
			'2 per-profile in-flight saturation marker(s), latest profile=main; raise only if account fan-out is intentional',
		);
	});

	test('an unknown lane suggests nothing; a missing lane means responses', () => {
		const at = (line: string) => policySuggestions(summaryOf(line), PRODEX_TEST_DEFAULT);
		expect(at('[2026-04-24 09:00:00.000 +07:00] runtime_proxy_lane_limit_reached lane=bogus active=3 limit=2\n')).toEqual([]);
		const responses = at('[2026-04-24 09:00:00.000 +07:00] runtime_proxy_lane_limit_reached active=3 limit=2\n');
		expect(responses[0]!.settings[0]).toMatchObject({key: 'responses_active_limit', currentValue: 6, suggestedValue: 9});
		// A field that is not a whole number is ignored (Rust's parse fails): the current value 8
		// stands in for both, so the target is ×1.5 of max(8, 8, 8 + 1) = 9, i.e. 14.
		const junk = at('[2026-04-24 09:00:00.000 +07:00] runtime_proxy_active_limit_reached active=-1 limit=7.5\n');
		expect(junk[0]!.settings[0]).toMatchObject({key: 'active_request_limit', currentValue: 8, suggestedValue: 14});
	});

	test('no marker, no suggestion; the text says so', () => {
		expect(policySuggestions(summaryOf(''), PRODEX_TEST_DEFAULT)).toEqual([]);
		expect(suggestionLines([])).toEqual(['Runtime Policy Suggestions', 'No policy.toml suggestion matched the sampled runtime markers.']);
	});

	test('scaling helpers round as prodex does', () => {
		expect([0, 1, 2, 3, 4, 8].map(scaledUp)).toEqual([1, 2, 3, 5, 6, 12]);
		expect([0, 1, 2, 4, 6, 8].map(scaledDown)).toEqual([0, 1, 2, 3, 5, 6]);
	});
});
