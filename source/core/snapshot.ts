/**
 * What the store publishes and the dashboard reads: one immutable snapshot per batch, and the
 * small interface a snapshot source offers (so ui/ depends on core/, never on tail/).
 *
 * Pure TypeScript: no Node APIs.
 */
import type {Finalized} from './finalize.js';
import type {IncidentTrack} from './incident-history.js';
import type {DiagnosisChange} from './diagnosis-trail.js';
import type {PressureTrack} from './pressure-history.js';
import type {RateSeries} from './rates.js';
import type {RuleSet} from './rules/types.js';
import type {RunCounts} from './run-counters.js';
import type {PersistedState} from './state/derive.js';
import type {WindowId} from './window.js';

/** Lines that arrived in one wall-clock second. */
export type Arrival = {readonly second: number; readonly lines: number};

/**
 * Lines per second over the 10 seconds before `nowMs`. Worked out when drawn, not when the store
 * published, so an idle log's rate falls to 0 instead of standing at its last busy value.
 */
export function linesPerSecond(arrivals: readonly Arrival[], nowMs: number): number {
	const from = Math.floor(nowMs / 1000) - 10;
	return arrivals.filter(entry => entry.second >= from).reduce((sum, entry) => sum + entry.lines, 0) / 10;
}

/** One followed log (a proxy run). */
export type RunInfo = {
	readonly id: number;
	/** The file followed, or null for standard input. */
	readonly logPath: string | null;
	/** What the header shows: the path, or "standard input". */
	readonly label: string;
	readonly rules: RuleSet;
	readonly rulesReason: string;
	readonly startedAt: number;
};

/** Every follow status kind (the exporter's `prodex_follow_status` state set lists them all). */
export const FOLLOW_STATUS_KINDS = ['following', 'catching-up', 'waiting', 'truncated', 'rotated', 'new-run', 'ended', 'unreadable'] as const;

/** The follow state the header shows, in words (never by colour alone). */
export type FollowStatus = {
	readonly kind: (typeof FOLLOW_STATUS_KINDS)[number];
	readonly text: string;
	readonly sinceMs: number;
};

/** A recent marker line for the Markers panel (already redacted and control-free). */
export type RecentLine = {readonly marker: string; readonly text: string; readonly timeMs: number};

/** A finished run kept reachable after a switch. */
export type RunRecord = {readonly run: RunInfo; readonly finalized: Finalized; readonly endedAt: number; readonly lines: number};

/** One immutable published state of the store. */
export type StoreSnapshot = {
	readonly seq: number;
	/** Bumped only when the summary itself was recomputed (not for status-only publishes). */
	readonly summarySeq: number;
	readonly generatedAt: number;
	readonly run: RunInfo | null;
	/** The run's existing content has been read (live updates from here on). */
	readonly caughtUp: boolean;
	readonly window: WindowId;
	/** The doctor window's size (`--tail-bytes`; 0 = whole file). */
	readonly tailBytes: number;
	readonly windowLines: number;
	readonly finalized: Finalized;
	readonly status: FollowStatus;
	readonly paused: boolean;
	/** Lines that arrived since pausing (not shown yet). */
	readonly bufferedLines: number;
	/** Lines that arrived per wall-clock second, the last 11 seconds with any (see `linesPerSecond`). */
	readonly arrivals: readonly Arrival[];
	readonly lastLineAt: number | null;
	readonly totals: {readonly lines: number; readonly bytes: number; readonly cutLines: number};
	/** The current run's counters (whole run; they start at 0 with a new run, never follow a baseline reset). */
	readonly runCounts: RunCounts;
	readonly rates: RateSeries;
	readonly recent: readonly RecentLine[];
	readonly markerLastSeen: ReadonlyMap<string, number>;
	readonly previousRuns: readonly RunRecord[];
	readonly baselineAt: number | null;
	/** The persisted prodex state in use (its inputs feed the diagnosis). */
	readonly persisted: PersistedState;
	/** The diagnosis text shown before the current one, and since when the current one holds. */
	readonly previousDiagnosis: string | null;
	readonly diagnosisSince: number;
	readonly notes: readonly string[];
	/** Every incident of the run in the shown window: active first, then cleared (with when). */
	readonly incidentHistory: readonly IncidentTrack[];
	/** The run's pressure levels per 10-second bucket in the shown window (since caught up). */
	readonly pressureHistory: PressureTrack;
	/** The run's diagnosis changes since caught up, oldest first (the newest MAX_CHANGES). */
	readonly diagnosisChanges: readonly DiagnosisChange[];
};

/** Where snapshots come from (the live store; tests pass fakes): React's useSyncExternalStore contract. */
export type SnapshotSource = {
	readonly subscribe: (listener: () => void) => () => void;
	readonly getSnapshot: () => StoreSnapshot;
};
