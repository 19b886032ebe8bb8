import {commandJson, type CommandFacts} from './command-keys.js';
import type {Finalized} from './finalize.js';
import {displayText} from './display-text.js';
import type {JsonOut} from './json-out.js';
import {policySuggestions, suggestionLines, suggestionsJson} from './suggestions/suggestions.js';
import type {TuningResult} from './suggestions/tuning.js';

/** The prodex set-up around the log, read once per run (source/tail/environment.ts). */
export type ProdexEnvironment = {readonly command: CommandFacts; readonly tuning: TuningResult};

/** The insights exist under the current rules only (docs/insights.md). */
export const currentRules = (finalized: Finalized) => finalized.summary.insights !== null;

/** How a run reports the environment: its facts, and whether `--suggest-policy` was given. */
export type EnvironmentOutput = {readonly environment: ProdexEnvironment; readonly suggestPolicy: boolean};

/**
 * The command-level `--json` keys (docs/policy.md §5), `runtime_configuration_error` when the
 * tuning could not be computed, and with `--suggest-policy` the suggestions (docs/policy.md §4).
 * Current rules only: prodex 0.27's doctor printed none of them.
 */
export function environmentJson(output: EnvironmentOutput, finalized: Finalized): Record<string, JsonOut> {
	if (!currentRules(finalized)) return {};
	const summary = finalized.summary;
	const {command, tuning} = output.environment;
	const configError: Record<string, JsonOut> = 'errors' in tuning ? {runtime_configuration_error: tuning.errors.join('; ')} : {};
	const suggestions = output.suggestPolicy && 'snapshot' in tuning ? suggestionsJson(policySuggestions(summary, tuning.snapshot)) : {};
	return {...commandJson(command), ...configError, ...suggestions};
}

/**
 * The text block `--once --suggest-policy` prints after the summary, or null when there is none
 * (no flag, the 0.27 rules, or — as in prodex — no valid runtime configuration to compare against). Control
 * characters are replaced as in every text output.
 */
export function suggestionText(output: EnvironmentOutput, finalized: Finalized): string | null {
	if (!output.suggestPolicy || !currentRules(finalized) || !('snapshot' in output.environment.tuning)) return null;
	// Reasons quote log values: printed as all text is (display-text.ts).
	return suggestionLines(policySuggestions(finalized.summary, output.environment.tuning.snapshot)).map(displayText).join('\n');
}
