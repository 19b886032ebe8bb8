import {EventEmitter} from 'node:events';
import process from 'node:process';

/** What the dashboard's drawing sees of the terminal, and what run-dashboard controls of it. */
export type DashboardStdout = {
	/** The stream to give Ink: the terminal's, with paced `resize` events and a write gate. */
	readonly stream: NodeJS.WriteStream;
	/** Drop frames (the dashboard is suspended, or the terminal is being restored). */
	hold(): void;
	/** Draw again (if held), and redraw the whole screen now at the terminal's current size (after `fg`). */
	redraw(): void;
	/** Drop frames for good: the terminal is restored, or gone. */
	close(): void;
	/** `resize` events from the terminal, those passed on, and the shortest time between two passed on (test probes). */
	readonly counts: {readonly resizes: number; readonly passed: number; readonly minGapMs: number | null};
	/** Stop listening to the terminal. */
	dispose(): void;
};

/** A terminal's size now: asked of the terminal when it can tell (a stopped process misses SIGWINCH), else the stream's. */
function sizeOf(target: NodeJS.WriteStream): {columns: number; rows: number} {
	try {
		const [columns, rows] = target.getWindowSize?.() ?? [];
		if (columns !== undefined && rows !== undefined && columns > 0 && rows > 0) return {columns, rows};
	} catch {
		// Not a terminal any more (hung up): the last size known.
	}
	return {columns: target.columns, rows: target.rows};
}

/**
 * The terminal as the dashboard draws on it. A resize storm (a window dragged, tmux resizing 50
 * times) passes on at most one `resize` per `frameMs` (the first at once, the last size always
 * arrives), and `columns`/`rows` change only when it does, so Ink and the frame builder agree on
 * the size and each size costs at most one frame. Writes go to the terminal unless held (while
 * suspended with Ctrl-Z, or when the terminal is restored on exit: nothing may draw a frame on
 * the normal screen); a held write still calls its callback. `now` is the clock (tests).
 */
export function dashboardStdout(target: NodeJS.WriteStream, frameMs: number, now: () => number = Date.now): DashboardStdout {
	const events = new EventEmitter();
	let size = sizeOf(target);
	let state: 'open' | 'held' | 'closed' = 'open';
	let last = Number.NEGATIVE_INFINITY;
	let timer: ReturnType<typeof setTimeout> | null = null;
	const counts: {resizes: number; passed: number; minGapMs: number | null} = {resizes: 0, passed: 0, minGapMs: null};

	const pass = () => {
		timer = null;
		const time = now();
		if (counts.passed > 0) counts.minGapMs = Math.min(counts.minGapMs ?? Number.POSITIVE_INFINITY, time - last);
		last = time;
		size = sizeOf(target);
		counts.passed++;
		events.emit('resize');
	};
	const onResize = () => {
		counts.resizes++;
		if (timer !== null || state !== 'open') return;
		const wait = last + frameMs - now();
		if (wait <= 0) pass();
		else timer = setTimeout(pass, wait);
	};
	target.on('resize', onResize);

	const write = (chunk: unknown, encoding?: unknown, callback?: unknown): boolean => {
		if (state === 'open') return (target.write as (...args: unknown[]) => boolean)(chunk, encoding, callback);
		const done = typeof encoding === 'function' ? encoding : callback;
		if (typeof done === 'function') process.nextTick(done as () => void);
		return true;
	};
	const resizeListeners = (method: 'on' | 'off' | 'once' | 'addListener' | 'removeListener' | 'prependListener') => (event: string | symbol, listener: (...args: unknown[]) => void) => {
		if (event === 'resize') events[method](event, listener);
		else (target[method] as (name: string | symbol, fn: (...args: unknown[]) => void) => unknown).call(target, event, listener);
		return stream;
	};
	const bound = new Map<PropertyKey, unknown>();
	const stream = new Proxy(target, {
		get(object, property) {
			switch (property) {
				case 'columns': return size.columns;
				case 'rows': return size.rows;
				case 'write': return write;
				case 'on':
				case 'off':
				case 'once':
				case 'addListener':
				case 'removeListener':
				case 'prependListener': return resizeListeners(property);
				default: {
					const value: unknown = Reflect.get(object, property, object);
					if (typeof value !== 'function') return value;
					let fn = bound.get(property);
					if (fn === undefined) {
						fn = (value as (...args: unknown[]) => unknown).bind(object);
						bound.set(property, fn);
					}
					return fn;
				}
			}
		},
	});

	return {
		stream,
		counts,
		hold: () => {
			if (state === 'open') state = 'held';
		},
		redraw: () => {
			if (state === 'closed') return;
			state = 'open';
			if (timer !== null) clearTimeout(timer);
			pass();
		},
		close: () => {
			state = 'closed';
			if (timer !== null) clearTimeout(timer);
			timer = null;
		},
		dispose: () => {
			target.off('resize', onResize);
			if (timer !== null) clearTimeout(timer);
			timer = null;
		},
	};
}
