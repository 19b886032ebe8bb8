import {I64_MIN, saturatingSub, type StateConfig} from './config.js';
import type {Binding, ContinuationStatus, LifecycleState} from './types.js';

/** The continuation constants the lifecycle rules use (docs/state-files.md §5.3). */
export type LifecyclePolicy = Pick<
	StateConfig,
	| 'continuationSuspectGraceSeconds'
	| 'continuationDeadGraceSeconds'
	| 'suspectNotFoundStreakLimit'
	| 'continuationConfidenceMax'
	| 'responseEntryLimit'
	| 'turnStateEntryLimit'
	| 'sessionEntryLimit'
>;

/** The profile name that marks a contested binding. */
export const CONFLICT_PROFILE = '__prodex_hard_binding_conflict__';

/** `terminal(s)`: dead, or a not-found streak at the limit, or suspect with confidence 0 after a failure. */
export function isTerminal(s: ContinuationStatus, policy: LifecyclePolicy): boolean {
	return s.state === 'Dead' || s.notFoundStreak >= policy.suspectNotFoundStreakLimit || (s.state === 'Suspect' && s.confidence === 0 && s.failureCount > 0);
}

/** `dead_at(s)`: for a dead status its last not-found time, else its last touch; null otherwise. */
export function deadAt(s: ContinuationStatus): bigint | null {
	return s.state === 'Dead' ? (s.lastNotFoundAt ?? s.lastTouchedAt) : null;
}

/** A binding bound after its status died "shadows" the dead status (the key was re-bound). */
export function shadowsDead(binding: Binding, s: ContinuationStatus): boolean {
	const died = deadAt(s);
	return died !== null && binding.boundAt > died;
}

/** `retain_with_binding(s)`. */
export function retainWithBinding(s: ContinuationStatus, now: bigint, policy: LifecyclePolicy): boolean {
	switch (s.state) {
		case 'Dead':
			return false;
		case 'Verified':
		case 'Warm':
			return s.confidence > 0 || s.successCount > 0 || s.lastVerifiedAt !== null || s.lastTouchedAt !== null;
		case 'Suspect':
			return (
				s.notFoundStreak < policy.suspectNotFoundStreakLimit &&
				s.confidence > 0 &&
				s.lastNotFoundAt !== null &&
				saturatingSub(now, s.lastNotFoundAt) < BigInt(policy.continuationSuspectGraceSeconds)
			);
	}
}

/** `retain_without_binding(s)`: a dead status for `dead grace` seconds after it died; others as with a binding. */
export function retainWithoutBinding(s: ContinuationStatus, now: bigint, policy: LifecyclePolicy): boolean {
	if (s.state !== 'Dead') return retainWithBinding(s, now, policy);
	const died = deadAt(s);
	return died !== null && saturatingSub(now, died) < BigInt(policy.continuationDeadGraceSeconds);
}

/** Whether compaction keeps a binding given its matching status (§5.3 step 2). */
export function bindingRetained(binding: Binding, s: ContinuationStatus | undefined, now: bigint, policy: LifecyclePolicy): boolean {
	if (binding.profileName === CONFLICT_PROFILE) return true;
	if (s === undefined) return binding.boundAt <= now;
	if (shadowsDead(binding, s)) return true;
	return !isTerminal(s, policy) && retainWithBinding(s, now, policy);
}

/** The latest of a status's event times. */
export function lastEventAt(s: ContinuationStatus): bigint | null {
	let best: bigint | null = null;
	for (const t of [s.lastNotFoundAt, s.lastVerifiedAt, s.lastTouchedAt]) if (t !== null && (best === null || t > best)) best = t;
	return best;
}

const RANK: Readonly<Record<LifecycleState, bigint>> = {Dead: 0n, Suspect: 1n, Warm: 2n, Verified: 3n};
const U32_MAX = 4_294_967_295n;

/** The evidence tuple: state rank, capped confidence, successes, fewer not-founds, has route, verified, touched, not-found times. */
export function evidenceKey(s: ContinuationStatus, policy: LifecyclePolicy): bigint[] {
	return [
		RANK[s.state],
		BigInt(Math.min(s.confidence, policy.continuationConfidenceMax)),
		BigInt(s.successCount),
		U32_MAX - BigInt(s.notFoundStreak),
		s.lastVerifiedRoute === null ? 0n : 1n,
		s.lastVerifiedAt ?? I64_MIN,
		s.lastTouchedAt ?? I64_MIN,
		s.lastNotFoundAt ?? I64_MIN,
	];
}

/** Lexicographic comparison of two equally long bigint tuples. */
export function compareTuples(a: readonly bigint[], b: readonly bigint[]): number {
	for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i]! < b[i]! ? -1 : 1;
	return 0;
}

/**
 * Whether the journal's status `candidate` replaces the store's `current` when merging: the later
 * event time wins; a status with an event time beats one without; on a tie a terminal status beats
 * a non-terminal one; then the greater evidence tuple wins (strictly).
 */
export function shouldReplace(candidate: ContinuationStatus, current: ContinuationStatus, policy: LifecyclePolicy): boolean {
	const a = lastEventAt(candidate);
	const b = lastEventAt(current);
	if (a !== null && b !== null && a !== b) return a > b;
	if (a !== null && b === null) return true;
	if (a === null && b !== null) return false;
	const ta = isTerminal(candidate, policy);
	const tb = isTerminal(current, policy);
	if (ta !== tb) return ta;
	return compareTuples(evidenceKey(candidate, policy), evidenceKey(current, policy)) > 0;
}
