import {describe, expect, test} from 'vitest';
import {PRODUCTION_CONFIG} from '../../../source/core/state/config.js';
import {circuitState, degradedRoutes, effectiveScore, routeKeyParts} from '../../../source/core/state/routes.js';
import type {Backoffs, HealthScore} from '../../../source/core/state/types.js';

const map = <V>(entries: Record<string, V>) => new Map(Object.entries(entries));
const epochs = (entries: Record<string, number>) => new Map(Object.entries(entries).map(([k, v]) => [k, BigInt(v)]));
const score = (value: number, updatedAt: number): HealthScore => ({score: value, updatedAt: BigInt(updatedAt)});
const backoffs = (b: {retry?: Record<string, number>; transport?: Record<string, number>; circuits?: Record<string, number>}): Backoffs => ({
	retry: epochs(b.retry ?? {}),
	transport: epochs(b.transport ?? {}),
	circuits: epochs(b.circuits ?? {}),
	updatedAt: new Map(),
});
const TEST_DECAY = {healthDecaySeconds: 10, badPairingDecaySeconds: 5};

describe('effective score (docs/state-files.md §3.3)', () => {
	test.each([
		// [score, age, decay, expected]: one point per full period, floor, never below 0
		[4, 0, 60, 4],
		[4, 59, 60, 4],
		[4, 60, 60, 3],
		[4, 119, 60, 3],
		[4, 120, 60, 2],
		[4, 480, 60, 0],
		[2, 359, 180, 1],
		[2, 360, 180, 0],
		[2, 600, 180, 0],
		[5, 20, 10, 3],
		[5, 29, 10, 3],
		[4, 5, 5, 3],
		[4, 4, 5, 4],
		[3, 299, 300, 3],
		[3, 300, 300, 2],
	])('score %i, age %i s, period %i s → %i', (value, age, decay, expected) => {
		expect(effectiveScore(score(value, 1000 - age), 1000n, decay)).toBe(expected);
	});

	test('a future updated_at (negative age) does not decay', () => {
		expect(effectiveScore(score(7, 5000), 1000n, 60)).toBe(7);
	});

	test('extreme ages saturate instead of overflowing', () => {
		expect(effectiveScore({score: 4_294_967_295, updatedAt: -9_223_372_036_854_775_808n}, 9_223_372_036_854_775_807n, 1)).toBe(0);
		expect(effectiveScore({score: 9, updatedAt: 9_223_372_036_854_775_807n}, -9_223_372_036_854_775_808n, 1)).toBe(9);
	});
});

describe('route circuit state (acceptance E4)', () => {
	test('open while until > now, half_open at or after until, closed without an entry', () => {
		expect(circuitState(1001n, 1000n)).toBe('open');
		expect(circuitState(1000n, 1000n)).toBe('half_open');
		expect(circuitState(999n, 1000n)).toBe('half_open');
		expect(circuitState(null, 1000n)).toBe('closed');
	});
});

describe('route key parts', () => {
	test('split at the first colon after the prefix', () => {
		expect(routeKeyParts('__route_circuit__:websocket:main', '__route_circuit__:')).toEqual({route: 'websocket', profile: 'main'});
		expect(routeKeyParts('__route_circuit__:websocket:a:b', '__route_circuit__:')).toEqual({route: 'websocket', profile: 'a:b'});
		expect(routeKeyParts('__route_circuit__:websocket', '__route_circuit__:')).toBeNull();
		expect(routeKeyParts('main', '__route_circuit__:')).toBeNull();
	});
});

describe('degraded_routes (§5.1)', () => {
	test('E1: prodex test vector with test decay periods (health 10 s, bad pairing 5 s), exactly and in order', () => {
		const routes = degradedRoutes(
			backoffs({
				retry: {gamma: 1007},
				transport: {'__route_transport_backoff__:websocket:alpha': 1010, beta: 1005},
				circuits: {'__route_circuit__:responses:alpha': 1001, '__route_circuit__:compact:beta': 999},
			}),
			map({
				'__route_health__:responses:alpha': score(5, 980),
				'__route_bad_pairing__:compact:beta': score(4, 995),
				'__route_health__:standard:ignored': score(1, 900),
			}),
			1000n,
			TEST_DECAY,
		);
		expect(routes).toEqual([
			'alpha/responses circuit=open until=1001',
			'alpha/responses health=3',
			'alpha/websocket transport_backoff until=1010',
			'beta/compact bad_pairing=3',
			'beta/compact circuit=half-open until=999',
			'beta/transport transport_backoff until=1005',
			'gamma/retry retry_backoff until=1007',
		]);
	});

	test('E1 with the production periods keeps the undecayed scores', () => {
		const routes = degradedRoutes(backoffs({}), map({'__route_health__:responses:alpha': score(5, 980), '__route_bad_pairing__:compact:beta': score(4, 995)}), 1000n, PRODUCTION_CONFIG);
		expect(routes).toEqual(['alpha/responses health=5', 'beta/compact bad_pairing=4']);
	});

	test('E2: 11 candidates with production periods → the first 8 sorted', () => {
		const N = 1_745_463_900;
		const routes = degradedRoutes(
			backoffs({
				retry: {alpha: N + 10, zeta: N + 11},
				transport: {'__route_transport_backoff__:responses:beta': N + 20, gamma: N + 21},
				circuits: {'__route_circuit__:responses:delta': N - 1, '__route_circuit__:websocket:eta': N + 30, '__route_circuit__:compact:theta': N + 31},
			}),
			map({
				'__route_bad_pairing__:standard:aardvark': score(5, N),
				'__route_health__:compact:lambda': score(1, N),
				'__route_bad_pairing__:responses:main': score(2, N),
				'__route_health__:websocket:omega': score(4, N),
			}),
			BigInt(N),
			PRODUCTION_CONFIG,
		);
		expect(routes).toHaveLength(8);
		expect(routes[0]).toBe('aardvark/standard bad_pairing=5');
		expect(routes[1]).toBe(`alpha/retry retry_backoff until=${N + 10}`);
		expect(routes[3]).toBe(`delta/responses circuit=half-open until=${N - 1}`);
		expect(routes[4]).toBe(`eta/websocket circuit=open until=${N + 30}`);
		expect(routes[7]).toBe('main/responses bad_pairing=2');
		expect(routes.some(r => /omega|theta|zeta/.test(r))).toBe(false);
		expect(routes).toEqual([
			'aardvark/standard bad_pairing=5',
			`alpha/retry retry_backoff until=${N + 10}`,
			`beta/responses transport_backoff until=${N + 20}`,
			`delta/responses circuit=half-open until=${N - 1}`,
			`eta/websocket circuit=open until=${N + 30}`,
			`gamma/transport transport_backoff until=${N + 21}`,
			'lambda/compact health=1',
			'main/responses bad_pairing=2',
		]);
	});

	test('exactly 8 candidates are all kept; a 9th sorting last is cut', () => {
		const retry = Object.fromEntries(Array.from({length: 8}, (_, i) => [`p${i}`, 2000]));
		expect(degradedRoutes(backoffs({retry}), new Map(), 1000n, PRODUCTION_CONFIG)).toHaveLength(8);
		const nine = degradedRoutes(backoffs({retry: {...retry, p9: 2000}}), new Map(), 1000n, PRODUCTION_CONFIG);
		expect(nine).toHaveLength(8);
		expect(nine.at(-1)).toBe('p7/retry retry_backoff until=2000');
	});

	test('duplicates are removed before the cut (a legacy bare key and a `transport` route key give the same text)', () => {
		const retry = Object.fromEntries(Array.from({length: 7}, (_, i) => [`z${i}`, 2000]));
		const routes = degradedRoutes(
			backoffs({retry, transport: {a: 1500, '__route_transport_backoff__:transport:a': 1500}}),
			new Map(),
			1000n,
			PRODUCTION_CONFIG,
		);
		expect(routes.filter(r => r === 'a/transport transport_backoff until=1500')).toHaveLength(1);
		expect(routes).toHaveLength(8);
		expect(routes.at(-1)).toBe('z6/retry retry_backoff until=2000');
	});

	test('sorted by code point (UTF-8 byte order), not by UTF-16 units', () => {
		const routes = degradedRoutes(backoffs({retry: {'\u{FF5E}': 2000, '\u{1F600}': 2000, B: 2000, a: 2000}}), new Map(), 1000n, PRODUCTION_CONFIG);
		expect(routes.map(r => r.split('/')[0])).toEqual(['B', 'a', '\u{FF5E}', '\u{1F600}']);
	});

	test('circuit until == now is half-open, now + 1 open', () => {
		const routes = degradedRoutes(backoffs({circuits: {'__route_circuit__:responses:a': 1000, '__route_circuit__:compact:a': 1001}}), new Map(), 1000n, PRODUCTION_CONFIG);
		expect(routes).toEqual(['a/compact circuit=open until=1001', 'a/responses circuit=half-open until=1000']);
	});

	test('keys without the <prefix><route>:<profile> form are skipped; route text is not validated', () => {
		const routes = degradedRoutes(
			backoffs({circuits: {'__route_circuit__:nocolon': 2000, 'main': 2000, '__route_circuit__:bogus:main': 2000}}),
			map({'__route_health__:nocolon': score(9, 1000), '__route_performance__:responses:main': score(9, 1000), '__route_success__:responses:main': score(9, 1000), main: score(9, 1000)}),
			1000n,
			PRODUCTION_CONFIG,
		);
		expect(routes).toEqual(['main/bogus circuit=open until=2000']);
	});

	test('until values beyond 2^53 print exactly', () => {
		const routes = degradedRoutes(
			{retry: new Map([['p', 9_007_199_254_740_993n]]), transport: new Map(), circuits: new Map()},
			new Map(),
			1000n,
			PRODUCTION_CONFIG,
		);
		expect(routes).toEqual(['p/retry retry_backoff until=9007199254740993']);
	});
});
