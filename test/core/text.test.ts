import {describe, expect, test} from 'vitest';
import {windowHeading, wrapText} from '../../source/core/text.js';

describe('wrapText (--once rows and the dashboard)', () => {
	test.each<[string, number, string[]]>([
		['a bb ccc dddd', 6, ['a bb', 'ccc', 'dddd']],
		['abcdefghij xy', 4, ['abcd', 'efgh', 'ij', 'xy']],
		['x abcdefgh', 4, ['x', 'abcd', 'efgh']],
		// Wide characters take two columns.
		['漢字漢字 a', 4, ['漢字', '漢字', 'a']],
		['', 5, ['']],
	])('%j at %i columns', (text, width, expected) => {
		expect(wrapText(text, width)).toEqual(expected);
	});
});

describe('windowHeading', () => {
	test.each<[Parameters<typeof windowHeading>, string]>([
		[['doctor', 131_072], 'doctor 131072 bytes'],
		[['doctor', 0], 'whole file'],
		[['1h', 131_072], '1h'],
		[['all', 0], 'all'],
	])('%j', (args, expected) => {
		expect(windowHeading(...args)).toBe(expected);
	});
});
