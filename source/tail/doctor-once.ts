import {directFacts, finalize, type Finalized, type SourceFacts} from '../core/finalize.js';
import {readHeader} from '../core/header.js';
import {MAX_LINE_BYTES, splitTail} from '../core/line-splitter.js';
import {parseLine} from '../core/line.js';
import {pickRuleSet, rulesReason, type RuleSet, type RulesChoice} from '../core/rules/index.js';
import type {PersistedState} from '../core/state/derive.js';
import {SummaryAccumulator, type LogSummary} from '../core/summary.js';
import {timestampMs} from '../core/timestamp.js';
import {WindowSet, type WindowId} from '../core/window.js';
import type {SourceOption} from '../options.js';
import {locateLog, locatedFacts, pathExists, processEnv, resolveLogDir, resolveProdexHome, type LocateEnv, type LogDirSource} from './locate.js';
import {summarizeFile} from './file-summary.js';
import {readFirstLine, readTail, refusalText, tailErrorText, type TailError} from './read-tail.js';
import {readProdexState} from './state.js';

/** Everything a one-shot run found: the report and how it was obtained. */
export type OnceResult = {
	readonly finalized: Finalized;
	readonly rules: RuleSet;
	/** Why this rule set: `--rules` or the log header. */
	readonly rulesReason: string;
	readonly logDir: string | null;
	readonly logDirSource: LogDirSource | 'flag' | null;
	readonly pointerPath: string | null;
	readonly sourceLabel: string;
	readonly tailBytes: number;
	readonly window: WindowId;
	/** The persisted state read from the prodex root (its counters and `profiles[]` go into `--json`). */
	readonly state: PersistedState;
	/** Lines longer than MAX_LINE_BYTES that were cut to it (summarised from their first MiB, counted once each). */
	readonly cutLines: number;
};

/** A one-shot run that cannot produce a summary (a permission error, or the log is not a regular file). */
export type OnceFailure = {readonly fatal: string};

/** Input the one-shot run reads. */
export type OnceInput = {
	readonly source: SourceOption;
	readonly prodexHome: string | undefined;
	readonly tailBytes: number;
	readonly rules: RulesChoice;
	/** Whole standard input for `--stdin`. */
	readonly stdinBytes?: Uint8Array;
	readonly where?: LocateEnv;
	/** The doctor's "now" in epoch seconds, taken once per run (tests pass a fixed clock). */
	readonly clock?: () => number;
	/** Which window to summarise (default `doctor`: the tail, as prodex does). */
	readonly window?: WindowId;
};

/** "Now" in epoch milliseconds for the time windows. */
const nowMs = (input: OnceInput) => (input.clock ?? systemClock)() * 1000;

/** The real clock: epoch seconds. */
export const systemClock = (): number => Math.floor(Date.now() / 1000);

/** The persisted state of the resolved prodex root (`--prodex-home`, $PRODEX_HOME or ~/.prodex) at the run's "now". */
function readState(input: OnceInput, where: LocateEnv): PersistedState {
	return readProdexState(resolveProdexHome(input.prodexHome, where), (input.clock ?? systemClock)());
}

/**
 * Summarise lines for a window: `doctor` sums what it is given (the tail); the time windows and
 * `all` run the lines through the live windows and take the window at `nowMs` (times from the
 * line timestamps; a line without one counts as now).
 */
function summarize(lines: Iterable<string> | ((onLine: (line: string) => void) => void), rules: RuleSet, window: WindowId, nowMs: number): LogSummary {
	const feed = typeof lines === 'function' ? lines : (onLine: (line: string) => void) => {
		for (const line of lines) onLine(line);
	};
	if (window === 'doctor') {
		// Nothing is removed here, so `groups` mode (never sealed: one timestamp run) gives the same
		// summary as `lines` mode without keeping a timestamp per line.
		const accumulator = new SummaryAccumulator(rules, 'groups');
		feed(line => accumulator.add(parseLine(line, rules)));
		return accumulator.summary();
	}
	// Only the asked time window is read: the doctor window's lines are not kept.
	const windows = new WindowSet(rules, 0, false);
	let start = 0;
	feed(line => {
		const parsed = parseLine(line, rules);
		const bytes = Buffer.byteLength(line) + 1;
		windows.add(parsed, {start, bytes, timeMs: timestampMs(parsed.timestamp) ?? nowMs});
		start += bytes;
	});
	windows.expire(nowMs);
	return windows.summary(window);
}

/** `--stdin`: the last `tailBytes` of the input with the doctor's partial-first-line rule. */
function onceFromStdin(input: OnceInput, bytes: Uint8Array, state: PersistedState): OnceResult {
	const window = input.window ?? 'doctor';
	const start = input.tailBytes > 0 && window === 'doctor' ? Math.max(0, bytes.length - input.tailBytes) : 0;
	const {lines, cutLines} = splitTail(bytes.subarray(start), start, MAX_LINE_BYTES);
	const firstLine = splitTail(bytes.subarray(0, 64 * 1024), 0).lines[0] ?? null; // As readFirstLine: the header is in the first 64 KiB.
	const version = readHeader(firstLine).version;
	const rules = pickRuleSet(input.rules, version);
	const facts = directFacts('<stdin>');
	return {
		finalized: finalize(summarize(lines, rules, window, nowMs(input)), rules, facts, state.inputs),
		rules,
		rulesReason: rulesReason(input.rules, version),
		logDir: null,
		logDirSource: null,
		pointerPath: null,
		sourceLabel: 'standard input',
		tailBytes: input.tailBytes,
		window,
		state,
		cutLines,
	};
}

/**
 * Compute the doctor summary once, the way `prodex doctor --runtime` does: locate the log (or take
 * `--log`), read its tail, summarise and finalize with the chosen rule set.
 */
export function doctorOnce(input: OnceInput): OnceResult | OnceFailure {
	const where = input.where ?? processEnv();
	const state = readState(input, where);
	if (input.source.kind === 'stdin') return onceFromStdin(input, input.stdinBytes ?? new Uint8Array(), state);
	let logPath: string | null;
	let facts: SourceFacts;
	let logDir: string | null = null;
	let logDirSource: OnceResult['logDirSource'] = null;
	let pointerPath: string | null = null;
	if (input.source.kind === 'file') {
		logPath = input.source.path;
		facts = directFacts(logPath, pathExists(logPath));
	} else {
		const home = resolveProdexHome(input.prodexHome, where);
		const resolved = input.source.kind === 'dir' && input.source.dir !== null ? {dir: input.source.dir, source: 'flag' as const} : resolveLogDir(home, where);
		logDir = resolved.dir;
		logDirSource = resolved.source;
		const located = locateLog(logDir);
		pointerPath = located.pointerPath;
		logPath = located.logPath;
		facts = locatedFacts(located);
	}
	const version = facts.logExists && logPath !== null ? readHeader(readFirstLine(logPath)).version : null;
	const rules = pickRuleSet(input.rules, version);
	const window = input.window ?? 'doctor';
	const empty = new SummaryAccumulator(rules).summary();
	let summary = empty;
	let readError: TailError | null = null;
	let cutLines = 0;
	if (facts.logExists && logPath !== null) {
		const path = logPath;
		if (window === 'doctor') {
			const read = summarizeFile(path, input.tailBytes, rules);
			if (read.ok) {
				summary = read.summary;
				cutLines = read.cutLines;
			} else readError = read.error;
		} else {
			summary = summarize(
				onLine => {
					const result = readTail(path, 0, onLine);
					if (result.ok) cutLines = result.cutLines;
					else readError = result.error;
				},
				rules,
				window,
				nowMs(input),
			);
		}
	}
	const failed = readError as TailError | null;
	const refusal = failed === null ? null : refusalText(failed);
	if (refusal !== null) return {fatal: refusal};
	if (failed !== null) {
		summary = empty;
		cutLines = 0;
	}
	const finalized = finalize(summary, rules, {...facts, readError: failed === null ? null : tailErrorText(failed)}, state.inputs);
	return {
		finalized,
		rules,
		rulesReason: rulesReason(input.rules, version),
		logDir,
		logDirSource,
		pointerPath,
		sourceLabel: input.source.kind === 'file' ? 'file given with --log (no pointer)' : 'log directory',
		tailBytes: input.tailBytes,
		window,
		state,
		cutLines,
	};
}
