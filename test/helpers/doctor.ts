import {finalize, type SourceFacts} from '../../source/core/finalize.js';
import {parseLine} from '../../source/core/line.js';
import type {DoctorReport} from '../../source/core/report.js';
import {RULES_027, RULES_CURRENT, type RuleSet} from '../../source/core/rules/index.js';
import {EMPTY_STATE, type StateInputs} from '../../source/core/state-inputs.js';
import {summarizeLines, type LogSummary} from '../../source/core/summary.js';
import {doctorJson} from '../../source/core/doctor-json.js';
import {toJson} from '../../source/core/json-out.js';
import {EMPTY_PERSISTED_STATE} from '../../source/core/state/derive.js';

/** Pointer and log present, no note, no read error: the acceptance cases' default. */
export const PRESENT: SourceFacts = {logPath: '/logs/x.log', pointerExists: true, logExists: true, pointerNote: null, readError: null};

/** Lines of a case: a block of text split at `\n` (a final newline does not add a line). */
export function linesOf(text: string): string[] {
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}

/** The doctor report for raw lines fed directly (no file, no window cut). */
export function doctor(
	lines: readonly string[],
	rules: RuleSet = RULES_027,
	options: {state?: Partial<StateInputs>; source?: Partial<SourceFacts>} = {},
): DoctorReport {
	const summary = summarizeLines(
		lines.map(line => parseLine(line, rules)),
		rules,
	);
	return finalize(summary, rules, {...PRESENT, ...options.source}, {...EMPTY_STATE, ...options.state}).report;
}

/** The diagnosis rule number that fired. */
export function ruleFired(lines: readonly string[], rules: RuleSet = RULES_027, state: Partial<StateInputs> = {}): number {
	const summary = summarizeLines(
		lines.map(line => parseLine(line, rules)),
		rules,
	);
	return finalize(summary, rules, PRESENT, {...EMPTY_STATE, ...state}).diagnosisRule;
}

/** A Map as a plain object, for readable assertions. */
export function obj<V>(map: ReadonlyMap<string, V> | undefined): Record<string, V> {
	return Object.fromEntries(map ?? []);
}

/** A nested count map as plain objects. */
export function nested(map: ReadonlyMap<string, ReadonlyMap<string, number>>): Record<string, Record<string, number>> {
	return Object.fromEntries([...map].map(([key, inner]) => [key, obj(inner)]));
}

/** A timestamped text line. */
export function ts(message: string, stamp = '2026-04-24 09:40:00.000 +07:00'): string {
	return `[${stamp}] ${message}`;
}

export {RULES_027, RULES_CURRENT};

/** The whole `--json` object of a summary (doctor keys, insights, empty persisted state), as text: what the property tests compare. */
export function summaryJson(summary: LogSummary, rules: RuleSet): string {
	const json = toJson(doctorJson(finalize(summary, rules, PRESENT, EMPTY_STATE), EMPTY_PERSISTED_STATE));
	// Every request's timeline in order, not only the latest the JSON prints (the Requests panel shows the newest ten).
	return summary.insights === null ? json : `${json}\n${JSON.stringify([...summary.insights.requests.entries()])}`;
}
