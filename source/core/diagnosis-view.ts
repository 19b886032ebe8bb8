import type {BacklogKey} from './rules/types.js';
import type {StateInputs} from './state-inputs.js';

/** What a diagnosis rule may read: the finalized log summary plus the persisted state. */
export type DiagnosisView = {
	readonly pointerExists: boolean;
	readonly logExists: boolean;
	readonly lineCount: number;
	/** `marker_counts[m]` after finalize (0 when absent). */
	count(marker: string): number;
	/** Whether any of the markers has a count above 0. */
	any(markers: readonly string[]): boolean;
	/** `marker_last_fields[m][k]`, or undefined when absent. */
	last(marker: string, key: string): string | undefined;
	/** The value tally of a facet, or undefined when the facet never occurred. */
	facet(name: string): ReadonlyMap<string, number> | undefined;
	readonly previousResponseNotFoundByRoute: ReadonlyMap<string, number>;
	readonly compatWarningCount: number;
	readonly topClient: string | null;
	readonly topClientFamily: string | null;
	readonly topCompatWarning: string | null;
	backlog(key: BacklogKey): bigint | null;
	readonly state: StateInputs;
	/** Current rules only: the latest chain event text (doctor-rules.md §2.2). */
	readonly latestChainEvent: string | null;
	/** Current rules only: the last `reason` of `stale_continuation`. */
	readonly latestStaleContinuationReason: string | null;
	/** Current rules only: `request_shape` tally of `previous_response_fresh_fallback_blocked`. */
	readonly blockedRequestShapes: ReadonlyMap<string, number>;
};
