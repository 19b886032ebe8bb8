import type {DiagnosisView} from './types.js';
import {parseU64} from '../numbers.js';

/** `last(m,k) ?? fallback` (an empty string is kept as is). */
export function lastOr(view: DiagnosisView, marker: string, key: string, fallback: string): string {
	return view.last(marker, key) ?? fallback;
}

/** ` Latest load: <active>/<limit>.` when both fields are present, else empty. */
function load(view: DiagnosisView, marker: string): string {
	const active = view.last(marker, 'active');
	const limit = view.last(marker, 'limit');
	return active !== undefined && limit !== undefined ? ` Latest load: ${active}/${limit}.` : '';
}

/** `"<profile>/<route>"`, the one present, or undefined. */
export function scope(view: DiagnosisView, marker: string): string | undefined {
	const profile = view.last(marker, 'profile');
	const route = view.last(marker, 'route');
	if (profile !== undefined && route !== undefined) return `${profile}/${route}`;
	return profile ?? route;
}

/** Whether the fail-closed block is context-dependent (docs/rules.md §2.7, CD). */
export function contextDependent(view: DiagnosisView): boolean {
	const blocked = 'previous_response_fresh_fallback_blocked';
	return (
		(view.blockedRequestShapes.get('continuation_only') ?? 0) > 0 ||
		(view.count(blocked) > 0 && view.last(blocked, 'request_shape') === 'continuation_only')
	);
}

/** The "next step" texts of docs/rules.md §2.8, by name. */
export const NEXT_STEP = {
	lane(view: DiagnosisView): string {
		const marker = 'runtime_proxy_lane_limit_reached';
		const lane = lastOr(view, marker, 'lane', 'unknown');
		const head =
			lane === 'responses'
				? 'Reduce concurrent terminals or bursty side-lane work until the responses lane drains.'
				: `Inspect repeated lane=${lane} markers and trim bursty ${lane} traffic if it is starving responses.`;
		return head + load(view, marker);
	},
	active(view: DiagnosisView): string {
		return `Reduce concurrent fresh work or wait for in-flight requests to drain before retrying.${load(view, 'runtime_proxy_active_limit_reached')}`;
	},
	inflight(view: DiagnosisView): string {
		const marker = 'profile_inflight_saturated';
		const profile = view.last(marker, 'profile');
		const on = profile === undefined ? '' : ` on profile ${profile}`;
		const hard = view.last(marker, 'hard_limit');
		return hard === undefined
			? `Wait for in-flight work${on} to drain before retrying, or let fresh selection land on another eligible profile.`
			: `Wait for in-flight work${on} to drop below hard limit ${hard} before retrying, or let fresh selection land on another eligible profile.`;
	},
	health(view: DiagnosisView): string {
		const marker = 'profile_health';
		return `Inspect recent transport or overload markers for ${scope(view, marker) ?? 'that route'}, especially \`${lastOr(view, marker, 'reason', 'unknown_reason')}\`, and wait for that route score to decay before expecting fresh selection to reuse it.`;
	},
	ws(view: DiagnosisView): string {
		const marker = ['rejected', 'reject', 'enqueue']
			.map(kind => `websocket_connect_overflow_${kind}`)
			.find(m => view.count(m) > 0) ?? 'websocket_connect_overflow_dispatch';
		const field = (key: string, fallback: string) => lastOr(view, marker, key, fallback);
		const tail = ` Latest reason: ${field('reason', 'unknown_reason')}; pending=${field('overflow_pending', '-')}/${field('overflow_max_pending', '-')}, workers=${field('worker_count', '-')}, queue_capacity=${field('queue_capacity', '-')}.`;
		if (marker.endsWith('_dispatch')) {
			return `Overflow queued websocket connect work drained back into the bounded workers; inspect earlier enqueue/reject markers if dispatch repeats.${tail}`;
		}
		if (marker.endsWith('_enqueue')) {
			return `Watch for matching dispatch or rejected markers; repeated enqueue means websocket connect workers are saturated.${tail}`;
		}
		return `Reduce concurrent websocket session starts or wait for websocket connect workers to drain before retrying.${tail}`;
	},
	auth(view: DiagnosisView): string {
		const failed = view.count('profile_auth_recovery_failed') > 0;
		const marker = failed ? 'profile_auth_recovery_failed' : 'profile_auth_recovered';
		const profile = lastOr(view, marker, 'profile', '-');
		const route = lastOr(view, marker, 'route', '-');
		return failed
			? `Refresh credentials for profile ${profile} with \`prodex login --profile ${profile}\` and retry route ${route}; latest recovery error: ${lastOr(view, marker, 'error', 'unknown_error')}.`
			: `Auth recovered for profile ${profile} on route ${route} via ${lastOr(view, marker, 'source', '-')} (changed=${lastOr(view, marker, 'changed', '-')}); if this repeats, restart active sessions after login refresh.`;
	},
	failclosed(view: DiagnosisView): string {
		const guard = lastOr(view, 'previous_response_fresh_fallback_blocked', 'reason', 'unknown_reason');
		return contextDependent(view)
			? `Inspect \`previous_response_not_found\`, affinity bindings, and owning-profile chain markers before retrying; Prodex failed closed because this follow-up is context-dependent and cannot be replayed safely. Start a fresh turn only if context continuity can be abandoned. Latest guard: ${guard}.`
			: `Inspect \`previous_response_not_found\` and \`chain_dead_upstream_confirmed\` for the owning context before retrying; fail-closed stale continuation handling blocks fresh replay when continuity is unverified. Start a fresh turn instead of forcing rotation if the owner cannot be recovered. Latest guard: ${guard}.`;
	},
	compact(view: DiagnosisView): string {
		const marker = 'compact_final_failure';
		const exit = lastOr(view, marker, 'exit', '-');
		const reason = lastOr(view, marker, 'reason', '-');
		const profile = view.last(marker, 'profile');
		const on = profile === undefined ? '' : ` on profile ${profile}`;
		if (exit === 'pressure') {
			return 'Reduce fresh compact volume or wait for continuation-heavy traffic to drain before retrying compact.';
		}
		switch (reason) {
			case 'quota': {
				return `Inspect compact budget and candidate-exhausted markers${on}, then retry after compact quota refreshes or another profile becomes eligible.`;
			}
			case 'overload': {
				return `Inspect compact overload and backoff markers${on}, then retry after the local pressure clears.`;
			}
			case 'transport': {
				return `Inspect compact transport markers${on}; Prodex backed off the failing route, so retry after short transport backoff or let a fresh compact select another eligible profile.`;
			}
			case 'inflight_saturation': {
				return `Wait for in-flight compact work to drain${on} before retrying.`;
			}
			default: {
				return `Inspect compact exit markers around \`${exit}\`${on} and retry after the blocking condition clears.`;
			}
		}
	},
	persist(view: DiagnosisView): string {
		const parts: string[] = [];
		const state = view.backlog('state_save_queue_backlog');
		const journal = view.backlog('continuation_journal_save_backlog');
		if (state !== null) parts.push(`state=${state}`);
		if (journal !== null) parts.push(`journal=${journal}`);
		const backlog = parts.length > 0 ? ` Latest backlog: ${parts.join(' ')}.` : '';
		const reason =
			view.last('state_save_queue_backpressure', 'reason') ??
			view.last('continuation_journal_queue_backpressure', 'reason');
		const reasonText = reason === undefined ? '' : ` Latest reason: ${reason}.`;
		return `Reduce rapid rotation or continuation churn and wait for background persistence queues to drain.${backlog}${reasonText}`;
	},
	sync(view: DiagnosisView): string {
		const marker = 'selection_skip_sync_probe';
		const jobs = view.last(marker, 'cold_start_jobs');
		const profiles = view.last(marker, 'cold_start_profiles');
		const deferred =
			jobs === undefined
				? profiles === undefined
					? 'cold-start work'
					: `${profiles} cold-start profile(s)`
				: `${jobs} cold-start job(s)`;
		return `Inspect \`selection_skip_sync_probe\`, \`profile_probe_refresh_backpressure\`, and \`profile_probe_refresh_queued\` markers for route ${lastOr(view, marker, 'route', 'unknown')}; pressure mode (${lastOr(view, marker, 'reason', 'unknown_reason')}) deferred ${deferred}, so cold-start profiles may stay on stale quota data until background probes finish.`;
	},
	probe(view: DiagnosisView): string {
		const marker = 'profile_probe_refresh_backpressure';
		const profile = view.last(marker, 'profile');
		const forProfile = profile === undefined ? '' : ` for profile ${profile}`;
		const backlog = parseU64(view.last(marker, 'backlog')) ?? view.backlog('profile_probe_refresh_backlog');
		const backlogText = backlog === null ? '' : ` Latest probe backlog: ${backlog}.`;
		return `Let the background quota-refresh queue drain${forProfile} before expecting cold-start profiles to become selectable again.${backlogText}`;
	},
} as const;
