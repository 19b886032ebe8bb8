/**
 * The diagnosis shown before the current one, and since when the current one holds, per run.
 * Until a run's existing content has been read nothing counts as a change: a dashboard started
 * on an old log does not announce every diagnosis its backlog passed through.
 *
 * Pure TypeScript: times come in as arguments.
 */
export type TrailView = {readonly previous: string | null; readonly since: number; readonly changes: readonly DiagnosisChange[]};

/** One change of the diagnosis: when, from what, to what. */
export type DiagnosisChange = {readonly at: number; readonly from: string; readonly to: string};

/** Changes kept per run (the newest). */
export const MAX_CHANGES = 100;

export class DiagnosisTrail {
	private previous: string | null = null;
	private since = 0;
	private runId: number | null = null;
	private last: string | null = null;
	private changes: readonly DiagnosisChange[] = [];

	/** The diagnosis just worked out for run `runId` at `nowMs`; returns the trail to show with it. */
	observe(runId: number | null, diagnosis: string, caughtUp: boolean, nowMs: number): TrailView {
		if (runId !== this.runId || !caughtUp) {
			this.previous = null;
			this.since = nowMs;
			this.runId = runId;
			this.changes = [];
		} else if (this.last !== null && this.last !== diagnosis) {
			this.previous = this.last;
			this.since = nowMs;
			this.changes = [...this.changes, {at: nowMs, from: this.last, to: diagnosis}].slice(-MAX_CHANGES);
		}
		this.last = diagnosis;
		return {previous: this.previous, since: this.since, changes: this.changes};
	}
}
