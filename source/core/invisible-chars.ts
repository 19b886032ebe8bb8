/**
 * Invisible format characters made visible, for everything prodex-top prints as text (the
 * dashboard, `--once`, snapshots). A log value may hold characters that draw nothing but change
 * what the rest of a row looks like: bidi overrides and isolates reorder it on screen (the
 * "Trojan Source" trick: `U+202E` makes `user=admin` read backwards), zero-width characters hide
 * inside a word, and terminals disagree on how wide such characters are, which breaks columns.
 * Each one is shown as `⟨U+XXXX⟩` instead, so what is on screen is what the log says. `--json`
 * keeps the values as prodex's doctor gives them (docs/parsing.md R4 keeps these characters).
 *
 * Shown: every character of general category Cf (format: U+00AD, U+061C, U+200B–U+200F,
 * U+202A–U+202E, U+2060–U+2064, U+2066–U+206F, U+FEFF, U+FFF9–U+FFFB, tags, …), Zl and Zp
 * (U+2028, U+2029), and every other Default_Ignorable_Code_Point (U+034F, U+115F, U+1160, U+3164,
 * U+FFA0, U+180B–U+180F, …). Kept as they are, because they draw as part of a visible character
 * and reorder nothing: variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF: text or emoji
 * presentation), U+200D ZERO WIDTH JOINER between two emoji (`👨‍👩‍👧`) and the tag characters of
 * an emoji tag sequence (the flag of England). Control characters (Cc) are control-chars.ts's.
 *
 * Pure TypeScript: no Node APIs.
 */

const INVISIBLE = /[\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}]/u;

/**
 * What is kept whole (first two alternatives) or shown (the last): an emoji ZWJ sequence (emoji,
 * its modifiers, ZWJ, emoji, …), an emoji tag sequence (U+1F3F4, tags, CANCEL TAG), or one
 * invisible character that is not a variation selector.
 */
const PARTS =
	/(\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?(?:\u200D\p{Extended_Pictographic}[\uFE0F\u{1F3FB}-\u{1F3FF}]?)+)|(\u{1F3F4}[\u{E0020}-\u{E007E}]+\u{E007F})|((?![\uFE00-\uFE0F\u{E0100}-\u{E01EF}])[\p{Cf}\p{Zl}\p{Zp}\p{Default_Ignorable_Code_Point}])/gu;

/** The visible form of one invisible character: `⟨U+202E⟩`. */
export const visibleForm = (char: string): string => `⟨U+${char.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}⟩`;

/** Whether `text` holds a character that showInvisibleChars may change. */
export const hasInvisibleChars = (text: string): boolean => INVISIBLE.test(text);

/** Every invisible format character of `text` as `⟨U+XXXX⟩` (see above for which, and which stay). */
export function showInvisibleChars(text: string): string {
	if (!INVISIBLE.test(text)) return text;
	return text.replace(PARTS, (match: string, emoji: string | undefined, tags: string | undefined) => (emoji !== undefined || tags !== undefined ? match : visibleForm(match)));
}
