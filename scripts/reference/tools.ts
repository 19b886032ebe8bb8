/**
 * The two programs under comparison: prodex 0.288.0's binary (fetched on demand into
 * ~/.cache/prodex-reference, never into the checkout: reference-binary.md) and prodex-top's
 * built CLI (dist/, rebuilt when older than source/).
 */
import {execFile, execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readdirSync, statSync, writeFileSync} from 'node:fs';
import {homedir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import {parseLossless, type Json} from './json.js';

const run = promisify(execFile);

export const ROOT = new URL('../../', import.meta.url).pathname;
export const CLI = join(ROOT, 'dist', 'cli.js');
const CACHE = join(homedir(), '.cache', 'prodex-reference');
const PACKAGE = '@christiandoxa/prodex-linux-x64@0.288.0';
const TARBALL = 'christiandoxa-prodex-linux-x64-0.288.0.tgz';

/** Path of the 0.288 binary; `npm pack` + untar into the cache when it is missing. */
export function ensureBinary(): string {
	const override = process.env.PRODEX_REFERENCE_BIN;
	if (override !== undefined && override !== '') return override;
	const binary = join(CACHE, 'package', 'vendor', 'prodex');
	if (existsSync(binary)) return binary;
	mkdirSync(CACHE, {recursive: true});
	console.log(`fetching ${PACKAGE} into ${CACHE} …`);
	if (!existsSync(join(CACHE, TARBALL))) execFileSync('npm', ['pack', PACKAGE], {cwd: CACHE, stdio: ['ignore', 'ignore', 'inherit']});
	execFileSync('tar', ['xzf', TARBALL], {cwd: CACHE, stdio: 'inherit'});
	if (!existsSync(binary)) throw new Error(`${binary} missing after unpacking ${TARBALL}`);
	return binary;
}

function newestMtime(dir: string): number {
	let newest = 0;
	for (const entry of readdirSync(dir, {withFileTypes: true, recursive: true})) {
		if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
	}
	return newest;
}

/** `npm run build` when dist/cli.js is missing or older than any file under source/. */
export function ensureBuild(): void {
	if (existsSync(CLI) && statSync(CLI).mtimeMs >= newestMtime(join(ROOT, 'source'))) return;
	console.log('dist/ is missing or older than source/: npm run build …');
	execFileSync('npm', ['run', 'build'], {cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit']});
}

export type Output = {readonly json: Json} | {readonly error: string};

/** Environment of a run: an empty HOME / PRODEX_HOME of its own (created here), the case's log dir. */
function env(logDir: string, home: string, extra: Readonly<Record<string, string>>): NodeJS.ProcessEnv {
	mkdirSync(home, {recursive: true});
	const clean = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^PRODEX_/.test(name)));
	return {...clean, HOME: home, PRODEX_HOME: join(home, '.prodex'), PRODEX_RUNTIME_LOG_DIR: logDir, NO_COLOR: '1', ...extra};
}

async function capture(file: string, args: readonly string[], logDir: string, home: string, extra: Readonly<Record<string, string>> = {}): Promise<Output> {
	try {
		const {stdout} = await run(file, args, {env: env(logDir, home, extra), maxBuffer: 256 * 1024 * 1024, timeout: 60_000, encoding: 'utf8'});
		return {json: parseLossless(stdout)};
	} catch (error) {
		const {stderr, message} = error as {stderr?: string; message: string};
		return {error: (stderr ?? '').trim().split('\n').slice(-3).join(' | ') || message};
	}
}

/**
 * `prodex doctor --runtime --json` (0.288) over the log dir. The doctor first runs prodex's
 * automatic housekeeping, "at most every 6 hours" (docs/log-format.md §1.2 "Retention", §1.4),
 * which deletes runtime logs older than 7 days and a pointer whose target does not exist — so it
 * would delete fixtures/logdir's 2025 logs and the dangling pointers of scenarios C, E and G before
 * reading them. A fresh `runtime-housekeeping.last-run` stamp (the file 0.288 writes in
 * $PRODEX_HOME) makes it skip that step; the doctor's reading is unaffected.
 */
export async function runReference(binary: string, logDir: string, home: string, extra: Readonly<Record<string, string>> = {}): Promise<Output> {
	mkdirSync(join(home, '.prodex'), {recursive: true});
	writeFileSync(join(home, '.prodex', 'runtime-housekeeping.last-run'), `${Math.floor(Date.now() / 1000)}\n`);
	return capture(binary, ['doctor', '--runtime', '--json', '--suggest-policy'], logDir, home, extra);
}

/** `prodex-top --log-dir DIR --rules current --json --suggest-policy` over the same dir. */
export const runTop = async (logDir: string, home: string, extra: Readonly<Record<string, string>> = {}) =>
	capture(process.execPath, [CLI, '--log-dir', logDir, '--rules', 'current', '--json', '--suggest-policy'], logDir, home, extra);
