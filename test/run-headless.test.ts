import {spawn} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer, type Server} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {afterEach, describe, expect, test} from 'vitest';
import {CLI} from './helpers/cli.js';
import {pollUntil} from './helpers/prometheus.js';

const ENV = {...process.env, NO_COLOR: '1', PRODEX_RUNTIME_LOG_DIR: '', PRODEX_HOME: '/nonexistent/prodex-top-test-home'};
let dir: string | undefined;
let blocker: Server | undefined;
afterEach(() => {
	if (dir) rmSync(dir, {recursive: true, force: true});
	blocker?.close();
	dir = undefined;
	blocker = undefined;
});

function start(args: readonly string[]) {
	const child = spawn(process.execPath, [CLI, ...args], {env: ENV, stdio: ['ignore', 'pipe', 'pipe']});
	const out = {stdout: '', stderr: ''};
	child.stdout.on('data', chunk => (out.stdout += String(chunk)));
	child.stderr.on('data', chunk => (out.stderr += String(chunk)));
	const exit = new Promise<number | null>(resolve => child.on('exit', code => resolve(code)));
	return {child, out, exit};
}

describe('the headless exporter (the built CLI)', () => {
	test('--metrics without a terminal is the service: no dashboard, the address on stderr, one line per change, exit 0 on SIGTERM', async () => {
		dir = mkdtempSync(join(tmpdir(), 'prodex-top-headless-'));
		const log = join(dir, 'prodex-runtime-1-1-0.log');
		writeFileSync(log, '[2025-04-24 10:00:00.000 +07:00] runtime proxy log initialized pid=1 cwd=/x\n[2025-04-24 10:00:01.000 +07:00] selection_pick profile=main\n');
		const {child, out, exit} = start(['--metrics', '127.0.0.1:0', '--log', log]);
		const url = await pollUntil('the address line', () => /prodex-top: metrics on (http:\/\/127\.0\.0\.1:\d+\/metrics)\n/.exec(out.stderr)?.[1]);
		const body = await pollUntil('two lines read', async () => {
			const text = await (await fetch(url)).text();
			return text.includes('\nprodex_lines_read_total 2\n') ? text : undefined;
		});
		expect(body).toContain('prodex_marker_events_total{marker="selection_pick"} 1');
		await pollUntil('the diagnosis line', () => (out.stderr.includes('prodex-top: diagnosis: rule ') ? true : undefined));
		expect(out.stderr).toContain(`prodex-top: run started: ${log} (rules 0.27: auto: no prodex_version in the log header)\n`);
		expect(out.stderr).toContain('prodex-top: follow status: following\n');
		expect(out.stderr).toContain('prodex-top: selection pressure: elevated\n');
		child.kill('SIGTERM');
		expect(await exit).toBe(0);
		expect(out.stdout).toBe('');
		expect(out.stderr.endsWith('prodex-top: stopping (SIGTERM)\n')).toBe(true);
	});

	test('an address in use: one line, exit 1', async () => {
		blocker = createServer();
		const port = await new Promise<number>(resolve => blocker!.listen(0, '127.0.0.1', () => resolve((blocker!.address() as {port: number}).port)));
		const {out, exit} = start(['--headless', '--metrics', String(port), '--log', '/nonexistent/prodex-runtime-1-1-0.log']);
		expect(await exit).toBe(1);
		expect(out.stderr).toBe(`prodex-top: cannot listen on http://127.0.0.1:${port}/metrics: address in use\n`);
	});

	test('a --log that is not a regular file: one line, exit 1, nothing listens', async () => {
		const {out, exit} = start(['--headless', '--metrics', '0', '--log', '/dev/null']);
		expect(await exit).toBe(1);
		expect(out.stderr).toMatch(/^prodex-top: cannot read \/dev\/null: not a regular file/);
	});
});
