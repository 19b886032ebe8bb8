import fc from 'fast-check';
import {describe, expect, test} from 'vitest';
import {
	REDACTED,
	isKnownSafeKey,
	isLocationKey,
	isSensitiveKey,
	markerLineText,
	redactFieldValue,
	redactSensitivePairs,
	redactText,
	redactTextSlowPath,
	stripLocationSecrets,
} from '../../source/core/redaction.js';
import {MARKER_LINE_MAX_CHARS, trimRust} from '../../source/core/rust-trim.js';
import {
	SECRET_TAG,
	anyLine,
	firstControl,
	fuzzParams,
	hostileString,
	longRun,
	secretInContext,
	secretToken,
	sensitiveName,
	steeringWord,
	textSecret,
	type SecretKind,
} from '../helpers/fuzz.js';

const hostileText = fc.oneof(hostileString(), anyLine, fc.tuple(hostileString(4), longRun, hostileString(4)).map(parts => parts.join('')));

/** Unicode White_Space (docs/parsing.md T4), for the "trimmed" check. */
const RUST_WHITESPACE = /^[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]|[\t-\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]$/;

describe('redactText on hostile text (R4–R7)', () => {
	test('never throws, never leaves a control character, and the fast path equals the full pass', () => {
		fc.assert(
			fc.property(hostileText, text => {
				const out = redactText(text);
				expect(firstControl(out), JSON.stringify(out)).toBeNull();
				expect(out).toBe(redactTextSlowPath(text));
			}),
			fuzzParams(),
		);
	});

	test('a text without a control character, scheme word, key prefix or separator comes back unchanged', () => {
		// Only what R4–R7 act on can change a text: no Cc (R4), no `:`/`=` (R5), no Bearer/Basic/Token (R6), no sk-/sk_ (R7).
		const inert = hostileString().filter(text => !/[\u0000-\u001f\u007f-\u009f:=]|bearer|basic|token|sk[-_]/i.test(text));
		fc.assert(
			fc.property(inert, text => {
				expect(redactText(text)).toBe(text);
			}),
			fuzzParams(),
		);
	});
});

describe('no secret of the kinds prodex redacts survives redactText (R5–R7)', () => {
	test.each<SecretKind>(['pair', 'scheme', 'api-key'])('%s secrets, between hostile neighbours', kind => {
		fc.assert(
			fc.property(secretInContext(textSecret(kind)), text => {
				expect(text).toContain(SECRET_TAG);
				const out = redactText(text);
				expect(out, JSON.stringify(text)).not.toContain(SECRET_TAG);
				expect(out).toContain(REDACTED);
			}),
			fuzzParams(),
		);
	});

	test('several secrets of mixed kinds in one text', () => {
		const many = fc.array(fc.oneof(textSecret('pair'), textSecret('scheme'), textSecret('api-key')), {minLength: 2, maxLength: 5});
		fc.assert(
			fc.property(
				many.chain(secrets => secretInContext(fc.constant(secrets.join(' , ')))),
				text => {
					expect(redactText(text), JSON.stringify(text)).not.toContain(SECRET_TAG);
				},
			),
			fuzzParams(),
		);
	});
});

describe('redactFieldValue (R2, R3)', () => {
	test('a sensitive, non-safe key gives <redacted> whatever the value', () => {
		const key = fc.oneof(sensitiveName, hostileString(4), steeringWord);
		fc.assert(
			fc.property(key, hostileText, (k, value) => {
				const out = redactFieldValue(k, value);
				expect(firstControl(out)).toBeNull();
				if (isSensitiveKey(k) && !isKnownSafeKey(k)) expect(out).toBe(REDACTED);
				else expect(out).toBe(redactText(isLocationKey(k) ? stripLocationSecrets(value) : value));
			}),
			fuzzParams(),
		);
	});

	test('a location key drops the query, the fragment and the userinfo', () => {
		const locationKey = fc.constantFrom('url', 'URL', 'path', 'Endpoint', 'upstream_url', 'log_path', 'token_endpoint', 'base_url');
		const location = fc
			.tuple(fc.constantFrom('https', 'http', 'wss', 'x'), secretToken(true), secretToken(true), hostileString(3), secretToken(), secretToken())
			.map(([schemeName, user, pass, host, query, fragment]) => `${schemeName}://${user}:${pass}@${host.replaceAll(/[?#@]/g, '')}/p?q=${query}#${fragment}`);
		fc.assert(
			fc.property(locationKey, location, (key, value) => {
				const out = redactFieldValue(key, value);
				expect(out, JSON.stringify(value)).not.toContain(SECRET_TAG);
				expect(out).not.toMatch(/[?#]/);
				expect(firstControl(out)).toBeNull();
			}),
			fuzzParams(),
		);
	});
});

describe('markerLineText (F8, R8)', () => {
	test('redacted, trimmed, at most 160 scalars, control-free', () => {
		fc.assert(
			fc.property(hostileText, raw => {
				const out = markerLineText(raw);
				expect(firstControl(out)).toBeNull();
				expect([...out].length).toBeLessThanOrEqual(MARKER_LINE_MAX_CHARS);
				expect(out).not.toMatch(RUST_WHITESPACE);
				const full = trimRust(redactText(raw));
				if ([...full].length <= MARKER_LINE_MAX_CHARS) expect(out).toBe(full);
				else expect(out.endsWith('…')).toBe(true);
			}),
			fuzzParams(),
		);
	});

	test('no secret survives in a marker line (the secret within the first 160 characters or not)', () => {
		const line = fc
			.tuple(fc.constantFrom('[2025-04-24 10:00:04.388 +07:00] first_local_chunk', 'first_local_chunk', '[ts] x'), secretInContext(fc.oneof(textSecret('pair'), textSecret('scheme'), textSecret('api-key'))))
			.map(([head, rest]) => `${head} ${rest}`);
		fc.assert(
			fc.property(line, raw => {
				expect(markerLineText(raw), JSON.stringify(raw)).not.toContain(SECRET_TAG);
			}),
			fuzzParams(),
		);
	});
});

/** A string that counts how often its units are read: the work a scanner does, measured without a clock. */
class CountingString extends String {
	reads = 0;
	override charCodeAt(index: number): number {
		this.reads++;
		return super.charCodeAt(index);
	}
}

describe('R5 reads each unit a bounded number of times (no super-linear work)', () => {
	// Quoted names are tried at every quote and rescanned from inside; these shapes made each
	// quote walk (and each blank run after the closing quote) to the end of the text: quadratic.
	test.each([
		['"\\ repeated', (n: number) => '"\\'.repeat(n / 2)],
		["'\\ repeated", (n: number) => "'\\".repeat(n / 2)],
		['" \\" … " then blanks', (n: number) => `"${' \\"'.repeat(n / 6)}"${' '.repeat(n / 2)}x`],
		["' \\' … ' then blanks", (n: number) => `'${" \\'".repeat(n / 6)}'${' '.repeat(n / 2)}x`],
		['many quoted names', (n: number) => '"a" '.repeat(n / 4)],
		['token= repeated', (n: number) => 'token='.repeat(n / 6)],
		['"a": repeated', (n: number) => '"a": '.repeat(n / 5)],
		['Bearer then blanks', (n: number) => `Bearer ${' '.repeat(n)},`],
		['sk- repeated', (n: number) => 'sk- '.repeat(n / 4)],
		['cookie= repeated', (n: number) => 'set-cookie='.repeat(n / 11)],
	])('%s', (_, shape) => {
		const n = 24_000;
		for (const redact of [redactSensitivePairs, redactText]) {
			const text = new CountingString(shape(n));
			expect(String(redact(text as unknown as string)).length).toBeGreaterThan(0);
			expect(text.reads, redact.name).toBeLessThanOrEqual(12 * text.length + 1000);
		}
	});
});
