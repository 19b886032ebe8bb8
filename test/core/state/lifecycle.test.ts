import {describe, expect, test} from 'vitest';
import {PRODUCTION_CONFIG} from '../../../source/core/state/config.js';
import {
	bindingRetained,
	CONFLICT_PROFILE,
	deadAt,
	isTerminal,
	lastEventAt,
	retainWithBinding,
	retainWithoutBinding,
	shadowsDead,
	shouldReplace,
} from '../../../source/core/state/lifecycle.js';
import type {Binding, ContinuationStatus} from '../../../source/core/state/types.js';
import {status} from '../../helpers/state.js';

const NOW = 10_000n;
const P = PRODUCTION_CONFIG;
const binding = (boundAt: bigint, profileName = 'main'): Binding => ({profileName, boundAt, identity: null});
const suspect = (ago: bigint, over: Partial<ContinuationStatus> = {}) => status({state: 'Suspect', confidence: 1, lastNotFoundAt: NOW - ago, notFoundStreak: 1, ...over});
const dead = (ago: bigint | null, over: Partial<ContinuationStatus> = {}) => status({state: 'Dead', lastNotFoundAt: ago === null ? null : NOW - ago, ...over});

describe('continuation lifecycle predicates (docs/state-files.md §5.3)', () => {
	test('terminal: dead, streak at the limit (2), or suspect with confidence 0 after a failure', () => {
		expect(isTerminal(status({state: 'Dead'}), P)).toBe(true);
		expect(isTerminal(status({notFoundStreak: 2}), P)).toBe(true);
		expect(isTerminal(status({notFoundStreak: 1}), P)).toBe(false);
		expect(isTerminal(status({state: 'Suspect', confidence: 0, failureCount: 1}), P)).toBe(true);
		expect(isTerminal(status({state: 'Suspect', confidence: 0, failureCount: 0}), P)).toBe(false);
		expect(isTerminal(status({state: 'Warm', confidence: 0, failureCount: 3}), P)).toBe(false);
	});

	test('suspect grace 120 s: last not-found 119 s ago is retained, 120 s ago is not', () => {
		expect(retainWithBinding(suspect(119n), NOW, P)).toBe(true);
		expect(retainWithBinding(suspect(120n), NOW, P)).toBe(false);
		expect(retainWithBinding(suspect(121n), NOW, P)).toBe(false);
		expect(retainWithBinding(suspect(-5n), NOW, P)).toBe(true);
	});

	test('suspect also needs confidence > 0, a streak below 2 and a not-found time', () => {
		expect(retainWithBinding(suspect(10n, {confidence: 0}), NOW, P)).toBe(false);
		expect(retainWithBinding(suspect(10n, {notFoundStreak: 2}), NOW, P)).toBe(false);
		expect(retainWithBinding(status({state: 'Suspect', confidence: 1}), NOW, P)).toBe(false);
	});

	test('verified and warm need some evidence', () => {
		expect(retainWithBinding(status({state: 'Warm'}), NOW, P)).toBe(false);
		expect(retainWithBinding(status({state: 'Warm', confidence: 1}), NOW, P)).toBe(true);
		expect(retainWithBinding(status({state: 'Verified', successCount: 1}), NOW, P)).toBe(true);
		expect(retainWithBinding(status({state: 'Verified', lastVerifiedAt: 1n}), NOW, P)).toBe(true);
		expect(retainWithBinding(status({state: 'Warm', lastTouchedAt: 1n}), NOW, P)).toBe(true);
		expect(retainWithBinding(dead(1n), NOW, P)).toBe(false);
	});

	test('dead grace 900 s without a binding: died 899 s ago retained, 900 s ago not; dead_at falls back to last_touched_at', () => {
		expect(retainWithoutBinding(dead(899n), NOW, P)).toBe(true);
		expect(retainWithoutBinding(dead(900n), NOW, P)).toBe(false);
		expect(retainWithoutBinding(dead(null, {lastTouchedAt: NOW - 10n}), NOW, P)).toBe(true);
		expect(retainWithoutBinding(dead(null), NOW, P)).toBe(false);
		expect(deadAt(dead(null, {lastTouchedAt: 5n}))).toBe(5n);
		expect(deadAt(dead(3n, {lastTouchedAt: 5n}))).toBe(NOW - 3n);
		expect(deadAt(suspect(3n))).toBeNull();
		// Other states without a binding follow the with-binding rule.
		expect(retainWithoutBinding(suspect(119n), NOW, P)).toBe(true);
	});

	test('a binding bound after the status died shadows it (strictly later)', () => {
		expect(shadowsDead(binding(NOW - 99n), dead(100n))).toBe(true);
		expect(shadowsDead(binding(NOW - 100n), dead(100n))).toBe(false);
		expect(shadowsDead(binding(NOW), suspect(1n))).toBe(false);
	});

	test('binding retention: conflict profile always; shadowed dead kept; terminal dropped; no status → bound_at <= now', () => {
		expect(bindingRetained(binding(NOW + 100n, CONFLICT_PROFILE), dead(1n), NOW, P)).toBe(true);
		expect(bindingRetained(binding(NOW - 10n), dead(100n), NOW, P)).toBe(true);
		expect(bindingRetained(binding(NOW - 200n), dead(100n), NOW, P)).toBe(false);
		expect(bindingRetained(binding(NOW - 10n), suspect(10n, {notFoundStreak: 2}), NOW, P)).toBe(false);
		expect(bindingRetained(binding(NOW - 10n), suspect(10n), NOW, P)).toBe(true);
		expect(bindingRetained(binding(NOW), undefined, NOW, P)).toBe(true);
		expect(bindingRetained(binding(NOW + 1n), undefined, NOW, P)).toBe(false);
	});

	test('last event time is the latest of not-found, verified and touched', () => {
		expect(lastEventAt(status({lastNotFoundAt: 5n, lastVerifiedAt: 9n, lastTouchedAt: 7n}))).toBe(9n);
		expect(lastEventAt(status({}))).toBeNull();
	});
});

describe('merge preference (journal status vs store status)', () => {
	test('the later event time wins', () => {
		expect(shouldReplace(status({state: 'Warm', lastTouchedAt: 11n}), status({state: 'Verified', confidence: 8, lastTouchedAt: 10n}), P)).toBe(true);
		expect(shouldReplace(status({state: 'Verified', confidence: 8, lastTouchedAt: 9n}), status({lastTouchedAt: 10n}), P)).toBe(false);
	});

	test('a status with an event time beats one without', () => {
		expect(shouldReplace(status({lastTouchedAt: 1n}), status({state: 'Verified', confidence: 8}), P)).toBe(true);
		expect(shouldReplace(status({state: 'Verified', confidence: 8}), status({lastTouchedAt: 1n}), P)).toBe(false);
	});

	test('equal times: terminal beats non-terminal, else the greater evidence tuple wins strictly', () => {
		expect(shouldReplace(dead(null, {lastTouchedAt: 10n}), status({state: 'Verified', confidence: 3, lastTouchedAt: 10n}), P)).toBe(true);
		expect(shouldReplace(status({state: 'Verified', confidence: 3, lastTouchedAt: 10n}), dead(null, {lastTouchedAt: 10n}), P)).toBe(false);
		expect(shouldReplace(status({state: 'Verified', lastTouchedAt: 10n}), status({state: 'Warm', confidence: 8, lastTouchedAt: 10n}), P)).toBe(true);
		// Confidence is capped at 8 for the comparison: 9 vs 8 ties, and the next element decides.
		expect(shouldReplace(status({confidence: 9}), status({confidence: 8}), P)).toBe(false);
		expect(shouldReplace(status({confidence: 9, successCount: 1}), status({confidence: 8}), P)).toBe(true);
		// Fewer not-founds is more evidence; an identical status does not replace.
		expect(shouldReplace(status({confidence: 1}), status({confidence: 1, notFoundStreak: 1}), P)).toBe(true);
		expect(shouldReplace(status({confidence: 1}), status({confidence: 1}), P)).toBe(false);
		expect(shouldReplace(status({lastVerifiedRoute: 'websocket'}), status({}), P)).toBe(true);
	});
});
