import {describe, expect, test} from 'vitest';
import {orphanManagedDirs, type ProfileDirEntry} from '../../../source/core/state/orphans.js';

const NOW = 1_745_463_900;
const WEEK = 604_800;
const dir = (name: string, over: Partial<ProfileDirEntry> = {}): ProfileDirEntry => ({
	name,
	validName: true,
	kind: 'directory',
	mtimeSeconds: NOW - 8 * 86_400,
	hasProfileFile: true,
	...over,
});
const orphans = (entries: ProfileDirEntry[], profiles: string[] = [], retention = WEEK) => orphanManagedDirs(entries, new Set(profiles), BigInt(NOW), retention);

describe('orphan_managed_dirs (docs/state-files.md §5.4)', () => {
	test('E5: tracked and fresh directories are ignored, the old untracked one is reported', () => {
		expect(orphans([dir('tracked'), dir('orphan'), dir('fresh', {mtimeSeconds: NOW - 10})], ['tracked'])).toEqual(['orphan']);
	});

	test('E5 with prodex test build retention (60 s)', () => {
		expect(orphans([dir('tracked', {mtimeSeconds: NOW - 61}), dir('orphan', {mtimeSeconds: NOW - 61}), dir('fresh', {mtimeSeconds: NOW - 60})], ['tracked'], 60)).toEqual(['orphan']);
	});

	test('mtime must be strictly older than now - retention', () => {
		expect(orphans([dir('edge', {mtimeSeconds: NOW - WEEK})])).toEqual([]);
		expect(orphans([dir('older', {mtimeSeconds: NOW - WEEK - 1})])).toEqual(['older']);
	});

	test('symlinks, files, directories without a profile file, unreadable mtimes and invalid names are never reported', () => {
		expect(
			orphans([
				dir('link', {kind: 'symlink'}),
				dir('file', {kind: 'other'}),
				dir('keep-only', {hasProfileFile: false}),
				dir('no-mtime', {mtimeSeconds: null}),
				dir('bad\uFFFDname', {validName: false}),
			]),
		).toEqual([]);
	});

	test('names sorted by code point', () => {
		expect(orphans([dir('\u{1F600}'), dir('\u{FF5E}'), dir('b'), dir('B'), dir('a')])).toEqual(['B', 'a', 'b', '\u{FF5E}', '\u{1F600}']);
	});
});
