import process from 'node:process';

/**
 * The dashboard's exit statuses, as shells report a program ended by a signal (128 + the signal's
 * number): `q` 0; Ctrl-C (a key in raw mode) and SIGINT 130; SIGTERM 143; SIGHUP and a terminal
 * that went away (EIO on the terminal) 129; SIGQUIT 131. An internal error is 1.
 */
export const EXIT_STATUS = {quit: 0, interrupt: 130, SIGINT: 130, SIGTERM: 143, SIGHUP: 129, hangup: 129, SIGQUIT: 131, crash: 1} as const;

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'] as const;
export type StopSignal = (typeof STOP_SIGNALS)[number];

/** Call `stop` with the signal's name on each SIGINT, SIGTERM, SIGHUP or SIGQUIT (none of them ends the process by itself any more). */
export function onStopSignals(stop: (signal: StopSignal) => void): () => void {
	const handlers = STOP_SIGNALS.map(signal => [signal, () => stop(signal)] as const);
	for (const [signal, handler] of handlers) process.on(signal, handler);
	return () => {
		for (const [signal, handler] of handlers) process.off(signal, handler);
	};
}

/** Resolve with the signal's name when the process is asked to stop (Ctrl-C, kill, hang-up): `--json --follow` and the service. */
export function untilSignal(): Promise<'SIGINT' | 'SIGTERM' | 'SIGHUP'> {
	return new Promise(resolve => {
		for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, () => resolve(signal));
	});
}

export type JobControl = {
	/** Suspend as Ctrl-Z does: `suspend()`, stop the process (SIGTSTP), and `resume()` once continued. */
	stopNow(): void;
	dispose(): void;
};

/**
 * Job control for a program that owns the terminal: SIGTSTP (Ctrl-Z from `kill`, or `stopNow` for
 * the key, since raw mode delivers Ctrl-Z as a key) gives the terminal back before the process
 * stops; SIGCONT (`fg`, or a SIGSTOP/SIGCONT pair from outside) takes it again and redraws.
 */
export function jobControl(hooks: {readonly suspend: () => void; readonly resume: () => void}): JobControl {
	// Set while we stop ourselves: the SIGCONT that follows is ours, and `stopNow` already resumed.
	let selfStopped = false;
	const onTstp = () => stopNow();
	const onCont = () => {
		if (selfStopped) {
			selfStopped = false;
			return;
		}
		hooks.resume();
	};
	function stopNow(): void {
		hooks.suspend();
		selfStopped = true;
		// With our handler gone, SIGTSTP takes its default action: the process stops inside kill() and
		// goes on from here when continued. (In an orphaned process group the kernel ignores it: no stop.)
		process.off('SIGTSTP', onTstp);
		try {
			process.kill(process.pid, 'SIGTSTP');
		} finally {
			process.on('SIGTSTP', onTstp);
		}
		hooks.resume();
	}
	process.on('SIGTSTP', onTstp);
	process.on('SIGCONT', onCont);
	return {
		stopNow,
		dispose: () => {
			process.off('SIGTSTP', onTstp);
			process.off('SIGCONT', onCont);
		},
	};
}
