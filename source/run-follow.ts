import process from 'node:process';
import {toJson, type JsonOut} from './core/json-out.js';
import type {Options} from './options.js';
import {startDemo} from './tail/demo.js';
import {LiveSource, type LiveSourceOption} from './tail/live.js';
import {processEnv, resolveProdexHome} from './tail/locate.js';
import {StateWatcher} from './tail/state-watch.js';
import {Store, type StoreSnapshot} from './tail/store.js';

/** The live source for the parsed options (`--demo` is handled by its caller: follow `startDemo()`'s log dir). */
export function liveSourceOf(options: Options): LiveSourceOption {
	switch (options.source.kind) {
		case 'stdin': {
			return {kind: 'stdin', stream: process.stdin};
		}
		case 'file': {
			return {kind: 'file', path: options.source.path};
		}
		default: {
			return {kind: 'dir', dir: options.source.kind === 'dir' ? options.source.dir : null};
		}
	}
}

/** The `--json` shape plus window, run (log path) and generated_at, for a store snapshot. */
export function followObject(snapshot: StoreSnapshot): JsonOut {
	return {
		...snapshot.finalized.report,
		...snapshot.persisted.counters,
		profiles: snapshot.persisted.profiles,
		window: snapshot.window,
		run: snapshot.run?.logPath ?? (snapshot.run === null ? null : '<stdin>'),
		generated_at: new Date(snapshot.generatedAt).toISOString(),
	};
}

/** One NDJSON record of `--json --follow`. */
export function followRecord(snapshot: StoreSnapshot): string {
	return toJson(followObject(snapshot), false);
}

/** Resolve when the process is asked to stop (Ctrl-C, kill, hang-up). */
export function untilSignal(): Promise<void> {
	return new Promise(resolve => {
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
	});
}

/** `--json --follow`: one JSON summary per published batch until interrupted. */
export async function runFollow(options: Options): Promise<number> {
	const stop = untilSignal();
	// `--demo`: replay the bundled log into a temporary log dir (with an empty prodex home) and follow that.
	const demo = options.source.kind === 'demo' ? await startDemo() : null;
	const store = new Store({tailBytes: options.tailBytes, window: options.window});
	const source: LiveSourceOption = demo === null ? liveSourceOf(options) : {kind: 'dir', dir: demo.logDir};
	const live = new LiveSource(store, {source, prodexHome: options.prodexHome, rules: options.rules});
	let lastSummary = -1;
	let closed = false;
	process.stdout.on('error', () => {
		// A closed pipe (`| head -1`) ends the run quietly.
		closed = true;
		process.emit('SIGTERM');
	});
	store.subscribe(() => {
		const snapshot = store.getSnapshot();
		// Nothing until the existing content is read: the first record is the doctor's view of it.
		if (closed || snapshot.summarySeq === lastSummary || snapshot.run === null || !snapshot.caughtUp) return;
		lastSummary = snapshot.summarySeq;
		process.stdout.write(`${followRecord(snapshot)}\n`);
	});
	const state = new StateWatcher(store, {home: demo?.prodexHome ?? resolveProdexHome(options.prodexHome, processEnv())});
	state.start();
	live.start();
	await stop;
	await live.stop();
	await state.stop();
	await demo?.stop();
	store.dispose();
	return 0;
}
