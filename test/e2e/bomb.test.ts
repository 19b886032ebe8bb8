import {appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {MAX_DISTINCT_VALUES} from '../../source/core/cardinality.js';
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

const stamp = () => new Date().toISOString().replace('T', ' ').replace('Z', ' +00:00');

/** `count` selection lines, each with four never-seen-before tallied values (profile, route, lane, reason). */
function bombLines(from: number, count: number): string {
	const at = stamp();
	let text = '';
	for (let i = from; i < from + count; i++) text += `[${at}] selection_pick profile=p${i} route=r${i} lane=l${i} reason=x${i}\n`;
	return text;
}

/** The peak resident memory of a process, in MiB (VmHWM from /proc). */
function peakRssMiB(pid: number): number {
	const kib = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
	return Number(kib) / 1024;
}

// docs/log-format.md §1.9: 10^5 distinct values in four tallied fields at once, as a person sees it.
describe('a cardinality bomb in tmux', () => {
	test('10^5 distinct values × 4 fields: catching up is said, the rest is folded and noted, keys answer while more arrive, memory stays bounded', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-bomb-'));
		const log = join(dir, 'prodex-runtime-77-1745460000000-0.log');
		writeFileSync(log, `[${stamp()}] runtime proxy log initialized pid=77 cwd=/x\n${bombLines(0, 100_000)}`);
		writeFileSync(join(dir, 'prodex-runtime-latest.path'), `${log}\n`);
		session = TmuxSession.start('prodex-top-bomb', `node ${CLI} --log-dir ${dir} --prodex-home ${join(dir, 'no-home')} --window all`, 120, 40, {NO_COLOR: '1', PRODEX_RUNTIME_LOG_DIR: '', CI: null, CONTINUOUS_INTEGRATION: null});

		// The 10 MB backlog is worked off with a status that says so, then the dashboard follows.
		await session.waitFor(/↻ reading backlog|● following/, 30_000);
		// The Markers row (count, then name): the Pressure panel's reasons give way to its strips at 120 columns.
		const caughtUp = await session.waitFor(/● following[\s\S]*100000 +selection_pick\b/, 60_000);
		const folded = 100_000 - MAX_DISTINCT_VALUES;
		expect(caughtUp).toMatch(new RegExp(`profile +\\(other\\) [█▏▎▍▌▋▊▉ ]*${folded}\\b`));
		expect(caughtUp).toContain(`${folded * 4} field value(s) counted as`);

		// Keys answer while another 20,000 never-seen values arrive and are worked through.
		appendFileSync(log, bombLines(100_000, 20_000));
		session.keys('3');
		await session.waitFor('▸ 3 Top facets', 5000);
		session.keys('2');
		await session.waitFor('▸ 2 Failure classes', 5000);
		const after = await session.waitFor(/120000 +selection_pick\b/, 30_000);
		expect(after).toMatch(new RegExp(`profile +\\(other\\) [█▏▎▍▌▋▊▉ ]*${folded + 20_000}\\b`));

		// Bounded memory: without the cap this run held every value (681 MB at 4×10^5 values, measured).
		const [pid] = childrenOf(Number(session.display('#{pane_pid}')));
		expect(pid).toBeDefined();
		expect(peakRssMiB(pid!)).toBeLessThan(400);
		session.keys('q');
		await session.waitFor('EXITED rc=0', 10_000);
	}, 120_000);
});
