/**
 * Run-level counters for the exporter's `*_total` metrics (docs/metrics.md §2): lines per catalog
 * marker over the whole run, and, only when asked for (`--metrics-labels profile`), marker lines
 * per `profile=` value. Unlike the windows they never slide and never follow a baseline reset;
 * a new proxy run starts a new Run and with it new counters at 0.
 *
 * Pure TypeScript.
 */
import type {ParsedLine} from './line.js';

/** Most distinct profile values counted under their own name in a run; the rest count as OTHER_PROFILE. */
export const MAX_PROFILE_VALUES = 100;
/** Longest profile value counted under its own name (a label value must stay small). */
export const MAX_PROFILE_CHARS = 128;
export const OTHER_PROFILE = '(other)';

/** What a snapshot carries of the counters (copies: snapshots are immutable). */
export type RunCounts = {
	/** Lines per marker (only markers seen; a catalog marker never seen is 0). */
	readonly markers: ReadonlyMap<string, number>;
	/** Marker lines per profile value, or null when profiles are not counted. */
	readonly profiles: ReadonlyMap<string, number> | null;
};

export const NO_RUN_COUNTS: RunCounts = {markers: new Map(), profiles: null};

export class RunCounters {
	private readonly markers = new Map<string, number>();
	private readonly profiles: Map<string, number> | null;
	private named = 0;

	constructor(countProfiles: boolean) {
		this.profiles = countProfiles ? new Map() : null;
	}

	/** Count one parsed line (lines without a marker count in neither table). */
	add(line: ParsedLine): void {
		if (line.marker === null) return;
		this.markers.set(line.marker, (this.markers.get(line.marker) ?? 0) + 1);
		const profiles = this.profiles;
		if (profiles === null) return;
		const value = line.fields.get('profile');
		if (value === undefined) return;
		// The first MAX_PROFILE_VALUES values seen keep their name for the whole run (a counter must not move between labels).
		let key = OTHER_PROFILE;
		if (value !== OTHER_PROFILE && profiles.has(value)) key = value;
		else if (value !== OTHER_PROFILE && this.named < MAX_PROFILE_VALUES && value.length <= MAX_PROFILE_CHARS) {
			key = value;
			this.named++;
		}
		profiles.set(key, (profiles.get(key) ?? 0) + 1);
	}

	view(): RunCounts {
		return {markers: new Map(this.markers), profiles: this.profiles === null ? null : new Map(this.profiles)};
	}
}
