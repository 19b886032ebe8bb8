import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {replaceControlChars} from '../../source/core/control-chars.js';
import {headingLine, renderPanel} from '../../source/core/text.js';
import {anyLine, controlChar, firstControl, fuzzParams, hostileString, isControl, longRun} from '../helpers/fuzz.js';

const hostile = fc.oneof(hostileString(), anyLine, fc.tuple(hostileString(3), longRun, hostileString(3)).map(parts => parts.join('')));

describe('replaceControlChars (R4)', () => {
	test('no C0, DEL, C1 or ESC is left; every other unit is kept in place', () => {
		fc.assert(
			fc.property(hostile, text => {
				const out = replaceControlChars(text);
				expect(firstControl(out)).toBeNull();
				let expected = '';
				for (let i = 0; i < text.length; i++) {
					const code = text.charCodeAt(i);
					expected += isControl(code) ? ' ' : text[i];
				}
				expect(out).toBe(expected);
				expect(replaceControlChars(out)).toBe(out);
			}),
			fuzzParams(),
		);
	});

	test('every single control character becomes a space', () => {
		fc.assert(
			fc.property(controlChar, hostileString(3), (c, around) => {
				expect(replaceControlChars(`${around}${c}${around}`)).toBe(`${replaceControlChars(around)} ${replaceControlChars(around)}`);
			}),
			fuzzParams(),
		);
	});
});

describe('plain-text output (--once, snapshots): renderPanel, headingLine', () => {
	const row = fc.record({label: fc.constantFrom('Last marker', 'Diagnosis', 'Hot route', 'Quota source', 'Latest log'), value: hostile});

	test('a panel of hostile values holds no control character but its line breaks, and never throws', () => {
		fc.assert(
			fc.property(fc.array(row, {maxLength: 5}), fc.integer({min: 0, max: 200}), (rows, width) => {
				const panel = renderPanel('Runtime Proxy', rows, width);
				for (const line of panel.split('\n')) expect(firstControl(line), JSON.stringify(line)).toBeNull();
			}),
			fuzzParams(),
		);
	});

	test('the heading line holds no control character', () => {
		const heading = fc.record({version: hostileString(3), rules: hostileString(3), rulesReason: hostileString(4), window: hostileString(3), source: hostile});
		fc.assert(
			fc.property(heading, h => {
				expect(firstControl(headingLine(h))).toBeNull();
			}),
			fuzzParams(),
		);
	});
});
