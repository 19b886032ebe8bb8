import {closeSync, readSync} from 'node:fs';
import {MAX_LINE_BYTES} from '../core/line-splitter.js';
import {NOT_REGULAR, openRegular} from './open-regular.js';
import {nodeLineSplitter} from './utf8.js';

/**
 * Why reading a tail failed: the step, as the doctor names it (docs/parsing.md S2), and the errno
 * code (NOT_REGULAR with `reason` for a FIFO, device, socket or directory).
 */
export type TailError = {readonly step: 'open' | 'inspect' | 'seek' | 'read'; readonly code: string; readonly path: string; readonly reason?: string};

/** The doctor's error text for a failed tail read: `failed to <step> <path>`. */
export function tailErrorText(error: TailError): string {
	return `failed to ${error.step} ${error.path}`;
}

/** Whether the error is a permission problem (the CLI reports those as a one-line error, exit 1). */
export function isPermissionError(error: TailError): boolean {
	return error.code === 'EACCES' || error.code === 'EPERM';
}

/**
 * The one-line refusal for errors the CLI does not summarise but exits on (exit 1): permission
 * denied, or not a regular file (a FIFO would block, a device never ends). Null for other errors
 * (the doctor's `Failed to read the latest runtime log tail`).
 */
export function refusalText(error: TailError): string | null {
	if (isPermissionError(error)) return `cannot read ${error.path}: permission denied`;
	if (error.code === NOT_REGULAR) return `cannot read ${error.path}: ${error.reason ?? 'not a regular file'}`;
	return null;
}

const CHUNK = 256 * 1024;

type Failed = {ok: false; error: TailError};

function failure(path: string, step: TailError['step'], error: unknown): Failed {
	return {ok: false, error: {step, code: (error as NodeJS.ErrnoException).code ?? 'EIO', path}};
}

/** What reading lines found besides the lines: how many were longer than MAX_LINE_BYTES and cut. */
export type LinesRead = {ok: true; cutLines: number};

/**
 * Read the last `tailBytes` bytes of a file (0 = the whole file) with the doctor's partial-first-line
 * rule, calling `onLine` for every line in order. Reads in chunks and cuts lines at
 * MAX_LINE_BYTES, so memory stays bounded whatever the file holds.
 */
export function readTail(
	path: string,
	tailBytes: number,
	onLine: (text: string) => void,
): {ok: true; size: number; start: number; cutLines: number} | Failed {
	return withFile(path, (fd, size) => {
		const start = tailBytes > 0 ? Math.max(0, size - tailBytes) : 0;
		const read = readLines(path, fd, {start, end: size, dropFirst: start > 0, flush: true}, onLine);
		return read.ok ? {ok: true, size, start, cutLines: read.cutLines} : read;
	});
}

/**
 * Open a regular file and take its size (the doctor's `open` and `inspect` steps), then run
 * `body`. Never blocks: a FIFO, device, socket or directory is refused (code NOT_REGULAR).
 */
export function withFile<T>(path: string, body: (fd: number, size: number) => T | Failed): T | Failed {
	const opened = openRegular(path);
	if (!opened.ok) return {ok: false, error: {step: opened.step, code: opened.code, path, ...(opened.reason === undefined ? {} : {reason: opened.reason})}};
	try {
		return body(opened.fd, opened.stats.size);
	} finally {
		closeSync(opened.fd);
	}
}

/** Which bytes `readLines` reads and how it treats the ends. */
export type LineRange = {
	readonly start: number;
	/** Read up to here (the size seen at open, or a line start). */
	readonly end: number;
	/** Drop the first line (the tail rule: a window starting mid-file begins with a partial line). */
	readonly dropFirst: boolean;
	/** Emit bytes after the last newline as a final line (only the part that ends at the file's end). */
	readonly flush: boolean;
};

/** The lines of `range` of an open file, in order; lines over MAX_LINE_BYTES are cut (and counted). */
export function readLines(path: string, fd: number, range: LineRange, onLine: (text: string) => void, maxLineBytes = MAX_LINE_BYTES): LinesRead | Failed {
	const splitter = nodeLineSplitter(maxLineBytes);
	let dropFirst = range.dropFirst;
	let cutLines = 0;
	const buffer = Buffer.allocUnsafe(CHUNK);
	let position = range.start;
	// Read to the end seen at open (at least one read: a directory opens fine and fails here, as in prodex).
	for (;;) {
		let read: number;
		try {
			read = readSync(fd, buffer, 0, Math.min(CHUNK, Math.max(1, range.end - position)), position);
		} catch (error) {
			return failure(path, 'read', error);
		}
		if (read === 0) break;
		position += read;
		for (const line of splitter.push(buffer.subarray(0, read))) {
			if (dropFirst) dropFirst = false;
			else {
				if (line.cut) cutLines++;
				onLine(line.text);
			}
		}
		if (position >= range.end) break;
	}
	const last = range.flush ? splitter.flush() : null;
	// No newline at all in the window: the whole buffer is one (kept) line.
	if (last !== null) {
		if (last.cut) cutLines++;
		onLine(last.text);
	}
	return {ok: true, cutLines};
}

/** The first line of a regular file (up to 64 KiB), or null when unreadable, not a regular file, or empty. */
export function readFirstLine(path: string): string | null {
	const opened = openRegular(path);
	if (!opened.ok) return null;
	const fd = opened.fd;
	try {
		const buffer = Buffer.allocUnsafe(64 * 1024);
		const read = readSync(fd, buffer, 0, buffer.length, 0);
		const splitter = nodeLineSplitter();
		const lines = splitter.push(buffer.subarray(0, read));
		return lines[0]?.text ?? splitter.flush()?.text ?? null;
	} catch {
		return null;
	} finally {
		closeSync(fd);
	}
}
