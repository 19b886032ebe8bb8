import type {Finalized} from './finalize.js';
import {insightsJson} from './insights/json.js';
import {routeHealth} from './insights/route-health.js';
import type {JsonOut} from './json-out.js';
import type {PersistedState} from './state/derive.js';

/**
 * The one `--json` object (docs/output.md §4.1): the doctor's keys, the insights' keys under
 * the current rules (docs/insights.md §3), the persisted-state counters and `profiles`.
 * `--json`, each `--json --follow` record and dashboard snapshots build on it.
 */
export function doctorJson(finalized: Finalized, state: Pick<PersistedState, 'counters' | 'profiles' | 'bindingState' | 'turnStateCoverage'>): Record<string, JsonOut> {
	const {report, summary, incidents} = finalized;
	const insights = summary.insights === null ? {} : insightsJson(summary.insights, {chainEvent: summary.latestChainEvent, staleReason: summary.latestStaleContinuationReason});
	const health = summary.insights === null ? {} : {route_health: routeHealth(summary.insights.routeEvents, state.profiles, summary.markerLastFields)};
	const bindings = summary.insights === null ? {} : {binding_state: state.bindingState, persisted_turn_state_coverage_percent: state.turnStateCoverage};
	const explainer = incidents === null ? {} : {incident_explainer: incidents.map(incident => ({id: incident.id, cause: incident.cause, evidence: incident.evidence, markers: incident.markers, next_action: incident.nextAction}))};
	return {...report, ...insights, ...health, ...explainer, ...bindings, ...state.counters, profiles: state.profiles} as Record<string, JsonOut>;
}
