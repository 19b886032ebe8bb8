import {closeSync, lstatSync, readSync, readdirSync, realpathSync, statSync} from 'node:fs';
import {homedir, tmpdir} from 'node:os';
import {basename, dirname, isAbsolute, join, resolve, sep} from 'node:path';
import type {SourceFacts} from '../core/finalize.js';
import {openRegular} from './open-regular.js';
import {readRuntimePolicy} from './policy.js';

/** The pointer file's name inside the log directory. */
export const POINTER_NAME = 'prodex-runtime-latest.path';

/** Pointer notes appended to the diagnosis (docs/rules.md §1.13). */
export const NOTE_STALE = 'Runtime log pointer was stale; sampled a newer log instead.';
export const NOTE_MISSING_NEWER = 'Runtime log pointer target was missing; sampled a newer log instead.';
export const NOTE_MISSING = 'Runtime log pointer target was missing.';

/** The environment and defaults locate reads; tests pass their own. */
export type LocateEnv = {
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly cwd: string;
	readonly home: string;
	readonly tempDir: string;
};

/** The real process environment. */
export function processEnv(): LocateEnv {
	return {env: process.env, cwd: process.cwd(), home: homedir(), tempDir: defaultTempDir(process.env)};
}

/** Rust's `std::env::temp_dir()`: $TMPDIR when set, else the platform default. */
function defaultTempDir(env: Readonly<Record<string, string | undefined>>): string {
	const fromEnv = env.TMPDIR;
	if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
	return process.platform === 'linux' ? '/tmp' : tmpdir();
}

/** The prodex root: `--prodex-home`, else $PRODEX_HOME (made absolute), else ~/.prodex. */
export function resolveProdexHome(flag: string | undefined, where: LocateEnv): string {
	const chosen = flag ?? where.env.PRODEX_HOME;
	if (chosen !== undefined && chosen !== '') return resolve(where.cwd, chosen);
	return join(where.home, '.prodex');
}

/** How the log directory was chosen. */
export type LogDirSource = 'flag' | 'env' | 'policy' | 'temp';

/** prodex's log directory chain: $PRODEX_RUNTIME_LOG_DIR, `[runtime] log_dir` in policy.toml, the temp dir. */
export function resolveLogDir(prodexHome: string, where: LocateEnv): {dir: string; source: LogDirSource} {
	const fromEnv = where.env.PRODEX_RUNTIME_LOG_DIR;
	if (fromEnv !== undefined && fromEnv !== '') return {dir: fromEnv, source: 'env'};
	const policy = readRuntimePolicy(prodexHome);
	if (policy?.logDir) {
		return {dir: isAbsolute(policy.logDir) ? policy.logDir : join(prodexHome, policy.logDir), source: 'policy'};
	}
	return {dir: where.tempDir, source: 'temp'};
}

/** prodex's ownership test for a runtime log file name. */
export function isRuntimeLogName(name: string): boolean {
	return name.startsWith('prodex-runtime') && name.endsWith('.log');
}

/** Canonicalise a path that may not exist: the longest existing ancestor resolved, the rest appended. */
export function canonicalizeLoose(path: string): string {
	const absolute = resolve(path);
	const missing: string[] = [];
	let current = absolute;
	for (;;) {
		try {
			return join(realpathSync(current), ...missing.reverse());
		} catch {
			const parent = dirname(current);
			if (parent === current) return absolute;
			missing.push(basename(current));
			current = parent;
		}
	}
}

/**
 * Most bytes of the pointer file read: its first line is a path (at most PATH_MAX, 4096 bytes on
 * Linux), so a first line that does not end within this bound is no usable pointer.
 */
export const MAX_POINTER_BYTES = 64 * 1024;

/**
 * The pointer file's first line, read with a bound: at most MAX_POINTER_BYTES, never blocking (a
 * FIFO or device as the pointer is no pointer). Null when unreadable or when the first line runs
 * past the bound. prodex reads the whole file (`read_to_string`); the first line is the same.
 */
export function readPointerLine(path: string): string | null {
	const opened = openRegular(path);
	if (!opened.ok) return null;
	try {
		const buffer = Buffer.allocUnsafe(MAX_POINTER_BYTES);
		let length = 0;
		for (;;) {
			const read = readSync(opened.fd, buffer, length, buffer.length - length, null);
			if (read === 0) break;
			length += read;
			if (length === buffer.length) break;
		}
		const newline = buffer.subarray(0, length).indexOf(0x0a);
		if (newline === -1 && length === buffer.length) return null;
		return buffer.toString('utf8', 0, newline === -1 ? length : newline);
	} catch {
		return null;
	} finally {
		closeSync(opened.fd);
	}
}

/** Read and validate the pointer the current way (docs/log-format.md §1.5); null = no usable pointer. */
export function readPointer(logDir: string): string | null {
	const line = readPointerLine(join(logDir, POINTER_NAME));
	if (line === null) return null;
	const target = line.trim();
	if (target === '' || !isRuntimeLogName(basename(target))) return null;
	if (canonicalizeLoose(dirname(target)) !== canonicalizeLoose(logDir)) return null;
	try {
		const stat = lstatSync(target);
		if (stat.isSymbolicLink() || !stat.isFile()) return null;
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return null;
	}
	return target;
}

/** The newest runtime log: greatest mtime in whole milliseconds, ties to the greater name; regular files only. */
export function newestLog(logDir: string): string | null {
	let names: string[];
	try {
		names = readdirSync(logDir);
	} catch {
		return null;
	}
	let best: {name: string; mtime: number} | null = null;
	for (const name of names) {
		if (!isRuntimeLogName(name)) continue;
		try {
			const stat = lstatSync(join(logDir, name));
			if (!stat.isFile()) continue;
			const mtime = Math.floor(stat.mtimeMs);
			if (best === null || mtime > best.mtime || (mtime === best.mtime && Buffer.compare(Buffer.from(name), Buffer.from(best.name)) > 0)) {
				best = {name, mtime};
			}
		} catch {
			// A file deleted between readdir and lstat is simply not a candidate.
		}
	}
	return best === null ? null : join(logDir, best.name);
}

/** Path equality as Rust's `Path ==` sees it: component-wise, ignoring repeated separators and `.` parts. */
export function samePathComponents(a: string, b: string): boolean {
	const parts = (path: string) => {
		const list = path.split(sep).filter((part, index) => part !== '' && (part !== '.' || index === 0));
		return (path.startsWith(sep) ? '/' : '') + list.join('\u0000');
	};
	return parts(a) === parts(b);
}

/** Which file the doctor samples and what the summary says about the pointer. */
export type Located = {
	readonly logDir: string;
	readonly pointerPath: string;
	readonly pointerExists: boolean;
	/** The validated pointer target, or null when the pointer is missing or rejected. */
	readonly pointerTarget: string | null;
	readonly newest: string | null;
	/** The sampled file, or null when there is none. */
	readonly logPath: string | null;
	readonly logExists: boolean;
	readonly note: string | null;
};

/** Whether a path exists (following symlinks, as Rust's `Path::exists`). */
export function pathExists(path: string): boolean {
	try {
		statSync(path);
		return true;
	} catch {
		return false;
	}
}

/** What the located log means for the diagnosis (pointer, log, note). */
export function locatedFacts(located: Located): SourceFacts {
	return {logPath: located.logPath, pointerExists: located.pointerExists, logExists: located.logExists, pointerNote: located.note, readError: null};
}

/** Resolve pointer, newest log and sampled file as prodex does (docs/log-format.md §1.5 table). */
export function locateLog(logDir: string): Located {
	const pointerPath = join(logDir, POINTER_NAME);
	const pointerExists = pathExists(pointerPath);
	const pointerTarget = readPointer(logDir);
	const newest = newestLog(logDir);
	let logPath: string | null = newest;
	let note: string | null = null;
	if (pointerTarget !== null) {
		if (pathExists(pointerTarget)) {
			if (newest !== null && !samePathComponents(pointerTarget, newest)) note = NOTE_STALE;
			else logPath = pointerTarget;
		} else {
			note = newest === null ? NOTE_MISSING : NOTE_MISSING_NEWER;
		}
	}
	return {logDir, pointerPath, pointerExists, pointerTarget, newest, logPath, logExists: logPath !== null && pathExists(logPath), note};
}
