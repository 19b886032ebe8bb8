import {spawnSync, type SpawnSyncOptions} from 'node:child_process';
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
