import {describe, expect, test} from 'vitest';
import {displayText} from '../../source/core/display-text.js';

describe('displayText: what prodex-top prints of a value', () => {
	test('control characters become spaces and invisible format characters their visible form', () => {
		expect(displayText('a\u001B]2;x\u0007b\u202Ec\u009B')).toBe('a ]2;x b⟨U+202E⟩c ');
		expect(displayText('plain')).toBe('plain');
		expect(displayText('日本\u2066語')).toBe('日本⟨U+2066⟩語');
	});

	test('no C0, C1, DEL, bidi, or zero-width character survives; a second pass changes nothing', () => {
		const all = Array.from({length: 0x30}, (_, i) => String.fromCodePoint(0x2000 + i)).join('') + '\u0000\u001F\u007F\u0085\u009F\u061C\uFEFF';
		const shown = displayText(all);
		expect(shown).not.toMatch(/[\u0000-\u001F\u007F-\u009F\u061C\u200B-\u200F\u2028-\u202E\uFEFF]/);
		expect(displayText(shown)).toBe(shown);
	});
});
