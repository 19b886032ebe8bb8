import process from 'node:process';
import {readHeader} from '../core/header.js';
import type {StoreSnapshot} from '../core/snapshot.js';
import {readFirstLine} from '../tail/read-tail.js';

/** The largest pid Linux hands out (pid_max's ceiling): a bigger `pid=` is not a process. */
const MAX_PID = 4_194_304;

/** Whether a process with this pid exists: signal 0 is sent to nothing, it only asks (EPERM: it exists, owned by another user). */
function processExists(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		return (error as NodeJS.ErrnoException).code === 'EPERM';
	}
}

/**
 * `prodex_run_active` (docs/metrics.md §3): the followed run's writer is alive when its log's
 * header line names a `pid=` that exists on this host (signal 0, nothing is sent) and the log is
 * still being followed (not ended, not unreadable). Standard input has no header file to read:
 * never active. The pid is read once per run (the first line of a rotated file is not a header).
 */
export class WriterProbe {
	private known: {readonly runId: number; readonly pid: number} | null = null;

	alive(snapshot: StoreSnapshot): boolean {
		const run = snapshot.run;
		if (run === null || run.logPath === null || snapshot.status.kind === 'ended' || snapshot.status.kind === 'unreadable') return false;
		if (this.known?.runId !== run.id) {
			const pid = readHeader(readFirstLine(run.logPath)).pid;
			// Only a plain positive pid: 0 and negative numbers would name process groups.
			if (pid === null || !/^[1-9]\d{0,6}$/.test(pid) || Number(pid) > MAX_PID) return false;
			this.known = {runId: run.id, pid: Number(pid)};
		}
		return processExists(this.known.pid);
	}
}
