import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {finalize} from '../../source/core/finalize.js';
import type {Incident} from '../../source/core/insights/incidents.js';
import {parseLine} from '../../source/core/line.js';
import {RULES_027, RULES_CURRENT, type RuleSet} from '../../source/core/rules/index.js';
import {EMPTY_STATE} from '../../source/core/state-inputs.js';
import {summarizeLines} from '../../source/core/summary.js';
import {linesOf, PRESENT} from '../helpers/doctor.js';

function incidents(lines: readonly string[], rules: RuleSet = RULES_CURRENT): readonly Incident[] | null {
	return finalize(summarizeLines(lines.map(line => parseLine(line, rules)), rules), rules, PRESENT, EMPTY_STATE).incidents;
}
const ids = (list: readonly Incident[] | null) => list?.map(incident => incident.id);

// The incident cases of docs/acceptance.md (prodex's own doctor tests); the exact texts
// follow prodex's incident_explainer.rs and its next steps, and agree with prodex 0.288 (npm run test:reference).
describe('incident explainer (acceptance cases)', () => {
	test('A1 active_request_pressure: evidence counts the marker and the latest load; next action drains in-flight requests', () => {
		const list = incidents([
			'[2026-04-24 09:40:00.000 +07:00] runtime_proxy_active_limit_reached transport=http path=/v1/responses active=64 limit=64',
			'[2026-04-24 09:40:01.000 +07:00] runtime_proxy_active_limit_reached transport=http path=/v1/responses active=65 limit=64',
		]);
		expect(ids(list)).toEqual(['active_request_pressure']);
		expect(list![0]).toEqual({
			id: 'active_request_pressure',
			cause: 'Global proxy admission saturated before upstream commit.',
			evidence: ['runtime_proxy_active_limit_reached=2', 'latest_load=65/64', 'top_transport=http (2)'],
			markers: ['runtime_proxy_active_limit_reached', 'runtime_proxy_queue_overloaded'],
			nextAction: 'Reduce concurrent fresh work or wait for in-flight requests to drain before retrying. Latest load: 65/64.',
		});
	});

	test('A2 lane_saturation first, its cause names the lane, its evidence the count', () => {
		const list = incidents([
			'[2026-04-24 09:00:00.000 +07:00] runtime_proxy_lane_limit_reached lane=compact active=6 limit=6 request=41 route=/responses/compact',
			'[2026-04-24 09:00:01.000 +07:00] runtime_proxy_lane_limit_reached lane=compact active=7 limit=6 request=42 route=/responses/compact',
		]);
		expect(list![0]!.id).toBe('lane_saturation');
		expect(list![0]!.cause).toContain('compact lane');
		expect(list![0]!.evidence).toEqual(['runtime_proxy_lane_limit_reached=2', 'latest_load=7/6', 'top_lane=compact (2)', 'top_route=/responses/compact (2)']);
		expect(list![0]!.nextAction).toContain('trim bursty compact traffic');
	});

	test('A6 profile_inflight_saturation: cause names the profile, evidence the hard limit', () => {
		const list = incidents([
			'[2026-04-24 09:50:00.000 +07:00] request=44 transport=http profile_inflight_saturated profile=main hard_limit=8 route=responses',
			'[2026-04-24 09:50:01.000 +07:00] request=45 transport=websocket profile_inflight_saturated profile=main hard_limit=8 route=websocket',
		]);
		expect(list![0]!.id).toBe('profile_inflight_saturation');
		expect(list![0]!.markers[0]).toBe('profile_inflight_saturated');
		expect(list![0]!.cause).toContain('Profile main');
		expect(list![0]!.evidence).toContain('hard_limit=8');
		// Ties go to the greatest value: websocket over responses.
		expect(list![0]!.evidence).toContain('top_route=websocket (1)');
	});

	test('A7 (request_timeline.log) quota_pressure: the quota guard cause, the critical-floor evidence', () => {
		const list = incidents(linesOf(readFileSync(new URL('../fixtures/insights/request_timeline.log', import.meta.url), 'utf8')));
		const quota = list!.find(incident => incident.id === 'quota_pressure')!;
		expect(quota.cause).toContain('Quota guard');
		expect(quota.evidence).toContain('quota_critical_floor_before_send=1');
		// The persisted-snapshot pick under selection pressure makes quota freshness stale_risk (as prodex 0.288 says too).
		expect(quota.evidence).toContain('quota_freshness=stale_risk');
		expect(quota.nextAction).toBe('Refresh quota visibility with `prodex quota --all --once` and let background probes drain for profile beta before retrying selection-heavy work.');
		// upstream_connect_http has no profile/route scope among the listed markers: "affected route".
		expect(list!.find(incident => incident.id === 'transport_backoff')!.nextAction).toContain('for affected route;');
	});

	test('D2 an overload health penalty is its own incident, not a transport one', () => {
		const list = incidents(['[2026-04-24 12:00:00.000 +07:00] profile_health profile=alpha route=responses score=40 reason=responses_overload']);
		expect(ids(list)).toEqual(['route_health_penalty']);
		expect(list![0]).toEqual({
			id: 'route_health_penalty',
			cause: 'Route-specific health penalty is steering fresh selection away from alpha/responses after responses_overload.',
			evidence: ['profile_health=1', 'reason=responses_overload', 'top_profile=alpha (1)', 'top_route=responses (1)'],
			markers: ['profile_health'],
			nextAction: 'Inspect recent transport or overload markers for alpha/responses, especially `responses_overload`, and wait for that route score to decay before expecting fresh selection to reuse it.',
		});
	});

	test('A8 route-scoped health: transport_backoff, its next action points at alpha/responses', () => {
		const list = incidents([
			'{"timestamp":"2026-04-24T02:20:00Z","message":"request=17 stream_read_error profile=alpha route=responses","fields":{"request":17,"profile":"alpha","route":"responses","reason":"body_read_timeout"}}',
			'{"timestamp":"2026-04-24T02:20:01Z","message":"profile_health","fields":{"request":17,"profile":"alpha","route":"responses","score":43,"reason":"stream_read_error"}}',
		]);
		const transport = list!.find(incident => incident.id === 'transport_backoff')!;
		expect(transport.cause).toBe('Upstream stream failed after commit; Codex likely saw a natural transport failure.');
		expect(transport.nextAction).toContain('alpha/responses');
		expect(ids(list)).toEqual(['transport_backoff', 'route_health_penalty']);
	});

	test('D3 precommit_budget_exhausted: before any upstream response was committed; a compact exhaustion retries compact', () => {
		const list = incidents([
			'[2026-04-24 12:00:00.000 +07:00] request=80 precommit_budget_exhausted route=responses attempts=3 reason=candidate_exhausted',
			'[2026-04-24 12:00:01.000 +07:00] request=81 compact_precommit_budget_exhausted route=/responses/compact attempts=2 reason=quota',
		]);
		const precommit = list!.find(incident => incident.id === 'precommit_budget_exhausted')!;
		expect(precommit.cause).toContain('before any upstream response was committed');
		expect(precommit.nextAction).toBe('Reduce fresh compact volume on responses or wait for quota/backoff pressure to clear before retrying compact.');
		expect(precommit.evidence.slice(0, 2)).toEqual(['precommit_budget_exhausted=1', 'compact_precommit_budget_exhausted=1']);
	});

	test('transport next action without profile_health: the first scoped transport marker, the top reason', () => {
		const list = incidents(['[t] profile_transport_backoff profile=beta route=websocket reason=connect_reset', '[t] upstream_connect_timeout profile=alpha']);
		const transport = list!.find(incident => incident.id === 'transport_backoff')!;
		expect(transport.cause).toBe('A profile route is in short transport backoff after upstream transport failures.');
		expect(transport.nextAction).toBe('Inspect network/proxy and upstream transport markers for beta/websocket; wait for short transport backoff to expire before retrying fresh work. Top reason: connect_reset (1).');
		expect(transport.evidence).toEqual(['transport_markers=2', 'profile_transport_backoff=1', 'upstream_connect_timeout=1', 'top_profile=beta (1)', 'top_route=websocket (1)', 'top_reason=connect_reset (1)']);
	});

	test('no incident on a quiet log; none at all under the 0.27 rules', () => {
		expect(incidents(['[t] selection_pick profile=main'])).toEqual([]);
		expect(incidents(['[t] runtime_proxy_active_limit_reached active=1 limit=1'], RULES_027)).toBeNull();
	});
});
