/**
 * The headless service's stderr log (docs/metrics.md §5): one line per state change — a run
 * started or switched (path and rule set), the follow status, the diagnosis rule, a pressure
 * level. Diagnosis and pressures are reported once the run's existing content is read, so a
 * start-up backlog does not print every rule it passes through.
 *
 * Pure TypeScript.
 */
import {replaceControlChars} from './control-chars.js';
import type {Finalized} from './finalize.js';
import {diagnosisRuleLabel, PRESSURES} from './metrics-catalog.js';
import type {StoreSnapshot} from './snapshot.js';

/** What the log has said so far. */
export type ServiceState = {
	readonly runId: number | null;
	readonly status: string | null;
	readonly rule: string | null;
	readonly pressures: Readonly<Record<string, string>>;
};

export const INITIAL_SERVICE_STATE: ServiceState = {runId: null, status: null, rule: null, pressures: {}};

/** The lines to log for `snapshot` (with the exporter's finalized window) after `said`, and what has been said then. */
export function serviceEvents(said: ServiceState, snapshot: StoreSnapshot, finalized: Finalized): {lines: string[]; said: ServiceState} {
	const lines: string[] = [];
	const {run, status} = snapshot;
	let runId = said.runId;
	if (run !== null && run.id !== runId) {
		lines.push(`${runId === null ? 'run started' : 'new proxy run'}: ${replaceControlChars(run.label)} (rules ${run.rules.id}: ${run.rulesReason})`);
		runId = run.id;
	}
	let statusSaid = said.status;
	if (status.kind !== statusSaid) {
		const text = replaceControlChars(status.text);
		lines.push(text === status.kind ? `follow status: ${status.kind}` : `follow status: ${status.kind} (${text})`);
		statusSaid = status.kind;
	}
	if (run === null || !snapshot.caughtUp) return {lines, said: {...said, runId, status: statusSaid}};
	let rule = said.rule;
	const now = diagnosisRuleLabel(finalized.diagnosisRule);
	if (now !== rule) {
		lines.push(`diagnosis: rule ${now}${rule === null ? '' : ` (was ${rule})`}: ${replaceControlChars(finalized.report.diagnosis)}`);
		rule = now;
	}
	const pressures: Record<string, string> = {...said.pressures};
	for (const {pressure, key} of PRESSURES) {
		const level = finalized.report[key];
		const before = pressures[pressure];
		// The first report names only the levels above low; later every change is told.
		if (level !== before && !(before === undefined && level === 'low')) lines.push(`${pressure} pressure: ${level}${before === undefined ? '' : ` (was ${before})`}`);
		pressures[pressure] = level;
	}
	return {lines, said: {runId, status: statusSaid, rule, pressures}};
}
