/**
 * prodex 0.411's reader-side redaction (docs/parsing.md R1–R9); R4's control characters are
 * control-chars.ts, T4/F8 trimming and cutting rust-trim.ts.
 *
 * Sources in prodex: `crates/prodex-redaction/src/lib.rs` (`redaction_key_looks_sensitive`,
 * `redaction_redact_secret_like_text`) and `crates/prodex-runtime-proxy/src/log_event.rs`
 * (`runtime_proxy_redact_log_field_value`, `runtime_proxy_redact_log_text`).
 *
 * Rust scans UTF-8 bytes; this module scans UTF-16 code units. Every test the scanners make is
 * on an ASCII character, and neither a UTF-8 continuation byte nor a UTF-16 surrogate or other
 * non-ASCII unit is ever ASCII, so both walks stop at the same characters and every cut falls
 * on an ASCII character or an end: no surrogate pair is ever split. The one place where the
 * encoding shows is R7's token length, which counts UTF-8 bytes (see `utf8Length`).
 *
 * Pure TypeScript: no Node APIs.
 */

import {replaceControlChars} from './control-chars.js';
import {QuoteEnds} from './quote-ends.js';
import {cutScalars, MARKER_LINE_MAX_CHARS, trimRust} from './rust-trim.js';

export const REDACTED = '<redacted>';

// ---------------------------------------------------------------------------------------------
// Character classes (ASCII only, as Rust's u8 helpers)
// ---------------------------------------------------------------------------------------------

const QUOTE = 0x22; // "
const APOSTROPHE = 0x27; // '
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const EQUALS = 0x3d;
const CR = 0x0d;
const LF = 0x0a;

/** Rust's `u8::is_ascii_whitespace`: space, \t, \n, \x0C, \r (not \x0B). */
function isAsciiWhitespace(c: number): boolean {
	return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d;
}

function isAsciiAlpha(c: number): boolean {
	return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a);
}

function isAsciiDigit(c: number): boolean {
	return c >= 0x30 && c <= 0x39;
}

function isAsciiAlnum(c: number): boolean {
	return isAsciiAlpha(c) || isAsciiDigit(c);
}

/** ASCII-only lower case of one code unit (Rust's `to_ascii_lowercase`; the Kelvin sign stays). */
function asciiLower(c: number): number {
	return c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
}

/** R5: a field name starts with an ASCII letter, `_` or `-`. */
function isNameStart(c: number): boolean {
	return isAsciiAlpha(c) || c === 0x5f || c === 0x2d;
}

/** R5: a field name runs over `[A-Za-z0-9_-]`. */
function isNameChar(c: number): boolean {
	return isAsciiAlnum(c) || c === 0x5f || c === 0x2d;
}

/**
 * End of a secret token / plain redacted value: ASCII whitespace or one of `" ' , } ] ) ; &`.
 * (R5's plain-value terminators `" ' , & ; } ] )` are the same set as R6/R7's.)
 */
function isTokenTerminator(c: number): boolean {
	return (
		isAsciiWhitespace(c) ||
		c === QUOTE ||
		c === APOSTROPHE ||
		c === 0x2c || // ,
		c === 0x7d || // }
		c === 0x5d || // ]
		c === 0x29 || // )
		c === 0x3b || // ;
		c === 0x26 // &
	);
}

function skipAsciiWhitespace(text: string, index: number): number {
	const length = text.length;
	while (index < length && isAsciiWhitespace(text.charCodeAt(index))) index++;
	return index;
}

function secretTokenEnd(text: string, index: number): number {
	const length = text.length;
	while (index < length && !isTokenTerminator(text.charCodeAt(index))) index++;
	return index;
}

/** `needle` must be given in lower case; compares ASCII-case-insensitively (Rust `eq_ignore_ascii_case`). */
function startsWithIgnoreAsciiCase(text: string, index: number, needle: string): boolean {
	const n = needle.length;
	if (index + n > text.length) return false;
	for (let i = 0; i < n; i++) {
		if (asciiLower(text.charCodeAt(index + i)) !== needle.charCodeAt(i)) return false;
	}
	return true;
}

function containsIgnoreAsciiCase(text: string, needle: string): boolean {
	const last = text.length - needle.length;
	for (let i = 0; i <= last; i++) {
		if (startsWithIgnoreAsciiCase(text, i, needle)) return true;
	}
	return false;
}

function asciiBoundaryBefore(text: string, index: number): boolean {
	return index === 0 || !isAsciiAlnum(text.charCodeAt(index - 1));
}

function asciiBoundaryAfter(text: string, index: number): boolean {
	return index >= text.length || !isAsciiAlnum(text.charCodeAt(index));
}

/**
 * UTF-8 byte length of `text[start, end)`. A surrogate pair is 4 bytes (2 + 2). A lone
 * surrogate (impossible in Rust strings; the tail decoder and the JSON check never produce one)
 * is counted as 2.
 */
export function utf8Length(text: string, start = 0, end = text.length): number {
	let bytes = 0;
	for (let i = start; i < end; i++) {
		const c = text.charCodeAt(i);
		if (c < 0x80) bytes += 1;
		else if (c < 0x800) bytes += 2;
		else if (c >= 0xd800 && c <= 0xdfff) bytes += 2;
		else bytes += 3;
	}
	return bytes;
}

// ---------------------------------------------------------------------------------------------
// R1: sensitive keys; the 31 known-safe keys
// ---------------------------------------------------------------------------------------------

const SENSITIVE_EXACT = new Set([
	'authorization',
	'apikey',
	'xapikey',
	'authkey',
	'cookie',
	'setcookie',
	'token',
	'accesstoken',
	'refreshtoken',
	'idtoken',
	'secret',
	'password',
	'credential',
	'credentials',
	'email',
	'githublogin',
	'profilearn',
	'profilenameupstream',
	'starturl',
	'accountid',
	'chatgptaccountid',
	'proxyauthorization',
]);

const SENSITIVE_CONTAINS = ['apikey', 'secret', 'password', 'cookie', 'credential'] as const;

/** R1 normalisation: keep only ASCII letters and digits, ASCII-lowercased (`to\u212Aen` → `toen`). */
export function normalizeKey(key: string): string {
	let normalized = '';
	for (let i = 0; i < key.length; i++) {
		const c = key.charCodeAt(i);
		if (isAsciiAlnum(c)) normalized += String.fromCharCode(asciiLower(c));
	}
	return normalized;
}

/** R1: is this field key sensitive (normalised to ASCII alphanumerics, lowercased)? */
export function isSensitiveKey(key: string): boolean {
	const normalized = normalizeKey(key);
	if (SENSITIVE_EXACT.has(normalized) || normalized.endsWith('token')) return true;
	for (const part of SENSITIVE_CONTAINS) {
		if (normalized.includes(part)) return true;
	}
	return false;
}

/** R1: the 31 known-safe keys (exact, case-sensitive). None is sensitive, so they never change a result. */
export const KNOWN_SAFE_KEYS: ReadonlySet<string> = new Set([
	'affinity',
	'balance',
	'cold_start_jobs',
	'excluded_count',
	'fallback',
	'health',
	'inflight',
	'mode',
	'order',
	'outcome',
	'performance',
	'pressure_mode',
	'profile',
	'prompt_cache_bound',
	'ready',
	'reason',
	'reports',
	'request',
	'response_id',
	'route',
	'schema_version',
	'signaled',
	'soft_limit',
	'sync_probe_jobs',
	'payload_b64',
	'stream',
	'trace',
	'transport',
	'useful',
	'wait_ms',
	'waited_ms',
]);

export function isKnownSafeKey(key: string): boolean {
	return KNOWN_SAFE_KEYS.has(key);
}

// ---------------------------------------------------------------------------------------------
// R3: location keys
// ---------------------------------------------------------------------------------------------

function equalsIgnoreAsciiCase(text: string, lowerNeedle: string): boolean {
	return text.length === lowerNeedle.length && startsWithIgnoreAsciiCase(text, 0, lowerNeedle);
}

/** R3: is this a location key (path/url/endpoint case-insensitive, or case-sensitive suffix _path/_url/_endpoint)? */
export function isLocationKey(key: string): boolean {
	return (
		equalsIgnoreAsciiCase(key, 'path') ||
		key.endsWith('_path') ||
		equalsIgnoreAsciiCase(key, 'url') ||
		key.endsWith('_url') ||
		equalsIgnoreAsciiCase(key, 'endpoint') ||
		key.endsWith('_endpoint')
	);
}

/** R3: cut before the first ? or #, then replace userinfo between the first :// and the last @ with <redacted>. */
export function stripLocationSecrets(value: string): string {
	let cut = value;
	for (let i = 0; i < value.length; i++) {
		const c = value.charCodeAt(i);
		if (c === 0x3f || c === 0x23) {
			cut = value.slice(0, i);
			break;
		}
	}
	const schemeEnd = cut.indexOf('://');
	if (schemeEnd === -1) return cut;
	const remainderStart = schemeEnd + 3;
	const at = cut.lastIndexOf('@');
	if (at < remainderStart) return cut;
	return `${cut.slice(0, schemeEnd)}://${REDACTED}${cut.slice(at)}`;
}

// ---------------------------------------------------------------------------------------------
// R5: sensitive name=value / name: value pairs
// ---------------------------------------------------------------------------------------------

const SCHEMES_LOWER = ['bearer', 'basic', 'token'] as const;

/**
 * R5 value replacement, starting at `valueStart` (after the separator and its whitespace).
 * Returns [end of the replaced value, replacement text].
 */
function redactedFieldValue(text: string, valueStart: number, rawKey: string): [number, string] {
	const length = text.length;
	if (valueStart >= length) return [valueStart, REDACTED];
	const first = text.charCodeAt(valueStart);

	// 1. Quoted value: to the matching quote (a backslash skips the next unit) or to the end,
	//    where it gains a closing quote.
	if (first === QUOTE || first === APOSTROPHE) {
		const quote = first === QUOTE ? '"' : "'";
		let cursor = valueStart + 1;
		while (cursor < length) {
			const c = text.charCodeAt(cursor);
			if (c === first) return [cursor + 1, quote + REDACTED + quote];
			cursor += c === BACKSLASH ? 2 : 1;
		}
		return [length, quote + REDACTED + quote];
	}

	// 2. Raw key, ASCII-lowercased, contains `cookie` (not the normalised key: `co-okie` does not
	//    qualify): everything up to the first \r / \n. After R4 there is none, so this is the rest.
	//    Ambiguity settled: the contract (and docs/log-format.md 4.2) put the quoted-value case
	//    first (`cookie="a b" c` -> `cookie="<redacted>" c`); a Mojo port of this pass found in
	//    the public index checks the cookie rule first (-> `cookie=<redacted>`). The contract wins.
	if (containsIgnoreAsciiCase(rawKey, 'cookie')) {
		let end = valueStart;
		while (end < length) {
			const c = text.charCodeAt(end);
			if (c === CR || c === LF) break;
			end++;
		}
		return [end, REDACTED];
	}

	// 3. Bearer / Basic / Token + ASCII whitespace + non-empty token: scheme as written, ONE space.
	for (const scheme of SCHEMES_LOWER) {
		const schemeEnd = valueStart + scheme.length;
		if (
			startsWithIgnoreAsciiCase(text, valueStart, scheme) &&
			schemeEnd < length &&
			isAsciiWhitespace(text.charCodeAt(schemeEnd))
		) {
			const tokenStart = skipAsciiWhitespace(text, schemeEnd);
			const tokenEnd = secretTokenEnd(text, tokenStart);
			if (tokenEnd > tokenStart) {
				return [tokenEnd, `${text.slice(valueStart, schemeEnd)} ${REDACTED}`];
			}
		}
	}

	// 4. The value up to ASCII whitespace or `" ' , & ; } ] )`, even when empty.
	return [secretTokenEnd(text, valueStart), REDACTED];
}

/** R5 alone (no R4): redact the values of sensitive `name=value` / `name: value` pairs. */
export function redactSensitivePairs(text: string): string {
	const length = text.length;
	let out = '';
	let copiedTo = 0; // text[copiedTo, index) is still to be copied verbatim
	let index = 0;
	let quoteEnds: QuoteEnds | undefined; // made at the first quote: bounds the quoted-name walks (quote-ends.ts)
	let blankFrom = -1; // the last whitespace run skipped after a name: [blankFrom, blankTo)
	let blankTo = -1;

	while (index < length) {
		const first = text.charCodeAt(index);
		let keyStart = -1;
		let keyEnd = -1;
		let afterKey = -1;
		const quoted = first === QUOTE || first === APOSTROPHE;

		if (quoted) {
			quoteEnds ??= new QuoteEnds(text);
			const closing = quoteEnds.closing(index);
			if (closing !== -1) {
				keyStart = index + 1;
				keyEnd = closing;
				afterKey = closing + 1;
			}
		} else if (isNameStart(first)) {
			let cursor = index + 1;
			while (cursor < length && isNameChar(text.charCodeAt(cursor))) cursor++;
			keyStart = index;
			keyEnd = cursor;
			afterKey = cursor;
		}

		if (afterKey !== -1) {
			// Quoted names rescanned from inside can all end at one closing quote: skip the
			// whitespace after it once (else `" \" \" … "` + a long blank run is quadratic).
			if (afterKey !== blankFrom) {
				blankFrom = afterKey;
				blankTo = skipAsciiWhitespace(text, afterKey);
			}
			const separator = blankTo;
			const s = separator < length ? text.charCodeAt(separator) : -1;
			if (s === COLON || s === EQUALS) {
				const key = text.slice(keyStart, keyEnd);
				if (isSensitiveKey(key)) {
					const valueStart = skipAsciiWhitespace(text, separator + 1);
					const [valueEnd, replacement] = redactedFieldValue(text, valueStart, key);
					out += text.slice(copiedTo, valueStart) + replacement;
					index = valueEnd;
					copiedTo = valueEnd;
					continue;
				}
				// Not sensitive: the name (a quoted one with its quotes) is copied whole.
				index = afterKey;
				continue;
			}
			if (!quoted) {
				// A word without separator is copied whole.
				index = afterKey;
				continue;
			}
			// A quoted run without separator: only the opening quote is copied, rescan inside.
		}
		// Copy one character (a surrogate half never starts a name, so one unit is equivalent).
		index++;
	}

	return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

// ---------------------------------------------------------------------------------------------
// R6: Bearer / Basic / Token anywhere
// ---------------------------------------------------------------------------------------------

/** R6 alone: `Bearer`/`Basic`/`Token` words followed by ASCII whitespace and a token. */
export function redactAuthorizationSchemes(text: string): string {
	const length = text.length;
	let out = '';
	let copiedTo = 0;
	let index = 0;

	outer: while (index < length) {
		const lower = asciiLower(text.charCodeAt(index));
		if ((lower === 0x62 || lower === 0x74) && asciiBoundaryBefore(text, index)) {
			for (const scheme of SCHEMES_LOWER) {
				const schemeEnd = index + scheme.length;
				if (startsWithIgnoreAsciiCase(text, index, scheme) && asciiBoundaryAfter(text, schemeEnd)) {
					const whitespaceEnd = skipAsciiWhitespace(text, schemeEnd);
					if (whitespaceEnd > schemeEnd) {
						const tokenEnd = secretTokenEnd(text, whitespaceEnd);
						if (tokenEnd > whitespaceEnd) {
							// Scheme and whitespace kept as written.
							out += text.slice(copiedTo, whitespaceEnd) + REDACTED;
							index = tokenEnd;
							copiedTo = tokenEnd;
							continue outer;
						}
					}
				}
			}
		}
		index++;
	}

	return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

// ---------------------------------------------------------------------------------------------
// R7: sk- style API keys
// ---------------------------------------------------------------------------------------------

/** R7 prefixes in their order; the first match decides and is written as listed. */
export const API_KEY_PREFIXES = ['sk-proj-', 'sk-ant-', 'sk-live-', 'sk_test_', 'sk_live_', 'sk-', 'sk_'] as const;

/** R7 alone: tokens starting with an `sk-`-style prefix, at least prefix + 8 UTF-8 bytes long. */
export function redactApiKeyTokens(text: string): string {
	const length = text.length;
	let out = '';
	let copiedTo = 0;
	let index = 0;

	while (index < length) {
		if (asciiLower(text.charCodeAt(index)) === 0x73 && asciiBoundaryBefore(text, index)) {
			let prefix: string | undefined;
			for (const candidate of API_KEY_PREFIXES) {
				if (startsWithIgnoreAsciiCase(text, index, candidate)) {
					prefix = candidate;
					break;
				}
			}
			if (prefix !== undefined) {
				// Only the first matching prefix is tried; the whole token (prefix included) counts.
				const tokenEnd = secretTokenEnd(text, index);
				if (utf8Length(text, index, tokenEnd) >= prefix.length + 8) {
					out += text.slice(copiedTo, index) + prefix + REDACTED;
					index = tokenEnd;
					copiedTo = tokenEnd;
					continue;
				}
			}
		}
		index++;
	}

	return copiedTo === 0 ? text : out + text.slice(copiedTo);
}

// ---------------------------------------------------------------------------------------------
// R4–R7 together, with a fast path
// ---------------------------------------------------------------------------------------------

/** R5–R7 (prodex's `redaction_redact_secret_like_text`), without the control-character step. */
export function redactSecretLikeText(text: string): string {
	return redactApiKeyTokens(redactAuthorizationSchemes(redactSensitivePairs(text)));
}

/** R4–R7 always run in full: the reference the fast path is checked against. */
export function redactTextSlowPath(text: string): string {
	return redactSecretLikeText(replaceControlChars(text));
}

/** A control character (R4), an R6 scheme word, or an R7 prefix, ASCII-case-insensitively. */
const QUICK_TRIGGER = /[\u0000-\u001f\u007f-\u009f]|bearer|basic|token|sk[-_]/i;
const SEPARATOR = /[:=]/;
const ASCII_LETTER = /[A-Za-z]/;

/**
 * Substrings of which every sensitive normalised key (R1) contains at least one: `token` (exact
 * `token`, `…token`), `apikey`, `secret`, `password`, `cookie`, `credential` (the contains rules
 * and their exact keys), `authorization` (also `proxyauthorization`), `authkey`, `email`,
 * `githublogin`, `profilearn`, `profilenameupstream`, `starturl`, `accountid` (also
 * `chatgptaccountid`).
 */
const SENSITIVE_ANCHORS = [
	'token',
	'apikey',
	'secret',
	'password',
	'cookie',
	'credential',
	'authorization',
	'authkey',
	'email',
	'githublogin',
	'profilearn',
	'profilenameupstream',
	'starturl',
	'accountid',
] as const;

/**
 * Could `redactText` change `text`? `false` guarantees it returns `text` unchanged:
 * - no control character → R4 is the identity;
 * - R5 only ever replaces after a sensitive name followed by `:` or `=`. A name is a substring of
 *   the text, and normalisation (ASCII alphanumerics, lower-cased) maps concatenation to
 *   concatenation, so a sensitive name's normalised form — which contains one of
 *   SENSITIVE_ANCHORS — is a substring of the whole text's normalised form. No separator, or no
 *   anchor in the normalised text → R5 is the identity;
 * - R6 needs `bearer`/`basic`/`token` and R7 needs `sk-`/`sk_` (ASCII-case-insensitively) in its
 *   input, which is then `text` itself.
 */
export function mayNeedRedaction(text: string): boolean {
	if (QUICK_TRIGGER.test(text)) return true;
	// Every anchor is ASCII letters: no separator or no letter (timestamps) → R5 finds no name.
	if (!SEPARATOR.test(text) || !ASCII_LETTER.test(text)) return false;
	// normalizeKey(text), built natively: drop every non-ASCII-alphanumeric unit, then lower-case
	// (only ASCII letters are left, so toLowerCase is ASCII lower-casing).
	return ANCHOR.test(text.replace(NOT_ASCII_ALNUM, '').toLowerCase());
}

const NOT_ASCII_ALNUM = /[^A-Za-z0-9]+/g;
const ANCHOR = new RegExp(SENSITIVE_ANCHORS.join('|'));

/**
 * R4–R7 in order: controls, sensitive name=value / name: value pairs, Bearer/Basic/Token schemes, sk- style keys.
 * Note R6 runs on R5's output, so `token : abc` gives `token <redacted> <redacted>` (R5 redacts the
 * value, then `token` + whitespace + the token `:` is an R6 hit) — as the Rust does.
 */
export function redactText(text: string): string {
	return mayNeedRedaction(text) ? redactTextSlowPath(text) : text;
}

/** R2: a field value as prodex's reader redacts it: sensitive non-safe key → "<redacted>", else location strip, then redactText. */
export function redactFieldValue(key: string, value: string): string {
	const kind = keyKind(key);
	// redactText('<redacted>') is '<redacted>', so the text rules need not run on it.
	if (kind === KEY_SENSITIVE) return REDACTED;
	return redactText(kind === KEY_LOCATION ? stripLocationSecrets(value) : value);
}

const KEY_PLAIN = 0;
const KEY_SENSITIVE = 1;
const KEY_LOCATION = 2;
type KeyKind = typeof KEY_PLAIN | typeof KEY_SENSITIVE | typeof KEY_LOCATION;

/** Keys repeat endlessly in a log: R1/R3 decide each distinct key once (bounded, so hostile logs cannot grow it). */
const keyKinds = new Map<string, KeyKind>();
const KEY_KINDS_MAX = 4096;

function keyKind(key: string): KeyKind {
	let kind = keyKinds.get(key);
	if (kind === undefined) {
		kind = !isKnownSafeKey(key) && isSensitiveKey(key) ? KEY_SENSITIVE : isLocationKey(key) ? KEY_LOCATION : KEY_PLAIN;
		if (keyKinds.size >= KEY_KINDS_MAX) keyKinds.clear();
		keyKinds.set(key, kind);
	}
	return kind;
}


/** F8/R8: last_marker_line form of a raw line: redactText, then trimRust, then cutScalars(…, 160). */
export function markerLineText(rawLine: string): string {
	return cutScalars(trimRust(redactText(rawLine)), MARKER_LINE_MAX_CHARS);
}
