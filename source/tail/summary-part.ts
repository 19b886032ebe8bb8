import {parseLine} from '../core/line.js';
import type {RuleSet} from '../core/rules/index.js';
import {SummaryAccumulator, type LogSummary} from '../core/summary.js';
import {readLines, type LineRange, type TailError} from './read-tail.js';

/** A part's summary and how many of its lines were cut at MAX_LINE_BYTES. */
export type RangeSummary = {ok: true; summary: LogSummary; cutLines: number} | {ok: false; error: TailError};

/** The summary of the lines in one byte range of an open file (one part of a parallel read, or the whole window). */
export function summarizeRange(path: string, fd: number, range: LineRange, rules: RuleSet): RangeSummary {
	// Nothing is removed here, so `groups` mode (never sealed: one timestamp run) gives the same
	// summary as `lines` mode without keeping a timestamp per line.
	const accumulator = new SummaryAccumulator(rules, 'groups');
	const read = readLines(path, fd, range, line => accumulator.add(parseLine(line, rules)));
	return read.ok ? {ok: true, summary: accumulator.summary(), cutLines: read.cutLines} : read;
}
