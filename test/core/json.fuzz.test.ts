import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {MAX_JSON_DEPTH, decodeJsonString, parseStrictJson, type JsonValue} from '../../source/core/json.js';
import {parseStrictJsonFast} from '../../source/core/json-fast.js';
import {anyLine, fuzzParams, hostileString, jsonObjectLine, longRun, nestedJson, rawJsonLine, wellFormed} from '../helpers/fuzz.js';

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

const LONE_SURROGATE_ESCAPE = /\\u[dD][89a-fA-F]/;

describe('JSON-line reading on hostile text (J1, J5)', () => {
	test('the strict reader and its JSON.parse fast path never throw and always agree', () => {
		const text = fc.oneof(anyLine, rawJsonLine, hostileString(), fc.tuple(hostileString(3), longRun).map(([a, b]) => `{${a}${b}`));
		fc.assert(
			fc.property(text, line => {
				expect(plain(parseStrictJsonFast(line)), line).toEqual(plain(parseStrictJson(line)));
			}),
			fuzzParams(),
		);
	});

	test('a JSON.stringify object line is accepted, unless it holds a lone surrogate (then rejected, J1)', () => {
		fc.assert(
			fc.property(jsonObjectLine, line => {
				const parsed = parseStrictJson(line);
				// JSON.stringify writes a lone surrogate as a \uD8xx escape and never writes a well-formed pair as an escape.
				if (LONE_SURROGATE_ESCAPE.test(line)) expect(parsed).toBeUndefined();
				else expect(parsed?.kind, line).toBe('object');
			}),
			fuzzParams(),
		);
	});

	test('strings and keys come back as written', () => {
		const key = hostileString(4).map(wellFormed);
		fc.assert(
			fc.property(fc.dictionary(key, hostileString(6).map(wellFormed), {maxKeys: 6}), object => {
				const parsed = parseStrictJson(JSON.stringify(object));
				expect(parsed?.kind).toBe('object');
				if (parsed?.kind !== 'object') return;
				for (const [k, v] of Object.entries(object)) expect(parsed.entries.get(k)).toEqual({kind: 'string', value: v});
			}),
			fuzzParams(),
		);
	});

	test('nesting: accepted exactly up to depth 127 (J1), by both readers, closed or not', () => {
		fc.assert(
			fc.property(fc.integer({min: 1, max: 3 * MAX_JSON_DEPTH}), fc.constantFrom<'[' | '{"a":'>('[', '{"a":'), fc.boolean(), (depth, open, closed) => {
				const line = nestedJson(depth, open, closed);
				const exact = parseStrictJson(line);
				expect(plain(parseStrictJsonFast(line))).toEqual(plain(exact));
				expect(exact !== undefined).toBe(closed && depth <= MAX_JSON_DEPTH);
			}),
			fuzzParams(),
		);
	});

	test('very deep nesting (100k levels) is rejected without a stack overflow', () => {
		fc.assert(
			fc.property(fc.constantFrom<'[' | '{"a":'>('[', '{"a":'), fc.boolean(), fc.integer({min: 50_000, max: 100_000}), (open, closed, depth) => {
				const line = nestedJson(depth, open, closed);
				expect(parseStrictJsonFast(line)).toBeUndefined();
				expect(parseStrictJson(line)).toBeUndefined();
			}),
			fuzzParams(0.05),
		);
	});
});

describe('decodeJsonString (K2)', () => {
	test('never throws; a JSON.stringify literal of a well-formed string decodes to that string', () => {
		fc.assert(
			fc.property(hostileString(), text => {
				const decoded = decodeJsonString(JSON.stringify(text));
				if (wellFormed(text) === text) expect(decoded).toBe(text);
				else expect(decoded).toBeUndefined();
				decodeJsonString(text);
				decodeJsonString(`"${text}`);
				decodeJsonString(`"${text}"`);
			}),
			fuzzParams(),
		);
	});
});
