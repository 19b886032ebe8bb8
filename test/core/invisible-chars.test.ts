import {describe, expect, test} from 'vitest';
import {hasInvisibleChars, showInvisibleChars, visibleForm} from '../../source/core/invisible-chars.js';

describe('invisible format characters are shown, not obeyed', () => {
	test('bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069) and the marks (U+200E, U+200F, U+061C)', () => {
		for (const code of [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x200e, 0x200f, 0x061c]) {
			const char = String.fromCodePoint(code);
			const shown = showInvisibleChars(`a${char}b`);
			expect(shown, visibleForm(char)).toBe(`a⟨U+${code.toString(16).toUpperCase().padStart(4, '0')}⟩b`);
		}
		// The Trojan Source case: the override no longer reorders what follows it.
		expect(showInvisibleChars('user=\u202Enimda\u202C ok')).toBe('user=⟨U+202E⟩nimda⟨U+202C⟩ ok');
	});

	test('other invisible characters: zero-width ones, the BOM, soft hyphen, line and paragraph separators, Hangul fillers, tags outside a flag', () => {
		expect(showInvisibleChars('ad\u200Bmin\u200C\u2060\uFEFF')).toBe('ad⟨U+200B⟩min⟨U+200C⟩⟨U+2060⟩⟨U+FEFF⟩');
		expect(showInvisibleChars('co\u00ADop\u2028x\u2029y')).toBe('co⟨U+00AD⟩op⟨U+2028⟩x⟨U+2029⟩y');
		expect(showInvisibleChars('\u3164\u115F\uFFA0\u034F')).toBe('⟨U+3164⟩⟨U+115F⟩⟨U+FFA0⟩⟨U+034F⟩');
		expect(showInvisibleChars('a\u{E0041}b')).toBe('a⟨U+E0041⟩b');
		// A ZWJ not between two emoji is shown too (it would hide inside a word).
		expect(showInvisibleChars('adm\u200Din')).toBe('adm⟨U+200D⟩in');
		expect(showInvisibleChars('👍\u200D')).toBe('👍⟨U+200D⟩');
	});

	test('what draws as part of a visible character stays: emoji ZWJ sequences, variation selectors, emoji tag sequences', () => {
		const family = '👨\u200D👩\u200D👧';
		const rainbowFlag = '🏳\uFE0F\u200D🌈';
		const fistDarkSkin = '✊🏿';
		const heart = '❤\uFE0F';
		const england = '🏴\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}';
		const cjkVariant = '葛\u{E0100}';
		for (const text of [family, rainbowFlag, fistDarkSkin, heart, england, cjkVariant, 'plain ascii', 'ünïcödé 日本語']) {
			expect(showInvisibleChars(text)).toBe(text);
		}
		// …but a bidi control inside or next to one is still shown.
		expect(showInvisibleChars(`${family}\u202E`)).toBe(`${family}⟨U+202E⟩`);
		expect(showInvisibleChars('👨\u202E\u200D👩')).toBe('👨⟨U+202E⟩⟨U+200D⟩👩');
	});

	test('the result has no invisible character left except those kept, and showing twice changes nothing', () => {
		const hostile = 'x\u202E\u2066\u200F\uFEFF\u00AD\u061C\u2028y';
		const once = showInvisibleChars(hostile);
		expect(hasInvisibleChars(once)).toBe(false);
		expect(showInvisibleChars(once)).toBe(once);
		expect(hasInvisibleChars(hostile)).toBe(true);
		expect(hasInvisibleChars('no such characters')).toBe(false);
	});

	test('every code point of general category Cf is shown, except those kept inside emoji sequences', () => {
		const missed: string[] = [];
		for (let code = 0; code <= 0x10ffff; code++) {
			if (code >= 0xd800 && code <= 0xdfff) continue;
			const char = String.fromCodePoint(code);
			if (!/\p{Cf}/u.test(char)) continue;
			if (showInvisibleChars(char) !== visibleForm(char)) missed.push(visibleForm(char));
		}
		expect(missed).toEqual([]);
	});
});
