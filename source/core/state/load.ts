import type {JsonValue} from '../json.js';
import {ShapeError, parseJsonText, unwrapEnvelope} from './json-shape.js';

/** One file as the I/O side found it (docs/state-files.md §2 rule 2). */
export type RawFile =
	| {readonly kind: 'missing'}
	/** Present but not read: a symlink, not a regular file, larger than 64 MiB, not UTF-8, or an I/O error. */
	| {readonly kind: 'refused'; readonly reason: string}
	| {readonly kind: 'text'; readonly text: string};

/** A file and its `<name>.last-good` backup. */
export type RawFilePair = {readonly primary: RawFile; readonly backup: RawFile};

/** A successfully loaded file: its parsed value and whether it came from the backup. */
export type Loaded<T> = {readonly value: T; readonly recovered: boolean};

/** A payload parser; throws `ShapeError` when the JSON does not have the file's shape. */
export type PayloadParser<T> = (payload: JsonValue, path: string) => T;

/** Result of loading one file: the value (null = empty default) and a human-readable note when something was wrong. */
export type LoadResult<T> = {readonly loaded: Loaded<T> | null; readonly note: string | null};

type Attempt<T> = {readonly ok: true; readonly value: T} | {readonly ok: false; readonly problem: string};

function attempt<T>(file: RawFile, parse: PayloadParser<T>, envelope: boolean): Attempt<T> {
	if (file.kind === 'missing') return {ok: false, problem: 'unreadable (missing)'};
	if (file.kind === 'refused') return {ok: false, problem: `unreadable (${file.reason})`};
	const json = parseJsonText(file.text);
	if (!json.ok) return json;
	try {
		const {payload, path} = envelope ? unwrapEnvelope(json.value) : {payload: json.value, path: ''};
		return {ok: true, value: parse(payload, path)};
	} catch (error) {
		if (error instanceof ShapeError) return {ok: false, problem: `unknown shape (${error.message})`};
		throw error;
	}
}

/** How one file is loaded. */
export type LoadSpec<T> = {
	/** The file name, e.g. `runtime-scores.json`. */
	readonly name: string;
	readonly parse: PayloadParser<T>;
	/** Whether the `{"generation", "value"}` envelope applies (the five sidecars, not `state.json`). */
	readonly envelope: boolean;
	/** What the doctor does when the file cannot be loaded, for the note (e.g. `using the empty default`). */
	readonly fallbackText: string;
};

/**
 * Load one file with prodex's rules (§2): the primary file, else its `.last-good` backup
 * (`recovered`), else — on a re-read, when an earlier read succeeded — the previous values, else
 * the empty default. Neither file existing is the normal empty default (no note) unless previous
 * values exist (the file has gone missing since).
 */
export function loadFile<T>(spec: LoadSpec<T>, pair: RawFilePair, previous: Loaded<T> | null): LoadResult<T> {
	const primary = attempt(pair.primary, spec.parse, spec.envelope);
	if (primary.ok) return {loaded: {value: primary.value, recovered: false}, note: null};
	const backupName = `${spec.name}.last-good`;
	const backup = attempt(pair.backup, spec.parse, spec.envelope);
	if (backup.ok) return {loaded: {value: backup.value, recovered: true}, note: `${spec.name}: ${primary.problem}, recovered from ${backupName}`};
	const bothMissing = pair.primary.kind === 'missing' && pair.backup.kind === 'missing';
	if (bothMissing && previous === null) return {loaded: null, note: null};
	const backupText = pair.backup.kind === 'missing' ? '' : `; ${backupName}: ${backup.problem}`;
	if (previous !== null) return {loaded: previous, note: `${spec.name}: ${primary.problem}${backupText}; keeping the previous values`};
	return {loaded: null, note: `${spec.name}: ${primary.problem}${backupText}; ${spec.fallbackText}`};
}
