import process from 'node:process';
import {INITIAL_SERVICE_STATE, serviceEvents} from './core/service-log.js';
import {untilSignal} from './exit-signals.js';
import type {Options} from './options.js';
import {startExporter} from './serve/exporter.js';
import {listenErrorText, type MetricsServer} from './serve/metrics-server.js';
import {openLiveSession, refusedSource} from './tail/session.js';

/** How often at most the state-change log looks at the store (each look finalizes the summary; a service log need not be faster). */
const LOOK_MS = 1000;

/**
 * `--headless` (or `--metrics` without a terminal): the exporter as a service. The live session
 * feeds the store, the exporter serves it, and one line per state change goes to stderr. SIGTERM,
 * SIGINT (and SIGHUP) close the server, stop the session and exit 0. A `--log` that is not a
 * regular file exits 1, as does an address that cannot be bound.
 */
export async function runHeadless(options: Options, version: string): Promise<number> {
	const refused = refusedSource(options.source);
	if (refused !== null) {
		process.stderr.write(`prodex-top: ${refused}\n`);
		return 1;
	}
	const address = options.metrics!;
	const stop = untilSignal();
	const profileLabels = options.metricsLabels.includes('profile');
	const session = await openLiveSession({...options, countProfiles: profileLabels});
	const {store} = session;
	let server: MetricsServer;
	try {
		server = await startExporter(store, {address, window: options.window, version, profileLabels});
	} catch (error) {
		await session.stop();
		process.stderr.write(`prodex-top: ${listenErrorText(address, error)}\n`);
		return 1;
	}
	const say = (line: string) => process.stderr.write(`prodex-top: ${line}\n`);
	say(`metrics on ${server.url}`);
	let said = INITIAL_SERVICE_STATE;
	let timer: ReturnType<typeof setTimeout> | null = null;
	const look = () => {
		timer = null;
		const result = serviceEvents(said, store.getSnapshot(), store.finalizedFor(options.window));
		said = result.said;
		for (const line of result.lines) say(line);
	};
	let looked = false;
	const unsubscribe = store.subscribe(() => {
		// The first state is told at once; after that changes are gathered for up to LOOK_MS.
		timer ??= setTimeout(look, looked ? LOOK_MS : 0);
		looked = true;
	});
	session.start();
	const signal = await stop;
	say(`stopping (${signal})`);
	unsubscribe();
	if (timer !== null) clearTimeout(timer);
	await server.close();
	await session.stop();
	return 0;
}
