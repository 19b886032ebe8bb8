/**
 * One followed proxy run, as data: every window over its lines, marker rates, the recent marker
 * lines, when each marker was last seen, line totals and the notes worth showing. `apply` takes
 * the next lines; `view` is what a snapshot shows of it. The store around it owns only timers,
 * pausing and subscribers.
 *
 * Pure TypeScript: no Node APIs, no timers (times come in as arguments).
 */
import {IncidentHistory} from './incident-history.js';
import {PressureHistory} from './pressure-history.js';
import {parseLine} from './line.js';
import {cutLinesNote} from './line-splitter.js';
import {RateRing, type RateSeries} from './rates.js';
import type {Arrival, RecentLine, RunInfo} from './snapshot.js';
import type {LogSummary} from './summary.js';
import {lineTimeMs} from './timestamp.js';
import {CardinalityGuard, FOLDED_VALUE, MAX_DISTINCT_VALUES, talliedFields} from './cardinality.js';
import {WindowSet, type WindowId} from './window.js';
import {RunCounters, type RunCounts} from './run-counters.js';

/** One line as it arrived from the log (a follower, a replay, a test). */
export type IncomingLine = {
	readonly text: string;
	/** Byte offset of the line's first byte in its file. */
	readonly start: number;
	/** Bytes it took, newline included. */
	readonly bytes: number;
	/** Cut at the line cap (the rest of it was skipped, not lost from the byte count). */
	readonly cut: boolean;
	/** When it was read (epoch ms): its time when it has no timestamp of its own. */
	readonly arrivalMs: number;
};

export type RunTotals = {readonly lines: number; readonly bytes: number; readonly cutLines: number};

/** What a snapshot shows of a run besides its summary. */
export type RunView = {
	readonly rates: RateSeries;
	readonly recent: readonly RecentLine[];
	readonly lastSeen: ReadonlyMap<string, number>;
	readonly totals: RunTotals;
	readonly arrivals: readonly Arrival[];
	readonly lastLineAt: number | null;
	readonly notes: readonly string[];
	/** Run-level counters (whole run: no window, no baseline). */
	readonly counts: RunCounts;
};

/** Marker lines kept for the Lines panel. */
export const RECENT_LINES = 200;
/** Seconds of arrivals kept for lines/s (see `linesPerSecond`). */
const ARRIVAL_SECONDS = 11;
const DROPPED_MARKER = 'runtime_proxy_async_log_dropped';
const DROPPED_COUNT = /dropped_count=(\d+)/;

/** Lines per arrival second, the last ARRIVAL_SECONDS seconds with any, oldest first. */
export class ArrivalCounter {
	private entries: Array<{second: number; lines: number}> = [];
	private last: number | null = null;

	count(ms: number): void {
		const second = Math.floor(ms / 1000);
		const newest = this.entries.at(-1);
		if (newest?.second === second) newest.lines++;
		else this.entries.push({second, lines: 1});
		if (this.entries.length > ARRIVAL_SECONDS) this.entries.shift();
		this.last = ms;
	}

	/** A copy (snapshots are immutable). */
	get arrivals(): Arrival[] {
		return this.entries.map(entry => ({...entry}));
	}

	get lastLineAt(): number | null {
		return this.last;
	}
}

export class Run {
	readonly windows: WindowSet;
	private readonly rates: RateRing;
	private readonly lastSeen = new Map<string, number>();
	private recent: RecentLine[] = [];
	private lines = 0;
	private bytes = 0;
	private cutLines = 0;
	private readonly guard: CardinalityGuard;
	/** Lines prodex itself dropped (its `runtime_proxy_async_log_dropped` lines). */
	private droppedByProdex = 0;
	/** Truncations of the followed file, and the bytes known unread at them (docs/log-format.md §1.7). */
	private truncations = 0;
	private truncatedUnreadBytes = 0;
	/** Incident history per window (each window has its own incidents). */
	private readonly histories = new Map<WindowId, IncidentHistory>();
	/** Pressure levels per 10-second bucket, per window (each window has its own levels). */
	private readonly pressures = new Map<WindowId, PressureHistory>();
	private readonly counters: RunCounters;

	/**
	 * @param arrivals lines/s is about the log, not the run: the counter carries over a run switch.
	 * @param countProfiles keep marker lines per `profile=` value (`--metrics-labels profile`).
	 */
	constructor(
		readonly info: RunInfo,
		tailBytes: number,
		private readonly arrivals: ArrivalCounter = new ArrivalCounter(),
		countProfiles = false,
	) {
		this.counters = new RunCounters(countProfiles);
		this.windows = new WindowSet(info.rules, tailBytes);
		this.guard = new CardinalityGuard(talliedFields(info.rules));
		this.rates = new RateRing(info.rules);
	}

	get arrivalCounter(): ArrivalCounter {
		return this.arrivals;
	}

	get totals(): RunTotals {
		return {lines: this.lines, bytes: this.bytes, cutLines: this.cutLines};
	}

	/** Apply the next lines; `fileSize` is the bytes of the file read so far (the doctor window's end). */
	apply(lines: Iterable<IncomingLine>, fileSize: number): void {
		const rules = this.info.rules;
		for (const incoming of lines) {
			const line = this.guard.apply(parseLine(incoming.text, rules));
			const timeMs = lineTimeMs(line.timestamp, incoming.arrivalMs);
			this.counters.add(line);
			this.windows.add(line, {start: incoming.start, bytes: incoming.bytes, timeMs});
			this.rates.add(line, this.windows.newestTimeMs);
			if (line.marker !== null) {
				// The line's own time when it has one: lines read at start-up are not "0 s ago".
				this.lastSeen.set(line.marker, timeMs);
				// The text is made when a panel reads it: only the newest few are ever shown.
				this.recent.push({
					marker: line.marker,
					get text() {
						return line.markerLine ?? '';
					},
					timeMs,
				});
			} else if (incoming.text.includes(DROPPED_MARKER)) {
				// Not a doctor marker, but worth saying: prodex's writer lost lines (queue full).
				this.droppedByProdex += Number(DROPPED_COUNT.exec(incoming.text)?.[1] ?? 0);
			}
			this.lines++;
			this.bytes += incoming.bytes;
			if (incoming.cut) this.cutLines++;
			this.arrivals.count(incoming.arrivalMs);
		}
		if (this.recent.length > RECENT_LINES * 2) this.recent = this.recent.slice(-RECENT_LINES);
		// The doctor samples the file as it is now: the last `tailBytes` of what has been read.
		this.windows.trimDoctor(fileSize);
	}

	/** The incident history of `window` in this run. */
	incidentHistory(window: WindowId): IncidentHistory {
		let history = this.histories.get(window);
		if (history === undefined) {
			history = new IncidentHistory();
			this.histories.set(window, history);
		}
		return history;
	}

	/** The pressure history of `window` in this run. */
	pressureHistory(window: WindowId): PressureHistory {
		let history = this.pressures.get(window);
		if (history === undefined) {
			history = new PressureHistory();
			this.pressures.set(window, history);
		}
		return history;
	}

	/** Let time windows lose the seconds older than their span. */
	expire(nowMs: number): void {
		this.windows.expire(nowMs);
	}

	/** The file was truncated or replaced: the doctor window starts over. */
	/** The file was truncated; `unreadBytes` it was known to hold past the last read are lost. */
	noteTruncation(unreadBytes: number): void {
		this.truncations++;
		this.truncatedUnreadBytes += unreadBytes;
	}

	resetDoctor(): void {
		this.windows.resetDoctor();
	}

	/** Forget the counted lines of every window ("since now"). */
	resetBaseline(): void {
		this.windows.reset();
	}

	/** When `window` next loses a second, or null when nothing in it can expire. */
	nextExpiryMs(window: WindowId): number | null {
		return this.windows.nextExpiryMs(window);
	}

	summary(window: WindowId): LogSummary {
		return this.windows.summary(window);
	}

	/** What a snapshot shows of the run at `nowMs` besides the summary (`summary(window)`). */
	view(nowMs: number): RunView {
		const windows = this.windows;
		return {
			// Anchored at the newest line, so an idle or old log's sparklines stand still.
			rates: this.rates.series(Number.isFinite(windows.newestTimeMs) ? windows.newestTimeMs : nowMs),
			recent: this.recent.slice(-RECENT_LINES),
			lastSeen: new Map(this.lastSeen),
			totals: this.totals,
			arrivals: this.arrivals.arrivals,
			lastLineAt: this.arrivals.lastLineAt,
			counts: this.counters.view(),
			notes: [
				...(this.cutLines > 0 ? [cutLinesNote(this.cutLines)] : []),
				...(this.guard.folded > 0 ? [`${this.guard.folded} field value(s) counted as ${FOLDED_VALUE}: a field had more than ${MAX_DISTINCT_VALUES.toLocaleString('en-US')} distinct values in this run`] : []),
				...(this.truncations > 0
					? [`log truncated ${this.truncations} time(s): lines written after the last read and before a truncation are lost (copytruncate rotation; ${this.truncatedUnreadBytes} byte(s) known unread)`]
					: []),
				...(this.droppedByProdex > 0 ? [`prodex dropped ${this.droppedByProdex} log line(s) (its log queue was full)`] : []),
			],
		};
	}
}
