import type {JsonOut} from '../json-out.js';
import {contextHotspots, type InsightsView} from './insights.js';

/**
 * The doctor's JSON keys for the insights (prodex 0.411's `doctor --runtime --json`; docs/insights.md §3):
 * names, types and null conventions as the doctor's; object keys are sorted by the JSON writer.
 */
export function insightsJson(view: InsightsView, latest: {readonly chainEvent: string | null; readonly staleReason: string | null}): Record<string, JsonOut> {
	const context = contextHotspots(view).map(([marker, tally]): JsonOut => ({marker, total: tally.total, routes: tally.routes, lanes: tally.lanes, profiles: tally.profiles}));
	const id = view.latestRequestId;
	const timeline = id === null ? [] : (view.requests.get(id) ?? []);
	const s = view.selection;
	return {
		marker_context_summary: context,
		chain_retried_owner_by_reason: view.byReason.chain_retried_owner,
		chain_dead_upstream_confirmed_by_reason: view.byReason.chain_dead_upstream_confirmed,
		stale_continuation_by_reason: view.byReason.stale_continuation,
		latest_chain_event: latest.chainEvent,
		latest_stale_continuation_reason: latest.staleReason,
		latest_request_id: id,
		latest_request_timeline: timeline.map(event => ({timestamp: event.timestamp, phase: event.phase, marker: event.marker, detail: event.detail})),
		selection_summary: {
			picked: s.picked,
			kept: s.kept,
			skipped: s.skipped,
			blocked: s.blocked,
			selected_profiles: s.selectedProfiles,
			selected_routes: s.selectedRoutes,
			rejected_profiles: s.rejectedProfiles,
			rejected_routes: s.rejectedRoutes,
			rejection_reasons: s.rejectionReasons,
			latest_decision: s.latestDecision,
		},
		route_profile_events: view.routeEvents.map(event => ({timestamp: event.timestamp, marker: event.marker, action: event.action, profile: event.profile, route: event.route, detail: event.detail})),
	};
}
