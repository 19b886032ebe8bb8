import {describe, expect, test} from 'vitest';
import {parseLine, type ParsedLine} from '../../source/core/line.js';
import {RULES_027, RULES_CURRENT, type RuleSet} from '../../source/core/rules/index.js';
import {SummaryAccumulator, type LogSummary} from '../../source/core/summary.js';
import {summaryJson} from '../helpers/doctor.js';
import {pick, prng} from '../helpers/random.js';
import {referenceSummary} from '../helpers/reference-summary.js';

// Property: for random logs and random window moves (append newest, drop oldest), the incremental
// summary equals an independent from-scratch summary of exactly the lines in the window.

const MARKERS = [...new Set([...RULES_027.markers, ...RULES_CURRENT.markers])];
const KEYS = ['route', 'profile', 'reason', 'transport', 'lane', 'backlog', 'lag_ms', 'quota_source', 'request_shape', 'client', 'family', 'warning', 'missing_managed_dirs', 'orphan_managed_dirs', 'tool_surface', 'active', 'limit', 'hard_limit', 'exit', 'via'];
const VALUES = ['responses', 'websocket', 'main', 'second', '-', '', '3', '0', '+12', 'quota_critical_floor_before_send', 'persisted_snapshot', 'probe_cache', 'continuation_only', 'session_replayable', 'previous_response_not_found', 'compact', 'codex', 'a b', 'sk-proj-1234567890abcdef', '\u{1F600}', '\uFFFD'];

function randomLine(random: () => number): string {
	const roll = random();
	if (roll < 0.05) return '';
	if (roll < 0.1) return `plain text without marker ${Math.floor(random() * 100)}`;
	const parts: string[] = [];
	const fieldCount = Math.floor(random() * 5);
	for (let i = 0; i < fieldCount; i++) {
		const value = pick(random, VALUES);
		parts.push(`${pick(random, KEYS)}=${value.includes(' ') || value === '' ? JSON.stringify(value) : value}`);
	}
	const marker = pick(random, MARKERS);
	parts.splice(Math.floor(random() * (parts.length + 1)), 0, marker);
	const message = parts.join(' ');
	const stamp = random() < 0.85 ? `[2026-04-24 09:${String(Math.floor(random() * 60)).padStart(2, '0')}:00.000 +07:00] ` : '';
	if (random() < 0.15) {
		const fields = Object.fromEntries([[pick(random, KEYS), pick(random, VALUES)]]);
		return JSON.stringify({event: random() < 0.5 ? marker : undefined, fields, message, timestamp: stamp === '' ? undefined : stamp.slice(1, -2)});
	}
	return stamp + message;
}

const finalized = (summary: LogSummary, rules: RuleSet) => summaryJson(summary, rules);

describe('incremental summary == from-scratch summary (both rule sets)', () => {
	for (const rules of [RULES_027, RULES_CURRENT]) {
		test.each(Array.from({length: 40}, (_, i) => i + 1))(`${rules.id} rules, seed %i`, seed => {
			const random = prng(seed * 7919 + (rules.id === '0.27' ? 0 : 1));
			const accumulator = new SummaryAccumulator(rules);
			const window: ParsedLine[] = [];
			for (let step = 0; step < 60; step++) {
				const adds = Math.floor(random() * 12);
				for (let i = 0; i < adds; i++) {
					const line = parseLine(randomLine(random), rules);
					accumulator.add(line);
					window.push(line);
				}
				const removes = Math.floor(random() * (window.length + 1) * (random() < 0.3 ? 1 : 0.4));
				for (let i = 0; i < removes; i++) accumulator.remove(window.shift()!);
				expect(accumulator.lineCount).toBe(window.length);
				expect(finalized(accumulator.summary(), rules)).toBe(finalized(referenceSummary(window, rules), rules));
			}
			// Draining to empty gives the empty summary.
			while (window.length > 0) accumulator.remove(window.shift()!);
			expect(finalized(accumulator.summary(), rules)).toBe(finalized(referenceSummary([], rules), rules));
		});
	}
});
