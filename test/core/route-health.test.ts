import {describe, expect, test} from 'vitest';
import {doctorJson} from '../../source/core/doctor-json.js';
import {finalize} from '../../source/core/finalize.js';
import type {RouteHealth} from '../../source/core/insights/route-health.js';
import {parseLine} from '../../source/core/line.js';
import {parseI64, parseU32} from '../../source/core/numbers.js';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {EMPTY_STATE} from '../../source/core/state-inputs.js';
import {EMPTY_PERSISTED_STATE} from '../../source/core/state/derive.js';
import type {ProfileSummary} from '../../source/core/state/profiles.js';
import {summarizeLines} from '../../source/core/summary.js';
import {PRESENT} from '../helpers/doctor.js';

function health(lines: readonly string[], profiles: readonly ProfileSummary[] = []): readonly RouteHealth[] {
	const summary = summarizeLines(lines.map(line => parseLine(line, RULES_CURRENT)), RULES_CURRENT);
	return doctorJson(finalize(summary, RULES_CURRENT, PRESENT, EMPTY_STATE), {...EMPTY_PERSISTED_STATE, profiles}).route_health as unknown as readonly RouteHealth[];
}

describe('route health (docs/insights.md §1.5)', () => {
	test('A8: alpha/responses with its two events, the health score and reason of its last profile_health', () => {
		const [first] = health([
			'{"timestamp":"2026-04-24T02:20:00Z","message":"request=17 stream_read_error profile=alpha route=responses","fields":{"request":17,"profile":"alpha","route":"responses","reason":"body_read_timeout"}}',
			'{"timestamp":"2026-04-24T02:20:01Z","message":"profile_health","fields":{"request":17,"profile":"alpha","route":"responses","score":43,"reason":"stream_read_error"}}',
		]);
		expect(first).toMatchObject({profile: 'alpha', route: 'responses', event_count: 2, health_score: 43, health_reason: 'stream_read_error', latest_marker: 'profile_health', latest_reason: 'stream_read_error', latest_timestamp: '2026-04-24T02:20:01Z'});
	});

	test('persisted scores, circuits and backoffs merge in; marker fields override them when they belong to the route', () => {
		const profiles: ProfileSummary[] = [{
			profile: 'beta', quota_freshness: 'fresh', quota_age_seconds: 0n, retry_backoff_until: null, transport_backoff_until: null,
			routes: [{route: 'websocket', circuit_state: 'closed', circuit_until: null, transport_backoff_until: 99n, health_score: 5, bad_pairing_score: 1, performance_score: 2, quota_band: 'healthy', five_hour_status: 'ready', weekly_status: 'ready'}],
		} as unknown as ProfileSummary];
		const list = health([
			'[t] profile_circuit_open profile=beta route=websocket until=1745460000 reason=errors',
			'[t] profile_latency profile=beta route=- score=+7 reason=slow',
			'[t] profile_transport_backoff profile=other route=websocket until=5',
			'[t] selection_pick profile=main route=responses outcome=ok',
			'[t] selection_pick profile=main route=responses',
		], profiles);
		expect(list.map(item => `${item.profile}/${item.route}:${item.event_count}`)).toEqual(['main/responses:2', 'beta/-:1', 'beta/websocket:1', 'other/websocket:1']);
		const beta = list.find(item => item.profile === 'beta' && item.route === 'websocket')!;
		expect(beta).toMatchObject({health_score: 5, bad_pairing_score: 1, latency_score: 7, latency_reason: 'slow', circuit_state: 'open', circuit_until: 1_745_460_000n, circuit_reason: 'errors', transport_backoff_until: 99n, transport_backoff_context: null});
		expect(list.find(item => item.profile === 'other')).toMatchObject({transport_backoff_until: 5n, transport_backoff_context: null});
		expect(list.find(item => item.profile === 'main')).toMatchObject({latest_reason: 'ok', health_score: null});
	});

	test('Rust number parsing for scores and times', () => {
		expect([parseU32('43'), parseU32('+7'), parseU32('4294967295'), parseU32('4294967296'), parseU32('-1'), parseU32(' 1'), parseU32('1.0')]).toEqual([43, 7, 4_294_967_295, null, null, null, null]);
		expect([parseI64('-5'), parseI64('+5'), parseI64('9223372036854775807'), parseI64('9223372036854775808'), parseI64('-9223372036854775808'), parseI64('--1'), parseI64('')]).toEqual([-5n, 5n, 9_223_372_036_854_775_807n, null, -9_223_372_036_854_775_808n, null, null]);
	});
});
