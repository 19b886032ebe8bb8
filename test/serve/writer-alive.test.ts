import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test, vi} from 'vitest';
import {RULES_027} from '../../source/core/rules/index.js';
import {WriterProbe} from '../../source/serve/writer-alive.js';
import {Store} from '../../source/tail/store.js';

let dir: string | undefined;
afterEach(() => {
	vi.restoreAllMocks();
	if (dir) rmSync(dir, {recursive: true, force: true});
	dir = undefined;
});

/** A store following a log whose header names `pid` (null: no log file, standard input). */
function storeFor(pid: string | null, header = true): Store {
	dir ??= mkdtempSync(join(tmpdir(), 'prodex-top-writer-'));
	const store = new Store({tailBytes: 131_072});
	let logPath: string | null = null;
	if (pid !== null) {
		logPath = join(dir, `prodex-runtime-${pid}-1-0.log`);
		writeFileSync(logPath, header ? `[2026-04-24 09:40:00.000 +07:00] runtime proxy log initialized pid=${pid} cwd=/x\n` : '[t] selection_pick\n');
	}
	store.beginRun({logPath, label: logPath ?? 'standard input', rules: RULES_027, rulesReason: '--rules'}, {logPath, pointerExists: true, logExists: true, pointerNote: null, readError: null});
	return store;
}

describe('WriterProbe (prodex_run_active)', () => {
	test('the header pid alive → 1; exited → 0; no header, standard input, ended or unreadable → 0', () => {
		const probe = () => new WriterProbe();
		const alive = storeFor(String(process.pid));
		expect(probe().alive(alive.getSnapshot())).toBe(true);
		alive.setStatus('ended', 'standard input ended');
		expect(probe().alive(alive.getSnapshot())).toBe(false);
		alive.setStatus('unreadable', 'cannot read');
		expect(probe().alive(alive.getSnapshot())).toBe(false);
		const dead = spawnSync(process.execPath, ['-e', '0']).pid;
		expect(probe().alive(storeFor(String(dead)).getSnapshot())).toBe(false);
		expect(probe().alive(storeFor('123', false).getSnapshot())).toBe(false);
		expect(probe().alive(storeFor(null).getSnapshot())).toBe(false);
	});

	test('only a plain positive pid is ever asked about, with signal 0', () => {
		const kill = vi.spyOn(process, 'kill');
		for (const pid of ['0', '-1', '00', '99999999', '1.5', '4194305']) expect(new WriterProbe().alive(storeFor(pid).getSnapshot()), pid).toBe(false);
		expect(kill).not.toHaveBeenCalled();
		expect(new WriterProbe().alive(storeFor('1').getSnapshot())).toBe(true);
		expect(kill.mock.calls).toEqual([[1, 0]]);
	});
});
