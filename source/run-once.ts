import process from 'node:process';
import {doctorJson} from './core/doctor-json.js';
import {currentRules, environmentJson, suggestionText, type EnvironmentOutput} from './core/environment-json.js';
import {toJson} from './core/json-out.js';
import {DEFAULT_WIDTH, summaryText, windowHeading} from './core/text.js';
import type {Options} from './options.js';
import {doctorOnce, doctorOnceFromStream, systemClock, type OnceResult} from './tail/doctor-once.js';
import {environmentOutput} from './tail/environment.js';
import {insightRows} from './core/insights/rows.js';
import {cutLinesNote} from './core/line-splitter.js';

const LOG_DIR_ORIGIN = {
	flag: 'from --log-dir',
	env: 'from $PRODEX_RUNTIME_LOG_DIR',
	policy: 'from policy.toml',
	temp: 'the temp dir, prodex\'s default',
} as const;

/** The plain-text summary `--once` prints (and snapshots hold). */
export function onceText(result: OnceResult, version: string, width: number): string {
	return summaryText({
		heading: {
			version,
			rules: result.rules.label,
			rulesReason: result.rulesReason,
			window: `${windowHeading(result.window, result.tailBytes)}${result.window === 'doctor' ? '' : ' (whole file read)'}`,
			source: result.logDir === null ? result.sourceLabel : `log dir ${result.logDir} (${LOG_DIR_ORIGIN[result.logDirSource ?? 'flag']})`,
		},
		report: result.finalized.report,
		insights: insightRows(result.finalized, result.state),
		source: {pointerPath: result.pointerPath, pointerExists: result.finalized.report.pointer_exists, sourceLabel: result.sourceLabel},
		counters: result.state.counters,
		notes: result.state.notes,
		width,
	}) + (result.cutLines > 0 ? `note: ${cutLinesNote(result.cutLines)}\n` : '');
}

/**
 * The `--json` object: the doctor keys plus the persisted-state counters and `profiles`
 * (docs/output.md §4.1), and given the environment its command-level keys (docs/policy.md §5).
 */
export function onceJson(result: OnceResult, environment?: EnvironmentOutput): string {
	const extra = environment === undefined ? {} : environmentJson(environment, result.finalized);
	return toJson({...doctorJson(result.finalized, result.state), ...extra});
}

/**
 * The doctor's "now": the real clock, or — test hook only, undocumented in --help — the epoch
 * seconds in $PRODEX_TOP_NOW, so CLI tests can evaluate the fixture state at its fixed time.
 */
function clockFromEnv(): () => number {
	const fixed = process.env.PRODEX_TOP_NOW;
	return fixed !== undefined && /^\d+$/.test(fixed) ? () => Number(fixed) : systemClock;
}

/** `--once` and `--json`: compute the summary once, print it, return the exit code. */
export async function runOnce(options: Options, version: string): Promise<number> {
	const input = {...options, clock: clockFromEnv(), window: options.window};
	// Standard input is summarised as it arrives (bounded memory), never held whole.
	const result = options.source.kind === 'stdin' ? await doctorOnceFromStream(input, process.stdin) : doctorOnce(input);
	if ('fatal' in result) {
		process.stderr.write(`prodex-top: ${result.fatal}\n`);
		return 1;
	}
	const environment = environmentOutput(options);
	const {tuning} = environment.environment;
	if (options.suggestPolicy && !currentRules(result.finalized)) process.stderr.write(`prodex-top: no policy suggestions: they belong to the current rules, and this run uses ${result.rules.label}\n`);
	else if (options.suggestPolicy && 'errors' in tuning) process.stderr.write(`prodex-top: no policy suggestions: the runtime configuration is invalid: ${tuning.errors.join('; ')}\n`);
	if (options.mode === 'json') {
		for (const note of result.state.notes) process.stderr.write(`prodex-top: state: ${note}\n`);
		if (result.cutLines > 0) process.stderr.write(`prodex-top: note: ${cutLinesNote(result.cutLines)}\n`);
		process.stdout.write(`${onceJson(result, environment)}\n`);
		return 0;
	}
	const width = process.stdout.isTTY ? (process.stdout.columns ?? DEFAULT_WIDTH) : DEFAULT_WIDTH;
	const suggestions = suggestionText(environment, result.finalized);
	process.stdout.write(onceText(result, version, width) + (suggestions === null ? '' : `\n${suggestions}\n`));
	return 0;
}
