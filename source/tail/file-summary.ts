import {existsSync, readSync} from 'node:fs';
import {availableParallelism} from 'node:os';
import {fileURLToPath} from 'node:url';
import {MessageChannel, receiveMessageOnPort, Worker} from 'node:worker_threads';
import type {RuleSet} from '../core/rules/index.js';
import {SummaryAccumulator, type LogSummary} from '../core/summary.js';
import {mergeSummaries} from '../core/summary-merge.js';
import {withFile, type LineRange} from './read-tail.js';
import {summarizeRange, type RangeSummary} from './summary-part.js';

/** Below this many bytes one thread is faster than starting workers. */
export const PARALLEL_MIN_BYTES = 16 * 1024 * 1024;

const WORKER = fileURLToPath(new URL('summary-worker.js', import.meta.url));

/** The window's summary and how many of its lines were cut at MAX_LINE_BYTES (counted, never dropped). */
export type FileSummary = RangeSummary;

/** How many threads to use: `PRODEX_TOP_THREADS` (1 turns workers off), else every core (at most 8). */
export function threadCount(env: NodeJS.ProcessEnv = process.env): number {
	const asked = Number.parseInt(env['PRODEX_TOP_THREADS'] ?? '', 10);
	if (Number.isInteger(asked) && asked >= 1) return Math.min(asked, 16);
	return Math.min(availableParallelism(), 8);
}

/**
 * The doctor-window summary of a file: the last `tailBytes` (0 = all) with the tail rule. A large
 * window is cut at line starts into one part per thread; workers summarise all but the first
 * part while this thread does the first, and the parts merge in file order (mergeSummaries,
 * exact). Synchronous: the caller is a one-shot run that has nothing else to do meanwhile.
 */
export function summarizeFile(path: string, tailBytes: number, rules: RuleSet, threads = threadCount(), minBytes = PARALLEL_MIN_BYTES): FileSummary {
	return withFile<FileSummary>(path, (fd, size) => {
		const start = tailBytes > 0 ? Math.max(0, size - tailBytes) : 0;
		const whole: LineRange = {start, end: size, dropFirst: start > 0, flush: true};
		const ranges = threads > 1 && size - start >= minBytes && existsSync(WORKER) ? splitRange(fd, whole, threads) : [whole];
		if (ranges.length === 1) return summarizeRange(path, fd, whole, rules);
		const jobs = ranges.slice(1).map(range => startWorker(path, range, rules));
		const first = summarizeRange(path, fd, ranges[0]!, rules);
		const parts: FileSummary[] = [first, ...jobs.map(job => job.result() ?? summarizeRange(path, fd, job.range, rules))];
		let merged: LogSummary = new SummaryAccumulator(rules).summary();
		let cutLines = 0;
		for (const part of parts) {
			if (!part.ok) return part;
			merged = mergeSummaries(merged, part.summary);
			cutLines += part.cutLines;
		}
		return {ok: true, summary: merged, cutLines};
	});
}

/**
 * Cut a range into up to `count` parts that each start at a line start: the first part takes the
 * tail rule's dropped line out (it ends at the first newline), the rest begin after a newline.
 * Each cut looks for its newline only up to where the next cut would go (a part without a
 * newline is left out), so a file of one huge line is scanned once, not once per cut. A range
 * without a newline where a cut would go stays whole.
 */
export function splitRange(fd: number, range: LineRange, count: number): LineRange[] {
	let begin = range.start;
	const targetOf = (i: number) => range.start + Math.floor(((range.end - range.start) * i) / count);
	if (range.dropFirst) {
		const newline = nextNewline(fd, range.start, range.end);
		if (newline === -1) return [range];
		begin = newline + 1;
	}
	const cuts: number[] = [];
	for (let i = 1; i < count; i++) {
		const target = Math.max(begin, cuts.at(-1) ?? begin, targetOf(i));
		const newline = nextNewline(fd, target, i === count - 1 ? range.end : Math.max(target, targetOf(i + 1)));
		if (newline === -1) continue;
		const cut = newline + 1;
		if (cut > (cuts.at(-1) ?? begin) && cut < range.end) cuts.push(cut);
	}
	if (cuts.length === 0) return [range];
	const bounds = [begin, ...cuts, range.end];
	return bounds.slice(0, -1).map((at, i) => ({start: at, end: bounds[i + 1]!, dropFirst: false, flush: i === bounds.length - 2}));
}

function nextNewline(fd: number, from: number, end: number): number {
	const buffer = Buffer.allocUnsafe(64 * 1024);
	for (let at = from; at < end; ) {
		let read: number;
		try {
			read = readSync(fd, buffer, 0, Math.min(buffer.length, end - at), at);
		} catch {
			return -1; // Unreadable here: the range stays whole and its own read reports the error.
		}
		if (read === 0) return -1;
		const index = buffer.subarray(0, read).indexOf(0x0a);
		if (index !== -1) return at + index;
		at += read;
	}
	return -1;
}

type Job = {readonly range: LineRange; readonly result: () => FileSummary | null};

/** A worker for one part; `result()` blocks until it reports (null if it crashed: the caller reads that part itself). */
function startWorker(path: string, range: LineRange, rules: RuleSet): Job {
	const flag = new SharedArrayBuffer(4);
	const {port1, port2} = new MessageChannel();
	const worker = new Worker(WORKER, {
		workerData: {path, start: range.start, end: range.end, flush: range.flush, rules: rules.id, port: port2, flag},
		transferList: [port2],
	});
	worker.unref();
	return {
		range,
		result() {
			const signal = new Int32Array(flag);
			// The worker always raises the flag (its imports are inside a try); ten minutes is a backstop.
			const waited = Atomics.wait(signal, 0, 0, 600_000);
			const message = waited === 'timed-out' ? undefined : (receiveMessageOnPort(port1)?.message as (FileSummary & {crashed?: string}) | undefined);
			port1.close();
			void worker.terminate();
			if (message === undefined || ('crashed' in message && message.crashed !== undefined)) return null;
			return message;
		},
	};
}
