import {basename, dirname, join} from 'node:path';
import {directFacts, type SourceFacts} from '../core/finalize.js';
import {readHeader} from '../core/header.js';
import {nodeLineSplitter} from './utf8.js';
import {pickRuleSet, rulesReason, type RulesChoice} from '../core/rules/index.js';
import {DirHint} from './dir-hint.js';
import {FileFollower, MAX_LINE_BYTES, type FollowedLine} from './follower.js';
import {POINTER_NAME, isRuntimeLogName, locateLog, locatedFacts, processEnv, resolveLogDir, resolveProdexHome, type LocateEnv} from './locate.js';
import {notRegularReason} from './open-regular.js';
import {readFirstLine} from './read-tail.js';
import type {LineSink, LogSource} from './source.js';

/** Where live lines come from. */
export type LiveSourceOption = {readonly kind: 'dir'; readonly dir: string | null} | {readonly kind: 'file'; readonly path: string} | {readonly kind: 'stdin'; readonly stream: NodeJS.ReadableStream};

export type LiveOptions = {
	readonly source: LiveSourceOption;
	readonly prodexHome: string | undefined;
	readonly rules: RulesChoice;
	readonly where?: LocateEnv;
	/** Slow stat poll: correctness never depends on watcher events (ms). */
	readonly pollMs?: number;
	/** How often the pointer / newest log is re-checked for a new proxy run (ms). */
	readonly locateMs?: number;
	/** Re-read this long after a watcher event (the last write of a burst is never missed) (ms). */
	readonly trailingMs?: number;
	/** Use a directory watch as a low-latency hint (tests can turn it off to prove the poll alone suffices). */
	readonly watch?: boolean;
};

/** Lines held in the store before the follower waits: a 1 GB backlog streams instead of piling up. */
const BACKPRESSURE_LINES = 50_000;
/** A backlog this large shows "catching up" with progress: bytes not read yet, or lines read but not summarised yet. */
const CATCH_UP_BYTES = 4 * 1024 * 1024;
const CATCH_UP_LINES = 10_000;

/**
 * Follows prodex's runtime log forever: locates it like prodex (log dir, pointer, newest log),
 * follows it with a stat poll plus chokidar hints, switches to a new proxy run when the pointer
 * or a new log says so (draining the old file first), and feeds every line to the store.
 */
export class LiveSource implements LogSource {
	private follower: FileFollower | null = null;
	private readonly seenPaths = new Set<string>();
	private logDir: string | null = null;
	private pollTimer: ReturnType<typeof setInterval> | null = null;
	private locateTimer: ReturnType<typeof setInterval> | null = null;
	private trailingTimer: ReturnType<typeof setTimeout> | null = null;
	private pumping = false;
	private pumpAgain = false;
	private hint: DirHint | null = null;
	private stopped = false;
	private readonly where: LocateEnv;

	constructor(
		private readonly store: LineSink,
		private readonly options: LiveOptions,
	) {
		this.where = options.where ?? processEnv();
	}

	/** Begin following; returns at once. */
	start(): void {
		const {source} = this.options;
		if (source.kind === 'stdin') {
			this.followStream(source.stream);
			return;
		}
		if (source.kind === 'dir') {
			this.logDir = source.dir ?? resolveLogDir(resolveProdexHome(this.options.prodexHome, this.where), this.where).dir;
		}
		this.locate();
		this.pollTimer = setInterval(() => {
			this.armHint();
			// `--log` not started yet (missing, no header line yet, not a regular file): look again.
			if (this.follower === null && this.logDir === null) this.locate();
			this.pump();
		}, this.options.pollMs ?? 1000);
		if (this.logDir !== null) this.locateTimer = setInterval(() => this.locate(), this.options.locateMs ?? 3000);
		this.armHint();
	}

	/** Stop timers and watchers, and close the file. */
	async stop(): Promise<void> {
		this.stopped = true;
		for (const timer of [this.pollTimer, this.locateTimer]) if (timer !== null) clearInterval(timer);
		if (this.trailingTimer !== null) clearTimeout(this.trailingTimer);
		this.follower?.close();
		this.hint?.close();
	}

	/**
	 * Watch the log dir (or the followed file's directory, so a replaced file keeps its hint) for
	 * entries that matter: the pointer or a new log (re-locate), the followed file (read now).
	 * Armed again on the next poll when it failed (a directory that does not exist yet).
	 */
	private armHint(): void {
		if (this.stopped || !(this.options.watch ?? true) || this.hint?.alive === true) return;
		const {source} = this.options;
		const dir = this.logDir ?? (source.kind === 'file' ? dirname(source.path) : null);
		if (dir === null) return;
		const file = source.kind === 'file' ? basename(source.path) : null;
		this.hint = new DirHint(dir, name => {
			if (this.stopped) return;
			if (name !== null && file !== null && name !== file) return;
			if (this.logDir !== null && (name === null || name === POINTER_NAME || (isRuntimeLogName(name) && !this.seenPaths.has(join(this.logDir, name))))) this.locate();
			this.pump();
			// A write may land after the read this event started: read once more when the burst is over.
			if (this.trailingTimer !== null) clearTimeout(this.trailingTimer);
			this.trailingTimer = setTimeout(() => this.pump(), this.options.trailingMs ?? 75);
		});
	}

	/** Find the log to follow and switch runs when it is a new one. */
	private locate(): void {
		if (this.stopped) return;
		if (this.options.source.kind === 'file') {
			const path = this.options.source.path;
			this.store.setFacts(directFacts(path, this.follower?.state !== 'missing'));
			if (this.follower === null) this.beginRun(path);
			return;
		}
		const located = locateLog(this.logDir!);
		const facts = locatedFacts(located);
		if (located.logPath === null || !located.logExists) {
			this.store.setFacts(facts);
			if (this.follower === null) {
				this.store.setStatus('waiting', located.pointerExists ? `waiting for prodex: no runtime log in ${this.logDir} yet` : `waiting for prodex: no pointer in ${this.logDir} yet`);
			}
			return;
		}
		// Only a log not followed before starts a new run: two proxies writing at once must not flip-flop.
		if (this.follower === null || (located.logPath !== this.follower.path && !this.seenPaths.has(located.logPath))) {
			this.beginRun(located.logPath, facts);
		} else if (located.logPath === this.follower.path) {
			this.store.setFacts(facts);
		}
	}

	private beginRun(path: string, facts?: SourceFacts): void {
		// A FIFO or device at the path is never opened (it could block or never end): say so and look again later.
		const notRegular = notRegularReason(path);
		if (notRegular !== null) {
			this.store.setStatus('unreadable', `cannot read ${path}: ${notRegular}`);
			return;
		}
		let version: string | null = null;
		if (this.options.rules === 'auto') {
			const first = readFirstLine(path);
			// A brand-new log without its header line yet: wait for it, so `auto` picks the right rules.
			if (first === null) {
				this.store.setStatus('waiting', `waiting for the first line of ${path}`);
				return;
			}
			version = readHeader(first).version;
		}
		if (this.follower !== null) {
			// Everything the previous run's file still holds belongs to the previous run.
			while (this.follower.pump()) {
				// Drain.
			}
			this.follower.close();
			this.store.flushNow();
		}
		this.seenPaths.add(path);
		this.store.beginRun(
			{logPath: path, label: path, rules: pickRuleSet(this.options.rules, version), rulesReason: rulesReason(this.options.rules, version)},
			facts ?? directFacts(path),
		);
		this.follower = new FileFollower(path, {lines: (lines, size) => this.store.ingest(lines, size), change: (kind, unread) => this.store.fileChanged(kind, unread)}, {startAt: 'start', refuseSymlinks: this.options.source.kind === 'dir'});
		this.pump();
	}

	/** Read what is new, one chunk at a time, yielding between chunks and holding back while the store is full. */
	private pump(): void {
		if (this.stopped || this.follower === null) return;
		if (this.pumping) {
			this.pumpAgain = true;
			return;
		}
		this.pumping = true;
		const step = () => {
			if (this.stopped || this.follower === null) {
				this.pumping = false;
				return;
			}
			if (this.store.backlog >= BACKPRESSURE_LINES) {
				setTimeout(step, 20);
				return;
			}
			const follower = this.follower;
			const more = follower.pump();
			this.reportFollowerState(follower);
			if (more || this.pumpAgain) {
				this.pumpAgain = false;
				setImmediate(step);
				return;
			}
			// Everything is read but the store still works through many lines: "catching up" stays
			// true until it has (and the final flush of markCaughtUp stays short).
			if (this.store.backlog >= CATCH_UP_LINES) {
				setTimeout(step, 50);
				return;
			}
			this.pumping = false;
			if (follower.state === 'following') this.store.markCaughtUp();
		};
		step();
	}

	private reportFollowerState(follower: FileFollower): void {
		if (follower.state === 'missing') this.store.setStatus('waiting', `log file gone: ${follower.path}; waiting for prodex`);
		else if (follower.state === 'unreadable') this.store.setStatus('unreadable', `cannot read ${follower.path}: ${follower.lastError === 'EACCES' || follower.lastError === 'EPERM' ? 'permission denied' : follower.lastError ?? 'error'}`);
		else if (follower.backlogBytes > CATCH_UP_BYTES) this.store.setStatus('catching-up', `reading backlog: ${Math.round(follower.backlogBytes / 1_048_576)} MiB to go`);
		else if (this.store.backlog >= CATCH_UP_LINES) this.store.setStatus('catching-up', `reading backlog: ${this.store.backlog.toLocaleString('en-US')} lines to go`);
		// A line still being written (no newline yet) is held, not lost: say so.
		else if (follower.pendingBytes > 0) this.store.setStatus('following', `following · partial line pending (${follower.pendingBytes} bytes)`);
		else this.store.setStatus('following', 'following');
	}

	/** `--stdin`: lines from a stream; its end is a status, not an exit. */
	private followStream(stream: NodeJS.ReadableStream): void {
		const splitter = nodeLineSplitter(MAX_LINE_BYTES);
		let offset = 0;
		let started = false;
		let held: FollowedLine[] = [];
		const facts = directFacts('<stdin>');
		const deliver = (lines: FollowedLine[]) => {
			if (!started) {
				held.push(...lines);
				if (held.length === 0) return;
				const version = this.options.rules === 'auto' ? readHeader(held[0]!.text).version : null;
				this.store.beginRun({logPath: null, label: 'standard input', rules: pickRuleSet(this.options.rules, version), rulesReason: rulesReason(this.options.rules, version)}, facts);
				started = true;
				lines = held;
				held = [];
			}
			if (lines.length > 0) this.store.ingest(lines, offset);
			// A pipe has no "existing content": live from the first line on.
			this.store.markCaughtUp();
		};
		const toFollowed = (text: string, bytes: number, cut: boolean): FollowedLine => {
			const line = {text, start: offset, bytes, cut, arrivalMs: Date.now()};
			offset += bytes;
			return line;
		};
		this.store.setStatus('waiting', 'waiting for lines on standard input');
		stream.on('data', (chunk: Buffer | string) => {
			const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
			deliver(splitter.push(bytes).map(line => toFollowed(line.text, line.bytes, line.cut)));
			if (started) this.store.setStatus('following', 'following standard input');
		});
		stream.on('end', () => {
			const last = splitter.flush();
			deliver(last === null ? [] : [toFollowed(last.text, last.bytes, last.cut)]);
			if (!started) {
				// Empty input: the doctor's "empty log" summary.
				this.store.beginRun({logPath: null, label: 'standard input', rules: pickRuleSet(this.options.rules, null), rulesReason: rulesReason(this.options.rules, null)}, facts);
				started = true;
			}
			this.store.markCaughtUp();
			this.store.flushNow();
			this.store.setStatus('ended', 'standard input ended');
		});
		stream.on('error', () => this.store.setStatus('ended', 'standard input closed with an error'));
	}
}
