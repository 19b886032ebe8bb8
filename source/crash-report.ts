import {writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {displayText} from './core/display-text.js';

/**
 * What an internal error prints: one line on stderr, never a stack trace (unless PRODEX_TOP_DEBUG
 * is set, for a developer), with the details in a file of its own under the temp dir (0600,
 * created anew: an existing file or symlink of that name is not written through).
 */
export function reportCrash(error: unknown, env: NodeJS.ProcessEnv = process.env, stderr: Pick<NodeJS.WriteStream, 'write'> = process.stderr): void {
	const message = error instanceof Error ? error.message : String(error);
	const stack = error instanceof Error && error.stack !== undefined ? error.stack : message;
	const file = join(tmpdir(), `prodex-top-crash-${process.pid}-${Date.now()}.log`);
	let where = `details in ${file}`;
	try {
		writeFileSync(file, `${stack}\n`, {mode: 0o600, flag: 'wx'});
	} catch {
		where = 'details could not be saved';
	}
	const debug = env['PRODEX_TOP_DEBUG'] !== undefined && env['PRODEX_TOP_DEBUG'] !== '' && env['PRODEX_TOP_DEBUG'] !== '0';
	try {
		stderr.write(`prodex-top: internal error: ${displayText(message.split('\n')[0] ?? '')} (${where})\n${debug ? `${stack}\n` : ''}`);
	} catch {
		// No stderr either: the exit status still says it.
	}
}
