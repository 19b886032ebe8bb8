import type {ProxySettings} from '../policy-settings.js';

/**
 * The runtime proxy's tuning as current prodex computes it before it starts (docs/policy.md §3):
 * defaults from the host's parallelism, then `policy.toml` `[runtime_proxy]` (or its preset),
 * then `PRODEX_RUNTIME_*` environment variables. `--suggest-policy` compares markers against it.
 */
export type TuningSnapshot = {
	readonly activeRequestLimit: number;
	readonly laneLimits: {readonly responses: number; readonly compact: number; readonly websocket: number; readonly standard: number};
	readonly admissionWaitBudgetMs: number;
	readonly pressureAdmissionWaitBudgetMs: number;
	readonly websocketConnectWorkerCount: number;
	readonly websocketConnectQueueCapacity: number;
	readonly websocketConnectOverflowCapacity: number;
	readonly websocketDnsWorkerCount: number;
	readonly websocketDnsQueueCapacity: number;
	readonly websocketDnsOverflowCapacity: number;
	readonly profileInflightSoftLimit: number;
	readonly profileInflightHardLimit: number;
};

/** The `[runtime_proxy]` keys that feed the snapshot, with their environment variable. */
export const TUNING_KEYS = {
	worker_count: 'PRODEX_RUNTIME_PROXY_WORKER_COUNT',
	long_lived_worker_count: 'PRODEX_RUNTIME_PROXY_LONG_LIVED_WORKER_COUNT',
	active_request_limit: 'PRODEX_RUNTIME_PROXY_ACTIVE_REQUEST_LIMIT',
	responses_active_limit: 'PRODEX_RUNTIME_PROXY_RESPONSES_ACTIVE_LIMIT',
	compact_active_limit: 'PRODEX_RUNTIME_PROXY_COMPACT_ACTIVE_LIMIT',
	websocket_active_limit: 'PRODEX_RUNTIME_PROXY_WEBSOCKET_ACTIVE_LIMIT',
	standard_active_limit: 'PRODEX_RUNTIME_PROXY_STANDARD_ACTIVE_LIMIT',
	admission_wait_budget_ms: 'PRODEX_RUNTIME_PROXY_ADMISSION_WAIT_BUDGET_MS',
	pressure_admission_wait_budget_ms: 'PRODEX_RUNTIME_PROXY_PRESSURE_ADMISSION_WAIT_BUDGET_MS',
	websocket_connect_worker_count: 'PRODEX_RUNTIME_WEBSOCKET_CONNECT_WORKER_COUNT',
	websocket_connect_queue_capacity: 'PRODEX_RUNTIME_WEBSOCKET_CONNECT_QUEUE_CAPACITY',
	websocket_connect_overflow_capacity: 'PRODEX_RUNTIME_WEBSOCKET_CONNECT_OVERFLOW_CAPACITY',
	websocket_dns_worker_count: 'PRODEX_RUNTIME_WEBSOCKET_DNS_WORKER_COUNT',
	websocket_dns_queue_capacity: 'PRODEX_RUNTIME_WEBSOCKET_DNS_QUEUE_CAPACITY',
	websocket_dns_overflow_capacity: 'PRODEX_RUNTIME_WEBSOCKET_DNS_OVERFLOW_CAPACITY',
	profile_inflight_soft_limit: 'PRODEX_RUNTIME_PROXY_PROFILE_INFLIGHT_SOFT_LIMIT',
	profile_inflight_hard_limit: 'PRODEX_RUNTIME_PROXY_PROFILE_INFLIGHT_HARD_LIMIT',
} as const;
export type TuningKey = keyof typeof TUNING_KEYS;
export const TUNING_KEY_SET: ReadonlySet<string> = new Set(Object.keys(TUNING_KEYS));

/** The knobs where 0 is a value (no overflow buffering). */
const ALLOW_ZERO: ReadonlySet<string> = new Set(['websocket_connect_overflow_capacity', 'websocket_dns_overflow_capacity']);

/** The environment variable that picks a preset (it wins over `[runtime_proxy] preset`). */
export const PRESET_ENV = 'PRODEX_RUNTIME_PROXY_PRESET';

type Preset = 'low' | 'default' | 'many-terminals' | 'aggressive';
type PresetValues = Partial<Record<TuningKey, number>>;

/** The presets' values for the keys above (prodex's `RuntimePolicyProxyPreset::settings`). */
export const PRESETS: Readonly<Record<Preset, PresetValues>> = {
	low: {
		worker_count: 4, long_lived_worker_count: 8, active_request_limit: 48, profile_inflight_soft_limit: 2, profile_inflight_hard_limit: 4,
		responses_active_limit: 36, compact_active_limit: 3, websocket_active_limit: 8, standard_active_limit: 2,
		websocket_connect_worker_count: 4, websocket_connect_queue_capacity: 32, websocket_connect_overflow_capacity: 64,
		websocket_dns_worker_count: 2, websocket_dns_queue_capacity: 16, websocket_dns_overflow_capacity: 32,
	},
	default: {},
	'many-terminals': {
		worker_count: 12, long_lived_worker_count: 32, active_request_limit: 160, profile_inflight_soft_limit: 4, profile_inflight_hard_limit: 8,
		responses_active_limit: 120, compact_active_limit: 8, websocket_active_limit: 32, standard_active_limit: 8,
		websocket_connect_worker_count: 12, websocket_connect_queue_capacity: 96, websocket_connect_overflow_capacity: 384,
		websocket_dns_worker_count: 6, websocket_dns_queue_capacity: 48, websocket_dns_overflow_capacity: 96,
	},
	aggressive: {
		worker_count: 24, long_lived_worker_count: 96, active_request_limit: 384, profile_inflight_soft_limit: 8, profile_inflight_hard_limit: 16,
		responses_active_limit: 288, compact_active_limit: 16, websocket_active_limit: 96, standard_active_limit: 16,
		websocket_connect_worker_count: 16, websocket_connect_queue_capacity: 128, websocket_connect_overflow_capacity: 512,
		websocket_dns_worker_count: 8, websocket_dns_queue_capacity: 64, websocket_dns_overflow_capacity: 128,
	},
};

/** prodex's preset names: trimmed, any case, `many_terminals` accepted too. */
export function parsePreset(value: string): Preset | null {
	if (value !== value.trim()) return null;
	const name = value.toLowerCase();
	if (name === 'many_terminals') return 'many-terminals';
	return name in PRESETS ? (name as Preset) : null;
}

/** Fixed defaults of prodex's build (core_constants.rs). */
const ADMISSION_WAIT_BUDGET_MS = 750;
const PRESSURE_ADMISSION_WAIT_BUDGET_MS = 200;
const PROFILE_INFLIGHT_SOFT_LIMIT = 4;
const PROFILE_INFLIGHT_HARD_LIMIT = 8;

const clamp = (value: number, low: number, high: number) => Math.min(Math.max(value, low), high);

/** What went into the snapshot: the host's parallelism, the environment and the policy. */
export type TuningInput = {
	readonly parallelism: number;
	readonly env: Readonly<Record<string, string | undefined>>;
	readonly policy: ProxySettings | null;
};

export type TuningResult = {readonly snapshot: TuningSnapshot} | {readonly errors: readonly string[]};

/**
 * The snapshot, or the configuration errors that make prodex refuse its runtime configuration
 * (then `--suggest-policy` has nothing to compare against, as in prodex).
 */
export function tuningSnapshot(input: TuningInput): TuningResult {
	const errors: string[] = [...(input.policy?.errors ?? [])];
	// prodex's policy loader refuses 0 for every knob but the overflow capacities.
	for (const [key, value] of input.policy?.values ?? []) {
		if (value === 0n && !ALLOW_ZERO.has(key)) errors.push(`runtime_proxy.${key} must be greater than 0`);
	}
	const envPresetText = input.env[PRESET_ENV];
	const envPreset = envPresetText === undefined ? null : parsePreset(envPresetText);
	const policyPreset = input.policy?.preset == null ? null : parsePreset(input.policy.preset);
	if (input.policy?.preset != null && policyPreset === null) errors.push(`runtime_proxy.preset ${JSON.stringify(input.policy.preset)} is not low, default, many-terminals or aggressive`);
	const preset = envPreset ?? policyPreset;
	const policyValue = (key: TuningKey): number | undefined => {
		const own = input.policy?.values.get(key);
		if (own !== undefined) return own > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(own);
		return preset === null ? undefined : PRESETS[preset][key];
	};
	const envText = (key: TuningKey): string | undefined => {
		const name = TUNING_KEYS[key];
		const value = input.env[name];
		if (value === undefined) return undefined;
		if (value === '') errors.push(`${name} cannot be empty`);
		else if (/\s/u.test(value)) errors.push(`${name} must not contain whitespace`);
		else return value;
		return undefined;
	};
	const parseWhole = (text: string): number | undefined => (/^\+?\d+$/.test(text) ? Math.min(Number(text.replace('+', '')), Number.MAX_SAFE_INTEGER) : undefined);
	// prodex's `positive_u64`: the environment wins when it is a positive integer; 0 or junk is an error.
	const positive = (key: TuningKey, fallback: number): number => {
		const fromPolicy = policyValue(key);
		const otherwise = fromPolicy !== undefined && fromPolicy > 0 ? fromPolicy : fallback;
		const text = envText(key);
		if (text === undefined) return otherwise;
		const value = parseWhole(text);
		if (value === undefined) errors.push(`${TUNING_KEYS[key]} must be a positive integer`);
		else if (value === 0) errors.push(`${TUNING_KEYS[key]} must be greater than zero`);
		else return value;
		return otherwise;
	};
	// prodex's `usize_allow_zero` (the overflow capacities): 0 is a value.
	const allowZero = (key: TuningKey, fallback: number): number => {
		const text = envText(key);
		if (text === undefined) return policyValue(key) ?? fallback;
		const value = parseWhole(text);
		if (value === undefined) {
			errors.push(`${TUNING_KEYS[key]} must be an unsigned integer`);
			return policyValue(key) ?? fallback;
		}
		return value;
	};
	const given = (key: TuningKey) => input.env[TUNING_KEYS[key]] !== undefined || policyValue(key) !== undefined;

	const parallelism = Math.max(1, input.parallelism);
	const workerCount = clamp(positive('worker_count', clamp(parallelism, 4, 12)), 1, 64);
	const longLived = clamp(positive('long_lived_worker_count', clamp(parallelism * 2, 8, 24)), 1, 256);
	const activeRequestLimit = Math.max(1, positive('active_request_limit', clamp(workerCount + longLived * 3, 64, 512)));
	// Lane limits: an override counts when it is set (env or policy) and positive; else the default share.
	const lane = (key: TuningKey, fallback: () => number): number => {
		const value = positive(key, 1);
		const chosen = given(key) && value > 0 ? value : fallback();
		return Math.max(1, Math.min(chosen, activeRequestLimit));
	};
	const laneLimits = {
		responses: lane('responses_active_limit', () => clamp(Math.floor((activeRequestLimit * 3) / 4), 4, activeRequestLimit)),
		compact: lane('compact_active_limit', () => Math.min(clamp(Math.floor(activeRequestLimit / 4), 2, 6), activeRequestLimit)),
		websocket: lane('websocket_active_limit', () => clamp(longLived, 2, activeRequestLimit)),
		standard: lane('standard_active_limit', () => Math.min(clamp(workerCount * 2, 8, 24), activeRequestLimit)),
	};
	const connectWorkers = Math.max(1, positive('websocket_connect_worker_count', clamp(parallelism, 4, 16)));
	const connectQueue = Math.max(positive('websocket_connect_queue_capacity', clamp(connectWorkers * 8, 32, 128)), connectWorkers, 1);
	const dnsWorkers = Math.max(1, positive('websocket_dns_worker_count', clamp(parallelism, 2, 8)));
	const dnsQueue = Math.max(positive('websocket_dns_queue_capacity', clamp(dnsWorkers * 4, 16, 64)), dnsWorkers, 1);
	const snapshot: TuningSnapshot = {
		activeRequestLimit,
		laneLimits,
		admissionWaitBudgetMs: positive('admission_wait_budget_ms', ADMISSION_WAIT_BUDGET_MS),
		pressureAdmissionWaitBudgetMs: positive('pressure_admission_wait_budget_ms', PRESSURE_ADMISSION_WAIT_BUDGET_MS),
		websocketConnectWorkerCount: connectWorkers,
		websocketConnectQueueCapacity: connectQueue,
		websocketConnectOverflowCapacity: allowZero('websocket_connect_overflow_capacity', clamp(Math.max(connectQueue * 4, connectWorkers), 32, 512)),
		websocketDnsWorkerCount: dnsWorkers,
		websocketDnsQueueCapacity: dnsQueue,
		websocketDnsOverflowCapacity: allowZero('websocket_dns_overflow_capacity', clamp(Math.max(dnsQueue * 2, dnsWorkers), 16, 128)),
		profileInflightSoftLimit: positive('profile_inflight_soft_limit', PROFILE_INFLIGHT_SOFT_LIMIT),
		profileInflightHardLimit: positive('profile_inflight_hard_limit', PROFILE_INFLIGHT_HARD_LIMIT),
	};
	return errors.length > 0 ? {errors} : {snapshot};
}
