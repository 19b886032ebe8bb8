import {cpSync, mkdtempSync, renameSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, test} from 'vitest';
import {StateWatcher} from '../../source/tail/state-watch.js';
import {SAMPLE, frameFits, frameWhere, renderApp, storeWith} from '../helpers/ui.js';

const FIXTURE_HOME = new URL('../fixtures/prodex-home/', import.meta.url).pathname;
const NOW = 1_745_463_900;

let home: string | undefined;
let watcher: StateWatcher | undefined;
afterEach(async () => {
	cleanup();
	await watcher?.stop();
	if (home) rmSync(home, {recursive: true, force: true});
	home = undefined;
	watcher = undefined;
});

function copyHome(): string {
	const root = mkdtempSync(join(tmpdir(), 'prodex-top-home-'));
	cpSync(FIXTURE_HOME, root, {recursive: true});
	utimesSync(join(root, 'profiles', 'old-work'), 1_744_772_700, 1_744_772_700);
	return root;
}

describe('State panel', () => {
	test.each([
		[80, 24],
		[100, 30],
	] as const)('%ix%i: degraded route with time left, orphans, snapshot freshness, continuations; Enter shows scores and backoffs', async (columns, rows) => {
		home = copyHome();
		const store = storeWith([...SAMPLE, '[2026-04-24 09:00:08.000 +07:00] state_save_queued revision=3 reason=session_id:main backlog=21']);
		watcher = new StateWatcher(store, {home, clock: () => NOW, watch: false});
		watcher.start();
		const {lastFrame, stdin} = renderApp(store, columns, rows);
		stdin.write('4');
		await frameWhere(lastFrame, f => f.includes('▸ 4 State & backlogs'));
		const frame = await frameWhere(lastFrame, f => f.includes('main/websocket circuit=open'));
		expect(frameFits(frame, columns, rows)).toBe(true);
		expect(frame).toContain('old-work');
		expect(frame).toMatch(/2 total, 1 stale/);
		expect(frame).toContain('verified 1 · warm 1 · suspect 1 · dead 1');
		// Backlogs and lags: one row per queue, the lag column lined up whatever the backlog's width.
		const queueRows = frame.split('\n').filter(line => /(state save|cont\. journal|probe refresh) +backlog/.test(line));
		expect(queueRows).toHaveLength(3);
		expect(new Set(queueRows.map(line => line.indexOf(' lag ')))).toHaveProperty('size', 1);
		expect(queueRows[0]).toMatch(/state save +backlog 21 +lag 161 ms/);
		// The diagnosis follows the 0.27 chain with the state in play.
		expect(frame).toContain('Recent per-lane admission limit was triggered.');
		stdin.write('jjj\r');
		const detail = await frameWhere(lastFrame, f => f.includes('State & backlogs › degraded'));
		expect(detail).toMatch(/profile main: quota fresh/);
		expect(detail).toMatch(/websocket +circuit open until 1745464140/);
	});

	test('updates when a state file is replaced (atomically, as prodex does) while the dashboard runs', async () => {
		home = copyHome();
		const store = storeWith(SAMPLE);
		watcher = new StateWatcher(store, {home, clock: () => NOW, watch: true});
		watcher.start();
		const {lastFrame, stdin} = renderApp(store, 120, 40);
		stdin.write('4');
		await frameWhere(lastFrame, f => f.includes('▸ 4 State & backlogs') && f.includes('main/websocket circuit=open'));
		await watcher.ready;
		// No more circuits: prodex writes a temp file and renames it over runtime-backoffs.json.
		const path = join(home, 'runtime-backoffs.json');
		writeFileSync(`${path}.tmp`, JSON.stringify({generation: 9, value: {retry_backoff_until: {}, transport_backoff_until: {}, route_circuit_open_until: {}}}));
		renameSync(`${path}.tmp`, path);
		const frame = await frameWhere(lastFrame, f => f.includes('degraded      none'), 10_000);
		expect(frame).not.toContain('main/websocket');
		// A broken file: a visible note, and the previous good state stays.
		writeFileSync(path, '{"generation": 10, "value": ');
		const broken = await frameWhere(lastFrame, f => /state +runtime-backoffs\.json/.test(f), 10_000);
		expect(broken).toContain('degraded      none');
	});
});
