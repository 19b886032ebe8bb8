import type {JsonValue} from '../json.js';
import {compareCodePoints} from '../order.js';
import {ShapeError, mapOf, nullable, optional, readBool, readI64, readObject, readString, readU32, required, type Reader} from './json-shape.js';
import {readBinding} from './parse-continuations.js';
import type {Backoffs, HealthScore, StateFile, UsageSnapshot, UsageSnapshots, WindowStatus, Scores} from './types.js';

const PROVIDER_KINDS: ReadonlySet<string> = new Set(['openai', 'gemini', 'anthropic', 'copilot', 'kiro', 'agy']);

// The provider's own fields are not specified beyond their names (§3.1), so only the tag is checked.
const readProvider: Reader<null> = (value, path) => {
	const kind = required(readObject(value, path), 'provider_kind', path, readString);
	if (!PROVIDER_KINDS.has(kind)) throw new ShapeError(`${path}.provider_kind ${JSON.stringify(kind)} is not a known provider`);
	return null;
};

const readProfileEntry: Reader<null> = (value, path) => {
	const object = readObject(value, path);
	required(object, 'codex_home', path, readString);
	required(object, 'managed', path, readBool);
	optional(object, 'email', path, nullable(readString), null);
	optional(object, 'provider', path, readProvider, null);
	return null;
};

/** `state.json` (§3.1): validates the whole shape, keeps the profile names in code point order. */
export function parseStateFile(value: JsonValue): StateFile {
	const object = readObject(value, '');
	const schema = optional(object, 'schema_version', '', readU32, 0);
	if (schema !== 0 && schema !== 1) throw new ShapeError(`schema_version ${schema} is not supported (only 0 or 1)`);
	const activeProfile = optional(object, 'active_profile', '', nullable(readString), null);
	const profiles = optional(object, 'profiles', '', mapOf(readProfileEntry), new Map<string, null>());
	const lastRun = optional(object, 'last_run_selected_at', '', mapOf(readI64), new Map());
	const responseBindings = optional(object, 'response_profile_bindings', '', mapOf(readBinding), new Map());
	const sessionBindings = optional(object, 'session_profile_bindings', '', mapOf(readBinding), new Map());
	return {profileNames: [...profiles.keys()].sort(compareCodePoints), activeProfile, lastRunSelectedProfiles: lastRun.size, responseBindings, sessionBindings};
}

// Backoff maps default to {} when missing and also when explicitly null (§3.2).
const readEpochMap: Reader<Map<string, bigint>> = (value, path) => (value.kind === 'null' ? new Map() : mapOf(readI64)(value, path));

/** The `runtime-backoffs.json` payload (§3.2). */
export function parseBackoffs(value: JsonValue, path: string): Backoffs {
	const object = readObject(value, path);
	return {
		retry: optional(object, 'retry_backoff_until', path, readEpochMap, new Map()),
		transport: optional(object, 'transport_backoff_until', path, readEpochMap, new Map()),
		circuits: optional(object, 'route_circuit_open_until', path, readEpochMap, new Map()),
		updatedAt: optional(object, 'updated_at', path, readEpochMap, new Map()),
	};
}

const readScore: Reader<HealthScore> = (value, path) => {
	const object = readObject(value, path);
	return {score: required(object, 'score', path, readU32), updatedAt: required(object, 'updated_at', path, readI64)};
};

/** The `runtime-scores.json` payload (§3.3): key → `{score, updated_at}`, both required. */
export function parseScores(value: JsonValue, path: string): Scores {
	return mapOf(readScore)(value, path);
}

const WINDOW_STATUSES: ReadonlySet<string> = new Set(['Ready', 'Thin', 'Critical', 'Exhausted', 'Unknown']);

const readWindowStatus: Reader<WindowStatus> = (value, path) => {
	const text = readString(value, path);
	if (!WINDOW_STATUSES.has(text)) throw new ShapeError(`${path} is not Ready, Thin, Critical, Exhausted or Unknown`);
	return text as WindowStatus;
};

const readSnapshot: Reader<UsageSnapshot> = (value, path) => {
	const object = readObject(value, path);
	return {
		checkedAt: required(object, 'checked_at', path, readI64),
		planType: optional(object, 'plan_type', path, nullable(readString), null),
		fiveHourStatus: required(object, 'five_hour_status', path, readWindowStatus),
		fiveHourRemainingPercent: required(object, 'five_hour_remaining_percent', path, readI64),
		fiveHourResetAt: required(object, 'five_hour_reset_at', path, readI64),
		weeklyStatus: required(object, 'weekly_status', path, readWindowStatus),
		weeklyRemainingPercent: required(object, 'weekly_remaining_percent', path, readI64),
		weeklyResetAt: required(object, 'weekly_reset_at', path, readI64),
	};
};

/** The `runtime-usage-snapshots.json` payload (§3.4): profile → snapshot. */
export function parseUsageSnapshots(value: JsonValue, path: string): UsageSnapshots {
	return mapOf(readSnapshot)(value, path);
}
