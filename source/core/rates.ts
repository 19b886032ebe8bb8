import type {ParsedLine} from './line.js';
import type {RuleSet} from './rules/types.js';

/** Width of one rate bucket. */
export const RATE_BUCKET_MS = 10_000;
/** Buckets kept: one hour. */
export const RATE_BUCKETS = 360;

/** Counts of one 10-second bucket (immutable once the bucket is in the past). */
export type RateBucket = {
	readonly markers: ReadonlyMap<string, number>;
	readonly classes: ReadonlyMap<string, number>;
};

/** The last hour of rates: `buckets[i]` covers `[startMs + i·10 s, startMs + (i+1)·10 s)`. */
export type RateSeries = {
	readonly startMs: number;
	readonly buckets: ReadonlyArray<RateBucket | undefined>;
};

type MutableBucket = {markers: Map<string, number>; classes: Map<string, number>};

const FLOOR_REASON = 'quota_critical_floor_before_send';

/**
 * Per-marker and per-failure-class counts per 10-second bucket for the last hour. A line whose
 * `reason` is the quota-floor value also counts for that marker, as the doctor's finalize does.
 */
export class RateRing {
	private readonly buckets = new Map<number, MutableBucket>();
	private readonly classOf = new Map<string, string>();
	private readonly frozen = new Map<number, RateBucket>();

	constructor(rules: RuleSet) {
		for (const {name, markers} of rules.failureClasses) for (const marker of markers) this.classOf.set(marker, name);
	}

	/** Count a marker line at `timeMs`. */
	add(line: ParsedLine, timeMs: number): void {
		if (line.marker === null) return;
		const index = Math.floor(timeMs / RATE_BUCKET_MS);
		let bucket = this.buckets.get(index);
		if (bucket === undefined) {
			bucket = {markers: new Map(), classes: new Map()};
			this.buckets.set(index, bucket);
		}
		this.frozen.delete(index);
		this.count(bucket, line.marker);
		if (line.fields.get('reason') === FLOOR_REASON) this.count(bucket, FLOOR_REASON);
	}

	private count(bucket: MutableBucket, marker: string): void {
		bucket.markers.set(marker, (bucket.markers.get(marker) ?? 0) + 1);
		const name = this.classOf.get(marker);
		if (name !== undefined) bucket.classes.set(name, (bucket.classes.get(name) ?? 0) + 1);
	}

	/** The hour ending with the bucket that holds `nowMs`; buckets older than that are dropped. */
	series(nowMs: number): RateSeries {
		const last = Math.floor(nowMs / RATE_BUCKET_MS);
		const first = last - RATE_BUCKETS + 1;
		for (const index of this.buckets.keys()) {
			if (index < first) {
				this.buckets.delete(index);
				this.frozen.delete(index);
			}
		}
		const buckets: Array<RateBucket | undefined> = [];
		for (let index = first; index <= last; index++) {
			const live = this.buckets.get(index);
			if (live === undefined) {
				buckets.push(undefined);
				continue;
			}
			// Copy a bucket once per change; unchanged buckets are shared between snapshots.
			let copy = this.frozen.get(index);
			if (copy === undefined) {
				copy = {markers: new Map(live.markers), classes: new Map(live.classes)};
				this.frozen.set(index, copy);
			}
			buckets.push(copy);
		}
		return {startMs: first * RATE_BUCKET_MS, buckets};
	}
}

/** The counts of one key over a series, oldest first (for sparklines). */
export function seriesOf(series: RateSeries, key: string, kind: 'markers' | 'classes'): number[] {
	return series.buckets.map(bucket => bucket?.[kind].get(key) ?? 0);
}
