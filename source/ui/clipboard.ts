import {Buffer} from 'node:buffer';
import {displayText} from '../core/display-text.js';

/**
 * OSC 52, "set the clipboard": `ESC ] 52 ; c ; <base64 of the UTF-8 text> BEL`. The text is made
 * printable first (display-text.ts: control characters become spaces, invisible ones `⟨U+…⟩`), so
 * what reaches the clipboard is what the screen shows, and never a raw byte of the log.
 */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(displayText(text), 'utf8').toString('base64')}\u0007`;
}

/**
 * A clipboard that writes OSC 52 to the terminal, outside Ink's frame: the sequence draws nothing
 * and moves no cursor, so the frame Ink drew stays as it is. A write that fails (the terminal is
 * gone) is dropped; the terminal's own error handling sees it.
 */
export function osc52Clipboard(out: {write(chunk: string): unknown}): (text: string) => void {
	return text => {
		try {
			out.write(osc52(text));
		} catch {
			// The terminal went away: nothing to copy to.
		}
	};
}
