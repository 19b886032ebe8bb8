/**
 * A strict JSON reader that accepts, rejects and prints numbers exactly like prodex's Rust
 * code (serde_json, default features: no `float_roundtrip`, no `arbitrary_precision`).
 * See docs/parsing.md J1 (what rejects), J5 (numbers) and K2 (quoted field values).
 *
 * Single-pass recursive descent over char codes; no regex, no exceptions, no JS `JSON.parse`.
 * Strings without escapes cost one `slice`; small integers one `slice`. Only numbers that become
 * doubles take the slower path (BigInt only once a significand passes 2^53).
 * Sanity note (not a test): a typical 380-byte current-era line parsed in about 5 µs on Node 20
 * (JSON.parse: about 2 µs), i.e. roughly 200k lines/s.
 *
 * Callers trim the line first (J1, Unicode White_Space); this reader itself only skips JSON
 * whitespace (space, tab, LF, CR), as serde_json does.
 */

/** A parsed JSON value; numbers keep the serde_json text form (J5), never a JS number. */
export type JsonValue =
	| {readonly kind: 'string'; readonly value: string}
	| {readonly kind: 'number'; readonly text: string}
	| {readonly kind: 'bool'; readonly value: boolean}
	| {readonly kind: 'null'}
	| {readonly kind: 'array'; readonly items: readonly JsonValue[]}
	| {readonly kind: 'object'; readonly entries: ReadonlyMap<string, JsonValue>};

/**
 * serde_json's recursion limit: at most 127 arrays/objects open at once (the outermost one
 * included; arrays and objects count alike). 128 rejects. Checked on prodex 0.288's binary.
 */
export const MAX_JSON_DEPTH = 127;

/** The shared literal values (frozen: every `true` of every parse is this one object). */
export const JSON_TRUE: JsonValue = Object.freeze({kind: 'bool', value: true});
export const JSON_FALSE: JsonValue = Object.freeze({kind: 'bool', value: false});
export const JSON_NULL: JsonValue = Object.freeze({kind: 'null'});

/** 1e0..1e308, correctly rounded (serde_json's POW10 table). */
const POW10: readonly number[] = Array.from({length: 309}, (_, n) => Number(`1e${n}`));
const U64_MAX = 18_446_744_073_709_551_615n;
const U64_MAX_TEXT = '18446744073709551615';
const I64_MIN_ABS_TEXT = '9223372036854775808';
const I32_MAX = 2_147_483_647;
const I32_MIN = -2_147_483_648;

/** The parser's state for one text: where it is and how deeply it is nested. */
type Cursor = {readonly src: string; pos: number; depth: number; /** End of the literal read by the last successful `scanNumber`. */ numberEnd: number};

/** Strict serde_json-compatible parse of a whole text; undefined when serde_json would reject it. Duplicate keys: the last wins. */
export function parseStrictJson(text: string): JsonValue | undefined {
	const cursor: Cursor = {src: text, pos: 0, depth: 0, numberEnd: 0};
	skipWhitespace(cursor);
	let value = parseValue(cursor);
	if (value !== undefined) {
		skipWhitespace(cursor);
		if (cursor.pos !== text.length) value = undefined;
	}
	return value;
}

/**
 * Decode a raw JSON string literal INCLUDING its surrounding quotes (e.g. `"a\\nb"`) as serde_json does;
 * undefined when serde_json would reject it (raw control character U+0000–U+001F inside, bad escape,
 * lone surrogate escape, missing closing quote, trailing text). Like `serde_json::from_str::<String>`,
 * JSON whitespace (space, tab, LF, CR) around the literal is allowed.
 */
export function decodeJsonString(quoted: string): string | undefined {
	const cursor: Cursor = {src: quoted, pos: 0, depth: 0, numberEnd: 0};
	skipWhitespace(cursor);
	let value: string | undefined;
	if (quoted.charCodeAt(cursor.pos) === 0x22) {
		value = parseString(cursor);
		if (value !== undefined) {
			skipWhitespace(cursor);
			if (cursor.pos !== quoted.length) value = undefined;
		}
	}
	return value;
}

/**
 * The text serde_json prints for a JSON number literal (J5), or undefined when serde_json rejects the
 * literal (bad grammar, or out of range). The literal must be the whole input (no whitespace).
 */
export function formatJsonNumber(literal: string): string | undefined {
	const cursor: Cursor = {src: literal, pos: 0, depth: 0, numberEnd: 0};
	const text = scanNumber(cursor, 0);
	return text !== undefined && cursor.numberEnd === literal.length ? text : undefined;
}

/**
 * Print a finite double as serde_json does (ryu, shortest round-trip digits): fixed notation when the
 * leading digit's decimal exponent is in [-5, 15] (integral values get `.0`), else `1e+16`, `1.5e-7`.
 */
export function formatF64(f: number): string {
	if (f === 0) return Object.is(f, -0) ? '-0.0' : '0.0';
	let sign = '';
	if (f < 0) {
		sign = '-';
		f = -f;
	}
	// toExponential() without an argument yields the shortest round-trip digits, like ryu.
	const exp = f.toExponential();
	const ePos = exp.indexOf('e');
	const digits = ePos === 1 ? exp.slice(0, 1) : exp.slice(0, 1) + exp.slice(2, ePos);
	const e = Number(exp.slice(ePos + 1));
	const length = digits.length;
	if (e >= -5 && e <= 15) {
		if (e >= length - 1) return sign + digits + '0'.repeat(e - length + 1) + '.0';
		if (e >= 0) return sign + digits.slice(0, e + 1) + '.' + digits.slice(e + 1);
		return sign + '0.' + '0'.repeat(-e - 1) + digits;
	}
	const mantissa = length === 1 ? digits : digits.slice(0, 1) + '.' + digits.slice(1);
	return sign + mantissa + (e < 0 ? 'e' : 'e+') + e;
}

function skipWhitespace(cursor: Cursor): void {
	for (;;) {
		const c = cursor.src.charCodeAt(cursor.pos);
		if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) cursor.pos++;
		else return;
	}
}

function parseValue(cursor: Cursor): JsonValue | undefined {
	const c = cursor.src.charCodeAt(cursor.pos);
	switch (c) {
		case 0x22: {
			const value = parseString(cursor);
			return value === undefined ? undefined : {kind: 'string', value};
		}
		case 0x7b:
			return parseObject(cursor);
		case 0x5b:
			return parseArray(cursor);
		case 0x74:
			return parseLiteral(cursor, 'true', JSON_TRUE);
		case 0x66:
			return parseLiteral(cursor, 'false', JSON_FALSE);
		case 0x6e:
			return parseLiteral(cursor, 'null', JSON_NULL);
		default: {
			if (c !== 0x2d && !(c >= 0x30 && c <= 0x39)) return undefined;
			const text = scanNumber(cursor, cursor.pos);
			if (text === undefined) return undefined;
			cursor.pos = cursor.numberEnd;
			return {kind: 'number', text};
		}
	}
}

function parseLiteral(cursor: Cursor, word: string, value: JsonValue): JsonValue | undefined {
	if (!cursor.src.startsWith(word, cursor.pos)) return undefined;
	cursor.pos += word.length;
	return value;
}

function parseArray(cursor: Cursor): JsonValue | undefined {
	if (++cursor.depth > MAX_JSON_DEPTH) return undefined;
	cursor.pos++;
	const items: JsonValue[] = [];
	skipWhitespace(cursor);
	if (cursor.src.charCodeAt(cursor.pos) === 0x5d) {
		cursor.pos++;
		cursor.depth--;
		return {kind: 'array', items};
	}
	for (;;) {
		const item = parseValue(cursor);
		if (item === undefined) return undefined;
		items.push(item);
		skipWhitespace(cursor);
		const c = cursor.src.charCodeAt(cursor.pos);
		cursor.pos++;
		if (c === 0x5d) {
			cursor.depth--;
			return {kind: 'array', items};
		}
		if (c !== 0x2c) return undefined;
		skipWhitespace(cursor);
	}
}

function parseObject(cursor: Cursor): JsonValue | undefined {
	if (++cursor.depth > MAX_JSON_DEPTH) return undefined;
	cursor.pos++;
	const entries = new Map<string, JsonValue>();
	skipWhitespace(cursor);
	if (cursor.src.charCodeAt(cursor.pos) === 0x7d) {
		cursor.pos++;
		cursor.depth--;
		return {kind: 'object', entries};
	}
	for (;;) {
		if (cursor.src.charCodeAt(cursor.pos) !== 0x22) return undefined;
		const key = parseString(cursor);
		if (key === undefined) return undefined;
		skipWhitespace(cursor);
		if (cursor.src.charCodeAt(cursor.pos) !== 0x3a) return undefined;
		cursor.pos++;
		skipWhitespace(cursor);
		const value = parseValue(cursor);
		if (value === undefined) return undefined;
		entries.set(key, value);
		skipWhitespace(cursor);
		const c = cursor.src.charCodeAt(cursor.pos);
		cursor.pos++;
		if (c === 0x7d) {
			cursor.depth--;
			return {kind: 'object', entries};
		}
		if (c !== 0x2c) return undefined;
		skipWhitespace(cursor);
	}
}

/** Parse the string literal whose opening quote is at `cursor.pos`; leaves `cursor.pos` after the closing quote. */
function parseString(cursor: Cursor): string | undefined {
	const s = cursor.src;
	const n = s.length;
	let i = cursor.pos + 1;
	let chunk = i;
	let out = '';
	while (i < n) {
		const c = s.charCodeAt(i);
		if (c === 0x22) {
			cursor.pos = i + 1;
			return out + s.slice(chunk, i);
		}
		if (c < 0x20) return undefined;
		if (c !== 0x5c) {
			i++;
			continue;
		}
		out += s.slice(chunk, i);
		switch (s.charCodeAt(i + 1)) {
			case 0x22:
				out += '"';
				break;
			case 0x5c:
				out += '\\';
				break;
			case 0x2f:
				out += '/';
				break;
			case 0x62:
				out += '\b';
				break;
			case 0x66:
				out += '\f';
				break;
			case 0x6e:
				out += '\n';
				break;
			case 0x72:
				out += '\r';
				break;
			case 0x74:
				out += '\t';
				break;
			case 0x75: {
				const unit = hex4(s, i + 2);
				if (unit < 0 || (unit >= 0xdc_00 && unit <= 0xdf_ff)) return undefined;
				if (unit >= 0xd8_00 && unit <= 0xdb_ff) {
					// A high surrogate must be followed by a `\u` low surrogate escape.
					if (s.charCodeAt(i + 6) !== 0x5c || s.charCodeAt(i + 7) !== 0x75) return undefined;
					const low = hex4(s, i + 8);
					if (low < 0xdc_00 || low > 0xdf_ff) return undefined;
					out += String.fromCharCode(unit, low);
					i += 12;
				} else {
					out += String.fromCharCode(unit);
					i += 6;
				}
				chunk = i;
				continue;
			}
			default:
				return undefined;
		}
		i += 2;
		chunk = i;
	}
	return undefined;
}

/** Four hex digits at `i` as a number, or -1. */
function hex4(s: string, i: number): number {
	let value = 0;
	for (let k = i; k < i + 4; k++) {
		const c = s.charCodeAt(k);
		let d: number;
		if (c >= 0x30 && c <= 0x39) d = c - 0x30;
		else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
		else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
		else return -1;
		value = value * 16 + d;
	}
	return value;
}


/**
 * Read a JSON number literal at `i` (grammar as serde_json) and return its serde_json text, or undefined
 * (bad grammar or out of range). Sets `cursor.numberEnd`; what follows the literal is the caller's business.
 */
function scanNumber(cursor: Cursor, i: number): string | undefined {
	const s = cursor.src;
	let j = i;
	const negative = s.charCodeAt(j) === 0x2d;
	if (negative) j++;
	const intStart = j;
	let c = s.charCodeAt(j);
	if (c === 0x30) {
		c = s.charCodeAt(++j);
		if (c >= 0x30 && c <= 0x39) return undefined; // leading zero
	} else if (c >= 0x31 && c <= 0x39) {
		do c = s.charCodeAt(++j);
		while (c >= 0x30 && c <= 0x39);
	} else {
		return undefined;
	}
	const intEnd = j;
	let fracStart = j;
	let fracEnd = j;
	if (c === 0x2e) {
		fracStart = ++j;
		c = s.charCodeAt(j);
		while (c >= 0x30 && c <= 0x39) c = s.charCodeAt(++j);
		fracEnd = j;
		if (fracEnd === fracStart) return undefined;
	}
	let expStart = -1;
	let expEnd = -1;
	let expNegative = false;
	if (c === 0x65 || c === 0x45) {
		c = s.charCodeAt(++j);
		if (c === 0x2b) c = s.charCodeAt(++j);
		else if (c === 0x2d) {
			expNegative = true;
			c = s.charCodeAt(++j);
		}
		expStart = j;
		while (c >= 0x30 && c <= 0x39) c = s.charCodeAt(++j);
		expEnd = j;
		if (expEnd === expStart) return undefined;
	}
	cursor.numberEnd = j;

	if (fracStart === fracEnd && expStart < 0) {
		// Plain integer: u64, or i64 when negative, prints its digits; `-0` is the double -0.0.
		const length = intEnd - intStart;
		if (!negative) {
			if (length < 20 || (length === 20 && s.slice(intStart, intEnd) <= U64_MAX_TEXT)) return s.slice(intStart, intEnd);
		} else if (length === 1 && s.charCodeAt(intStart) === 0x30) {
			return '-0.0';
		} else if (length < 19 || (length === 19 && s.slice(intStart, intEnd) <= I64_MIN_ABS_TEXT)) {
			return s.slice(i, intEnd);
		}
	}
	const f = serdeF64(s, intStart, intEnd, fracStart, fracEnd, expNegative, expStart, expEnd);
	if (f === undefined) return undefined;
	return formatF64(negative ? -f : f);
}

/**
 * The magnitude serde_json computes for a number (parse_integer / parse_long_integer / parse_decimal /
 * parse_decimal_overflow / parse_exponent / parse_exponent_overflow / f64_from_parts), or undefined
 * when it reports "number out of range".
 */
function serdeF64(
	s: string,
	intStart: number,
	intEnd: number,
	fracStart: number,
	fracEnd: number,
	expNegative: boolean,
	expStart: number,
	expEnd: number,
): number | undefined {
	// The u64 significand: a double while exact (< 2^53), then a BigInt.
	let small = 0;
	let big: bigint | undefined;
	const push = (d: number): boolean => {
		if (big === undefined) {
			const next = small * 10 + d;
			if (next <= Number.MAX_SAFE_INTEGER) {
				small = next;
				return true;
			}
			big = BigInt(small);
		}
		const next = big * 10n + BigInt(d);
		if (next > U64_MAX) return false;
		big = next;
		return true;
	};

	let exponent = 0;
	let k = intStart;
	while (k < intEnd && push(s.charCodeAt(k) - 0x30)) k++;
	exponent += intEnd - k; // parse_long_integer: ignored integer digits still scale
	for (k = fracStart; k < fracEnd && push(s.charCodeAt(k) - 0x30); k++) exponent--;
	// parse_decimal_overflow: later fraction digits are ignored.

	if (expStart >= 0) {
		let e = 0;
		for (k = expStart; k < expEnd; k++) {
			const d = s.charCodeAt(k) - 0x30;
			if (e > 214_748_364 || (e === 214_748_364 && d > 7)) {
				// parse_exponent_overflow: i32 overflow of the exponent digits.
				if (!expNegative && (big !== undefined || small !== 0)) return undefined;
				return 0;
			}
			e = e * 10 + d;
		}
		exponent = expNegative ? Math.max(exponent - e, I32_MIN) : Math.min(exponent + e, I32_MAX);
	}

	// f64_from_parts, without float_roundtrip.
	let f = big === undefined ? small : Number(big);
	for (;;) {
		const magnitude = Math.abs(exponent);
		if (magnitude < POW10.length) {
			if (exponent >= 0) {
				f *= POW10[magnitude];
				if (f === Infinity) return undefined;
			} else {
				f /= POW10[magnitude];
			}
			return f;
		}
		if (f === 0) return f;
		if (exponent >= 0) return undefined;
		f /= 1e308;
		exponent += 308;
	}
}
