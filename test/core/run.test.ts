import {describe, expect, test} from 'vitest';
import {DiagnosisTrail, MAX_CHANGES} from '../../source/core/diagnosis-trail.js';
import {parseLine} from '../../source/core/line.js';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';
import {RECENT_LINES, Run} from '../../source/core/run.js';
import {SummaryAccumulator} from '../../source/core/summary.js';
import {summaryJson} from '../helpers/doctor.js';
import {followed} from '../helpers/ui.js';
import {generateLines} from '../helpers/generator.js';

const info = (rules = RULES_027) => ({id: 1, logPath: '/l.log', label: '/l.log', rules, rulesReason: 'test', startedAt: 0});


describe('Run', () => {
	test('applied in any batch sizes, the all window equals summarising the lines from scratch (both rule sets)', () => {
		for (const [seed, rules] of [[1, RULES_027], [2, RULES_CURRENT], [3, RULES_CURRENT]] as const) {
			const texts = generateLines({seed, lines: 600, format: 'mixed', hostile: 0.05, longLineBytes: 3000}).map(line => line.text);
			const lines = followed(texts, 0, 5_000_000);
			const run = new Run(info(rules), 0);
			let at = 0;
			let size = 1;
			while (at < lines.length) {
				const batch = lines.slice(at, at + size);
				at += batch.length;
				run.apply(batch, lines[at - 1]!.start + lines[at - 1]!.bytes);
				size = (size * 7 + 3) % 97;
			}
			const scratch = new SummaryAccumulator(rules);
			for (const text of texts) scratch.add(parseLine(text, rules));
			const report = (summary = scratch.summary()) => summaryJson(summary, rules);
			expect(report(run.summary('all'))).toBe(report());
			expect(report(run.summary('doctor'))).toBe(report());
			expect(run.totals).toEqual({lines: texts.length, bytes: lines.reduce((sum, line) => sum + line.bytes, 0), cutLines: 0});
		}
	});

	test('recent marker lines: the newest RECENT_LINES, oldest first, redacted when read', () => {
		const run = new Run(info(), 0);
		const texts = Array.from({length: RECENT_LINES * 3}, (_, i) => `[t] selection_pick n=${i} api_key=sk-live-${i}`);
		run.apply(followed(texts, 0, 5_000_000), 1);
		const {recent} = run.view(0);
		expect(recent).toHaveLength(RECENT_LINES);
		expect(recent[0]!.text).toContain(`n=${RECENT_LINES * 2}`);
		expect(recent.at(-1)!.text).toContain(`n=${RECENT_LINES * 3 - 1}`);
		expect(recent.at(-1)!.text).not.toContain('sk-live');
	});

	test('notes: cut lines and the lines prodex itself dropped', () => {
		const run = new Run(info(), 0);
		const lines = followed(['[t] runtime_proxy_async_log_dropped dropped_count=7', '[t] runtime_proxy_async_log_dropped dropped_count=5', '[t] selection_pick'], 0, 5_000_000);
		run.apply([...lines.slice(0, 2), {...lines[2]!, cut: true}], 100);
		expect(run.view(0).notes).toEqual(['1 line(s) longer than 1 MiB were cut (counted once each)', 'prodex dropped 12 log line(s) (its log queue was full)']);
		expect(new Run(info(), 0).view(0).notes).toEqual([]);
	});

	test('lines/s arrivals carry over to the next run; totals do not', () => {
		const first = new Run(info(), 0);
		first.apply(followed(['a', 'b'], 0, 7000), 4);
		const second = new Run(info(), 0, first.arrivalCounter);
		second.apply(followed(['c'], 0, 7500), 2);
		expect(second.view(0).arrivals).toEqual([{second: 7, lines: 3}]);
		expect(second.totals.lines).toBe(1);
	});
});

describe('DiagnosisTrail', () => {
	test('no change is announced before the run is caught up, nor across runs', () => {
		const trail = new DiagnosisTrail();
		expect(trail.observe(1, 'a', false, 10)).toEqual({previous: null, since: 10, changes: []});
		expect(trail.observe(1, 'b', false, 20)).toEqual({previous: null, since: 20, changes: []});
		expect(trail.observe(1, 'b', true, 30)).toEqual({previous: null, since: 20, changes: []});
		expect(trail.observe(1, 'b', true, 40)).toEqual({previous: null, since: 20, changes: []});
		expect(trail.observe(1, 'c', true, 50)).toEqual({previous: 'b', since: 50, changes: [{at: 50, from: 'b', to: 'c'}]});
		expect(trail.observe(1, 'c', true, 60)).toEqual({previous: 'b', since: 50, changes: [{at: 50, from: 'b', to: 'c'}]});
		expect(trail.observe(1, 'b', true, 65).changes).toEqual([{at: 50, from: 'b', to: 'c'}, {at: 65, from: 'c', to: 'b'}]);
		expect(trail.observe(2, 'd', true, 70)).toEqual({previous: null, since: 70, changes: []});
	});

	test('the changes are bounded: the newest MAX_CHANGES', () => {
		const trail = new DiagnosisTrail();
		trail.observe(1, 'x0', true, 0);
		let view = trail.observe(1, 'x0', true, 0);
		for (let i = 1; i <= MAX_CHANGES + 20; i++) view = trail.observe(1, `x${i}`, true, i);
		expect(view.changes).toHaveLength(MAX_CHANGES);
		expect(view.changes.at(-1)).toEqual({at: MAX_CHANGES + 20, from: `x${MAX_CHANGES + 19}`, to: `x${MAX_CHANGES + 20}`});
		expect(view.changes[0]!.at).toBe(21);
	});
});
