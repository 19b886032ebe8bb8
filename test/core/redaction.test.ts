import {describe, expect, it} from 'vitest';
import {replaceControlChars} from '../../source/core/control-chars.js';
import {
	KNOWN_SAFE_KEYS,
	REDACTED,
	isLocationKey,
	isSensitiveKey,
	markerLineText,
	mayNeedRedaction,
	redactApiKeyTokens,
	redactAuthorizationSchemes,
	redactFieldValue,
	redactSensitivePairs,
	redactText,
	redactTextSlowPath,
	stripLocationSecrets,
	utf8Length,
} from '../../source/core/redaction.js';
import {cutScalars, trimRust} from '../../source/core/rust-trim.js';
import {prng} from '../helpers/random.js';

const R = REDACTED;

// -------------------------------------------------------------------------------------------------
// R1: sensitive keys
// -------------------------------------------------------------------------------------------------

describe('isSensitiveKey (R1)', () => {
	const sensitive = [
		'authorization',
		'Authorization',
		'proxy_authorization',
		'Proxy-Authorization',
		'apikey',
		'api_key',
		'x-api-key',
		'X-Api-Key',
		'authkey',
		'auth_key',
		'cookie',
		'set-cookie',
		'session_cookie',
		'co-okie', // normalised `cookie`
		'token',
		'TOKEN',
		'access_token',
		'refresh_token',
		'id_token',
		'input_token', // ends with token
		'my token',
		'to.ken', // normalised `token`
		'tok\u212Aen', // the Kelvin sign is dropped: normalised `token`
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
		'api_key_url',
		'account_id',
		'chatgpt_account_id',
		'ChatGPT-Account-Id',
	];
	it.each(sensitive)('%j is sensitive', key => {
		expect(isSensitiveKey(key)).toBe(true);
	});

	const notSensitive = [
		'input_tokens',
		'token_usage',
		'token_usage_source',
		'token_endpoint', // normalised `tokenendpoint`
		'to\u212Aen', // the Kelvin sign is not ASCII: normalised `toen`
		'prompt_cache_key',
		'session_id',
		'user_email', // `email` is exact only
		'emails',
		'auth',
		'authorization_header',
		'key',
		'tokens',
		'route',
		'profile',
		'',
	];
	it.each(notSensitive)('%j is not sensitive', key => {
		expect(isSensitiveKey(key)).toBe(false);
	});
});

describe('known-safe keys (R1)', () => {
	it('are the 31 listed keys, none sensitive and none a location key', () => {
		expect(KNOWN_SAFE_KEYS.size).toBe(31);
		for (const key of KNOWN_SAFE_KEYS) {
			expect(isSensitiveKey(key), key).toBe(false);
			expect(isLocationKey(key), key).toBe(false);
		}
		expect(KNOWN_SAFE_KEYS.has('route')).toBe(true);
		expect(KNOWN_SAFE_KEYS.has('payload_b64')).toBe(true);
	});
});

// -------------------------------------------------------------------------------------------------
// R3: location keys and stripping
// -------------------------------------------------------------------------------------------------

describe('isLocationKey (R3)', () => {
	const cases: ReadonlyArray<readonly [string, boolean]> = [
		['path', true],
		['PATH', true],
		['Url', true],
		['ENDPOINT', true],
		['log_path', true],
		['base_url', true],
		['token_endpoint', true],
		['_path', true],
		['x_PATH', false], // the suffix is case-sensitive
		['x_Url', false],
		['xpath', false],
		['path_', false],
		['urls', false],
		['route', false],
	];
	it.each(cases)('%j → %s', (key, expected) => {
		expect(isLocationKey(key)).toBe(expected);
	});
});

describe('stripLocationSecrets (R3)', () => {
	const cases: ReadonlyArray<readonly [string, string]> = [
		['https://user:pw@host/x', `https://${R}@host/x`],
		['https://user:pw@host/x?token=abc', `https://${R}@host/x`],
		['https://host/x?user@a', 'https://host/x'], // the @ is cut away first
		['https://host/x#a@b', 'https://host/x'],
		['/v1/responses?x=1#frag', '/v1/responses'],
		['/a#b?c', '/a'],
		['x://a@y://b@c', `x://${R}@c`], // first ://, last @
		['https://a@b@c/d', `https://${R}@c/d`],
		['user@host', 'user@host'], // no ://
		['mailto:a@b', 'mailto:a@b'],
		['https://host/path', 'https://host/path'], // no @
		['a@b://c', 'a@b://c'], // no @ after the ://
		['://@', `://${R}@`],
		['?only', ''],
		['', ''],
	];
	it.each(cases)('%j → %j', (value, expected) => {
		expect(stripLocationSecrets(value)).toBe(expected);
	});
});

// -------------------------------------------------------------------------------------------------
// R4: control characters
// -------------------------------------------------------------------------------------------------

describe('replaceControlChars (R4)', () => {
	const cases: ReadonlyArray<readonly [string, string]> = [
		['a\u001bb', 'a b'], // ESC
		['\u0000\u001f\u007f\u0080\u0085\u009f', '      '], // NUL, US, DEL, C1 incl. NEL
		['a\tb\nc\rd\u000be\u000cf', 'a b c d e f'],
		['/v1/responses\u001b[31m', '/v1/responses [31m'],
		['\u00a0\u2028\u2029\u200b\ufeff\u202e\u2066\u00a0', '\u00a0\u2028\u2029\u200b\ufeff\u202e\u2066\u00a0'], // not Cc
		['\u{1F600}\u0085\u{1F600}', '\u{1F600} \u{1F600}'],
		['\u00a1\u001c', '\u00a1 '],
		['plain', 'plain'],
	];
	it.each(cases)('%j → %j', (text, expected) => {
		expect(replaceControlChars(text)).toBe(expected);
		expect(redactText(text)).toBe(expected);
	});
});

// -------------------------------------------------------------------------------------------------
// R4–R7: redactText
// -------------------------------------------------------------------------------------------------

describe('redactText R5: sensitive name=value / name: value pairs', () => {
	const cases: ReadonlyArray<readonly [string, string]> = [
		// The contract's own examples.
		['token=', `token=${R}`],
		['token=,x', `token=${R},x`],
		['token= ', `token= ${R}`],
		['1token=x', `1token=${R}`],
		['say "hi token=abc"', `say "hi token=${R}"`],
		// Separators, whitespace, terminators.
		['token=abc def', `token=${R} def`],
		['TOKEN=abc', `TOKEN=${R}`],
		['password : abc', `password : ${R}`],
		['secret\t=\tabc', `secret = ${R}`], // R4 first: tabs are spaces
		['secret  =  abc', `secret  =  ${R}`],
		// R6 then runs on R5's result: `token` + whitespace + the token `:` / `=` is a scheme hit.
		['token : abc', `token ${R} ${R}`],
		['token\t=\tabc', `token ${R} ${R}`],
		['token=abc', `token=${R}`], // no whitespace after `token`: no R6 hit
		['access_token=abc&x=1', `access_token=${R}&x=1`],
		['?token=abc&secret=def;p=1', `?token=${R}&secret=${R};p=1`],
		['{token:abc}', `{token:${R}}`],
		['[password=abc]', `[password=${R}]`],
		['(secret=abc)', `(secret=${R})`],
		['token=a:b=c d', `token=${R} d`],
		['token=abc"rest', `token=${R}"rest`],
		["token=abc'rest", `token=${R}'rest`],
		['secret=\u00a0abc def', `secret=${R} def`], // NBSP is not ASCII whitespace
		// Which names are sensitive.
		['input_tokens=123', 'input_tokens=123'],
		['token_usage=5', 'token_usage=5'],
		['token_endpoint=https://x/y', 'token_endpoint=https://x/y'],
		['tokenx=abc', 'tokenx=abc'],
		['mytoken=abc', `mytoken=${R}`],
		['x-api-key: abc', `x-api-key: ${R}`],
		['e-mail=a@b.c', `e-mail=${R}`],
		['user_email=a@b.c', 'user_email=a@b.c'], // emails themselves are not redacted
		['to.ken=1', 'to.ken=1'], // unquoted: `to`, `.`, `ken` are separate
		['"to.ken": 1', `"to.ken": ${R}`], // quoted: the whole `to.ken` is the name
		['tok\u212Aen=abc', 'tok\u212Aen=abc'],
		['request_id=12345678901234567890', 'request_id=12345678901234567890'],
		['a=1 b=2', 'a=1 b=2'],
		// Names right after digits / non-ASCII.
		['\u00e9token=x', `\u00e9token=${R}`],
		['\u{1F600}token=\u{1F600}x y', `\u{1F600}token=${R} y`],
		// Cookie: the rest of the text (raw key, ASCII-lowercased, contains `cookie`).
		['session_cookie=abc; path=/ x', `session_cookie=${R}`],
		['set-cookie: a=b; c=d', `set-cookie: ${R}`],
		['cookie=a\u0000b c', `cookie=${R}`],
		['x=1 Cookie=a\nb=2', `x=1 Cookie=${R}`], // \n already a space: no stop
		['co-okie=a b', `co-okie=${R} b`], // sensitive, but the raw key lacks `cookie`
		['cookie="a b" c', `cookie="${R}" c`], // a quoted value is checked before the cookie rule
		['"Cookie": x y', `"Cookie": ${R}`],
		['cookie=', `cookie=${R}`],
		// Quoted values.
		['"api_key": "abc"', `"api_key": "${R}"`],
		["'password':'x'", `'password':'${R}'`],
		['password="abc', `password="${R}"`], // unterminated gains a closing quote
		["password='abc", `password='${R}'`],
		['password="a\\"b" next', `password="${R}" next`],
		['password="a\\', `password="${R}"`],
		['password="a\'b" c', `password="${R}" c`],
		// Quoted names.
		['"x": "token=abc"', `"x": "token=${R}"`],
		['"token=abc": 1', '"token=abc": 1'], // non-sensitive quoted name copied whole
		['"my token": x', `"my token": ${R}`],
		['"unterminated token=abc', `"unterminated token=${R}`],
		['"a\\" token=b', `"a\\" token=${R}`],
		[`'x token="a'b" token': v`, `'x token="${R}" token': v`],
	];
	it.each(cases)('%j → %j', (text, expected) => {
		expect(redactText(text)).toBe(expected);
	});
});

describe('redactText R5: schemes inside a sensitive value', () => {
	const cases: ReadonlyArray<readonly [string, string]> = [
		['Authorization: Bearer abc', `Authorization: Bearer ${R}`],
		['Authorization:Bearer abc', `Authorization:Bearer ${R}`],
		['authorization=Bearer   abc def', `authorization=Bearer ${R} def`], // collapsed to ONE space
		['Authorization:bearer\tabc', `Authorization:bearer ${R}`],
		['authorization = BASIC   dXNlcjpwdw==', `authorization = BASIC ${R}`],
		['authorization=Token abc', `authorization=Token ${R}`],
		['proxy-authorization: Basic abc', `proxy-authorization: Basic ${R}`],
		['authorization=Bearer', `authorization=${R}`],
		['authorization=Bearer ', `authorization=${R} `],
		['token=Bearerx abc', `token=${R} abc`],
		['authorization="Bearer abc"', `authorization="${R}"`],
		['authorization=Bearer "abc"', `authorization=${R} "abc"`], // empty token: plain rule
	];
	it.each(cases)('%j → %j', (text, expected) => {
		expect(redactText(text)).toBe(expected);
	});
});

describe('redactText R6: Bearer / Basic / Token anywhere', () => {
	const cases: ReadonlyArray<readonly [string, string]> = [
		['the token is here', `the token ${R} here`],
		['basic auth failed', `basic ${R} failed`],
		['_Bearer x', `_Bearer ${R}`],
		['Bearer abc', `Bearer ${R}`],
		['BEARER  abc', `BEARER  ${R}`], // whitespace kept as written
		['token\tabc', `token ${R}`],
		['xBearer abc', 'xBearer abc'],
		['Bearer2 abc', 'Bearer2 abc'],
		['tokens abc', 'tokens abc'],
		['Bearer', 'Bearer'],
		['Bearer ', 'Bearer '],
		['Bearer "abc"', 'Bearer "abc"'],
		['Bearer abc"def', `Bearer ${R}"def`],
		['bearer\u00a0abc', 'bearer\u00a0abc'],
		['\u00e9Token x', `\u00e9Token ${R}`], // boundary is ASCII letters/digits only
		['a-token x,y', `a-token ${R},y`],
		['Token token token x', `Token ${R} token ${R}`],
		['(bearer abc)', `(bearer ${R})`],
	];
	it.each(cases)('%j → %j', (text, expected) => {
		expect(redactText(text)).toBe(expected);
	});
});

describe('redactText R7: sk- style keys', () => {
	const e = '\u00e9';
	const cases: ReadonlyArray<readonly [string, string]> = [
		['sk-proj-abcdefg', 'sk-proj-abcdefg'],
		['sk-proj-abcdefgh', `sk-proj-${R}`],
		['sk-proj-abc', 'sk-proj-abc'], // `sk-` + 8 would qualify, but only sk-proj- is tried
		[`sk-${e.repeat(4)}`, `sk-${R}`], // 8 UTF-8 bytes
		[`sk-${e.repeat(3)}a`, `sk-${e.repeat(3)}a`], // 7 bytes
		['sk-\u{1F600}\u{1F600}', `sk-${R}`],
		['sk-\u{1F600}abc', 'sk-\u{1F600}abc'],
		['sk-1234567', 'sk-1234567'],
		['sk-12345678', `sk-${R}`],
		['SK-ANT-ABCDEFGH', `sk-ant-${R}`],
		['Sk-Proj-abcdefgh', `sk-proj-${R}`],
		['sk-live-12345678', `sk-live-${R}`],
		['sk_test_12345678', `sk_test_${R}`],
		['sk_live_1234567', 'sk_live_1234567'],
		['sk_12345678', `sk_${R}`],
		['sk-abc-defgh x', `sk-${R} x`],
		['xsk-12345678', 'xsk-12345678'],
		['1sk-12345678', '1sk-12345678'],
		['_sk-12345678', `_sk-${R}`],
		['key=sk-abcdefghij,rest', `key=sk-${R},rest`],
		['"sk-abcdefghij"', `"sk-${R}"`],
	];
	it.each(cases)('%j → %j', (text, expected) => {
		expect(redactText(text)).toBe(expected);
	});
});

describe('the passes one at a time', () => {
	it('R5 alone stops a cookie value at \\r / \\n (after R4 there is none)', () => {
		expect(redactSensitivePairs('cookie=a b\nc=d')).toBe(`cookie=${R}\nc=d`);
		expect(redactSensitivePairs('cookie=a b\r\nc')).toBe(`cookie=${R}\r\nc`);
		expect(redactText('cookie=a b\nc=d')).toBe(`cookie=${R}`);
	});
	it('R5 alone does not touch schemes outside sensitive values; R6 does', () => {
		expect(redactSensitivePairs('the token is here')).toBe('the token is here');
		expect(redactAuthorizationSchemes('the token is here')).toBe(`the token ${R} here`);
	});
	it('R5/R6 alone uses Rust ASCII whitespace (\\x0B is not whitespace)', () => {
		expect(redactAuthorizationSchemes('Bearer\u000babc')).toBe('Bearer\u000babc');
		expect(redactAuthorizationSchemes('Bearer\u000cabc')).toBe(`Bearer\u000c${R}`);
	});
	it('R7 alone', () => {
		expect(redactApiKeyTokens('a sk-12345678 b')).toBe(`a sk-${R} b`);
	});
	it('utf8Length counts bytes', () => {
		expect(utf8Length('a\u00e9\u20ac\u{1F600}')).toBe(1 + 2 + 3 + 4);
	});
});

// -------------------------------------------------------------------------------------------------
// R2: field values
// -------------------------------------------------------------------------------------------------

describe('redactFieldValue (R2)', () => {
	const cases: ReadonlyArray<readonly [string, string, string]> = [
		['token', 'abc', R],
		['token', '', R], // even ""
		['authorization', 'Bearer fixture-secret-sentinel', R],
		['Authorization', 'x', R],
		['x-api-key', 'k', R],
		['session_cookie', 'a', R],
		['e-mail', 'a@b', R],
		['to.ken', '1', R],
		['start_url', 'https://a@b/c', R], // sensitive wins over location
		['api_key_url', 'https://h/x', R],
		['route', '/v1/responses\u001b[31m', '/v1/responses [31m'],
		['input_tokens', '1234', '1234'],
		['token_endpoint', 'https://u:p@h/t?x=1', `https://${R}@h/t`],
		['url', 'https://user:pw@host/x?q=1#f', `https://${R}@host/x`],
		['URL', 'https://user:pw@host/x', `https://${R}@host/x`],
		['base_url', 'x://a@y://b@c', `x://${R}@c`],
		['log_path', '/tmp/x?token=abc', '/tmp/x'],
		['x_PATH', '/tmp/x?token=abc', `/tmp/x?token=${R}`], // not a location key: text rules only
		['path', '/a\u0085b?c', '/a b'],
		['reason', 'token=abc', `token=${R}`], // safe key: text rules still run
		['profile', 'sk-proj-abcdefgh', `sk-proj-${R}`],
		['message', 'Bearer abc', `Bearer ${R}`],
		['transport', 'http', 'http'],
		['active', '7', '7'],
		['to\u212Aen', 'abc', 'abc'],
		['lane', '', ''],
	];
	it.each(cases)('(%j, %j) → %j', (key, value, expected) => {
		expect(redactFieldValue(key, value)).toBe(expected);
	});

	it('R9: a second pass can differ from one (odd quoting)', () => {
		const value = `'x token="a'b" token': v`;
		const once = redactFieldValue('reason', value);
		expect(once).toBe(`'x token="${R}" token': v`);
		expect(redactFieldValue('reason', once)).toBe(`'x token="${R}" token': ${R}`);
	});
});

// -------------------------------------------------------------------------------------------------
// T4, F8
// -------------------------------------------------------------------------------------------------

describe('trimRust (T4)', () => {
	const cases: ReadonlyArray<readonly [string, string]> = [
		['  x  ', 'x'],
		['\u0085x\u0085', 'x'], // JS trim keeps U+0085
		['\ufeffx\ufeff', '\ufeffx\ufeff'], // JS trim removes U+FEFF
		['\u200bx\u200b', '\u200bx\u200b'],
		['\u001cx\u001f', '\u001cx\u001f'],
		['\t\n\u000b\u000c\r x', 'x'],
		['\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000x\u3000', 'x'],
		['\u180ex', '\u180ex'],
		['a b', 'a b'],
		['   ', ''],
		['', ''],
	];
	it.each(cases)('%j → %j', (text, expected) => {
		expect(trimRust(text)).toBe(expected);
	});
});

describe('cutScalars (F8)', () => {
	const smile = '\u{1F600}';
	const cases: ReadonlyArray<readonly [string, number, string]> = [
		['abc', 3, 'abc'],
		['abcd', 3, 'ab…'],
		[smile.repeat(160), 160, smile.repeat(160)], // 320 UTF-16 units, 160 scalars
		[smile.repeat(161), 160, `${smile.repeat(159)}…`],
		['a'.repeat(161), 160, `${'a'.repeat(159)}…`],
		['a'.repeat(160), 160, 'a'.repeat(160)],
		[smile.repeat(3), 2, `${smile}…`],
		[`a${smile}b`, 2, 'a…'],
		['ab', 1, '…'],
		['', 0, ''],
	];
	it.each(cases)('%j, %d → %j', (text, max, expected) => {
		expect(cutScalars(text, max)).toBe(expected);
	});
});

describe('markerLineText (F8/R8)', () => {
	const cases: ReadonlyArray<readonly [string, string]> = [
		['\u001b  token=abc \u0085', `token=${R}`], // controls become spaces, then trimmed away
		['\ufeffx', '\ufeffx'],
		[`token=${'a'.repeat(300)}`, `token=${R}`], // the cut counts the redacted text
		['x'.repeat(200), `${'x'.repeat(159)}…`],
		['\u{1F600}'.repeat(170), `${'\u{1F600}'.repeat(159)}…`],
		[`${'a'.repeat(150)} token=${'b'.repeat(20)}`, `${'a'.repeat(150)} token=<r…`],
		[
			'[2026-05-12 00:00:00.000 +00:00] x authorization=Bearer   abc',
			`[2026-05-12 00:00:00.000 +00:00] x authorization=Bearer ${R}`,
		],
	];
	it.each(cases)('%j → %j', (line, expected) => {
		expect(markerLineText(line)).toBe(expected);
	});
});

// -------------------------------------------------------------------------------------------------
// Acceptance case B3
// -------------------------------------------------------------------------------------------------

describe('acceptance B3: secrets and terminal controls', () => {
	const jsonLine =
		'{"timestamp":"2026-05-12T00:00:00Z","event":"runtime_proxy_lane_limit_reached","fields":{"route":"/v1/responses\\u001b[31m","authorization":"Bearer fixture-secret-sentinel"}}';
	const textLine =
		'[2026-05-12 00:00:01.000 +00:00] stream_read_error route="/v1/responses\u001b[31m" authorization="Bearer fixture-secret-sentinel"';

	it('field values: route loses its ESC, authorization is redacted', () => {
		expect(redactFieldValue('route', '/v1/responses\u001b[31m')).toBe('/v1/responses [31m');
		expect(redactFieldValue('authorization', 'Bearer fixture-secret-sentinel')).toBe(R);
	});

	it('last_marker_line of the text line', () => {
		const line = markerLineText(textLine);
		expect(line).toBe(
			`[2026-05-12 00:00:01.000 +00:00] stream_read_error route="/v1/responses [31m" authorization="${R}"`,
		);
		expect(line).not.toContain('fixture-secret-sentinel');
		expect(/[\u0000-\u001f\u007f-\u009f]/.test(line)).toBe(false);
	});

	it('last_marker_line of the JSON line (derived)', () => {
		expect(markerLineText(jsonLine)).toBe(
			`{"timestamp":"2026-05-12T00:00:00Z","event":"runtime_proxy_lane_limit_reached","fields":{"route":"/v1/responses\\u001b[31m","authorization":"${R}"}}`,
		);
	});
});

// -------------------------------------------------------------------------------------------------
// Fast path
// -------------------------------------------------------------------------------------------------

describe('fast path', () => {
	const unchanged = [
		'/v1/responses',
		'http',
		'2026-05-12T00:00:00Z',
		'2026-05-12 00:00:01.000 +00:00',
		'https://host/v1/path',
		'persisted_snapshot',
		'previous_response_not_found',
		'18446744073709551615',
		'\u00e9v\u00e9nement \u{1F600}',
		'to\u212Aen=1',
	];
	it.each(unchanged)('%j takes the fast path and is returned as is', text => {
		expect(mayNeedRedaction(text)).toBe(false);
		expect(redactText(text)).toBe(text);
		expect(redactTextSlowPath(text)).toBe(text);
	});

	const maybe = ['x\u0085', 'Token', 'sk_', 'a"to.ken": 1', 'x:e_mail', 'A=PASS-WORD'];
	it.each(maybe)('%j goes the slow way', text => {
		expect(mayNeedRedaction(text)).toBe(true);
	});
});

// -------------------------------------------------------------------------------------------------
// Properties: fast path vs slow path vs a byte-level (UTF-8) transliteration of the Rust
// -------------------------------------------------------------------------------------------------

function randomString(random: () => number, alphabet: readonly string[], maxPieces: number): string {
	const pieces = Math.floor(random() * (maxPieces + 1));
	let text = '';
	for (let i = 0; i < pieces; i++) text += alphabet[Math.floor(random() * alphabet.length)];
	return text;
}

/** Rich in every trigger (no lone surrogates: the oracle works on UTF-8). */
const RICH = [
	'a', 'k', 't', 'o', 'e', 'n', 'x', 'Z', 'b', 's', '1', '0', '9', '_', '-', '=', ':', ' ', '  ', '"', "'", '\\',
	',', '&', ';', '}', ']', ')', '{', '[', '(', '?', '#', '@', '/', '.', '<', '>',
	'sk-', 'sk_', 'SK-proj-', 'sk-ant-', 'sk_live_', 'sk-live-', 'sk_test_', '12345678', 'abcdefgh',
	'Bearer ', 'bearer', 'Basic', 'basic\t', 'Token', 'token', 'TOKEN ', 'cookie', 'Cookie', 'co-okie', 'set-cookie',
	'api_key', 'x-api-key', 'secret', 'password', 'email', 'authorization', 'auth', 'key', 'to.ken',
	'\t', '\n', '\r', '\u000b', '\u000c', '\u001b', '\u0000', '\u007f', '\u0085', '\u009f',
	'\u00e9', '\u00a0', '\u212a', '\u{1F600}', '\u2028', '\ufeff', '\u200b', '\u202e',
];

/** Near misses, to exercise the fast path: pieces of trigger words, no control characters. */
const NEAR = [
	'a', 'b', 'e', 'r', 't', 'o', 'k', 'n', 's', 'c', 'i', 'p', 'w', 'd', 'm', 'l', 'x', 'T', 'K', 'S',
	'-', '_', '=', ':', ' ', '"', "'", '\\', ',', '/', '.', '&', '\u00e9', '\u{1F600}', '\u00a0', '\u212a', '1',
	'tok', 'ken', 'bear', 'bas', 'sk', 'pass', 'word', 'coo', 'kie', 'api', 'secr',
];

// --- the oracle: prodex's passes on UTF-8 bytes, written from the contract, byte for byte ---

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', {ignoreBOM: true}); // keep a leading U+FEFF

const oWs = (b: number) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0c || b === 0x0d;
const oAlpha = (b: number) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a);
const oAlnum = (b: number) => oAlpha(b) || (b >= 0x30 && b <= 0x39);
const oLower = (b: number) => (b >= 0x41 && b <= 0x5a ? b + 32 : b);
const oTerm = (b: number) => oWs(b) || [0x22, 0x27, 0x2c, 0x7d, 0x5d, 0x29, 0x3b, 0x26].includes(b);
const oCharLen = (b: number) => (b < 0x80 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4);

function oSkipWs(bytes: Uint8Array, i: number): number {
	while (i < bytes.length && oWs(bytes[i])) i++;
	return i;
}
function oTokenEnd(bytes: Uint8Array, i: number): number {
	while (i < bytes.length && !oTerm(bytes[i])) i++;
	return i;
}
function oStartsWith(bytes: Uint8Array, i: number, lowerNeedle: string): boolean {
	if (i + lowerNeedle.length > bytes.length) return false;
	for (let k = 0; k < lowerNeedle.length; k++) if (oLower(bytes[i + k]) !== lowerNeedle.charCodeAt(k)) return false;
	return true;
}
function oBoundaryBefore(bytes: Uint8Array, i: number): boolean {
	return i === 0 || !oAlnum(bytes[i - 1]);
}
function oSensitive(key: Uint8Array): boolean {
	let n = '';
	for (const b of key) if (oAlnum(b)) n += String.fromCharCode(oLower(b));
	const exact =
		'authorization apikey xapikey authkey cookie setcookie token accesstoken refreshtoken idtoken secret password credential credentials email githublogin profilearn profilenameupstream starturl accountid chatgptaccountid proxyauthorization'.split(
			' ',
		);
	return (
		exact.includes(n) ||
		n.endsWith('token') ||
		['apikey', 'secret', 'password', 'cookie', 'credential'].some(part => n.includes(part))
	);
}

function oKeyValue(bytes: Uint8Array): Uint8Array {
	const out: number[] = [];
	const push = (from: number, to: number) => {
		for (let k = from; k < to; k++) out.push(bytes[k]);
	};
	const pushText = (text: string) => out.push(...encoder.encode(text));
	let i = 0;
	while (i < bytes.length) {
		let parsed: [number, number, number] | undefined; // key start, key end, after key
		const first = bytes[i];
		if (first === 0x22 || first === 0x27) {
			let c = i + 1;
			while (c < bytes.length) {
				if (bytes[c] === first) {
					parsed = [i + 1, c, c + 1];
					break;
				}
				c += bytes[c] === 0x5c ? 2 : 1;
			}
		} else if (oAlpha(first) || first === 0x5f || first === 0x2d) {
			let c = i + 1;
			while (c < bytes.length && (oAlnum(bytes[c]) || bytes[c] === 0x5f || bytes[c] === 0x2d)) c++;
			parsed = [i, c, c];
		}
		if (parsed) {
			const [ks, ke, after] = parsed;
			const sep = oSkipWs(bytes, after);
			if (sep < bytes.length && (bytes[sep] === 0x3a || bytes[sep] === 0x3d)) {
				const key = bytes.subarray(ks, ke);
				if (oSensitive(key)) {
					const vs = oSkipWs(bytes, sep + 1);
					push(i, vs);
					i = oFieldValue(bytes, vs, key, pushText);
					continue;
				}
				push(i, after);
				i = after;
				continue;
			}
			if (first !== 0x22 && first !== 0x27) {
				push(i, after);
				i = after;
				continue;
			}
		}
		const n = oCharLen(bytes[i]);
		push(i, i + n);
		i += n;
	}
	return Uint8Array.from(out);
}

function oFieldValue(bytes: Uint8Array, vs: number, key: Uint8Array, pushText: (t: string) => void): number {
	if (vs >= bytes.length) {
		pushText(R);
		return vs;
	}
	const first = bytes[vs];
	if (first === 0x22 || first === 0x27) {
		const q = String.fromCharCode(first);
		let c = vs + 1;
		while (c < bytes.length) {
			if (bytes[c] === first) {
				pushText(q + R + q);
				return c + 1;
			}
			c += bytes[c] === 0x5c ? 2 : 1;
		}
		pushText(q + R + q);
		return bytes.length;
	}
	let hasCookie = false;
	for (let k = 0; k + 6 <= key.length; k++) if (oStartsWith(key, k, 'cookie')) hasCookie = true;
	if (hasCookie) {
		let end = vs;
		while (end < bytes.length && bytes[end] !== 0x0d && bytes[end] !== 0x0a) end++;
		pushText(R);
		return end;
	}
	for (const scheme of ['bearer', 'basic', 'token']) {
		const se = vs + scheme.length;
		if (oStartsWith(bytes, vs, scheme) && se < bytes.length && oWs(bytes[se])) {
			const ts = oSkipWs(bytes, se);
			const te = oTokenEnd(bytes, ts);
			if (te > ts) {
				pushText(`${decoder.decode(bytes.subarray(vs, se))} ${R}`);
				return te;
			}
		}
	}
	pushText(R);
	return oTokenEnd(bytes, vs);
}

function oSchemes(bytes: Uint8Array): Uint8Array {
	const out: number[] = [];
	let i = 0;
	while (i < bytes.length) {
		let replaced = false;
		for (const scheme of ['bearer', 'basic', 'token']) {
			const se = i + scheme.length;
			if (oStartsWith(bytes, i, scheme) && oBoundaryBefore(bytes, i) && (se >= bytes.length || !oAlnum(bytes[se]))) {
				const ws = oSkipWs(bytes, se);
				if (ws > se) {
					const te = oTokenEnd(bytes, ws);
					if (te > ws) {
						for (let k = i; k < ws; k++) out.push(bytes[k]);
						out.push(...encoder.encode(R));
						i = te;
						replaced = true;
						break;
					}
				}
			}
		}
		if (replaced) continue;
		const n = oCharLen(bytes[i]);
		for (let k = i; k < i + n; k++) out.push(bytes[k]);
		i += n;
	}
	return Uint8Array.from(out);
}

function oApiKeys(bytes: Uint8Array): Uint8Array {
	const prefixes = ['sk-proj-', 'sk-ant-', 'sk-live-', 'sk_test_', 'sk_live_', 'sk-', 'sk_'];
	const out: number[] = [];
	let i = 0;
	while (i < bytes.length) {
		if (oBoundaryBefore(bytes, i)) {
			const prefix = prefixes.find(p => oStartsWith(bytes, i, p));
			if (prefix) {
				const te = oTokenEnd(bytes, i);
				if (te >= i + prefix.length + 8) {
					out.push(...encoder.encode(prefix + R));
					i = te;
					continue;
				}
			}
		}
		const n = oCharLen(bytes[i]);
		for (let k = i; k < i + n; k++) out.push(bytes[k]);
		i += n;
	}
	return Uint8Array.from(out);
}

function oracleRedactText(text: string): string {
	let sanitized = '';
	for (const ch of text) {
		const cp = ch.codePointAt(0)!;
		sanitized += cp <= 0x1f || (cp >= 0x7f && cp <= 0x9f) ? ' ' : ch;
	}
	return decoder.decode(oApiKeys(oSchemes(oKeyValue(encoder.encode(sanitized)))));
}

describe('properties', () => {
	it('the oracle agrees with the contract examples', () => {
		expect(oracleRedactText('say "hi token=abc"')).toBe(`say "hi token=${R}"`);
		expect(oracleRedactText(`sk-${'\u00e9'.repeat(4)}`)).toBe(`sk-${R}`);
		expect(oracleRedactText('authorization=Bearer   abc def')).toBe(`authorization=Bearer ${R} def`);
	});

	it('fast path = slow path = byte-level oracle on random strings', () => {
		const random = prng(0x5eed);
		let fast = 0;
		let changed = 0;
		const total = 30_000;
		for (let n = 0; n < total; n++) {
			const text = n % 2 === 0 ? randomString(random, RICH, 14) : randomString(random, NEAR, 24);
			const slow = redactTextSlowPath(text);
			const result = redactText(text);
			if (result !== slow || slow !== oracleRedactText(text)) {
				// Report the failing input readably.
				expect({text, result, oracle: oracleRedactText(text)}).toEqual({text, result: slow, oracle: slow});
			}
			if (!mayNeedRedaction(text)) {
				fast++;
				if (slow !== text) expect({text, slow}).toEqual({text, slow: text});
			}
			if (slow !== text) changed++;
		}
		// Both branches must be well exercised for the property to mean something.
		expect(fast).toBeGreaterThan(total / 10);
		expect(changed).toBeGreaterThan(total / 10);
	});

	it('markerLineText never splits a surrogate pair and keeps at most 160 scalars', () => {
		const random = prng(42);
		for (let n = 0; n < 3000; n++) {
			const text = randomString(random, [...RICH, '\u{1F600}'.repeat(40), 'x'.repeat(50)], 20);
			const line = markerLineText(text);
			expect([...line].length).toBeLessThanOrEqual(160);
			expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(line)).toBe(false);
			expect(line).toBe(cutScalars(trimRust(oracleRedactText(text)), 160));
		}
	});
});
