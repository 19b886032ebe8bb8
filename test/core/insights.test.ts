import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {doctorJson} from '../../source/core/doctor-json.js';
import {finalize} from '../../source/core/finalize.js';
import {eventDetail, truncateScalars} from '../../source/core/insights/insights.js';
import {parseLine} from '../../source/core/line.js';
import {RULES_027, RULES_CURRENT, type RuleSet} from '../../source/core/rules/index.js';
import {EMPTY_STATE} from '../../source/core/state-inputs.js';
import {EMPTY_PERSISTED_STATE} from '../../source/core/state/derive.js';
import {summarizeLines} from '../../source/core/summary.js';
import {linesOf, PRESENT} from '../helpers/doctor.js';

/** The parsed `--json` object for raw lines. */
function json(lines: readonly string[], rules: RuleSet = RULES_CURRENT): Record<string, unknown> {
	const summary = summarizeLines(lines.map(line => parseLine(line, rules)), rules);
	const out = doctorJson(finalize(summary, rules, PRESENT, EMPTY_STATE), EMPTY_PERSISTED_STATE);
	return JSON.parse(JSON.stringify(out, (_key, value: unknown) => (value instanceof Map ? Object.fromEntries(value) : typeof value === 'bigint' ? String(value) : value))) as Record<string, unknown>;
}

// prodex's tests/fixtures/runtime_doctor/request_timeline.log; expectations from request_timeline.rs,
// selection.rs and route_profile.rs (and what prodex 0.288's doctor prints for it).
const FIXTURE = linesOf(readFileSync(new URL('../fixtures/insights/request_timeline.log', import.meta.url), 'utf8'));

describe('request timeline, selection summary, route/profile events (prodex fixture request_timeline.log)', () => {
	const out = json(FIXTURE);

	test('the latest request is the one with the newest timeline event; its events in order, with phases and details', () => {
		expect(out.latest_request_id).toBe('42');
		expect(out.latest_request_timeline).toEqual([
			{timestamp: '2026-04-24 11:00:01.000 +07:00', phase: 'selection', marker: 'selection_keep_affinity', detail: 'profile=beta route=responses affinity=previous_response_id'},
			{timestamp: '2026-04-24 11:00:01.050 +07:00', phase: 'pre_send', marker: 'responses_pre_send_skip', detail: 'profile=beta route=responses reason=quota_critical_floor_before_send'},
			{timestamp: '2026-04-24T04:00:01.100Z', phase: 'upstream', marker: 'upstream_connect_http', detail: 'profile=beta route=responses transport=http status=429'},
			{
				timestamp: '2026-04-24 11:00:01.200 +07:00',
				phase: 'fail',
				marker: 'previous_response_fresh_fallback_blocked',
				detail: 'profile=beta route=responses reason=previous_response_not_found outcome=blocked_nonreplayable_without_affinity request_shape=continuation_only',
			},
		]);
	});

	test('selection: picked/kept select, blocked rejects with its reason; the latest decision with its detail', () => {
		expect(out.selection_summary).toEqual({
			picked: 1,
			kept: 1,
			skipped: 0,
			blocked: 1,
			selected_profiles: {alpha: 1, beta: 1},
			selected_routes: {responses: 2},
			rejected_profiles: {beta: 1},
			rejected_routes: {responses: 1},
			rejection_reasons: {quota_critical_floor_before_send: 1},
			latest_decision: 'responses_pre_send_skip profile=beta route=responses reason=quota_critical_floor_before_send',
		});
	});

	test('route/profile events: only markers with an action and a profile or route', () => {
		expect((out.route_profile_events as Array<{marker: string; action: string}>).map(event => `${event.marker}:${event.action}`)).toEqual([
			'selection_pick:selected',
			'selection_keep_affinity:selected',
			'responses_pre_send_skip:blocked',
			'upstream_connect_http:transport_failure',
		]);
	});
});

describe('marker context, per-reason tallies', () => {
	test('by route, lane and profile (prodex parsing.rs: runtime_doctor_summarizes_marker_context_by_route_lane_and_profile); most frequent first', () => {
		const out = json([
			'[2026-05-12 00:00:00.000 +00:00] runtime_proxy_lane_limit_reached lane=compact route=/responses/compact profile=alpha active=4',
			'[2026-05-12 00:00:01.000 +00:00] runtime_proxy_lane_limit_reached lane=compact route=/responses/compact profile=beta active=5',
			'[2026-05-12 00:00:02.000 +00:00] profile_inflight_saturated route=responses profile=alpha active=8',
			'[2026-05-12 00:00:03.000 +00:00] stream_read_error route=- lane= transport=http',
		]);
		expect(out.marker_context_summary).toEqual([
			{marker: 'runtime_proxy_lane_limit_reached', total: 2, lanes: {compact: 2}, routes: {'/responses/compact': 2}, profiles: {alpha: 1, beta: 1}},
			{marker: 'profile_inflight_saturated', total: 1, lanes: {}, routes: {responses: 1}, profiles: {alpha: 1}},
		]);
	});

	test('chain and stale-continuation markers are tallied by reason; the latest chain event and stale reason are printed', () => {
		const out = json([
			'[t] chain_retried_owner reason=owner_busy profile=main',
			'[t] chain_retried_owner reason=owner_busy',
			'[t] chain_dead_upstream_confirmed reason=not_found via=probe',
			'[t] stale_continuation reason=expired transport=http',
			'[t] stale_continuation profile=main',
		]);
		expect(out.chain_retried_owner_by_reason).toEqual({owner_busy: 2});
		expect(out.chain_dead_upstream_confirmed_by_reason).toEqual({not_found: 1});
		expect(out.stale_continuation_by_reason).toEqual({expired: 1});
		expect(out.latest_chain_event).toBe('stale_continuation profile=main');
		expect(out.latest_stale_continuation_reason).toBe('expired');
	});

	test('under the 0.27 rules none of the insight keys is printed', () => {
		const out = json(FIXTURE, RULES_027);
		for (const key of ['marker_context_summary', 'latest_request_id', 'latest_request_timeline', 'selection_summary', 'route_profile_events', 'chain_retried_owner_by_reason', 'latest_chain_event']) expect(out).not.toHaveProperty(key);
	});

	test('with no request, no selection and no events: null and empty values', () => {
		const out = json(['plain line']);
		expect(out.latest_request_id).toBeNull();
		expect(out.latest_request_timeline).toEqual([]);
		expect(out.route_profile_events).toEqual([]);
		expect(out.marker_context_summary).toEqual([]);
		expect((out.selection_summary as {latest_decision: unknown}).latest_decision).toBeNull();
	});
});

describe('edge cases of the tables', () => {
	test('detail: the first five of the listed keys present, in the list order; values over 48 scalars cut to 45 and "..."', () => {
		const long = `${'é'.repeat(40)}🙂${'x'.repeat(10)}`;
		expect(truncateScalars('x'.repeat(48), 48)).toBe('x'.repeat(48));
		expect(truncateScalars(long, 48)).toBe(`${'é'.repeat(40)}🙂xxxx...`);
		const fields = new Map([['session_id', 's'], ['attempt', '2'], ['status', '500'], ['profile', long], ['zzz', 'not listed'], ['route', 'r'], ['code', 'c'], ['exit', 'e']]);
		expect(eventDetail(fields)).toBe(`profile=${'é'.repeat(40)}🙂xxxx... route=r status=500 code=c exit=e`);
	});

	test('request id: request_id, else request; an empty request_id hides request (no fallback)', () => {
		expect(json(['[t] request=7 stream_read_error']).latest_request_id).toBe('7');
		expect(json(['[t] request=7 request_id=abc stream_read_error']).latest_request_id).toBe('abc');
		expect(json(['[t] request=7 request_id="" stream_read_error']).latest_request_id).toBeNull();
		expect(json(['[t] request=7 token_usage']).latest_request_id).toBeNull();
	});

	test('a timeline keeps its newest 12 events; route/profile events the newest 20', () => {
		const lines = Array.from({length: 30}, (_, i) => `[t] request=9 selection_pick profile=p${i}`);
		const out = json(lines);
		const timeline = out.latest_request_timeline as Array<{detail: string}>;
		expect(timeline.map(event => event.detail)).toEqual(Array.from({length: 12}, (_, i) => `profile=p${i + 18}`));
		expect((out.route_profile_events as unknown[]).length).toBe(20);
		expect((out.route_profile_events as Array<{profile: string}>)[0]!.profile).toBe('p10');
	});

	test('rejection reason: reason, else outcome, else event, else status, else the marker; an empty profile or route is not counted', () => {
		const out = json([
			'[t] selection_skip_current outcome=o status=s',
			'[t] selection_skip_affinity event=e status=s',
			'[t] local_selection_blocked status=s profile=""',
			'[t] compact_candidate_exhausted route=',
			'[t] selection_skip_sync_probe reason="" outcome=o',
		]);
		expect(out.selection_summary).toMatchObject({skipped: 3, blocked: 2, rejection_reasons: {o: 1, e: 1, s: 1, compact_candidate_exhausted: 1, '': 1}, rejected_profiles: {}, rejected_routes: {}});
	});
});
