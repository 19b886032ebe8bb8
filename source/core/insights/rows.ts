/**
 * The doctor's text rows for the insights (current prodex's Runtime Proxy panel; docs/insights.md
 * §4): the incident rows and the hotspot/selection rows after `Log sample`, and `Latest request
 * timeline` before `Last marker`. Empty under the 0.27 rules.
 *
 * Pure TypeScript.
 */
import type {Finalized} from '../finalize.js';
import {breakdown} from '../order.js';
import type {Row} from '../row.js';
import type {BindingSourceSummary, BindingState} from '../state/bindings.js';
import type {ProfileSummary} from '../state/profiles.js';
import {contextHotspots} from './insights.js';
import {routeHealth} from './route-health.js';

export type InsightRows = {
	readonly afterSample: readonly Row[];
	readonly beforeLastMarker: readonly Row[];
	/** ` turn_coverage=<n>%|-` for the `Persisted continuations` row, and the `Binding state` row after it (null under 0.27). */
	readonly turnCoverage: string | null;
	readonly bindingState: Row | null;
};
export const NO_INSIGHT_ROWS: InsightRows = {afterSample: [], beforeLastMarker: [], turnCoverage: null, bindingState: null};

/** What the rows read from the prodex home. */
export type HomeFacts = {readonly profiles: readonly ProfileSummary[]; readonly bindingState: BindingState; readonly turnStateCoverage: number | null};

function sourceText(source: BindingSourceSummary): string {
	const top = source.profiles[0];
	return `r=${source.response_bindings} s=${source.session_bindings} t=${source.turn_state_bindings} sid=${source.session_id_bindings} total=${source.total_bindings} profiles=${source.profile_count} top=${top === undefined ? '-' : `${top.profile}=${top.total_bindings}`}`;
}

/** The `Binding state` row's value (prodex's render/summary_tail.rs). */
export function bindingStateText(state: BindingState): string {
	const missing = state.state.missing_profile_bindings + state.runtime_continuations.missing_profile_bindings + state.continuation_journal.missing_profile_bindings + state.merged_continuations.missing_profile_bindings;
	return `active=${state.active_profile ?? '-'} profiles=${state.profile_count} selected=${state.last_run_selected_profiles} | state ${sourceText(state.state)} | runtime ${sourceText(state.runtime_continuations)} | journal ${sourceText(state.continuation_journal)} | merged ${sourceText(state.merged_continuations)} | missing=${missing}`;
}

/** Incidents shown as rows; the rest are counted in `Incident hidden`. */
const INCIDENT_ROWS = 6;
const HOTSPOTS = 5;

export function insightRows(finalized: Finalized, home: HomeFacts | null = null): InsightRows {
	const profiles = home?.profiles ?? [];
	const {incidents} = finalized;
	const insights = finalized.summary.insights;
	if (incidents === null || insights === null) return NO_INSIGHT_ROWS;
	const afterSample: Row[] = [];
	if (incidents.length === 0) afterSample.push({label: 'Incident explainer', value: '-'});
	for (const [index, incident] of incidents.slice(0, INCIDENT_ROWS).entries()) {
		afterSample.push({label: `Incident ${index + 1}`, value: `${incident.cause} Evidence: ${incident.evidence.length === 0 ? '-' : incident.evidence.join(', ')}. Next: ${incident.nextAction}`});
	}
	if (incidents.length > INCIDENT_ROWS) afterSample.push({label: 'Incident hidden', value: String(incidents.length - INCIDENT_ROWS)});
	const hotspots = contextHotspots(insights)
		.slice(0, HOTSPOTS)
		.map(([marker, tally]) =>
			[`${marker} total=${tally.total}`, ...([['route', tally.routes], ['lane', tally.lanes], ['profile', tally.profiles]] as const).flatMap(([label, counts]) => (counts.size === 0 ? [] : [`${label}:${breakdown(counts)}`]))].join(' '),
		);
	if (hotspots.length > 0) afterSample.push({label: 'Marker context hotspots', value: hotspots.join('; ')});
	const s = insights.selection;
	if (s.picked + s.kept + s.skipped + s.blocked > 0) {
		afterSample.push({label: 'Selection decisions', value: `picked=${s.picked} kept=${s.kept} skipped=${s.skipped} blocked=${s.blocked}`});
		if (s.selectedProfiles.size > 0) afterSample.push({label: 'Selection selected', value: breakdown(s.selectedProfiles)});
		if (s.rejectionReasons.size > 0) afterSample.push({label: 'Selection rejection reasons', value: breakdown(s.rejectionReasons)});
	}
	const [focus] = routeHealth(insights.routeEvents, profiles, finalized.summary.markerLastFields);
	if (focus !== undefined) {
		afterSample.push({
			label: 'Route health focus',
			value: `${focus.profile}/${focus.route} events=${focus.event_count} health=${focus.health_score ?? '-'} latest=${focus.latest_marker ?? '-'} reason=${focus.latest_reason ?? focus.health_reason ?? '-'}`,
		});
	}
	// prodex's count rows of the chain markers and their detail rows (render/marker_details/continuation.rs).
	const count = (marker: string) => String(finalized.report.marker_counts.get(marker) ?? 0);
	afterSample.push(
		{label: 'Chain owner retries', value: count('chain_retried_owner')},
		{label: 'Chain dead upstream', value: count('chain_dead_upstream_confirmed')},
		{label: 'Stale continuations', value: count('stale_continuation')},
		{label: 'Chain retry reasons', value: breakdown(insights.byReason.chain_retried_owner)},
		{label: 'Chain dead reasons', value: breakdown(insights.byReason.chain_dead_upstream_confirmed)},
		{label: 'Stale reasons', value: breakdown(insights.byReason.stale_continuation)},
		{label: 'Latest stale reason', value: finalized.summary.latestStaleContinuationReason ?? '-'},
		{label: 'Latest chain event', value: finalized.summary.latestChainEvent ?? '-'},
	);
	const id = insights.latestRequestId;
	const events = id === null ? [] : (insights.requests.get(id) ?? []);
	const timeline = id === null ? '-' : events.length === 0 ? `request=${id}` : `request=${id} ${events.map(event => `${event.phase}:${event.marker}${event.detail === '' ? '' : ` ${event.detail}`}`).join(' -> ')}`;
	return {
		afterSample,
		beforeLastMarker: [{label: 'Latest request timeline', value: timeline}],
		turnCoverage: home === null ? null : ` turn_coverage=${home.turnStateCoverage === null ? '-' : `${home.turnStateCoverage}%`}`,
		bindingState: home === null ? null : {label: 'Binding state', value: bindingStateText(home.bindingState)},
	};
}
