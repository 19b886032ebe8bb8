import type {JsonValue} from '../json.js';
import {
	ShapeError,
	canonicalJson,
	mapOf,
	nullable,
	optional,
	readI64,
	readObject,
	readString,
	readU32,
	required,
	type Reader,
} from './json-shape.js';
import {EMPTY_STATUS_MAPS, EMPTY_STORE, type Binding, type ContinuationStatus, type ContinuationStore, type Journal, type LifecycleState, type StatusMaps} from './types.js';

/** A binding `{profile_name, bound_at, binding_identity?}` (docs/state-files.md §3.1, §3.5). */
export const readBinding: Reader<Binding> = (value, path) => {
	const object = readObject(value, path);
	const identity = optional(object, 'binding_identity', path, nullable((v, p) => (readObject(v, p), canonicalJson(v))), null);
	return {
		profileName: required(object, 'profile_name', path, readString),
		boundAt: required(object, 'bound_at', path, readI64),
		identity,
	};
};

const STATES: ReadonlySet<string> = new Set(['Warm', 'Verified', 'Suspect', 'Dead']);

const readState: Reader<LifecycleState> = (value, path) => {
	const text = readString(value, path);
	if (!STATES.has(text)) throw new ShapeError(`${path} is not Warm, Verified, Suspect or Dead`);
	return text as LifecycleState;
};

const readTime = nullable(readI64);

/** A continuation status; every field has a default (`state` Warm, counters 0, times null). */
export const readStatus: Reader<ContinuationStatus> = (value, path) => {
	const object = readObject(value, path);
	return {
		state: optional(object, 'state', path, readState, 'Warm'),
		confidence: optional(object, 'confidence', path, readU32, 0),
		lastTouchedAt: optional(object, 'last_touched_at', path, readTime, null),
		lastVerifiedAt: optional(object, 'last_verified_at', path, readTime, null),
		lastVerifiedRoute: optional(object, 'last_verified_route', path, nullable(readString), null),
		lastNotFoundAt: optional(object, 'last_not_found_at', path, readTime, null),
		notFoundStreak: optional(object, 'not_found_streak', path, readU32, 0),
		successCount: optional(object, 'success_count', path, readU32, 0),
		failureCount: optional(object, 'failure_count', path, readU32, 0),
	};
};

const readBindings = mapOf(readBinding);
const readStatuses = mapOf(readStatus);

const readStatusMaps: Reader<StatusMaps> = (value, path) => {
	const object = readObject(value, path);
	return {
		response: optional(object, 'response', path, readStatuses, EMPTY_STATUS_MAPS.response),
		turnState: optional(object, 'turn_state', path, readStatuses, EMPTY_STATUS_MAPS.turnState),
		sessionId: optional(object, 'session_id', path, readStatuses, EMPTY_STATUS_MAPS.sessionId),
	};
};

/** A `ContinuationStore` (§3.5): every member defaults to empty when missing. */
export const readContinuationStore: Reader<ContinuationStore> = (value, path) => {
	const object = readObject(value, path);
	return {
		responseBindings: optional(object, 'response_profile_bindings', path, readBindings, EMPTY_STORE.responseBindings),
		sessionBindings: optional(object, 'session_profile_bindings', path, readBindings, EMPTY_STORE.sessionBindings),
		turnStateBindings: optional(object, 'turn_state_bindings', path, readBindings, EMPTY_STORE.turnStateBindings),
		sessionIdBindings: optional(object, 'session_id_bindings', path, readBindings, EMPTY_STORE.sessionIdBindings),
		statuses: optional(object, 'statuses', path, readStatusMaps, EMPTY_STATUS_MAPS),
	};
};

/** The journal payload `{saved_at (default 0), continuations (default empty)}` (§3.6). */
export function readJournal(value: JsonValue, path: string): Journal {
	const object = readObject(value, path);
	return {
		savedAt: optional(object, 'saved_at', path, readI64, 0n),
		store: optional(object, 'continuations', path, readContinuationStore, EMPTY_STORE),
	};
}
