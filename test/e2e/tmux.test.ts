import {appendFileSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {TmuxSession, childrenOf} from '../helpers/tmux.js';

let session: TmuxSession | undefined;
let dir: string | undefined;
afterEach(() => {
	session?.kill();
	if (dir) rmSync(dir, {recursive: true, force: true});
	session = undefined;
	dir = undefined;
});

const stamp = () => new Date().toISOString();

// The built CLI in a real terminal (tmux), driven and read as a person would.
describe('the dashboard in tmux', () => {
	test('follows appends, switches panels, shows help, survives hostile bytes, resizes, and q restores the terminal', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-e2e-'));
		const log = join(dir, 'prodex-runtime-77-1745460000000-0.log');
		writeFileSync(log, `[${stamp()}] runtime proxy log initialized pid=77 cwd=/x\n[${stamp()}] selection_pick route=responses profile=main\n`);
		writeFileSync(join(dir, 'prodex-runtime-latest.path'), `${log}\n`);
		session = TmuxSession.start('prodex-top-e2e', `node ${CLI} --log-dir ${dir} --prodex-home ${join(dir, 'no-home')} --snapshot-dir ${join(dir, 'snaps')}`, 120, 40, {NO_COLOR: '1', PRODEX_RUNTIME_LOG_DIR: '', CI: null, CONTINUOUS_INTEGRATION: null});
		await session.waitFor('Recent selection decisions were logged');
		expect(session.capture()).toContain('● following');

		// Appends arrive and the diagnosis changes, marked as new.
		appendFileSync(log, `[${stamp()}] runtime_proxy_lane_limit_reached lane=compact active=7 limit=6\n`);
		const changed = await session.waitFor('▲ NEW  Recent per-lane admission limit was triggered.');
		expect(changed).toContain('was: Recent selection decisions were logged');

		// Keys switch panels; several keys in one send arrive as one chunk.
		session.keys('2');
		await session.waitFor('▸ 2 Failure classes');
		session.keys('Tab');
		await session.waitFor('▸ 3 Top facets');
		session.keys('5', 'j', 'Enter');
		await session.waitFor(/5 Markers › \w+/);
		session.keys('Escape');
		await session.waitFor(/▸ 5 Markers ─|▸ 5 Markers ═/);

		// ? shows the help; Esc closes it.
		session.keys('?');
		const help = await session.waitFor('Keys · ? or Esc closes');
		expect(help).toContain('cycle the window: doctor, 1m, 5m, 15m, 1h, all');
		session.keys('Escape');
		await session.waitFor(/▸ 5 Markers/);

		// Escape sequences inside a log value never act on the terminal: no title change, no clear.
		appendFileSync(log, `[${stamp()}] stream_read_error request=9 note="\u001B]2;pwned\u0007\u001B[2J\u009B31m" authorization="Bearer sk-live-abcdefghijklmnop"\n`);
		const hostile = await session.waitFor('stream_read_error');
		expect(session.display('#{pane_title}')).not.toContain('pwned');
		expect(hostile).not.toContain('abcdefghijklmnop');
		expect(hostile).toContain('Diagnosis');

		// Resize: the layout follows (stacked with a tab bar at 80 columns).
		session.resize(80, 24);
		const narrow = await session.waitFor('[5 Markers]');
		expect(narrow.split('\n').every(line => [...line].length <= 80)).toBe(true);
		session.resize(120, 40);
		await session.waitFor(/[┐╗][┌╔][─═] (▸ )?\d /);

		// s: a snapshot for a bug report (.txt, .md, .json), redacted, named on screen.
		session.keys('s');
		await session.waitFor(/snapshot written: \S+prodex-top-\d{8}-\d{6}\.txt \(\+ \.md, \.json\)/);
		const files = readdirSync(join(dir, 'snaps')).sort();
		expect(files.map(name => name.replace(/\d{8}-\d{6}/, 'T'))).toEqual(['prodex-top-T.json', 'prodex-top-T.md', 'prodex-top-T.txt']);
		const read = (ext: string) => readFileSync(join(dir!, 'snaps', files.find(name => name.endsWith(ext))!), 'utf8');
		expect(read('.txt')).toContain('Diagnosis');
		expect(read('.txt')).toContain('[ Runtime Proxy ]');
		expect(read('.md')).toContain('```text');
		expect((JSON.parse(read('.json')) as {diagnosis: string}).diagnosis).toBe('Recent per-lane admission limit was triggered.');
		for (const ext of ['.txt', '.md', '.json']) {
			expect(read(ext)).not.toContain('abcdefghijklmnop');
			expect(read(ext)).not.toMatch(/[\u001B\u0007\u009B]/);
		}

		// q: the alternate screen is left and the final summary stays on the normal screen.
		session.keys('q');
		await session.waitFor('EXITED rc=0');
		const after = session.captureWithHistory();
		expect(after).toContain('[ Runtime Proxy ]');
		expect(after).toMatch(/Diagnosis: +Recent per-lane admission limit was triggered\./);
		expect(after).not.toContain('╔═');
	}, 60_000);
});

describe('signals', () => {
	// CI=true as on the CI machine: Ink would draw only the last frame (a blank dashboard) if the CLI kept it.
	test('SIGTERM restores the terminal and prints the final summary, also in a shell with CI=true', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-e2e-'));
		const log = join(dir, 'prodex-runtime-78-1745460000000-0.log');
		writeFileSync(log, `[${stamp()}] stream_read_error request=1 transport=http\n`);
		writeFileSync(join(dir, 'prodex-runtime-latest.path'), `${log}\n`);
		session = TmuxSession.start('prodex-top-e2e-term', `node ${CLI} --log-dir ${dir} --prodex-home ${join(dir, 'no-home')}`, 100, 30, {NO_COLOR: '1', CI: 'true'});
		await session.waitFor('Recent upstream stream read failure detected after commit.');
		const shell = session.display('#{pane_pid}');
		const children = childrenOf(Number(shell));
		expect(children.length).toBeGreaterThan(0);
		for (const child of children) process.kill(child, 'SIGTERM');
		await session.waitFor('EXITED rc=143');
		const after = session.captureWithHistory();
		expect(after).toMatch(/Diagnosis: +Recent upstream stream read failure detected after commit\./);
		expect(after).not.toContain('┏━ Diagnosis');
	}, 30_000);
});

describe('the insight panels in tmux (the demo, current rules)', () => {
	test('Requests, Incidents and Routes at 200, 120 and 80 columns; the snapshot carries the insights and the incident history', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-e2e-'));
		session = TmuxSession.start('prodex-top-e2e-insights', `node ${CLI} --demo --rules current --snapshot-dir ${join(dir, 'snaps')}`, 200, 60, {NO_COLOR: '1', CI: null, CONTINUOUS_INTEGRATION: null});
		await session.waitFor('8 Incidents');
		for (const [columns, rows] of [[200, 60], [120, 40], [80, 24]] as const) {
			session.resize(columns, rows);
			for (const [key, title] of [['7', '▸ 7 Requests'], ['8', '▸ 8 Incidents'], ['9', '▸ 9 Routes']] as const) {
				session.keys(key);
				const frame = await session.waitFor(title);
				expect(frame.split('\n').every(line => [...line].length <= columns), `${columns}x${rows} ${title}`).toBe(true);
			}
		}
		session.keys('7');
		await session.waitFor(/latest \d+/);
		session.keys('s');
		await session.waitFor(/snapshot written: \S+\.txt/);
		const files = readdirSync(join(dir, 'snaps'));
		const json = JSON.parse(readFileSync(join(dir, 'snaps', files.find(name => name.endsWith('.json'))!), 'utf8')) as Record<string, unknown>;
		for (const key of ['incident_explainer', 'incident_history', 'incident_changes', 'latest_request_timeline', 'selection_summary', 'route_health']) expect(json).toHaveProperty(key);
		expect(readFileSync(join(dir, 'snaps', files.find(name => name.endsWith('.txt'))!), 'utf8')).toContain('Latest request timeline:');
		session.keys('q');
		await session.waitFor('EXITED rc=0');
	}, 90_000);
});
