import {Deque} from '../core/deque.js';
import {finalize, type SourceFacts} from '../core/finalize.js';
import {parseLine} from '../core/line.js';
import {RateRing} from '../core/rates.js';
import {RULES_027} from '../core/rules/v027.js';
import {EMPTY_PERSISTED_STATE, type PersistedState} from '../core/state/derive.js';
import {SummaryAccumulator} from '../core/summary.js';
import {timestampMs} from '../core/timestamp.js';
import {WINDOWS, WindowSet, type WindowId} from '../core/window.js';
import type {FollowStatus, RecentLine, RunInfo, RunRecord, StoreSnapshot} from '../core/snapshot.js';
import type {FileChange, FollowedLine} from './follower.js';

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
};

const RECENT_LINES = 200;
const KEPT_RUNS = 10;
const PAUSED_STATUS_MS = 1000;
const STICKY = new Set<FollowStatus['kind']>(['truncated', 'rotated', 'new-run']);
const STICKY_MS = 5000;
/** Most lines held while paused; older ones are applied (not shown) so memory stays bounded. */
const PAUSE_BUFFER_LINES = 500_000;

const NO_FACTS: SourceFacts = {logPath: null, pointerExists: false, logExists: false, pointerNote: null, readError: null};

type Run = {info: RunInfo; windows: WindowSet; rates: RateRing; lastSeen: Map<string, number>; recent: RecentLine[]};

/**
 * The one store behind the dashboard and `--json --follow` (subscribe / getSnapshot, fit for
 * React's useSyncExternalStore). Lines are batched every `batchMs`, applied to every window of
 * the current run, and one immutable snapshot is published per batch. Paused, lines are held
 * (only the count is published, at most once a second); resuming applies them.
 */
export class Store {
	private readonly listeners = new Set<() => void>();
	private snapshot: StoreSnapshot;
	private run: Run | null = null;
	private readonly pending = new Deque<FollowedLine>();
	private pendingSize = 0;
	private timer: ReturnType<typeof setTimeout> | null = null;
	private expiryTimer: ReturnType<typeof setTimeout> | null = null;
	private window: WindowId;
	private persisted: PersistedState = EMPTY_PERSISTED_STATE;
	private diagnosisTrail: {previous: string | null; since: number; runId: number | null} = {previous: null, since: 0, runId: null};
	private facts: SourceFacts = NO_FACTS;
	private status: FollowStatus;
	private paused = false;
	private buffered = 0;
	private lastPausedPublish = 0;
	private totals = {lines: 0, bytes: 0, cutLines: 0};
	/** Lines prodex itself dropped (its `runtime_proxy_async_log_dropped` lines) in this run. */
	private droppedByProdex = 0;
	/** Lines per arrival second over the last 10 s (for lines/s), oldest first. */
	private arrivals: Array<{second: number; lines: number}> = [];
	private lastArrival: number | null = null;
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
		this.snapshot = this.build(true, this.now());
	}

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	readonly getSnapshot = (): StoreSnapshot => this.snapshot;

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
			previous.windows.expire(this.now());
			const finalized = finalize(previous.windows.summary(this.window), previous.info.rules, previousFacts, this.persisted.inputs);
			this.previousRuns = [{run: previous.info, finalized, endedAt: this.now(), lines: this.totals.lines}, ...this.previousRuns].slice(0, KEPT_RUNS);
		}
		const run: RunInfo = {...info, id: this.nextRunId++, startedAt: this.now()};
		this.run = {info: run, windows: new WindowSet(info.rules, this.options.tailBytes), rates: new RateRing(info.rules), lastSeen: new Map(), recent: []};
		this.facts = facts;
		this.totals = {lines: 0, bytes: 0, cutLines: 0};
		this.droppedByProdex = 0;
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
	ingest(lines: readonly FollowedLine[], fileSize: number): void {
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
	fileChanged(kind: FileChange): void {
		this.flush(Number.POSITIVE_INFINITY);
		this.run?.windows.resetDoctor();
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
		this.run?.windows.reset();
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
		for (let left = Math.min(limit, this.pending.length); left > 0; left--) {
			const followed = this.pending.shift()!;
			const line = parseLine(followed.text, run.info.rules);
			const timeMs = timestampMs(line.timestamp) ?? followed.arrivalMs;
			run.windows.add(line, {start: followed.start, bytes: followed.bytes, timeMs});
			run.rates.add(line, run.windows.newestTimeMs);
			if (line.marker !== null) {
				// The line's own time when it has one: lines read at start-up are not "0 s ago".
				run.lastSeen.set(line.marker, timeMs);
				// The text is made when a panel reads it: only the newest few are ever shown.
				run.recent.push({
					marker: line.marker,
					get text() {
						return line.markerLine ?? '';
					},
					timeMs,
				});
			}
			// Not a doctor marker, but worth saying: prodex's writer lost lines (queue full).
			if (line.marker === null && followed.text.includes('runtime_proxy_async_log_dropped')) {
				this.droppedByProdex += Number(/dropped_count=(\d+)/.exec(followed.text)?.[1] ?? 0);
			}
			this.totals.lines++;
			this.totals.bytes += followed.bytes;
			if (followed.cut) this.totals.cutLines++;
			this.countArrival(followed.arrivalMs);
		}
		if (run.recent.length > RECENT_LINES * 2) run.recent = run.recent.slice(-RECENT_LINES);
		// The doctor samples the file as it is now: the last `tailBytes` of what has been read.
		run.windows.trimDoctor(this.pendingSize);
		return true;
	}

	private countArrival(ms: number): void {
		const second = Math.floor(ms / 1000);
		const last = this.arrivals.at(-1);
		if (last?.second === second) last.lines++;
		else this.arrivals.push({second, lines: 1});
		if (this.arrivals.length > 11) this.arrivals.shift();
		this.lastArrival = ms;
	}

	/** Remember the diagnosis shown before, and since when the current one holds (per run). */
	private trackDiagnosis(previous: StoreSnapshot | undefined, diagnosis: string, now: number): void {
		const runId = this.run?.info.id ?? null;
		const before = previous?.finalized.report.diagnosis;
		// Until the run's existing content is read, nothing is a "change" yet.
		if (runId !== this.diagnosisTrail.runId || !this.caughtUp) this.diagnosisTrail = {previous: null, since: now, runId};
		else if (before !== undefined && before !== diagnosis) this.diagnosisTrail = {previous: before, since: now, runId};
	}

	private setStatusQuietly(kind: FollowStatus['kind'], text: string): void {
		this.status = {kind, text, sinceMs: this.now()};
	}

	/** Publish a new snapshot; `recompute` = the summary itself may have changed. */
	private publish(recompute: boolean): void {
		const now = this.now();
		this.run?.windows.expire(now);
		this.snapshot = this.build(recompute, now);
		if (this.paused) this.lastPausedPublish = now;
		this.scheduleExpiry(now);
		for (const listener of this.listeners) listener();
	}

	/** Re-publish when the active time window next loses a second (no timer while nothing can expire). */
	private scheduleExpiry(now: number): void {
		if (this.paused || this.run === null) return;
		const next = this.run.windows.nextExpiryMs(this.window);
		if (this.expiryTimer !== null) clearTimeout(this.expiryTimer);
		this.expiryTimer = null;
		if (next === null) return;
		this.expiryTimer = setTimeout(() => {
			this.expiryTimer = null;
			this.publish(true);
		}, Math.max(1000, next - now));
	}

	private build(recompute: boolean, now: number): StoreSnapshot {
		const previous = this.snapshot as StoreSnapshot | undefined;
		const run = this.run;
		let finalized = previous?.finalized;
		let windowLines = previous?.windowLines ?? 0;
		let summarySeq = previous?.summarySeq ?? 0;
		if (recompute || finalized === undefined) {
			const rules = run?.info.rules ?? RULES_027;
			const summary = run === null ? new SummaryAccumulator(rules).summary() : run.windows.summary(this.window);
			finalized = finalize(summary, rules, this.facts, this.persisted.inputs);
			windowLines = summary.lineCount;
			summarySeq++;
			this.trackDiagnosis(previous, finalized.report.diagnosis, now);
		}
		return {
			seq: (previous?.seq ?? 0) + 1,
			summarySeq,
			generatedAt: now,
			run: run?.info ?? null,
			caughtUp: this.caughtUp,
			window: this.window,
			tailBytes: this.options.tailBytes,
			windowLines,
			finalized,
			status: this.status,
			paused: this.paused,
			bufferedLines: this.buffered,
			arrivals: this.arrivals.map(entry => ({...entry})),
			lastLineAt: this.lastArrival,
			totals: {...this.totals},
			// Anchored at the newest line, so an idle or old log's sparklines stand still.
			rates: run?.rates.series(Number.isFinite(run.windows.newestTimeMs) ? run.windows.newestTimeMs : now) ?? {startMs: now, buckets: []},
			recent: run === null ? [] : run.recent.slice(-RECENT_LINES),
			markerLastSeen: new Map(run?.lastSeen ?? []),
			previousRuns: this.previousRuns,
			baselineAt: this.baselineAt,
			persisted: this.persisted,
			previousDiagnosis: this.diagnosisTrail.previous,
			diagnosisSince: this.diagnosisTrail.since,
			notes: [
				...(this.totals.cutLines > 0 ? [`${this.totals.cutLines} line(s) longer than 1 MiB were cut (counted once each)`] : []),
				...(this.droppedByProdex > 0 ? [`prodex dropped ${this.droppedByProdex} log line(s) (its log queue was full)`] : []),
			],
		};
	}
}
