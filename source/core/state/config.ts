/**
 * The time constants and limits of prodex's state rules (docs/state-files.md §5–§6), with the
 * production values as defaults. Tests override single values (prodex's own unit tests use much
 * smaller ones, e.g. acceptance case E1 runs with health 10 s and bad pairing 5 s).
 */
export type StateConfig = {
	/** Seconds per point of `__route_health__` decay (production 60). */
	readonly healthDecaySeconds: number;
	/** Seconds per point of `__route_bad_pairing__` decay (production 180). */
	readonly badPairingDecaySeconds: number;
	/** Seconds per point of `__route_performance__` decay, `profiles[]` only (production 300). */
	readonly performanceDecaySeconds: number;
	/** A usage snapshot checked at most this long ago is usable (production 1800). */
	readonly usageSnapshotStaleGraceSeconds: number;
	/** Usage snapshots older than this are dropped at load (production 7 days). */
	readonly usageSnapshotRetentionSeconds: number;
	/** Scores (and backoff `updated_at`, in ms) older than this are dropped at load (production 14 days). */
	readonly scoreRetentionSeconds: number;
	/** A managed profile directory must be older than this to be an orphan (production 7 days). */
	readonly orphanRetentionSeconds: number;
	/** A suspect status is visible while its last not-found is younger than this (production 120). */
	readonly continuationSuspectGraceSeconds: number;
	/** A dead status without a binding is kept this long after it died (production 900). */
	readonly continuationDeadGraceSeconds: number;
	/** A not-found streak of this length makes a status terminal (production 2). */
	readonly suspectNotFoundStreakLimit: number;
	/** Confidence cap, used only to order statuses by evidence (production 8). */
	readonly continuationConfidenceMax: number;
	/** Size caps of the continuation store (production 16,384 response and 2,048 turn-state / session entries). */
	readonly responseEntryLimit: number;
	readonly turnStateEntryLimit: number;
	readonly sessionEntryLimit: number;
};

/** prodex's production values (docs/state-files.md §6). */
export const PRODUCTION_CONFIG: StateConfig = Object.freeze({
	healthDecaySeconds: 60,
	badPairingDecaySeconds: 180,
	performanceDecaySeconds: 300,
	usageSnapshotStaleGraceSeconds: 1800,
	usageSnapshotRetentionSeconds: 604_800,
	scoreRetentionSeconds: 1_209_600,
	orphanRetentionSeconds: 604_800,
	continuationSuspectGraceSeconds: 120,
	continuationDeadGraceSeconds: 900,
	suspectNotFoundStreakLimit: 2,
	continuationConfidenceMax: 8,
	responseEntryLimit: 16_384,
	turnStateEntryLimit: 2048,
	sessionEntryLimit: 2048,
});

/** The production config with some values replaced. */
export function stateConfig(overrides: Partial<StateConfig> = {}): StateConfig {
	return {...PRODUCTION_CONFIG, ...overrides};
}

/** i64 bounds: epoch values are i64 in prodex; arithmetic on them saturates like Rust's `saturating_*`. */
export const I64_MAX = 9_223_372_036_854_775_807n;
export const I64_MIN = -9_223_372_036_854_775_808n;

/** `a - b` saturated to the i64 range (Rust's `i64::saturating_sub`). */
export function saturatingSub(a: bigint, b: bigint): bigint {
	const d = a - b;
	return d > I64_MAX ? I64_MAX : d < I64_MIN ? I64_MIN : d;
}
