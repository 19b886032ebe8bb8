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
	const [{RULES_027, RULES_CURRENT}, {withFile}, {summarizeRange}] = await Promise.all([
		import('../core/rules/index.js'),
		import('./read-tail.js'),
		import('./summary-part.js'),
	]);
	const rules = job.rules === RULES_027.id ? RULES_027 : RULES_CURRENT;
	// The same open/inspect steps (and error shapes) as the one-thread read.
	message = withFile(job.path, fd => summarizeRange(job.path, fd, {start: job.start, end: job.end, dropFirst: false, flush: job.flush}, rules));
} catch (error) {
	message = {ok: false, crashed: String(error)};
}
job.port.postMessage(message);
const flag = new Int32Array(job.flag);
Atomics.store(flag, 0, 1);
Atomics.notify(flag, 0);
