/**
 * R4 (docs/parsing.md): prodex's reader replaces every control character of a log value with
 * a space before anything reaches a summary, and prodex-top applies the same filter to anything
 * else it prints, so terminal control bytes from a log never reach the terminal.
 *
 * Pure TypeScript: no Node APIs.
 */

const CONTROL_CHAR = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f]/g;

/** R4: every Cc character (U+0000–U+001F, U+007F–U+009F) becomes a space. */
export function replaceControlChars(text: string): string {
	return CONTROL_CHAR.test(text) ? text.replace(CONTROL_CHARS, ' ') : text;
}
