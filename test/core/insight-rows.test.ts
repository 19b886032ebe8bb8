import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {finalize} from '../../source/core/finalize.js';
import {insightRows} from '../../source/core/insights/rows.js';
import {parseLine} from '../../source/core/line.js';
import {RULES_027, RULES_CURRENT, type RuleSet} from '../../source/core/rules/index.js';
import {runtimeProxyRows} from '../../source/core/rows.js';
import {EMPTY_STATE} from '../../source/core/state-inputs.js';
import {summarizeLines} from '../../source/core/summary.js';
import {bindingState} from '../../source/core/state/bindings.js';
import {EMPTY_STATE_FILE, EMPTY_STORE} from '../../source/core/state/types.js';
import {linesOf, PRESENT} from '../helpers/doctor.js';

function rows(lines: readonly string[], rules: RuleSet = RULES_CURRENT) {
	const finalized = finalize(summarizeLines(lines.map(line => parseLine(line, rules)), rules), rules, PRESENT, EMPTY_STATE);
	return runtimeProxyRows(finalized.report, {pointerPath: null, pointerExists: true, sourceLabel: 'test'}, undefined, undefined, insightRows(finalized));
}
const value = (list: ReturnType<typeof rows>, label: string) => list.find(row => row.label === label)?.value;

// The row texts of docs/acceptance.md A2 and A7 (prodex's doctor text tests).
describe('insight rows of the Runtime Proxy panel (--once, snapshots)', () => {
	test('A7 request_timeline.log: Selection decisions and the Latest request timeline row, exactly', () => {
		const list = rows(linesOf(readFileSync(new URL('../fixtures/insights/request_timeline.log', import.meta.url), 'utf8')));
		expect(value(list, 'Selection decisions')).toBe('picked=1 kept=1 skipped=0 blocked=1');
		expect(value(list, 'Selection selected')).toBe('alpha=1, beta=1');
		expect(value(list, 'Selection rejection reasons')).toBe('quota_critical_floor_before_send=1');
		// beta/responses has the most route/profile events (3 of 4); its latest is the HTTP 429, whose detail has no reason.
		expect(value(list, 'Route health focus')).toBe('beta/responses events=3 health=- latest=upstream_connect_http reason=quota_critical_floor_before_send');
		expect(value(list, 'Latest request timeline')).toBe(
			'request=42 selection:selection_keep_affinity profile=beta route=responses affinity=previous_response_id -> pre_send:responses_pre_send_skip profile=beta route=responses reason=quota_critical_floor_before_send -> upstream:upstream_connect_http profile=beta route=responses transport=http status=429 -> fail:previous_response_fresh_fallback_blocked profile=beta route=responses reason=previous_response_not_found outcome=blocked_nonreplayable_without_affinity request_shape=continuation_only',
		);
		const labels = list.map(row => row.label);
		expect(labels.indexOf('Latest request timeline')).toBe(labels.indexOf('Last marker') - 1);
		expect(labels.indexOf('Incident 1')).toBe(labels.indexOf('Log sample') + 1);
	});

	test('A2 lane_pressure.log: Marker context hotspots and Incident 1', () => {
		const list = rows([
			'[2026-04-24 09:00:00.000 +07:00] runtime_proxy_lane_limit_reached lane=compact active=6 limit=6 request=41 route=/responses/compact',
			'[2026-04-24 09:00:01.000 +07:00] runtime_proxy_lane_limit_reached lane=compact active=7 limit=6 request=42 route=/responses/compact',
		]);
		expect(value(list, 'Marker context hotspots')).toBe('runtime_proxy_lane_limit_reached total=2 route:/responses/compact=2 lane:compact=2');
		expect(value(list, 'Incident 1')).toBe(
			'Local compact lane admission limit blocked fresh work before commit. Evidence: runtime_proxy_lane_limit_reached=2, latest_load=7/6, top_lane=compact (2), top_route=/responses/compact (2). Next: Inspect repeated lane=compact markers and trim bursty compact traffic if it is starving responses. Latest load: 7/6.',
		);
		// The lane limit is a fail-phase event of its request: the latest request is 42.
		expect(value(list, 'Latest request timeline')).toMatch(/^request=42 fail:runtime_proxy_lane_limit_reached/);
	});

	test('no incident: `Incident explainer: -`; more than six: `Incident hidden`', () => {
		expect(value(rows(['[t] token_usage route=x']), 'Incident explainer')).toBe('-');
		expect(value(rows(['[t] token_usage route=x']), 'Latest request timeline')).toBe('-');
		const all = rows([
			'[t] runtime_proxy_lane_limit_reached lane=a',
			'[t] runtime_proxy_active_limit_reached',
			'[t] profile_inflight_saturated profile=p',
			'[t] stream_read_error profile=p',
			'[t] profile_health profile=p route=r reason=x',
			'[t] quota_blocked profile=p',
			'[t] precommit_budget_exhausted route=r',
		]);
		expect(all.filter(row => row.label.startsWith('Incident ')).map(row => row.label)).toEqual(['Incident 1', 'Incident 2', 'Incident 3', 'Incident 4', 'Incident 5', 'Incident 6', 'Incident hidden']);
		expect(value(all, 'Incident hidden')).toBe('1');
	});

	test('with a prodex home: `Persisted continuations` gains turn_coverage, and `Binding state` follows it (prodex render/summary_tail.rs)', () => {
		const rules = RULES_CURRENT;
		const finalized = finalize(summarizeLines(['[t] selection_pick profile=main'].map(line => parseLine(line, rules)), rules), rules, PRESENT, EMPTY_STATE);
		const binding = (profileName: string) => ({profileName, boundAt: 5n, identity: null});
		const stateFile = {...EMPTY_STATE_FILE, profileNames: ['main'], activeProfile: 'main', lastRunSelectedProfiles: 1, responseBindings: new Map([['r1', binding('main')], ['r2', binding('gone')]])};
		const home = {profiles: [], bindingState: bindingState(stateFile, EMPTY_STORE, EMPTY_STORE, EMPTY_STORE), turnStateCoverage: 50};
		const list = runtimeProxyRows(finalized.report, {pointerPath: null, pointerExists: true, sourceLabel: 'test'}, undefined, undefined, insightRows(finalized, home));
		const labels = list.map(row => row.label);
		expect(value(list, 'Persisted continuations')).toBe('responses=0 sessions=0 turns=0 session_ids=0 turn_coverage=50%');
		expect(labels.indexOf('Binding state')).toBe(labels.indexOf('Persisted continuations') + 1);
		expect(value(list, 'Binding state')).toBe(
			'active=main profiles=1 selected=1 | state r=2 s=0 t=0 sid=0 total=2 profiles=2 top=gone=1 | runtime r=0 s=0 t=0 sid=0 total=0 profiles=0 top=- | journal r=0 s=0 t=0 sid=0 total=0 profiles=0 top=- | merged r=0 s=0 t=0 sid=0 total=0 profiles=0 top=- | missing=1',
		);
	});

	test('under the 0.27 rules the panel has no insight rows', () => {
		const labels = rows(['[t] runtime_proxy_lane_limit_reached lane=a request=1'], RULES_027).map(row => row.label);
		expect(labels.some(label => label.startsWith('Incident') || label.startsWith('Selection decisions') || label === 'Latest request timeline' || label === 'Marker context hotspots')).toBe(false);
	});
});
