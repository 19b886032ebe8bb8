import type {ParsedLine} from '../../source/core/line.js';
import type {RuleSet} from '../../source/core/rules/types.js';
import {RequestTimelines, type InsightsView, type RouteProfileEvent, type TimelineEvent} from '../../source/core/insights/insights.js';
import {ROUTE_ACTION, SELECTION_BUCKET, TIMELINE_PHASE} from '../../source/core/insights/tables.js';
import {chainEventText, type LogSummary} from '../../source/core/summary.js';

/** Scalar-aware cut as prodex's: more than `limit` chars → the first limit−3 and "...". */
function cutChars(value: string, limit: number): string {
	const chars = Array.from(value);
	return chars.length <= limit ? value : `${chars.slice(0, limit - 3).join('')}...`;
}

function detailOf(fields: ReadonlyMap<string, string>): string {
	const parts: string[] = [];
	for (const key of ['profile', 'route', 'transport', 'reason', 'status', 'code', 'exit', 'outcome', 'quota_source', 'affinity', 'request_shape', 'retry_index', 'attempt', 'response_id', 'previous_response_id', 'session_id']) {
		if (fields.has(key)) parts.push(`${key}=${cutChars(fields.get(key)!, 48)}`);
		if (parts.length >= 5) break;
	}
	return parts.join(' ');
}

/** The insights in one pass, the way prodex's parser records them (parsing.rs, selection.rs, route_profile.rs, request_timeline.rs). */
export function referenceInsights(lines: readonly ParsedLine[]): InsightsView {
	const inc = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
	const byReason = {chain_retried_owner: new Map<string, number>(), chain_dead_upstream_confirmed: new Map<string, number>(), stale_continuation: new Map<string, number>()};
	const context = new Map<string, {total: number; routes: Map<string, number>; lanes: Map<string, number>; profiles: Map<string, number>}>();
	const selection = {picked: 0, kept: 0, skipped: 0, blocked: 0, selectedProfiles: new Map<string, number>(), selectedRoutes: new Map<string, number>(), rejectedProfiles: new Map<string, number>(), rejectedRoutes: new Map<string, number>(), rejectionReasons: new Map<string, number>(), latestDecision: null as string | null};
	const routeEvents: RouteProfileEvent[] = [];
	const timelines = new Map<string, {last: number; events: TimelineEvent[]}>();
	lines.forEach((line, index) => {
		const {marker, fields} = line;
		if (marker === null) return;
		if (marker in byReason && fields.has('reason')) inc(byReason[marker as keyof typeof byReason], fields.get('reason')!);
		if (!context.has(marker)) context.set(marker, {total: 0, routes: new Map(), lanes: new Map(), profiles: new Map()});
		const entry = context.get(marker)!;
		entry.total++;
		for (const [key, map] of [['route', entry.routes], ['lane', entry.lanes], ['profile', entry.profiles]] as const) {
			const value = fields.get(key);
			if (value !== undefined && value !== '' && value !== '-') inc(map, value);
		}
		const profile = fields.get('profile') || null;
		const route = fields.get('route') || null;
		const bucket = SELECTION_BUCKET.get(marker);
		if (bucket !== undefined) {
			selection[bucket]++;
			const picked = bucket === 'picked' || bucket === 'kept';
			if (profile !== null) inc(picked ? selection.selectedProfiles : selection.rejectedProfiles, profile);
			if (route !== null) inc(picked ? selection.selectedRoutes : selection.rejectedRoutes, route);
			if (!picked) inc(selection.rejectionReasons, fields.get('reason') ?? fields.get('outcome') ?? fields.get('event') ?? fields.get('status') ?? marker);
			const detail = detailOf(fields);
			selection.latestDecision = detail === '' ? marker : `${marker} ${detail}`;
		}
		const action = ROUTE_ACTION.get(marker);
		if (action !== undefined && (profile !== null || route !== null)) {
			routeEvents.push({timestamp: line.timestamp, marker, action, profile, route, detail: detailOf(fields)});
			if (routeEvents.length > 20) routeEvents.shift();
		}
		const phase = TIMELINE_PHASE.get(marker);
		const id = fields.has('request_id') ? fields.get('request_id')! : fields.get('request');
		if (phase !== undefined && id !== undefined && id !== '') {
			if (!timelines.has(id)) timelines.set(id, {last: 0, events: []});
			const timeline = timelines.get(id)!;
			timeline.last = index;
			timeline.events.push({timestamp: line.timestamp, phase, marker, detail: detailOf(fields)});
			if (timeline.events.length > 12) timeline.events.shift();
		}
	});
	let latest: string | null = null;
	let latestIndex = -1;
	for (const [id, timeline] of timelines) {
		if (timeline.last > latestIndex) {
			latest = id;
			latestIndex = timeline.last;
		}
	}
	const ordered = [...timelines].sort((a, b) => a[1].last - b[1].last);
	const requests = new RequestTimelines(ordered.map(([id]) => id), ordered.map(([, timeline]) => timeline.events));
	return {byReason, markerContext: context, selection, routeEvents, requests, latestRequestId: latest};
}

/**
 * A from-scratch summary written straight from docs/rules.md §1.7 (one pass, no removal logic),
 * independent of SummaryAccumulator, for the incremental == batch property.
 */
export function referenceSummary(lines: readonly ParsedLine[], rules: RuleSet): LogSummary {
	let firstTimestamp: string | null = null;
	let lastTimestamp: string | null = null;
	let lastMarkerLine: string | null = null;
	let latestChainEvent: string | null = null;
	let latestStaleContinuationReason: string | null = null;
	const markerCounts = new Map<string, number>();
	const markerLastFields = new Map<string, ReadonlyMap<string, string>>();
	const facetCounts = new Map<string, Map<string, number>>();
	const byRoute = new Map<string, number>();
	const byTransport = new Map<string, number>();
	const blockedShapes = new Map<string, number>();
	const inc = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
	for (const line of lines) {
		if (line.timestamp !== null) {
			firstTimestamp ??= line.timestamp;
			lastTimestamp = line.timestamp;
		}
		const {marker, fields} = line;
		if (marker === null) continue;
		inc(markerCounts, marker);
		lastMarkerLine = line.markerLine;
		if (marker === 'previous_response_not_found') {
			if (fields.has('route')) inc(byRoute, fields.get('route')!);
			if (fields.has('transport')) inc(byTransport, fields.get('transport')!);
		}
		for (const facet of rules.facets) {
			if (!fields.has(facet)) continue;
			if (!facetCounts.has(facet)) facetCounts.set(facet, new Map());
			inc(facetCounts.get(facet)!, fields.get(facet)!);
		}
		if (fields.size > 0) markerLastFields.set(marker, fields);
		if (rules.chainEventMarkers.length > 0) {
			if (['chain_retried_owner', 'chain_dead_upstream_confirmed', 'stale_continuation'].includes(marker)) latestChainEvent = chainEventText(line);
			if (marker === 'stale_continuation' && fields.has('reason')) latestStaleContinuationReason = fields.get('reason')!;
			if (marker === 'previous_response_fresh_fallback_blocked' && fields.has('request_shape')) inc(blockedShapes, fields.get('request_shape')!);
		}
	}
	return {
		lineCount: lines.length,
		firstTimestamp,
		lastTimestamp,
		markerCounts,
		markerLastFields,
		facetCounts,
		previousResponseNotFoundByRoute: byRoute,
		previousResponseNotFoundByTransport: byTransport,
		lastMarkerLine,
		latestChainEvent,
		latestStaleContinuationReason,
		blockedRequestShapes: blockedShapes,
		insights: rules.insights ? referenceInsights(lines) : null,
	};
}
