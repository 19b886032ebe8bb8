import {watch, type FSWatcher} from 'chokidar';
import type {PersistedState} from '../core/state/derive.js';
import {readProdexState} from './state.js';
import type {LogSource, StateSink} from './source.js';

export type StateWatchOptions = {
	readonly home: string;
	/** Re-read at least this often so time-based expiry shows (ms). */
	readonly refreshMs?: number;
	/** "Now" in epoch seconds for the derivations. */
	readonly clock?: () => number;
	readonly watch?: boolean;
};

/**
 * Keeps the store's persisted state fresh: reads the prodex home now, again shortly after its
 * files change (prodex replaces them atomically), and at least every 30 s. Read-only; a broken
 * file keeps the previous good values and shows a note.
 */
export class StateWatcher implements LogSource {
	private timer: ReturnType<typeof setInterval> | null = null;
	private debounce: ReturnType<typeof setTimeout> | null = null;
	private watcher: FSWatcher | null = null;
	private last: PersistedState | null = null;
	private markReady: () => void = () => undefined;
	/** Resolves once the file watcher has scanned the home (at once without a watcher). */
	readonly ready: Promise<void> = new Promise(resolve => {
		this.markReady = resolve;
	});

	constructor(
		private readonly store: StateSink,
		private readonly options: StateWatchOptions,
	) {}

	start(): void {
		this.refresh();
		this.timer = setInterval(() => this.refresh(), this.options.refreshMs ?? 30_000);
		if (this.options.watch ?? true) {
			this.watcher = watch(this.options.home, {ignoreInitial: true, depth: 1, persistent: true});
			this.watcher.on('all', () => {
				if (this.debounce !== null) clearTimeout(this.debounce);
				this.debounce = setTimeout(() => this.refresh(), 200);
			});
			this.watcher.on('ready', () => this.markReady());
			this.watcher.on('error', () => {
				// The periodic refresh keeps working without the watcher.
				this.markReady();
			});
		} else {
			this.markReady();
		}
	}

	/** Read the state now. */
	refresh(): void {
		const now = (this.options.clock ?? (() => Math.floor(Date.now() / 1000)))();
		this.last = readProdexState(this.options.home, now, {previous: this.last});
		this.store.setState(this.last);
	}

	async stop(): Promise<void> {
		if (this.timer !== null) clearInterval(this.timer);
		if (this.debounce !== null) clearTimeout(this.debounce);
		await this.watcher?.close();
	}
}
