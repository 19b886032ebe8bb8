import type {BacklogKey} from './rules/types.js';

/** A pressure level's value, as the doctor prints it. */
export type SelectionLevel = 'elevated' | 'low';
export type PersistenceLevel = 'elevated' | 'active' | 'low';
export type QuotaFreshnessLevel = 'stale_risk' | 'active' | 'low';

/**
 * The doctor summary in prodex's `--json` names (docs/output.md §4.1, the 35 required keys).
 * Maps keep JSON object semantics; u64 values are bigints so they print exactly.
 */
export type DoctorReport = {
	readonly log_path: string | null;
	readonly pointer_exists: boolean;
	readonly log_exists: boolean;
	readonly line_count: number;
	readonly first_timestamp: string | null;
	readonly last_timestamp: string | null;
	readonly marker_counts: ReadonlyMap<string, number>;
	readonly facet_counts: ReadonlyMap<string, ReadonlyMap<string, number>>;
	readonly marker_last_fields: ReadonlyMap<string, ReadonlyMap<string, string>>;
	readonly previous_response_not_found_by_route: ReadonlyMap<string, number>;
	readonly previous_response_not_found_by_transport: ReadonlyMap<string, number>;
	readonly last_marker_line: string | null;
	readonly compat_warning_count: number;
	readonly top_client_family: string | null;
	readonly top_client: string | null;
	readonly top_tool_surface: string | null;
	readonly top_compat_warning: string | null;
	readonly selection_pressure: SelectionLevel;
	readonly transport_pressure: SelectionLevel;
	readonly persistence_pressure: PersistenceLevel;
	readonly quota_freshness_pressure: QuotaFreshnessLevel;
	readonly startup_audit_pressure: SelectionLevel;
	readonly failure_class_counts: ReadonlyMap<string, number>;
	readonly degraded_routes: readonly string[];
	readonly orphan_managed_dirs: readonly string[];
	readonly stale_persisted_usage_snapshots: number;
	readonly persisted_dead_continuations: number;
	readonly suspect_continuation_bindings: readonly string[];
	readonly diagnosis: string;
} & {readonly [K in BacklogKey]: bigint | null};
