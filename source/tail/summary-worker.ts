/**
 * Worker entry of the parallel whole-file summary (file-summary.ts): summarise one byte range and
 * post the summary, then raise the shared flag the parent waits on. It imports only
 * worker_threads statically, so that even a failing import is reported instead of leaving the
 * parent waiting.
 */
import {workerData, type MessagePort} from 'node:worker_threads';

type Job = {
	readonly path: string;
	readonly start: number;
	readonly end: number;
	readonly flush: boolean;
	readonly rules: string;
	readonly port: MessagePort;
	readonly flag: SharedArrayBuffer;
};

const job = workerData as Job;
let message: unknown;
try {
	const [{openSync, closeSync}, {RULES_027, RULES_CURRENT}, {summarizeRange}] = await Promise.all([
		import('node:fs'),
		import('../core/rules/index.js'),
		import('./summary-part.js'),
	]);
	const rules = job.rules === RULES_027.id ? RULES_027 : RULES_CURRENT;
	let fd: number;
	try {
		fd = openSync(job.path, 'r');
	} catch (error) {
		throw Object.assign(new Error('open'), {tail: {step: 'open', code: (error as NodeJS.ErrnoException).code ?? 'EIO', path: job.path}});
	}
	try {
		message = summarizeRange(job.path, fd, {start: job.start, end: job.end, dropFirst: false, flush: job.flush}, rules);
	} finally {
		closeSync(fd);
	}
} catch (error) {
	const tail = (error as {tail?: unknown}).tail;
	message = tail === undefined ? {ok: false, crashed: String(error)} : {ok: false, error: tail};
}
job.port.postMessage(message);
const flag = new Int32Array(job.flag);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
