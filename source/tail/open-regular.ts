import {closeSync, constants, fstatSync, openSync, statSync, type Stats} from 'node:fs';

/**
 * O_NONBLOCK: opening a FIFO never waits for a writer (it has no effect on a regular file's reads).
 * Every log and pointer read opens this way and then checks the opened file is a regular one, so
 * a FIFO, device, socket or directory at the path (even one swapped in after a stat) is refused
 * instead of blocking the process or reading forever.
 */
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** The errno-like code of a path that exists but is not a regular file. */
export const NOT_REGULAR = 'ENOTREG';

/** What kind of non-regular file this is, for messages ("a FIFO", "a directory", …). */
export function fileKind(stats: Stats): string {
	if (stats.isFIFO()) return 'a FIFO';
	if (stats.isDirectory()) return 'a directory';
	if (stats.isCharacterDevice()) return 'a character device';
	if (stats.isBlockDevice()) return 'a block device';
	if (stats.isSocket()) return 'a socket';
	if (stats.isSymbolicLink()) return 'a symlink';
	return 'not a regular file';
}

/** The message for a non-regular file: `not a regular file (a FIFO)`. */
export function notRegularText(kind: string): string {
	return kind === 'not a regular file' ? kind : `not a regular file (${kind})`;
}

/** Why `path` cannot be read as a log (following symlinks), or null when it is a regular file or absent. */
export function notRegularReason(path: string): string | null {
	let stats: Stats;
	try {
		stats = statSync(path);
	} catch {
		return null;
	}
	return stats.isFile() ? null : notRegularText(fileKind(stats));
}

export type Opened = {readonly ok: true; readonly fd: number; readonly stats: Stats};
/** `code` is the errno code, or NOT_REGULAR with `reason` (`not a regular file (a FIFO)`). */
export type OpenFailed = {readonly ok: false; readonly step: 'open' | 'inspect'; readonly code: string; readonly reason?: string};

/** Open a regular file for reading without ever blocking; anything else is refused (and closed). */
export function openRegular(path: string): Opened | OpenFailed {
	let fd: number;
	try {
		fd = openSync(path, OPEN_FLAGS);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
		// A socket cannot be opened at all (ENXIO): say what it is.
		if (code === 'ENXIO') {
			const reason = notRegularReason(path);
			if (reason !== null) return {ok: false, step: 'open', code: NOT_REGULAR, reason};
		}
		return {ok: false, step: 'open', code};
	}
	let stats: Stats;
	try {
		stats = fstatSync(fd);
	} catch (error) {
		closeSync(fd);
		return {ok: false, step: 'inspect', code: (error as NodeJS.ErrnoException).code ?? 'EIO'};
	}
	if (!stats.isFile()) {
		closeSync(fd);
		return {ok: false, step: 'inspect', code: NOT_REGULAR, reason: notRegularText(fileKind(stats))};
	}
	return {ok: true, fd, stats};
}
