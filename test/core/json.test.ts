// Expectations below come from docs/parsing.md (J1, J5, K2) and were cross-checked against
// prodex 0.288's own binary (`prodex doctor --runtime --json` on one-line logs: accepted lines
// overlay `fields`, rejected ones are read as text). The tests do not need the binary.
import {describe, expect, it} from 'vitest';
import {
	decodeJsonString,
	formatF64,
	formatJsonNumber,
	MAX_JSON_DEPTH,
	parseStrictJson,
	type JsonValue,
} from '../../source/core/json.js';
import {prng} from '../helpers/random.js';

/** [literal, serde_json's printed text, or undefined when it rejects] */
const NUMBER_CASES: Array<[string, string | undefined]> = [
	// Integers that fit u64 / i64 keep their digits.
	['0', '0'],
	['5', '5'],
	['100', '100'],
	['-5', '-5'],
	['1000000000000000', '1000000000000000'],
	['9007199254740993', '9007199254740993'],
	['8412390127714631681', '8412390127714631681'],
	['18446744073709551615', '18446744073709551615'],
	['-9223372036854775807', '-9223372036854775807'],
	['-9223372036854775808', '-9223372036854775808'],
	// Integers outside u64 / i64 become doubles; -0 is the double -0.0.
	['-0', '-0.0'],
	['18446744073709551616', '1.8446744073709552e+19'],
	['-9223372036854775809', '-9.223372036854776e+18'],
	['-18446744073709551615', '-1.8446744073709552e+19'],
	['-18446744073709551616', '-1.8446744073709552e+19'],
	['12345678901234567890123', '1.2345678901234568e+22'],
	['123456789012345680000', '1.2345678901234567e+20'],
	// Fractions and exponents: fixed for leading-digit exponent in [-5, 15], integral values get `.0`.
	['0.1', '0.1'],
	['0.3', '0.3'],
	['1.5', '1.5'],
	['1.0', '1.0'],
	['-0.0', '-0.0'],
	['-0e5', '-0.0'],
	['0.1e1', '1.0'],
	['1e2', '100.0'],
	['1E5', '100000.0'],
	['1e+5', '100000.0'],
	['1e15', '1000000000000000.0'],
	['1e16', '1e+16'],
	['1e21', '1e+21'],
	['1.5e300', '1.5e+300'],
	['0.00001', '0.00001'],
	['1e-5', '0.00001'],
	['1.23e-5', '0.0000123'],
	['1e-6', '1e-6'],
	['0.000001', '1e-6'],
	['0.0000012345', '1.2345e-6'],
	['-1e-7', '-1e-7'],
	['123.456e-2', '1.23456'],
	['9007199254740993.0', '9007199254740994.0'],
	// serde_json's own (not correctly rounded) conversion.
	['439498.561166019290', '439498.56116601924'],
	['123456789012345678901234567890e-30', '0.12345678901234568'],
	['18446744073709551616.5', '1.8446744073709552e+19'],
	['1844674407370955161.6', '1.8446744073709553e+18'],
	['1' + '0'.repeat(30) + '.5', '1e+30'],
	['0.1' + '0'.repeat(30) + 'e5', '10000.0'],
	['1' + '0'.repeat(400) + 'e-400', '1.0'],
	['0.' + '0'.repeat(400) + '1', '0.0'],
	['0.' + '0'.repeat(75) + '1', '1e-76'],
	// Range edges.
	['1e308', '1e+308'],
	['10e307', '1e+308'],
	['1' + '0'.repeat(308), '1e+308'],
	['1797693134862315' + '0'.repeat(293), '1.7976931348623151e+308'],
	['1.7976931348623157e308', '1.7976931348623157e+308'],
	['2.2250738585072014e-308', '2.2250738585072014e-308'],
	['5e-324', '5e-324'],
	['2.5e-324', '5e-324'],
	['4.9406564584124654e-324', '5e-324'],
	['1e-400', '0.0'],
	['0e999', '0.0'],
	['0e2147483648', '0.0'],
	['1e-2147483648', '0.0'],
	['1.7976931348623158e308', undefined],
	['17976931348623157' + '0'.repeat(292), undefined],
	['18' + '0'.repeat(307), undefined],
	['1' + '0'.repeat(309), undefined],
	['9'.repeat(309), undefined],
	['1e309', undefined],
	['0.1e310', undefined],
	['1e400', undefined],
	['1.5e999', undefined],
	['2e308', undefined],
	['1e2147483647', undefined],
	['1e2147483648', undefined],
	['-1e2147483648', undefined],
	// Grammar.
	['01', undefined],
	['-01', undefined],
	['00', undefined],
	['1.', undefined],
	['.5', undefined],
	['1.e5', undefined],
	['+1', undefined],
	['-', undefined],
	['1e', undefined],
	['1e-', undefined],
	['1e+', undefined],
	['NaN', undefined],
	['Infinity', undefined],
	['-Infinity', undefined],
	['0x10', undefined],
	['1 ', undefined],
	[' 1', undefined],
	['', undefined],
];

describe('formatJsonNumber', () => {
	it.each(NUMBER_CASES)('%s -> %s', (literal, expected) => {
		expect(formatJsonNumber(literal)).toBe(expected);
	});

	it('reads the same number inside a document', () => {
		for (const [literal, expected] of NUMBER_CASES) {
			if (literal.trim() !== literal || literal === '') continue;
			const parsed = parseStrictJson(`{"n":${literal}}`);
			if (expected === undefined) expect(parsed, literal).toBeUndefined();
			else expect(parsed, literal).toEqual(object([['n', num(expected)]]));
		}
	});
});

describe('formatJsonNumber properties', () => {
	// Deterministic, so failures reproduce.
	const random = prng(0x9e_37_79_b9);
	const digits = (n: number): string => {
		let s = '';
		for (let i = 0; i < n; i++) s += Math.floor(random() * 10);
		return s;
	};

	it('is the identity on safe integers (and on their negation, -0 aside)', () => {
		for (let i = 0; i < 2000; i++) {
			const n = Math.floor(random() * Number.MAX_SAFE_INTEGER * (random() < 0.5 ? 1 : 1e-9));
			expect(formatJsonNumber(String(n))).toBe(String(n));
			if (n !== 0) expect(formatJsonNumber(String(-n))).toBe(String(-n));
		}
	});

	it('is the identity on u64 and negative i64 literals beyond 2^53', () => {
		for (let i = 0; i < 2000; i++) {
			const u = (BigInt(Math.floor(random() * 2 ** 32)) << 32n) | BigInt(Math.floor(random() * 2 ** 32));
			expect(formatJsonNumber(u.toString())).toBe(u.toString());
			const negative = -(u >> 1n) - 1n;
			expect(formatJsonNumber(negative.toString())).toBe(negative.toString());
		}
	});

	it('prints short decimals with their own digits (trailing zeros dropped, at least one decimal)', () => {
		for (let i = 0; i < 2000; i++) {
			const intPart = random() < 0.3 ? '0' : String(1 + Math.floor(random() * 99_999));
			const fraction = digits(1 + Math.floor(random() * 5));
			const sign = random() < 0.3 ? '-' : '';
			const trimmed = fraction.replace(/0+$/, '');
			const expected = `${sign}${intPart}.${trimmed === '' ? '0' : trimmed}`;
			expect(formatJsonNumber(`${sign}${intPart}.${fraction}`)).toBe(expected);
		}
	});
});

describe('formatF64', () => {
	it.each<[number, string]>([
		[0, '0.0'],
		[-0, '-0.0'],
		[1, '1.0'],
		[0.1, '0.1'],
		[123.456, '123.456'],
		[1e15, '1000000000000000.0'],
		[1e16, '1e+16'],
		[1.5e-7, '1.5e-7'],
		[0.00001234, '0.00001234'],
		[Number.MAX_VALUE, '1.7976931348623157e+308'],
		[5e-324, '5e-324'],
		[-(2 ** 64), '-1.8446744073709552e+19'],
	])('%s -> %s', (value, expected) => {
		expect(formatF64(value)).toBe(expected);
	});
});

/** [quoted literal, decoded value or undefined when serde_json rejects it] */
const STRING_CASES: Array<[string, string | undefined]> = [
	['""', ''],
	['"abc"', 'abc'],
	['"a=b c"', 'a=b c'],
	['"é中😀"', 'é中😀'],
	['"a\u007fb"', 'a\u007fb'],
	['"\u2028\ufffd"', '\u2028\ufffd'],
	[String.raw`"a\"b"`, 'a"b'],
	[String.raw`"\\"`, '\\'],
	[String.raw`"\/"`, '/'],
	[String.raw`"\b\f\n\r\t"`, '\b\f\n\r\t'],
	[String.raw`"x\/y\n"`, 'x/y\n'],
	[String.raw`"a\u0041b"`, 'aAb'],
	[String.raw`"\u00e9\u00E9"`, 'éé'],
	[String.raw`"\u0000"`, '\u0000'],
	[String.raw`"\u001f"`, '\u001f'],
	[String.raw`"\ud83d\ude00x"`, '😀x'],
	[String.raw`"\uDBFF\uDFFF"`, '\u{10FFFF}'],
	[String.raw`"\uD800\uDC00"`, '\u{10000}'],
	// Rejects: lone surrogates.
	[String.raw`"\ud800"`, undefined],
	[String.raw`"\udc00"`, undefined],
	[String.raw`"\uDFFF"`, undefined],
	[String.raw`"\uDC00z"`, undefined],
	[String.raw`"\ud83dx"`, undefined],
	[String.raw`"\ud83d\u0041"`, undefined],
	[String.raw`"\ud83d\n"`, undefined],
	[String.raw`"\ud83d\ud83d\ude00"`, undefined],
	[String.raw`"\ud800\u"`, undefined],
	[String.raw`"\ud800\"`, undefined],
	[String.raw`"\ude00\ud83d"`, undefined],
	// Rejects: bad escapes.
	[String.raw`"a\qb"`, undefined],
	[String.raw`"\x41"`, undefined],
	[String.raw`"\U0041"`, undefined],
	[String.raw`"\'"`, undefined],
	[String.raw`"\u004"`, undefined],
	[String.raw`"\u12g4"`, undefined],
	[String.raw`"\u00zz"`, undefined],
	[String.raw`"\"`, undefined],
	[String.raw`"\ "`, undefined],
	// Rejects: raw control characters.
	['"a\tb"', undefined],
	['"a\nb"', undefined],
	['"a\u0000b"', undefined],
	['"a\u0001b"', undefined],
	['"a\u001fb"', undefined],
	// Rejects: quotes.
	['"abc', undefined],
	['"', undefined],
	['', undefined],
	['abc', undefined],
	["'abc'", undefined],
	['"a"b', undefined],
	['"a""', undefined],
	['"a" x', undefined],
	// serde_json::from_str::<String> skips JSON whitespace around the literal.
	[' "a" \t\r\n', 'a'],
	['"a"\f', undefined],
	['\u00a0"a"', undefined],
];

describe('decodeJsonString', () => {
	it.each(STRING_CASES)('%s -> %j', (quoted, expected) => {
		expect(decodeJsonString(quoted)).toBe(expected);
	});

	it('agrees with parseStrictJson on the same literal, also as a key and nested', () => {
		for (const [quoted, expected] of STRING_CASES) {
			const asValue = parseStrictJson(quoted);
			const asKey = parseStrictJson(`{"ok":1,${quoted}:1}`);
			const nested = parseStrictJson(`{"a":[1,{"b":${quoted}}],"a":"later"}`);
			if (expected === undefined) {
				expect(asValue, quoted).toBeUndefined();
				if (quoted.trim() !== '') {
					expect(asKey, quoted).toBeUndefined();
					expect(nested, quoted).toBeUndefined();
				}
			} else {
				expect(asValue, quoted).toEqual(str(expected));
				expect(asKey, quoted).toEqual(object([['ok', num('1')], [expected, num('1')]]));
				expect(nested, quoted).toEqual(object([['a', str('later')]]));
			}
		}
	});
});

/** [document, accepted?] */
const DOCUMENT_CASES: Array<[string, boolean]> = [
	['{}', true],
	['[]', true],
	['"x"', true],
	['1', true],
	['true', true],
	['null', true],
	[' \t\r\n{"a" : [ true , false , null ] } \t\r\n', true],
	['{"x":[[[[]]]],"y":[{},{"z":[null]}]}', true],
	['{"a":1,"a":2}', true],
	['{"a":"\\ud800","a":"ok"}', false],
	['{"a":"ok","a":"\\ud800"}', false],
	['{"\\ud800":1}', false],
	['{"a":[1,{"y":"\\udfff"}]}', false],
	['{"a":1e400,"a":1}', false],
	['{"a":0e999,"b":1e-400}', true],
	['{"a":1} x', false],
	['{"a":1}{}', false],
	['{"a":1}}', false],
	['{"a":1', false],
	['{"a":1,}', false],
	['{,"a":1}', false],
	['{"a":1,,"b":2}', false],
	['[1,]', false],
	['[,1]', false],
	['[1 2]', false],
	['{"a" 1}', false],
	['{"a":1 "b":2}', false],
	['{1:2}', false],
	['{a:1}', false],
	["{'a':1}", false],
	['{"a":True}', false],
	['{"a":nul}', false],
	['{"a":nulls}', false],
	['{"a":-}', false],
	['{"a":NaN}', false],
	['{"a":Infinity}', false],
	['{"a":"abc}', false],
	['{"a":"a\tb"}', false],
	['{"a":\f1}', false],
	['{"a":\v1}', false],
	['{"a":\u00a01}', false],
	['{"a":1}\f', false],
	['{"a":1}\u2028', false],
	['\ufeff{"a":1}', false],
	['', false],
	[' ', false],
];

describe('parseStrictJson', () => {
	it.each(DOCUMENT_CASES)('%j accepted: %s', (text, accepted) => {
		expect(parseStrictJson(text) !== undefined).toBe(accepted);
	});

	it('builds values, with the last duplicate key winning', () => {
		expect(parseStrictJson('{"pid":4343,"a":"x","a":"y","t":true,"f":false,"n":null,"l":[1,"2",[]],"o":{}}')).toEqual(
			object([
				['pid', num('4343')],
				['a', str('y')],
				['t', {kind: 'bool', value: true}],
				['f', {kind: 'bool', value: false}],
				['n', {kind: 'null'}],
				['l', {kind: 'array', items: [num('1'), str('2'), {kind: 'array', items: []}]}],
				['o', object([])],
			]),
		);
	});

	it('reads a current-era prodex line', () => {
		const line =
			'{"event":"stream_read_error","fields":{"bytes":"48211","request":"8412390140586647556"},"message":"stream_read_error request=8412390140586647556 bytes=48211","pid":4343,"timestamp":"2025-04-24 10:02:10.250 +07:00"}';
		const value = parseStrictJson(line);
		expect(value?.kind).toBe('object');
		if (value?.kind !== 'object') return;
		expect(value.entries.get('pid')).toEqual(num('4343'));
		expect(value.entries.get('timestamp')).toEqual(str('2025-04-24 10:02:10.250 +07:00'));
		expect(value.entries.get('fields')).toEqual(
			object([
				['bytes', str('48211')],
				['request', str('8412390140586647556')],
			]),
		);
	});

	it('keeps special keys as plain map keys', () => {
		const value = parseStrictJson('{"__proto__":1,"":2,"constructor":3}');
		expect(value).toEqual(
			object([
				['__proto__', num('1')],
				['', num('2')],
				['constructor', num('3')],
			]),
		);
	});
});

describe('nesting depth', () => {
	// serde_json's recursion limit: 127 containers open at once pass, the 128th rejects; arrays and
	// objects count alike and the outermost container counts (checked on prodex 0.288's binary).
	const arrays = (n: number): string => '['.repeat(n) + ']'.repeat(n);
	const objects = (n: number): string => '{"k":'.repeat(n) + '1' + '}'.repeat(n);
	const mixed = (n: number): string => {
		let s = '1';
		for (let i = 0; i < n; i++) s = i % 2 === 0 ? `{"x":${s}}` : `[${s}]`;
		return s;
	};

	it('has the documented limit', () => {
		expect(MAX_JSON_DEPTH).toBe(127);
	});

	it.each<[string, (n: number) => string, number, boolean]>([
		['arrays', arrays, 126, true],
		['arrays', arrays, 127, true],
		['arrays', arrays, 128, false],
		['objects', objects, 127, true],
		['objects', objects, 128, false],
		['mixed', mixed, 127, true],
		['mixed', mixed, 128, false],
		['mixed', mixed, 1000, false],
	])('%s nested %i deep: accepted %s', (_name, build, n, accepted) => {
		expect(parseStrictJson(build(n)) !== undefined).toBe(accepted);
	});

	it('counts the line object and the fields object', () => {
		const line = (n: number): string => `{"message":"m","fields":{"a":"x","d":${arrays(n)}}}`;
		expect(parseStrictJson(line(125))).toBeDefined();
		expect(parseStrictJson(line(126))).toBeUndefined();
	});

	it('counts open containers, not containers seen', () => {
		const wide = `{"a":${arrays(126)},"b":${arrays(126)},"c":[${arrays(125)},${arrays(125)}]}`;
		expect(parseStrictJson(wide)).toBeDefined();
		expect(parseStrictJson(`{"a":${arrays(126)},"b":[${arrays(126)}]}`)).toBeUndefined();
	});

	it('starts afresh on each call', () => {
		expect(parseStrictJson(arrays(128) + 'x')).toBeUndefined();
		expect(parseStrictJson(`[${arrays(100)}`)).toBeUndefined();
		expect(parseStrictJson(arrays(127))).toBeDefined();
	});
});

function num(text: string): JsonValue {
	return {kind: 'number', text};
}

function str(value: string): JsonValue {
	return {kind: 'string', value};
}

function object(entries: Array<[string, JsonValue]>): JsonValue {
	return {kind: 'object', entries: new Map(entries)};
}
