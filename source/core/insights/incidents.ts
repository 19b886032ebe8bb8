/**
 * The incident explainer of current prodex's doctor (docs/insights.md §2): up to seven incidents,
 * each a cause, its evidence, the markers behind it and the next action, decided from the
 * finalized summary. A table, walked in order; an incident whose condition holds is listed.
 *
 * Pure TypeScript.
 */
import {topOf} from '../order.js';
import {lastOr, NEXT_STEP, scope} from '../rules/current-next-steps.js';
import type {DiagnosisView} from '../rules/types.js';

export type Incident = {
	readonly id: string;
	readonly cause: string;
	readonly evidence: readonly string[];
	readonly markers: readonly string[];
	readonly nextAction: string;
};

/** What an incident is decided from: the diagnosis view plus the finalized quota-freshness level. */
export type IncidentInput = {readonly view: DiagnosisView; readonly quotaFreshness: string};

type IncidentRule = {
	readonly id: string;
	readonly markers: readonly string[];
	readonly when: (input: IncidentInput, total: number) => boolean;
	readonly cause: (input: IncidentInput) => string;
	/** Evidence items; undefined ones are left out. */
	readonly evidence: (input: IncidentInput, total: number) => ReadonlyArray<string | undefined>;
	readonly next: (input: IncidentInput) => string;
};

const counted = (view: DiagnosisView, marker: string) => (view.count(marker) > 0 ? `${marker}=${view.count(marker)}` : undefined);
const topFacet = (view: DiagnosisView, facet: string) => {
	const top = topOf(view.facet(facet));
	return top === null ? undefined : `top_${facet}=${top}`;
};
const latestLoad = (view: DiagnosisView, marker: string) => {
	const active = view.last(marker, 'active');
	const limit = view.last(marker, 'limit');
	return active === undefined || limit === undefined ? undefined : `latest_load=${active}/${limit}`;
};
const firstLast = (view: DiagnosisView, markers: readonly string[], key: string) => {
	for (const marker of markers) {
		const value = view.last(marker, key);
		if (value !== undefined) return value;
	}
	return undefined;
};

const TRANSPORT_SCOPE_MARKERS = ['profile_transport_backoff', 'profile_transport_failure', 'stream_read_error', 'upstream_connect_timeout', 'upstream_connect_error', 'upstream_connect_dns_error', 'upstream_tls_handshake_error'];
const QUOTA_GUARD_MARKERS = ['quota_blocked', 'quota_critical_floor_before_send', 'responses_pre_send_skip', 'websocket_pre_send_skip'];
const PRECOMMIT_COMPACT_MARKERS = ['compact_precommit_budget_exhausted', 'compact_exit_precommit_budget_exhausted', 'compact_candidate_exhausted', 'compact_exit_candidate_exhausted'];

/** Next actions the diagnosis chain does not have (prodex's transport, quota and pre-commit next steps). */
const INCIDENT_NEXT = {
	transport(view: DiagnosisView): string {
		let where: string | undefined;
		for (const marker of TRANSPORT_SCOPE_MARKERS) {
			where = scope(view, marker);
			if (where !== undefined) break;
		}
		return `Inspect network/proxy and upstream transport markers for ${where ?? 'affected route'}; wait for short transport backoff to expire before retrying fresh work. Top reason: ${topOf(view.facet('reason')) ?? 'inspect latest transport marker'}.`;
	},
	quota({view, quotaFreshness}: IncidentInput): string {
		if (view.count('selection_skip_sync_probe') > 0) return NEXT_STEP.sync(view);
		if (view.count('profile_probe_refresh_backpressure') > 0) return NEXT_STEP.probe(view);
		const profile = firstLast(view, ['quota_blocked', 'responses_pre_send_skip', 'websocket_pre_send_skip'], 'profile');
		const forProfile = profile === undefined ? '' : ` for profile ${profile}`;
		return quotaFreshness === 'stale_risk'
			? `Refresh quota visibility with \`prodex quota --all --once\` and let background probes drain${forProfile} before retrying selection-heavy work.`
			: `Wait for quota reset or use another eligible profile${forProfile}; verify current limits with \`prodex quota --all --once\`.`;
	},
	precommit(view: DiagnosisView): string {
		const route = firstLast(view, ['precommit_budget_exhausted', 'compact_precommit_budget_exhausted', 'compact_exit_precommit_budget_exhausted'], 'route') ?? 'affected route';
		return view.any(PRECOMMIT_COMPACT_MARKERS)
			? `Reduce fresh compact volume on ${route} or wait for quota/backoff pressure to clear before retrying compact.`
			: `Inspect selection skip, quota, and transport backoff markers for ${route}; retry after an eligible profile becomes available.`;
	},
};

/** The incidents, in the order the doctor lists them. */
export const INCIDENT_RULES: readonly IncidentRule[] = [
	{
		id: 'lane_saturation',
		markers: ['runtime_proxy_lane_limit_reached'],
		when: (_input, total) => total > 0,
		cause: ({view}) => `Local ${lastOr(view, 'runtime_proxy_lane_limit_reached', 'lane', 'unknown')} lane admission limit blocked fresh work before commit.`,
		evidence: ({view}, total) => [`runtime_proxy_lane_limit_reached=${total}`, latestLoad(view, 'runtime_proxy_lane_limit_reached'), topFacet(view, 'lane'), topFacet(view, 'route')],
		next: ({view}) => NEXT_STEP.lane(view),
	},
	{
		id: 'active_request_pressure',
		markers: ['runtime_proxy_active_limit_reached', 'runtime_proxy_queue_overloaded'],
		when: (_input, total) => total > 0,
		cause: () => 'Global proxy admission saturated before upstream commit.',
		evidence: ({view}) => [counted(view, 'runtime_proxy_active_limit_reached'), counted(view, 'runtime_proxy_queue_overloaded'), latestLoad(view, 'runtime_proxy_active_limit_reached'), topFacet(view, 'transport')],
		next: ({view}) => NEXT_STEP.active(view),
	},
	{
		id: 'profile_inflight_saturation',
		markers: ['profile_inflight_saturated'],
		when: (_input, total) => total > 0,
		cause: ({view}) => `Profile ${lastOr(view, 'profile_inflight_saturated', 'profile', 'selected profile')} hit its per-profile in-flight hard cap.`,
		evidence: ({view}, total) => {
			const hard = view.last('profile_inflight_saturated', 'hard_limit');
			return [`profile_inflight_saturated=${total}`, hard === undefined ? undefined : `hard_limit=${hard}`, topFacet(view, 'profile'), topFacet(view, 'route')];
		},
		next: ({view}) => NEXT_STEP.inflight(view),
	},
	{
		id: 'transport_backoff',
		markers: [
			'profile_transport_backoff', 'profile_transport_failure', 'upstream_connect_timeout', 'upstream_connect_dns_error', 'upstream_tls_handshake_error', 'upstream_connect_error',
			'upstream_connect_http', 'upstream_close_before_completed', 'upstream_connection_closed', 'upstream_read_error', 'upstream_send_error', 'upstream_stream_error',
			'compact_transport_failure', 'stream_read_error',
		],
		when: (_input, total) => total > 0,
		cause: ({view}) =>
			view.count('profile_transport_backoff') > 0
				? 'A profile route is in short transport backoff after upstream transport failures.'
				: view.count('stream_read_error') > 0
					? 'Upstream stream failed after commit; Codex likely saw a natural transport failure.'
					: 'Upstream transport/connect failures were observed before or during commit.',
		evidence: ({view}, total) => [
			`transport_markers=${total}`,
			counted(view, 'profile_transport_backoff'),
			counted(view, 'stream_read_error'),
			counted(view, 'upstream_connect_timeout'),
			counted(view, 'upstream_connect_error'),
			topFacet(view, 'profile'),
			topFacet(view, 'route'),
			topFacet(view, 'reason'),
		],
		next: ({view}) => INCIDENT_NEXT.transport(view),
	},
	{
		// 0.411: a health penalty is its own incident, not a transport one (acceptance case D2).
		id: 'route_health_penalty',
		markers: ['profile_health'],
		when: (_input, total) => total > 0,
		cause: ({view}) => `Route-specific health penalty is steering fresh selection away from ${scope(view, 'profile_health') ?? 'an unknown route'} after ${lastOr(view, 'profile_health', 'reason', 'unknown_reason')}.`,
		evidence: ({view}, total) => [`profile_health=${total}`, `reason=${lastOr(view, 'profile_health', 'reason', 'unknown_reason')}`, topFacet(view, 'profile'), topFacet(view, 'route')],
		next: ({view}) => NEXT_STEP.health(view),
	},
	{
		id: 'quota_pressure',
		markers: [
			'quota_blocked', 'quota_critical_floor_before_send', 'responses_pre_send_skip', 'websocket_pre_send_skip', 'upstream_usage_limit_passthrough', 'profile_retry_backoff',
			'profile_quota_quarantine', 'selection_skip_sync_probe', 'profile_probe_refresh_backpressure', 'profile_probe_refresh_error',
		],
		when: ({quotaFreshness}, total) => total > 0 || quotaFreshness === 'stale_risk',
		cause: ({view, quotaFreshness}) =>
			view.any(QUOTA_GUARD_MARKERS)
				? 'Quota guard blocked or skipped near-exhausted sends before commit.'
				: quotaFreshness === 'stale_risk'
					? 'Quota snapshots or background probes may be stale under selection pressure.'
					: 'Quota-related backoff or upstream usage-limit markers were observed.',
		evidence: ({view, quotaFreshness}, total) => [
			`quota_markers=${total}`,
			counted(view, 'quota_blocked'),
			counted(view, 'quota_critical_floor_before_send'),
			counted(view, 'responses_pre_send_skip'),
			`quota_freshness=${quotaFreshness}`,
			topFacet(view, 'quota_source'),
			topFacet(view, 'quota_band'),
			topFacet(view, 'profile'),
		],
		next: input => INCIDENT_NEXT.quota(input),
	},
	{
		id: 'precommit_budget_exhausted',
		markers: ['precommit_budget_exhausted', 'compact_precommit_budget_exhausted', 'compact_exit_precommit_budget_exhausted', 'compact_candidate_exhausted', 'compact_exit_candidate_exhausted'],
		when: (_input, total) => total > 0,
		cause: () => 'Candidate selection exhausted before any upstream response was committed.',
		evidence: ({view}) => [counted(view, 'precommit_budget_exhausted'), counted(view, 'compact_precommit_budget_exhausted'), counted(view, 'compact_candidate_exhausted'), topFacet(view, 'route'), topFacet(view, 'reason')],
		next: ({view}) => INCIDENT_NEXT.precommit(view),
	},
];

/** Every incident id, in table order (a bounded label set for the exporter). */
export const INCIDENT_IDS: readonly string[] = INCIDENT_RULES.map(rule => rule.id);

/** Every incident whose condition holds, in table order. */
export function explainIncidents(input: IncidentInput): Incident[] {
	const out: Incident[] = [];
	for (const rule of INCIDENT_RULES) {
		const total = rule.markers.reduce((sum, marker) => sum + input.view.count(marker), 0);
		if (!rule.when(input, total)) continue;
		out.push({
			id: rule.id,
			cause: rule.cause(input),
			evidence: rule.evidence(input, total).filter((item): item is string => item !== undefined),
			markers: rule.markers,
			nextAction: rule.next(input),
		});
	}
	return out;
}
