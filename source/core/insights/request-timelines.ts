import type {TimelinePhase} from './tables.js';

export type TimelineEvent = {readonly timestamp: string | null; readonly phase: TimelinePhase; readonly marker: string; readonly detail: string};

/**
 * Every request's newest timeline events in a window's view, least recently seen request first:
 * an immutable pair of arrays rather than a Map, because a view is taken on every publish and a
 * Map of 10,000 requests costs about 4 ms to build while two arrays cost a few hundred µs
 * (bench/RESULTS.md). Looking a request up is O(1) for the latest one (what the JSON and the rows
 * ask for) and builds an index once for any other.
 */
export class RequestTimelines {
	static readonly EMPTY = new RequestTimelines([], []);
	#index: Map<string, number> | null = null;

	constructor(
		private readonly ids: readonly string[],
		private readonly timelines: ReadonlyArray<readonly TimelineEvent[]>,
	) {}

	get size(): number {
		return this.ids.length;
	}

	get(id: string): readonly TimelineEvent[] | undefined {
		const last = this.ids.length - 1;
		if (last >= 0 && this.ids[last] === id) return this.timelines[last];
		this.#index ??= new Map(this.ids.map((each, at) => [each, at]));
		const at = this.#index.get(id);
		return at === undefined ? undefined : this.timelines[at];
	}

	/** Least recently seen first. */
	*entries(): IterableIterator<[string, readonly TimelineEvent[]]> {
		for (let at = 0; at < this.ids.length; at++) yield [this.ids[at]!, this.timelines[at]!];
	}

	/** Most recently seen first. */
	*newestFirst(): IterableIterator<[string, readonly TimelineEvent[]]> {
		for (let at = this.ids.length - 1; at >= 0; at--) yield [this.ids[at]!, this.timelines[at]!];
	}

	/**
	 * The timelines of two consecutive runs of lines, as one pass would keep them: a request seen in
	 * both has its events of both (the newest `eventLimit`) and is ordered by the later part; the
	 * least recently seen are dropped beyond `requestLimit`.
	 */
	static merge(earlier: RequestTimelines, later: RequestTimelines, eventLimit: number, requestLimit: number): RequestTimelines {
		if (later.size === 0 && earlier.size <= requestLimit) return earlier;
		const inLater = new Set(later.ids);
		const before = new Map<string, readonly TimelineEvent[]>();
		const ids: string[] = [];
		const timelines: Array<readonly TimelineEvent[]> = [];
		for (let at = 0; at < earlier.ids.length; at++) {
			const id = earlier.ids[at]!;
			if (inLater.has(id)) before.set(id, earlier.timelines[at]!);
			else {
				ids.push(id);
				timelines.push(earlier.timelines[at]!);
			}
		}
		for (let at = 0; at < later.ids.length; at++) {
			const id = later.ids[at]!;
			const prior = before.get(id);
			ids.push(id);
			timelines.push(prior === undefined ? later.timelines[at]! : [...prior, ...later.timelines[at]!].slice(-eventLimit));
		}
		const drop = Math.max(0, ids.length - requestLimit);
		return drop === 0 ? new RequestTimelines(ids, timelines) : new RequestTimelines(ids.slice(drop), timelines.slice(drop));
	}
}
