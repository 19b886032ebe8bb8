import {describe, expect, test} from 'vitest';
import {parseLine} from '../../source/core/line.js';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';
import {SummaryAccumulator, type LogSummary} from '../../source/core/summary.js';
import {mergeSummaries} from '../../source/core/summary-merge.js';
import {summaryJson} from '../helpers/doctor.js';
import {generateLines} from '../helpers/generator.js';
import {prng} from '../helpers/random.js';

/** Every part of a summary, Map order included (first-seen order must survive the merge). */
function ordered(summary: LogSummary): unknown {
	const entries = (map: ReadonlyMap<string, unknown>): unknown[] =>
		[...map].map(([key, value]) => [key, value instanceof Map ? entries(value) : value]);
	return Object.fromEntries(Object.entries(summary).map(([key, value]) => [key, value instanceof Map ? entries(value) : value]));
}

describe('merging the summaries of consecutive parts equals one summary of all lines', () => {
	for (const rules of [RULES_027, RULES_CURRENT]) {
		test.each(Array.from({length: 25}, (_, i) => i + 1))(`${rules.id} rules, seed %i, random split points`, seed => {
			const random = prng(seed * 31 + (rules.id === '0.27' ? 0 : 7));
			const texts = generateLines({
				seed,
				lines: 50 + Math.floor(random() * 400),
				format: seed % 3 === 0 ? 'json' : 'mixed',
				hostile: seed % 2 === 0 ? 0.15 : 0,
			}).map(line => line.text);
			const parsed = texts.map(text => parseLine(text, rules));
			const whole = new SummaryAccumulator(rules);
			for (const line of parsed) whole.add(line);

			// 1–5 parts, empty parts allowed, merged left to right.
			const cuts = Array.from({length: Math.floor(random() * 5)}, () => Math.floor(random() * (parsed.length + 1))).sort((a, b) => a - b);
			let merged: LogSummary | null = null;
			let at = 0;
			for (const cut of [...cuts, parsed.length]) {
				const part = new SummaryAccumulator(rules, 'groups');
				for (const line of parsed.slice(at, cut)) part.add(line);
				merged = merged === null ? part.summary() : mergeSummaries(merged, part.summary());
				at = cut;
			}
			expect(ordered(merged!)).toEqual(ordered(whole.summary()));
			expect(summaryJson(merged!, rules)).toBe(summaryJson(whole.summary(), rules));
		});
	}

	test('a part without timestamps, markers or fields takes nothing from its neighbours', () => {
		const rules = RULES_CURRENT;
		const summarize = (texts: string[]) => {
			const part = new SummaryAccumulator(rules, 'groups');
			for (const text of texts) part.add(parseLine(text, rules));
			return part.summary();
		};
		const a = summarize(['[t1] selection_pick route=responses profile=main', '[t2] stale_continuation reason=x']);
		const empty = summarize(['no marker here', '']);
		const merged = mergeSummaries(mergeSummaries(a, empty), summarize([]));
		expect(merged.firstTimestamp).toBe('t1');
		expect(merged.lastTimestamp).toBe('t2');
		expect(merged.lineCount).toBe(4);
		expect(merged.latestStaleContinuationReason).toBe('x');
		expect(merged.lastMarkerLine).toBe('[t2] stale_continuation reason=x');
	});
});
