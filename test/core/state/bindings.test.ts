import {describe, expect, test} from 'vitest';
import {bindingState, turnStateCoverage} from '../../../source/core/state/bindings.js';
import {EMPTY_STATE_FILE, EMPTY_STORE, type Binding, type ContinuationStore} from '../../../source/core/state/types.js';

const b = (profileName: string, boundAt: number): Binding => ({profileName, boundAt: BigInt(boundAt), identity: null});
const store = (parts: Partial<Record<'responseBindings' | 'sessionBindings' | 'turnStateBindings' | 'sessionIdBindings', Array<[string, Binding]>>>): ContinuationStore => ({
	...EMPTY_STORE,
	...Object.fromEntries(Object.entries(parts).map(([key, entries]) => [key, new Map(entries)])),
});

describe('binding_state (prodex state_summary/bindings.rs)', () => {
	test('per source: kinds, owners (most first, then by name), unknown owners with samples in key order, oldest and newest', () => {
		const state = {...EMPTY_STATE_FILE, profileNames: ['main', 'second'], activeProfile: 'main', lastRunSelectedProfiles: 2, responseBindings: new Map([['resp_b', b('main', 20)], ['resp_a', b('gone', 10)]])};
		const continuations = store({turnStateBindings: [['t1', b('second', 5)], ['t2', b('second', 7)]], sessionIdBindings: [['s1', b('main', 9)]]});
		const result = bindingState(state, continuations, EMPTY_STORE, continuations);
		expect(result.active_profile).toBe('main');
		expect(result.profile_count).toBe(2);
		expect(result.last_run_selected_profiles).toBe(2);
		expect(result.state).toEqual({
			response_bindings: 2, session_bindings: 0, turn_state_bindings: 0, session_id_bindings: 0, total_bindings: 2, profile_count: 2,
			profiles: [
				{profile: 'gone', response_bindings: 1, session_bindings: 0, turn_state_bindings: 0, session_id_bindings: 0, total_bindings: 1},
				{profile: 'main', response_bindings: 1, session_bindings: 0, turn_state_bindings: 0, session_id_bindings: 0, total_bindings: 1},
			],
			missing_profile_bindings: 1, missing_profile_binding_samples: ['response:resp_a->gone'], oldest_bound_at: 10n, newest_bound_at: 20n,
		});
		expect(result.runtime_continuations.profiles.map(p => [p.profile, p.total_bindings])).toEqual([['second', 2], ['main', 1]]);
		expect(result.continuation_journal).toMatchObject({total_bindings: 0, profiles: [], oldest_bound_at: null, newest_bound_at: null});
	});

	test('at most 8 samples of unknown owners', () => {
		const many = store({sessionBindings: Array.from({length: 12}, (_, i) => [`k${String(i).padStart(2, '0')}`, b('x', i)] as [string, Binding])});
		const result = bindingState(EMPTY_STATE_FILE, many, EMPTY_STORE, EMPTY_STORE).runtime_continuations;
		expect(result.missing_profile_bindings).toBe(12);
		expect(result.missing_profile_binding_samples).toEqual(Array.from({length: 8}, (_, i) => `session:k0${i}->x`));
	});

	test('turn-state coverage: merged turn-state bindings per external response binding, at most 100, null without any', () => {
		const external = (key: string) => !key.startsWith('__response_turn_state__:');
		expect(turnStateCoverage(EMPTY_STORE, external)).toBeNull();
		const merged = store({responseBindings: [['r1', b('m', 1)], ['r2', b('m', 1)], ['r3', b('m', 1)], ['__response_turn_state__:x', b('m', 1)]], turnStateBindings: [['t', b('m', 1)]]});
		expect(turnStateCoverage(merged, external)).toBe(33);
		const over = store({responseBindings: [['r1', b('m', 1)]], turnStateBindings: [['t1', b('m', 1)], ['t2', b('m', 1)]]});
		expect(turnStateCoverage(over, external)).toBe(100);
	});
});
