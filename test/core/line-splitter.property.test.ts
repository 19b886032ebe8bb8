import {describe, expect, test} from 'vitest';
import {LineSplitter, textDecoderUtf8, type SplitLine, type Utf8Decode} from '../../source/core/line-splitter.js';
import {nodeUtf8} from '../../source/tail/utf8.js';
import {generateLogBytes} from '../helpers/generator.js';
import {pick, prng} from '../helpers/random.js';

const exactDecoder = new TextDecoder('utf-8', {ignoreBOM: true});

/** The specification (docs/parsing.md T2–T3), line by line over the whole stream: cut at each \n, drop one \r before it, cap, decode each line alone. */
function referenceSplit(bytes: Uint8Array, cap: number): {lines: SplitLine[]; rest: SplitLine | null} {
	const lines: SplitLine[] = [];
	let start = 0;
	const make = (end: number, terminated: boolean): SplitLine => {
		const length = end - start;
		const cut = length > cap;
		let body = bytes.subarray(start, cut ? start + cap : end);
		if (terminated && !cut && body.length > 0 && body[body.length - 1] === 0x0d) body = body.subarray(0, body.length - 1);
		return {text: exactDecoder.decode(body), bytes: length + (terminated ? 1 : 0), cut};
	};
	for (;;) {
		const newline = bytes.indexOf(0x0a, start);
		if (newline === -1) break;
		lines.push(make(newline, true));
		start = newline + 1;
	}
	return {lines, rest: start < bytes.length ? make(bytes.length, false) : null};
}

/** Bytes rich in the corners: \n, \r\n, lone \r, cut and invalid UTF-8, BOM, 4-byte scalars. */
function randomBytes(random: () => number): Uint8Array {
	const pieces = [[0x0a], [0x0d, 0x0a], [0x0d], [0xe2, 0x82], [0xac], [0xc3], [0xa9], [0xff], [0xef, 0xbb, 0xbf], [0xf0, 0x9f, 0x98, 0x80], [0xf0, 0x9f], [0x61], [0x62, 0x63, 0x3d, 0x31], [0x20]];
	const out: number[] = [];
	const count = Math.floor(random() * 200);
	for (let i = 0; i < count; i++) out.push(...pick(random, pieces));
	return Uint8Array.from(out);
}

function splitInChunks(bytes: Uint8Array, cuts: number[], cap: number, decode: Utf8Decode): {lines: SplitLine[]; rest: SplitLine | null} {
	const splitter = new LineSplitter(cap, decode);
	const lines: SplitLine[] = [];
	let at = 0;
	for (const cut of [...cuts, bytes.length]) {
		// A reused read buffer: the splitter must copy what it keeps.
		const chunk = Uint8Array.from(bytes.subarray(at, cut));
		lines.push(...splitter.push(chunk));
		chunk.fill(0x78);
		at = cut;
	}
	return {lines, rest: splitter.flush()};
}

describe.each([['TextDecoder', textDecoderUtf8], ['Node Buffer', nodeUtf8]] as const)('LineSplitter (one decode per chunk, %s) equals decoding line by line', (_name, decode) => {
	test('random bytes, random chunk boundaries, with and without a cap', () => {
		const random = prng(21);
		for (let round = 0; round < 3000; round++) {
			const bytes = randomBytes(random);
			const cuts = Array.from({length: Math.floor(random() * 5)}, () => Math.floor(random() * (bytes.length + 1))).sort((a, b) => a - b);
			const cap = pick(random, [Number.POSITIVE_INFINITY, 1, 3, 8, 40]);
			expect(splitInChunks(bytes, cuts, cap, decode)).toEqual(referenceSplit(bytes, cap));
		}
	});

	test('the generator’s hostile log in 64 KiB chunks', () => {
		const bytes = generateLogBytes({seed: 8, lines: 4000, format: 'mixed', hostile: 0.2, longLineBytes: 150_000});
		const cuts: number[] = [];
		for (let at = 65_536; at < bytes.length; at += 65_536) cuts.push(at);
		expect(splitInChunks(bytes, cuts, 100_000, decode)).toEqual(referenceSplit(bytes, 100_000));
		expect(splitInChunks(bytes, cuts, Number.POSITIVE_INFINITY, decode)).toEqual(referenceSplit(bytes, Number.POSITIVE_INFINITY));
	});
});
