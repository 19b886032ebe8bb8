/**
 * The log-side insights of current prodex's doctor, kept incrementally like the rest of the
 * summary (docs/insights.md): per-reason chain tallies, marker context, the selection summary,
 * the newest route/profile events and the request timelines. `apply(line, ±1)` adds the newest
 * line or removes the oldest; `addGroup`/`removeGroup` move whole seconds (time windows);
 * `view()` is an immutable, mergeable copy (`mergeInsights`), so every window and the parallel
 * one-shot give the same answer as one pass over the lines.
 *
 * Pure TypeScript.
 */
import type {ParsedLine} from '../line.js';
import {bump} from '../counts.js';
import {compareCodePoints} from '../order.js';
import {
	CONTEXT_KEYS, DETAIL_KEYS, DETAIL_PARTS, DETAIL_VALUE_CHARS, MAX_TRACKED_REQUESTS, REASON_TALLIES, REJECTION_REASON_KEYS, ROUTE_ACTION, ROUTE_EVENTS,
	SELECTION_BUCKET, TIMELINE_EVENTS, TIMELINE_PHASE, type ReasonTally, type RouteAction, type SelectionBucket,
} from './tables.js';

import {RequestTimelines, type TimelineEvent} from './request-timelines.js';

export {RequestTimelines, type TimelineEvent} from './request-timelines.js';
export type RouteProfileEvent = {readonly timestamp: string | null; readonly marker: string; readonly action: RouteAction; readonly profile: string | null; readonly route: string | null; readonly detail: string};
export type MarkerContext = {readonly total: number; readonly routes: ReadonlyMap<string, number>; readonly lanes: ReadonlyMap<string, number>; readonly profiles: ReadonlyMap<string, number>};

export type SelectionView = {
	readonly picked: number;
	readonly kept: number;
	readonly skipped: number;
	readonly blocked: number;
	readonly selectedProfiles: ReadonlyMap<string, number>;
	readonly selectedRoutes: ReadonlyMap<string, number>;
	readonly rejectedProfiles: ReadonlyMap<string, number>;
	readonly rejectedRoutes: ReadonlyMap<string, number>;
	readonly rejectionReasons: ReadonlyMap<string, number>;
	readonly latestDecision: string | null;
};

/** What the insights are over a window's lines (immutable; mergeable). */
export type InsightsView = {
	readonly byReason: Readonly<Record<ReasonTally, ReadonlyMap<string, number>>>;
	readonly markerContext: ReadonlyMap<string, MarkerContext>;
	readonly selection: SelectionView;
	/** The newest ROUTE_EVENTS route/profile events, oldest first. */
	readonly routeEvents: readonly RouteProfileEvent[];
	/** Every request's newest TIMELINE_EVENTS events (least recently seen request first). */
	readonly requests: RequestTimelines;
	/** The request of the newest timeline event. */
	readonly latestRequestId: string | null;
};

/** The marker context entries that have a route, lane or profile value, most frequent marker first (then by name): `marker_context_summary` and the hotspots row. */
export function contextHotspots(view: InsightsView): Array<[string, MarkerContext]> {
	return [...view.markerContext]
		.filter(([, tally]) => tally.routes.size > 0 || tally.lanes.size > 0 || tally.profiles.size > 0)
		.sort(([a, left], [b, right]) => right.total - left.total || compareCodePoints(a, b));
}

/** A value cut to `limit` scalars: longer ones keep `limit − 3` and end in `...`. */
export function truncateScalars(value: string, limit: number): string {
	let count = 0;
	for (const _ of value) if (++count > limit) break;
	if (count <= limit) return value;
	let out = '';
	let taken = 0;
	for (const char of value) {
		if (taken++ >= limit - 3) break;
		out += char;
	}
	return `${out}...`;
}

/** An event's `detail`: `key=value` for the first DETAIL_PARTS of DETAIL_KEYS present, values cut. */
export function eventDetail(fields: ReadonlyMap<string, string>): string {
	const parts: string[] = [];
	for (const key of DETAIL_KEYS) {
		const value = fields.get(key);
		if (value !== undefined) parts.push(`${key}=${truncateScalars(value, DETAIL_VALUE_CHARS)}`);
		if (parts.length >= DETAIL_PARTS) break;
	}
	return parts.join(' ');
}

/** The request a line belongs to: `request_id`, else `request`; an empty value is none (no fallback). */
function requestIdOf(fields: ReadonlyMap<string, string>): string | null {
	const value = fields.get('request_id') ?? fields.get('request');
	return value === undefined || value === '' ? null : value;
}

const REASON_TALLY_SET: ReadonlySet<string> = new Set(REASON_TALLIES);

/** `latest_decision`: the marker, then its detail when it has one. */
function decisionText(decision: {readonly marker: string; readonly fields: ReadonlyMap<string, string>} | null): string | null {
	if (decision === null) return null;
	const detail = eventDetail(decision.fields);
	return detail === '' ? decision.marker : `${decision.marker} ${detail}`;
}

const nonEmpty = (value: string | undefined) => (value === undefined || value === '' ? null : value);

function addAll(into: Map<string, number>, from: ReadonlyMap<string, number>, sign: 1 | -1): void {
	for (const [key, n] of from) bump(into, key, sign * n);
}

/** The newest value among carriers in the window (as summary.ts's Latest). */
class Newest<T> {
	count = 0;
	value: T | null = null;
	constructor(public keep = true) {}
	add(value: T, sign: 1 | -1): void {
		this.count += sign;
		if (sign > 0 && this.keep) this.value = value;
		if (this.count === 0) this.value = null;
	}
	addFrom(other: Newest<T>): void {
		if (other.count === 0) return;
		this.count += other.count;
		if (this.keep) this.value = other.value;
	}
	remove(n: number): void {
		this.count -= n;
		if (this.count === 0) this.value = null;
	}
}

/**
 * The newest `limit` of a window's events, and how many the window holds (removal trims from the
 * front). Copy on write: `events` is appended in place until a view shares it (`share()`), so a
 * busy log does not copy a list per line and a published view never changes.
 */
class NewestEvents<T> {
	count = 0;
	private list: T[] = [];
	private shared = false;
	constructor(private readonly limit: number, public keep = true) {}

	get events(): readonly T[] {
		return this.list;
	}

	/** The list as it is now, for a view: later changes go to a copy. */
	share(): readonly T[] {
		this.shared = true;
		return this.list;
	}

	private writable(): T[] {
		if (this.shared) {
			this.list = [...this.list];
			this.shared = false;
		}
		return this.list;
	}

	add(event: T): void {
		this.count++;
		if (!this.keep) return;
		const list = this.writable();
		list.push(event);
		if (list.length > this.limit) list.shift();
	}

	/** The window lost its `n` oldest events. */
	remove(n: number): void {
		this.count -= n;
		if (this.list.length > this.count) this.writable().splice(0, this.list.length - Math.max(0, this.count));
	}

	append(count: number, events: readonly T[]): void {
		this.count += count;
		if (!this.keep) return;
		const list = this.writable();
		list.push(...events);
		if (list.length > this.limit) list.splice(0, list.length - this.limit);
	}

	/** Keep counts only. */
	forget(): void {
		this.keep = false;
		this.list = [];
		this.shared = false;
	}
}

/** `total` here counts the lines that carried a context value (the view's total is the marker count). */
type ContextTally = {total: number; routes: Map<string, number>; lanes: Map<string, number>; profiles: Map<string, number>};

export class InsightTally {
	private readonly byReason: Record<ReasonTally, Map<string, number>> = {chain_retried_owner: new Map(), chain_dead_upstream_confirmed: new Map(), stale_continuation: new Map()};
	private readonly context = new Map<string, ContextTally>();
	private readonly buckets: Record<SelectionBucket, number> = {picked: 0, kept: 0, skipped: 0, blocked: 0};
	private readonly selected = {profiles: new Map<string, number>(), routes: new Map<string, number>()};
	private readonly rejected = {profiles: new Map<string, number>(), routes: new Map<string, number>()};
	private readonly rejectionReasons = new Map<string, number>();
	/** The newest decision's marker and fields; its text is made when a view is taken. */
	private readonly decision: Newest<{readonly marker: string; readonly fields: ReadonlyMap<string, string>}>;
	private readonly routeEvents: NewestEvents<RouteProfileEvent>;
	/** Per request in the window: its newest events and how many of its events the window holds; Map order = least recently seen first. */
	private readonly requests = new Map<string, NewestEvents<TimelineEvent>>();
	private readonly latestRequest: Newest<string>;
	private keep: boolean;
	private lastRequestId: string | null = null;
	private lastTimeline: NewestEvents<TimelineEvent> | null = null;

	constructor(keep = true) {
		this.keep = keep;
		this.decision = new Newest(keep);
		this.routeEvents = new NewestEvents(ROUTE_EVENTS, keep);
		this.latestRequest = new Newest(keep);
	}

	/** Add the newest line (+1) or remove the oldest (−1). */
	apply(line: ParsedLine, sign: 1 | -1): void {
		const {marker, fields} = line;
		if (marker === null) return;
		// One detail text per line, made only when an event keeps it.
		let detail: string | undefined;
		const detailOf = () => (detail ??= eventDetail(fields));
		if (REASON_TALLY_SET.has(marker)) {
			const reason = fields.get('reason');
			if (reason !== undefined) bump(this.byReason[marker as ReasonTally], reason, sign);
		}
		this.applyContext(marker, fields, sign);
		const bucket = SELECTION_BUCKET.get(marker);
		if (bucket !== undefined) this.applySelection(bucket, marker, fields, sign);
		const action = ROUTE_ACTION.get(marker);
		if (action !== undefined) {
			const profile = nonEmpty(fields.get('profile'));
			const route = nonEmpty(fields.get('route'));
			if (profile !== null || route !== null) {
				if (sign > 0) this.routeEvents.add({timestamp: line.timestamp, marker, action, profile, route, detail: this.keep ? detailOf() : ''});
				else this.routeEvents.remove(1);
			}
		}
		const phase = TIMELINE_PHASE.get(marker);
		const id = phase === undefined ? null : requestIdOf(fields);
		if (phase !== undefined && id !== null) {
			if (sign > 0) {
				const timeline = this.request(id);
				timeline.add({timestamp: line.timestamp, phase, marker, detail: this.keep ? detailOf() : ''});
			} else {
				this.forgetOldest(id, 1);
			}
			this.latestRequest.add(id, sign);
		}
	}

	/**
	 * Only lines that carry a route, lane or profile value are tallied here (with a count of such
	 * lines, to know when a marker's entry is empty); the entry's total is the marker's count,
	 * which the summary already keeps (view).
	 */
	private applyContext(marker: string, fields: ReadonlyMap<string, string>, sign: 1 | -1): void {
		let tally: ContextTally | undefined;
		for (const [name, key] of CONTEXT_KEYS) {
			const value = fields.get(key);
			if (value === undefined || value === '' || value === '-') continue;
			if (tally === undefined) {
				tally = this.context.get(marker);
				if (tally === undefined) {
					tally = {total: 0, routes: new Map(), lanes: new Map(), profiles: new Map()};
					this.context.set(marker, tally);
				}
				tally.total += sign;
			}
			bump(tally[name], value, sign);
		}
		if (tally !== undefined && tally.total === 0) this.context.delete(marker);
	}

	private applySelection(bucket: SelectionBucket, marker: string, fields: ReadonlyMap<string, string>, sign: 1 | -1): void {
		this.buckets[bucket] += sign;
		const side = bucket === 'picked' || bucket === 'kept' ? this.selected : this.rejected;
		const profile = nonEmpty(fields.get('profile'));
		const route = nonEmpty(fields.get('route'));
		if (profile !== null) bump(side.profiles, profile, sign);
		if (route !== null) bump(side.routes, route, sign);
		if (bucket === 'skipped' || bucket === 'blocked') {
			let reason = marker;
			for (const key of REJECTION_REASON_KEYS) {
				const value = fields.get(key);
				if (value !== undefined) {
					reason = value;
					break;
				}
			}
			bump(this.rejectionReasons, reason, sign);
		}
		if (sign > 0) {
			this.decision.add({marker, fields}, 1);
		} else {
			this.decision.remove(1);
		}
	}

	/** The request's timeline, made the most recently seen (Map order); the least recently seen is forgotten past the bound. */
	private request(id: string): NewestEvents<TimelineEvent> {
		// Consecutive events of one request (the common case) need no reordering.
		if (id === this.lastRequestId && this.lastTimeline !== null && this.requests.get(id) === this.lastTimeline) return this.lastTimeline;
		let timeline = this.requests.get(id);
		if (timeline === undefined) {
			timeline = new NewestEvents(TIMELINE_EVENTS, this.keep);
			if (this.requests.size >= MAX_TRACKED_REQUESTS) this.requests.delete(this.requests.keys().next().value!);
		} else {
			this.requests.delete(id);
		}
		this.requests.set(id, timeline);
		this.lastRequestId = id;
		this.lastTimeline = timeline;
		return timeline;
	}

	private forgetOldest(id: string, n: number): void {
		const timeline = this.requests.get(id);
		if (timeline === undefined) return;
		timeline.remove(n);
		if (timeline.count <= 0) this.requests.delete(id);
	}

	/** Append a group that follows this tally's lines (time windows). */
	addGroup(group: InsightTally): void {
		for (const name of REASON_TALLIES) addAll(this.byReason[name], group.byReason[name], 1);
		for (const [marker, theirs] of group.context) {
			let tally = this.context.get(marker);
			if (tally === undefined) {
				tally = {total: 0, routes: new Map(), lanes: new Map(), profiles: new Map()};
				this.context.set(marker, tally);
			}
			tally.total += theirs.total;
			for (const [name] of CONTEXT_KEYS) addAll(tally[name], theirs[name], 1);
		}
		for (const bucket of Object.keys(this.buckets) as SelectionBucket[]) this.buckets[bucket] += group.buckets[bucket];
		addAll(this.selected.profiles, group.selected.profiles, 1);
		addAll(this.selected.routes, group.selected.routes, 1);
		addAll(this.rejected.profiles, group.rejected.profiles, 1);
		addAll(this.rejected.routes, group.rejected.routes, 1);
		addAll(this.rejectionReasons, group.rejectionReasons, 1);
		this.decision.addFrom(group.decision);
		this.routeEvents.append(group.routeEvents.count, group.routeEvents.events);
		for (const [id, theirs] of group.requests) this.request(id).append(theirs.count, theirs.events);
		this.latestRequest.addFrom(group.latestRequest);
	}

	/** Remove a group that summarises exactly the oldest lines of this tally. */
	removeGroup(group: InsightTally): void {
		for (const name of REASON_TALLIES) addAll(this.byReason[name], group.byReason[name], -1);
		for (const [marker, theirs] of group.context) {
			const tally = this.context.get(marker);
			if (tally === undefined) continue;
			tally.total -= theirs.total;
			for (const [name] of CONTEXT_KEYS) addAll(tally[name], theirs[name], -1);
			if (tally.total === 0) this.context.delete(marker);
		}
		for (const bucket of Object.keys(this.buckets) as SelectionBucket[]) this.buckets[bucket] -= group.buckets[bucket];
		addAll(this.selected.profiles, group.selected.profiles, -1);
		addAll(this.selected.routes, group.selected.routes, -1);
		addAll(this.rejected.profiles, group.rejected.profiles, -1);
		addAll(this.rejected.routes, group.rejected.routes, -1);
		addAll(this.rejectionReasons, group.rejectionReasons, -1);
		this.decision.remove(group.decision.count);
		this.routeEvents.remove(group.routeEvents.count);
		for (const [id, theirs] of group.requests) this.forgetOldest(id, theirs.count);
		this.latestRequest.remove(group.latestRequest.count);
	}

	/** Keep counts only (a group kept just to be subtracted later). */
	keepCountsOnly(): void {
		this.keep = false;
		this.decision.keep = false;
		this.decision.value = null;
		this.routeEvents.forget();
		this.latestRequest.keep = false;
		this.latestRequest.value = null;
		for (const timeline of this.requests.values()) timeline.forget();
	}

	/** @param markerCounts the summary's marker counts (a context entry's total). */
	view(markerCounts: ReadonlyMap<string, number>): InsightsView {
		const context = new Map<string, MarkerContext>();
		for (const [marker, tally] of this.context) context.set(marker, {total: markerCounts.get(marker) ?? 0, routes: new Map(tally.routes), lanes: new Map(tally.lanes), profiles: new Map(tally.profiles)});
		const ids: string[] = [];
		const timelines: Array<readonly TimelineEvent[]> = [];
		for (const [id, timeline] of this.requests) {
			ids.push(id);
			timelines.push(timeline.share());
		}
		const requests = new RequestTimelines(ids, timelines);
		return {
			byReason: {
				chain_retried_owner: new Map(this.byReason.chain_retried_owner),
				chain_dead_upstream_confirmed: new Map(this.byReason.chain_dead_upstream_confirmed),
				stale_continuation: new Map(this.byReason.stale_continuation),
			},
			markerContext: context,
			selection: {
				...this.buckets,
				selectedProfiles: new Map(this.selected.profiles),
				selectedRoutes: new Map(this.selected.routes),
				rejectedProfiles: new Map(this.rejected.profiles),
				rejectedRoutes: new Map(this.rejected.routes),
				rejectionReasons: new Map(this.rejectionReasons),
				latestDecision: decisionText(this.decision.value),
			},
			routeEvents: this.routeEvents.share(),
			requests,
			latestRequestId: this.latestRequest.value,
		};
	}
}
