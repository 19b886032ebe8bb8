/**
 * Text as prodex-top prints it (the dashboard, `--once`, snapshots): control characters become
 * spaces (control-chars.ts: nothing can move the cursor or retitle the terminal), then invisible
 * format characters become `⟨U+XXXX⟩` (invisible-chars.ts: nothing can reorder or hide what is
 * shown). Widths are measured on this text, so rows still fit. `--json` does not use it.
 *
 * Pure TypeScript: no Node APIs.
 */
import {replaceControlChars} from './control-chars.js';
import {showInvisibleChars} from './invisible-chars.js';

/** Printable ASCII only: nothing to do (most of what is drawn). */
const PLAIN = /^[\u0020-\u007E]*$/;

/** `text` safe to print: no control character, no invisible format character. Idempotent. */
export function displayText(text: string): string {
	return PLAIN.test(text) ? text : showInvisibleChars(replaceControlChars(text));
}
