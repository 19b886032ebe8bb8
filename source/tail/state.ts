import {closeSync, constants, existsSync, fstatSync, lstatSync, openSync, readSync, readdirSync, type Stats} from 'node:fs';
import {join} from 'node:path';
import {
	deriveState,
	EMPTY_PERSISTED_STATE,
	STATE_FILE_NAMES,
	type DeriveOptions,
	type PersistedState,
	type ProfilesListing,
	type RawStateFiles,
	type StateFileKey,
} from '../core/state/derive.js';
import type {RawFile, RawFilePair} from '../core/state/load.js';
import {PROFILE_MARKER_FILES, type ProfileDirEntry} from '../core/state/orphans.js';

/** prodex refuses state files larger than this (64 MiB). */
export const MAX_STATE_FILE_BYTES = 64 * 1024 * 1024;

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException).code ?? 'error';

// O_NOFOLLOW: never read through a symlink swapped in after lstat; O_NONBLOCK: a FIFO swapped in
// cannot block the open (it has no effect on regular files). Read-only: nothing is ever written.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);

function sameFile(a: Stats, b: Stats): boolean {
	return a.dev === b.dev && a.ino === b.ino;
}

/** Read one JSON file the way current prodex does (§2 rule 2): no symlinks, regular files only, ≤ 64 MiB, UTF-8. */
export function readStateFile(path: string): RawFile {
	let stat: Stats;
	try {
		stat = lstatSync(path);
	} catch (error) {
		return errorCode(error) === 'ENOENT' ? {kind: 'missing'} : {kind: 'refused', reason: errorCode(error)};
	}
	if (stat.isSymbolicLink()) return {kind: 'refused', reason: 'symlink'};
	if (!stat.isFile()) return {kind: 'refused', reason: 'not a regular file'};
	if (stat.size > MAX_STATE_FILE_BYTES) return {kind: 'refused', reason: 'larger than 64 MiB'};
	let fd: number;
	try {
		fd = openSync(path, OPEN_FLAGS);
	} catch (error) {
		return errorCode(error) === 'ENOENT' ? {kind: 'missing'} : {kind: 'refused', reason: errorCode(error)};
	}
	try {
		const opened = fstatSync(fd);
		if (!opened.isFile() || !sameFile(stat, opened)) return {kind: 'refused', reason: 'changed while opening'};
		// Read at most one byte past the limit: a file that grew past it is refused too.
		const buffer = Buffer.alloc(Math.min(opened.size, MAX_STATE_FILE_BYTES) + 1);
		let length = 0;
		for (;;) {
			const n = readSync(fd, buffer, length, buffer.length - length, null);
			if (n === 0) break;
			length += n;
			if (length === buffer.length) break;
		}
		if (length > MAX_STATE_FILE_BYTES) return {kind: 'refused', reason: 'larger than 64 MiB'};
		try {
			// fatal: invalid UTF-8 fails like Rust's read_to_string; ignoreBOM keeps a BOM, which serde_json rejects.
			return {kind: 'text', text: new TextDecoder('utf-8', {fatal: true, ignoreBOM: true}).decode(buffer.subarray(0, length))};
		} catch {
			return {kind: 'refused', reason: 'not UTF-8'};
		}
	} catch (error) {
		return {kind: 'refused', reason: errorCode(error)};
	} finally {
		closeSync(fd);
	}
}

function readPair(home: string, name: string): RawFilePair {
	return {primary: readStateFile(join(home, name)), backup: readStateFile(join(home, `${name}.last-good`))};
}

function validUtf8(bytes: Buffer): boolean {
	try {
		new TextDecoder('utf-8', {fatal: true}).decode(bytes);
		return true;
	} catch {
		return false;
	}
}

function profileEntry(dir: string, raw: Buffer): ProfileDirEntry | null {
	const name = raw.toString('utf8');
	if (!validUtf8(raw)) return {name, validName: false, kind: 'other', mtimeSeconds: null, hasProfileFile: false};
	const path = join(dir, name);
	let stat: Stats;
	try {
		stat = lstatSync(path);
	} catch {
		return null;
	}
	const kind = stat.isSymbolicLink() ? 'symlink' : stat.isDirectory() ? 'directory' : 'other';
	// A time before the epoch cannot be read as Unix seconds by prodex either: treat as unreadable.
	const mtimeSeconds = stat.mtimeMs >= 0 ? Math.floor(stat.mtimeMs / 1000) : null;
	// existsSync follows symlinks, like Rust's Path::exists used for the marker files.
	const hasProfileFile = kind === 'directory' && PROFILE_MARKER_FILES.some(file => existsSync(join(path, file)));
	return {name, validName: true, kind, mtimeSeconds, hasProfileFile};
}

/** List `<home>/profiles/` as plain data for the orphan rule (§5.4). */
export function listProfilesDir(home: string): ProfilesListing {
	const dir = join(home, 'profiles');
	let names: Buffer[];
	try {
		names = readdirSync(dir, {encoding: 'buffer'});
	} catch (error) {
		return errorCode(error) === 'ENOENT' ? {kind: 'missing'} : {kind: 'unreadable', reason: errorCode(error)};
	}
	return {kind: 'entries', entries: names.map(raw => profileEntry(dir, raw)).filter(entry => entry !== null)};
}

/** Gather every state file of a prodex root as plain data. Only reads (lstat, open read-only, readdir). */
export function readRawState(home: string): RawStateFiles {
	const pairs = Object.fromEntries(
		(Object.keys(STATE_FILE_NAMES) as StateFileKey[]).map(key => [key, readPair(home, STATE_FILE_NAMES[key])]),
	) as {[K in StateFileKey]: RawFilePair};
	const lastGoodBackupsPresent = Object.values(STATE_FILE_NAMES).filter(name => existsSync(join(home, `${name}.last-good`))).length;
	return {...pairs, lastGoodBackupsPresent, profilesDir: listProfilesDir(home)};
}

/**
 * Read prodex's persisted state from `home` at `now` (epoch seconds) and derive the doctor's
 * inputs, counters and `profiles[]`. Never writes into the home and never throws: a broken file
 * becomes a note plus backup, previous or empty data.
 */
export function readProdexState(home: string, now: number, options: DeriveOptions = {}): PersistedState {
	try {
		return deriveState(readRawState(home), now, options);
	} catch (error) {
		return {...(options.previous ?? EMPTY_PERSISTED_STATE), notes: [`state: unreadable (${error instanceof Error ? error.message : String(error)})`]};
	}
}
