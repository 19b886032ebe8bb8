/**
 * Deterministic, seedable generator of realistic prodex runtime-log lines.
 *
 * Lines are built from the example line of every marker in test/fixtures/marker-catalog.json
 * (extracted from docs/markers.md), with ids, profiles, routes, quota windows, counters,
 * epochs and durations varied per line. Values that decide how a line is *counted* (reasons,
 * contexts, event tokens) are kept as in the catalog, so a generated marker line is recognised
 * exactly like its catalog example under both rule sets; only hostile lines break that on purpose.
 *
 * Same options → same output, byte for byte (one mulberry32 stream, never Math.random).
 */
import {Buffer} from 'node:buffer';
import catalogJson from '../fixtures/marker-catalog.json' with {type: 'json'};
import type {MarkerCatalogEntry} from './extract-marker-catalog.js';

export type {MarkerCatalogEntry} from './extract-marker-catalog.js';

export type GeneratorPhase = {
	/** Lines in this phase (after the header). */
	readonly lines: number;
	/** Markers to draw from, equal weight per list entry (repeat an entry to weight it). Empty: the default realistic mix. */
	readonly markers: readonly string[];
	/** Mean gap between lines during this phase; default: the global meanGapMs. */
	readonly gapMs?: number;
};

export const HOSTILE_KINDS = [
	'ansi', // ANSI CSI / OSC / C1 escape sequences inside values
	'secret', // unredacted secrets: bearer tokens, sk- keys, cookies, userinfo URLs, …
	'quoted', // quoted values with spaces, escapes, fields inside quotes, unterminated quotes
	'odd-fields', // k= / k="" / a=b=c / =x / duplicate keys / k==v
	'long-line', // one very long line (longLineBytes)
	'crlf', // line ends in \r (so the file has \r\n)
	'no-timestamp', // no `[ts] ` prefix, leading space, `[ts]msg`, `x] msg`; JSON without timestamp / with ts
	'odd-timestamp', // ISO and otherwise odd timestamps, empty or nested brackets, non-string JSON timestamp
	'broken-json', // truncated / invalid JSON that starts with {
	'json-exotic', // valid JSON with big integers, floats, nested objects, arrays, booleans, null, duplicate keys
	'unknown-word', // leading words that are not markers (`binding previous_response_owner …`, `profile_inflight_underflow …`)
	'invalid-utf8', // invalid UTF-8 bytes (generateLogBytes only; generateLines holds the lossy decoding)
	'nul', // NUL characters
	'lone-cr', // a \r in the middle of the line
	'unicode', // emoji, CJK, RTL override, zero-width, BOM, NBSP, U+2028, NEL
	'whitespace', // tabs, runs of spaces, trailing spaces, form feed, vertical tab
] as const;
export type HostileKind = (typeof HOSTILE_KINDS)[number];

export type GeneratorOptions = {
	/** Same seed (and options) → same output, byte for byte. */
	readonly seed: number;
	/** Number of lines after the header. */
	readonly lines: number;
	/** Header form: seed `runtime proxy log initialized pid=<pid> cwd=<cwd>`; current adds prodex_version/executable_path/executable_sha256. Default 'current'. */
	readonly era?: 'seed' | 'current';
	/** Text `[ts] message`, JSON lines (docs/log-format.md §2.2), or a per-line coin flip. Default 'text'. */
	readonly format?: 'text' | 'json' | 'mixed';
	/** Epoch ms of the header line. Default 1745460000000 (2025-04-24 09:00:00.000 +07:00). */
	readonly startMs?: number;
	/** Mean gap between lines (exponentially distributed, whole milliseconds). Default 50. */
	readonly meanGapMs?: number;
	/** Probability (0..1) that a line is a hostile edge case. Default 0. */
	readonly hostile?: number;
	/** Restrict to these catalog markers (equal weight per entry). Default: realistic weights over the whole catalog. */
	readonly markers?: readonly string[];
	/** Emit the header line. Default true. */
	readonly header?: boolean;

	// ----- additions -----

	/** Phase by phase marker choice (a scripted scenario). Lines beyond the phases use the normal choice; phases beyond `lines` are cut. */
	readonly phases?: readonly GeneratorPhase[];
	/** Restrict hostile lines to these kinds (equal weight, except 'long-line' at a quarter). Default: all kinds. */
	readonly hostileKinds?: readonly HostileKind[];
	/** Approximate length of a 'long-line' hostile line in bytes. Default 200_000. */
	readonly longLineBytes?: number;
	/** Probability of a blank line. Default 0.002, or 0 when `markers` is given. */
	readonly blankRate?: number;
	/** Probability of a non-marker event line (`runtime_broker_started …`). Default 0.01, or 0 when `markers` is given. */
	readonly otherRate?: number;
	/** Request ids: current-style u64 (> 2^53, as strings) or the seed era's per-process counter (1, 2, …). Default 'u64'. */
	readonly requestIds?: 'u64' | 'counter';
	/** Relative weights overriding the default ones (ignored when `markers` is given). */
	readonly weights?: Readonly<Record<string, number>>;
	/** Process id in the header and in JSON lines. Default: drawn from the seed. */
	readonly pid?: number;
	/** cwd in the header. Default: drawn from a small pool (some contain spaces). */
	readonly cwd?: string;
	/** Form of the header line. Default 'json' when format is 'json', else 'text'. */
	readonly headerFormat?: 'text' | 'json';
	/** With the default mix and a header, start with the startup lines (upstream_proxy_mode, restore_counts, startup_audit). Default true. */
	readonly startup?: boolean;
};

export type LineKind = 'header' | 'marker' | 'other' | 'blank' | 'hostile';

export type GeneratedLine = {
	readonly text: string;
	readonly timeMs: number;
	// ----- additions (metadata for tests; not part of the log) -----
	/** What the line is. */
	readonly kind: LineKind;
	/** Form the line was written in (blank lines count as 'text'). */
	readonly format: 'text' | 'json';
	/** Catalog marker whose template produced the line (marker lines, and hostile lines built on one). */
	readonly marker?: string;
	/** The edge case, for hostile lines. */
	readonly hostile?: HostileKind;
};

// ---------------------------------------------------------------------------------------------
// Catalog

export const MARKER_CATALOG: readonly MarkerCatalogEntry[] = catalogJson as readonly MarkerCatalogEntry[];
const catalogByMarker = new Map(MARKER_CATALOG.map(entry => [entry.marker, entry]));

/** Default relative weights: routine markers dominate, failures are rare, unwritten markers rarer. */
const ROUTINE_WEIGHTS: Readonly<Record<string, number>> = {
	profile_inflight: 14,
	selection_pick: 10,
	first_upstream_chunk: 10,
	first_local_chunk: 10,
	token_usage: 8,
	state_save_queued: 7,
	state_save_ok: 7,
	compat_request_surface: 6,
	selection_plan: 4,
	continuation_journal_save_queued: 3,
	continuation_journal_save_ok: 3,
	selection_keep_current: 2,
	profile_probe_refresh_queued: 1.5,
	profile_probe_refresh_start: 1.5,
	profile_probe_refresh_ok: 1.5,
	compat_warning: 1,
	previous_response_owner: 1,
	local_rewrite_upstream_start: 1,
	local_rewrite_upstream_response: 1,
	local_rewrite_request_detail: 1,
	previous_response_release_affinity: 0.5,
	previous_response_turn_state_rehydrated: 0.5,
	smart_context_autopilot: 0.5,
	// startup-only lines
	runtime_proxy_restore_counts: 0.01,
	runtime_proxy_startup_audit: 0.01,
	runtime_proxy_upstream_proxy_mode: 0.01,
};

function defaultWeight(entry: MarkerCatalogEntry): number {
	const routine = ROUTINE_WEIGHTS[entry.marker];
	if (routine !== undefined) {
		return routine;
	}

	if (!entry.writtenBy0411) {
		return 0.02;
	}

	return entry.classCurrent !== null || entry.pressureCurrent !== null ? 0.08 : 0.3;
}

/** Non-marker events of the 0.411 runtime (none contains a catalog marker). */
const OTHER_LINES: readonly string[] = [
	'runtime_broker_started listen_addr=127.0.0.1:47123 broker_id=br_1 mode=shared',
	'runtime_broker_idle_shutdown idle_seconds=300 active_requests=0',
	'runtime_proxy_async_log_dropped dropped_count=3 reason=queue_full queue_capacity=4096',
	'previous_response_retry_immediate request=8412390127714631681 transport=http profile=main response_id=resp_abc',
	'previous_response_affinity_released profile=main response_id=resp_abc',
	'runtime_proxy_lane_limit_bypassed_affinity transport=http lane=responses profile=main',
];

const STARTUP_MARKERS = ['runtime_proxy_upstream_proxy_mode', 'runtime_proxy_restore_counts', 'runtime_proxy_startup_audit'];

// ---------------------------------------------------------------------------------------------
// PRNG

class Rng {
	private state: number;

	constructor(seed: number) {
		if (!Number.isFinite(seed)) {
			throw new TypeError(`generator: seed must be a finite number, got ${seed}`);
		}

		const high = Math.floor(seed / 4_294_967_296) | 0;
		this.state = ((seed >>> 0) ^ Math.imul(high, 0x9e_37_79_b1)) >>> 0;
		// Warm up so that neighbouring seeds diverge at once.
		for (let i = 0; i < 4; i++) {
			this.u32();
		}
	}

	/** mulberry32 */
	u32(): number {
		this.state = (this.state + 0x6d_2b_79_f5) | 0;
		let t = this.state;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return (t ^ (t >>> 14)) >>> 0;
	}

	float(): number {
		return this.u32() / 4_294_967_296;
	}

	/** Integer in [0, n). */
	int(n: number): number {
		return Math.floor(this.float() * n);
	}

	/** Integer in [lo, hi]. */
	range(lo: number, hi: number): number {
		return lo + this.int(hi - lo + 1);
	}

	chance(p: number): boolean {
		return this.float() < p;
	}

	pick<T>(items: readonly T[]): T {
		return items[this.int(items.length)];
	}

	hex(length: number): string {
		let out = '';
		while (out.length < length) {
			out += this.u32().toString(16).padStart(8, '0');
		}

		return out.slice(0, length);
	}

	alnum(length: number): string {
		const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
		let out = '';
		for (let i = 0; i < length; i++) {
			out += alphabet[this.int(62)];
		}

		return out;
	}
}

class WeightedPicker<T> {
	private readonly cumulative: number[] = [];
	private readonly total: number;

	constructor(private readonly items: readonly T[], weights: readonly number[]) {
		let sum = 0;
		for (const weight of weights) {
			sum += Math.max(0, weight);
			this.cumulative.push(sum);
		}

		if (items.length === 0 || sum <= 0) {
			throw new RangeError('generator: nothing to choose from (empty list or all weights zero)');
		}

		this.total = sum;
	}

	pick(rng: Rng): T {
		const target = rng.float() * this.total;
		let lo = 0;
		let hi = this.cumulative.length - 1;
		while (lo < hi) {
			const mid = (lo + hi) >>> 1;
			if (this.cumulative[mid] > target) {
				hi = mid;
			} else {
				lo = mid + 1;
			}
		}

		return this.items[lo];
	}
}

// ---------------------------------------------------------------------------------------------
// Timestamps: prodex's `%Y-%m-%d %H:%M:%S%.3f %:z`, fixed +07:00

const OFFSET_MS = 7 * 3_600_000;
const pad2 = (value: number): string => (value < 10 ? `0${value}` : String(value));
let cachedSecond = Number.NaN;
let cachedPrefix = '';

/** `2025-04-24 10:00:04.388 +07:00` for an epoch-ms value (local time at a fixed +07:00). */
export function formatTimestamp(ms: number): string {
	const whole = Math.floor(ms);
	const second = Math.floor(whole / 1000);
	if (second !== cachedSecond) {
		const d = new Date(second * 1000 + OFFSET_MS);
		cachedPrefix = `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.`;
		cachedSecond = second;
	}

	const milli = whole - second * 1000;
	return `${cachedPrefix}${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli} +07:00`;
}

// ---------------------------------------------------------------------------------------------
// Message tokenizer (docs/log-format.md §2.4, current rules) — used to build the JSON form.

const isAsciiSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13 || code === 12;

function stripQuotes(raw: string): string {
	let start = 0;
	let end = raw.length;
	while (start < end && raw.charCodeAt(start) === 34) {
		start++;
	}

	while (end > start && raw.charCodeAt(end - 1) === 34) {
		end--;
	}

	return raw.slice(start, end);
}

export type TokenizedMessage = {
	/** First plain (non-field) token, if any. */
	readonly event: string | undefined;
	/** key=value fields in order of first appearance; the last occurrence's value wins. */
	readonly fields: ReadonlyMap<string, string>;
};

/** The `key=value` scan of docs/log-format.md §2.4 (the writer-side and reader-side algorithm of 0.411). */
export function tokenizeMessage(message: string): TokenizedMessage {
	const fields = new Map<string, string>();
	let event: string | undefined;
	const n = message.length;
	let i = 0;
	while (i < n) {
		while (i < n && isAsciiSpace(message.charCodeAt(i))) {
			i++;
		}

		if (i >= n) {
			break;
		}

		const start = i;
		while (i < n && !isAsciiSpace(message.charCodeAt(i)) && message.charCodeAt(i) !== 61) {
			i++;
		}

		const token = message.slice(start, i);
		if (i < n && message.charCodeAt(i) === 61) {
			i++;
			let raw: string;
			let value: string;
			if (message.charCodeAt(i) === 34) {
				let j = i + 1;
				while (j < n) {
					const code = message.charCodeAt(j);
					if (code === 92) {
						j += 2;
					} else if (code === 34) {
						break;
					} else {
						j++;
					}
				}

				const end = Math.min(j + 1, n);
				raw = message.slice(i, end);
				i = end;
				try {
					const decoded: unknown = JSON.parse(raw);
					value = typeof decoded === 'string' ? decoded : stripQuotes(raw);
				} catch {
					value = stripQuotes(raw);
				}
			} else {
				let j = i;
				while (j < n && !isAsciiSpace(message.charCodeAt(j))) {
					j++;
				}

				raw = message.slice(i, j);
				i = j;
				value = stripQuotes(raw);
			}

			if (token.length > 0 && raw.length > 0) {
				fields.set(token, value);
			}
		} else if (event === undefined) {
			event = token;
		}
	}

	return {event, fields};
}

const isAscii = (text: string): boolean => {
	for (let i = 0; i < text.length; i++) {
		if (text.charCodeAt(i) > 127) {
			return false;
		}
	}

	return true;
};

/** Byte-wise (UTF-8) order, as Rust's BTreeMap<String, _> sorts keys. */
function compareKeys(a: string, b: string): number {
	if (isAscii(a) && isAscii(b)) {
		return a < b ? -1 : a > b ? 1 : 0;
	}

	return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The current writer's JSON-lines form (docs/log-format.md §2.2): keys event, fields, message, pid, timestamp. */
export function toJsonLine(message: string, pid: number, timestamp: string): string {
	const {event, fields} = tokenizeMessage(message);
	let out = '{';
	if (event !== undefined) {
		out += `"event":${JSON.stringify(event)},`;
	}

	if (fields.size > 0) {
		const keys = [...fields.keys()].sort(compareKeys);
		out += '"fields":{';
		for (let i = 0; i < keys.length; i++) {
			out += `${i === 0 ? '' : ','}${JSON.stringify(keys[i])}:${JSON.stringify(fields.get(keys[i]))}`;
		}

		out += '},';
	}

	return `${out}"message":${JSON.stringify(message)},"pid":${pid},"timestamp":${JSON.stringify(timestamp)}}`;
}

// ---------------------------------------------------------------------------------------------
// Templates

type Flow = {readonly transport: string; readonly route: string};
type Request = {readonly id: string; readonly profile: string; readonly flow: Flow; readonly responseId: string};
type Quota = {
	readonly source: string;
	readonly band: string;
	readonly fiveStatus: string;
	readonly fiveRemaining: string;
	readonly fiveReset: string;
	readonly weeklyStatus: string;
	readonly weeklyRemaining: string;
	readonly weeklyReset: string;
};
type Usage = {readonly input: number; readonly cached: number; readonly output: number; readonly reasoning: number};

type Slot = (g: LineState) => string;
/** A field of the precomputed JSON form: `"key":` plus either a fixed JSON value or the output of a slot. */
type JsonField = {readonly head: string; readonly literal: string | undefined; readonly slot: number};
type Template = {
	readonly marker: string;
	/** Literal text, or the index of a slot whose output goes there. */
	readonly parts: ReadonlyArray<string | number>;
	readonly slots: readonly Slot[];
	/** The line carries `request=<id>`: its profile, transport and route then follow that request. */
	readonly hasRequest: boolean;
	/** `{"event":…,` prefix and the fields in key order, so the JSON form needs no re-tokenizing. */
	readonly jsonPrefix: string;
	readonly jsonFields: readonly JsonField[];
};

const PROFILES = ['main', 'second', 'alpha', 'beta', 'old-work', 'third', 'work-2'];
const PROFILE_PICKER = new WeightedPicker(PROFILES, [40, 30, 10, 8, 5, 4, 3]);
const GOOGLE_PROFILES = ['google-main', 'google-main', 'google-backup'];
const FLOWS: readonly Flow[] = [
	{transport: 'http', route: 'responses'},
	{transport: 'websocket', route: 'websocket'},
	{transport: 'http', route: 'compact'},
	{transport: 'http', route: 'standard'},
];
const FLOW_PICKER = new WeightedPicker(FLOWS, [50, 30, 12, 8]);
const ROUTES = new Set(['responses', 'websocket', 'compact', 'standard']);
const RESPONSES_PATH = '/backend-api/codex/responses';
const COMPACT_PATH = '/backend-api/codex/responses/compact';
const I64_MAX = '9223372036854775807';
/** Epoch second of the catalog examples' timestamp `2026-04-24 09:40:00.000 +07:00`. */
const TEMPLATE_EPOCH = Date.UTC(2026, 3, 24, 2, 40, 0) / 1000;
const KEEP_NUMBERS = new Set([
	'active',
	'limit',
	'hard_limit',
	'port',
	'queue_capacity',
	'overflow_capacity',
	'worker_count',
	'weight',
	'threshold_ms',
	'timeout_ms',
	'wait_timeout_ms',
	'budget_ms',
	'inflight_soft_limit',
	'model_context_window_tokens',
	'absolute_safety_floor_tokens',
	'max_inline_tool_output_bytes',
	'max_rehydrate_tokens',
	'rollout_canary_percent',
	'rollout_canary_bucket',
	'status',
	'probe_seconds',
]);
const STATUS_POOLS: Readonly<Record<string, readonly string[]>> = {
	upstream_connect_http: ['429', '429', '500', '502', '503'],
	profile_auth_backoff: ['401', '401', '403'],
};
const STABLE_ERRORS: Readonly<Record<string, readonly string[]>> = {
	profile_probe_refresh_error: ['timeout', 'timeout', 'connection_reset', 'http_status_502'],
	local_writer_error: ['broken_pipe', 'broken_pipe', 'connection_reset'],
};

/** Mutable per-generation state, with lazily drawn per-line values. */
class LineState {
	timeSec = 0;
	revision: number;
	private readonly requests: Request[] = [];
	private requestCounter = 0;
	private hasRequest = false;
	private lineRequest: Request | undefined;
	private lineProfile: string | undefined;
	private lineGoogleProfile: string | undefined;
	private lineFlow: Flow | undefined;
	private lineQuota: Quota | undefined;
	private lineUsage: Usage | undefined;
	private lineResponseId: string | undefined;

	constructor(
		readonly rng: Rng,
		private readonly requestIds: 'u64' | 'counter',
	) {
		this.revision = rng.range(1, 60);
	}

	beginLine(timeMs: number, hasRequest: boolean): void {
		this.timeSec = Math.floor(timeMs / 1000);
		this.hasRequest = hasRequest;
		this.lineRequest = undefined;
		this.lineProfile = undefined;
		this.lineGoogleProfile = undefined;
		this.lineFlow = undefined;
		this.lineQuota = undefined;
		this.lineUsage = undefined;
		this.lineResponseId = undefined;
	}

	private newRequestId(): string {
		if (this.requestIds === 'counter') {
			return String(++this.requestCounter);
		}

		// Upper 32 bits random and >= 2^21, so the id is always above 2^53.
		const high = 0x20_00_00 + this.rng.int(0x1_00_00_00_00 - 0x20_00_00);
		const low = this.rng.u32();
		return ((BigInt(high) << 32n) | BigInt(low)).toString();
	}

	request(): Request {
		if (this.lineRequest === undefined) {
			if (this.requests.length === 0 || this.rng.chance(0.3)) {
				const request: Request = {
					id: this.newRequestId(),
					profile: PROFILE_PICKER.pick(this.rng),
					flow: FLOW_PICKER.pick(this.rng),
					responseId: `resp_${this.rng.hex(6)}`,
				};
				if (this.requests.length < 6) {
					this.requests.push(request);
				} else {
					this.requests[this.rng.int(this.requests.length)] = request;
				}

				this.lineRequest = request;
			} else {
				this.lineRequest = this.rng.pick(this.requests);
			}
		}

		return this.lineRequest;
	}

	profile(): string {
		this.lineProfile ??= this.hasRequest ? this.request().profile : PROFILE_PICKER.pick(this.rng);
		return this.lineProfile;
	}

	googleProfile(): string {
		this.lineGoogleProfile ??= this.rng.pick(GOOGLE_PROFILES);
		return this.lineGoogleProfile;
	}

	flow(): Flow {
		this.lineFlow ??= this.hasRequest ? this.request().flow : FLOW_PICKER.pick(this.rng);
		return this.lineFlow;
	}

	responseId(): string {
		this.lineResponseId ??= this.hasRequest ? this.request().responseId : `resp_${this.rng.hex(6)}`;
		return this.lineResponseId;
	}

	quota(): Quota {
		if (this.lineQuota === undefined) {
			const {rng} = this;
			if (rng.chance(0.03)) {
				this.lineQuota = {
					source: 'persisted_snapshot',
					band: 'quota_unknown',
					fiveStatus: 'unknown',
					fiveRemaining: '0',
					fiveReset: I64_MAX,
					weeklyStatus: 'unknown',
					weeklyRemaining: '0',
					weeklyReset: I64_MAX,
				};
			} else {
				const u = rng.float();
				const five = u < 0.65 ? rng.range(30, 100) : u < 0.85 ? rng.range(10, 29) : u < 0.95 ? rng.range(1, 9) : 0;
				const w = rng.float();
				const weekly = w < 0.6 ? rng.range(50, 100) : w < 0.9 ? rng.range(20, 49) : w < 0.98 ? rng.range(5, 19) : 0;
				const status = (remaining: number): number => (remaining <= 0 ? 3 : remaining < 10 ? 2 : remaining < 25 ? 1 : 0);
				const statusNames = ['ready', 'thin', 'critical', 'exhausted'];
				const bandNames = ['quota_healthy', 'quota_thin', 'quota_critical', 'quota_exhausted'];
				const s = rng.float();
				this.lineQuota = {
					source: s < 0.7 ? 'probe_cache' : s < 0.98 ? 'persisted_snapshot' : 'unknown',
					band: bandNames[Math.max(status(five), status(weekly))],
					fiveStatus: statusNames[status(five)],
					fiveRemaining: String(five),
					fiveReset: String(this.timeSec + rng.range(60, 5 * 3600)),
					weeklyStatus: statusNames[status(weekly)],
					weeklyRemaining: String(weekly),
					weeklyReset: String(this.timeSec + rng.range(3600, 7 * 86_400)),
				};
			}
		}

		return this.lineQuota;
	}

	usage(): Usage {
		if (this.lineUsage === undefined) {
			const {rng} = this;
			const input = rng.range(2000, 200_000);
			const cached = Math.floor(input * rng.float() * 0.95);
			const output = rng.range(40, 4000);
			this.lineUsage = {input, cached, output, reasoning: rng.int(output + 1)};
		}

		return this.lineUsage;
	}
}

function numberSlot(value: string): Slot | undefined {
	const v = Number(value);
	if (v === 0) {
		return g => (g.rng.chance(0.85) ? '0' : String(g.rng.range(1, 3)));
	}

	const lo = Math.ceil(v / 2);
	const hi = v * 2;
	return g => String(g.rng.range(lo, hi));
}

function slotFor(marker: string, key: string, value: string, pinTransport: boolean, pinRoute: boolean): Slot | undefined {
	switch (key) {
		case 'request': {
			return /^\d+$/.test(value) ? g => g.request().id : undefined;
		}

		case 'transport': {
			return !pinTransport && (value === 'http' || value === 'websocket') ? g => g.flow().transport : undefined;
		}

		case 'route':
		case 'lane': {
			return !pinRoute && ROUTES.has(value) ? g => g.flow().route : undefined;
		}

		case 'path': {
			return !pinRoute && (value === RESPONSES_PATH || value === COMPACT_PATH)
				? g => (g.flow().route === 'compact' ? COMPACT_PATH : RESPONSES_PATH)
				: undefined;
		}

		case 'profile': {
			if (value.startsWith('google-')) {
				return g => g.googleProfile();
			}

			return value === '-' ? undefined : g => g.profile();
		}

		case 'reason': {
			const prefixed = /^(session_id|response):/.exec(value);
			return prefixed ? g => `${prefixed[1]}:${g.profile()}` : undefined;
		}

		case 'previous_response_id':
		case 'response_id': {
			if (value === 'resp_abc') {
				return g => g.responseId();
			}

			return value === 'Some("resp_abc")' ? g => `Some("${g.responseId()}")` : undefined;
		}

		case 'session': {
			return value.startsWith('sess_') ? g => `sess_${g.rng.range(1, 40)}` : undefined;
		}

		case 'turn_state': {
			return value.startsWith('ts_') ? g => `ts_${g.rng.range(1, 40)}` : undefined;
		}

		case 'websocket_session': {
			return /^\d+$/.test(value) ? g => String(g.rng.range(1, 24)) : undefined;
		}

		case 'revision': {
			return marker === 'state_save_queued' ? g => String(++g.revision) : g => String(g.revision);
		}

		case 'saved_at': {
			return g => String(g.timeSec);
		}

		case 'quota_source': {
			return g => g.quota().source;
		}

		case 'quota_band': {
			return g => g.quota().band;
		}

		case 'five_hour_status': {
			return g => g.quota().fiveStatus;
		}

		case 'five_hour_remaining': {
			return g => g.quota().fiveRemaining;
		}

		case 'five_hour_reset_at': {
			return g => g.quota().fiveReset;
		}

		case 'weekly_status': {
			return g => g.quota().weeklyStatus;
		}

		case 'weekly_remaining': {
			return g => g.quota().weeklyRemaining;
		}

		case 'weekly_reset_at': {
			return g => g.quota().weeklyReset;
		}

		default: {
			break;
		}
	}

	if (marker === 'profile_inflight') {
		if (key === 'count') {
			return g => String(g.rng.range(0, 6));
		}

		if (key === 'event') {
			return g => (g.rng.chance(0.5) ? 'acquire' : 'release');
		}

		if (key === 'context') {
			return g => (g.flow().transport === 'websocket' ? 'websocket_session' : 'responses_http');
		}
	}

	if (marker === 'token_usage') {
		switch (key) {
			case 'input_tokens': {
				return g => String(g.usage().input);
			}

			case 'cached_input_tokens': {
				return g => String(g.usage().cached);
			}

			case 'uncached_input_tokens': {
				return g => String(g.usage().input - g.usage().cached);
			}

			case 'output_tokens': {
				return g => String(g.usage().output);
			}

			case 'reasoning_tokens': {
				return g => String(g.usage().reasoning);
			}

			default: {
				break;
			}
		}
	}

	const statusPool = STATUS_POOLS[marker];
	if (key === 'status' && statusPool !== undefined) {
		return g => g.rng.pick(statusPool);
	}

	const errorPool = STABLE_ERRORS[marker];
	if (key === 'error' && errorPool !== undefined) {
		return g => g.rng.pick(errorPool);
	}

	if (/^\d{1,15}$/.test(value) && !KEEP_NUMBERS.has(key)) {
		if (/^17\d{8}$/.test(value)) {
			const offset = Number(value) - TEMPLATE_EPOCH;
			return g => String(g.timeSec + Math.round(offset * (0.5 + g.rng.float())));
		}

		return numberSlot(value);
	}

	return undefined;
}

const TOKEN_PATTERN = /(\s+)|([^\s=]+)=("(?:[^"\\]|\\.)*"|\S*)|(\S+)/g;

function compileTemplate(marker: string, message: string): Template {
	const pinTransport = /websocket|local_rewrite/.test(marker);
	const pinRoute = /websocket|compact|local_rewrite|compat_/.test(marker);
	const parts: Array<string | number> = [];
	const slots: Slot[] = [];
	const fieldSources = new Map<string, number | undefined>();
	let hasRequest = false;
	const pushLiteral = (text: string): void => {
		const last = parts.length - 1;
		if (last >= 0 && typeof parts[last] === 'string') {
			parts[last] = `${parts[last] as string}${text}`;
		} else {
			parts.push(text);
		}
	};

	for (const match of message.matchAll(TOKEN_PATTERN)) {
		const [whole, space, key, value] = match;
		if (space !== undefined || key === undefined) {
			pushLiteral(whole);
			continue;
		}

		hasRequest ||= key === 'request' && /^\d+$/.test(value);
		const slot = slotFor(marker, key, value, pinTransport, pinRoute);
		pushLiteral(`${key}=`);
		if (slot === undefined) {
			pushLiteral(value);
		} else {
			parts.push(slots.length);
			slots.push(slot);
		}

		if (fieldSources.has(key)) {
			throw new Error(`generator: template ${marker} repeats the key ${key}`);
		}

		fieldSources.set(key, slot === undefined ? undefined : slots.length - 1);
	}

	// The JSON layout: event and literal values exactly as the tokenizer reads the template; slot outputs
	// are single bare tokens (no whitespace, no leading/trailing quote), so they are their own field value.
	const {event, fields} = tokenizeMessage(message);
	if (fields.size !== fieldSources.size) {
		throw new Error(`generator: template ${marker} does not tokenize into its ${fieldSources.size} fields`);
	}

	const jsonFields = [...fields.keys()].sort(compareKeys).map((key): JsonField => {
		const slot = fieldSources.get(key);
		return {head: `${JSON.stringify(key)}:`, literal: slot === undefined ? JSON.stringify(fields.get(key)) : undefined, slot: slot ?? -1};
	});
	const jsonPrefix = event === undefined ? '{' : `{"event":${JSON.stringify(event)},`;
	return {marker, parts, slots, hasRequest, jsonPrefix, jsonFields};
}

function messageOf(line: string): string {
	const end = line.indexOf('] ');
	return end < 0 ? line : line.slice(end + 2);
}

const TEMPLATES = new Map(MARKER_CATALOG.map(entry => [entry.marker, compileTemplate(entry.marker, messageOf(entry.line))]));
const OTHER_TEMPLATES = OTHER_LINES.map(line => compileTemplate(line.slice(0, line.indexOf(' ')), line));

/**
 * Strings built with += are rope (cons) strings in V8; keeping 100k of them alive makes the garbage collector
 * dominate. Reading one character flattens the rope into one sequential string.
 */
function flat(text: string): string {
	text.charCodeAt(text.length >> 1);
	return text;
}

/** Draws the template's values into `values` and returns the message. */
function render(template: Template, g: LineState, timeMs: number, values: string[] = []): string {
	g.beginLine(timeMs, template.hasRequest);
	const {slots} = template;
	for (let i = 0; i < slots.length; i++) {
		values[i] = slots[i](g);
	}

	let out = '';
	for (const part of template.parts) {
		out += typeof part === 'string' ? part : values[part];
	}

	return out;
}

/** Same as toJsonLine(message, …) for a message just rendered from the template, without re-tokenizing. */
function renderJson(template: Template, values: readonly string[], message: string, pid: number, timestamp: string): string {
	let out = template.jsonPrefix;
	const fields = template.jsonFields;
	if (fields.length > 0) {
		out += '"fields":{';
		for (let i = 0; i < fields.length; i++) {
			const field = fields[i];
			out += `${i === 0 ? '' : ','}${field.head}${field.literal ?? JSON.stringify(values[field.slot])}`;
		}

		out += '},';
	}

	return `${out}"message":${JSON.stringify(message)},"pid":${pid},"timestamp":${JSON.stringify(timestamp)}}`;
}

/** Marker names of the catalog, in current catalog order. */
export const MARKERS: readonly string[] = MARKER_CATALOG.map(entry => entry.marker);

/** The default relative weight of each marker (routine markers high, failures low). */
export function defaultMarkerWeights(): Record<string, number> {
	return Object.fromEntries(MARKER_CATALOG.map(entry => [entry.marker, defaultWeight(entry)]));
}

function templatePicker(markers: readonly string[], weights?: Readonly<Record<string, number>>): WeightedPicker<Template> {
	const templates = markers.map(marker => {
		const template = TEMPLATES.get(marker);
		if (template === undefined) {
			throw new RangeError(`generator: unknown marker ${JSON.stringify(marker)}`);
		}

		return template;
	});
	return new WeightedPicker(
		templates,
		markers.map(marker => (weights === undefined ? 1 : weights[marker] ?? defaultWeight(catalogByMarker.get(marker)!))),
	);
}

// ---------------------------------------------------------------------------------------------
// Hostile lines

type Emitted = {text: string; raw?: Uint8Array; format: 'text' | 'json'};

type HostileInput = {
	readonly g: LineState;
	readonly rng: Rng;
	readonly message: string;
	readonly timeMs: number;
	readonly timestamp: string;
	readonly json: boolean;
	readonly pid: number;
	readonly longLineBytes: number;
};

const asLine = (input: HostileInput, message: string): Emitted =>
	input.json
		? {text: toJsonLine(message, input.pid, input.timestamp), format: 'json'}
		: {text: `[${input.timestamp}] ${message}`, format: 'text'};

/** Put `insert` inside a value of the message (after a random `=`), or append it as a field. */
function insertIntoValue(rng: Rng, message: string, insert: string, fallbackKey: string): string {
	const positions: number[] = [];
	for (let i = message.indexOf('='); i >= 0; i = message.indexOf('=', i + 1)) {
		positions.push(i + 1);
	}

	if (positions.length === 0 || rng.chance(0.3)) {
		return `${message} ${fallbackKey}=${insert}`;
	}

	const at = rng.pick(positions);
	return `${message.slice(0, at)}${insert}${message.slice(at)}`;
}

const ANSI_SEQUENCES = ['\u001B[31m', '\u001B[0m', '\u001B[1;33m', '\u001B]0;title\u0007', '\u001B]8;;https://example.com\u001B\\', '\u009B31m', '\u001B[2J\u001B[H', '\u001BP1$r\u001B\\', '\u0007'];

const HOSTILE_BUILDERS: Readonly<Record<HostileKind, (input: HostileInput) => Emitted>> = {
	ansi(input) {
		const {rng} = input;
		const sequence = rng.pick(ANSI_SEQUENCES);
		const variant = rng.int(3);
		const message =
			variant === 0
				? `${input.message} error=${sequence}red${rng.pick(['\u001B[0m', ''])}`
				: variant === 1
					? insertIntoValue(rng, input.message, sequence, 'detail')
					: `${input.message} title=\u001B]0;${rng.alnum(6)}\u0007 csi=\u009B2J`;
		return asLine(input, message);
	},

	secret(input) {
		const {rng} = input;
		const secrets = [
			`authorization="Bearer sk-proj-${rng.alnum(32)}"`,
			`api_key=sk-${rng.alnum(40)}`,
			`x-api-key=${rng.alnum(24)}`,
			`cookie=session=${rng.hex(16)}; theme=dark`,
			`url=https://user:pw@host.example/x?token=1`,
			`upstream_url=https://alice:${rng.alnum(10)}@api.example.com/v1/responses?key=${rng.alnum(8)}#frag`,
			`refresh_token=rt_${rng.alnum(30)}`,
			`Authorization=Basic ${rng.alnum(20)}`,
			`error="upstream said: Authorization: Bearer ${rng.alnum(24)}"`,
			`detail="api_key: sk-ant-${rng.alnum(30)} rejected"`,
			`chatgpt_account_id=acct_${rng.hex(12)} email=alice@example.com`,
			`proxy=http://bob:hunter2@proxy.internal:3128`,
			`password=${rng.alnum(12)}`,
			`session_cookie="sid=${rng.hex(12)}; Path=/"`,
		];
		return asLine(input, `${input.message} ${rng.pick(secrets)}`);
	},

	quoted(input) {
		const {rng} = input;
		const values = [
			'error="failed with spaces"',
			String.raw`detail="say \"hi\" and \\ back"`,
			String.raw`reason="tab\tand newline\n escapes"`,
			String.raw`message="unicode \u00e9 escape"`,
			'error="never closed',
			'note="a=b c=d profile=evil"',
			'empty=""',
			String.raw`bad="invalid \x escape"`,
			'reason=\'single quoted value\'',
			'error=""quoted twice""',
			String.raw`trailing="backslash at end\\"`,
		];
		const picked = [rng.pick(values)];
		if (rng.chance(0.4)) {
			picked.push(rng.pick(values));
		}

		return asLine(input, `${input.message} ${picked.join(' ')}`);
	},

	'odd-fields'(input) {
		const {rng} = input;
		const odd = ['k=', 'k=""', 'a=b=c', '=x', '=', '==', 'k==v', 'profile=dup_first profile=dup_second', 'key="quoted"trailing', 'x=1 x=2 x=3', '"quoted_key"=v', 'k=v='];
		return asLine(input, `${input.message} ${rng.pick(odd)} ${rng.pick(odd)}`);
	},

	'long-line'(input) {
		const {rng} = input;
		const chunk = rng.alnum(4096);
		// The JSON form repeats a field value in "fields" and "message": half the payload keeps the line near longLineBytes.
		const target = Math.max(1, (input.json ? input.longLineBytes >> 1 : input.longLineBytes) - input.message.length - 40);
		const payload = chunk.repeat(Math.ceil(target / chunk.length)).slice(0, target);
		const variant = rng.int(3);
		const message =
			variant === 0
				? `${input.message} payload=${payload}`
				: variant === 1
					? `${payload} ${input.message}`
					: `${input.message} body="${payload.slice(0, target >> 1)} ${payload.slice(target >> 1)}"`;
		return asLine(input, message);
	},

	crlf(input) {
		const line = asLine(input, input.message);
		return {...line, text: `${line.text}\r`};
	},

	'no-timestamp'(input) {
		const {rng} = input;
		if (input.json) {
			const base = JSON.parse(toJsonLine(input.message, input.pid, input.timestamp)) as Record<string, unknown>;
			delete base.timestamp;
			if (rng.chance(0.5)) {
				base.ts = input.timestamp;
			}

			return {text: JSON.stringify(base), format: 'json'};
		}

		const variants = [
			input.message,
			` [${input.timestamp}] ${input.message}`,
			`[${input.timestamp}]${input.message}`,
			`prefix] ${input.message}`,
			`[${input.timestamp} ${input.message}`,
			`\t${input.message}`,
		];
		return {text: rng.pick(variants), format: 'text'};
	},

	'odd-timestamp'(input) {
		const {rng} = input;
		const iso = new Date(input.timeMs).toISOString();
		const stamps = [iso, iso.replace('.000Z', 'Z'), '', '[nested]', 'not a time', `${input.timestamp}] [${input.timestamp}`, '2025-13-45 99:99:99.999 +07:00', `${input.timestamp} `];
		if (input.json) {
			const base = JSON.parse(toJsonLine(input.message, input.pid, input.timestamp)) as Record<string, unknown>;
			base.timestamp = rng.pick<unknown>([input.timeMs, null, true, {t: 1}, rng.pick(stamps)]);
			return {text: JSON.stringify(base), format: 'json'};
		}

		return {text: `[${rng.pick(stamps)}] ${input.message}`, format: 'text'};
	},

	'broken-json'(input) {
		const {rng} = input;
		const full = toJsonLine(input.message, input.pid, input.timestamp);
		const variants = [
			full.slice(0, 1 + rng.int(full.length - 1)),
			`${full.slice(0, -1)},}`,
			`{"event": ${JSON.stringify(input.message).slice(1, 20)}}`,
			`{'event':'stream_read_error','message':'single quotes'}`,
			`{"message":"stream_read_error request=1","pid":NaN}`,
			`${full}}`,
			`{ ${input.message}`,
			'{',
		];
		return {text: rng.pick(variants), format: 'json'};
	},

	'json-exotic'(input) {
		const {rng} = input;
		const ts = JSON.stringify(input.timestamp);
		const msg = JSON.stringify(input.message);
		const {event} = tokenizeMessage(input.message);
		const ev = JSON.stringify(event ?? 'stream_read_error');
		const variants = [
			`{"event":${ev},"fields":{"request":8412390127714631681,"elapsed_ms":1.5,"ratio":1e2,"big":18446744073709551616,"neg":-7,"ok":true,"none":null,"nested":{"a":{"b":1}},"list":[1,"two"]},"message":${msg},"pid":${input.pid},"timestamp":${ts}}`,
			`{"timestamp":${ts},"pid":${input.pid},"message":${msg},"fields":{"profile":"second"},"event":${ev}}`,
			`{"event":42,"fields":[],"message":${msg},"pid":"not a number","timestamp":${ts}}`,
			`{"event":"not_a_marker","message":${msg},"pid":${input.pid},"timestamp":${ts}}`,
			`{"event":${ev},"event":"stream_read_error","message":${msg},"message":"duplicate keys","pid":${input.pid},"timestamp":${ts}}`,
			`{"fields":{"request":"1","profile":"\\u00e9\\u0000\\ud83d\\ude80"},"pid":${input.pid},"timestamp":${ts}}`,
			`{"event":${ev},"message":null,"pid":-0,"timestamp":${ts}}`,
			`{"ts":${ts},"message":${msg},"pid":1e3}`,
			`  {"event":${ev},"message":${msg},"pid":${input.pid},"timestamp":${ts},"extra":{"deep":[[[{}]]]}}  `,
		];
		return {text: rng.pick(variants), format: 'json'};
	},

	'unknown-word'(input) {
		const {rng} = input;
		const profile = input.g.profile();
		const variants = [
			`binding ${input.message}`,
			`binding previous_response_owner profile=${profile} response_id=resp_${rng.hex(6)}`,
			`profile_inflight_underflow profile=${profile} count_before=0 weight=1 context=responses_http`,
			`WARN ${input.message}`,
			`mystery_event profile=${profile} reason=previous_response_not_found`,
			`runtime_proxy_lane_limit_bypassed_affinity transport=http lane=responses profile=${profile}`,
			`upstream_read_error request=${input.g.request().id} transport=http profile=${profile} error=<redacted>`,
			`websocket_reuse_watchdog_timeout request=${input.g.request().id} websocket_session=3 profile=${profile} event=response.created`,
			`note: ${input.message}`,
		];
		return asLine(input, rng.pick(variants));
	},

	'invalid-utf8'(input) {
		const {rng} = input;
		const sequences = [[0xff], [0xfe, 0xfe], [0xc3], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x80], [0xf0, 0x9f, 0x98], [0xf8, 0x88, 0x80, 0x80, 0x80]];
		const marker = '\uE000INVALID\uE000';
		const template = asLine(input, insertIntoValue(rng, input.message, marker, 'detail'));
		const [before, after] = template.text.split(marker) as [string, string];
		const bad = Uint8Array.from(rng.pick(sequences));
		const raw = Buffer.concat([Buffer.from(before, 'utf8'), bad, Buffer.from(after, 'utf8')]);
		return {text: new TextDecoder('utf-8').decode(raw), raw, format: template.format};
	},

	nul(input) {
		const {rng} = input;
		const variant = rng.int(3);
		if (variant === 0) {
			return asLine(input, insertIntoValue(rng, input.message, '\u0000', 'detail'));
		}

		if (variant === 1) {
			return asLine(input, `${input.message} detail=a\u0000b\u0000\u0000c`);
		}

		const line = asLine(input, input.message);
		return {...line, text: `\u0000${line.text}`};
	},

	'lone-cr'(input) {
		const {rng} = input;
		if (rng.chance(0.5)) {
			return asLine(input, insertIntoValue(rng, input.message, '\r', 'error'));
		}

		const line = asLine(input, input.message);
		return {...line, text: `${line.text}\r[${input.timestamp}] fake_overwritten_line`};
	},

	unicode(input) {
		const {rng} = input;
		const texts = [
			'profile=🚀main',
			'error="连接超时 接続タイムアウト"',
			'profile=\u202Eniam',
			'detail=zero\u200Bwidth\u200Djoiner',
			'detail=e\u0301\u0301\u0301',
			'profile=main\u00A0second',
			'detail=line\u2028separator\u2029para',
			'detail=next\u0085line',
			'detail=عربي_עברית',
			'profile=ｍａｉｎ',
			'key＝fullwidth',
			'detail=👩‍👩‍👧‍👦🏳️‍🌈',
			'profile=\uFEFFmain',
		];
		const picked = rng.pick(texts);
		if (rng.chance(0.15)) {
			const line = asLine(input, `${input.message} ${picked}`);
			return {...line, text: `\uFEFF${line.text}`};
		}

		return asLine(input, `${input.message} ${picked}`);
	},

	whitespace(input) {
		const {rng} = input;
		const variant = rng.int(5);
		const message =
			variant === 0
				? input.message.replaceAll(' ', '\t')
				: variant === 1
					? input.message.replaceAll(' ', '   ')
					: variant === 2
						? `   ${input.message}   \t`
						: variant === 3
							? input.message.replace(' ', ' \f ')
							: input.message.replace(' ', '\v');
		return asLine(input, message);
	},
};

// ---------------------------------------------------------------------------------------------
// Header

const CWDS = ['/home/alice/src/api', '/home/alice/src/api', '/home/bob/work/my project', '/srv/prodex', '/Users/carol/Code/web app'];
const EXECUTABLES = ['/home/alice/.local/bin/prodex', '/usr/local/bin/prodex', '/opt/prodex/bin/prodex'];

function headerMessage(era: 'seed' | 'current', pid: number, cwd: string, rng: Rng): string {
	const base = `runtime proxy log initialized pid=${pid} cwd=${cwd}`;
	if (era === 'seed') {
		return base;
	}

	return `${base} prodex_version=0.411.0 executable_path=${rng.pick(EXECUTABLES)} executable_sha256=${rng.hex(64)}`;
}

// ---------------------------------------------------------------------------------------------
// Generation

type GenRecord = {line: GeneratedLine; raw?: Uint8Array};

function checkProbability(name: string, value: number): number {
	if (!(value >= 0 && value <= 1)) {
		throw new RangeError(`generator: ${name} must be within 0..1, got ${value}`);
	}

	return value;
}

function generateRecords(options: GeneratorOptions): GenRecord[] {
	const {seed, lines} = options;
	if (!Number.isInteger(lines) || lines < 0) {
		throw new RangeError(`generator: lines must be a non-negative integer, got ${lines}`);
	}

	const rng = new Rng(seed);
	const era = options.era ?? 'current';
	const format = options.format ?? 'text';
	const meanGapMs = options.meanGapMs ?? 50;
	const hostile = checkProbability('hostile', options.hostile ?? 0);
	const restricted = options.markers !== undefined;
	const blankRate = checkProbability('blankRate', options.blankRate ?? (restricted ? 0 : 0.002));
	const otherRate = checkProbability('otherRate', options.otherRate ?? (restricted ? 0 : 0.01));
	const longLineBytes = options.longLineBytes ?? 200_000;
	const pid = options.pid ?? rng.range(1000, 65_000);
	const cwd = options.cwd ?? rng.pick(CWDS);
	if (!(meanGapMs >= 0)) {
		throw new RangeError(`generator: meanGapMs must be >= 0, got ${meanGapMs}`);
	}

	const kinds = options.hostileKinds ?? HOSTILE_KINDS;
	const hostilePicker = hostile > 0 ? new WeightedPicker(kinds, kinds.map(kind => (kind === 'long-line' ? 0.25 : 1))) : undefined;
	const mainPicker = restricted
		? templatePicker(options.markers!)
		: templatePicker(MARKERS, {...defaultMarkerWeights(), ...options.weights});
	const phases = (options.phases ?? []).map(phase => {
		if (!Number.isInteger(phase.lines) || phase.lines < 0) {
			throw new RangeError(`generator: phase lines must be a non-negative integer, got ${phase.lines}`);
		}

		return {
			lines: phase.lines,
			picker: phase.markers.length === 0 ? mainPicker : templatePicker(phase.markers),
			gapMs: phase.gapMs ?? meanGapMs,
		};
	});

	const g = new LineState(rng, options.requestIds ?? 'u64');
	const records: GenRecord[] = [];
	let time = options.startMs ?? 1_745_460_000_000;
	const header = options.header ?? true;

	if (header) {
		const message = headerMessage(era, pid, cwd, rng);
		const timestamp = formatTimestamp(time);
		const headerFormat = options.headerFormat ?? (format === 'json' ? 'json' : 'text');
		records.push({
			line: {
				text: headerFormat === 'json' ? toJsonLine(message, pid, timestamp) : `[${timestamp}] ${message}`,
				timeMs: Math.floor(time),
				kind: 'header',
				format: headerFormat,
			},
		});
	}

	const values: string[] = [];
	const startup = header && !restricted && options.phases === undefined && (options.startup ?? true) ? STARTUP_MARKERS.slice(0, lines) : [];
	let phaseIndex = 0;
	let phaseLeft = phases.length > 0 ? phases[0].lines : 0;

	for (let i = 0; i < lines; i++) {
		while (phaseIndex < phases.length && phaseLeft === 0) {
			phaseIndex++;
			phaseLeft = phaseIndex < phases.length ? phases[phaseIndex].lines : 0;
		}

		const phase = phaseIndex < phases.length ? phases[phaseIndex] : undefined;
		if (phase !== undefined) {
			phaseLeft--;
		}

		const gap = phase?.gapMs ?? meanGapMs;
		time += i < startup.length ? rng.range(1, 6) : -gap * Math.log(1 - rng.float());
		const timeMs = Math.floor(time);
		const timestamp = formatTimestamp(timeMs);
		const json = format === 'json' || (format === 'mixed' && rng.chance(0.5));
		const lineFormat = json ? 'json' : 'text';
		const emit = (template: Template): string => {
			const message = render(template, g, timeMs, values);
			return flat(json ? renderJson(template, values, message, pid, timestamp) : `[${timestamp}] ${message}`);
		};

		if (i < startup.length) {
			const template = TEMPLATES.get(startup[i])!;
			records.push({line: {text: emit(template), timeMs, kind: 'marker', format: lineFormat, marker: template.marker}});
			continue;
		}

		const roll = rng.float();
		if (hostilePicker !== undefined && roll < hostile) {
			const kind = hostilePicker.pick(rng);
			const template = (phase?.picker ?? mainPicker).pick(rng);
			const message = render(template, g, timeMs);
			const emitted = HOSTILE_BUILDERS[kind]({g, rng, message, timeMs, timestamp, json, pid, longLineBytes});
			records.push({
				line: {text: flat(emitted.text), timeMs, kind: 'hostile', format: emitted.format, marker: template.marker, hostile: kind},
				raw: emitted.raw,
			});
		} else if (roll < hostile + (1 - hostile) * blankRate) {
			records.push({line: {text: '', timeMs, kind: 'blank', format: 'text'}});
		} else if (roll < hostile + (1 - hostile) * (blankRate + otherRate)) {
			const template = rng.pick(OTHER_TEMPLATES);
			records.push({line: {text: emit(template), timeMs, kind: 'other', format: lineFormat}});
		} else {
			const template = (phase?.picker ?? mainPicker).pick(rng);
			records.push({line: {text: emit(template), timeMs, kind: 'marker', format: lineFormat, marker: template.marker}});
		}
	}

	return records;
}

/** The lines (without trailing newlines), header first when enabled. */
export function generateLines(options: GeneratorOptions): GeneratedLine[] {
	return generateRecords(options).map(record => record.line);
}

/** A whole log file as bytes: lines joined with '\n' plus a final '\n'; hostile mode may include invalid UTF-8 bytes. */
export function generateLogBytes(options: GeneratorOptions): Uint8Array {
	const chunks: Uint8Array[] = [];
	let pending: string[] = [];
	const flush = (): void => {
		if (pending.length > 0) {
			chunks.push(Buffer.from(pending.join(''), 'utf8'));
			pending = [];
		}
	};

	for (const record of generateRecords(options)) {
		if (record.raw === undefined) {
			pending.push(record.line.text, '\n');
		} else {
			flush();
			chunks.push(record.raw, Buffer.from('\n'));
		}
	}

	flush();
	return Buffer.concat(chunks);
}
