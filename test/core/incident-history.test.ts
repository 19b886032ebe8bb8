import {describe, expect, test} from 'vitest';
import {IncidentHistory, incidentChanges, presence} from '../../source/core/incident-history.js';

describe('incident history (fixed clock)', () => {
	test('an incident that appears, clears and returns shows exactly those transitions', () => {
		const history = new IncidentHistory();
		expect(history.observe([], 1000)).toEqual({appeared: [], cleared: []});
		expect(history.observe(['lane_saturation'], 2000)).toEqual({appeared: ['lane_saturation'], cleared: []});
		expect(history.observe(['lane_saturation'], 3000)).toEqual({appeared: [], cleared: []});
		expect(history.observe(['quota_pressure'], 4000)).toEqual({appeared: ['quota_pressure'], cleared: ['lane_saturation']});
		expect(history.observe(['lane_saturation', 'quota_pressure'], 5000)).toEqual({appeared: ['lane_saturation'], cleared: []});
		expect(history.view()).toEqual([
			{id: 'lane_saturation', firstSeen: 2000, active: true, appearances: 2, transitions: [{at: 2000, kind: 'appeared'}, {at: 4000, kind: 'cleared'}, {at: 5000, kind: 'appeared'}]},
			{id: 'quota_pressure', firstSeen: 4000, active: true, appearances: 1, transitions: [{at: 4000, kind: 'appeared'}]},
		]);
		history.observe([], 6000);
		// Cleared ones: most recently cleared first (both at 6000: the order of the last list).
		expect(history.view().map(track => [track.id, track.active, track.transitions.at(-1)])).toEqual([
			['lane_saturation', false, {at: 6000, kind: 'cleared'}],
			['quota_pressure', false, {at: 6000, kind: 'cleared'}],
		]);
	});

	test('active incidents keep the doctor order; cleared ones follow', () => {
		const history = new IncidentHistory();
		history.observe(['a', 'b', 'c'], 1);
		history.observe(['c', 'a'], 2);
		expect(history.view().map(track => track.id)).toEqual(['c', 'a', 'b']);
	});

	test('changes between two lists keep each list’s order', () => {
		expect(incidentChanges(['x', 'y', 'z'], ['z', 'w', 'v'])).toEqual({appeared: ['w', 'v'], cleared: ['x', 'y']});
	});

	test('presence strip: a span counts when the incident was there at any moment of it', () => {
		const track = {id: 'a', firstSeen: 1500, active: false, appearances: 2, transitions: [{at: 1500, kind: 'appeared'}, {at: 2500, kind: 'cleared'}, {at: 5200, kind: 'appeared'}, {at: 5300, kind: 'cleared'}]} as const;
		// Six spans of 1000 ms ending at 6000: [0,1000) … [5000,6000).
		expect(presence(track, 6000, 6000, 6)).toEqual([false, true, true, false, false, true]);
	});
});
