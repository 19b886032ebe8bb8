import {describe, expect, test} from 'vitest';
import {loadFile, type LoadSpec, type RawFile} from '../../../source/core/state/load.js';
import {parseScores} from '../../../source/core/state/parse-files.js';
import type {Scores} from '../../../source/core/state/types.js';

const SPEC: LoadSpec<Scores> = {name: 'runtime-scores.json', parse: parseScores, envelope: true, fallbackText: 'using the empty default'};
const MISSING: RawFile = {kind: 'missing'};
const text = (t: string): RawFile => ({kind: 'text', text: t});
const GOOD = text('{"main": {"score": 1, "updated_at": 5}}');
const BACKUP = text('{"generation": 2, "value": {"main": {"score": 9, "updated_at": 5}}}');
const scoreOf = (loaded: {value: Scores} | null) => loaded?.value.get('main')?.score;

describe('loading one file with its .last-good backup (docs/state-files.md §2)', () => {
	test('neither file exists: empty default, no note, not recovered', () => {
		expect(loadFile(SPEC, {primary: MISSING, backup: MISSING}, null)).toEqual({loaded: null, note: null});
	});

	test('a good primary file is used (bare or enveloped); the backup is not consulted', () => {
		expect(loadFile(SPEC, {primary: GOOD, backup: BACKUP}, null)).toEqual({loaded: {value: expect.any(Map), recovered: false}, note: null});
		expect(scoreOf(loadFile(SPEC, {primary: BACKUP, backup: MISSING}, null).loaded)).toBe(9);
	});

	test.each([
		['missing', MISSING, 'unreadable (missing)'],
		['empty', text(''), 'unreadable (empty file)'],
		['half-written', text('{"main": {"score": 1, '), 'unreadable (invalid JSON)'],
		['not JSON', text('hello'), 'unreadable (invalid JSON)'],
		['unknown shape', text('{"main": {"score": "high", "updated_at": 5}}'), 'unknown shape (main.score is not an integer (u32))'],
		['a symlink', {kind: 'refused', reason: 'symlink'} as RawFile, 'unreadable (symlink)'],
		['a directory', {kind: 'refused', reason: 'not a regular file'} as RawFile, 'unreadable (not a regular file)'],
	])('primary %s + valid backup → backup used, recovered, note', (_, primary, problem) => {
		const result = loadFile(SPEC, {primary, backup: BACKUP}, null);
		expect(result.loaded?.recovered).toBe(true);
		expect(scoreOf(result.loaded)).toBe(9);
		expect(result.note).toBe(`runtime-scores.json: ${problem}, recovered from runtime-scores.json.last-good`);
	});

	test('primary broken and no backup: empty default with a note', () => {
		expect(loadFile(SPEC, {primary: text('{'), backup: MISSING}, null)).toEqual({loaded: null, note: 'runtime-scores.json: unreadable (invalid JSON); using the empty default'});
	});

	test('both broken: the note names both problems', () => {
		expect(loadFile(SPEC, {primary: text('{'), backup: text('[]')}, null).note).toBe(
			'runtime-scores.json: unreadable (invalid JSON); runtime-scores.json.last-good: unknown shape (the top level is not an object); using the empty default',
		);
	});

	test('on a re-read, a failed load keeps the previous good values (and their recovered flag)', () => {
		const previous = {value: new Map([['main', {score: 4, updatedAt: 1n}]]), recovered: true};
		const result = loadFile(SPEC, {primary: text('{"main": '), backup: MISSING}, previous);
		expect(result.loaded).toBe(previous);
		expect(result.note).toBe('runtime-scores.json: unreadable (invalid JSON); keeping the previous values');
		const gone = loadFile(SPEC, {primary: MISSING, backup: MISSING}, previous);
		expect(gone).toEqual({loaded: previous, note: 'runtime-scores.json: unreadable (missing); keeping the previous values'});
	});

	test('on a re-read, a valid backup still wins over the previous values; a good primary replaces them', () => {
		const previous = {value: new Map([['main', {score: 4, updatedAt: 1n}]]), recovered: false};
		expect(scoreOf(loadFile(SPEC, {primary: text('x'), backup: BACKUP}, previous).loaded)).toBe(9);
		expect(loadFile(SPEC, {primary: GOOD, backup: MISSING}, previous)).toEqual({loaded: {value: expect.any(Map), recovered: false}, note: null});
	});

	test('state.json has no envelope: a {"value": ...} document is read as state, not unwrapped', () => {
		const spec: LoadSpec<unknown> = {name: 'x.json', parse: value => value, envelope: false, fallbackText: ''};
		expect(loadFile(spec, {primary: text('{"value": 1}'), backup: MISSING}, null).loaded?.value).toEqual({kind: 'object', entries: new Map([['value', {kind: 'number', text: '1'}]])});
	});
});
