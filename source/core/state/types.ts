/**
 * The parsed contents of prodex's persisted state files (docs/state-files.md §3), in camelCase.
 * Epoch values are i64 in prodex and kept exact as bigints (the i64::MAX reset sentinel does not
 * fit a JS number); u32 counters and scores are numbers. Maps are unordered: code that depends on
 * order sorts keys with `compareCodePoints`, as prodex's BTreeMaps iterate in byte order.
 */

/** `state.json`, reduced to what the doctor reads: the profile names (the keys of `profiles`). */
export type StateFile = {
	readonly profileNames: readonly string[];
	readonly activeProfile: string | null;
	/** Profiles with a `last_run_selected_at` entry. */
	readonly lastRunSelectedProfiles: number;
	readonly responseBindings: ReadonlyMap<string, Binding>;
	readonly sessionBindings: ReadonlyMap<string, Binding>;
};

/** `runtime-backoffs.json` (§3.2). `updatedAt` values are epoch milliseconds. */
export type Backoffs = {
	readonly retry: ReadonlyMap<string, bigint>;
	readonly transport: ReadonlyMap<string, bigint>;
	readonly circuits: ReadonlyMap<string, bigint>;
	readonly updatedAt: ReadonlyMap<string, bigint>;
};

/** One entry of `runtime-scores.json` (§3.3). */
export type HealthScore = {readonly score: number; readonly updatedAt: bigint};

/** `runtime-scores.json`: key → score. */
export type Scores = ReadonlyMap<string, HealthScore>;

/** A quota window status, capitalised as in the file. */
export type WindowStatus = 'Ready' | 'Thin' | 'Critical' | 'Exhausted' | 'Unknown';

/** One profile's entry of `runtime-usage-snapshots.json` (§3.4). */
export type UsageSnapshot = {
	readonly checkedAt: bigint;
	readonly planType: string | null;
	readonly fiveHourStatus: WindowStatus;
	readonly fiveHourRemainingPercent: bigint;
	readonly fiveHourResetAt: bigint;
	readonly weeklyStatus: WindowStatus;
	readonly weeklyRemainingPercent: bigint;
	readonly weeklyResetAt: bigint;
};

/** `runtime-usage-snapshots.json`: profile → snapshot. */
export type UsageSnapshots = ReadonlyMap<string, UsageSnapshot>;

/** A continuation binding (§3.5). `identity` is the canonical JSON text of `binding_identity`, or null. */
export type Binding = {readonly profileName: string; readonly boundAt: bigint; readonly identity: string | null};

/** A continuation lifecycle state. */
export type LifecycleState = 'Warm' | 'Verified' | 'Suspect' | 'Dead';

/** A continuation status (§3.5). */
export type ContinuationStatus = {
	readonly state: LifecycleState;
	readonly confidence: number;
	readonly lastTouchedAt: bigint | null;
	readonly lastVerifiedAt: bigint | null;
	readonly lastVerifiedRoute: string | null;
	readonly lastNotFoundAt: bigint | null;
	readonly notFoundStreak: number;
	readonly successCount: number;
	readonly failureCount: number;
};

/** The three status maps of a continuation store. */
export type StatusMaps = {
	readonly response: ReadonlyMap<string, ContinuationStatus>;
	readonly turnState: ReadonlyMap<string, ContinuationStatus>;
	readonly sessionId: ReadonlyMap<string, ContinuationStatus>;
};

/** `runtime-continuations.json` and the journal's `continuations` (§3.5). */
export type ContinuationStore = {
	readonly responseBindings: ReadonlyMap<string, Binding>;
	readonly sessionBindings: ReadonlyMap<string, Binding>;
	readonly turnStateBindings: ReadonlyMap<string, Binding>;
	readonly sessionIdBindings: ReadonlyMap<string, Binding>;
	readonly statuses: StatusMaps;
};

/** `runtime-continuation-journal.json` (§3.6). */
export type Journal = {readonly savedAt: bigint; readonly store: ContinuationStore};

const NO_ENTRIES: ReadonlyMap<string, never> = new Map<string, never>();

/** Empty values: what a missing or failed sidecar reads as. */
export const EMPTY_BACKOFFS: Backoffs = Object.freeze({retry: NO_ENTRIES, transport: NO_ENTRIES, circuits: NO_ENTRIES, updatedAt: NO_ENTRIES});
export const EMPTY_STATUS_MAPS: StatusMaps = Object.freeze({response: NO_ENTRIES, turnState: NO_ENTRIES, sessionId: NO_ENTRIES});
export const EMPTY_STORE: ContinuationStore = Object.freeze({
	responseBindings: NO_ENTRIES,
	sessionBindings: NO_ENTRIES,
	turnStateBindings: NO_ENTRIES,
	sessionIdBindings: NO_ENTRIES,
	statuses: EMPTY_STATUS_MAPS,
});
export const EMPTY_JOURNAL: Journal = Object.freeze({savedAt: 0n, store: EMPTY_STORE});
export const EMPTY_SCORES: Scores = NO_ENTRIES;
export const EMPTY_USAGE_SNAPSHOTS: UsageSnapshots = NO_ENTRIES;
export const EMPTY_STATE_FILE: StateFile = Object.freeze({profileNames: Object.freeze([]) as readonly string[], activeProfile: null, lastRunSelectedProfiles: 0, responseBindings: new Map(), sessionBindings: new Map()});
