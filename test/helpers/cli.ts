import {spawnSync, type SpawnSyncOptions} from 'node:child_process';
import {chmodSync, cpSync, mkdtempSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';

/** The built CLI (npm test builds dist/ before running the tests). */
export const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

/** Run the built CLI to completion; stdout/stderr as text. */
export function runCli(args: readonly string[], options: SpawnSyncOptions = {}): {status: number | null; stdout: string; stderr: string} {
	const result = spawnSync(process.execPath, [CLI, ...args], {
		encoding: 'utf8',
		timeout: 20_000,
		...options,
		env: {...process.env, NO_COLOR: '1', PRODEX_RUNTIME_LOG_DIR: '', PRODEX_HOME: '/nonexistent/prodex-top-test-home', ...options.env},
	});
	return {status: result.status, stdout: String(result.stdout), stderr: String(result.stderr)};
}

const copies = new Map<number, string>();

/**
 * The built CLI as another user can run it. A checkout in a private (0700) directory cannot be
 * read by that user, so then the package (dist/, node_modules/, package.json) is copied once into
 * a world-readable temporary directory.
 */
export function cliForUser(uid: number, gid: number): string {
	const known = copies.get(uid);
	if (known !== undefined) return known;
	let cli = CLI;
	if (spawnSync(process.execPath, [CLI, '--version'], {uid, gid, stdio: 'ignore', timeout: 20_000}).status !== 0) {
		const root = fileURLToPath(new URL('../../', import.meta.url));
		const copy = mkdtempSync(join(tmpdir(), 'prodex-top-cli-'));
		chmodSync(copy, 0o755);
		for (const part of ['dist', 'node_modules', 'package.json']) cpSync(join(root, part), join(copy, part), {recursive: true});
		cli = join(copy, 'dist', 'cli.js');
	}
	copies.set(uid, cli);
	return cli;
}

/** Run the built CLI as another user (root's tests of permission errors). */
export function runCliAs(uid: number, gid: number, args: readonly string[]): {status: number | null; stdout: string; stderr: string} {
	const result = spawnSync(process.execPath, [cliForUser(uid, gid), ...args], {
		encoding: 'utf8',
		timeout: 20_000,
		uid,
		gid,
		env: {...process.env, NO_COLOR: '1', PRODEX_RUNTIME_LOG_DIR: '', PRODEX_HOME: '/nonexistent/prodex-top-test-home'},
	});
	return {status: result.status, stdout: String(result.stdout), stderr: String(result.stderr)};
}
