import process from 'node:process';
import {toJson} from './core/json-out.js';
import type {Options} from './options.js';
import {LiveSource, type LiveSourceOption} from './tail/live.js';
import {Store, type StoreSnapshot} from './tail/store.js';

/** The live source for the parsed options (`--demo` is handled by its caller). */
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

/** One NDJSON record: the `--json` shape plus window, run and generated_at. */
export function followRecord(snapshot: StoreSnapshot): string {
	return toJson(
		{
			...snapshot.finalized.report,
			window: snapshot.window,
			run: snapshot.run?.logPath ?? (snapshot.run === null ? null : '<stdin>'),
			generated_at: new Date(snapshot.generatedAt).toISOString(),
		},
		false,
	);
}

/** Resolve when the process is asked to stop (Ctrl-C, kill, hang-up). */
export function untilSignal(): Promise<void> {
	return new Promise(resolve => {
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve());
	});
}

/** `--json --follow`: one JSON summary per published batch until interrupted. */
export async function runFollow(options: Options): Promise<number> {
	const store = new Store({tailBytes: options.tailBytes, window: options.window});
	const live = new LiveSource(store, {source: liveSourceOf(options), prodexHome: options.prodexHome, rules: options.rules});
	let lastSummary = -1;
	let closed = false;
	const stop = untilSignal();
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
	live.start();
	await stop;
	await live.stop();
	store.dispose();
	return 0;
}
