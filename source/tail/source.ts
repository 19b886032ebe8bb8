import type {SourceFacts} from '../core/finalize.js';
import type {IncomingLine} from '../core/run.js';
import type {FollowStatus, RunInfo} from '../core/snapshot.js';
import type {PersistedState} from '../core/state/derive.js';
import type {FileChange} from './follower.js';

/**
 * What a live session reads from: the runtime log (a log dir, one file or a stream: LiveSource)
 * and prodex's persisted state (StateWatcher). The dashboard, `--json --follow` and the metrics
 * exporter open the same sources the same way (session.ts).
 */
export type LogSource = {
	/** Begin reading; returns at once. */
	start(): void;
	/** Stop reading and release files, watchers and timers. */
	stop(): Promise<void>;
};

/** Where a log source puts what it reads (the Store). */
export type LineSink = {
	/** Lines received but not applied yet: a source holds back while this is large. */
	readonly backlog: number;
	beginRun(info: Omit<RunInfo, 'id' | 'startedAt'>, facts: SourceFacts): void;
	setFacts(facts: SourceFacts): void;
	ingest(lines: readonly IncomingLine[], fileSize: number): void;
	fileChanged(kind: FileChange, unreadBytes?: number): void;
	setStatus(kind: FollowStatus['kind'], text: string): void;
	markCaughtUp(): void;
	flushNow(): void;
};

/** Where the state watcher puts what it reads (the Store). */
export type StateSink = {
	setState(state: PersistedState): void;
};
