import stringWidth from 'string-width';
import {describe, expect, test} from 'vitest';
import {ONE_COLUMN, cut, middle, width} from '../../source/ui/format.js';

describe('middle: a path shortened in the middle', () => {
	test('keeps the whole file name when it fits, with as much of the directory as room allows', () => {
		expect(middle('/logs/prodex-runtime-1-1-0.log', 27)).toBe('/…/prodex-runtime-1-1-0.log');
		expect(middle('/var/tmp/logs/prodex-runtime-1-1-0.log', 31)).toBe('/var/…/prodex-runtime-1-1-0.log');
	});

	test('a file name too long for the room keeps the last 65%, never more than the room', () => {
		const path = '/tmp/prodex-top-demo-abc/prodex-runtime-4343-1745460000000-1.log';
		for (const max of [8, 16, 24, 30, 40]) {
			const short = middle(path, max);
			expect(width(short)).toBeLessThanOrEqual(max);
			expect(short).toContain('…');
			expect(path.endsWith(short.slice(short.indexOf('…') + 1))).toBe(true);
		}
		expect(middle(path, 30)).toBe('/tmp/prode…1745460000000-1.log');
	});

	test('text that fits is unchanged; wide characters count two columns', () => {
		expect(middle('/a/b.log', 8)).toBe('/a/b.log');
		const wide = middle('/日本語のディレクトリ/prodex-runtime-1.log', 26);
		expect(wide).toBe('/日…/prodex-runtime-1.log');
		expect(width(middle('/日本語のディレクトリ/prodex-runtime-1.log', 30))).toBeLessThanOrEqual(30);
	});
});

describe('width', () => {
	test('the fast path (printable ASCII, box drawing, block elements) agrees with string-width for every code point it takes', () => {
		let taken = 0;
		for (let code = 0; code <= 0xffff; code++) {
			const char = String.fromCharCode(code);
			if (!ONE_COLUMN.test(char)) continue;
			taken++;
			expect(stringWidth(char), `U+${code.toString(16)}`).toBe(1);
		}
		expect(taken).toBe(95 + 160);
		expect(ONE_COLUMN.test('\u001B[2J')).toBe(false);
		expect(ONE_COLUMN.test('\t')).toBe(false);
	});

	test('other text is measured by string-width (wide, emoji, combining), also when asked again', () => {
		for (const text of ['日本語', '👍🏽 ok', 'e\u0301', '▲ NEW', '⚠ 2 notes', '']) {
			expect(width(text)).toBe(stringWidth(text));
			expect(width(text)).toBe(stringWidth(text));
		}
	});

	test('as printed: a control character is a space, an invisible one its ⟨U+XXXX⟩ form', () => {
		expect(width('a\u0007b')).toBe(3);
		expect(width('a\u202Eb')).toBe(stringWidth('a⟨U+202E⟩b'));
	});
});

describe('cut', () => {
	/** The plain reading: keep whole characters while they fit in max - 1 columns, then `…`. */
	const reference = (text: string, max: number) => {
		if (max <= 0) return '';
		if (stringWidth(text) <= max) return text;
		let out = '';
		let used = 0;
		for (const char of [...text]) {
			if (used + stringWidth(char) > max - 1) break;
			out += char;
			used += stringWidth(char);
		}
		return `${out}…`;
	};

	test('agrees with the plain reading for ASCII, box drawing, wide text and emoji at every width', () => {
		const texts = ['request=1 transport=http profile=main', '╔═ ▸ 1 Pressure ════', '██████ 12  ▁▂▃█', '日本語のテキスト abc', 'a👍🏽b👍c', '', 'x'];
		for (const text of texts) {
			for (let max = 0; max <= 40; max++) {
				const got = cut(text, max);
				expect(got, `${JSON.stringify(text)} at ${max}`).toBe(reference(text, max));
				expect(width(got)).toBeLessThanOrEqual(Math.max(0, max));
			}
		}
	});
});
