import type {DiagnosisView} from './rules/types.js';
import {parseU64} from './numbers.js';
import {topOf} from './order.js';
import type {DoctorReport, PersistenceLevel, QuotaFreshnessLevel, SelectionLevel} from './report.js';
import type {BacklogKey, RuleSet} from './rules/types.js';
import type {StateInputs} from './state-inputs.js';
import type {LogSummary} from './summary.js';
import {explainIncidents, type Incident} from './insights/incidents.js';

/** Where the sampled lines came from (docs/log-format.md §1.5, docs/parsing.md S1–S2). */
export type SourceFacts = {
	readonly logPath: string | null;
	readonly pointerExists: boolean;
	readonly logExists: boolean;
	/** One of the three pointer notes, appended to the diagnosis; null for none. */
	readonly pointerNote: string | null;
	/** `Failed to read the latest runtime log tail: <error>` when reading the tail failed. */
	readonly readError: string | null;
};

/** Facts for a log read directly (`--log`, standard input): no pointer in play, so no note (docs/parsing.md S1). */
export function directFacts(logPath: string, logExists = true): SourceFacts {
	return {logPath, pointerExists: true, logExists, pointerNote: null, readError: null};
}

/** docs/rules.md §1.8 step 7: the reason facet bump of `quota_critical_floor_before_send`. */
function finalCounts(summary: LogSummary): Map<string, number> {
	const counts = new Map(summary.markerCounts);
	const floor = summary.facetCounts.get('reason')?.get('quota_critical_floor_before_send') ?? 0;
	if (floor > 0) counts.set('quota_critical_floor_before_send', (counts.get('quota_critical_floor_before_send') ?? 0) + floor);
	return counts;
}

/** Backlogs and lags: the first marker whose last `field` parses wins (F4). */
function finalBacklogs(summary: LogSummary, rules: RuleSet): Record<BacklogKey, bigint | null> {
	const out = {} as Record<BacklogKey, bigint | null>;
	for (const rule of rules.backlogs) {
		let value: bigint | null = null;
		for (const marker of rule.markers) {
			value = parseU64(summary.markerLastFields.get(marker)?.get(rule.field));
			if (value !== null) break;
		}
		out[rule.key] = value;
	}
	return out;
}

function failureClasses(counts: ReadonlyMap<string, number>, rules: RuleSet): Map<string, number> {
	const out = new Map<string, number>();
	for (const {name, markers} of rules.failureClasses) {
		const sum = markers.reduce((total, marker) => total + (counts.get(marker) ?? 0), 0);
		if (sum > 0) out.set(name, sum);
	}
	return out;
}

type Pressures = Pick<
	DoctorReport,
	'selection_pressure' | 'transport_pressure' | 'persistence_pressure' | 'quota_freshness_pressure' | 'startup_audit_pressure'
>;

/** The five pressure rules (docs/rules.md §1.10; current additions §2.6 are in the rule set's lists). */
/** The pressure keys of the report, in the doctor's order. */
export type PressureKey = 'selection_pressure' | 'transport_pressure' | 'persistence_pressure' | 'quota_freshness_pressure' | 'startup_audit_pressure';

/** What raised each pressure above `low` (`marker count`, state facts); empty for a `low` level. */
export type PressureReasons = Readonly<Record<PressureKey, readonly string[]>>;

function pressures(view: DiagnosisView, summary: LogSummary, rules: RuleSet, state: StateInputs): {levels: Pressures; reasons: PressureReasons} {
	const {pressure} = rules;
	const counted = (markers: readonly string[]) => markers.filter(marker => view.count(marker) > 0).map(marker => `${marker} ${view.count(marker)}`);
	const selection: SelectionLevel = view.any(pressure.selection) ? 'elevated' : 'low';
	const transport: SelectionLevel = view.any(pressure.transport) ? 'elevated' : 'low';
	const persistence: PersistenceLevel = view.any(pressure.persistence)
		? 'elevated'
		: view.any(pressure.activePersistence)
			? 'active'
			: 'low';
	const audit = summary.markerLastFields.get('runtime_proxy_startup_audit');
	const auditSaysMissing = (key: string) => {
		const value = audit?.get(key);
		return value !== undefined && value !== '0';
	};
	const startup: SelectionLevel =
		state.orphanManagedDirs.length > 0 ||
		(view.count('runtime_proxy_startup_audit') > 0 &&
			(auditSaysMissing('missing_managed_dirs') || auditSaysMissing('orphan_managed_dirs')))
			? 'elevated'
			: 'low';
	const topSource = topOf(summary.facetCounts.get('quota_source'));
	const persistedTop = topSource?.startsWith('persisted_snapshot ') ?? false;
	const quota: QuotaFreshnessLevel =
		state.stalePersistedUsageSnapshots > 0 || view.any(pressure.staleRisk) || persistedTop
			? 'stale_risk'
			: view.any(pressure.activeQuotaRefresh)
				? 'active'
				: 'low';
	const reasons: Record<PressureKey, readonly string[]> = {
		selection_pressure: counted(pressure.selection),
		transport_pressure: counted(pressure.transport),
		persistence_pressure: counted(persistence === 'elevated' ? pressure.persistence : pressure.activePersistence),
		quota_freshness_pressure:
			quota === 'stale_risk'
				? [
					...(state.stalePersistedUsageSnapshots > 0 ? [`stale snapshots ${state.stalePersistedUsageSnapshots}`] : []),
					...counted(pressure.staleRisk),
					...(persistedTop ? [`top quota_source ${topSource}`] : []),
				]
				: counted(pressure.activeQuotaRefresh),
		startup_audit_pressure: [
			...(state.orphanManagedDirs.length > 0 ? [`orphan dirs ${state.orphanManagedDirs.join(', ')}`] : []),
			...['missing_managed_dirs', 'orphan_managed_dirs'].filter(auditSaysMissing).map(key => `${key}=${audit!.get(key)}`),
		],
	};
	const levels: Pressures = {
		selection_pressure: selection,
		transport_pressure: transport,
		persistence_pressure: persistence,
		quota_freshness_pressure: quota,
		startup_audit_pressure: startup,
	};
	for (const key of Object.keys(reasons) as PressureKey[]) if (levels[key] === 'low') reasons[key] = [];
	return {levels, reasons};
}

function makeView(
	summary: LogSummary,
	counts: ReadonlyMap<string, number>,
	backlogs: Record<BacklogKey, bigint | null>,
	tops: {client: string | null; family: string | null; warning: string | null},
	source: SourceFacts,
	state: StateInputs,
): DiagnosisView {
	const count = (marker: string) => counts.get(marker) ?? 0;
	return {
		pointerExists: source.pointerExists,
		logExists: source.logExists,
		lineCount: summary.lineCount,
		count,
		any: markers => markers.some(marker => count(marker) > 0),
		last: (marker, key) => summary.markerLastFields.get(marker)?.get(key),
		facet: name => summary.facetCounts.get(name),
		previousResponseNotFoundByRoute: summary.previousResponseNotFoundByRoute,
		compatWarningCount: count('compat_warning'),
		topClient: tops.client,
		topClientFamily: tops.family,
		topCompatWarning: tops.warning,
		backlog: key => backlogs[key],
		state,
		latestChainEvent: summary.latestChainEvent,
		latestStaleContinuationReason: summary.latestStaleContinuationReason,
		blockedRequestShapes: summary.blockedRequestShapes,
	};
}

/** Walk the rule table: the first rule whose condition holds gives the diagnosis. */
export function diagnose(view: DiagnosisView, rules: RuleSet): {text: string; rule: number} {
	for (const rule of rules.diagnosis) {
		if (rule.when(view)) return {text: rule.text(view), rule: rule.n};
	}
	return {text: '', rule: 0};
}

/** A report plus which diagnosis rule fired (0 when a read error set the diagnosis). */
export type Finalized = {
	readonly report: DoctorReport;
	readonly diagnosisRule: number;
	/** The summary the report was made from (its insights feed the JSON and the panels). */
	readonly summary: LogSummary;
	/** What raised each pressure level (the Pressure panel shows them). */
	readonly pressureReasons: PressureReasons;
	/** Current rules: the incident explainer (docs/insights.md §2); null under the 0.27 rules. */
	readonly incidents: readonly Incident[] | null;
};

/**
 * Finalize a log summary into the doctor report (docs/rules.md §1.8–1.13): counts with the
 * quota-floor bump, backlogs and lags, top facets, failure classes, pressures, the diagnosis
 * chain (skipped when reading the tail failed) and the pointer note.
 */
export function finalize(summary: LogSummary, rules: RuleSet, source: SourceFacts, state: StateInputs): Finalized {
	const counts = finalCounts(summary);
	const backlogs = finalBacklogs(summary, rules);
	const tops = {
		family: topOf(summary.facetCounts.get('family')),
		client: topOf(summary.facetCounts.get('client')),
		surface: topOf(summary.facetCounts.get('tool_surface')),
		warning: topOf(summary.facetCounts.get('warning')),
	};
	const view = makeView(summary, counts, backlogs, tops, source, state);
	const pressure = pressures(view, summary, rules, state);
	let diagnosis: string;
	let diagnosisRule = 0;
	if (source.readError === null) {
		const result = diagnose(view, rules);
		diagnosis = result.text;
		diagnosisRule = result.rule;
	} else {
		diagnosis = `Failed to read the latest runtime log tail: ${source.readError}`;
	}
	if (source.pointerNote !== null && !diagnosis.includes(source.pointerNote)) diagnosis += ` ${source.pointerNote}`;
	const report: DoctorReport = {
		log_path: source.logPath,
		pointer_exists: source.pointerExists,
		log_exists: source.logExists,
		line_count: summary.lineCount,
		first_timestamp: summary.firstTimestamp,
		last_timestamp: summary.lastTimestamp,
		marker_counts: counts,
		facet_counts: summary.facetCounts,
		marker_last_fields: summary.markerLastFields,
		previous_response_not_found_by_route: summary.previousResponseNotFoundByRoute,
		previous_response_not_found_by_transport: summary.previousResponseNotFoundByTransport,
		last_marker_line: summary.lastMarkerLine,
		compat_warning_count: view.compatWarningCount,
		top_client_family: tops.family,
		top_client: tops.client,
		top_tool_surface: tops.surface,
		top_compat_warning: tops.warning,
		...pressure.levels,
		...backlogs,
		failure_class_counts: failureClasses(counts, rules),
		degraded_routes: state.degradedRoutes,
		orphan_managed_dirs: state.orphanManagedDirs,
		stale_persisted_usage_snapshots: state.stalePersistedUsageSnapshots,
		persisted_dead_continuations: state.persistedDeadContinuations,
		suspect_continuation_bindings: state.suspectContinuationBindings,
		diagnosis,
	};
	const incidents = summary.insights === null ? null : explainIncidents({view, quotaFreshness: report.quota_freshness_pressure});
	return {report, diagnosisRule, summary, incidents, pressureReasons: pressure.reasons};
}
