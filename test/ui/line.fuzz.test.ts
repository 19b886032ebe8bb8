import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {cut, fieldsText, fit, middle, width} from '../../source/ui/format.js';
import {fitSegs} from '../../source/ui/line.js';
import {anyLine, firstControl, fuzzParams, hostileString, longRun} from '../helpers/fuzz.js';

const hostile = fc.oneof(hostileString(), anyLine, fc.tuple(hostileString(3), longRun).map(parts => parts.join('')));

describe('screen rows from hostile text', () => {
	test('fitSegs: no control character reaches a row, whatever the segments hold', () => {
		const seg = fc.record({text: hostile, bold: fc.boolean()});
		fc.assert(
			fc.property(fc.array(seg, {maxLength: 5}), fc.integer({min: 0, max: 200}), (segs, columns) => {
				const row = fitSegs(segs, columns);
				for (const s of row) expect(firstControl(s.text), JSON.stringify(s.text)).toBeNull();
			}),
			fuzzParams(),
		);
	});

	test('cut, fit, middle and fieldsText never throw on hostile text', () => {
		fc.assert(
			fc.property(hostile, fc.integer({min: -2, max: 200}), hostileString(3), (text, max, key) => {
				cut(text, max);
				fit(text, Math.max(0, max));
				middle(text, max);
				width(text);
				fieldsText(new Map([[key, text]]));
			}),
			fuzzParams(),
		);
	});
});
