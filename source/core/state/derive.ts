import {EMPTY_STATE, ZERO_COUNTERS, type StateCounters, type StateInputs} from '../state-inputs.js';
import {stateConfig, type StateConfig} from './config.js';
import {compactBackoffs, compactScores, compactUsageSnapshots} from './compact.js';
import {compactStore, lifecycleCounts, mergeStores, RESPONSE_TURN_STATE_PREFIX} from './continuations.js';
import {loadFile, type Loaded, type LoadSpec, type RawFilePair} from './load.js';
import {orphanManagedDirs, type ProfileDirEntry} from './orphans.js';
import {readContinuationStore, readJournal} from './parse-continuations.js';
import {parseBackoffs, parseScores, parseStateFile, parseUsageSnapshots} from './parse-files.js';
import {profileSummaries, type ProfileSummary} from './profiles.js';
import {degradedRoutes} from './routes.js';
import {snapshotUsable} from './quota.js';
import {bindingState, turnStateCoverage, type BindingState} from './bindings.js';
import {
	EMPTY_BACKOFFS,
	EMPTY_JOURNAL,
	EMPTY_SCORES,
	EMPTY_STATE_FILE,
	EMPTY_STORE,
	EMPTY_USAGE_SNAPSHOTS,
	type Backoffs,
	type ContinuationStore,
	type Journal,
	type Scores,
	type StateFile,
	type UsageSnapshots,
} from './types.js';

/** The file names in a prodex root (docs/state-files.md §1). */
export const STATE_FILE_NAMES = {
	state: 'state.json',
	backoffs: 'runtime-backoffs.json',
	scores: 'runtime-scores.json',
	usageSnapshots: 'runtime-usage-snapshots.json',
	continuations: 'runtime-continuations.json',
	journal: 'runtime-continuation-journal.json',
} as const;

/** Which state file. */
export type StateFileKey = keyof typeof STATE_FILE_NAMES;

/** `<root>/profiles/` as the I/O side found it. */
export type ProfilesListing =
	| {readonly kind: 'entries'; readonly entries: readonly ProfileDirEntry[]}
	| {readonly kind: 'missing'}
	| {readonly kind: 'unreadable'; readonly reason: string};

/** Everything read from a prodex root, as plain data (the input of `deriveState`). */
export type RawStateFiles = {readonly [K in StateFileKey]: RawFilePair} & {
	/** How many of the six `.last-good` files exist (following symlinks, like Rust's `Path::exists`). */
	readonly lastGoodBackupsPresent: number;
	readonly profilesDir: ProfilesListing;
};

/** The parsed (not yet compacted) content of each file from its last successful load. */
export type LoadedFiles = {
	readonly state: Loaded<StateFile> | null;
	readonly backoffs: Loaded<Backoffs> | null;
	readonly scores: Loaded<Scores> | null;
	readonly usageSnapshots: Loaded<UsageSnapshots> | null;
	readonly continuations: Loaded<ContinuationStore> | null;
	readonly journal: Loaded<Journal> | null;
};

/** The doctor's view of the persisted state. */
export type PersistedState = {
	/** The five inputs of the diagnosis rules. */
	readonly inputs: StateInputs;
	/** The `persisted_*`, `recovered_*`, journal and backup counters (`--json` names). */
	readonly counters: StateCounters;
	/** `profiles[]` of `--json`. */
	readonly profiles: readonly ProfileSummary[];
	/** `binding_state` and `persisted_turn_state_coverage_percent` (current rules' `--json`). */
	readonly bindingState: BindingState;
	readonly turnStateCoverage: number | null;
	/** Human-readable problems (unreadable files, recoveries), empty when all is well. */
	readonly notes: readonly string[];
	/** What each file held, so a later re-read can keep the previous good values. */
	readonly loaded: LoadedFiles;
};

const NO_FILES: LoadedFiles = Object.freeze({state: null, backoffs: null, scores: null, usageSnapshots: null, continuations: null, journal: null});

/** No prodex root read: every state-derived value empty. */
export const EMPTY_PERSISTED_STATE: PersistedState = Object.freeze({
	inputs: EMPTY_STATE,
	counters: ZERO_COUNTERS,
	profiles: Object.freeze([]) as readonly ProfileSummary[],
	bindingState: bindingState(EMPTY_STATE_FILE, EMPTY_STORE, EMPTY_STORE, EMPTY_STORE),
	turnStateCoverage: null,
	notes: Object.freeze([]) as readonly string[],
	loaded: NO_FILES,
});

const EMPTY_DEFAULT = 'using the empty default';

const SPECS: {readonly [K in StateFileKey]: LoadSpec<NonNullable<LoadedFiles[K]>['value']>} = {
	state: {name: STATE_FILE_NAMES.state, parse: parseStateFile, envelope: false, fallbackText: 'skipping all persisted state'},
	backoffs: {name: STATE_FILE_NAMES.backoffs, parse: parseBackoffs, envelope: true, fallbackText: EMPTY_DEFAULT},
	scores: {name: STATE_FILE_NAMES.scores, parse: parseScores, envelope: true, fallbackText: EMPTY_DEFAULT},
	usageSnapshots: {name: STATE_FILE_NAMES.usageSnapshots, parse: parseUsageSnapshots, envelope: true, fallbackText: EMPTY_DEFAULT},
	continuations: {name: STATE_FILE_NAMES.continuations, parse: readContinuationStore, envelope: true, fallbackText: EMPTY_DEFAULT},
	journal: {name: STATE_FILE_NAMES.journal, parse: readJournal, envelope: true, fallbackText: EMPTY_DEFAULT},
};

/** Options of `deriveState`. */
export type DeriveOptions = {
	/** Replace production constants (tests). */
	readonly config?: Partial<StateConfig>;
	/** The previous result: a file that fails now keeps its previous good values (re-reads while running). */
	readonly previous?: PersistedState | null;
};

/**
 * The doctor's persisted-state inputs, counters and `profiles[]` from the raw files of a prodex
 * root at `now` (epoch seconds): load each file with the backup rules (§2), compact at load (§4),
 * derive per §5. Pure: all file-system facts arrive in `files`.
 */
export function deriveState(files: RawStateFiles, now: number, options: DeriveOptions = {}): PersistedState {
	const config = stateConfig(options.config);
	const at = BigInt(Math.floor(now));
	const before = options.previous?.loaded ?? NO_FILES;
	const notes: string[] = [];
	const load = <K extends StateFileKey>(key: K) => {
		const result = loadFile(SPECS[key], files[key], before[key] as Loaded<NonNullable<LoadedFiles[K]>['value']> | null);
		if (result.note !== null) notes.push(result.note);
		return result;
	};
	const state = load('state');
	if (state.loaded === null && state.note !== null) return {...EMPTY_PERSISTED_STATE, notes, loaded: {...before, state: null}};
	const loaded: LoadedFiles = {
		state: state.loaded,
		backoffs: load('backoffs').loaded,
		scores: load('scores').loaded,
		usageSnapshots: load('usageSnapshots').loaded,
		continuations: load('continuations').loaded,
		journal: load('journal').loaded,
	};
	const stateFile = loaded.state?.value ?? EMPTY_STATE_FILE;
	const profileSet = new Set(stateFile.profileNames);
	const backoffs = compactBackoffs(loaded.backoffs?.value ?? EMPTY_BACKOFFS, profileSet, at, config);
	const scores = compactScores(loaded.scores?.value ?? EMPTY_SCORES, profileSet, at, config);
	const snapshots = compactUsageSnapshots(loaded.usageSnapshots?.value ?? EMPTY_USAGE_SNAPSHOTS, profileSet, at, config);
	const store = compactStore(loaded.continuations?.value ?? EMPTY_STORE, at, config);
	const journal = loaded.journal?.value ?? EMPTY_JOURNAL;
	const journalStore = compactStore(journal.store, at, config);
	const merged = mergeStores(store, journalStore, at, config);
	const lifecycle = lifecycleCounts(merged.statuses);
	const listing = files.profilesDir;
	if (listing.kind === 'unreadable') notes.push(`profiles/: unreadable (${listing.reason}); no orphan check`);
	const orphans = listing.kind === 'entries' ? orphanManagedDirs(listing.entries, profileSet, at, config.orphanRetentionSeconds) : [];
	const stale = [...snapshots.values()].filter(snapshot => !snapshotUsable(snapshot, at, config.usageSnapshotStaleGraceSeconds)).length;
	const counters: StateCounters = {
		persisted_retry_backoffs: backoffs.retry.size,
		persisted_transport_backoffs: backoffs.transport.size,
		persisted_route_circuits: backoffs.circuits.size,
		persisted_usage_snapshots: snapshots.size,
		persisted_response_bindings: [...store.responseBindings.keys()].filter(key => !key.startsWith(RESPONSE_TURN_STATE_PREFIX)).length,
		persisted_session_bindings: store.sessionBindings.size,
		persisted_turn_state_bindings: store.turnStateBindings.size,
		persisted_session_id_bindings: store.sessionIdBindings.size,
		persisted_verified_continuations: lifecycle.verified,
		persisted_warm_continuations: lifecycle.warm,
		persisted_suspect_continuations: lifecycle.suspect,
		persisted_continuation_journal_response_bindings: journalStore.responseBindings.size,
		persisted_continuation_journal_session_bindings: journalStore.sessionBindings.size,
		persisted_continuation_journal_turn_state_bindings: journalStore.turnStateBindings.size,
		persisted_continuation_journal_session_id_bindings: journalStore.sessionIdBindings.size,
		// saved_at is an i64; epoch seconds are far below 2^53, so a number is exact in practice.
		continuation_journal_saved_at: journal.savedAt > 0n ? Number(journal.savedAt) : null,
		recovered_state_file: loaded.state?.recovered ?? false,
		recovered_continuations_file: loaded.continuations?.recovered ?? false,
		recovered_continuation_journal_file: loaded.journal?.recovered ?? false,
		recovered_scores_file: loaded.scores?.recovered ?? false,
		recovered_usage_snapshots_file: loaded.usageSnapshots?.recovered ?? false,
		recovered_backoffs_file: loaded.backoffs?.recovered ?? false,
		last_good_backups_present: files.lastGoodBackupsPresent,
	};
	return {
		inputs: {
			degradedRoutes: degradedRoutes(backoffs, scores, at, config),
			orphanManagedDirs: orphans,
			stalePersistedUsageSnapshots: stale,
			persistedDeadContinuations: lifecycle.dead,
			suspectContinuationBindings: lifecycle.suspectBindings,
		},
		counters,
		profiles: profileSummaries(stateFile.profileNames, snapshots, scores, backoffs, at, config),
		bindingState: bindingState(stateFile, store, journalStore, merged),
		turnStateCoverage: turnStateCoverage(merged, key => !key.startsWith(RESPONSE_TURN_STATE_PREFIX)),
		notes,
		loaded,
	};
}
