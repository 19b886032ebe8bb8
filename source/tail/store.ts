import {Deque} from '../core/deque.js';
import {DiagnosisTrail} from '../core/diagnosis-trail.js';
import {finalize, type Finalized, type SourceFacts} from '../core/finalize.js';
import {RULES_027} from '../core/rules/v027.js';
import {ArrivalCounter, Run, type IncomingLine} from '../core/run.js';
import {NO_RUN_COUNTS} from '../core/run-counters.js';
import {EMPTY_PERSISTED_STATE, type PersistedState} from '../core/state/derive.js';
import {SummaryAccumulator} from '../core/summary.js';
import {EMPTY_PRESSURE_TRACK} from '../core/pressure-history.js';
import {WINDOWS, type WindowId} from '../core/window.js';
import type {FollowStatus, RunInfo, RunRecord, StoreSnapshot} from '../core/snapshot.js';
import type {FileChange} from './follower.js';

export type {Arrival, FollowStatus, RecentLine, RunInfo, RunRecord, StoreSnapshot} from '../core/snapshot.js';
export {linesPerSecond} from '../core/snapshot.js';

/** Longest stretch of line work between two yields to the event loop (keys stay responsive while a backlog is read). */
const SLICE_MS = 40;

export type StoreOptions = {
	readonly window?: WindowId;
	readonly tailBytes: number;
	/** Batch period: lines are applied and published at most this often (ms). */
	readonly batchMs?: number;
	/** Lines applied per chunk; a batch applies chunks for at most SLICE_MS, so a backlog never freezes the UI. */
	readonly batchLines?: number;
	readonly now?: () => number;
	/** Count marker lines per `profile=` value over each run (`--metrics-labels profile`). */
	readonly countProfiles?: boolean;
};

const KEPT_RUNS = 10;
const PAUSED_STATUS_MS = 1000;
const STICKY = new Set<FollowStatus['kind']>(['truncated', 'rotated', 'new-run']);
const STICKY_MS = 5000;
/** Most lines held while paused; older ones are applied (not shown) so memory stays bounded. */
const PAUSE_BUFFER_LINES = 500_000;

const NO_FACTS: SourceFacts = {logPath: null, pointerExists: false, logExists: false, pointerNote: null, readError: null};
/** Only ever seen before the first read of a snapshot (getSnapshot finalizes the real one). */
const EMPTY_FINALIZED: Finalized = finalize(new SummaryAccumulator(RULES_027).summary(), RULES_027, NO_FACTS, EMPTY_PERSISTED_STATE.inputs);

/**
 * The one store behind the dashboard and `--json --follow` (subscribe / getSnapshot, fit for
 * React's useSyncExternalStore). Lines are batched every `batchMs` and applied to the current
 * run (core/run.ts); one immutable snapshot is published per batch. The summary is finalized
 * when a snapshot is read, not when it is published: a dashboard that draws twice a second does
 * not pay for the ~13 batches a second a busy log makes. Paused, lines are held (only the count
 * is published, at most once a second); resuming applies them.
 */
export class Store {
	private readonly listeners = new Set<() => void>();
	private snapshot: StoreSnapshot;
	/** The published snapshot's summary may have changed since it was last finalized. */
	private stale = false;
	private run: Run | null = null;
	private readonly pending = new Deque<IncomingLine>();
	private pendingSize = 0;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private expiryTimer: ReturnType<typeof setTimeout> | null = null;
	private window: WindowId;
	private persisted: PersistedState = EMPTY_PERSISTED_STATE;
	private readonly trail = new DiagnosisTrail();
	private facts: SourceFacts = NO_FACTS;
	private status: FollowStatus;
	private paused = false;
	private buffered = 0;
	private lastPausedPublish = 0;
	private readonly arrivals = new ArrivalCounter();
	private previousRuns: RunRecord[] = [];
	private baselineAt: number | null = null;
	private readonly now: () => number;
	private readonly batchMs: number;
	private readonly batchLines: number;
	private nextRunId = 1;
	private caughtUp = false;

	constructor(private readonly options: StoreOptions) {
		this.now = options.now ?? Date.now;
		this.batchMs = options.batchMs ?? 75;
		this.batchLines = options.batchLines ?? 2000;
		this.window = options.window ?? 'doctor';
		this.status = {kind: 'waiting', text: 'starting', sinceMs: this.now()};
		this.snapshot = this.build(this.now(), undefined);
		this.stale = true;
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** The newest snapshot, its summary finalized now if it has changed since it was last read. */
	readonly getSnapshot = (): StoreSnapshot => {
		if (this.stale) {
			this.stale = false;
			this.snapshot = this.withSummary(this.snapshot);
		}
		return this.snapshot;
	};

	/**
	 * `window`'s summary finalized as the snapshot's would be: the snapshot's own when the store
	 * shows that window, else finalized now (the exporter keeps `--window` while the dashboard's
	 * `w` shows another).
	 */
	finalizedFor(window: WindowId): Finalized {
		const snapshot = this.getSnapshot();
		if (window === this.window) return snapshot.finalized;
		const run = this.run;
		const rules = run?.info.rules ?? RULES_027;
		return finalize(run === null ? new SummaryAccumulator(rules).summary() : run.summary(window), rules, this.facts, this.persisted.inputs);
	}

	/** Lines received but not applied yet (the follower holds back while this is large). */
	get backlog(): number {
		return this.pending.length;
	}

	/** Start a new run: the previous run's final summary stays reachable in `previousRuns`. */
	beginRun(info: Omit<RunInfo, 'id' | 'startedAt'>, facts: SourceFacts): void {
		const previousFacts = this.facts;
		this.flush(Number.POSITIVE_INFINITY);
		const previous = this.run;
		if (previous !== null) {
			previous.expire(this.now());
			const finalized = finalize(previous.summary(this.window), previous.info.rules, previousFacts, this.persisted.inputs);
			this.previousRuns = [{run: previous.info, finalized, endedAt: this.now(), lines: previous.totals.lines}, ...this.previousRuns].slice(0, KEPT_RUNS);
		}
		const run: RunInfo = {...info, id: this.nextRunId++, startedAt: this.now()};
		this.run = new Run(run, this.options.tailBytes, this.arrivals, this.options.countProfiles ?? false);
		this.facts = facts;
		this.baselineAt = null;
		this.caughtUp = false;
		this.setStatusQuietly(previous === null ? 'following' : 'new-run', previous === null ? 'following' : 'new proxy run ([ shows the previous)');
		this.publish(true);
	}
	/** Pointer / log facts changed (re-located); they feed the diagnosis like prodex's. */
	setFacts(facts: SourceFacts): void {
		const old = this.facts;
		if (old.logPath === facts.logPath && old.pointerExists === facts.pointerExists && old.logExists === facts.logExists && old.pointerNote === facts.pointerNote && old.readError === facts.readError) return;
		this.facts = facts;
		this.publish(true);
	}

	/** The follower has read everything the run's file held when following began. */
	markCaughtUp(): void {
		if (this.caughtUp || this.run === null) return;
		this.flushNow();
		this.caughtUp = true;
		this.publish(false);
	}

	/** Persisted prodex state (degraded routes, orphans, snapshots, continuations). */
	setState(state: PersistedState): void {
		this.persisted = state;
		this.publish(true);
	}

	/** New lines from the follower; `fileSize` is the bytes of the file read so far. */
	ingest(lines: readonly IncomingLine[], fileSize: number): void {
		for (const line of lines) this.pending.push(line);
		this.pendingSize = fileSize;
		if (!this.paused) {
			this.schedule();
			return;
		}
		this.buffered += lines.length;
		if (this.pending.length > PAUSE_BUFFER_LINES) this.flush(this.pending.length - PAUSE_BUFFER_LINES);
		if (this.now() - this.lastPausedPublish >= PAUSED_STATUS_MS) this.publish(false);
		else this.schedulePausedStatus();
	}

	/** The file was truncated or replaced: the doctor window starts over. */
	fileChanged(kind: FileChange, unreadBytes = 0): void {
		this.flush(Number.POSITIVE_INFINITY);
		this.run?.resetDoctor();
		if (kind === 'truncated') this.run?.noteTruncation(unreadBytes);
		this.setStatusQuietly(kind === 'truncated' ? 'truncated' : 'rotated', kind === 'truncated' ? 'log truncated: restarted at byte 0' : kind === 'rotated' ? 'log replaced: following the new file' : 'log reappeared');
		this.publish(true);
	}

	/** Set the follow status shown in the header. */
	setStatus(kind: FollowStatus['kind'], text: string): void {
		if (this.status.kind === kind && this.status.text === text) return;
		// An event (truncation, rotation, new run) stays visible a few seconds before "following" replaces it.
		if (kind === 'following' && STICKY.has(this.status.kind) && this.now() - this.status.sinceMs < STICKY_MS) return;
		this.setStatusQuietly(kind, text);
		this.publish(false);
	}

	setWindow(window: WindowId): void {
		this.window = window;
		this.publish(true);
	}

	/** The next window in `WINDOWS` order. */
	cycleWindow(): void {
		this.setWindow(WINDOWS[(WINDOWS.indexOf(this.window) + 1) % WINDOWS.length]!);
	}

	pause(): void {
		if (this.paused) return;
		// What is on screen when pausing is what stays there: the summary is settled now.
		this.getSnapshot();
		this.paused = true;
		this.buffered = 0;
		this.publish(false);
	}

	resume(): void {
		if (!this.paused) return;
		this.paused = false;
		this.buffered = 0;
		this.publish(true);
		if (this.pending.length > 0) this.schedule();
	}

	/** Forget the counted lines of every window: counting starts again "since now". */
	resetBaseline(): void {
		this.flush(Number.POSITIVE_INFINITY);
		this.run?.resetBaseline();
		this.baselineAt = this.now();
		this.publish(true);
	}

	/** Stop timers (the store stays readable). */
	dispose(): void {
		if (this.timer !== null) clearTimeout(this.timer);
		if (this.expiryTimer !== null) clearTimeout(this.expiryTimer);
		this.timer = null;
		this.expiryTimer = null;
	}

	/** Apply pending lines now and publish (tests, shutdown). */
	flushNow(): void {
		if (this.timer !== null) clearTimeout(this.timer);
		this.timer = null;
		this.flush(Number.POSITIVE_INFINITY);
		this.publish(!this.paused);
	}

	private schedule(): void {
		if (this.timer !== null) return;
		this.timer = setTimeout(() => this.runBatch(), this.pending.length > this.batchLines ? 0 : this.batchMs);
	}

	/**
	 * Apply pending lines in `batchLines` chunks for at most SLICE_MS, then publish and yield (keys
	 * and frames run between slices). A backlog (start-up on a large log) is worked off slice after
	 * slice without waiting `batchMs` in between; a steady trickle is batched every `batchMs`.
	 */
	private runBatch(): void {
		this.timer = null;
		if (this.paused) return;
		const until = performance.now() + SLICE_MS;
		let changed = false;
		do {
			changed = this.flush(this.batchLines) || changed;
		} while (this.pending.length > 0 && performance.now() < until);
		if (changed) this.publish(true);
		if (this.pending.length > 0) this.schedule();
	}

	private schedulePausedStatus(): void {
		if (this.expiryTimer !== null) return;
		this.expiryTimer = setTimeout(() => {
			this.expiryTimer = null;
			if (this.paused) this.publish(false);
		}, PAUSED_STATUS_MS);
	}

	/** Apply up to `limit` pending lines to the current run; returns whether anything changed. */
	private flush(limit: number): boolean {
		const run = this.run;
		if (run === null || this.pending.length === 0) return false;
		const lines: IncomingLine[] = [];
		for (let left = Math.min(limit, this.pending.length); left > 0; left--) lines.push(this.pending.shift()!);
		run.apply(lines, this.pendingSize);
		return true;
	}

	private setStatusQuietly(kind: FollowStatus['kind'], text: string): void {
		this.status = {kind, text, sinceMs: this.now()};
	}

	/** Publish a new snapshot; `recompute` = the summary itself may have changed (it is finalized when read). */
	private publish(recompute: boolean): void {
		const now = this.now();
		this.run?.expire(now);
		this.snapshot = this.build(now, this.snapshot);
		if (recompute) this.stale = true;
		if (this.paused) this.lastPausedPublish = now;
		this.scheduleExpiry(now);
		for (const listener of this.listeners) listener();
	}

	/** Re-publish when the active time window next loses a second (no timer while nothing can expire). */
	private scheduleExpiry(now: number): void {
		if (this.paused || this.run === null) return;
		const next = this.run.nextExpiryMs(this.window);
		if (this.expiryTimer !== null) clearTimeout(this.expiryTimer);
		this.expiryTimer = null;
		if (next === null) return;
		this.expiryTimer = setTimeout(() => {
			this.expiryTimer = null;
			this.publish(true);
		}, Math.max(1000, next - now));
	}

	/** The snapshot with the current window's summary finalized, and the diagnosis trail moved on. */
	private withSummary(snapshot: StoreSnapshot): StoreSnapshot {
		const run = this.run;
		const rules = run?.info.rules ?? RULES_027;
		const summary = run === null ? new SummaryAccumulator(rules).summary() : run.summary(this.window);
		const finalized = finalize(summary, rules, this.facts, this.persisted.inputs);
		const trail = this.trail.observe(run?.info.id ?? null, finalized.report.diagnosis, this.caughtUp, snapshot.generatedAt);
		let incidentHistory = snapshot.incidentHistory;
		if (run !== null && finalized.incidents !== null) {
			const history = run.incidentHistory(this.window);
			history.observe(finalized.incidents.map(incident => incident.id), snapshot.generatedAt);
			incidentHistory = history.view();
		}
		// Pressure levels once the run's backlog is read (a half-read backlog's levels are no history).
		let pressureHistory = snapshot.pressureHistory;
		if (run !== null && this.caughtUp) {
			const history = run.pressureHistory(this.window);
			history.observe(finalized.report, snapshot.generatedAt);
			pressureHistory = history.view();
		}
		return {...snapshot, finalized, windowLines: summary.lineCount, summarySeq: snapshot.summarySeq + 1, previousDiagnosis: trail.previous, diagnosisSince: trail.since, incidentHistory, pressureHistory, diagnosisChanges: trail.changes};
	}

	/** The next snapshot: everything but the summary is current; the summary is the last finalized one until read. */
	private build(now: number, previous: StoreSnapshot | undefined): StoreSnapshot {
		const run = this.run;
		const view = run?.view(now);
		return {
			seq: (previous?.seq ?? 0) + 1,
			summarySeq: previous?.summarySeq ?? 0,
			generatedAt: now,
			run: run?.info ?? null,
			caughtUp: this.caughtUp,
			window: this.window,
			tailBytes: this.options.tailBytes,
			windowLines: previous?.windowLines ?? 0,
			finalized: previous?.finalized ?? EMPTY_FINALIZED,
			status: this.status,
			paused: this.paused,
			bufferedLines: this.buffered,
			arrivals: this.arrivals.arrivals,
			lastLineAt: this.arrivals.lastLineAt,
			totals: view?.totals ?? {lines: 0, bytes: 0, cutLines: 0},
			runCounts: view?.counts ?? NO_RUN_COUNTS,
			rates: view?.rates ?? {startMs: now, buckets: []},
			recent: view?.recent ?? [],
			markerLastSeen: view?.lastSeen ?? new Map(),
			previousRuns: this.previousRuns,
			baselineAt: this.baselineAt,
			persisted: this.persisted,
			previousDiagnosis: previous?.previousDiagnosis ?? null,
			diagnosisSince: previous?.diagnosisSince ?? now,
			notes: view?.notes ?? [],
			// The run's history as of the last finalization (a new run starts with none).
			incidentHistory: previous !== undefined && previous.run?.id === run?.info.id ? previous.incidentHistory : [],
			pressureHistory: previous !== undefined && previous.run?.id === run?.info.id && previous.window === this.window ? previous.pressureHistory : EMPTY_PRESSURE_TRACK,
			diagnosisChanges: previous !== undefined && previous.run?.id === run?.info.id ? previous.diagnosisChanges : [],
		};
	}
}
