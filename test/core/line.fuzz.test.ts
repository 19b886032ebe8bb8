import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {scanMessage} from '../../source/core/fields.js';
import {parseLine, type ParsedLine} from '../../source/core/line.js';
import {LineSplitter, tailLines} from '../../source/core/line-splitter.js';
import {REDACTED, isKnownSafeKey, isLocationKey, isSensitiveKey} from '../../source/core/redaction.js';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';
import {
	SECRET_TAG,
	anyLine,
	anyTextSecret,
	firstControl,
	fuzzParams,
	hostileString,
	secretInContext,
	secretToken,
	sensitiveName,
	textSecret,
	wellFormed,
} from '../helpers/fuzz.js';

/** Rule sets are picked by index: a counterexample then prints 0 or 1, not the whole table. */
const RULE_SETS = [RULES_027, RULES_CURRENT] as const;
const MARKER = 'first_local_chunk';

/** Every text a parsed line hands on (timestamp, field values, marker line) — keys excepted (R8 keeps them raw). */
function outputs(parsed: ParsedLine): string[] {
	return [parsed.timestamp ?? '', ...parsed.fields.values(), parsed.markerLine ?? ''];
}

describe('parseLine on hostile lines (text and JSON)', () => {
	test('never throws; every output is control-free; sensitive fields are <redacted>; location fields have no query', () => {
		fc.assert(
			fc.property(anyLine, fc.constantFrom(0, 1), (raw, ruleIndex) => {
				const rules = RULE_SETS[ruleIndex]!;
				const parsed = parseLine(raw, rules);
				for (const text of outputs(parsed)) expect(firstControl(text), JSON.stringify(raw)).toBeNull();
				if (parsed.marker === null) {
					expect(parsed.fields.size).toBe(0);
					expect(parsed.markerLine).toBeNull();
				} else {
					expect(rules.markers).toContain(parsed.marker);
					expect(parsed.markerLine).not.toBeNull();
				}
				for (const [key, value] of parsed.fields) {
					if (isSensitiveKey(key) && !isKnownSafeKey(key)) expect(value, key).toBe(REDACTED);
					else if (isLocationKey(key)) expect(value, key).not.toMatch(/[?#]/);
				}
			}),
			fuzzParams(),
		);
	});

	test('a marker line that is long or deeply nested parses too (lines up to the 1 MiB cap)', () => {
		const big = fc
			.tuple(fc.constantFrom('"\\', ' \\"', '=', 'a=', 'k="', '{"a":', '[', '\u001b[31m', 'token=x ', '\uD800'), fc.constantFrom(1000, 50_000, 300_000), fc.boolean())
			.map(([unit, n, json]) => (json ? `{"event":"${MARKER}","message":${JSON.stringify(unit.repeat(n))}}` : `[ts] ${MARKER} ${unit.repeat(n)}`));
		fc.assert(
			fc.property(big, fc.constantFrom(0, 1), (raw, ruleIndex) => {
				const rules = RULE_SETS[ruleIndex]!;
				const parsed = parseLine(raw, rules);
				expect(parsed.marker).toBe(MARKER);
				for (const text of outputs(parsed)) expect(firstControl(text)).toBeNull();
			}),
			fuzzParams(0.05),
		);
	});
});

describe('no secret survives in what a parsed line hands on', () => {
	test('text lines: secrets in the message, in the timestamp, and as a quoted value', () => {
		const line = fc.oneof(
			secretInContext(anyTextSecret(false, true)).map(rest => `[2025-04-24 10:00:04.388 +07:00] ${MARKER} ${rest}`),
			// `]` dropped: the first `] ` would end the timestamp early (X1), putting the secret in the message.
			secretInContext(anyTextSecret(false, true)).map(rest => `[${rest.replaceAll(']', '')}] ${MARKER} x=1`),
			fc.tuple(secretInContext(anyTextSecret(true, true))).map(([rest]) => `[ts] ${MARKER} reason="${rest.replaceAll('\\', '\\\\')}"`),
			fc.tuple(sensitiveName, hostileString(6)).map(([key, value]) => `[ts] ${MARKER} ${key}=${SECRET_TAG}${value.replaceAll(/[\s"',;&})\]]/g, '')}`),
		);
		fc.assert(
			fc.property(line, fc.constantFrom(0, 1), (raw, ruleIndex) => {
				const rules = RULE_SETS[ruleIndex]!;
				const parsed = parseLine(raw, rules);
				expect(parsed.marker).toBe(MARKER);
				for (const text of outputs(parsed)) expect(text, JSON.stringify(raw)).not.toContain(SECRET_TAG);
			}),
			fuzzParams(),
		);
	});

	test('JSON lines: secrets in message, timestamp, a fields string, and as the value of a sensitive fields key', () => {
		// Only JSON-safe secret forms: R5–R7 run on the raw JSON text for the marker line, where an
		// escaped `\"` or `\t` is not a quote or a blank (the contract's reading; see the report).
		const secretText = secretInContext(anyTextSecret(true, true)).map(wellFormed);
		const line = fc
			.record({
				timestamp: fc.oneof(secretText, fc.constant('2025-04-24T10:00:04.388+07:00')),
				message: fc.oneof(secretText.map(rest => `${MARKER} ${rest}`), fc.constant(MARKER)),
				reason: secretText,
				key: sensitiveName,
				value: fc.oneof(secretToken().map(token => hostileToken(wellFormed(token))), fc.integer()),
			})
			.map(({timestamp, message, reason, key, value}) =>
				JSON.stringify({timestamp, event: MARKER, message, fields: {reason, [key]: value}}),
			);
		fc.assert(
			fc.property(line, fc.constantFrom(0, 1), (raw, ruleIndex) => {
				const rules = RULE_SETS[ruleIndex]!;
				const parsed = parseLine(raw, rules);
				expect(parsed.marker).toBe(MARKER);
				for (const text of outputs(parsed)) expect(text, raw).not.toContain(SECRET_TAG);
			}),
			fuzzParams(),
		);
	});
});

/** A sensitive field's value may hold anything (quotes, backslashes, controls): JSON.stringify escapes it and R5 honours the escapes. */
function hostileToken(token: string): string {
	return `"\\${token}\u001b'"`;
}

describe('scanMessage (K1–K4)', () => {
	test('never throws; keys are non-empty and hold no separator or `=`', () => {
		fc.assert(
			fc.property(fc.oneof(hostileString(), anyLine), message => {
				const scan = scanMessage(message);
				for (const key of scan.fields.keys()) {
					expect(key.length).toBeGreaterThan(0);
					expect(key).not.toMatch(/[ \t\n\f\r=]/);
				}
				if (scan.eventToken !== null) expect(scan.eventToken).not.toMatch(/[ \t\n\f\r]/);
			}),
			fuzzParams(),
		);
	});

	test('sensitive secret pairs become fields whose keys R1 calls sensitive', () => {
		fc.assert(
			fc.property(fc.tuple(sensitiveName, secretToken()), ([key, value]) => {
				const scan = scanMessage(`${MARKER} ${key}=${value} next=1`);
				expect(scan.fields.get(key)).toBe(value);
				expect(isSensitiveKey(key)).toBe(true);
			}),
			fuzzParams(),
		);
	});

	test('secret forms of every kind scan without throwing', () => {
		fc.assert(
			fc.property(secretInContext(fc.oneof(textSecret('pair'), textSecret('scheme'), textSecret('api-key'))), message => {
				scanMessage(message);
			}),
			fuzzParams(),
		);
	});
});

describe('LineSplitter (T2–T3)', () => {
	const bytes = fc.uint8Array({maxLength: 600}).chain(base =>
		fc.array(fc.constantFrom(0x0a, 0x0d, 0xc3, 0xa9, 0xe2, 0x80, 0xf0, 0x9f, 0x98, 0xff, 0x1b, 0x00), {maxLength: 200}).map(extra => {
			const out = new Uint8Array(base.length + extra.length);
			out.set(base);
			out.set(extra, base.length);
			return out;
		}),
	);

	test('any bytes cut into any chunks give the same lines as one push', () => {
		fc.assert(
			fc.property(bytes, fc.array(fc.integer({min: 0, max: 800}), {maxLength: 8}), (data, cuts) => {
				const whole = tailLines(data, 0);
				const splitter = new LineSplitter();
				const lines: string[] = [];
				let last = 0;
				for (const cut of [...cuts].sort((a, b) => a - b)) {
					const at = Math.min(cut, data.length);
					lines.push(...splitter.push(data.subarray(last, at)).map(line => line.text));
					last = at;
				}
				lines.push(...splitter.push(data.subarray(last)).map(line => line.text));
				const final = splitter.flush();
				if (final !== null) lines.push(final.text);
				expect(lines).toEqual(whole);
				for (const line of lines) expect(line).not.toContain('\n');
			}),
			fuzzParams(),
		);
	});

	test('with a cap, no line holds more than the cap and every byte is counted', () => {
		fc.assert(
			fc.property(bytes, fc.integer({min: 1, max: 64}), (data, cap) => {
				const splitter = new LineSplitter(cap);
				const lines = splitter.push(data);
				const final = splitter.flush();
				if (final !== null) lines.push(final);
				let total = 0;
				for (const line of lines) {
					total += line.bytes;
					// A cut line keeps at most `cap` bytes; each invalid byte decodes to one U+FFFD (one unit).
					expect(line.text.length).toBeLessThanOrEqual(cap);
				}
				expect(total).toBe(data.length);
			}),
			fuzzParams(),
		);
	});
});
