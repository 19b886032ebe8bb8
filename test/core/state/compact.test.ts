import {describe, expect, test} from 'vitest';
import {PRODUCTION_CONFIG} from '../../../source/core/state/config.js';
import {compactBackoffs, compactScores, compactUsageSnapshots, ownerAfterLastColon} from '../../../source/core/state/compact.js';
import type {UsageSnapshot} from '../../../source/core/state/types.js';

const NOW = 1_745_463_900n;
const P = new Set(['main', 'second']);
const epochs = (entries: Record<string, bigint>) => new Map(Object.entries(entries));
const keys = (map: ReadonlyMap<string, unknown>) => [...map.keys()].sort();
const DAY = 86_400n;

describe('load-time compaction (docs/state-files.md §4)', () => {
	test('retry backoffs: known profile and until > now (until == now is dropped)', () => {
		const b = compactBackoffs(
			{retry: epochs({main: NOW + 1n, second: NOW, ghost: NOW + 100n}), transport: new Map(), circuits: new Map(), updatedAt: new Map()},
			P,
			NOW,
			PRODUCTION_CONFIG,
		);
		expect([...b.retry]).toEqual([['main', NOW + 1n]]);
	});

	test('transport backoffs: a known route and profile, or a bare known profile; only future ones', () => {
		const b = compactBackoffs(
			{
				retry: new Map(),
				transport: epochs({
					'__route_transport_backoff__:websocket:main': NOW + 5n,
					'__route_transport_backoff__:standard:second': NOW + 5n,
					'__route_transport_backoff__:bogus:main': NOW + 5n,
					'__route_transport_backoff__:responses:ghost': NOW + 5n,
					'__route_transport_backoff__:compact:main': NOW,
					main: NOW + 5n,
					second: NOW - 5n,
					ghost: NOW + 5n,
				}),
				circuits: new Map(),
				updatedAt: new Map(),
			},
			P,
			NOW,
			PRODUCTION_CONFIG,
		);
		expect(keys(b.transport)).toEqual(['__route_transport_backoff__:standard:second', '__route_transport_backoff__:websocket:main', 'main']);
	});

	test('route circuits: known profile (text after the last colon); expired circuits are kept', () => {
		const b = compactBackoffs(
			{
				retry: new Map(),
				transport: new Map(),
				circuits: epochs({'__route_circuit__:websocket:main': NOW - 1000n, '__route_circuit__:compact:ghost': NOW + 10n, '__route_circuit__:x:y:second': NOW + 1n}),
				updatedAt: new Map(),
			},
			P,
			NOW,
			PRODUCTION_CONFIG,
		);
		expect(keys(b.circuits)).toEqual(['__route_circuit__:websocket:main', '__route_circuit__:x:y:second']);
	});

	test('backoff updated_at: milliseconds, kept from (now - 14 days) * 1000 on', () => {
		const oldest = (NOW - 14n * DAY) * 1000n;
		const b = compactBackoffs(
			{
				retry: new Map(),
				transport: new Map(),
				circuits: new Map(),
				updatedAt: epochs({'retry:main': oldest, 'circuit:__route_circuit__:websocket:second': oldest - 1n, 'transport:main': NOW * 1000n, 'retry:ghost': NOW * 1000n}),
			},
			P,
			NOW,
			PRODUCTION_CONFIG,
		);
		expect(keys(b.updatedAt)).toEqual(['retry:main', 'transport:main']);
	});

	test('scores: owning profile known and updated within 14 days (boundary inclusive)', () => {
		const s = compactScores(
			new Map([
				['__route_health__:websocket:main', {score: 1, updatedAt: NOW - 1_209_600n}],
				['__route_health__:compact:main', {score: 1, updatedAt: NOW - 1_209_601n}],
				['second', {score: 1, updatedAt: NOW + 50n}],
				['__previous_response_not_found__:responses:resp_1:second', {score: 1, updatedAt: NOW}],
				['__auth_failure__:ghost', {score: 1, updatedAt: NOW}],
			]),
			P,
			NOW,
			PRODUCTION_CONFIG,
		);
		expect(keys(s)).toEqual(['__previous_response_not_found__:responses:resp_1:second', '__route_health__:websocket:main', 'second']);
	});

	test('usage snapshots: known profile and checked within 7 days (boundary inclusive)', () => {
		const snap = (checkedAt: bigint) => ({checkedAt}) as UsageSnapshot;
		const u = compactUsageSnapshots(
			new Map([
				['main', snap(NOW - 604_800n)],
				['second', snap(NOW - 604_801n)],
				['ghost', snap(NOW)],
			]),
			P,
			NOW,
			PRODUCTION_CONFIG,
		);
		expect(keys(u)).toEqual(['main']);
	});

	test('with no profiles (no state.json) everything keyed by profile is dropped', () => {
		const empty = new Set<string>();
		const b = compactBackoffs(
			{retry: epochs({main: NOW + 1n}), transport: epochs({main: NOW + 1n}), circuits: epochs({'__route_circuit__:websocket:main': NOW + 1n}), updatedAt: new Map()},
			empty,
			NOW,
			PRODUCTION_CONFIG,
		);
		expect([b.retry.size, b.transport.size, b.circuits.size]).toEqual([0, 0, 0]);
	});

	test('owner of a key: text after the last colon, the whole key without one', () => {
		expect(ownerAfterLastColon('__route_bad_pairing__:websocket:main')).toBe('main');
		expect(ownerAfterLastColon('main')).toBe('main');
		expect(ownerAfterLastColon('trailing:')).toBe('');
	});
});
