import {closeSync, fstatSync, openSync, readSync} from 'node:fs';
import {LineSplitter} from '../core/line-splitter.js';

/** Why reading a tail failed: the step, as the doctor names it (parsing-contract.md S2), and the errno code. */
export type TailError = {readonly step: 'open' | 'inspect' | 'seek' | 'read'; readonly code: string; readonly path: string};

/** The doctor's error text for a failed tail read: `failed to <step> <path>`. */
export function tailErrorText(error: TailError): string {
	return `failed to ${error.step} ${error.path}`;
}

/** Whether the error is a permission problem (the CLI reports those as a one-line error, exit 1). */
export function isPermissionError(error: TailError): boolean {
	return error.code === 'EACCES' || error.code === 'EPERM';
}

const CHUNK = 256 * 1024;

/**
 * Read the last `tailBytes` bytes of a file (0 = the whole file) with the doctor's partial-first-line
 * rule, calling `onLine` for every line in order. Reads in chunks, so a large window never holds
 * the whole file in one buffer.
 */
export function readTail(
	path: string,
	tailBytes: number,
	onLine: (text: string) => void,
): {ok: true; size: number; start: number} | {ok: false; error: TailError} {
	const fail = (step: TailError['step'], error: unknown) => ({
		ok: false as const,
		error: {step, code: (error as NodeJS.ErrnoException).code ?? 'EIO', path},
	});
	let fd: number;
	try {
		fd = openSync(path, 'r');
	} catch (error) {
		return fail('open', error);
	}
	try {
		let size: number;
		try {
			size = fstatSync(fd).size;
		} catch (error) {
			return fail('inspect', error);
		}
		const start = tailBytes > 0 ? Math.max(0, size - tailBytes) : 0;
		const splitter = new LineSplitter();
		let dropFirst = start > 0;
		const emit = (text: string) => {
			if (dropFirst) dropFirst = false;
			else onLine(text);
		};
		const buffer = Buffer.allocUnsafe(CHUNK);
		let position = start;
		// Read to the size seen at open (at least one read: a directory opens fine and fails here, as in prodex).
		for (;;) {
			let read: number;
			try {
				read = readSync(fd, buffer, 0, Math.min(CHUNK, Math.max(1, size - position)), position);
			} catch (error) {
				return fail('read', error);
			}
			if (read === 0) break;
			position += read;
			for (const line of splitter.push(buffer.subarray(0, read))) emit(line.text);
			if (position >= size) break;
		}
		const last = splitter.flush();
		// No newline at all in the window: the whole buffer is one (kept) line.
		if (last !== null) {
			if (dropFirst) dropFirst = false;
			onLine(last.text);
		}
		return {ok: true, size, start};
	} finally {
		closeSync(fd);
	}
}

/** The first line of a file (up to 64 KiB), or null when unreadable or empty. */
export function readFirstLine(path: string): string | null {
	let fd: number;
	try {
		fd = openSync(path, 'r');
	} catch {
		return null;
	}
	try {
		const buffer = Buffer.allocUnsafe(64 * 1024);
		const read = readSync(fd, buffer, 0, buffer.length, 0);
		const splitter = new LineSplitter();
		const lines = splitter.push(buffer.subarray(0, read));
		return lines[0]?.text ?? splitter.flush()?.text ?? null;
	} catch {
		return null;
	} finally {
		closeSync(fd);
	}
}
