import {afterEach, beforeEach, describe, expect, test, vi} from 'vitest';
import {paced} from '../../source/ui/use-terminal.js';

/** A minimal store subscribe: `emit()` notifies every listener. */
function source() {
	const listeners = new Set<() => void>();
	return {
		subscribe: (listener: () => void) => {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
		emit: () => {
			for (const listener of listeners) listener();
		},
		count: () => listeners.size,
	};
}

beforeEach(() => {
	vi.useFakeTimers();
});
afterEach(() => {
	vi.useRealTimers();
});

describe('paced: data-driven frames at most every N ms', () => {
	test('the first change after a quiet spell passes at once; a burst becomes one more call at the end of the interval', () => {
		const store = source();
		const calls: number[] = [];
		const start = Date.now();
		paced(store.subscribe, 250)(() => calls.push(Date.now() - start));
		store.emit();
		expect(calls).toEqual([0]);
		for (let i = 0; i < 20; i++) {
			vi.advanceTimersByTime(10);
			store.emit();
		}
		expect(calls).toEqual([0]);
		vi.advanceTimersByTime(50);
		expect(calls).toEqual([0, 250]);
		// Quiet: no timers, no calls.
		vi.advanceTimersByTime(10_000);
		expect(calls).toEqual([0, 250]);
		expect(vi.getTimerCount()).toBe(0);
		store.emit();
		expect(calls).toEqual([0, 250, 10_250]);
	});

	test('a steady stream every 100 ms gives one call every 250 ms or so, never more often', () => {
		const store = source();
		const calls: number[] = [];
		paced(store.subscribe, 250)(() => calls.push(Date.now()));
		for (let i = 0; i < 100; i++) {
			store.emit();
			vi.advanceTimersByTime(100);
		}
		expect(calls.length).toBeGreaterThanOrEqual(35);
		expect(calls.length).toBeLessThanOrEqual(41);
		for (let i = 1; i < calls.length; i++) expect(calls[i]! - calls[i - 1]!).toBeGreaterThanOrEqual(250);
	});

	test('unsubscribing removes the listener and any pending call', () => {
		const store = source();
		const listener = vi.fn();
		const unsubscribe = paced(store.subscribe, 250)(listener);
		store.emit();
		store.emit();
		unsubscribe();
		vi.advanceTimersByTime(1000);
		expect(listener).toHaveBeenCalledTimes(1);
		expect(store.count()).toBe(0);
		expect(vi.getTimerCount()).toBe(0);
	});
});
