import {describe, expect, test} from 'vitest';
import {scanMessage} from '../../source/core/fields.js';

const fields = (message: string) => Object.fromEntries(scanMessage(message).fields);
const token = (message: string) => scanMessage(message).eventToken;

describe('key=value tokenizer (docs/log-format.md §2.4, docs/parsing.md K1–K4)', () => {
	test.each<[string, Record<string, string>]>([
		['stream_read_error request=7 transport=http error="failed with spaces" empty=""', {request: '7', transport: 'http', error: 'failed with spaces', empty: ''}],
		['local_rewrite_gemini_compact_fallback request=45 reason="empty semantic output"', {request: '45', reason: 'empty semantic output'}],
		['a=b=c k= =x', {a: 'b=c'}],
		['k="v"next', {k: 'v'}],
		['b=""y""', {b: ''}],
		['k="', {k: ''}],
		['k="unterminated value', {k: 'unterminated value'}],
		['k="a\\"b" z=1', {k: 'a"b', z: '1'}],
		['k="a\\nb"', {k: 'a\nb'}],
		['k="\\u00e9"', {k: 'é'}],
		['k="bad \\q escape"', {k: 'bad \\q escape'}],
		['k="raw\ttab"', {k: 'raw\ttab'}],
		['k=""quoted""', {k: ''}],
		['k=v""', {k: 'v'}],
		['k="""', {k: ''}],
		['k="x"y', {k: 'x'}],
		['k=v"', {k: 'v'}],
		['k=""', {k: ''}],
		['dup=1 dup=2 dup=3', {dup: '3'}],
		['x=Some("resp_abc") y=None', {x: 'Some("resp_abc")', y: 'None'}],
		['a=1\tb=2\fc=3\rd=4\ne=5', {a: '1', b: '2', c: '3', d: '4', e: '5'}],
		// K1: vertical tab and NBSP are not separators.
		['a=1\u000Bb=2', {a: '1\u000Bb=2'}],
		['a=1\u00A0b=2', {a: '1\u00A0b=2'}],
		['=v', {}],
		['k=', {}],
		['', {}],
		['   ', {}],
	])('%j', (message, expected) => {
		expect(fields(message)).toEqual(expected);
	});

	test('the last duplicate wins but the first position is kept', () => {
		expect([...scanMessage('a=1 b=2 a=3').fields]).toEqual([
			['a', '3'],
			['b', '2'],
		]);
	});

	test.each<[string, string | null]>([
		['request=1 transport=http first_upstream_chunk bytes=1', 'first_upstream_chunk'],
		['binding previous_response_owner profile=x', 'binding'],
		['error="a b c" marker', 'marker'],
		['k="v"next rest', 'next'],
		['a=1 b=2', null],
		['', null],
		['=x word', 'word'],
	])('event token of %j', (message, expected) => {
		expect(token(message)).toBe(expected);
	});
});
