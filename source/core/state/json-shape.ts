import {parseStrictJson, type JsonValue} from '../json.js';
import {compareCodePoints} from '../order.js';
import {I64_MAX, I64_MIN} from './config.js';

/**
 * Reading prodex's JSON shapes the way serde deserialises them (docs/state-files.md §3):
 * integers must be integer literals in range (`1.0`, `1e3`, `-0` and out-of-range values are
 * rejected, as serde_json rejects them for integer fields), required fields must be present,
 * `Option` fields accept `null`, unknown fields are ignored. A mismatch throws `ShapeError`
 * with the JSON path, which the loader turns into an "unknown shape (...)" note.
 */
export class ShapeError extends Error {}

/** A JSON object's entries. */
export type JsonObject = ReadonlyMap<string, JsonValue>;

/** A reader of one JSON value at a path. */
export type Reader<T> = (value: JsonValue, path: string) => T;

const where = (path: string) => (path === '' ? 'the top level' : path);

/** `path.key`, or `key` at the top level. */
export function child(path: string, key: string): string {
	return path === '' ? key : `${path}.${key}`;
}

function fail(path: string, what: string): never {
	throw new ShapeError(`${where(path)} ${what}`);
}

/** The value as an object, else a ShapeError. */
export function readObject(value: JsonValue, path: string): JsonObject {
	if (value.kind !== 'object') fail(path, 'is not an object');
	return value.entries;
}

/** A string. */
export const readString: Reader<string> = (value, path) => (value.kind === 'string' ? value.value : fail(path, 'is not a string'));

/** A boolean. */
export const readBool: Reader<boolean> = (value, path) => (value.kind === 'bool' ? value.value : fail(path, 'is not a boolean'));

function readInteger(value: JsonValue, path: string, min: bigint, max: bigint, type: string): bigint {
	// The parser keeps serde_json's number text: only integer literals print without `.`/`e`.
	if (value.kind !== 'number' || !/^-?\d+$/.test(value.text)) fail(path, `is not an integer (${type})`);
	const n = BigInt(value.text);
	if (n < min || n > max) fail(path, `is out of range for ${type}`);
	return n;
}

/** An i64 (epoch seconds and milliseconds, percentages). */
export const readI64: Reader<bigint> = (value, path) => readInteger(value, path, I64_MIN, I64_MAX, 'i64');

/** A u64 (the envelope's `generation`). */
export const readU64: Reader<bigint> = (value, path) => readInteger(value, path, 0n, 18_446_744_073_709_551_615n, 'u64');

/** A u32 (scores, confidences, counters). */
export const readU32: Reader<number> = (value, path) => Number(readInteger(value, path, 0n, 4_294_967_295n, 'u32'));

/** `T | null` (a Rust `Option<T>`). */
export function nullable<T>(read: Reader<T>): Reader<T | null> {
	return (value, path) => (value.kind === 'null' ? null : read(value, path));
}

/** A required field. */
export function required<T>(object: JsonObject, key: string, path: string, read: Reader<T>): T {
	const value = object.get(key);
	if (value === undefined) fail(child(path, key), 'is missing');
	return read(value, child(path, key));
}

/** A field with a serde default: `fallback` when missing (an explicit `null` is only accepted if `read` accepts it). */
export function optional<T>(object: JsonObject, key: string, path: string, read: Reader<T>, fallback: T): T {
	const value = object.get(key);
	return value === undefined ? fallback : read(value, child(path, key));
}

/** A JSON object read as a map with string keys (a Rust `BTreeMap<String, T>`). */
export function mapOf<T>(read: Reader<T>): Reader<Map<string, T>> {
	return (value, path) => {
		const out = new Map<string, T>();
		for (const [key, item] of readObject(value, path)) out.set(key, read(item, child(path, key)));
		return out;
	};
}

/** Canonical JSON text (keys sorted at every level), to compare opaque objects structurally. */
export function canonicalJson(value: JsonValue): string {
	switch (value.kind) {
		case 'string':
			return JSON.stringify(value.value);
		case 'number':
			return value.text;
		case 'bool':
			return String(value.value);
		case 'null':
			return 'null';
		case 'array':
			return `[${value.items.map(canonicalJson).join(',')}]`;
		case 'object': {
			const keys = [...value.entries.keys()].sort(compareCodePoints);
			return `{${keys.map(key => `${JSON.stringify(key)}:${canonicalJson(value.entries.get(key)!)}`).join(',')}}`;
		}
	}
}

/** Parse a file's text strictly (serde_json's grammar); a problem text when it is not JSON. */
export function parseJsonText(text: string): {readonly ok: true; readonly value: JsonValue} | {readonly ok: false; readonly problem: string} {
	const value = parseStrictJson(text);
	if (value !== undefined) return {ok: true, value};
	return {ok: false, problem: text.trim() === '' ? 'unreadable (empty file)' : 'unreadable (invalid JSON)'};
}

/**
 * The sidecar envelope rule (§2): a top-level object with a `generation` or `value` key is
 * `{"generation": u64 (default 0), "value": <payload> (required)}`; anything else is the bare
 * payload. Returns the payload and the path prefix to name it by in shape errors.
 */
export function unwrapEnvelope(value: JsonValue): {readonly payload: JsonValue; readonly path: string} {
	if (value.kind !== 'object' || (!value.entries.has('generation') && !value.entries.has('value'))) return {payload: value, path: ''};
	optional(value.entries, 'generation', '', readU64, 0n);
	return {payload: required(value.entries, 'value', '', (v: JsonValue) => v), path: 'value'};
}
