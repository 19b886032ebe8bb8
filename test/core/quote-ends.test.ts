import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {QuoteEnds} from '../../source/core/quote-ends.js';
import {fuzzParams} from '../helpers/fuzz.js';

/** The walk as docs/parsing.md R5 states it: from the quote at `open`, a backslash skips the next unit, up to the same quote. */
function walk(text: string, open: number): number {
	const quote = text.charCodeAt(open);
	let cursor = open + 1;
	while (cursor < text.length) {
		const c = text.charCodeAt(cursor);
		if (c === quote) return cursor;
		cursor += c === 0x5c ? 2 : 1;
	}
	return -1;
}

const quoteText = fc.string({unit: fc.constantFrom('"', "'", '\\', 'a', ' ', '=', ':', '\uD83D', '\uDE00'), maxLength: 60});

function quotes(text: string): number[] {
	const found: number[] = [];
	for (let i = 0; i < text.length; i++) if (text[i] === '"' || text[i] === "'") found.push(i);
	return found;
}

describe('QuoteEnds', () => {
	test('gives the walk’s answer for every opening quote, walking or from the table', () => {
		// Budget -1: the tables from the first question; 3: after a few walks; 1e6: always walking.
		fc.assert(
			fc.property(quoteText, fc.constantFrom(-1, 3, 1_000_000), (text, budget) => {
				const ends = new QuoteEnds(text, budget);
				for (const open of quotes(text)) expect(ends.closing(open), `${JSON.stringify(text)} at ${open}`).toBe(walk(text, open));
			}),
			fuzzParams(),
		);
	});

	test.each([
		['"\\ repeated', '"\\'],
		['" \\" repeated', ' \\"'],
		["'\\ repeated", "'\\"],
		['" alone', '"'],
	])('asking at every quote of a %s text costs O(length) steps', (_, unit) => {
		const text = `"${unit.repeat(20_000)}"`;
		const ends = new QuoteEnds(text);
		for (const open of quotes(text)) ends.closing(open);
		expect(ends.steps).toBeLessThanOrEqual(7 * text.length + 256);
	});
});
