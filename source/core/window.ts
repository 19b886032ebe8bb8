import {Deque} from './deque.js';
import type {ParsedLine} from './line.js';
import type {RuleSet} from './rules/types.js';
import {SummaryAccumulator, type LogSummary} from './summary.js';
import {mergeSummaries} from './summary-merge.js';

/** The windows a summary can cover (`--window`, the `w` key). */
export const WINDOWS = ['doctor', '1m', '5m', '15m', '1h', 'all'] as const;
export type WindowId = (typeof WINDOWS)[number];
type TimedId = '1m' | '5m' | '15m' | '1h';

/** Span of each time window in milliseconds. */
export const WINDOW_SPAN_MS: Readonly<Record<TimedId, number>> = {'1m': 60_000, '5m': 300_000, '15m': 900_000, '1h': 3_600_000};
const TIMED: readonly TimedId[] = ['1m', '5m', '15m', '1h'];

/** Where a line sits in its file (or stream) and when it happened. */
export type LineMeta = {
	/** Byte offset of the line's first byte. */
	readonly start: number;
	/** Bytes the line took, newline included. */
	readonly bytes: number;
	/** Its time: the parsed timestamp, else the arrival time (epoch ms). */
	readonly timeMs: number;
};

type Group = {readonly seq: number; readonly second: number; readonly summary: SummaryAccumulator};

/**
 * All windows over one run's line stream, maintained at once so switching windows is instant:
 *
 * - `doctor`: the lines `prodex doctor --runtime` would sample now, i.e. the complete lines that
 *   start after byte `size − tailBytes` (the partial-first-line rule; `tailBytes` 0 = all);
 * - `1m` … `1h`: by time. A line's time is made monotonic in log order (the running maximum), so
 *   a window is always a suffix of the log; old lines are kept only as per-second groups
 *   (memory stays bounded at thousands of lines per second) and a second leaves the window once it
 *   is wholly older than `now − span`;
 * - `all`: everything since the run started (or since the last baseline reset); keeps no lines.
 *
 * Lines leave every window through the summary's remove path. A line is summarised twice, not
 * six times: in the doctor window and in its second's group. A second's group joins `all` and
 * the time windows whole when the next second starts (or when it must expire); until then a
 * view merges it in (mergeSummaries), so every view is exact at any moment.
 */
export class WindowSet {
	private doctor: SummaryAccumulator;
	private readonly doctorLines = new Deque<{readonly line: ParsedLine; readonly start: number}>();
	/** How many of the oldest doctorLines are in `doctor` (the rest wait for settleDoctor). */
	private doctorApplied = 0;
	private all: SummaryAccumulator;
	/** Per time window: its summary, the first group it still holds, and the cutoff of the last `expire`. */
	private readonly timed = new Map<TimedId, {summary: SummaryAccumulator; firstSeq: number; cutoffMs: number}>();
	private readonly groups = new Deque<Group>();
	private nextSeq = 0;
	/** The newest second's group while it is still filling (not yet added to `all` and the time windows). */
	private open: Group | null = null;
	private lastTimeMs = Number.NEGATIVE_INFINITY;

	/**
	 * @param keepDoctor false when nobody will read the doctor window (a one-shot time window):
	 *   its lines are then not kept at all, so memory stays bounded on any file size.
	 */
	constructor(
		readonly rules: RuleSet,
		readonly tailBytes: number,
		private readonly keepDoctor = true,
	) {
		this.doctor = new SummaryAccumulator(rules);
		this.all = new SummaryAccumulator(rules, 'groups');
		for (const id of TIMED) this.timed.set(id, {summary: new SummaryAccumulator(rules, 'groups'), firstSeq: 0, cutoffMs: Number.NEGATIVE_INFINITY});
	}

	/** Time of the newest line (running maximum), or -Infinity before the first line. */
	get newestTimeMs(): number {
		return this.lastTimeMs;
	}

	/** Add the next line of the log. */
	add(line: ParsedLine, meta: LineMeta): void {
		this.lastTimeMs = Math.max(this.lastTimeMs, meta.timeMs);
		// The doctor window takes the line when it is next read or trimmed (`settleDoctor`): a line
		// trimmed before that (a backlog read at start-up) is never summarised there at all.
		if (this.keepDoctor) this.doctorLines.push({line, start: meta.start});
		const second = Math.floor(this.lastTimeMs / 1000);
		if (this.open !== null && this.open.second !== second) this.closeOpen();
		let group = this.open;
		if (group === null) {
			group = {seq: this.nextSeq++, second, summary: new SummaryAccumulator(this.rules, 'groups')};
			this.groups.push(group);
			this.open = group;
			// A second already older than a window's last cutoff is born outside it (every earlier
			// group is outside too, times being monotonic), so that window skips it entirely.
			for (const window of this.timed.values()) {
				if ((second + 1) * 1000 <= window.cutoffMs) window.firstSeq = group.seq + 1;
			}
		}
		group.summary.add(line);
	}

	/** The open second's group joins `all` and every time window that holds it; it then keeps counts only (to be subtracted later). */
	private closeOpen(): void {
		const group = this.open;
		if (group === null) return;
		this.open = null;
		this.all.addGroup(group.summary);
		for (const window of this.timed.values()) {
			if (group.seq < window.firstSeq) continue;
			window.summary.sealGroup();
			window.summary.addGroup(group.summary);
		}
		group.summary.keepCountsOnly();
	}

	/** Whether a window's view must merge in the open group. */
	private holdsOpen(id: WindowId): boolean {
		if (this.open === null || id === 'doctor') return false;
		return id === 'all' || this.open.seq >= this.timed.get(id)!.firstSeq;
	}

	/** Drop doctor-window lines that start at or before `fileSize − tailBytes`. */
	trimDoctor(fileSize: number): void {
		if (this.tailBytes === 0) return;
		const start = fileSize - this.tailBytes;
		if (start <= 0) return;
		for (let front = this.doctorLines.peek(); front !== undefined && front.start <= start; front = this.doctorLines.peek()) {
			if (this.doctorApplied > 0) {
				this.doctor.remove(front.line);
				this.doctorApplied--;
			}
			this.doctorLines.shift();
		}
	}

	/** Summarise the doctor-window lines not taken in yet (the newest ones; the oldest `doctorApplied` are in). */
	private settleDoctor(): void {
		for (let index = this.doctorApplied; index < this.doctorLines.length; index++) this.doctor.add(this.doctorLines.at(index)!.line);
		this.doctorApplied = this.doctorLines.length;
	}

	/** Drop whole seconds that are older than each time window's span at `nowMs`. */
	expire(nowMs: number): void {
		// The open group must be inside the windows before one of them can drop it.
		const shortest = Math.max(this.timed.get('1m')!.cutoffMs, nowMs - WINDOW_SPAN_MS['1m']);
		if (this.open !== null && (this.open.second + 1) * 1000 <= shortest) this.closeOpen();
		for (const id of TIMED) {
			const window = this.timed.get(id)!;
			const cutoff = Math.max(window.cutoffMs, nowMs - WINDOW_SPAN_MS[id]);
			window.cutoffMs = cutoff;
			const frontSeq = this.groups.peek()?.seq ?? this.nextSeq;
			for (;;) {
				const group = this.groups.at(window.firstSeq - frontSeq);
				if (group === undefined || (group.second + 1) * 1000 > cutoff) break;
				window.summary.removeGroup(group.summary);
				window.firstSeq = group.seq + 1;
			}
		}
		// The longest window decides which groups are still needed.
		const longest = this.timed.get('1h')!;
		while ((this.groups.peek()?.seq ?? longest.firstSeq) < longest.firstSeq) this.groups.shift();
	}

	/** When `id` will next lose a second (epoch ms), or null when nothing in it can expire. */
	nextExpiryMs(id: WindowId): number | null {
		if (id === 'doctor' || id === 'all') return null;
		const window = this.timed.get(id)!;
		const frontSeq = this.groups.peek()?.seq ?? this.nextSeq;
		const group = this.groups.at(window.firstSeq - frontSeq);
		return group === undefined ? null : (group.second + 1) * 1000 + WINDOW_SPAN_MS[id];
	}

	/** The file restarted (truncation) or was replaced (rotation): the doctor window starts over. */
	resetDoctor(): void {
		this.doctor = new SummaryAccumulator(this.rules);
		this.doctorLines.clear();
		this.doctorApplied = 0;
	}

	/** Forget every window's lines: counting starts again "since now". */
	reset(): void {
		this.resetDoctor();
		this.all = new SummaryAccumulator(this.rules, 'groups');
		this.groups.clear();
		this.open = null;
		for (const window of this.timed.values()) {
			window.summary = new SummaryAccumulator(this.rules, 'groups');
			window.firstSeq = this.nextSeq;
		}
	}

	/** Lines currently in a window. */
	lineCount(id: WindowId): number {
		return this.accumulator(id).lineCount + (this.holdsOpen(id) ? this.open!.summary.lineCount : 0);
	}

	/** An immutable summary of one window. */
	summary(id: WindowId): LogSummary {
		const summary = this.accumulator(id).summary();
		return this.holdsOpen(id) ? mergeSummaries(summary, this.open!.summary.summary()) : summary;
	}

	private accumulator(id: WindowId): SummaryAccumulator {
		if (id === 'doctor') {
			this.settleDoctor();
			return this.doctor;
		}
		if (id === 'all') return this.all;
		return this.timed.get(id)!.summary;
	}
}
