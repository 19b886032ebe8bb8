import {closeSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync} from 'node:fs';
import {mkdtemp, readFile, rm} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {fileURLToPath} from 'node:url';
import {readHeader} from '../core/header.js';
import {timestampMs} from '../core/timestamp.js';
import {POINTER_NAME} from './locate.js';

/**
 * The bundled demo log (demo/demo.log, made by scripts/make-demo.ts). The same relative URL
 * works from `source/tail/` (tsx, vitest) and from the built `dist/tail/`.
 */
export const DEMO_LOG_URL = new URL('../../demo/demo.log', import.meta.url);

/** No single wait of the replay is longer than this (ms), whatever the log's own gaps. */
export const MAX_WAIT_MS = 2000;
/** Pause between the end of one replayed run and the next run's header (ms, at speed 1). */
export const RUN_GAP_MS = 2000;
/** Behind schedule by more than this (a suspended laptop): skip ahead instead of dumping the backlog (ms). */
const LATE_MS = 1000;
/** Most lines in one write: a burst at a high speed still goes out as several small appends. */
const BURST_LINES = 64;

export type DemoOptions = {
	/** Replay speed: 1 = the log's own pace (default), 10 = ten times faster. */
	readonly speed?: number;
	/** Start a new proxy run (new log file, new pointer) when the replay ends. Default true. */
	readonly loop?: boolean;
	/** Where the temporary directory is made. Default `os.tmpdir()`. */
	readonly tempRoot?: string;
	/** Wall clock for the rewritten timestamps and log names (epoch ms). Default `Date.now`. */
	readonly now?: () => number;
	/** The log to replay. Default: the bundled demo log. */
	readonly file?: string | URL;
	/** Called once when writing fails; the replay stops (the directory stays until stop()). */
	readonly onError?: (error: unknown) => void;
};

/** A running demo. */
export type Demo = {
	/** The temporary directory holding everything below; stop() removes it. */
	readonly root: string;
	/** The log directory (with `prodex-runtime-latest.path`): follow it as `{kind: 'dir', dir: logDir}`. */
	readonly logDir: string;
	/** An empty prodex home: read persisted state from here, so the demo never mixes in your real prodex state. */
	readonly prodexHome: string;
	/** The log being written now. */
	readonly logPath: string;
	/** Runs started so far (1 after start, 2 after the first loop, ...). */
	readonly runs: number;
	/** Resolves when the replay is over: after stop(), on a write error, or when a `loop: false` replay ends. */
	readonly finished: Promise<void>;
	/** End the replay, close the file and remove the temporary directory. Safe to call twice. */
	stop(): Promise<void>;
};

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

/** prodex's timestamp `%Y-%m-%d %H:%M:%S%.3f %:z` in local time, e.g. `2026-05-12 09:30:00.004 +07:00`. */
export function formatLocalTimestamp(ms: number): string {
	const date = new Date(ms);
	const offset = -date.getTimezoneOffset();
	const sign = offset < 0 ? '-' : '+';
	const abs = Math.abs(offset);
	return (
		`${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ` +
		`${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)} ` +
		`${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
	);
}

/** The line with its timestamp replaced (text `[ts] message` or JSON `"timestamp":"ts"`); other lines as they are. */
export function restamp(line: string, stamp: string): string {
	if (line.startsWith('[')) {
		const end = line.indexOf(']');
		return end === -1 ? line : `[${stamp}${line.slice(end)}`;
	}
	if (line.startsWith('{')) return line.replace(/"timestamp":"[^"\\]*"/, `"timestamp":${JSON.stringify(stamp)}`);
	return line;
}

/** The timestamp text of a line, or null. */
function stampOf(line: string): string | null {
	if (line.startsWith('[')) {
		const end = line.indexOf(']');
		return end === -1 ? null : line.slice(1, end);
	}
	return /"timestamp":"([^"\\]*)"/.exec(line)?.[1] ?? null;
}

/**
 * When each line is written, in ms after the first (header) line: the gaps between the original
 * timestamps divided by `speed`, each capped at MAX_WAIT_MS (unreadable or backward times: no gap).
 */
export function replayOffsets(lines: readonly string[], speed = 1): number[] {
	const offsets: number[] = [];
	let previous: number | null = null;
	let at = 0;
	for (const line of lines) {
		const time = timestampMs(stampOf(line));
		if (previous !== null && time !== null) at += Math.min(MAX_WAIT_MS, Math.max(0, time - previous) / speed);
		if (time !== null) previous = time;
		offsets.push(at);
	}
	return offsets;
}

/** The lines of a log text (no trailing empty line). */
export function logLines(text: string): string[] {
	const lines = text.split('\n');
	if (lines.at(-1) === '') lines.pop();
	return lines;
}

/**
 * Replay the bundled demo log into a fresh temporary log directory, as a running prodex would
 * write it: the header line and the pointer at once, then the lines at the log's own pace
 * (bursts stay bursts, no wait over 2 s), each stamped with the current local time. With `loop`,
 * every replay ends in a new proxy run: a new `prodex-runtime-<pid>-<ms>-<n>.log` and a new pointer.
 */
export async function startDemo(options: DemoOptions = {}): Promise<Demo> {
	const speed = options.speed ?? 1;
	if (!(Number.isFinite(speed) && speed > 0)) throw new RangeError(`demo speed must be a positive number, not ${speed}`);
	const now = options.now ?? Date.now;
	const loop = options.loop ?? true;
	const file = options.file ?? DEMO_LOG_URL;
	const lines = logLines(await readFile(file, 'utf8'));
	if (lines.length === 0) throw new Error(`the demo log ${typeof file === 'string' ? file : fileURLToPath(file)} is empty`);
	const offsets = replayOffsets(lines, speed);
	const basePid = Number(readHeader(lines[0]!).pid ?? '') || 40_000;

	const root = await mkdtemp(join(options.tempRoot ?? tmpdir(), 'prodex-top-demo-'));
	const logDir = join(root, 'logs');
	const prodexHome = join(root, 'prodex-home');
	mkdirSync(logDir);
	mkdirSync(prodexHome);

	let stopped = false;
	let timer: ReturnType<typeof setTimeout> | null = null;
	let fd: number | null = null;
	let runs = 0;
	let logPath = '';
	let previousLog: string | null = null;
	let next = 0;
	/** performance.now() at which the current run's offset 0 falls. */
	let anchor = 0;
	let lastStamp = Number.NEGATIVE_INFINITY;
	let finish!: () => void;
	const finished = new Promise<void>(resolve => {
		finish = resolve;
	});

	const closeFile = () => {
		if (fd !== null) closeSync(fd);
		fd = null;
	};
	// Never leave the directory behind, even when the process exits without stop().
	const removeNow = () => {
		closeFile();
		rmSync(root, {recursive: true, force: true});
	};
	process.once('exit', removeNow);

	const freshStamp = (lateMs: number) => {
		lastStamp = Math.max(lastStamp, now() - lateMs);
		return formatLocalTimestamp(lastStamp);
	};

	/** A new proxy run: its log with the header line, then the pointer naming it. */
	const beginRun = () => {
		closeFile();
		const pid = basePid + runs;
		const name = `prodex-runtime-${pid}-${Math.floor(now())}-${runs}.log`;
		// Keep the previous run's log (a follower may still drain it); older ones go.
		if (previousLog !== null) rmSync(previousLog, {force: true});
		previousLog = runs === 0 ? null : logPath;
		logPath = join(logDir, name);
		runs++;
		fd = openSync(logPath, 'a');
		writeSync(fd, `${restamp(lines[0]!, freshStamp(0)).replace(/\bpid=\d+/, `pid=${pid}`)}\n`);
		const temporary = join(logDir, `.${POINTER_NAME}.tmp`);
		writeFileSync(temporary, `${logPath}\n`);
		renameSync(temporary, join(logDir, POINTER_NAME));
		next = 1;
		anchor = performance.now();
	};

	const schedule = (delayMs: number) => {
		if (!stopped) timer = setTimeout(tick, Math.max(1, Math.ceil(delayMs)));
	};

	const end = () => {
		stopped = true;
		if (timer !== null) clearTimeout(timer);
		timer = null;
		closeFile();
		finish();
	};

	/** Wait for the next due line, the next run, or the end. */
	const scheduleNext = (burstFull: boolean) => {
		if (next < lines.length) schedule(burstFull ? 0 : offsets[next]! - (performance.now() - anchor));
		else if (loop) schedule(RUN_GAP_MS / speed);
		else end();
	};

	/** Append the lines that are due (at most one small burst per write). */
	const writeDue = (): boolean => {
		let elapsed = performance.now() - anchor;
		if (elapsed - offsets[next]! > LATE_MS) {
			anchor += elapsed - offsets[next]!;
			elapsed = offsets[next]!;
		}
		let chunk = '';
		let count = 0;
		while (next < lines.length && offsets[next]! <= elapsed && count < BURST_LINES) {
			chunk += `${restamp(lines[next]!, freshStamp(elapsed - offsets[next]!))}\n`;
			next++;
			count++;
		}
		if (chunk !== '') writeSync(fd!, chunk);
		return count === BURST_LINES;
	};

	function tick(): void {
		timer = null;
		if (stopped) return;
		try {
			let burstFull = false;
			if (next >= lines.length) beginRun();
			else burstFull = writeDue();
			scheduleNext(burstFull);
		} catch (error) {
			end();
			options.onError?.(error);
		}
	}

	try {
		beginRun();
	} catch (error) {
		process.removeListener('exit', removeNow);
		removeNow();
		throw error;
	}
	scheduleNext(false);

	let stopping: Promise<void> | null = null;
	return {
		root,
		logDir,
		prodexHome,
		get logPath() {
			return logPath;
		},
		get runs() {
			return runs;
		},
		finished,
		stop() {
			stopping ??= (async () => {
				end();
				process.removeListener('exit', removeNow);
				await rm(root, {recursive: true, force: true});
			})();
			return stopping;
		},
	};
}
