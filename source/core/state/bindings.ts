/**
 * `binding_state` (docs/state-files.md; prodex's `state_summary/bindings.rs`): per source — the
 * state file, the continuations store, the journal, and the two merged — how many bindings of each
 * kind, which profiles own them (most first), the bindings whose profile is unknown (with up to 8
 * samples) and the oldest and newest binding times. Pure.
 */
import {compareCodePoints} from '../order.js';
import type {Binding, ContinuationStore, StateFile} from './types.js';

const SAMPLES = 8;
const KINDS = [['response', 'response_bindings'], ['session', 'session_bindings'], ['turn_state', 'turn_state_bindings'], ['session_id', 'session_id_bindings']] as const;
type KindField = (typeof KINDS)[number][1];

export type BindingProfileSummary = {readonly profile: string; readonly total_bindings: number} & Readonly<Record<KindField, number>>;
export type BindingSourceSummary = Readonly<Record<KindField, number>> & {
	readonly total_bindings: number;
	readonly profile_count: number;
	readonly profiles: readonly BindingProfileSummary[];
	readonly missing_profile_bindings: number;
	readonly missing_profile_binding_samples: readonly string[];
	readonly oldest_bound_at: bigint | null;
	readonly newest_bound_at: bigint | null;
};
export type BindingState = {
	readonly active_profile: string | null;
	readonly profile_count: number;
	readonly last_run_selected_profiles: number;
	readonly state: BindingSourceSummary;
	readonly runtime_continuations: BindingSourceSummary;
	readonly continuation_journal: BindingSourceSummary;
	readonly merged_continuations: BindingSourceSummary;
};

type Source = Readonly<Record<(typeof KINDS)[number][0], ReadonlyMap<string, Binding>>>;
const NONE: ReadonlyMap<string, Binding> = new Map();

function sourceSummary(source: Source, known: ReadonlySet<string>): BindingSourceSummary {
	const counts = Object.fromEntries(KINDS.map(([kind, field]) => [field, source[kind].size])) as Record<KindField, number>;
	const perProfile = new Map<string, Record<KindField | 'total_bindings', number>>();
	let oldest: bigint | null = null;
	let newest: bigint | null = null;
	let missing = 0;
	const samples: string[] = [];
	for (const [kind, field] of KINDS) {
		for (const key of [...source[kind].keys()].sort(compareCodePoints)) {
			const binding = source[kind].get(key)!;
			oldest = oldest === null || binding.boundAt < oldest ? binding.boundAt : oldest;
			newest = newest === null || binding.boundAt > newest ? binding.boundAt : newest;
			if (!known.has(binding.profileName)) {
				missing++;
				if (samples.length < SAMPLES) samples.push(`${kind}:${key}->${binding.profileName}`);
			}
			let entry = perProfile.get(binding.profileName);
			if (entry === undefined) {
				entry = {response_bindings: 0, session_bindings: 0, turn_state_bindings: 0, session_id_bindings: 0, total_bindings: 0};
				perProfile.set(binding.profileName, entry);
			}
			entry[field]++;
			entry.total_bindings++;
		}
	}
	const profiles = [...perProfile].map(([profile, entry]) => ({profile, ...entry})).sort((a, b) => b.total_bindings - a.total_bindings || compareCodePoints(a.profile, b.profile));
	return {
		...counts,
		total_bindings: KINDS.reduce((sum, [kind]) => sum + source[kind].size, 0),
		profile_count: profiles.length,
		profiles,
		missing_profile_bindings: missing,
		missing_profile_binding_samples: samples,
		oldest_bound_at: oldest,
		newest_bound_at: newest,
	};
}

const ofStore = (store: ContinuationStore): Source => ({response: store.responseBindings, session: store.sessionBindings, turn_state: store.turnStateBindings, session_id: store.sessionIdBindings});

export function bindingState(state: StateFile, store: ContinuationStore, journal: ContinuationStore, merged: ContinuationStore): BindingState {
	const known = new Set(state.profileNames);
	return {
		active_profile: state.activeProfile,
		profile_count: state.profileNames.length,
		last_run_selected_profiles: state.lastRunSelectedProfiles,
		state: sourceSummary({response: state.responseBindings, session: state.sessionBindings, turn_state: NONE, session_id: NONE}, known),
		runtime_continuations: sourceSummary(ofStore(store), known),
		continuation_journal: sourceSummary(ofStore(journal), known),
		merged_continuations: sourceSummary(ofStore(merged), known),
	};
}

/** `persisted_turn_state_coverage_percent`: merged turn-state bindings per external response binding, in percent (at most 100), or null without any. */
export function turnStateCoverage(merged: ContinuationStore, isExternalResponse: (key: string) => boolean): number | null {
	const responses = [...merged.responseBindings.keys()].filter(isExternalResponse).length;
	return responses === 0 ? null : Math.min(100, Math.floor((merged.turnStateBindings.size * 100) / responses));
}
