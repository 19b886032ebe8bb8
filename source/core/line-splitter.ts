/** One complete line cut from a byte stream. */
export type SplitLine = {
	/** The decoded text without `\n` (and without a `\r` directly before it). */
	readonly text: string;
	/** Bytes the line took in the file, its `\n` included. */
	readonly bytes: number;
	/** Whether the line was longer than the cap and cut (its remaining bytes were skipped). */
	readonly cut: boolean;
};

/** Lines longer than this are cut to it, in every reader (follower, one-shot, stdin), and counted. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** The note shown for lines that were cut (dashboard state panel, `--once` text, `--json` stderr). */
export function cutLinesNote(count: number): string {
	return `${count} line(s) longer than 1 MiB were cut (counted once each)`;
}

/** Decodes bytes as UTF-8 the way prodex does: lossy (U+FFFD per maximal subpart), a BOM kept. */
export type Utf8Decode = (bytes: Uint8Array) => string;

// `ignoreBOM: true` keeps a leading U+FEFF as Rust's from_utf8_lossy does; invalid
// sequences become U+FFFD per maximal subpart, as in Rust (docs/parsing.md T2).
const decoder = new TextDecoder('utf-8', {ignoreBOM: true});

/** The portable decoder (TextDecoder). tail/utf8.ts has a faster one for Node, proven equal by the splitter's property test. */
export const textDecoderUtf8: Utf8Decode = bytes => decoder.decode(bytes);

/**
 * Cuts a byte stream into lines at `\n` (docs/parsing.md T2–T3): a `\r` directly before
 * the `\n` is removed, a bare `\r` is not a break. Bytes after the last `\n` stay pending until
 * more arrive or `flush()` is called. Lines longer than `maxLineBytes` are cut to that many
 * bytes (the rest of the line is skipped but still counted in `bytes`).
 */
export class LineSplitter {
	private pending: Uint8Array[] = [];
	private pendingBytes = 0;
	private skipped = 0;

	constructor(
		private readonly maxLineBytes = Number.POSITIVE_INFINITY,
		private readonly decodeUtf8: Utf8Decode = textDecoderUtf8,
	) {}

	/** Bytes held after the last newline (the partial line, capped). */
	get pendingLength(): number {
		return this.pendingBytes + this.skipped;
	}

	/** Feed a chunk; returns the lines it completed. */
	push(chunk: Uint8Array): SplitLine[] {
		const lines: SplitLine[] = [];
		let start = 0;
		// A partial line from the previous chunk is finished byte by byte.
		if (this.pendingLength > 0) {
			const newline = chunk.indexOf(0x0a);
			if (newline === -1) {
				this.keep(chunk);
				return lines;
			}
			this.keep(chunk.subarray(0, newline));
			lines.push(this.take(true));
			start = newline + 1;
		}
		const last = chunk.lastIndexOf(0x0a);
		if (last >= start) start = this.pushWhole(chunk, start, last, lines);
		for (;;) {
			const newline = chunk.indexOf(0x0a, start);
			if (newline === -1) {
				this.keep(chunk.subarray(start));
				return lines;
			}
			this.keep(chunk.subarray(start, newline));
			lines.push(this.take(true));
			start = newline + 1;
		}
	}

	/**
	 * The fast path for the whole lines in chunk[start, last]: one decode for all of them, then a
	 * split at '\n'. Equal to decoding line by line (property-tested): a \n byte is never part of
	 * a UTF-8 sequence, so an invalid or cut sequence before it becomes U+FFFD either way, and
	 * every \n byte is exactly one '\n' in the text. Lines over the cap go the byte way.
	 * Returns where the byte-by-byte loop goes on.
	 */
	private pushWhole(chunk: Uint8Array, start: number, last: number, lines: SplitLine[]): number {
		const texts = this.decodeUtf8(chunk.subarray(start, last)).split('\n');
		let lineStart = start;
		for (const text of texts) {
			const newline = chunk.indexOf(0x0a, lineStart);
			const length = newline - lineStart;
			if (length > this.maxLineBytes) return lineStart;
			const crlf = length > 0 && chunk[newline - 1] === 0x0d;
			lines.push({text: crlf ? text.slice(0, -1) : text, bytes: length + 1, cut: false});
			lineStart = newline + 1;
		}
		return lineStart;
	}

	/** The pending bytes as a final line (a last line without `\n`), or null when nothing is pending. */
	flush(): SplitLine | null {
		if (this.pendingLength === 0) return null;
		return this.take(false);
	}

	/** Drop the pending partial line (after a truncation or rotation it belongs to no line). */
	reset(): void {
		this.pending = [];
		this.pendingBytes = 0;
		this.skipped = 0;
	}

	private keep(part: Uint8Array): void {
		if (part.length === 0) return;
		const room = this.maxLineBytes - this.pendingBytes;
		if (room <= 0) {
			this.skipped += part.length;
			return;
		}
		const kept = part.length > room ? part.subarray(0, room) : part;
		// Copy: the caller may reuse its read buffer.
		this.pending.push(Uint8Array.prototype.slice.call(kept));
		this.pendingBytes += kept.length;
		this.skipped += part.length - kept.length;
	}

	private take(terminated: boolean): SplitLine {
		let bytes: Uint8Array;
		if (this.pending.length === 1) bytes = this.pending[0]!;
		else {
			bytes = new Uint8Array(this.pendingBytes);
			let offset = 0;
			for (const part of this.pending) {
				bytes.set(part, offset);
				offset += part.length;
			}
		}
		const cut = this.skipped > 0;
		let end = bytes.length;
		if (terminated && !cut && end > 0 && bytes[end - 1] === 0x0d) end--;
		const line: SplitLine = {text: this.decodeUtf8(bytes.subarray(0, end)), bytes: this.pendingBytes + this.skipped + (terminated ? 1 : 0), cut};
		this.reset();
		return line;
	}
}

/**
 * The doctor's tail rule (docs/parsing.md T1–T3) over a whole buffer that starts at byte
 * `start` of the file: when `start > 0` and the buffer holds a `\n`, everything up to and
 * including the first `\n` is dropped; the rest is split into lines.
 */
export function tailLines(buffer: Uint8Array, start: number): string[] {
	return splitTail(buffer, start).lines;
}

/** `tailLines` with lines over `maxLineBytes` cut to it; says how many were cut. */
export function splitTail(buffer: Uint8Array, start: number, maxLineBytes = Number.POSITIVE_INFINITY): {lines: string[]; cutLines: number} {
	let body = buffer;
	if (start > 0) {
		const newline = buffer.indexOf(0x0a);
		if (newline !== -1) body = buffer.subarray(newline + 1);
	}
	const splitter = new LineSplitter(maxLineBytes);
	const split = splitter.push(body);
	const last = splitter.flush();
	if (last !== null) split.push(last);
	return {lines: split.map(line => line.text), cutLines: split.filter(line => line.cut).length};
}
