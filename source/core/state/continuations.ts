import {compareCodePoints} from '../order.js';
import {I64_MIN} from './config.js';
import {
	CONFLICT_PROFILE,
	bindingRetained,
	compareTuples,
	evidenceKey,
	retainWithBinding,
	retainWithoutBinding,
	shadowsDead,
	shouldReplace,
	type LifecyclePolicy,
} from './lifecycle.js';
import type {Binding, ContinuationStatus, ContinuationStore, StatusMaps} from './types.js';

/** Prefix of the internal response → turn-state lineage keys among response bindings. */
export const RESPONSE_TURN_STATE_PREFIX = '__response_turn_state__:';

const CONTROL = /[\u0000-\u001F\u007F-\u009F]/u;

function utf8Length(text: string): number {
	let n = 0;
	for (const ch of text) {
		const c = ch.codePointAt(0)!;
		n += c < 0x80 ? 1 : c < 0x8_00 ? 2 : c < 0x1_00_00 ? 3 : 4;
	}
	return n;
}

/** A usable binding or status key: non-empty, at most 4096 UTF-8 bytes, no control characters. */
export function keyBounded(key: string): boolean {
	return key !== '' && utf8Length(key) <= 4096 && !CONTROL.test(key);
}

/** A usable profile name: non-empty, at most 1024 UTF-8 bytes, no control characters. */
export function profileNameValid(name: string): boolean {
	return name !== '' && utf8Length(name) <= 1024 && !CONTROL.test(name);
}

/** `__response_turn_state__:<len>:<response id>:<turn state>` → its parts (len counts UTF-8 bytes); null if malformed. */
export function lineageParts(key: string): {readonly responseId: string; readonly turnState: string} | null {
	if (!key.startsWith(RESPONSE_TURN_STATE_PREFIX)) return null;
	const suffix = key.slice(RESPONSE_TURN_STATE_PREFIX.length);
	const colon = suffix.indexOf(':');
	if (colon < 0 || !/^\+?\d+$/.test(suffix.slice(0, colon))) return null;
	const length = Number(suffix.slice(0, colon));
	const rest = new TextEncoder().encode(suffix.slice(colon + 1));
	if (!Number.isSafeInteger(length) || rest[length] !== 0x3a) return null;
	const decoder = new TextDecoder();
	const responseId = decoder.decode(rest.subarray(0, length));
	const turnState = decoder.decode(rest.subarray(length + 1));
	return responseId !== '' && turnState !== '' ? {responseId, turnState} : null;
}

/** Map entries in key (code point) order, like a Rust BTreeMap's iteration. */
function ordered<V>(map: ReadonlyMap<string, V>): Array<[string, V]> {
	return [...map].sort((a, b) => compareCodePoints(a[0], b[0]));
}

/** Drop the `excess` lowest entries by `rank` (stable, so ties go in key order), as prodex's size caps do. */
function capped<V>(map: Map<string, V>, limit: number, rank: (key: string, value: V) => bigint[]): Map<string, V> {
	if (map.size <= limit) return map;
	const drop = ordered(map)
		.map(([key, value]) => ({key, rank: rank(key, value)}))
		.sort((a, b) => compareTuples(a.rank, b.rank))
		.slice(0, map.size - limit);
	for (const {key} of drop) map.delete(key);
	return map;
}

const NO_EVIDENCE = [0n, 0n, 0n, 0n, 0n, I64_MIN, I64_MIN, I64_MIN];

function markConflicts(bindings: ReadonlyMap<string, Binding>): Map<string, Binding> {
	const out = new Map<string, Binding>();
	for (const [key, binding] of bindings) {
		const valid = binding.profileName === CONFLICT_PROFILE || profileNameValid(binding.profileName);
		out.set(key, valid ? binding : {profileName: CONFLICT_PROFILE, boundAt: binding.boundAt, identity: null});
	}
	return out;
}

function retained(bindings: Map<string, Binding>, statuses: ReadonlyMap<string, ContinuationStatus>, now: bigint, policy: LifecyclePolicy): Map<string, Binding> {
	const out = new Map<string, Binding>();
	for (const [key, binding] of bindings) if (keyBounded(key) && bindingRetained(binding, statuses.get(key), now, policy)) out.set(key, binding);
	return out;
}

function compactStatuses(
	statuses: ReadonlyMap<string, ContinuationStatus>,
	bindings: ReadonlyMap<string, Binding>,
	limit: number,
	now: bigint,
	policy: LifecyclePolicy,
): Map<string, ContinuationStatus> {
	const out = new Map<string, ContinuationStatus>();
	for (const [key, status] of statuses) {
		if (!keyBounded(key)) continue;
		const binding = bindings.get(key);
		const keep = binding === undefined ? retainWithoutBinding(status, now, policy) : !shadowsDead(binding, status) && retainWithBinding(status, now, policy);
		if (keep) out.set(key, status);
	}
	return capped(out, limit, (key, status) => {
		const binding = bindings.get(key);
		return [binding === undefined ? 0n : 1n, ...evidenceKey(status, policy), binding?.boundAt ?? I64_MIN];
	});
}

/**
 * Compaction of one continuation store (docs/state-files.md §5.3): invalid profile names become
 * the conflict profile; bindings are kept per their status (dropping orphaned response → turn-state
 * lineage keys); statuses are kept while their binding needs them, or — without a binding — while
 * `retain_without_binding` holds (a dead status for 15 minutes); size caps drop the least-evidenced.
 */
export function compactStore(store: ContinuationStore, now: bigint, policy: LifecyclePolicy): ContinuationStore {
	const {statuses} = store;
	const response = retained(markConflicts(store.responseBindings), statuses.response, now, policy);
	for (const [key, binding] of ordered(response)) {
		if (!key.startsWith(RESPONSE_TURN_STATE_PREFIX) || binding.profileName === CONFLICT_PROFILE) continue;
		const parts = lineageParts(key);
		if (parts === null || !response.has(parts.responseId)) response.delete(key);
	}
	const turnState = retained(markConflicts(store.turnStateBindings), statuses.turnState, now, policy);
	const session = retained(markConflicts(store.sessionBindings), statuses.sessionId, now, policy);
	const sessionId = retained(markConflicts(store.sessionIdBindings), statuses.sessionId, now, policy);
	const oldestFirst = (_: string, binding: Binding) => [binding.boundAt];
	capped(response, policy.responseEntryLimit, (key, binding) => {
		const status = statuses.response.get(key);
		return [...(status === undefined ? NO_EVIDENCE : evidenceKey(status, policy)), binding.boundAt];
	});
	capped(turnState, policy.turnStateEntryLimit, oldestFirst);
	capped(session, policy.sessionEntryLimit, oldestFirst);
	capped(sessionId, policy.sessionEntryLimit, oldestFirst);
	return {
		responseBindings: response,
		sessionBindings: session,
		turnStateBindings: turnState,
		sessionIdBindings: sessionId,
		statuses: {
			response: compactStatuses(statuses.response, response, policy.responseEntryLimit, now, policy),
			turnState: compactStatuses(statuses.turnState, turnState, policy.turnStateEntryLimit, now, policy),
			sessionId: compactStatuses(statuses.sessionId, sessionId, policy.sessionEntryLimit, now, policy),
		},
	};
}

/** Two bindings of one key: the larger `bound_at`; a different profile or identity makes it the conflict profile. */
function mergeBinding(a: Binding, b: Binding): Binding {
	const boundAt = a.boundAt > b.boundAt ? a.boundAt : b.boundAt;
	if (a.profileName === b.profileName && a.identity === b.identity) return {...a, boundAt};
	return {profileName: CONFLICT_PROFILE, boundAt, identity: null};
}

function mergeBindings(a: ReadonlyMap<string, Binding>, b: ReadonlyMap<string, Binding>): Map<string, Binding> {
	const out = new Map<string, Binding>();
	for (const key of new Set([...a.keys(), ...b.keys()])) {
		if (!keyBounded(key)) continue;
		const left = a.get(key);
		const right = b.get(key);
		out.set(key, left !== undefined && right !== undefined ? mergeBinding(left, right) : (left ?? right)!);
	}
	return out;
}

function mergeStatuses(
	store: ReadonlyMap<string, ContinuationStatus>,
	journal: ReadonlyMap<string, ContinuationStatus>,
	live: ReadonlyMap<string, Binding>,
	now: bigint,
	policy: LifecyclePolicy,
): Map<string, ContinuationStatus> {
	const merged = new Map(store);
	for (const [key, status] of journal) {
		const current = merged.get(key);
		if (current === undefined || shouldReplace(status, current, policy)) merged.set(key, status);
	}
	for (const [key, status] of merged) if (!live.has(key) && !retainWithoutBinding(status, now, policy)) merged.delete(key);
	return merged;
}

/**
 * Merge the compacted store with the compacted journal store (§5.3): bindings unioned (a
 * disagreement becomes the conflict profile), statuses unioned with the journal's replacing the
 * store's per `shouldReplace`; the result is compacted again.
 */
export function mergeStores(store: ContinuationStore, journal: ContinuationStore, now: bigint, policy: LifecyclePolicy): ContinuationStore {
	const responseBindings = mergeBindings(store.responseBindings, journal.responseBindings);
	const turnStateBindings = mergeBindings(store.turnStateBindings, journal.turnStateBindings);
	const sessionIdBindings = mergeBindings(store.sessionIdBindings, journal.sessionIdBindings);
	const statuses: StatusMaps = {
		response: mergeStatuses(store.statuses.response, journal.statuses.response, responseBindings, now, policy),
		turnState: mergeStatuses(store.statuses.turnState, journal.statuses.turnState, turnStateBindings, now, policy),
		sessionId: mergeStatuses(store.statuses.sessionId, journal.statuses.sessionId, sessionIdBindings, now, policy),
	};
	const sessionBindings = mergeBindings(store.sessionBindings, journal.sessionBindings);
	return compactStore({responseBindings, sessionBindings, turnStateBindings, sessionIdBindings, statuses}, now, policy);
}

/** Lifecycle counts over the three status maps, and the sorted `"<key>:suspect"` list. */
export type LifecycleCounts = {
	readonly verified: number;
	readonly warm: number;
	readonly suspect: number;
	readonly dead: number;
	readonly suspectBindings: readonly string[];
};

/** Count the statuses of a (merged) store by state (§5.3). */
export function lifecycleCounts(statuses: StatusMaps): LifecycleCounts {
	const counts = {Verified: 0, Warm: 0, Suspect: 0, Dead: 0};
	const suspectBindings: string[] = [];
	for (const map of [statuses.response, statuses.turnState, statuses.sessionId]) {
		for (const [key, status] of map) {
			counts[status.state]++;
			if (status.state === 'Suspect') suspectBindings.push(`${key}:suspect`);
		}
	}
	suspectBindings.sort(compareCodePoints);
	return {verified: counts.Verified, warm: counts.Warm, suspect: counts.Suspect, dead: counts.Dead, suspectBindings};
}
