import {watch, type FSWatcher} from 'node:fs';

/**
 * A low-latency hint that something in a directory changed: node's fs.watch on the directory
 * (inotify on Linux), reporting the name of the entry. It is only a hint: the stat poll and the
 * re-locate keep everything correct without it, so any watch error just ends the hint (`alive`
 * turns false and the owner may arm a new one later, e.g. once a missing directory appears).
 *
 * Why not chokidar here: on a log written 100 times a second, chokidar's directory watch
 * re-reads the directory on every event (8% of a core measured; fs.watch 0.6%, bench/RESULTS.md),
 * and its 50 ms leading-edge throttle drops the tail of a burst. Raw events have neither problem.
 */
export class DirHint {
	private watcher: FSWatcher | null = null;

	constructor(dir: string, onEntry: (name: string | null) => void) {
		try {
			this.watcher = watch(dir, {persistent: true}, (_event, name) => onEntry(typeof name === 'string' ? name : null));
			this.watcher.on('error', () => this.close());
		} catch {
			this.watcher = null;
		}
	}

	get alive(): boolean {
		return this.watcher !== null;
	}

	close(): void {
		this.watcher?.close();
		this.watcher = null;
	}
}
