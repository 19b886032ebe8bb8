/**
 * Beyond the doctor: when each incident of a run first appeared, when it cleared, how often it
 * came back. Fed the incident ids of every finalized summary (with the time of the snapshot),
 * it records the transitions; `changes` between two id lists is what `--json --follow` records
 * carry as `incident_changes`.
 *
 * Pure TypeScript: times come in as arguments.
 */

export type IncidentTransition = {readonly at: number; readonly kind: 'appeared' | 'cleared'};

export type IncidentTrack = {
	readonly id: string;
	readonly firstSeen: number;
	readonly active: boolean;
	/** Times it appeared (the first time included). */
	readonly appearances: number;
	/** Oldest first; the newest MAX_TRANSITIONS are kept. */
	readonly transitions: readonly IncidentTransition[];
};

export type IncidentChanges = {readonly appeared: readonly string[]; readonly cleared: readonly string[]};

const MAX_TRANSITIONS = 64;

/** Which incidents appeared and which cleared from `before` to `after` (each in `after`'s / `before`'s order). */
export function incidentChanges(before: readonly string[], after: readonly string[]): IncidentChanges {
	const was = new Set(before);
	const now = new Set(after);
	return {appeared: after.filter(id => !was.has(id)), cleared: before.filter(id => !now.has(id))};
}

export class IncidentHistory {
	private readonly tracks = new Map<string, {firstSeen: number; active: boolean; appearances: number; transitions: IncidentTransition[]}>();
	private current: readonly string[] = [];

	/** The incidents present at `at`; returns what changed since the last observation. */
	observe(ids: readonly string[], at: number): IncidentChanges {
		const changes = incidentChanges(this.current, ids);
		for (const id of changes.appeared) {
			let track = this.tracks.get(id);
			if (track === undefined) {
				track = {firstSeen: at, active: false, appearances: 0, transitions: []};
				this.tracks.set(id, track);
			}
			track.active = true;
			track.appearances++;
			this.push(track.transitions, {at, kind: 'appeared'});
		}
		for (const id of changes.cleared) {
			const track = this.tracks.get(id)!;
			track.active = false;
			this.push(track.transitions, {at, kind: 'cleared'});
		}
		this.current = [...ids];
		return changes;
	}

	private push(list: IncidentTransition[], transition: IncidentTransition): void {
		list.push(transition);
		if (list.length > MAX_TRANSITIONS) list.shift();
	}

	/** Every incident seen in the run, active ones first (in the doctor's order), then the cleared ones, most recently cleared first. */
	view(): IncidentTrack[] {
		const order = new Map(this.current.map((id, index) => [id, index]));
		const tracks = [...this.tracks].map(([id, track]): IncidentTrack => ({id, firstSeen: track.firstSeen, active: track.active, appearances: track.appearances, transitions: [...track.transitions]}));
		return tracks.sort((a, b) => {
			if (a.active !== b.active) return a.active ? -1 : 1;
			if (a.active) return order.get(a.id)! - order.get(b.id)!;
			return (b.transitions.at(-1)?.at ?? 0) - (a.transitions.at(-1)?.at ?? 0);
		});
	}
}

/**
 * Whether the incident was present in each of `buckets` equal spans ending at `endMs` (oldest
 * first): present at any moment of a span counts. For the history strip.
 */
export function presence(track: IncidentTrack, endMs: number, spanMs: number, buckets: number): boolean[] {
	const out: boolean[] = [];
	const start = endMs - spanMs;
	const size = spanMs / buckets;
	for (let i = 0; i < buckets; i++) {
		const from = start + i * size;
		const to = from + size;
		// Active at `from` (the last transition before it was an appearance), or a transition inside the span.
		let activeAtFrom = false;
		let inside = false;
		for (const transition of track.transitions) {
			if (transition.at <= from) activeAtFrom = transition.kind === 'appeared';
			else if (transition.at < to) inside = true;
		}
		out.push(activeAtFrom || inside);
	}
	return out;
}

/** The history as snapshot JSON: ids, first seen and each transition as ISO times. */
export function incidentHistoryJson(tracks: readonly IncidentTrack[]): Array<Record<string, string | number | boolean | Array<Record<string, string>>>> {
	const iso = (ms: number) => new Date(ms).toISOString();
	return tracks.map(track => ({
		id: track.id,
		active: track.active,
		first_seen: iso(track.firstSeen),
		appearances: track.appearances,
		transitions: track.transitions.map(t => ({at: iso(t.at), kind: t.kind})),
	}));
}
