import process from 'node:process';
import type {RulesChoice} from '../core/rules/index.js';
import type {WindowId} from '../core/window.js';
import type {SourceOption} from '../options.js';
import {LiveSource, type LiveSourceOption} from './live.js';
import {processEnv, resolveProdexHome} from './locate.js';
import {notRegularReason} from './open-regular.js';
import type {LogSource} from './source.js';
import {StateWatcher} from './state-watch.js';
import {Store} from './store.js';

/** What a live session needs from the command line. */
export type SessionOptions = {
	readonly source: SourceOption;
	readonly prodexHome: string | undefined;
	readonly tailBytes: number;
	readonly rules: RulesChoice;
	readonly window: WindowId;
	/** Count marker lines per profile over the run (`--metrics-labels profile`). */
	readonly countProfiles?: boolean;
};

/** A running live session: the store fed by the log source and the persisted-state watcher. */
export type LiveSession = {
	readonly store: Store;
	/** Start reading (the log and the state). */
	start(): void;
	/** Stop reading and release everything (the demo's temporary files too). */
	stop(): Promise<void>;
};

/** The live source for the command line's source option (`--demo` is resolved by openLiveSession). */
export function liveSourceOf(source: SourceOption): LiveSourceOption {
	switch (source.kind) {
		case 'stdin': {
			return {kind: 'stdin', stream: process.stdin};
		}
		case 'file': {
			return {kind: 'file', path: source.path};
		}
		default: {
			return {kind: 'dir', dir: source.kind === 'dir' ? source.dir : null};
		}
	}
}

/**
 * Why the source cannot be followed at all, as one line (the caller prints it and exits 1), or
 * null: `--log` naming something that exists but is not a regular file (a FIFO would block the
 * reader, a device never ends). A file that does not exist yet is waited for, not refused.
 */
export function refusedSource(source: SourceOption): string | null {
	if (source.kind !== 'file') return null;
	const reason = notRegularReason(source.path);
	return reason === null ? null : `cannot read ${source.path}: ${reason}`;
}

/**
 * The one way to open a live session (dashboard and `--json --follow`): a Store, the LiveSource
 * that follows the log (directory, file or stream) into it, and the StateWatcher. `--demo`
 * replays the bundled log into a temporary log dir with its own empty prodex home, so a real
 * home cannot take over the demo's diagnoses.
 */
export async function openLiveSession(options: SessionOptions): Promise<LiveSession> {
	const store = new Store({tailBytes: options.tailBytes, window: options.window, countProfiles: options.countProfiles ?? false});
	let demo: {logDir: string; prodexHome: string; stop(): Promise<void>} | null = null;
	let source = options.source.kind === 'demo' ? null : liveSourceOf(options.source);
	if (source === null) {
		const {startDemo} = await import('./demo.js');
		demo = await startDemo({});
		source = {kind: 'dir', dir: demo.logDir};
	}
	const sources: LogSource[] = [
		new StateWatcher(store, {home: demo?.prodexHome ?? resolveProdexHome(options.prodexHome, processEnv())}),
		new LiveSource(store, {source, prodexHome: options.prodexHome, rules: options.rules}),
	];
	return {
		store,
		start() {
			for (const each of sources) each.start();
		},
		async stop() {
			for (const each of sources.toReversed()) await each.stop();
			store.dispose();
			await demo?.stop();
		},
	};
}
