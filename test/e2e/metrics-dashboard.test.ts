import {appendFileSync, mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {freePort, pollUntil} from '../helpers/prometheus.js';
import {TmuxSession} from '../helpers/tmux.js';

let session: TmuxSession | undefined;
let dir: string | undefined;
afterEach(() => {
	session?.kill();
	if (dir) rmSync(dir, {recursive: true, force: true});
	session = undefined;
	dir = undefined;
});

const stamp = () => new Date().toISOString();
const sample = (body: string, series: string) => Number(new RegExp(`^${series.replace(/[{}"[\]]/g, c => `\\${c}`)} (\\S+)$`, 'm').exec(body)?.[1]);

describe('--metrics beside the dashboard (tmux)', () => {
	test('the exporter serves the dashboard’s store; r resets the dashboard’s baseline, never the run counters', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-e2e-metrics-'));
		const log = join(dir, 'prodex-runtime-77-1745460000000-0.log');
		writeFileSync(log, `[${stamp()}] runtime proxy log initialized pid=77 cwd=/x\n${`[${stamp()}] selection_pick route=responses profile=main\n`.repeat(3)}`);
		writeFileSync(join(dir, 'prodex-runtime-latest.path'), `${log}\n`);
		const port = await freePort();
		const url = `http://127.0.0.1:${port}/metrics`;
		session = TmuxSession.start('prodex-top-e2e-metrics', `node ${CLI} --log-dir ${dir} --prodex-home ${join(dir, 'no-home')} --metrics ${port}`, 120, 40, {NO_COLOR: '1', PRODEX_RUNTIME_LOG_DIR: '', CI: null, CONTINUOUS_INTEGRATION: null});
		await session.waitFor('Recent selection decisions were logged');
		// The footer names the address at start (port 0 would give an ephemeral one).
		await session.waitFor(`metrics on ${url}`);
		const scrape = () => fetch(url).then(response => response.text());
		let body = await pollUntil('the exporter beside the dashboard', async () => {
			const text = await scrape().catch(() => '');
			return sample(text, 'prodex_lines_read_total') === 4 ? text : undefined;
		});
		expect(sample(body, 'prodex_marker_lines{marker="selection_pick"}')).toBe(3);
		session.keys('r');
		await session.waitFor('since');
		appendFileSync(log, `[${stamp()}] selection_pick route=responses profile=main\n`);
		body = await pollUntil('the appended line', async () => {
			const text = await scrape();
			return sample(text, 'prodex_lines_read_total') === 5 ? text : undefined;
		});
		// The run counters count the whole run; the window (reset by r, as on screen) holds the new line only.
		expect(sample(body, 'prodex_marker_events_total{marker="selection_pick"}')).toBe(4);
		expect(sample(body, 'prodex_marker_lines{marker="selection_pick"}')).toBe(1);
		session.keys('q');
		await session.waitFor('EXITED rc=0');
		await expect(scrape()).rejects.toThrow();
	});
});
