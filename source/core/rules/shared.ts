import type {DiagnosisView} from './types.js';
import {breakdown} from '../order.js';
import type {DiagnosisRule} from './types.js';

/** A rule that fires when any of `markers` was counted and says a fixed text. */
export function markerRule(n: number, markers: readonly string[], text: string): DiagnosisRule {
	return {n, when: view => view.any(markers), text: () => text};
}

/** A rule with a custom condition and a fixed text. */
export function fixedRule(n: number, when: (view: DiagnosisView) => boolean, text: string): DiagnosisRule {
	return {n, when, text: () => text};
}

/** The texts shared by both chains (0.27 rule numbers). */
export const TEXT = {
	noPointer: 'No runtime log pointer has been created yet.',
	noLog: 'Latest runtime log path does not exist.',
	emptyLog: 'Latest runtime log is empty.',
	overloadBackoff: 'Recent local proxy overload backoff was triggered.',
	laneLimit: 'Recent per-lane admission limit was triggered.',
	activeLimit: 'Recent global active-request admission limit was triggered.',
	queueOverloaded: 'Recent proxy saturation detected before commit.',
	circuitOpen:
		'Recent route-level circuit breaker opened; fresh selection is temporarily steering away from a degraded profile.',
	circuitHalfOpen:
		'Recent route-level circuit breaker entered half-open probing; fresh selection is cautiously testing a degraded profile before fully restoring it.',
	wsFrameTimeout:
		'Recent websocket reuse/connect path failed to produce a first upstream frame before the pre-commit deadline.',
	inflightSaturated: 'Recent per-profile in-flight saturation forced a fail-fast response.',
	badPairing: 'Recent route-specific bad pairing memory is steering fresh selection away from a flaky account.',
	compactGuard:
		'Recent compact lineage guard blocked a fresh fallback so a follow-up stayed owner-first until upstream continuity was proven dead.',
	compactShed: 'Recent pressure mode is shedding fresh compact requests to preserve continuation-heavy traffic.',
	wsReuseWatchdog:
		'Recent websocket session reuse degraded before a terminal event; fresh reuse may be steering away from that profile.',
	selection:
		'Recent selection decisions were logged; inspect the last marker for why a profile was picked or skipped.',
	precommitBudget: 'Recent candidate selection exhausted before commit.',
	quotaHardening:
		'Recent quota hardening skipped near-exhausted sends or passed through upstream usage-limit responses.',
	streamRead: 'Recent upstream stream read failure detected after commit.',
	localWriter: 'Recent local writer failure detected while forwarding an upstream stream.',
	connect: 'Recent upstream connect failures detected.',
	stateSave: 'Recent runtime state save failures detected.',
	probeError:
		'Recent background quota refresh failures detected; fresh selection may rely on stale quota snapshots.',
	probeActivity:
		'Background quota refresh activity was detected; inspect the last marker for the most recent profile refresh.',
	writerStall:
		'Likely writer stall: upstream produced data but the local writer did not emit a first chunk in the sampled tail.',
	quiet: 'No recent overload or stream-failure markers were detected in the sampled runtime tail.',
} as const;

/** Markers of 0.27 rule 22 (quota hardening). */
export const QUOTA_HARDENING_MARKERS = [
	'upstream_usage_limit_passthrough',
	'responses_pre_send_skip',
	'websocket_pre_send_skip',
	'quota_critical_floor_before_send',
] as const;

/** Markers of 0.27 rule 25 (connect failures). */
export const CONNECT_MARKERS = [
	'upstream_connect_timeout',
	'upstream_connect_dns_error',
	'upstream_tls_handshake_error',
	'upstream_connect_error',
] as const;

/** Rule 15's text: continuity failures with the by-route breakdown. */
export function continuityText(view: DiagnosisView): string {
	return `Recent previous_response_id continuity failures were observed: ${breakdown(view.previousResponseNotFoundByRoute)}.`;
}

/** Rule 16's text: compatibility warnings for the top client. */
export function compatText(view: DiagnosisView): string {
	const client = view.topClient ?? view.topClientFamily ?? 'unknown client';
	const warning = view.topCompatWarning ?? 'inspect compat_warning markers';
	return `Recent compatibility warnings were observed for ${client}: ${warning}.`;
}

/** Rules 1–3 (pointer, log, empty tail): shared by both chains. */
export const SOURCE_RULES: readonly DiagnosisRule[] = [
	fixedRule(1, view => !view.pointerExists, TEXT.noPointer),
	fixedRule(2, view => !view.logExists, TEXT.noLog),
	fixedRule(3, view => view.lineCount === 0, TEXT.emptyLog),
];

/** 0.27 rules 17 and 18 (persisted continuations); current rules 37 and 38. */
export function stateContinuationRules(dead: number, suspect: number): DiagnosisRule[] {
	return [
		{
			n: dead,
			when: view => view.state.persistedDeadContinuations > 0,
			text: view =>
				`Some persisted continuations are currently dead and will be pruned: ${view.state.persistedDeadContinuations}.`,
		},
		{
			n: suspect,
			when: view => view.state.suspectContinuationBindings.length > 0,
			text: view =>
				`Some persisted continuations are currently suspect: ${view.state.suspectContinuationBindings.join(', ')}.`,
		},
	];
}

/** 0.27 rules 27 and 28 (degraded routes, orphan dirs); current rules 55–56. No final period, as in prodex. */
export function stateRouteRules(degraded: number, orphans: number): DiagnosisRule[] {
	return [
		{
			n: degraded,
			when: view => view.state.degradedRoutes.length > 0,
			text: view => `Persisted degraded runtime routes are still active: ${view.state.degradedRoutes.join(', ')}`,
		},
		{
			n: orphans,
			when: view => view.state.orphanManagedDirs.length > 0,
			text: view => `Orphan managed profile directories were detected: ${view.state.orphanManagedDirs.join(', ')}`,
		},
	];
}

/** 0.27 rule 31 / current rule 59: upstream data without a first local chunk. */
export function writerStallRule(n: number): DiagnosisRule {
	return fixedRule(
		n,
		view => view.count('first_upstream_chunk') > 0 && view.count('first_local_chunk') === 0,
		TEXT.writerStall,
	);
}
