import {directFacts, finalize, type Finalized, type SourceFacts} from '../core/finalize.js';
import {readHeader} from '../core/header.js';
import {MAX_LINE_BYTES, splitTail, type SplitLine} from '../core/line-splitter.js';
import {parseLine} from '../core/line.js';
import {pickRuleSet, rulesReason, type RuleSet, type RulesChoice} from '../core/rules/index.js';
import type {PersistedState} from '../core/state/derive.js';
import {SummaryAccumulator, type LogSummary} from '../core/summary.js';
import {lineTimeMs} from '../core/timestamp.js';
import {WindowSet, type WindowId} from '../core/window.js';
import type {SourceOption} from '../options.js';
import {locateLog, locatedFacts, pathExists, processEnv, resolveLogDir, resolveProdexHome, type LocateEnv, type LogDirSource} from './locate.js';
import {summarizeFile} from './file-summary.js';
import {readFirstLine, readTail, refusalText, tailErrorText, type TailError} from './read-tail.js';
import {readProdexState} from './state.js';
import {nodeLineSplitter} from './utf8.js';

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

/** Lines in, one window's summary out. */
type LineSummarizer = {add(line: string): void; summary(): LogSummary};

/**
 * Summarise lines for a window: `doctor` sums what it is given (the tail); the time windows and
 * `all` run the lines through the live windows and take the window at `nowMs` (times from the
 * line timestamps; a line without one counts as now).
 */
function lineSummarizer(rules: RuleSet, window: WindowId, nowMs: number): LineSummarizer {
	if (window === 'doctor') {
		// Nothing is removed here, so `groups` mode (never sealed: one timestamp run) gives the same
		// summary as `lines` mode without keeping a timestamp per line.
		const accumulator = new SummaryAccumulator(rules, 'groups');
		return {add: line => accumulator.add(parseLine(line, rules)), summary: () => accumulator.summary()};
	}
	// Only the asked time window is read: the doctor window's lines are not kept.
	const windows = new WindowSet(rules, 0, false);
	let start = 0;
	return {
		add(line) {
			const parsed = parseLine(line, rules);
			const bytes = Buffer.byteLength(line) + 1;
			windows.add(parsed, {start, bytes, timeMs: lineTimeMs(parsed.timestamp, nowMs)});
			start += bytes;
		},
		summary() {
			windows.expire(nowMs);
			return windows.summary(window);
		},
	};
}

/** Bytes of the input the header line is looked for in (as readFirstLine). */
const HEADER_BYTES = 64 * 1024;

/** The first `count` bytes of `parts` (copied only when they span parts). */
function firstBytes(parts: readonly Uint8Array[], count: number): Uint8Array {
	if (parts.length > 0 && parts[0]!.length >= count) return parts[0]!.subarray(0, count);
	return Buffer.concat(parts).subarray(0, count);
}

/** The last `count` bytes of `parts`. */
function lastBytes(parts: readonly Uint8Array[], total: number, count: number): Uint8Array {
	const last = parts.at(-1);
	if (last !== undefined && last.length >= count) return last.subarray(last.length - count);
	return Buffer.concat(parts).subarray(total - count);
}

/**
 * `--stdin` in one shot, fed chunk by chunk, so memory stays bounded whatever the input holds:
 * the first line (within 64 KiB) picks the rules; then the doctor window with a tail keeps only
 * the input's last `tailBytes` bytes (the tail rule applies at the end, when the input's length is
 * known), and every other window summarises lines as they arrive. Lines are cut at 1 MiB and counted.
 */
class StdinOnce {
	private head: Uint8Array[] = [];
	private headBytes = 0;
	private version: string | null = null;
	private rules: RuleSet | null = null;
	private summarizer: LineSummarizer | null = null;
	private readonly splitter = nodeLineSplitter(MAX_LINE_BYTES);
	private cutLines = 0;
	private ring: Uint8Array[] = [];
	private ringBytes = 0;
	private total = 0;
	private readonly window: WindowId;
	private readonly keepTail: boolean;

	constructor(
		private readonly input: OnceInput,
		private readonly state: PersistedState,
	) {
		this.window = input.window ?? 'doctor';
		this.keepTail = this.window === 'doctor' && input.tailBytes > 0;
	}

	/** The next chunk of the input (kept by reference: the caller must not reuse it). */
	push(chunk: Uint8Array): void {
		if (chunk.length === 0) return;
		this.total += chunk.length;
		if (this.rules !== null) {
			this.take(chunk);
			return;
		}
		this.head.push(chunk);
		this.headBytes += chunk.length;
		if (this.headBytes >= HEADER_BYTES || chunk.includes(0x0a)) this.start();
	}

	/** The input ended: summarise and finalize. */
	finish(): OnceResult {
		if (this.rules === null) this.start();
		const summarizer = this.summarizer!;
		if (this.keepTail) {
			const kept = Math.min(this.ringBytes, this.input.tailBytes);
			const tail = splitTail(lastBytes(this.ring, this.ringBytes, kept), this.total - kept, MAX_LINE_BYTES);
			this.cutLines = tail.cutLines;
			for (const line of tail.lines) summarizer.add(line);
		} else {
			const last = this.splitter.flush();
			if (last !== null) this.line(last);
		}
		const rules = this.rules!;
		return {
			finalized: finalize(summarizer.summary(), rules, directFacts('<stdin>'), this.state.inputs),
			rules,
			rulesReason: rulesReason(this.input.rules, this.version),
			logDir: null,
			logDirSource: null,
			pointerPath: null,
			sourceLabel: 'standard input',
			tailBytes: this.input.tailBytes,
			window: this.window,
			state: this.state,
			cutLines: this.cutLines,
		};
	}

	/** The header is in (or the input ended): pick the rules, then take what was held. */
	private start(): void {
		const first = splitTail(firstBytes(this.head, Math.min(this.headBytes, HEADER_BYTES)), 0).lines[0] ?? null;
		this.version = readHeader(first).version;
		this.rules = pickRuleSet(this.input.rules, this.version);
		this.summarizer = lineSummarizer(this.rules, this.window, nowMs(this.input));
		const held = this.head;
		this.head = [];
		for (const chunk of held) this.take(chunk);
	}

	private take(chunk: Uint8Array): void {
		if (!this.keepTail) {
			for (const line of this.splitter.push(chunk)) this.line(line);
			return;
		}
		this.ring.push(chunk);
		this.ringBytes += chunk.length;
		// Keep at least the window: drop whole chunks from the front while the rest still covers it.
		while (this.ring.length > 1 && this.ringBytes - this.ring[0]!.length >= this.input.tailBytes) this.ringBytes -= this.ring.shift()!.length;
	}

	private line(line: SplitLine): void {
		if (line.cut) this.cutLines++;
		this.summarizer!.add(line.text);
	}
}

/**
 * `--stdin` once, read as it arrives (memory bounded by `--tail-bytes` for the doctor window, by
 * the summary otherwise): the last `tailBytes` of the input with the doctor's partial-first-line rule.
 */
export async function doctorOnceFromStream(input: OnceInput, stream: NodeJS.ReadableStream): Promise<OnceResult> {
	const once = new StdinOnce(input, readState(input, input.where ?? processEnv()));
	for await (const chunk of stream) once.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
	return once.finish();
}

/**
 * Compute the doctor summary once, the way `prodex doctor --runtime` does: locate the log (or take
 * `--log`), read its tail, summarise and finalize with the chosen rule set.
 */
export function doctorOnce(input: OnceInput): OnceResult | OnceFailure {
	const where = input.where ?? processEnv();
	const state = readState(input, where);
	if (input.source.kind === 'stdin') {
		const once = new StdinOnce(input, state);
		once.push(input.stdinBytes ?? new Uint8Array());
		return once.finish();
	}
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
			const summarizer = lineSummarizer(rules, window, nowMs(input));
			const result = readTail(path, 0, line => summarizer.add(line));
			if (result.ok) cutLines = result.cutLines;
			else readError = result.error;
			summary = summarizer.summary();
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
