import {describe, expect, test} from 'vitest';
import {parseLine} from '../../source/core/line.js';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {MAX_PROFILE_CHARS, MAX_PROFILE_VALUES, OTHER_PROFILE, RunCounters} from '../../source/core/run-counters.js';
import {Run} from '../../source/core/run.js';
import {followed} from '../helpers/ui.js';

const info = {id: 1, logPath: '/l.log', label: '/l.log', rules: RULES_CURRENT, rulesReason: 'test', startedAt: 0};
const line = (text: string) => parseLine(text, RULES_CURRENT);

describe('RunCounters', () => {
	test('marker lines per marker; lines without a marker count nowhere; no profiles unless asked', () => {
		const counters = new RunCounters(false);
		for (const text of ['[t] selection_pick profile=a', '[t] selection_pick profile=b', '[t] stream_read_error', '[t] not a marker profile=c']) counters.add(line(text));
		expect(counters.view()).toEqual({markers: new Map([['selection_pick', 2], ['stream_read_error', 1]]), profiles: null});
	});

	test('profiles: the first MAX_PROFILE_VALUES values keep their names, later, over-long and "(other)" values count as (other)', () => {
		const counters = new RunCounters(true);
		for (let i = 0; i < MAX_PROFILE_VALUES + 50; i++) counters.add(line(`[t] selection_pick profile=p${i}`));
		counters.add(line('[t] selection_pick profile=p0'));
		counters.add(line(`[t] selection_pick profile=${'x'.repeat(MAX_PROFILE_CHARS + 1)}`));
		counters.add(line(`[t] selection_pick profile=${OTHER_PROFILE}`));
		counters.add(line('[t] selection_pick'));
		const profiles = counters.view().profiles!;
		expect(profiles.size).toBe(MAX_PROFILE_VALUES + 1);
		expect(profiles.get('p0')).toBe(2);
		expect(profiles.get(`p${MAX_PROFILE_VALUES - 1}`)).toBe(1);
		expect(profiles.has(`p${MAX_PROFILE_VALUES}`)).toBe(false);
		expect(profiles.get(OTHER_PROFILE)).toBe(50 + 2);
	});

	test('in a Run: the whole run, whatever the doctor window drops and whatever the baseline reset forgets', () => {
		const run = new Run(info, 300);
		const texts = Array.from({length: 100}, (_, i) => `[t] selection_pick n=${i}`);
		const lines = followed(texts, 0, 1_000_000);
		run.apply(lines, lines.at(-1)!.start + lines.at(-1)!.bytes);
		expect(run.summary('doctor').markerCounts.get('selection_pick')).toBeLessThan(100);
		expect(run.view(0).counts.markers.get('selection_pick')).toBe(100);
		run.resetBaseline();
		run.resetDoctor();
		expect(run.summary('all').markerCounts.get('selection_pick') ?? 0).toBe(0);
		expect(run.view(0).counts.markers.get('selection_pick')).toBe(100);
		expect(run.totals.lines).toBe(100);
	});
});
