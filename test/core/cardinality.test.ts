import {describe, expect, test} from 'vitest';
import {CardinalityGuard, FOLDED_VALUE, MAX_DISTINCT_VALUES, talliedFields} from '../../source/core/cardinality.js';
import {parseLine} from '../../source/core/line.js';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {Run} from '../../source/core/run.js';
import {SummaryAccumulator} from '../../source/core/summary.js';
import {summaryJson} from '../helpers/doctor.js';
import {followed} from '../helpers/ui.js';
import {generateLines} from '../helpers/generator.js';

const info = {id: 1, logPath: '/l.log', label: '/l.log', rules: RULES_CURRENT, rulesReason: 'test', startedAt: 0};


describe('CardinalityGuard', () => {
	test('values beyond the cap are folded; known values and untallied fields are kept', () => {
		const guard = new CardinalityGuard(talliedFields(RULES_CURRENT), 2);
		const fields = (text: string) => Object.fromEntries(guard.apply(parseLine(text, RULES_CURRENT)).fields);
		expect(fields('selection_pick profile=a request=1')).toEqual({profile: 'a', request: '1'});
		expect(fields('selection_pick profile=b request=2')).toEqual({profile: 'b', request: '2'});
		expect(fields('selection_pick profile=c request=3')).toEqual({profile: FOLDED_VALUE, request: '3'});
		expect(fields('selection_pick profile=a route=r')).toEqual({profile: 'a', route: 'r'});
		expect(guard.folded).toBe(1);
		// A line with nothing to fold is passed on as it is.
		const line = parseLine('selection_pick profile=b', RULES_CURRENT);
		expect(guard.apply(line)).toBe(line);
	});

	test('a folded live run, read in any batch sizes, equals a from-scratch summary of the lines folded once', () => {
		const generated = generateLines({seed: 7, lines: 1500, format: 'mixed', hostile: 0.05, longLineBytes: 2000}).map(line => line.text);
		const bomb = Array.from({length: MAX_DISTINCT_VALUES + 300}, (_, i) => `[2026-12-06 12:00:00.000 +00:00] selection_skip_current profile=p${i} reason=r${i % 20_000} lane=l${i}`);
		const texts = [...generated.slice(0, 700), ...bomb, ...generated.slice(700)];
		const run = new Run(info, 0);
		const lines = followed(texts, 0, 1_000_000);
		for (let at = 0, size = 1; at < lines.length; size = (size * 7 + 3) % 997) {
			const batch = lines.slice(at, at + size);
			at += batch.length;
			if (batch.length > 0) run.apply(batch, batch.at(-1)!.start + batch.at(-1)!.bytes);
		}
		const guard = new CardinalityGuard(talliedFields(RULES_CURRENT));
		const scratch = new SummaryAccumulator(RULES_CURRENT);
		for (const text of texts) scratch.add(guard.apply(parseLine(text, RULES_CURRENT)));
		expect(guard.folded).toBeGreaterThan(0);
		expect(summaryJson(run.summary('all'), RULES_CURRENT)).toBe(summaryJson(scratch.summary(), RULES_CURRENT));
		expect(summaryJson(run.summary('doctor'), RULES_CURRENT)).toBe(summaryJson(scratch.summary(), RULES_CURRENT));
	});
});

describe('a cardinality bomb in a live run', () => {
	test(`${MAX_DISTINCT_VALUES + 500} distinct profiles: at most ${MAX_DISTINCT_VALUES} + 1 keys in any window, the rest counted as ${FOLDED_VALUE} and said in a note`, () => {
		const texts = Array.from({length: MAX_DISTINCT_VALUES + 500}, (_, i) => `[2026-12-06 12:00:00.000 +00:00] selection_pick profile=p${i} route=responses`);
		const run = new Run(info, 0);
		const lines = followed(texts, 0, 1_000_000);
		run.apply(lines, lines.at(-1)!.start + lines.at(-1)!.bytes);
		for (const window of ['doctor', 'all'] as const) {
			const profiles = run.summary(window).facetCounts.get('profile')!;
			expect(profiles.size).toBe(MAX_DISTINCT_VALUES + 1);
			expect(profiles.get(FOLDED_VALUE)).toBe(500);
			expect(run.summary(window).insights!.selection.selectedProfiles.size).toBe(MAX_DISTINCT_VALUES + 1);
		}
		expect(run.view(1_000_000).notes).toContain(`500 field value(s) counted as ${FOLDED_VALUE}: a field had more than 10,000 distinct values in this run`);
	});
});
