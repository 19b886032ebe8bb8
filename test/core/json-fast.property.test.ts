import {describe, expect, test} from 'vitest';
import {MAX_JSON_DEPTH, parseStrictJson, type JsonValue} from '../../source/core/json.js';
import {parseStrictJsonFast} from '../../source/core/json-fast.js';
import {generateLines} from '../helpers/generator.js';
import {pick, prng} from '../helpers/random.js';

/** A JsonValue with Map order made visible (an order difference must fail). */
function plain(value: JsonValue | undefined): unknown {
	if (value === undefined) return 'rejected';
	switch (value.kind) {
		case 'array': {
			return {array: value.items.map(plain)};
		}
		case 'object': {
			return {object: [...value.entries].map(([key, item]) => [key, plain(item)])};
		}
		default: {
			return value;
		}
	}
}

const NUMBERS = ['0', '-0', '1', '-1', '7', '42', '-17', '9007199254740991', '9007199254740992', '18446744073709551615', '18446744073709551616', '-9223372036854775808', '123456789012345', '1234567890123456', '1.0', '1.5', '-0.0', '1e5', '1E-7', '2.5e+3', '1e400', '-1e400', '0.1', '00', '01', '-', '1.', '.5', '+1'];
const STRINGS = ['""', '"a"', '"a b"', '"\\u00e9"', '"\\ud83d\\ude00"', '"\\ud800"', '"\\udc00x"', '"\\uD800\\u0041"', '"\\n\\t\\"\\\\/"', '"\\x"', '"é😀"', '"\u0001"', '"2025-04-24 10:00:04.388 +07:00"', '"x:1.5, y:-0"', '"-0"'];
const KEYS = ['"a"', '"b"', '"event"', '"fields"', '"message"', '"0"', '"1"', '"10"', '"01"', '"4294967295"', '"-1"', '"__proto__"', '"constructor"', '"é"', '""'];

function randomValue(random: () => number, depth: number): string {
	const roll = random();
	if (depth > 3 || roll < 0.35) return pick(random, NUMBERS);
	if (roll < 0.6) return pick(random, STRINGS);
	if (roll < 0.68) return pick(random, ['true', 'false', 'null', 'nul', 'True']);
	if (roll < 0.8) return `[${Array.from({length: Math.floor(random() * 4)}, () => randomValue(random, depth + 1)).join(pick(random, [',', ', ', ' ,\n']))}]`;
	return randomObject(random, depth + 1);
}

function randomObject(random: () => number, depth: number): string {
	const members = Array.from({length: Math.floor(random() * 5)}, () => `${pick(random, KEYS)}${pick(random, [':', ' : ', ':\t'])}${randomValue(random, depth)}`);
	const text = `{${members.join(',')}}`;
	const roll = random();
	if (roll < 0.03) return `${text},`;
	if (roll < 0.06) return text.slice(0, -1);
	if (roll < 0.08) return `${text} x`;
	return text;
}

describe('the JSON.parse fast path equals the strict reader', () => {
	test('30,000 random JSON texts (numbers, escapes, index-like and duplicate keys, nesting, broken ones)', () => {
		const random = prng(99);
		let fast = 0;
		for (let i = 0; i < 30_000; i++) {
			const text = randomObject(random, 0);
			expect(plain(parseStrictJsonFast(text)), text).toEqual(plain(parseStrictJson(text)));
			if (parseStrictJson(text) !== undefined) fast++;
		}
		// Both outcomes occur.
		expect(fast).toBeGreaterThan(5000);
		expect(fast).toBeLessThan(29_000);
	});

	test('the generator’s JSON lines, hostile ones included', () => {
		for (const line of generateLines({seed: 13, lines: 5000, format: 'json', hostile: 0.3})) {
			const text = line.text.trim();
			expect(plain(parseStrictJsonFast(text)), text).toEqual(plain(parseStrictJson(text)));
		}
	});

	test('nesting around serde’s recursion limit', () => {
		for (const depth of [MAX_JSON_DEPTH - 1, MAX_JSON_DEPTH, MAX_JSON_DEPTH + 1, 5000]) {
			const text = `{"a":${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}}`;
			expect(plain(parseStrictJsonFast(text))).toEqual(plain(parseStrictJson(text)));
		}
	});
});
