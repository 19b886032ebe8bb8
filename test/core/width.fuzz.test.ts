import fc from 'fast-check';
import stringWidth from 'string-width';
import {displayText} from '../../source/core/display-text.js';
import {describe, expect, test, vi} from 'vitest';
import {replaceControlChars} from '../../source/core/control-chars.js';
import {wrapText} from '../../source/core/text.js';
import {clusterWidth, graphemeClusters, textWidth} from '../../source/core/width.js';
import {fuzzParams, hostileString, oddUnicode} from '../helpers/fuzz.js';

const segmenter = new Intl.Segmenter();

/** Sanitised hostile text, sometimes long enough to span several segmentation windows. */
function longish(...times: number[]): fc.Arbitrary<string> {
	return fc
		.tuple(hostileString(), fc.constantFrom(...times), fc.array(oddUnicode, {maxLength: 3}))
		.map(([text, n, extra]) => replaceControlChars(`${text}${extra.join('')}`.repeat(n)));
}

describe('width.ts: linear-time widths and clusters', () => {
	test('graphemeClusters gives Intl.Segmenter’s clusters, windows or not', () => {
		fc.assert(
			fc.property(longish(1, 40, 80), text => {
				const expected = [...segmenter.segment(text)].map(({segment, index}) => [index, segment]);
				expect([...graphemeClusters(text)].map(({segment, index}) => [index, segment])).toEqual(expected);
			}),
			fuzzParams(0.25),
		);
	});

	test('textWidth equals string-width; clusterWidth too', () => {
		fc.assert(
			fc.property(longish(1, 150, 200), text => {
				expect(textWidth(text)).toBe(stringWidth(text));
				for (const {segment} of graphemeClusters(text.slice(0, 200))) expect(clusterWidth(segment)).toBe(stringWidth(segment));
			}),
			fuzzParams(0.25),
		);
	});

	test('a cluster longer than a window (one base, thousands of marks) stays one cluster', () => {
		const text = `a${'\u0301'.repeat(5000)}b${'\u{1F468}\u200D'.repeat(1500)}\u{1F468}c`;
		expect([...graphemeClusters(text)].map(({segment}) => segment)).toEqual([...segmenter.segment(text)].map(({segment}) => segment));
		expect(textWidth(text)).toBe(stringWidth(text));
	});
});

/** wrapText as it was before width.ts (measuring the whole rest after every piece): the reference for simple text. */
function wrapTextReference(text: string, width: number): string[] {
	const splitAt = (t: string): [string, string] => {
		let head = '';
		let used = 0;
		for (const char of t) {
			const w = stringWidth(char);
			if (head !== '' && used + w > width) break;
			head += char;
			used += w;
		}
		return [head, t.slice(head.length)];
	};
	const lines: string[] = [];
	let line = '';
	for (const word of text.split(' ')) {
		let rest = word;
		while (stringWidth(rest) > width) {
			if (line.length > 0) {
				lines.push(line);
				line = '';
			}
			const [head, tail] = splitAt(rest);
			lines.push(head);
			rest = tail;
		}
		if (line.length === 0) line = rest;
		else if (stringWidth(line) + 1 + stringWidth(rest) <= width) line += ` ${rest}`;
		else {
			lines.push(line);
			line = rest;
		}
	}
	lines.push(line);
	return lines;
}

describe('wrapText', () => {
	test('equals the former wrapping where every character is its own cluster (ASCII, CJK, single emoji)', () => {
		const simple = fc.string({unit: fc.constantFrom('a', 'b', ' ', ' ', '-', '漢', 'é', '\u{1F600}', '"', '='), maxLength: 300});
		fc.assert(
			fc.property(simple, fc.integer({min: 1, max: 40}), (text, width) => {
				expect(wrapText(text, width)).toEqual(wrapTextReference(text, width));
			}),
			fuzzParams(),
		);
	});

	test('no line is wider than the width (2 or more), and no character of the printed text but spaces is lost', () => {
		fc.assert(
			fc.property(longish(1, 20, 100), fc.integer({min: 2, max: 120}), (text, width) => {
				const lines = wrapText(text, width);
				for (const line of lines) expect(textWidth(line), JSON.stringify(line)).toBeLessThanOrEqual(width);
				// wrapText prints the text first (display-text.ts): controls become spaces, invisible characters ⟨U+XXXX⟩.
				expect(lines.join('').replaceAll(' ', '')).toBe(displayText(text).replaceAll(' ', ''));
			}),
			fuzzParams(0.5),
		);
	});
});

describe('no segmentation sees a whole long text (Intl.Segmenter is quadratic in its input on Node 20)', () => {
	test.each([
		['CJK word', '漢'.repeat(50_000)],
		['accented words', 'e\u0301x '.repeat(12_000)],
		['emoji', '\u{1F600}'.repeat(25_000)],
	])('%s: wrapText and textWidth segment at most 4096 units at a time', (_, text) => {
		const segment = vi.spyOn(Intl.Segmenter.prototype, 'segment');
		try {
			wrapText(text, 80);
			textWidth(text);
			const longest = Math.max(...segment.mock.calls.map(([input]) => input.length));
			expect(segment).toHaveBeenCalled();
			expect(longest).toBeLessThanOrEqual(4096);
		} finally {
			segment.mockRestore();
		}
	});
});
