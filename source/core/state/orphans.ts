import {compareCodePoints} from '../order.js';

/** Files whose presence marks a directory as a profile home worth auditing (docs/state-files.md §5.4). */
export const PROFILE_MARKER_FILES = ['auth.json', 'config.toml', 'state.json', '.codex'] as const;

/** One entry of `<root>/profiles/`, as plain data gathered by the I/O side. */
export type ProfileDirEntry = {
	readonly name: string;
	/** False when the on-disk name is not valid UTF-8 (such entries are never reported). */
	readonly validName: boolean;
	/** From `lstat`: a symlink to a directory is `symlink`. */
	readonly kind: 'directory' | 'symlink' | 'other';
	/** The entry's own modification time in whole seconds; null when it cannot be read. */
	readonly mtimeSeconds: number | null;
	/** Whether one of `PROFILE_MARKER_FILES` exists inside it. */
	readonly hasProfileFile: boolean;
};

/**
 * `orphan_managed_dirs` (§5.4): real directories (not symlinks) whose valid UTF-8 name is not a
 * profile of `state.json`, whose own mtime is strictly older than `now - retentionSeconds` and
 * that hold a profile file; names sorted by code point. An unreadable mtime skips the entry, as
 * current prodex does.
 */
export function orphanManagedDirs(entries: readonly ProfileDirEntry[], profileNames: ReadonlySet<string>, now: bigint, retentionSeconds: number): string[] {
	const oldestAllowed = now - BigInt(retentionSeconds);
	return entries
		.filter(
			entry =>
				entry.validName &&
				!profileNames.has(entry.name) &&
				entry.kind === 'directory' &&
				entry.mtimeSeconds !== null &&
				BigInt(entry.mtimeSeconds) < oldestAllowed &&
				entry.hasProfileFile,
		)
		.map(entry => entry.name)
		.sort(compareCodePoints);
}
