import type {StateInputs} from '../state-inputs.js';

/** Which doctor rule set a summary follows. */
export type {RuleSetId} from './registry.js';
import type {RuleSetId} from './registry.js';

/** The five marker lists the pressure rules read (docs/rules.md §1.4, §2.4). */
export type PressureLists = {
	readonly selection: readonly string[];
	readonly transport: readonly string[];
	readonly persistence: readonly string[];
	readonly activePersistence: readonly string[];
	readonly activeQuotaRefresh: readonly string[];
	/** Markers that make quota freshness `stale_risk` on their own (probe errors; current adds backpressure and sync-probe skips). */
	readonly staleRisk: readonly string[];
};

/** A failure class and the markers whose counts it sums. */
export type FailureClass = {readonly name: string; readonly markers: readonly string[]};

/** Names of the six finalized backlog / lag numbers. */
export type BacklogKey =
	| 'state_save_queue_backlog'
	| 'state_save_lag_ms'
	| 'continuation_journal_save_backlog'
	| 'continuation_journal_save_lag_ms'
	| 'profile_probe_refresh_backlog'
	| 'profile_probe_refresh_lag_ms';

/** One finalized number: the first of `markers` whose last `field` parses as u64 wins. */
export type BacklogRule = {readonly key: BacklogKey; readonly field: 'backlog' | 'lag_ms'; readonly markers: readonly string[]};

/** One diagnosis rule: the first rule whose `when` holds gives the diagnosis. */
export type DiagnosisRule = {
	/** The rule's number in docs/rules.md (§1.11 for 0.27, §2.7 for current). */
	readonly n: number;
	readonly when: (view: DiagnosisView) => boolean;
	readonly text: (view: DiagnosisView) => string;
};

/** A whole rule set as data: catalog, facets, pressures, classes, finalize picks and the diagnosis chain. */
export type RuleSet = {
	readonly id: RuleSetId;
	/** Human label for headers ("0.27 rules", "current rules (prodex 0.411)"). */
	readonly label: string;
	/** Known markers in catalog order (order matters for the substring rule). */
	readonly markers: readonly string[];
	readonly facets: readonly string[];
	readonly pressure: PressureLists;
	/** Failure classes in alphabetical order. */
	readonly failureClasses: readonly FailureClass[];
	readonly backlogs: readonly BacklogRule[];
	readonly diagnosis: readonly DiagnosisRule[];
	/** Markers whose newest line is `latest_chain_event` (empty: the rule set keeps no chain bookkeeping). */
	readonly chainEventMarkers: readonly string[];
	/** Whether the summary keeps the current-era insights (docs/insights.md): selection, timelines, route events, incidents. */
	readonly insights: boolean;
};

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
	/** Current rules only: the latest chain event text (docs/rules.md §2.2). */
	readonly latestChainEvent: string | null;
	/** Current rules only: the last `reason` of `stale_continuation`. */
	readonly latestStaleContinuationReason: string | null;
	/** Current rules only: `request_shape` tally of `previous_response_fresh_fallback_blocked`. */
	readonly blockedRequestShapes: ReadonlyMap<string, number>;
};
