import {describe, expect, test} from 'vitest';
import {buildMarkerAutomaton, firstMarkerByLoop} from '../../source/core/marker-automaton.js';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';
import {generateLines} from '../helpers/generator.js';
import {pick, prng} from '../helpers/random.js';

/** Messages built from pieces of markers, so overlaps, prefixes and near misses are common. */
function randomMessage(random: () => number, markers: readonly string[]): string {
	const pieces = Math.floor(random() * 8);
	let text = '';
	for (let i = 0; i < pieces; i++) {
		const marker = pick(random, markers);
		const roll = random();
		if (roll < 0.3) text += marker;
		else if (roll < 0.6) {
			const start = Math.floor(random() * marker.length);
			text += marker.slice(start, start + 1 + Math.floor(random() * (marker.length - start)));
		} else text += pick(random, [' ', '_', '=', 'x', 'é', '\u{1F600}', '"', 'request=1', '\u0000', 'ÿ']);
	}
	return text;
}

describe('the marker automaton equals the catalog loop (detection rule 3)', () => {
	for (const rules of [RULES_027, RULES_CURRENT]) {
		const automaton = buildMarkerAutomaton(rules.markers);
		test(`${rules.id}: 20,000 generated messages`, () => {
			const random = prng(rules.id === '0.27' ? 11 : 12);
			let hits = 0;
			for (let i = 0; i < 20_000; i++) {
				const message = randomMessage(random, rules.markers);
				const expected = firstMarkerByLoop(rules.markers, message);
				if (expected !== null) hits++;
				expect(automaton.first(message)).toBe(expected);
			}
			// The generator must exercise both outcomes.
			expect(hits).toBeGreaterThan(2000);
			expect(hits).toBeLessThan(19_000);
		});
		test(`${rules.id}: the generator's log lines (hostile ones included)`, () => {
			for (const line of generateLines({seed: 5, lines: 3000, format: 'mixed', hostile: 0.2})) {
				expect(automaton.first(line.text)).toBe(firstMarkerByLoop(rules.markers, line.text));
			}
		});
	}

	test('small catalogs: overlaps, prefixes, suffixes, an empty marker', () => {
		const random = prng(3);
		const alphabet = ['a', 'b', 'ab', 'ba', 'aa', 'é', '😀'];
		for (let round = 0; round < 500; round++) {
			const markers = Array.from({length: 1 + Math.floor(random() * 6)}, () =>
				Array.from({length: Math.floor(random() * 4)}, () => pick(random, alphabet)).join(''),
			);
			const automaton = buildMarkerAutomaton(markers);
			for (let i = 0; i < 40; i++) {
				const message = Array.from({length: Math.floor(random() * 10)}, () => pick(random, alphabet)).join('');
				expect(automaton.first(message)).toBe(firstMarkerByLoop(markers, message));
			}
		}
	});
});
