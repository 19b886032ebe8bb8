import {useStdout} from 'ink';
import {useEffect, useRef, useState} from 'react';

/** Columns × rows of the terminal, following resizes; `fixed` overrides (tests). */
export function useTerminalSize(fixed?: {readonly columns: number; readonly rows: number}): {columns: number; rows: number} {
	const {stdout} = useStdout();
	const read = () => fixed ?? {columns: stdout.columns || 80, rows: stdout.rows || 24};
	const [size, setSize] = useState(read);
	useEffect(() => {
		if (fixed !== undefined) return;
		const onResize = () => setSize(read());
		stdout.on('resize', onResize);
		return () => {
			stdout.off('resize', onResize);
		};
	}, [stdout, fixed]);
	return fixed ?? size;
}

/**
 * "Now" for relative times, refreshed every `everyMs`: coarse on purpose, so an idle dashboard
 * redraws at most every few seconds (and not at all when the text does not change).
 */
export function useCoarseNow(now: () => number, everyMs: number, changes: (time: number) => boolean = () => true): number {
	const [time, setTime] = useState(now);
	const latestChanges = useRef(changes);
	latestChanges.current = changes;
	useEffect(() => {
		const timer = setInterval(() => {
			const next = now();
			// An idle screen whose relative times would read the same is not drawn again.
			if (latestChanges.current(next)) setTime(next);
		}, everyMs);
		return () => clearInterval(timer);
	}, [now, everyMs]);
	return time;
}

/**
 * A store's `subscribe`, coalesced for drawing: the first change after a quiet spell is passed on
 * at once, later ones at most every `ms` (the last one always arrives). Keys still draw at once;
 * only data-driven frames are paced, so a busy log costs a few frames a second, not one per batch.
 */
export function paced(subscribe: (listener: () => void) => () => void, ms: number): (listener: () => void) => () => void {
	return listener => {
		let last = Number.NEGATIVE_INFINITY;
		let timer: ReturnType<typeof setTimeout> | null = null;
		const fire = () => {
			timer = null;
			last = Date.now();
			listener();
		};
		const unsubscribe = subscribe(() => {
			if (timer !== null) return;
			const wait = last + ms - Date.now();
			if (wait <= 0) fire();
			else timer = setTimeout(fire, wait);
		});
		return () => {
			unsubscribe();
			if (timer !== null) clearTimeout(timer);
		};
	};
}
