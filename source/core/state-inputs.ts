/** The persisted-state inputs of the doctor rules (docs/state-files.md); empty until the state is read. */
export type StateInputs = {
	readonly degradedRoutes: readonly string[];
	readonly orphanManagedDirs: readonly string[];
	readonly stalePersistedUsageSnapshots: number;
	readonly persistedDeadContinuations: number;
	readonly suspectContinuationBindings: readonly string[];
};

/** State inputs when no prodex home is read: every rule that reads state stays silent. */
export const EMPTY_STATE: StateInputs = Object.freeze({
	degradedRoutes: Object.freeze([]) as readonly string[],
	orphanManagedDirs: Object.freeze([]) as readonly string[],
	stalePersistedUsageSnapshots: 0,
	persistedDeadContinuations: 0,
	suspectContinuationBindings: Object.freeze([]) as readonly string[],
});

/** The persisted-state counters the doctor prints and `--json` carries (docs/output.md §4.1). */
export type StateCounters = {
	readonly persisted_retry_backoffs: number;
	readonly persisted_transport_backoffs: number;
	readonly persisted_route_circuits: number;
	readonly persisted_usage_snapshots: number;
	readonly persisted_response_bindings: number;
	readonly persisted_session_bindings: number;
	readonly persisted_turn_state_bindings: number;
	readonly persisted_session_id_bindings: number;
	readonly persisted_verified_continuations: number;
	readonly persisted_warm_continuations: number;
	readonly persisted_suspect_continuations: number;
	readonly persisted_continuation_journal_response_bindings: number;
	readonly persisted_continuation_journal_session_bindings: number;
	readonly persisted_continuation_journal_turn_state_bindings: number;
	readonly persisted_continuation_journal_session_id_bindings: number;
	readonly continuation_journal_saved_at: number | null;
	readonly recovered_state_file: boolean;
	readonly recovered_continuations_file: boolean;
	readonly recovered_continuation_journal_file: boolean;
	readonly recovered_scores_file: boolean;
	readonly recovered_usage_snapshots_file: boolean;
	readonly recovered_backoffs_file: boolean;
	readonly last_good_backups_present: number;
};

/** Counters when no prodex home is read. */
export const ZERO_COUNTERS: StateCounters = Object.freeze({
	persisted_retry_backoffs: 0,
	persisted_transport_backoffs: 0,
	persisted_route_circuits: 0,
	persisted_usage_snapshots: 0,
	persisted_response_bindings: 0,
	persisted_session_bindings: 0,
	persisted_turn_state_bindings: 0,
	persisted_session_id_bindings: 0,
	persisted_verified_continuations: 0,
	persisted_warm_continuations: 0,
	persisted_suspect_continuations: 0,
	persisted_continuation_journal_response_bindings: 0,
	persisted_continuation_journal_session_bindings: 0,
	persisted_continuation_journal_turn_state_bindings: 0,
	persisted_continuation_journal_session_id_bindings: 0,
	continuation_journal_saved_at: null,
	recovered_state_file: false,
	recovered_continuations_file: false,
	recovered_continuation_journal_file: false,
	recovered_scores_file: false,
	recovered_usage_snapshots_file: false,
	recovered_backoffs_file: false,
	last_good_backups_present: 0,
});
