import {Deque} from './deque.js';
import type {ParsedLine} from './line.js';
import type {RuleSet} from './rules/types.js';
import {InsightTally, type InsightsView} from './insights/insights.js';
import {redactFieldValue} from './redaction.js';
import {bump} from './counts.js';

/** The log part of the doctor summary over the lines currently in a window (docs/rules.md §1.6–1.7). */
export type LogSummary = {
	readonly lineCount: number;
	readonly firstTimestamp: string | null;
	readonly lastTimestamp: string | null;
	/** Lines recognised per marker, before finalize's quota-floor bump. */
	readonly markerCounts: ReadonlyMap<string, number>;
	readonly markerLastFields: ReadonlyMap<string, ReadonlyMap<string, string>>;
	readonly facetCounts: ReadonlyMap<string, ReadonlyMap<string, number>>;
	readonly previousResponseNotFoundByRoute: ReadonlyMap<string, number>;
	readonly previousResponseNotFoundByTransport: ReadonlyMap<string, number>;
	readonly lastMarkerLine: string | null;
	/** Current rules only (null / empty under the 0.27 rules). */
	readonly latestChainEvent: string | null;
	readonly latestStaleContinuationReason: string | null;
	readonly blockedRequestShapes: ReadonlyMap<string, number>;
	/** Current rules only: selection, timelines, route events, context, per-reason tallies (null under 0.27). */
	readonly insights: InsightsView | null;
};

const PRNF = 'previous_response_not_found';
const CHAIN_EVENT_KEYS = ['reason', 'profile', 'transport', 'route', 'websocket_session', 'previous_response_id', 'event', 'via'];

/** `latest_chain_event`: the marker, then ` key=value` for the listed keys present, each value redacted again (R9). */
export function chainEventText(line: ParsedLine): string {
	let text = line.marker ?? '';
	for (const key of CHAIN_EVENT_KEYS) {
		const value = line.fields.get(key);
		if (value !== undefined) text += ` ${key}=${redactFieldValue(key, value)}`;
	}
	return text;
}

/** The newest value among the window's lines that carry one; null once none is left. */
class Latest<T> {
	count = 0;
	value: T | null = null;

	constructor(private keep = true) {}

	add(value: T): void {
		this.count++;
		if (this.keep) this.value = value;
	}

	/** Valid only for the oldest carriers: if others remain, the newest one is still in the window. */
	remove(carriers = 1): void {
		this.count -= carriers;
		if (this.count === 0) this.value = null;
	}

	/** Append a later run's carriers: its newest value becomes the newest. */
	addFrom(other: Latest<T>): void {
		if (other.count === 0) return;
		this.count += other.count;
		if (this.keep) this.value = other.value;
	}

	/** Keep the count only. */
	forget(): void {
		this.keep = false;
		this.value = null;
	}
}

function copyNested(map: ReadonlyMap<string, Map<string, number>>): Map<string, ReadonlyMap<string, number>> {
	const out = new Map<string, ReadonlyMap<string, number>>();
	for (const [key, inner] of map) out.set(key, new Map(inner));
	return out;
}

/**
 * How a summary keeps what it needs for removal:
 * - `lines`: every line can be removed one by one (the doctor window; the default);
 * - `groups`: lines leave in whole groups (time windows), timestamps are kept per group (call
 *   `sealGroup()` when a new group starts), so memory grows with groups, not lines;
 * - `counts`: a group's own summary, kept only to be subtracted: counts, no values.
 */
export type SummaryMode = 'lines' | 'groups' | 'counts';

/** A run of consecutive timestamped lines: its first timestamp and how many lines it holds. */
type TimestampRun = {readonly first: string; count: number};

/**
 * The incremental doctor summary. `add` appends the newest line; `remove` takes out the OLDEST line
 * of the window (windows are first-in first-out). Both cost O(number of fields of the line), and
 * `summary()` always equals a from-scratch summary of the lines added and not yet removed.
 */
export class SummaryAccumulator {
	private lines = 0;
	private readonly timestamps = new Deque<TimestampRun>();
	private timestampCount = 0;
	private sealed = true;
	private readonly lastTimestamp: Latest<string>;
	private readonly markerCounts = new Map<string, number>();
	private readonly lastFields = new Map<string, Latest<ReadonlyMap<string, string>>>();
	private readonly facetCounts = new Map<string, Map<string, number>>();
	private readonly byRoute = new Map<string, number>();
	private readonly byTransport = new Map<string, number>();
	/** The newest marker line (its text is made only when a summary is taken). */
	private readonly markerLine: Latest<ParsedLine>;
	private readonly chainEvent: Latest<string>;
	private readonly staleReason: Latest<string>;
	private readonly blockedShapes = new Map<string, number>();
	private readonly facets: readonly string[];
	private readonly insights: InsightTally | null;
	private readonly chainMarkers: ReadonlySet<string>;

	constructor(
		readonly rules: RuleSet,
		private readonly mode: SummaryMode = 'lines',
	) {
		this.facets = rules.facets;
		const keep = mode !== 'counts';
		this.lastTimestamp = new Latest(keep);
		this.markerLine = new Latest(keep);
		this.chainEvent = new Latest(keep);
		this.staleReason = new Latest(keep);
		this.insights = rules.insights ? new InsightTally(keep) : null;
		this.chainMarkers = new Set(rules.chainEventMarkers);
	}

	/** `groups` mode: the next line starts a new group (its timestamps form a new run). */
	sealGroup(): void {
		this.sealed = true;
	}

	/** Lines currently summarised. */
	get lineCount(): number {
		return this.lines;
	}

	/** Append the newest line of the window. */
	add(line: ParsedLine): void {
		this.apply(line, 1);
	}

	/** Remove the oldest line of the window (it must be the line added longest ago and not yet removed). */
	remove(line: ParsedLine): void {
		this.apply(line, -1);
	}

	private apply(line: ParsedLine, sign: 1 | -1): void {
		this.lines += sign;
		if (line.timestamp !== null) {
			if (sign > 0) {
				const last = this.timestamps.peekLast();
				if (this.mode === 'lines' || this.sealed || last === undefined) this.timestamps.push({first: line.timestamp, count: 1});
				else last.count++;
				this.sealed = false;
				this.timestampCount++;
				this.lastTimestamp.add(line.timestamp);
			} else {
				this.dropTimestamps(1);
				this.lastTimestamp.remove();
			}
		}
		const {marker, fields} = line;
		if (marker === null) return;
		bump(this.markerCounts, marker, sign);
		this.track(this.markerLine, line, sign);
		if (marker === PRNF) {
			const route = fields.get('route');
			const transport = fields.get('transport');
			if (route !== undefined) bump(this.byRoute, route, sign);
			if (transport !== undefined) bump(this.byTransport, transport, sign);
		}
		for (const facet of this.facets) {
			const value = fields.get(facet);
			if (value === undefined) continue;
			let tally = this.facetCounts.get(facet);
			if (tally === undefined) {
				tally = new Map();
				this.facetCounts.set(facet, tally);
			}
			bump(tally, value, sign);
			if (tally.size === 0) this.facetCounts.delete(facet);
		}
		if (fields.size > 0) {
			let latest = this.lastFields.get(marker);
			if (latest === undefined) {
				latest = new Latest(this.mode !== 'counts');
				this.lastFields.set(marker, latest);
			}
			this.track(latest, fields, sign);
			if (latest.count === 0) this.lastFields.delete(marker);
		}
		if (this.chainMarkers.size > 0) this.applyChain(line, sign);
		this.insights?.apply(line, sign);
	}

	private applyChain(line: ParsedLine, sign: 1 | -1): void {
		const marker = line.marker ?? '';
		if (this.chainMarkers.has(marker)) this.track(this.chainEvent, sign > 0 ? chainEventText(line) : '', sign);
		if (marker === 'stale_continuation') {
			const reason = line.fields.get('reason');
			if (reason !== undefined) this.track(this.staleReason, reason, sign);
		}
		if (marker === 'previous_response_fresh_fallback_blocked') {
			const shape = line.fields.get('request_shape');
			if (shape !== undefined) bump(this.blockedShapes, shape, sign);
		}
	}

	/**
	 * Remove a group of lines at once: `group` must summarise exactly the oldest lines still in
	 * this summary, in order (windows keep old lines as per-second groups to bound memory).
	 * Costs O(size of the group's maps), not O(lines).
	 */
	removeGroup(group: SummaryAccumulator): void {
		this.lines -= group.lines;
		this.dropTimestamps(group.timestampCount);
		this.lastTimestamp.remove(group.lastTimestamp.count);
		for (const [marker, n] of group.markerCounts) bump(this.markerCounts, marker, -n);
		this.markerLine.remove(group.markerLine.count);
		for (const [route, n] of group.byRoute) bump(this.byRoute, route, -n);
		for (const [transport, n] of group.byTransport) bump(this.byTransport, transport, -n);
		for (const [facet, values] of group.facetCounts) {
			const tally = this.facetCounts.get(facet);
			if (tally === undefined) continue;
			for (const [value, n] of values) bump(tally, value, -n);
			if (tally.size === 0) this.facetCounts.delete(facet);
		}
		for (const [marker, latest] of group.lastFields) {
			const mine = this.lastFields.get(marker);
			if (mine === undefined) continue;
			mine.remove(latest.count);
			if (mine.count === 0) this.lastFields.delete(marker);
		}
		this.chainEvent.remove(group.chainEvent.count);
		this.staleReason.remove(group.staleReason.count);
		for (const [shape, n] of group.blockedShapes) bump(this.blockedShapes, shape, -n);
		if (group.insights !== null) this.insights?.removeGroup(group.insights);
	}

	/**
	 * Append a group at once: `group` must summarise exactly the lines that follow this summary's
	 * lines (the next second of a time window), summarised in `groups` mode. Costs O(size of the
	 * group's maps), not O(lines). Equal to adding the group's lines one by one (window property test).
	 */
	addGroup(group: SummaryAccumulator): void {
		if (group.lines === 0) return;
		this.lines += group.lines;
		for (let run = 0; run < group.timestamps.length; run++) {
			const {first, count} = group.timestamps.at(run)!;
			const last = this.timestamps.peekLast();
			if (this.mode === 'lines' || this.sealed || last === undefined) this.timestamps.push({first, count});
			else last.count += count;
			this.sealed = false;
		}
		this.timestampCount += group.timestampCount;
		this.lastTimestamp.addFrom(group.lastTimestamp);
		for (const [marker, n] of group.markerCounts) bump(this.markerCounts, marker, n);
		this.markerLine.addFrom(group.markerLine);
		for (const [route, n] of group.byRoute) bump(this.byRoute, route, n);
		for (const [transport, n] of group.byTransport) bump(this.byTransport, transport, n);
		for (const [facet, values] of group.facetCounts) {
			let tally = this.facetCounts.get(facet);
			if (tally === undefined) {
				tally = new Map();
				this.facetCounts.set(facet, tally);
			}
			for (const [value, n] of values) bump(tally, value, n);
		}
		for (const [marker, latest] of group.lastFields) {
			let mine = this.lastFields.get(marker);
			if (mine === undefined) {
				mine = new Latest(this.mode !== 'counts');
				this.lastFields.set(marker, mine);
			}
			mine.addFrom(latest);
		}
		this.chainEvent.addFrom(group.chainEvent);
		this.staleReason.addFrom(group.staleReason);
		for (const [shape, n] of group.blockedShapes) bump(this.blockedShapes, shape, n);
		if (group.insights !== null) this.insights?.addGroup(group.insights);
	}

	/** From now on keep counts only (a group that was added elsewhere and is kept only to be subtracted). */
	keepCountsOnly(): void {
		this.lastTimestamp.forget();
		this.markerLine.forget();
		for (const latest of this.lastFields.values()) latest.forget();
		this.chainEvent.forget();
		this.staleReason.forget();
		this.insights?.keepCountsOnly();
	}

	/** Forget the `n` oldest timestamps (whole runs when groups are removed whole). */
	private dropTimestamps(n: number): void {
		this.timestampCount -= n;
		while (n > 0) {
			const front = this.timestamps.peek();
			if (front === undefined) return;
			const take = Math.min(front.count, n);
			front.count -= take;
			n -= take;
			if (front.count === 0) this.timestamps.shift();
		}
	}

	private track<T>(latest: Latest<T>, value: T, sign: 1 | -1): void {
		if (sign > 0) latest.add(value);
		else latest.remove();
	}

	/** An immutable copy of the current summary. */
	summary(): LogSummary {
		const lastFields = new Map<string, ReadonlyMap<string, string>>();
		for (const [marker, latest] of this.lastFields) {
			if (latest.value !== null) lastFields.set(marker, latest.value);
		}
		return {
			lineCount: this.lines,
			firstTimestamp: this.timestamps.peek()?.first ?? null,
			lastTimestamp: this.lastTimestamp.value,
			markerCounts: new Map(this.markerCounts),
			markerLastFields: lastFields,
			facetCounts: copyNested(this.facetCounts),
			previousResponseNotFoundByRoute: new Map(this.byRoute),
			previousResponseNotFoundByTransport: new Map(this.byTransport),
			lastMarkerLine: this.markerLine.value === null ? null : (this.markerLine.value.markerLine ?? ''),
			latestChainEvent: this.chainEvent.value,
			latestStaleContinuationReason: this.staleReason.value,
			blockedRequestShapes: new Map(this.blockedShapes),
			insights: this.insights?.view(this.markerCounts) ?? null,
		};
	}
}

/** A summary of a whole sequence of parsed lines. */
export function summarizeLines(lines: Iterable<ParsedLine>, rules: RuleSet): LogSummary {
	const accumulator = new SummaryAccumulator(rules);
	for (const line of lines) accumulator.add(line);
	return accumulator.summary();
}
