const ALT_SCREEN_ON = '\u001B[?1049h\u001B[H';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const CURSOR_HIDE = '\u001B[?25l';
const CURSOR_SHOW = '\u001B[?25h';
/** Mouse reports: presses and releases (1000; wheel notches come as presses), SGR-encoded (1006). No motion tracking. */
export const MOUSE_ON = '\u001B[?1000h\u001B[?1006h';
export const MOUSE_OFF = '\u001B[?1006l\u001B[?1000l';

/** The terminal modes the dashboard changes, and how to give them back. */
export type TerminalModes = {
	/** Alternate screen on, cursor hidden, mouse reports on (unless off); raw keys again if `leave` had turned them off. */
	enter(): void;
	/** Raw keys off (echo and line editing back), mouse reports off, cursor shown, alternate screen left. Safe to call twice. */
	leave(): void;
	/** The terminal is gone (hung up, EIO): write nothing more to it. */
	gone(): void;
};

/**
 * Enter and leave the dashboard's terminal modes. Every write is allowed to fail (a closed pane
 * answers EIO): leaving must never throw, whatever the terminal's state.
 */
export function terminalModes(out: NodeJS.WriteStream, keys: NodeJS.ReadStream | null, options: {readonly mouse?: boolean} = {}): TerminalModes {
	const mouse = options.mouse === true;
	let inside = false;
	let rawWhenLeft = false;
	let closed = false;
	const write = (text: string) => {
		if (closed) return;
		try {
			out.write(text);
		} catch {
			closed = true;
		}
	};
	const setRaw = (on: boolean) => {
		try {
			if (keys?.isTTY === true) keys.setRawMode(on);
		} catch {
			// The terminal is gone: nothing to set.
		}
	};
	return {
		enter: () => {
			// Raw keys first: a job sent to the background (`bg`) stops here (SIGTTOU) before it draws over the shell.
			if (rawWhenLeft) setRaw(true);
			rawWhenLeft = false;
			write(ALT_SCREEN_ON + CURSOR_HIDE + (mouse ? MOUSE_ON : ''));
			inside = true;
		},
		leave: () => {
			if (keys?.isTTY === true && keys.isRaw) {
				rawWhenLeft = true;
				setRaw(false);
			}
			if (!inside) return;
			inside = false;
			// Mouse reports off first: a shell must never get them.
			write((mouse ? MOUSE_OFF : '') + CURSOR_SHOW + ALT_SCREEN_OFF);
		},
		gone: () => {
			closed = true;
		},
	};
}
