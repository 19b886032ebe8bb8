/**
 * Beyond the doctor: the five pressure levels over the last hour, per 10-second bucket (the
 * rate ring's buckets), for the Pressure panel's strips. Fed the levels of every finalized
 * summary (with the time of the snapshot), it keeps per bucket the highest level seen in it and
 * the last; a bucket with no summary in it holds the last level before it (a level stands until
 * it changes), and before the first summary there is no data. At most RATE_BUCKETS buckets.
 *
 * Pure TypeScript: times come in as arguments.
 */
import type {PressureKey} from './finalize.js';
import {RATE_BUCKET_MS, RATE_BUCKETS} from './rates.js';

/** The five pressures, in the doctor's order. */
export const PRESSURE_KEYS: readonly PressureKey[] = ['selection_pressure', 'transport_pressure', 'persistence_pressure', 'quota_freshness_pressure', 'startup_audit_pressure'];

export type PressureLevels = Readonly<Record<PressureKey, string>>;

/** One bucket: the highest level of each pressure in it, and each level at its end. */
export type PressureBucket = {readonly worst: PressureLevels; readonly last: PressureLevels};

/** The history as drawn from: buckets by index (`floor(ms / RATE_BUCKET_MS)`), and the last level of the newest bucket dropped (for the buckets after it). */
export type PressureTrack = {readonly buckets: ReadonlyMap<number, PressureBucket>; readonly before: PressureLevels | null};

export const EMPTY_PRESSURE_TRACK: PressureTrack = {buckets: new Map(), before: null};

/** How high a level is: low < active < elevated and stale_risk; anything else (unknown) lowest. */
export function severity(level: string): number {
	if (level === 'elevated' || level === 'stale_risk') return 3;
	if (level === 'active') return 2;
	if (level === 'low') return 1;
	return 0;
}

const higher = (a: PressureLevels, b: PressureLevels): PressureLevels => {
	const out = {} as Record<PressureKey, string>;
	for (const key of PRESSURE_KEYS) out[key] = severity(b[key]) > severity(a[key]) ? b[key] : a[key];
	return out;
};

const levelsOf = (report: PressureLevels): PressureLevels => {
	const out = {} as Record<PressureKey, string>;
	for (const key of PRESSURE_KEYS) out[key] = report[key];
	return out;
};

export class PressureHistory {
	private readonly buckets = new Map<number, PressureBucket>();
	private before: PressureLevels | null = null;
	private newest = Number.NEGATIVE_INFINITY;
	private track: PressureTrack = EMPTY_PRESSURE_TRACK;

	/** The levels shown at `atMs` (a finalized report: its five pressure fields are read). */
	observe(report: PressureLevels, atMs: number): void {
		const index = Math.floor(atMs / RATE_BUCKET_MS);
		// A clock that stepped back: the sample counts in the newest bucket.
		const at = Math.max(index, this.newest);
		this.newest = at;
		const levels = levelsOf(report);
		const bucket = this.buckets.get(at);
		const next = bucket === undefined ? {worst: levels, last: levels} : {worst: higher(bucket.worst, levels), last: levels};
		if (bucket !== undefined && PRESSURE_KEYS.every(key => bucket.worst[key] === next.worst[key] && bucket.last[key] === next.last[key])) return;
		this.buckets.set(at, next);
		for (const [old, kept] of this.buckets) {
			if (old > at - RATE_BUCKETS) continue;
			this.buckets.delete(old);
			this.before = kept.last;
		}
		this.track = {buckets: new Map(this.buckets), before: this.before};
	}

	/** An immutable copy (the same object while nothing changed). */
	view(): PressureTrack {
		return this.track;
	}
}

/**
 * One pressure's level in each of the `count` buckets ending with the one that holds `nowMs`
 * (oldest first, at most RATE_BUCKETS): the highest level seen in a bucket, the level held
 * from before for a bucket without a summary, null before the first.
 */
export function pressureStrip(track: PressureTrack, key: PressureKey, nowMs: number, count: number): Array<string | null> {
	const last = Math.floor(nowMs / RATE_BUCKET_MS);
	const n = Math.max(0, Math.min(count, RATE_BUCKETS));
	const first = last - n + 1;
	// The level held when the strip starts: the last one of the newest bucket before it.
	let held: string | null = track.before?.[key] ?? null;
	let heldAt = Number.NEGATIVE_INFINITY;
	for (const [index, bucket] of track.buckets) {
		if (index < first && index > heldAt) {
			heldAt = index;
			held = bucket.last[key];
		}
	}
	const out: Array<string | null> = [];
	for (let index = first; index <= last; index++) {
		const bucket = track.buckets.get(index);
		if (bucket === undefined) {
			out.push(held);
			continue;
		}
		out.push(bucket.worst[key]);
		held = bucket.last[key];
	}
	return out;
}
