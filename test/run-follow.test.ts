import {describe, expect, test} from 'vitest';
import {RULES_027, RULES_CURRENT, type RuleSet} from '../source/core/rules/index.js';
import {followObject} from '../source/run-follow.js';
import {Store} from '../source/tail/store.js';
import {followed} from './helpers/ui.js';

const FACTS = {logPath: '/logs/a.log', pointerExists: true, logExists: true, pointerNote: null, readError: null};
const ACTIVE = '[2026-04-24 09:40:00.000 +07:00] runtime_proxy_active_limit_reached transport=http active=64 limit=64';
const PLAIN = '[2026-04-24 09:40:01.000 +07:00] a plain line that is not a marker, long enough to fill the tail quickly';

/** A store whose doctor window holds only the last ~300 bytes, on a clock the test moves. */
function setup(rules: RuleSet) {
	let now = 1_000_000;
	const store = new Store({tailBytes: 300, now: () => now});
	store.beginRun({logPath: '/logs/a.log', label: '/logs/a.log', rules, rulesReason: '--rules'}, FACTS);
	store.markCaughtUp();
	let offset = 0;
	const write = (texts: string[], atMs: number) => {
		now = atMs;
		const lines = followed(texts, offset, atMs);
		offset = lines.at(-1)!.start + lines.at(-1)!.bytes;
		store.ingest(lines, offset);
		store.flushNow();
		return store.getSnapshot();
	};
	return {store, write};
}

describe('incident history in the store and incident_changes in --json --follow records', () => {
	test('appears, clears (its lines leave the doctor window) and returns: the snapshot history and each record’s changes say exactly that', () => {
		const {store, write} = setup(RULES_CURRENT);
		const records: unknown[] = [];
		let previous: string[] = [];
		const record = (snapshot: ReturnType<typeof write>) => {
			const object = followObject(snapshot, previous) as {incident_changes: {appeared: string[]; cleared: string[]}};
			previous = snapshot.finalized.incidents!.map(incident => incident.id);
			records.push(object.incident_changes);
		};
		record(write([ACTIVE], 2_000_000));
		record(write([PLAIN, PLAIN, PLAIN], 3_000_000));
		record(write([ACTIVE], 4_000_000));
		expect(records).toEqual([
			{appeared: ['active_request_pressure'], cleared: []},
			{appeared: [], cleared: ['active_request_pressure']},
			{appeared: ['active_request_pressure'], cleared: []},
		]);
		const track = store.getSnapshot().incidentHistory.find(t => t.id === 'active_request_pressure')!;
		expect(track).toEqual({
			id: 'active_request_pressure',
			firstSeen: 2_000_000,
			active: true,
			appearances: 2,
			transitions: [{at: 2_000_000, kind: 'appeared'}, {at: 3_000_000, kind: 'cleared'}, {at: 4_000_000, kind: 'appeared'}],
		});
		store.dispose();
	});

	test('under the 0.27 rules there is no incident history and no incident_changes key', () => {
		const {store, write} = setup(RULES_027);
		const snapshot = write([ACTIVE], 2_000_000);
		expect(snapshot.incidentHistory).toEqual([]);
		expect(followObject(snapshot)).not.toHaveProperty('incident_changes');
		store.dispose();
	});
});
