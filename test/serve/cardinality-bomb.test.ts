import {afterEach, describe, expect, test} from 'vitest';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {MAX_PROFILE_VALUES} from '../../source/core/run-counters.js';
import {startExporter} from '../../source/serve/exporter.js';
import type {MetricsServer} from '../../source/serve/metrics-server.js';
import {Store} from '../../source/tail/store.js';
import {followed} from '../helpers/ui.js';

const HEADER = '[2026-04-24 09:40:00.000 +07:00] runtime proxy log initialized pid=1 prodex_version=0.411.0';
const BOMB = 100_000;
/** Every series the exposition may have, process metrics included: a fixed bound, whatever the log. */
const MAX_SERIES = 1000;

const servers: MetricsServer[] = [];
const stores: Store[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
	for (const store of stores.splice(0)) store.dispose();
});

/** A store that has read `texts` (counting profiles, as `--metrics-labels profile` makes it). */
function storeOf(texts: readonly string[]): Store {
	const store = new Store({tailBytes: 131_072, countProfiles: true});
	stores.push(store);
	store.beginRun({logPath: '/l.log', label: '/l.log', rules: RULES_CURRENT, rulesReason: '--rules'}, {logPath: '/l.log', pointerExists: true, logExists: true, pointerNote: null, readError: null});
	const lines = followed(texts, 0, Date.now());
	store.ingest(lines, lines.at(-1)!.start + lines.at(-1)!.bytes);
	store.markCaughtUp();
	return store;
}

/** The exposition's series (sample lines), split into prodex_ ones and the exporter's process metrics. */
async function series(store: Store, profileLabels: boolean): Promise<{prodex: string[]; all: number}> {
	const server = await startExporter(store, {address: {host: '127.0.0.1', port: 0}, window: 'all', version: '0', profileLabels});
	servers.push(server);
	const samples = (await (await fetch(server.url)).text()).split('\n').filter(line => line !== '' && !line.startsWith('#'));
	return {prodex: samples.filter(line => !line.startsWith('prodex_exporter_')).map(line => line.slice(0, line.lastIndexOf(' '))), all: samples.length};
}

describe('a cardinality bomb cannot blow up the exposition', () => {
	test(`10^5 distinct profile values, unknown markers and field values: the same series as a two-line log; with --metrics-labels profile at most ${MAX_PROFILE_VALUES} + 1 more`, async () => {
		const bomb = [HEADER];
		for (let i = 0; i < BOMB; i++) {
			bomb.push(`[2026-04-24 09:40:01.000 +07:00] selection_pick profile=p${i} route=r${i} reason=why${i} k${i}=v${i}`);
			bomb.push(i % 2 === 0 ? `[2026-04-24 09:40:01.000 +07:00] zz_unknown_event_${i} profile=u${i} f${i}=${i}` : `{"timestamp":"2026-04-24T02:40:01Z","event":"zz_unknown_${i}","profile":"j${i}","message":"x${i}"}`);
		}
		const small = [HEADER, '[2026-04-24 09:40:01.000 +07:00] selection_pick profile=main'];
		const plainSmall = await series(storeOf(small), false);
		const bombed = storeOf(bomb);
		const plainBomb = await series(bombed, false);
		expect(plainBomb.prodex).toEqual(plainSmall.prodex);
		expect(plainBomb.all).toBeLessThan(MAX_SERIES);
		const withProfiles = await series(bombed, true);
		const profileSeries = withProfiles.prodex.filter(name => name.startsWith('prodex_profile_lines_total'));
		expect(profileSeries).toHaveLength(MAX_PROFILE_VALUES + 1);
		expect(profileSeries).toContain('prodex_profile_lines_total{profile="(other)"}');
		expect(withProfiles.prodex.filter(name => !name.startsWith('prodex_profile_lines_total'))).toEqual(plainSmall.prodex);
		expect(withProfiles.all).toBeLessThan(MAX_SERIES + MAX_PROFILE_VALUES + 1);
	}, 60_000);
});
