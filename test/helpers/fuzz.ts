/**
 * fast-check arbitraries for the fuzz tests (test/core/*.fuzz.test.ts): hostile strings, text and
 * JSON log lines, deep JSON, and secrets of every kind prodex redacts (docs/parsing.md R1–R7).
 *
 * `fuzzParams()` gives every property the same fixed seed and a run count from `FUZZ_RUNS`
 * (default small, for `npm test`); `npm run fuzz` (scripts/fuzz.ts) sets a large `FUZZ_RUNS` and a
 * fresh `FUZZ_SEED`, and prints the seed so a failure can be replayed.
 */
import fc from 'fast-check';
import {API_KEY_PREFIXES} from '../../source/core/redaction.js';
import {RULES_CURRENT} from '../../source/core/rules/index.js';

/** The fixed seed of `npm test`. */
export const DEFAULT_FUZZ_SEED = 20_261_206;
/** Runs per property in `npm test` (every fuzz file together stays well under 20 s on 2 cores). */
export const DEFAULT_FUZZ_RUNS = 200;

function envInteger(name: string, fallback: number): number {
	const text = process.env[name];
	if (text === undefined || text.trim() === '') return fallback;
	const value = Number(text);
	if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, got ${JSON.stringify(text)}`);
	return value;
}

/** Runs per property: `FUZZ_RUNS` (default DEFAULT_FUZZ_RUNS), scaled by `weight` for costly properties (at least 10). */
export function fuzzRuns(weight = 1): number {
	return Math.max(10, Math.round(envInteger('FUZZ_RUNS', DEFAULT_FUZZ_RUNS) * weight));
}

/** `fc.assert` parameters: the seed (`FUZZ_SEED`, default fixed) and the run count. */
export function fuzzParams(weight = 1): {seed: number; numRuns: number} {
	return {seed: envInteger('FUZZ_SEED', DEFAULT_FUZZ_SEED), numRuns: fuzzRuns(weight)};
}

// ---------------------------------------------------------------------------------------------
// Hostile characters and fragments
// ---------------------------------------------------------------------------------------------

const char = (code: number) => String.fromCharCode(code);

/** Every Cc character: C0 (U+0000–U+001F), DEL, C1 (U+0080–U+009F). */
export const controlChar = fc.oneof(fc.integer({min: 0, max: 0x1f}), fc.constant(0x7f), fc.integer({min: 0x80, max: 0x9f})).map(char);

/** Is `code` a Cc character (what must never reach a terminal)? */
export function isControl(code: number): boolean {
	return code <= 0x1f || (code >= 0x7f && code <= 0x9f);
}

/** The first Cc character in `text` as `U+XXXX at i`, or null. */
export function firstControl(text: string): string | null {
	for (let i = 0; i < text.length; i++) {
		const code = text.charCodeAt(i);
		if (isControl(code)) return `U+${code.toString(16).padStart(4, '0')} at ${i}`;
	}
	return null;
}

/** Terminal escape sequences: CSI, OSC (BEL and ST ended), DCS, APC, 8-bit C1 forms, and random CSI. */
export const escapeSequence = fc.oneof(
	fc.constantFrom(
		'\u001b[31m',
		'\u001b[2J',
		'\u001b[H',
		'\u001b[?1049h',
		'\u001b[?25l',
		'\u001b[6n',
		'\u001bc',
		'\u001b]0;pwned\u0007',
		'\u001b]8;;https://evil.example\u001b\\link\u001b]8;;\u001b\\',
		'\u001b]52;c;dG9rZW4=\u0007',
		'\u001bP+q544e\u001b\\',
		'\u001b_apc\u001b\\',
		'\u001b^pm\u001b\\',
		'\u009b31m',
		'\u009d0;title\u009c',
		'\u0090q\u009c',
		'\u001b',
		'\u001b[',
		'\u001b]',
	),
	fc
		.tuple(fc.array(fc.integer({min: 0, max: 999}), {maxLength: 4}), fc.integer({min: 0x40, max: 0x7e}))
		.map(([params, final]) => `\u001b[${params.join(';')}${char(final)}`),
);

/** Lone surrogates, U+FFFD, bidi and other format characters, odd whitespace, wide and astral characters. */
export const oddUnicode = fc.oneof(
	fc.integer({min: 0xd800, max: 0xdfff}).map(char),
	fc.constantFrom(
		'\uFFFD',
		'\u202A',
		'\u202B',
		'\u202C',
		'\u202D',
		'\u202E',
		'\u2066',
		'\u2067',
		'\u2068',
		'\u2069',
		'\u200E',
		'\u200F',
		'\u061C',
		'\uFEFF',
		'\u200B',
		'\u200D',
		'\u00A0',
		'\u2028',
		'\u2029',
		'\u3000',
		'\u1680',
		'\u212A',
		'\u00E9',
		'e\u0301',
		'\u6F22',
		'\u{1F600}',
		'\u{1F468}\u200D\u{1F469}\u200D\u{1F467}',
		'\u{10FFFF}',
	),
);

/** The characters the scanners and the redaction treat specially. */
export const syntaxChar = fc.constantFrom('"', "'", '\\', '=', ':', ' ', '  ', '\t', '\f', '\v', '\r', '\n', '{', '}', '[', ']', '] ', '(', ')', ',', ';', '&', '#', '?', '@', '/', '://', '-', '_', '<', '>');

/** Words that steer the parser and the redaction: sensitive names, schemes, key prefixes, location keys, JSON keys, markers. */
export const steeringWord = fc.constantFrom(
	'token',
	'Token',
	'api_key',
	'x-api-key',
	'password',
	'secret',
	'cookie',
	'set-cookie',
	'authorization',
	'email',
	'account_id',
	'start_url',
	'Bearer',
	'bearer',
	'BASIC',
	'sk-',
	'sk_',
	'sk-proj-',
	'sk-ant-',
	'sk_live_',
	'path',
	'url',
	'token_endpoint',
	'https://',
	'reason',
	'route',
	'profile',
	'event',
	'message',
	'fields',
	'timestamp',
	'ts',
	'first_local_chunk',
	'selection_pick',
	'upstream_read_error',
	'previous_response_not_found',
	'runtime proxy log initialized',
);

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const alnumChar = fc.constantFrom(...ALNUM);

/** One piece of a hostile string. */
export const fragment: fc.Arbitrary<string> = fc.oneof(
	{arbitrary: controlChar, weight: 2},
	{arbitrary: escapeSequence, weight: 2},
	{arbitrary: oddUnicode, weight: 2},
	{arbitrary: syntaxChar, weight: 4},
	{arbitrary: steeringWord, weight: 3},
	{arbitrary: fc.string({unit: alnumChar, minLength: 1, maxLength: 12}), weight: 2},
	{arbitrary: fc.string({maxLength: 8}), weight: 1},
	{arbitrary: fc.string({unit: 'binary', maxLength: 8}), weight: 1},
);

/** A hostile string: up to `maxPieces` fragments. */
export function hostileString(maxPieces = 30): fc.Arbitrary<string> {
	return fc.array(fragment, {maxLength: maxPieces}).map(parts => parts.join(''));
}

/** A long run of one hostile unit (quotes, backslashes, `=`, escapes, …): the shapes that cost scanners the most. */
export const longRun: fc.Arbitrary<string> = fc
	.tuple(fc.constantFrom('"', "'", '\\', '=', '"\\', "'\\", ' \\"', 'a', 'token=', 'k="', '\u001b[', '{', '[', '\uD800', '\u{1F600}', 'sk-', 'Bearer '), fc.integer({min: 200, max: 3000}))
	.map(([unit, count]) => unit.repeat(count));

// ---------------------------------------------------------------------------------------------
// Log lines
// ---------------------------------------------------------------------------------------------

const markerName = fc.constantFrom(...RULES_CURRENT.markers.slice(0, 40), 'not_a_marker', '');

/** A text line: `[ts] message`, or odd brackets, or no timestamp, with hostile content everywhere. */
export const textLine: fc.Arbitrary<string> = fc.oneof(
	hostileString(),
	fc.tuple(hostileString(6), markerName, hostileString()).map(([ts, marker, rest]) => `[${ts}] ${marker} ${rest}`),
	fc.tuple(markerName, fc.array(fc.tuple(hostileString(3), hostileString(4)), {maxLength: 8})).map(
		([marker, pairs]) => `[2025-04-24 10:00:04.388 +07:00] ${marker} ${pairs.map(([key, value]) => `${key}=${value}`).join(' ')}`,
	),
	fc.tuple(hostileString(4), longRun, hostileString(4)).map(([a, run, b]) => `${a}${run}${b}`),
);

/** Any JSON value fast-check makes, with hostile strings among them. */
const jsonValue: fc.Arbitrary<unknown> = fc.letrec<{value: unknown}>(tie => ({
	value: fc.oneof(
		{depthSize: 'small'},
		hostileString(8),
		fc.integer(),
		fc.double({noNaN: true, noDefaultInfinity: true}),
		fc.boolean(),
		fc.constant(null),
		fc.array(tie('value'), {maxLength: 4}),
		fc.dictionary(hostileString(3), tie('value'), {maxKeys: 4}),
	),
})).value;

/** A JSON log line: an object with timestamp/ts, event, message and fields, as JSON.stringify writes it. */
export const jsonObjectLine: fc.Arbitrary<string> = fc
	.record(
		{
			timestamp: fc.oneof(hostileString(6), jsonValue),
			ts: hostileString(6),
			event: fc.oneof(markerName, hostileString(4)),
			message: fc.oneof(hostileString(), fc.tuple(markerName, hostileString()).map(([m, rest]) => `${m} ${rest}`), jsonValue),
			fields: fc.oneof(fc.dictionary(fc.oneof(hostileString(3), steeringWord), jsonValue, {maxKeys: 6}), jsonValue),
			extra: jsonValue,
		},
		{requiredKeys: []},
	)
	.map(object => JSON.stringify(object));

/** Raw JSON-ish text: numbers at the edges of J5, surrogate escapes, duplicate keys, nesting near 128, broken tails. */
export const rawJsonLine: fc.Arbitrary<string> = fc.oneof(
	fc
		.tuple(
			fc.constantFrom('1e400', '-1e400', '2e308', '1.8e308', '1e-400', '0e999', '-0', '-0.0', '18446744073709551616', '18446744073709551615', '-9223372036854775809', '9007199254740993', '439498.561166019290', '1.', '.5', '01', '+1', 'NaN', 'Infinity', '1e', '1e+', '0x10'),
			fc.constantFrom('"\\ud800"', '"\\udc00"', '"\\ud83d\\ude00"', '"\\uD800\\u0041"', '"\\u0000"', '"\\x"', '"\u0001"', '"a', '"\\"', '"ok"'),
		)
		.map(([number, string]) => `{"event":"first_local_chunk","n":${number},"s":${string},"n":1}`),
	fc.tuple(fc.integer({min: 1, max: 400}), fc.constantFrom('[', '{"a":'), fc.boolean()).map(([depth, open, closed]) => {
		const close = open === '[' ? ']' : '}';
		return `{"event":"first_local_chunk","deep":${open.repeat(depth)}${closed ? `1${close.repeat(depth)}` : ''}}`;
	}),
	fc.tuple(jsonObjectLine, fc.integer({min: 0, max: 400}), hostileString(3)).map(([line, cut, tail]) => line.slice(0, cut) + tail),
	fc.tuple(hostileString(3), jsonObjectLine, hostileString(3)).map(([a, line, b]) => `${a}${line}${b}`),
	fc.tuple(fc.constantFrom('{', '{"', '{"a":"', '{"a":[', '{"a":{', '{"a":"\\'), longRun).map(([head, run]) => head + run),
);

/** Any log line, text or JSON. */
export const anyLine: fc.Arbitrary<string> = fc.oneof(textLine, jsonObjectLine, rawJsonLine);

// ---------------------------------------------------------------------------------------------
// Secrets (docs/parsing.md R1–R7)
// ---------------------------------------------------------------------------------------------

/**
 * The tag inside every generated secret: the oracle is "this tag is not in the output". It is
 * placed at a random point of the secret, so a secret cut (and half kept) is caught too.
 */
export const SECRET_TAG = 'Zs3cr3tQ';

/** Characters a secret token can hold: anything but ASCII whitespace, controls and the R5–R7 terminators `" ' , } ] ) ; &`. */
const tokenChar = fc.oneof(
	{arbitrary: alnumChar, weight: 6},
	{arbitrary: fc.constantFrom('-', '_', '.', '/', '+', '=', ':', '~', '%', '!', '{', '[', '(', '<', '>', '@', '#', '?', '*', '|', '^', '`', '$', '\\'), weight: 2},
	{arbitrary: fc.constantFrom('\u00E9', '\u6F22', '\u{1F600}', '\u00A0', '\uFFFD', '\u202E', '\u200B'), weight: 1},
);

/**
 * A secret token with the tag in it. `plain`: ASCII letters and digits only (JSON-safe and quote-safe).
 * `noEquals`: without `=`, for whole-line tests: the tokenizer (K3) cuts `Bearer abc=def` into a
 * field `abc`=`def` whose value R2 then sees alone, out of the secret's context (see the report).
 */
export function secretToken(plain = false, noEquals = false): fc.Arbitrary<string> {
	const unit = plain ? alnumChar : noEquals ? tokenChar.filter(c => c !== '=') : tokenChar;
	return fc
		.tuple(fc.string({unit, maxLength: 10}), fc.string({unit, maxLength: 10}))
		.map(([a, b]) => `${a}${SECRET_TAG}${b}`);
}

/** Names R1 calls sensitive, in the spellings logs use (R5 names are `[A-Za-z0-9_-]+`). */
export const sensitiveName = fc.constantFrom(
	'token',
	'TOKEN',
	'access_token',
	'refresh_token',
	'id_token',
	'input_token',
	'api_key',
	'apikey',
	'x-api-key',
	'X-Api-Key',
	'auth_key',
	'authorization',
	'Authorization',
	'proxy-authorization',
	'cookie',
	'set-cookie',
	'session_cookie',
	'secret',
	'client_secret',
	'password',
	'db_password_hash',
	'credential',
	'credentials',
	'aws_credential_file',
	'email',
	'e-mail',
	'github_login',
	'profile_arn',
	'profile_name_upstream',
	'start_url',
	'account_id',
	'chatgpt_account_id',
	'ChatGPT-Account-Id',
);

/** A writer escapes backslashes inside a quoted value (an unescaped one at the end would escape the closing quote). */
const escapeBackslashes = (text: string) => text.replaceAll('\\', '\\\\');

/** The kinds of secret prodex redacts in text (R5 pairs, R6 schemes, R7 keys). */
export type SecretKind = 'pair' | 'scheme' | 'api-key';

const scheme = fc.constantFrom('Bearer', 'bearer', 'BEARER', 'Basic', 'basic', 'Token', 'token', 'TOKEN');
const asciiSpaces = fc.array(fc.constantFrom(' ', '\t', '\f'), {minLength: 1, maxLength: 3}).map(parts => parts.join(''));
const randomCase = (text: string) => fc.array(fc.boolean(), {minLength: text.length, maxLength: text.length}).map(flags => [...text].map((c, i) => (flags[i] ? c.toUpperCase() : c)).join(''));

/**
 * A secret as it appears in text, with the tag in the secret part.
 * `jsonSafe`: only forms whose JSON encoding is the text itself (no quote, backslash or control),
 * because R5–R7 run on the raw JSON line and an escaped `\"` or `\t` is not a quote or a space there.
 */
export function textSecret(kind: SecretKind, jsonSafe = false, noEquals = false): fc.Arbitrary<string> {
	const token = secretToken(jsonSafe, noEquals);
	const spaces = jsonSafe ? fc.constant(' ') : asciiSpaces;
	switch (kind) {
		case 'pair': {
			const separator = fc.constantFrom('=', ':', ': ', ' = ', ' : ', '=  ');
			const forms: Array<fc.Arbitrary<string>> = [
				fc.tuple(sensitiveName, separator, token).map(([name, sep, value]) => `${name}${sep}${value}`),
				fc.tuple(sensitiveName, separator, scheme, spaces, token).map(([name, sep, s, ws, value]) => `${name}${sep}${s}${ws}${value}`),
				fc.tuple(sensitiveName, separator, secretToken(true), secretToken(true)).map(([name, sep, a, b]) => `${name}${sep}'${a} ${b}'`),
			];
			if (!jsonSafe) {
				forms.push(
					fc.tuple(sensitiveName, separator, token, token).map(([name, sep, a, b]) => `${name}${sep}"${escapeBackslashes(a)} ${escapeBackslashes(b)}"`),
					fc.tuple(sensitiveName, token).map(([name, value]) => `"${name}": "${escapeBackslashes(value)}"`),
					fc.tuple(sensitiveName, token).map(([name, value]) => `'${name}'='${escapeBackslashes(value)}'`),
					fc.tuple(sensitiveName, secretToken(true)).map(([name, value]) => `${name}="pay\\"${value}\\" end"`),
				);
			}
			return fc.oneof(...forms);
		}
		case 'scheme': {
			return fc.tuple(scheme, spaces, token).map(([s, ws, value]) => `${s}${ws}${value}`);
		}
		case 'api-key': {
			return fc
				.tuple(fc.constantFrom(...API_KEY_PREFIXES).chain(prefix => randomCase(prefix)), token)
				.map(([prefix, value]) => `${prefix}${value}`);
		}
	}
}

/** Any text secret, of every kind. */
export function anyTextSecret(jsonSafe = false, noEquals = false): fc.Arbitrary<string> {
	return fc.oneof(textSecret('pair', jsonSafe, noEquals), textSecret('scheme', jsonSafe, noEquals), textSecret('api-key', jsonSafe, noEquals));
}

/** Lone surrogates replaced by U+FFFD (a JSON line with a lone-surrogate escape is text, J1). */
export function wellFormed(text: string): string {
	return text.replaceAll(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

/**
 * Hostile text that keeps a secret next to it recognisable: everything hostile except `"` and `'`.
 * (A quote pair around a secret can hide it by contract: a quoted, non-sensitive R5 name is copied
 * whole, and an unterminated quote before a quoted value takes that value's opening quote.)
 */
export function quoteFreeHostile(maxPieces = 12): fc.Arbitrary<string> {
	return hostileString(maxPieces).map(text => text.replaceAll(/["']/g, ''));
}

/**
 * A secret between hostile neighbours. The ` , ` on each side ends whatever came before (an R5 value
 * or an R6 scheme would otherwise take the first word of the secret as its own token, by contract).
 */
export function secretInContext(secret: fc.Arbitrary<string>, maxPieces = 12): fc.Arbitrary<string> {
	return fc.tuple(quoteFreeHostile(maxPieces), secret, quoteFreeHostile(maxPieces)).map(([before, s, after]) => `${before} , ${s} , ${after}`);
}

/** Deeply nested JSON of a given depth (arrays or objects), inside an object or bare. */
export function nestedJson(depth: number, open: '[' | '{"a":', closed: boolean): string {
	const close = open === '[' ? ']' : '}';
	return `{"a":${open.repeat(depth - 1)}${closed ? `1${close.repeat(depth - 1)}` : ''}}`;
}
