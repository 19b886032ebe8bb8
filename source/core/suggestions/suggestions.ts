import type {JsonOut} from '../json-out.js';
import type {TuningSnapshot} from './tuning.js';

/**
 * `--suggest-policy`: `policy.toml` snippets from the sampled markers (docs/policy.md §4), as
 * prodex's `runtime_doctor_policy_suggestions` makes them. Each rule is one row of SUGGESTION_RULES.
 */
export type SettingSuggestion = {
	readonly section: 'runtime_proxy';
	readonly key: string;
	readonly currentValue: number;
	readonly suggestedValue: number;
	readonly rationale: string;
};

export type PolicySuggestion = {
	readonly id: string;
	readonly title: string;
	readonly severity: 'low' | 'medium';
	readonly reason: string;
	readonly markers: readonly string[];
	readonly settings: readonly SettingSuggestion[];
	readonly snippet: string;
};

/** What the rules read of the summary. */
export type SuggestionInput = {
	readonly markerCounts: ReadonlyMap<string, number>;
	readonly markerLastFields: ReadonlyMap<string, ReadonlyMap<string, string>>;
};

const count = (input: SuggestionInput, marker: string) => input.markerCounts.get(marker) ?? 0;
const field = (input: SuggestionInput, marker: string, key: string) => input.markerLastFields.get(marker)?.get(key);

/** Rust's `str::parse::<usize>()`: digits with an optional `+`, nothing else. */
function usizeField(input: SuggestionInput, marker: string, key: string): number | undefined {
	const text = field(input, marker, key);
	return text !== undefined && /^\+?\d+$/.test(text) ? Number(text.replace('+', '')) : undefined;
}

/** ×1.5 rounded up, at least +1 and at least 1. */
export const scaledUp = (value: number) => Math.max(value + Math.floor((value + 1) / 2), value + 1, 1);
/** ×0.75 rounded up. */
export const scaledDown = (value: number) => Math.floor((value * 3 + 3) / 4);

const setting = (key: string, currentValue: number, suggestedValue: number, rationale: string): SettingSuggestion => ({
	section: 'runtime_proxy',
	key,
	currentValue,
	suggestedValue: Math.max(suggestedValue, 1),
	rationale,
});

function suggestion(id: string, title: string, severity: 'low' | 'medium', reason: string, markers: readonly string[], settings: readonly SettingSuggestion[]): PolicySuggestion {
	const snippet = ['[runtime_proxy]', ...settings.map(s => `${s.key} = ${s.suggestedValue}`)].join('\n');
	return {id, title, severity, reason, markers, settings, snippet};
}

type Rule = (input: SuggestionInput, tuning: TuningSnapshot) => PolicySuggestion | null;

const LANE_KEYS = {
	responses: 'responses_active_limit',
	compact: 'compact_active_limit',
	websocket: 'websocket_active_limit',
	standard: 'standard_active_limit',
} as const;

const lanePressure: Rule = (input, tuning) => {
	const marker = 'runtime_proxy_lane_limit_reached';
	const n = count(input, marker);
	if (n === 0) return null;
	const lane = field(input, marker, 'lane') ?? 'responses';
	if (!Object.hasOwn(LANE_KEYS, lane)) return null;
	const laneName = lane as keyof typeof LANE_KEYS;
	const current = tuning.laneLimits[laneName];
	const active = usizeField(input, marker, 'active') ?? current;
	const limit = usizeField(input, marker, 'limit') ?? current;
	const target = scaledUp(Math.max(current, limit, active + 1));
	const settings = [setting(LANE_KEYS[laneName], current, target, `raise the ${lane} lane cap after repeated lane-limit markers`)];
	if (target >= tuning.activeRequestLimit) {
		settings.push(setting('active_request_limit', tuning.activeRequestLimit, target + 2, 'keep the global admission cap above the suggested lane cap'));
	}
	return suggestion('lane_pressure', 'Lane pressure', 'medium', `${n} lane-limit marker(s) on lane=${lane}; apply only if host/network headroom exists`, [marker], settings);
};

const activePressure: Rule = (input, tuning) => {
	const marker = 'runtime_proxy_active_limit_reached';
	const n = count(input, marker);
	if (n === 0) return null;
	const active = usizeField(input, marker, 'active') ?? tuning.activeRequestLimit;
	const limit = usizeField(input, marker, 'limit') ?? tuning.activeRequestLimit;
	const target = scaledUp(Math.max(tuning.activeRequestLimit, limit, active + 1));
	return suggestion('active_request_pressure', 'Active request pressure', 'medium', `${n} global active-limit marker(s); raise only if local CPU/network is not saturated`, [marker], [
		setting('active_request_limit', tuning.activeRequestLimit, target, 'allow more pre-commit requests through local admission'),
	]);
};

const profileInflight: Rule = (input, tuning) => {
	const marker = 'profile_inflight_saturated';
	const n = count(input, marker);
	if (n === 0) return null;
	const profile = field(input, marker, 'profile') ?? 'unknown';
	const hard = usizeField(input, marker, 'hard_limit') ?? tuning.profileInflightHardLimit;
	const targetHard = scaledUp(Math.max(tuning.profileInflightHardLimit, hard, 1));
	const targetSoft = Math.max(Math.min(scaledUp(tuning.profileInflightSoftLimit), Math.max(targetHard - 1, 1)), 1);
	return suggestion('profile_inflight_saturation', 'Profile in-flight saturation', 'medium', `${n} per-profile in-flight saturation marker(s), latest profile=${profile}; raise only if account fan-out is intentional`, [marker], [
		setting('profile_inflight_soft_limit', tuning.profileInflightSoftLimit, targetSoft, 'delay soft load penalty until a profile has more concurrent work'),
		setting('profile_inflight_hard_limit', tuning.profileInflightHardLimit, targetHard, 'raise the fresh-selection hard cap for a busy profile'),
	]);
};

type Executor = {
	readonly id: string;
	readonly title: string;
	readonly markers: readonly string[];
	readonly keys: readonly [worker: string, queue: string, overflow: string];
	readonly current: (tuning: TuningSnapshot) => readonly [worker: number, queue: number, overflow: number];
};

/** The websocket executors: the same rule over two marker families. */
const EXECUTORS: readonly Executor[] = [
	{
		id: 'websocket_connect_overflow',
		title: 'Websocket connect overflow',
		markers: ['websocket_connect_overflow_rejected', 'websocket_connect_overflow_reject', 'websocket_connect_overflow_enqueue', 'websocket_connect_overflow_dispatch'],
		keys: ['websocket_connect_worker_count', 'websocket_connect_queue_capacity', 'websocket_connect_overflow_capacity'],
		current: t => [t.websocketConnectWorkerCount, t.websocketConnectQueueCapacity, t.websocketConnectOverflowCapacity],
	},
	{
		id: 'websocket_dns_overflow',
		title: 'Websocket DNS overflow',
		markers: ['websocket_dns_overflow_reject', 'websocket_dns_overflow_enqueue', 'websocket_dns_overflow_dispatch'],
		keys: ['websocket_dns_worker_count', 'websocket_dns_queue_capacity', 'websocket_dns_overflow_capacity'],
		current: t => [t.websocketDnsWorkerCount, t.websocketDnsQueueCapacity, t.websocketDnsOverflowCapacity],
	},
];

const executorRule = (executor: Executor): Rule => (input, tuning) => {
	const n = executor.markers.reduce((sum, marker) => sum + count(input, marker), 0);
	if (n === 0) return null;
	// prodex's "latest" is the first marker of the list that occurred, not the newest line.
	const marker = executor.markers.find(name => count(input, name) > 0)!;
	const [worker, queue, overflow] = executor.current(tuning);
	const targetWorker = scaledUp(Math.max(worker, usizeField(input, marker, 'worker_count') ?? worker));
	const targetQueue = scaledUp(Math.max(queue, usizeField(input, marker, 'queue_capacity') ?? queue, targetWorker));
	const overflowBase = Math.max(overflow, usizeField(input, marker, 'overflow_pending') ?? 0, usizeField(input, marker, 'overflow_max_pending') ?? 0, targetQueue);
	const [workerKey, queueKey, overflowKey] = executor.keys;
	return suggestion(executor.id, executor.title, 'medium', `${n} websocket executor overflow marker(s), latest=${marker}; raise only for bursty session starts`, executor.markers, [
		setting(workerKey, worker, targetWorker, 'increase bounded executor parallelism'),
		setting(queueKey, queue, targetQueue, 'increase bounded executor queue capacity'),
		setting(overflowKey, overflow, scaledUp(overflowBase), 'increase burst overflow buffering after the bounded queue fills'),
	]);
};

const persistence: Rule = (input, tuning) => {
	const state = count(input, 'state_save_queue_backpressure');
	const journal = count(input, 'continuation_journal_queue_backpressure');
	if (state + journal === 0) return null;
	const wait = Math.max(tuning.pressureAdmissionWaitBudgetMs, tuning.admissionWaitBudgetMs) + 500;
	return suggestion('persistence_backpressure', 'Persistence backpressure', 'medium', `state-save backpressure=${state}, continuation-journal backpressure=${journal}; throttle churn while queues drain`, ['state_save_queue_backpressure', 'continuation_journal_queue_backpressure'], [
		setting('compact_active_limit', tuning.laneLimits.compact, Math.max(scaledDown(tuning.laneLimits.compact), 1), 'reduce fresh compact churn that creates continuation state writes'),
		setting('standard_active_limit', tuning.laneLimits.standard, Math.max(scaledDown(tuning.laneLimits.standard), 1), 'reduce side-lane churn while persistence is behind'),
		setting('pressure_admission_wait_budget_ms', tuning.pressureAdmissionWaitBudgetMs, wait, 'let pressure-mode admission wait briefly for queues to drain'),
	]);
};

const routeHealth: Rule = (input, tuning) => {
	const marker = 'profile_health';
	const n = count(input, marker);
	if (n === 0) return null;
	const [profile, route, reason] = ['profile', 'route', 'reason'].map(key => field(input, marker, key) ?? 'unknown');
	const soft = Math.max(scaledDown(tuning.profileInflightSoftLimit), 1);
	const hard = Math.max(scaledDown(tuning.profileInflightHardLimit), soft + 1);
	return suggestion('route_scoped_profile_health', 'Route-scoped profile health', 'low', `${n} route-scoped health marker(s), latest=${profile}/${route} reason=${reason}; lower per-profile fresh pressure if this repeats`, [marker], [
		setting('profile_inflight_soft_limit', tuning.profileInflightSoftLimit, soft, 'spread fresh work away from accounts accumulating route-specific health penalties'),
		setting('profile_inflight_hard_limit', tuning.profileInflightHardLimit, hard, 'cap fresh work per profile more tightly while route health recovers'),
	]);
};

/** The rules in prodex's order (the order of the output). */
export const SUGGESTION_RULES: readonly Rule[] = [lanePressure, activePressure, profileInflight, ...EXECUTORS.map(executorRule), persistence, routeHealth];

export function policySuggestions(input: SuggestionInput, tuning: TuningSnapshot): PolicySuggestion[] {
	return SUGGESTION_RULES.map(rule => rule(input, tuning)).filter((s): s is PolicySuggestion => s !== null);
}

/** The text block prodex prints after the doctor's panels. */
export function suggestionLines(suggestions: readonly PolicySuggestion[]): string[] {
	const lines = ['Runtime Policy Suggestions'];
	if (suggestions.length === 0) return [...lines, 'No policy.toml suggestion matched the sampled runtime markers.'];
	for (const s of suggestions) lines.push(`- ${s.title}: ${s.reason}`, '  policy.toml:', ...s.snippet.split('\n').map(line => `  ${line}`));
	return lines;
}

/** `policy_suggestion_count` and `policy_suggestions` of `--json --suggest-policy`. */
export function suggestionsJson(suggestions: readonly PolicySuggestion[]): Record<string, JsonOut> {
	return {
		policy_suggestion_count: suggestions.length,
		policy_suggestions: suggestions.map(s => ({
			id: s.id,
			markers: [...s.markers],
			reason: s.reason,
			settings: s.settings.map(x => ({current_value: x.currentValue, key: x.key, rationale: x.rationale, section: x.section, suggested_value: x.suggestedValue})),
			severity: s.severity,
			snippet: s.snippet,
			title: s.title,
		})),
	};
}
