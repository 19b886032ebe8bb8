import {MAX_TRACKED_REQUESTS, REASON_TALLIES, ROUTE_EVENTS, TIMELINE_EVENTS} from './tables.js';
import {RequestTimelines, type InsightsView, type MarkerContext} from './insights.js';
import {addCounts as add} from '../counts.js';

/**
 * The insights of two consecutive runs of lines (`earlier` before `later`), as one pass over all
 * of them would make them (`markerCounts`: the merged marker counts): tallies add; the latest decision and request come from the later part
 * when it has one; the newest events are the newest of both; a request's timeline is its events in
 * both parts, newest kept; requests are ordered least recently seen first (the later part's last).
 */
export function mergeInsights(earlier: InsightsView, later: InsightsView, markerCounts: ReadonlyMap<string, number>): InsightsView {
	// A context entry's total is its marker's count over both parts (`markerCounts`, merged).
	const context = new Map<string, MarkerContext>();
	for (const [marker, mine] of earlier.markerContext) context.set(marker, {...mine, total: markerCounts.get(marker) ?? 0});
	for (const [marker, theirs] of later.markerContext) {
		const mine = context.get(marker);
		const total = markerCounts.get(marker) ?? 0;
		context.set(marker, mine === undefined ? {...theirs, total} : {total, routes: add(mine.routes, theirs.routes), lanes: add(mine.lanes, theirs.lanes), profiles: add(mine.profiles, theirs.profiles)});
	}
	const requests = RequestTimelines.merge(earlier.requests, later.requests, TIMELINE_EVENTS, MAX_TRACKED_REQUESTS);
	const a = earlier.selection;
	const b = later.selection;
	return {
		byReason: Object.fromEntries(REASON_TALLIES.map(name => [name, add(earlier.byReason[name], later.byReason[name])])) as unknown as InsightsView['byReason'],
		markerContext: context,
		selection: {
			picked: a.picked + b.picked,
			kept: a.kept + b.kept,
			skipped: a.skipped + b.skipped,
			blocked: a.blocked + b.blocked,
			selectedProfiles: add(a.selectedProfiles, b.selectedProfiles),
			selectedRoutes: add(a.selectedRoutes, b.selectedRoutes),
			rejectedProfiles: add(a.rejectedProfiles, b.rejectedProfiles),
			rejectedRoutes: add(a.rejectedRoutes, b.rejectedRoutes),
			rejectionReasons: add(a.rejectionReasons, b.rejectionReasons),
			latestDecision: b.latestDecision ?? a.latestDecision,
		},
		routeEvents: [...earlier.routeEvents, ...later.routeEvents].slice(-ROUTE_EVENTS),
		requests,
		latestRequestId: later.latestRequestId ?? earlier.latestRequestId,
	};
}
