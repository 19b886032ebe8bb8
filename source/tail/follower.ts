import {closeSync, fstatSync, lstatSync, readSync, statSync, type Stats} from 'node:fs';
import {MAX_LINE_BYTES, type LineSplitter} from '../core/line-splitter.js';
import {openRegular} from './open-regular.js';
import {nodeLineSplitter} from './utf8.js';
import type {IncomingLine} from '../core/run.js';

/** One complete line read from the followed file (the store's input). */
export type FollowedLine = IncomingLine;

/** What one pump of the follower found. */
export type FollowerState = 'following' | 'missing' | 'unreadable';

/** A file-level event the store must hear about. */
export type FileChange = 'truncated' | 'rotated' | 'appeared';

export type FollowerSink = {
	lines(lines: readonly FollowedLine[], fileSize: number): void;
	/** The file restarted from byte 0 (truncation) or is a new file at the path (rotation, recreation). */
	/**
	 * `unreadBytes` (truncation only): bytes the file was known to hold past the offset when it was
	 * last seen, which can no longer be read. Bytes written after that are lost without a trace.
	 */
	change(kind: FileChange, unreadBytes?: number): void;
};

export type FollowerOptions = {
	/** Where to begin in a file that already exists when following starts: its start, or its doctor tail. */
	readonly startAt: 'start' | {readonly tailBytes: number};
	/** Longest line kept; longer lines are cut (1 MiB). */
	readonly maxLineBytes?: number;
	/** Most bytes read per pump, so a huge backlog never blocks the event loop for long. */
	readonly chunkBytes?: number;
	readonly now?: () => number;
	/**
	 * A symlink at the path is refused, as prodex refuses a symlinked log in its log dir
	 * (docs/log-format.md §1.5): the old file is read to its end, then the follower waits.
	 */
	readonly refuseSymlinks?: boolean;
};

/** Lines longer than this are cut (and counted once, with a note). */
export {MAX_LINE_BYTES};
const CHUNK_BYTES = 1024 * 1024;
/** Bytes before the offset remembered to notice a file rewritten in place (same inode, not shorter). */
const GUARD_BYTES = 64;

const sameFile = (a: Stats, b: Stats) => a.ino === b.ino && a.dev === b.dev;

/**
 * Follows one path from a byte offset. No timers here: the caller pumps it on watcher hints and on
 * a slow poll, so correctness never depends on events arriving. Handles a missing file (waits),
 * truncation (restarts at 0), rotation (drains the old file to its end first, then switches) and
 * an in-place rewrite; the bytes after the last newline stay pending as a partial line.
 */
export class FileFollower {
	private fd: number | null = null;
	private stats: Stats | null = null;
	private offset = 0;
	private lineStart = 0;
	private dropFirst = false;
	private guard: Buffer = Buffer.alloc(0);
	/** Size and mtime at the last read, to skip the rewrite probe while the file is idle. */
	private seen = {size: -1, mtimeMs: -1};
	private splitter: LineSplitter;
	private readonly buffer: Buffer;
	private started = false;
	state: FollowerState = 'missing';
	/** The errno code of the last failure to open or read (or `not a regular file (a FIFO)` and the like), if any. */
	lastError: string | null = null;

	constructor(
		readonly path: string,
		private readonly sink: FollowerSink,
		private readonly options: FollowerOptions,
	) {
		this.splitter = nodeLineSplitter(options.maxLineBytes ?? MAX_LINE_BYTES);
		this.buffer = Buffer.allocUnsafe(options.chunkBytes ?? CHUNK_BYTES);
	}

	/** Bytes held after the last newline (a line still being written). */
	get pendingBytes(): number {
		return this.splitter.pendingLength;
	}

	/** Bytes of the file not read yet, as of the last pump. */
	get backlogBytes(): number {
		return this.stats === null ? 0 : Math.max(0, this.stats.size - this.offset);
	}

	/** Read what is new; returns true when more is waiting (call again soon). */
	pump(): boolean {
		let pathStats: Stats | null = null;
		try {
			pathStats = this.options.refuseSymlinks === true ? lstatSync(this.path) : statSync(this.path);
		} catch (error) {
			pathStats = null;
			this.lastError = (error as NodeJS.ErrnoException).code ?? 'EIO';
		}
		const symlink = pathStats?.isSymbolicLink() === true;
		if (this.fd !== null && (pathStats === null || !sameFile(pathStats, this.stats!))) {
			// Rotated or deleted: everything the old file still holds comes first.
			while (this.readMore()) {
				// Drain to the end of the old file.
			}
			this.flushPending();
			this.close();
			if (pathStats !== null) this.sink.change('rotated');
		}
		if (this.fd === null) {
			if (pathStats === null) {
				this.state = 'missing';
				return false;
			}
			if (symlink) {
				this.state = 'unreadable';
				this.lastError = 'a symlink, refused as prodex refuses it in the log dir';
				return false;
			}
			if (!this.open(pathStats)) return false;
		}
		return this.readMore();
	}

	/** Stop following and release the file. */
	close(): void {
		if (this.fd !== null) closeSync(this.fd);
		this.fd = null;
		this.stats = null;
	}

	private open(pathStats: Stats): boolean {
		const reappeared = this.started && this.state === 'missing';
		// Never blocks: a FIFO, device, socket or directory at the path is unreadable, not opened.
		const opened = openRegular(this.path);
		if (!opened.ok) {
			this.close();
			this.state = 'unreadable';
			this.lastError = opened.reason ?? opened.code;
			return false;
		}
		this.fd = opened.fd;
		this.stats = opened.stats;
		this.lastError = null;
		this.state = 'following';
		if (reappeared) this.sink.change('appeared');
		this.splitter.reset();
		this.guard = Buffer.alloc(0);
		this.seen = {size: -1, mtimeMs: -1};
		if (!this.started && typeof this.options.startAt === 'object' && this.options.startAt.tailBytes > 0) {
			// The doctor's window: start at size − N and drop the partial first line.
			this.offset = Math.max(0, pathStats.size - this.options.startAt.tailBytes);
			this.dropFirst = this.offset > 0;
		} else {
			this.offset = 0;
			this.dropFirst = false;
		}
		this.lineStart = this.offset;
		this.started = true;
		return true;
	}

	/** Read one chunk from the offset; handles truncation and in-place rewrites. */
	private readMore(): boolean {
		const fd = this.fd!;
		let size: number;
		try {
			this.stats = fstatSync(fd);
			size = this.stats.size;
		} catch (error) {
			this.lastError = (error as NodeJS.ErrnoException).code ?? 'EIO';
			return false;
		}
		const lastSize = this.seen.size;
		const changed = size !== this.seen.size || this.stats.mtimeMs !== this.seen.mtimeMs;
		this.seen = {size, mtimeMs: this.stats.mtimeMs};
		if (!changed && size <= this.offset) return false;
		if (size < this.offset || this.rewritten(fd)) {
			const unread = Math.max(0, lastSize - this.offset);
			this.flushPending();
			this.offset = 0;
			this.lineStart = 0;
			this.dropFirst = false;
			this.guard = Buffer.alloc(0);
			this.sink.change('truncated', unread);
		}
		if (size <= this.offset) return false;
		let read: number;
		try {
			read = readSync(fd, this.buffer, 0, Math.min(this.buffer.length, size - this.offset), this.offset);
		} catch (error) {
			this.state = 'unreadable';
			this.lastError = (error as NodeJS.ErrnoException).code ?? 'EIO';
			return false;
		}
		if (read === 0) return false;
		const chunk = this.buffer.subarray(0, read);
		this.offset += read;
		this.rememberGuard(chunk);
		const now = this.options.now?.() ?? Date.now();
		const out: FollowedLine[] = [];
		for (const line of this.splitter.push(chunk)) {
			const start = this.lineStart;
			this.lineStart += line.bytes;
			if (this.dropFirst) {
				this.dropFirst = false;
				continue;
			}
			out.push({text: line.text, start, bytes: line.bytes, cut: line.cut, arrivalMs: now});
		}
		if (out.length > 0) this.sink.lines(out, this.offset);
		return this.offset < size;
	}

	/** A partial line left when the file ends for good (rotation, truncation) still counts as a line. */
	private flushPending(): void {
		const last = this.splitter.flush();
		if (last === null) return;
		const start = this.lineStart;
		this.lineStart += last.bytes;
		if (this.dropFirst) {
			this.dropFirst = false;
			return;
		}
		this.sink.lines([{text: last.text, start, bytes: last.bytes, cut: last.cut, arrivalMs: this.options.now?.() ?? Date.now()}], this.offset);
	}

	private rememberGuard(chunk: Buffer): void {
		const keep = Math.min(GUARD_BYTES, chunk.length);
		this.guard = Buffer.concat([this.guard, chunk.subarray(chunk.length - keep)]).subarray(-GUARD_BYTES);
	}

	/** Whether the bytes just before the offset changed: the file was rewritten in place. */
	private rewritten(fd: number): boolean {
		if (this.guard.length === 0) return false;
		const probe = Buffer.allocUnsafe(this.guard.length);
		try {
			const read = readSync(fd, probe, 0, probe.length, this.offset - this.guard.length);
			return read !== probe.length || !probe.equals(this.guard);
		} catch {
			return false;
		}
	}
}
