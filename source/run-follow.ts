import process from 'node:process';
import {doctorJson} from './core/doctor-json.js';
import {environmentJson, type EnvironmentOutput} from './core/environment-json.js';
import {incidentChanges} from './core/incident-history.js';
import {toJson, type JsonOut} from './core/json-out.js';
import type {Options} from './options.js';
import {untilSignal} from './exit-signals.js';
import {environmentOutput} from './tail/environment.js';
import {openLiveSession, refusedSource} from './tail/session.js';
import type {StoreSnapshot} from './tail/store.js';

/**
 * The `--json` shape plus window, run (log path) and generated_at, for a store snapshot; under the
 * current rules also `incident_changes`: the incident ids that appeared and cleared since
 * `previousIncidents` (the previous record's; every incident is "appeared" in the first record);
 * given the environment, its command-level keys and suggestions (docs/policy.md §4–§5).
 */
export function followObject(snapshot: StoreSnapshot, previousIncidents: readonly string[] = [], environment?: EnvironmentOutput): JsonOut {
	const incidents = snapshot.finalized.incidents;
	return {
		...doctorJson(snapshot.finalized, snapshot.persisted),
		...(environment === undefined ? {} : environmentJson(environment, snapshot.finalized)),
		...(incidents === null ? {} : {incident_changes: incidentChanges(previousIncidents, incidents.map(incident => incident.id))}),
		window: snapshot.window,
		run: snapshot.run?.logPath ?? (snapshot.run === null ? null : '<stdin>'),
		generated_at: new Date(snapshot.generatedAt).toISOString(),
	};
}

/** One NDJSON record of `--json --follow`. */
export function followRecord(snapshot: StoreSnapshot, previousIncidents: readonly string[] = [], environment?: EnvironmentOutput): string {
	return toJson(followObject(snapshot, previousIncidents, environment), false);
}

/** `--json --follow`: one JSON summary per published batch until interrupted. */
export async function runFollow(options: Options): Promise<number> {
	const refused = refusedSource(options.source);
	if (refused !== null) {
		process.stderr.write(`prodex-top: ${refused}\n`);
		return 1;
	}
	const stop = untilSignal();
	const environment = environmentOutput(options);
	const session = await openLiveSession(options);
	const {store} = session;
	let lastSummary = -1;
	let lastIncidents: readonly string[] = [];
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
		process.stdout.write(`${followRecord(snapshot, lastIncidents, environment)}\n`);
		lastIncidents = snapshot.finalized.incidents?.map(incident => incident.id) ?? [];
	});
	session.start();
	await stop;
	await session.stop();
	return 0;
}
