import {lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, rmSync, symlinkSync, truncateSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import type {PersistedState} from '../../source/core/state/derive.js';
import {EMPTY_STATE, ZERO_COUNTERS} from '../../source/core/state-inputs.js';
import {readProdexState, readStateFile} from '../../source/tail/state.js';
import {SAMPLE_HOME_COUNTERS, fixtureEnv, type FixtureEnv} from '../helpers/fixture-env.js';

const NOW = 1_745_463_900;
let env: FixtureEnv | undefined;
afterEach(() => {
	env?.cleanup();
	env = undefined;
});
const home = () => {
	env = fixtureEnv();
	return env.prodexHome;
};

/** Every entry under a directory: type, bytes or link target, and mtime (a directory's mtime changes when entries are added). */
function snapshotTree(root: string): Map<string, string> {
	const out = new Map<string, string>();
	const walk = (dir: string) => {
		for (const name of readdirSync(dir).sort()) {
			const path = join(dir, name);
			const stat = lstatSync(path);
			if (stat.isSymbolicLink()) out.set(path, `link ${readlinkSync(path)} ${stat.mtimeMs}`);
			else if (stat.isDirectory()) {
				out.set(path, `dir ${stat.mtimeMs}`);
				walk(path);
			} else out.set(path, `file ${stat.mtimeMs} ${readFileSync(path).toString('base64')}`);
		}
	};
	out.set(root, `dir ${lstatSync(root).mtimeMs}`);
	walk(root);
	return out;
}

const CIRCUIT = 'main/websocket circuit=open until=1745464140';

describe('the sample prodex home at now = 1745463900 (fixtures/README.md §4)', () => {
	test('every state value', () => {
		const state = readProdexState(home(), NOW);
		expect(state.notes).toEqual([]);
		expect(state.inputs).toEqual({
			degradedRoutes: [CIRCUIT],
			orphanManagedDirs: ['old-work'],
			stalePersistedUsageSnapshots: 1,
			persistedDeadContinuations: 1,
			suspectContinuationBindings: ['resp_6f1c2a:suspect'],
		});
		expect(state.counters).toEqual(SAMPLE_HOME_COUNTERS);
		expect(state.profiles.map(p => [p.profile, p.quota_freshness, p.quota_age_seconds])).toEqual([
			['main', 'fresh', 120n],
			['second', 'stale', 5400n],
		]);
		const websocket = state.profiles[0]!.routes[1]!;
		expect(websocket).toMatchObject({route: 'websocket', circuit_state: 'open', circuit_until: 1_745_464_140n, health_score: 0, bad_pairing_score: 0});
		expect(state.profiles[1]!.routes[0]).toMatchObject({route: 'responses', performance_score: 3, quota_band: 'quota_thin', five_hour_status: 'thin', weekly_status: 'ready'});
	});

	test('old-work stops being an orphan when its mtime is within the last 7 days', () => {
		const dir = home();
		const later = NOW - 86_400; // old-work's mtime is NOW − 8 days: exactly 7 days old at this "now"
		expect(readProdexState(dir, later).inputs.orphanManagedDirs).toEqual([]);
		expect(readProdexState(dir, later + 1).inputs.orphanManagedDirs).toEqual(['old-work']);
	});

	test('a home that does not exist gives the empty state without notes', () => {
		const state = readProdexState('/nonexistent/prodex-home', NOW);
		expect(state.inputs).toEqual(EMPTY_STATE);
		expect(state.counters).toEqual(ZERO_COUNTERS);
		expect(state.notes).toEqual([]);
	});

	test('reading never writes: the home is byte-identical and nothing is added, even when files are broken', () => {
		const dir = home();
		writeFileSync(join(dir, 'runtime-scores.json'), '{"half": ');
		writeFileSync(join(dir, 'runtime-scores.json.last-good'), readFileSync(join(dir, 'runtime-continuations.json')));
		rmSync(join(dir, 'state.json'));
		const before = snapshotTree(dir);
		const state = readProdexState(dir, NOW);
		expect(state.counters.recovered_state_file).toBe(true);
		expect(snapshotTree(dir)).toEqual(before);
	});
});

type Breaker = {readonly kind: string; readonly problem: (file: string) => string; readonly apply: (path: string, scratch: string) => void};

const shapeText: Record<string, string> = {
	'runtime-backoffs.json': '{"generation": 1, "value": {"route_circuit_open_until": []}}',
	'state.json': '{"profiles": []}',
};
const shapeProblem: Record<string, string> = {
	'runtime-backoffs.json': 'unknown shape (value.route_circuit_open_until is not an object)',
	'state.json': 'unknown shape (profiles is not an object)',
};

const BREAKERS: readonly Breaker[] = [
	{kind: 'missing', problem: () => 'unreadable (missing)', apply: path => rmSync(path)},
	{kind: 'empty', problem: () => 'unreadable (empty file)', apply: path => writeFileSync(path, '')},
	{
		kind: 'half-written JSON',
		problem: () => 'unreadable (invalid JSON)',
		apply: path => {
			const full = readFileSync(path);
			writeFileSync(path, full.subarray(0, full.length >> 1));
		},
	},
	{kind: 'not JSON', problem: () => 'unreadable (invalid JSON)', apply: path => writeFileSync(path, 'not json at all\n')},
	{kind: 'JSON of an unknown shape', problem: file => shapeProblem[file]!, apply: (path, _) => writeFileSync(path, shapeText[path.split('/').at(-1)!]!)},
	{
		kind: 'a symlink (to a valid copy)',
		problem: () => 'unreadable (symlink)',
		apply: (path, scratch) => {
			const target = join(scratch, `target-${path.split('/').at(-1)}`);
			writeFileSync(target, readFileSync(path));
			rmSync(path);
			symlinkSync(target, path);
		},
	},
	{
		kind: 'a directory',
		problem: () => 'unreadable (not a regular file)',
		apply: path => {
			rmSync(path);
			mkdirSync(path);
		},
	},
];

describe.each(BREAKERS)('runtime-backoffs.json is $kind', breaker => {
	const FILE = 'runtime-backoffs.json';
	const setUp = (withBackup: boolean) => {
		const dir = home();
		if (withBackup) writeFileSync(join(dir, `${FILE}.last-good`), readFileSync(join(dir, FILE)));
		const previous = readProdexState(dir, NOW);
		breaker.apply(join(dir, FILE), env!.root);
		return {dir, previous};
	};

	test('with a valid .last-good: the backup is used, recovered_backoffs_file is true', () => {
		const {dir} = setUp(true);
		const state = readProdexState(dir, NOW);
		expect(state.notes).toEqual([`${FILE}: ${breaker.problem(FILE)}, recovered from ${FILE}.last-good`]);
		expect(state.counters).toMatchObject({recovered_backoffs_file: true, persisted_route_circuits: 1, last_good_backups_present: 2});
		expect(state.inputs.degradedRoutes).toEqual([CIRCUIT]);
	});

	test('without a .last-good: the empty default on a first read, the previous values on a re-read', () => {
		const {dir, previous} = setUp(false);
		const first = readProdexState(dir, NOW);
		expect(first.counters).toMatchObject({recovered_backoffs_file: false, persisted_route_circuits: 0});
		expect(first.inputs.degradedRoutes).toEqual([]);
		// Neither the file nor its backup existing is the normal empty default: no note.
		expect(first.notes).toEqual(breaker.kind === 'missing' ? [] : [`${FILE}: ${breaker.problem(FILE)}; using the empty default`]);
		const reread = readProdexState(dir, NOW, {previous});
		expect(reread.notes).toEqual([`${FILE}: ${breaker.problem(FILE)}; keeping the previous values`]);
		expect(reread.counters).toMatchObject({recovered_backoffs_file: false, persisted_route_circuits: 1});
		expect(reread.inputs.degradedRoutes).toEqual([CIRCUIT]);
	});
});

describe.each(BREAKERS)('state.json is $kind', breaker => {
	const FILE = 'state.json';
	const expectFixtureValues = (state: PersistedState) => {
		expect(state.inputs.degradedRoutes).toEqual([CIRCUIT]);
		expect(state.inputs.stalePersistedUsageSnapshots).toBe(1);
		expect(state.profiles.map(p => p.profile)).toEqual(['main', 'second']);
	};

	test('with the fixture state.json.last-good: recovered_state_file is true and the values are unchanged', () => {
		const dir = home();
		breaker.apply(join(dir, FILE), env!.root);
		const state = readProdexState(dir, NOW);
		expect(state.notes).toEqual([`${FILE}: ${breaker.problem(FILE)}, recovered from ${FILE}.last-good`]);
		expect(state.counters.recovered_state_file).toBe(true);
		expectFixtureValues(state);
	});

	test('without a backup: all persisted state is skipped (or, if missing, no profiles); a re-read keeps the previous values', () => {
		const dir = home();
		rmSync(join(dir, `${FILE}.last-good`));
		const previous = readProdexState(dir, NOW);
		breaker.apply(join(dir, FILE), env!.root);
		const first = readProdexState(dir, NOW);
		if (breaker.kind === 'missing') {
			// No state.json and no backup: the empty default, so no profile is known.
			expect(first.notes).toEqual([]);
			expect(first.profiles).toEqual([]);
			expect(first.inputs).toMatchObject({degradedRoutes: [], stalePersistedUsageSnapshots: 0, orphanManagedDirs: ['old-work'], persistedDeadContinuations: 1});
			expect(first.counters).toMatchObject({persisted_route_circuits: 0, persisted_usage_snapshots: 0, persisted_suspect_continuations: 1});
		} else {
			expect(first.notes).toEqual([`${FILE}: ${breaker.problem(FILE)}; skipping all persisted state`]);
			expect(first.inputs).toEqual(EMPTY_STATE);
			expect(first.counters).toEqual(ZERO_COUNTERS);
		}
		const reread = readProdexState(dir, NOW, {previous});
		expect(reread.notes).toEqual([`${FILE}: ${breaker.problem(FILE)}; keeping the previous values`]);
		expect(reread.counters.recovered_state_file).toBe(false);
		expectFixtureValues(reread);
	});
});

describe('readStateFile', () => {
	test('refuses files over 64 MiB without reading them, accepts exactly 64 MiB', () => {
		const dir = home();
		const path = join(dir, 'big.json');
		writeFileSync(path, '');
		truncateSync(path, 64 * 1024 * 1024 + 1);
		expect(readStateFile(path)).toEqual({kind: 'refused', reason: 'larger than 64 MiB'});
		truncateSync(path, 64 * 1024 * 1024);
		expect(readStateFile(path).kind).toBe('text');
	});

	test('invalid UTF-8 is refused; a BOM is kept (and then fails to parse, as in serde_json)', () => {
		const dir = home();
		writeFileSync(join(dir, 'a.json'), Buffer.from([0x7b, 0xff, 0x7d]));
		expect(readStateFile(join(dir, 'a.json'))).toEqual({kind: 'refused', reason: 'not UTF-8'});
		writeFileSync(join(dir, 'b.json'), '\uFEFF{}');
		expect(readStateFile(join(dir, 'b.json'))).toEqual({kind: 'text', text: '\uFEFF{}'});
	});
});
