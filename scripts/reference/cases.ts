/**
 * The cases of the reference check. Each one writes a log directory under its own temp root;
 * the comparison itself lives in scripts/reference-diff.ts.
 */
import {Buffer} from 'node:buffer';
import {cpSync, mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {generateLogBytes, type GeneratorOptions, type HostileKind} from '../../test/helpers/generator.js';
import {EDGE_LOGS, edgeLog} from './edge.js';
import {ROOT} from './tools.js';

/** Keys prodex-top's --json must share with the doctor (docs/output.md §4.1), minus `diagnosis`. */
export const LOG_KEYS = [
	'line_count', 'first_timestamp', 'last_timestamp', 'marker_counts', 'facet_counts', 'marker_last_fields',
	'previous_response_not_found_by_route', 'previous_response_not_found_by_transport', 'last_marker_line',
	'compat_warning_count', 'top_client_family', 'top_client', 'top_tool_surface', 'top_compat_warning',
	'selection_pressure', 'transport_pressure', 'persistence_pressure', 'quota_freshness_pressure', 'startup_audit_pressure',
	'state_save_queue_backlog', 'state_save_lag_ms', 'continuation_journal_save_backlog', 'continuation_journal_save_lag_ms',
	'profile_probe_refresh_backlog', 'profile_probe_refresh_lag_ms', 'failure_class_counts',
	// The insights (docs/insights.md).
	'marker_context_summary', 'chain_retried_owner_by_reason', 'chain_dead_upstream_confirmed_by_reason', 'stale_continuation_by_reason',
	'latest_chain_event', 'latest_stale_continuation_reason', 'latest_request_id', 'latest_request_timeline', 'selection_summary', 'route_profile_events', 'route_health', 'incident_explainer', 'binding_state', 'persisted_turn_state_coverage_percent',
] as const;
export const POINTER_KEYS = ['pointer_exists', 'log_exists', 'log_path'] as const;
/** The command-level keys and `--suggest-policy`'s (docs/policy.md §4–§5); both programs run with the flag. */
export const COMMAND_KEYS = ['policy_suggestion_count', 'policy_suggestions', 'runtime_logs', 'audit_logs', 'runtime_policy', 'secret_backend', 'import_auth_journals'] as const;
/** State-derived keys: empty on both sides with empty homes; compared with the sample home too. */
export const STATE_KEYS = ['degraded_routes', 'orphan_managed_dirs', 'stale_persisted_usage_snapshots', 'persisted_dead_continuations', 'suspect_continuation_bindings'] as const;

export type Case = {
	readonly group: 'generated' | 'pointer' | 'tail' | 'edge' | 'home' | 'policy';
	readonly name: string;
	/** Keys whose difference is a failure (unless known.ts explains it). */
	readonly keys: readonly string[];
	/** Pointer scenarios: the pointer-note suffix of the diagnosis must agree too. */
	readonly compareNote: boolean;
	/** Write the case under `root`; returns the log directory to point both programs at. */
	prepare(root: string): string;
	/** Give both programs a copy of the sample prodex home, shifted to now (else empty homes). */
	readonly home?: boolean;
	/** Extra environment for both programs (PRODEX_* variables). */
	readonly env?: Readonly<Record<string, string>>;
	/** Write files into each side's prodex root (`policy.toml`, journals) and log dir. */
	prepareHome?(prodexRoot: string, logDir: string): void;
	/**
	 * 0.288 refuses this set-up and prints nothing; prodex-top must print its summary with the
	 * refusal under `runtime_configuration_error` or `runtime_policy_error`, and no suggestions.
	 */
	readonly refFails?: boolean;
};

const FIXTURE_HOME = join(ROOT, 'test', 'fixtures', 'prodex-home');
/** The clock the sample home was written for (../shared/fixtures/README.md §1). */
const FIXTURE_NOW = 1_745_463_900;

/**
 * Copy the sample prodex home to `dir`, every epoch time in its JSON files moved by (now − the
 * fixture's clock): seconds (10 digits) and milliseconds (13 digits) alike, so the real binary,
 * which reads the real clock, sees the same ages; `profiles/old-work` is made 8 days old (an orphan).
 */
export function copyShiftedHome(dir: string, nowSeconds: number): void {
	cpSync(FIXTURE_HOME, dir, {recursive: true});
	const delta = nowSeconds - FIXTURE_NOW;
	for (const name of readdirSync(dir)) {
		if (!name.endsWith('.json') && !name.endsWith('.last-good')) continue;
		const path = join(dir, name);
		const text = readFileSync(path, 'utf8').replaceAll(/(?<![\d"])(17\d{8})(\d{3})?(?![\d"])/g, (_all, seconds: string, millis: string | undefined) =>
			millis === undefined ? String(Number(seconds) + delta) : String((Number(seconds) + delta) * 1000 + Number(millis)),
		);
		writeFileSync(path, text);
	}
	const orphan = join(dir, 'profiles', 'old-work');
	const eightDaysAgo = nowSeconds - 8 * 86_400;
	utimesSync(orphan, eightDaysAgo, eightDaysAgo);
}

/** The keys a case with the sample home compares too: the counters and `profiles`. */
const HOME_KEYS = [
	'persisted_retry_backoffs', 'persisted_transport_backoffs', 'persisted_route_circuits', 'persisted_usage_snapshots', 'persisted_response_bindings',
	'persisted_session_bindings', 'persisted_turn_state_bindings', 'persisted_session_id_bindings', 'persisted_verified_continuations', 'persisted_warm_continuations',
	'persisted_suspect_continuations', 'profiles', 'binding_state', 'persisted_turn_state_coverage_percent',
] as const;

/** Generated logs read with the sample prodex home (route_health merges its scores, circuits and backoffs). */
export function homeCases(count: number): Case[] {
	return Array.from({length: count}, (_, k) => {
		const options = {...generatedOptions(k + 101), hostile: 0};
		return {
			group: 'home',
			name: `seed=${options.seed} lines=${options.lines} ${options.format} with the sample home`,
			keys: [...ALL_KEYS, ...HOME_KEYS],
			compareNote: false,
			home: true,
			prepare: root => writeLogDir(root, generateLogBytes(options)),
		};
	});
}

const ALL_KEYS = [...LOG_KEYS, ...POINTER_KEYS, ...STATE_KEYS, ...COMMAND_KEYS];
const LOG_NAME = 'prodex-runtime-1-1745460000000-0.log';

/** A log dir holding `bytes` as its only log, with an absolute pointer (reference-binary.md). */
function writeLogDir(root: string, bytes: Uint8Array): string {
	const logDir = join(root, 'logs');
	mkdirSync(logDir, {recursive: true});
	writeFileSync(join(logDir, LOG_NAME), bytes);
	writeFileSync(join(logDir, 'prodex-runtime-latest.path'), `${join(logDir, LOG_NAME)}\n`);
	return logDir;
}

/**
 * Edge cases that 0.288 prints like 0.411 (no secrets, no control characters: reference-binary.md).
 * `quoted` can still decode `\t`/`\n` escapes into a value; known.ts classifies exactly that.
 */
const SAFE_HOSTILE: readonly HostileKind[] = ['quoted', 'odd-fields', 'json-exotic', 'unknown-word', 'no-timestamp', 'odd-timestamp', 'broken-json'];
const FORMATS = ['text', 'json', 'mixed'] as const;

/** Overrides from the command line (`--hostile RATE`, `--kinds a,b`), for exploring. */
export type GeneratedTweaks = {readonly hostile?: number; readonly kinds?: readonly HostileKind[]};

/** Seed → options: 50..5000 lines (log-uniform), format by seed mod 3, every 4th seed plain. */
export function generatedOptions(seed: number, tweaks: GeneratedTweaks = {}): GeneratorOptions {
	const fraction = (seed * 0.618_033_988_749_895) % 1;
	return {
		seed,
		lines: Math.round(50 * 100 ** fraction),
		format: FORMATS[seed % 3],
		era: seed % 5 === 0 ? 'seed' : 'current',
		requestIds: seed % 7 === 0 ? 'counter' : 'u64',
		hostile: seed % 4 === 0 ? 0 : (tweaks.hostile ?? 0.04),
		hostileKinds: tweaks.kinds ?? SAFE_HOSTILE,
	};
}

export function generatedCases(count: number, tweaks: GeneratedTweaks = {}): Case[] {
	return Array.from({length: count}, (_, k) => {
		const options = generatedOptions(k + 1, tweaks);
		return {
			group: 'generated',
			name: `seed=${options.seed} lines=${options.lines} ${options.format} era=${options.era} hostile=${options.hostile}`,
			keys: ALL_KEYS,
			compareNote: false,
			prepare: root => writeLogDir(root, generateLogBytes(options)),
		};
	});
}

// ----- pointer scenarios A–G (shared/fixtures/README.md §2; mtimes per §1.3) -----

const LOG_4242 = 'prodex-runtime-4242-1745460000000-0.log';
const LOG_4343 = 'prodex-runtime-4343-1745463600000-1.log';

function fixtureLogDir(root: string, pointer: ((logDir: string) => string) | null, remove: readonly string[]): string {
	const logDir = join(root, 'logdir');
	cpSync(join(ROOT, 'test', 'fixtures', 'logdir'), logDir, {recursive: true});
	// README §1.3. Such old mtimes are safe only because tools.ts keeps 0.288 from running its
	// housekeeping (which deletes logs older than 7 days and dangling pointers).
	utimesSync(join(logDir, LOG_4242), 1_745_460_071, 1_745_460_071);
	utimesSync(join(logDir, LOG_4343), 1_745_463_730, 1_745_463_730);
	for (const name of remove) rmSync(join(logDir, name));
	if (pointer !== null) writeFileSync(join(logDir, 'prodex-runtime-latest.path'), `${pointer(logDir)}\n`);
	return logDir;
}

const MISSING = 'prodex-runtime-9999-1745460000000-0.log';
const SCENARIOS: ReadonlyArray<[string, ((logDir: string) => string) | null, readonly string[]]> = [
	['A pointer → 4343', dir => join(dir, LOG_4343), []],
	['B pointer → older 4242', dir => join(dir, LOG_4242), []],
	['C pointer → missing file', dir => join(dir, MISSING), []],
	['D no pointer', null, []],
	['E pointer → missing, no logs', dir => join(dir, MISSING), [LOG_4242, LOG_4343]],
	['F 4343 deleted, pointer → 4242', dir => join(dir, LOG_4242), [LOG_4343]],
	['G pointer outside the log dir', () => '/nonexistent-dir/prodex-runtime-1-1-0.log', []],
];

export const pointerCases = (): Case[] =>
	SCENARIOS.map(([name, pointer, remove]) => ({
		group: 'pointer',
		name,
		keys: [...POINTER_KEYS, 'line_count'],
		compareNote: true,
		prepare: root => fixtureLogDir(root, pointer, remove),
	}));

// ----- tail window (docs/parsing.md T1) and line splitting (T3) -----

const WINDOW = 131_072;
const generated = (seed: number, lines: number, format: 'text' | 'json' | 'mixed') =>
	Buffer.from(generateLogBytes({seed, lines, format, hostile: 0}));

/**
 * Append a filler line so that the window starts `offset` bytes after a line start (0: exactly
 * at it, so T1 drops that whole line; -1: on the previous `\n`, so the line is kept).
 */
function alignedWindow(bytes: Buffer, offset: number): Buffer {
	const lineStart = bytes.indexOf(10, bytes.length - WINDOW + 64) + 1 + offset;
	const extra = lineStart - (bytes.length - WINDOW);
	return Buffer.concat([bytes, Buffer.from(`note ${'x'.repeat(extra - 6)}\n`)]);
}

/** A last line of emoji without newline whose window start falls 1–3 bytes into a character (T2). */
function splitCharacter(): Buffer {
	const body = `${'\u{1F600}'.repeat(50_000)} stream_read_error route=split`;
	for (let pad = 0; ; pad++) {
		const bytes = Buffer.from(`${generated(5014, 10, 'text').toString()}[2025-04-24 09:00:09.000 +07:00] detail=${'p'.repeat(pad)}${body}`);
		const start = bytes.length - WINDOW;
		if ((bytes[start] & 0xc0) === 0x80 && (bytes[start + 1] & 0xc0) === 0x80) return bytes; // two continuation bytes in front
	}
}

const crlf = (bytes: Buffer) => Buffer.from(bytes.toString('utf8').replace(/\n$/, '').replaceAll('\n', '\r\n'));
const longLine = (n: number) => `[2025-04-24 09:00:05.000 +07:00] stream_read_error request=7 transport=http profile=main body=${'y'.repeat(n)}`;

const TAIL: ReadonlyArray<[string, () => Uint8Array]> = [
	['3500 text lines (> 131072 bytes)', () => generated(5001, 3500, 'text')],
	['3000 json lines (> 131072 bytes)', () => generated(5002, 3000, 'json')],
	['4000 mixed lines (> 131072 bytes)', () => generated(5003, 4000, 'mixed')],
	['window starts exactly at a line start', () => alignedWindow(generated(5004, 1500, 'text'), 0)],
	['window starts on the \\n before a line', () => alignedWindow(generated(5005, 1500, 'text'), -1)],
	['window starts one byte into a line', () => alignedWindow(generated(5006, 1500, 'json'), 1)],
	['last 200000-byte line, no newline in window', () => Buffer.from(`${generated(5007, 20, 'text').toString()}${longLine(200_000)}`)],
	['last 200000-byte line + final \\n', () => Buffer.from(`${generated(5008, 20, 'text').toString()}${longLine(200_000)}\n`)],
	['CRLF text, final line without newline', () => crlf(generated(5009, 300, 'text'))],
	['CRLF json, final line without newline', () => crlf(generated(5010, 300, 'json'))],
	['CRLF mixed > 131072 bytes, no final newline', () => crlf(generated(5011, 3000, 'mixed'))],
	['window starts inside a UTF-8 character, no newline in window', splitCharacter],
	['LF, final line without newline', () => generated(5012, 200, 'text').subarray(0, -1)],
	['CRLF, blank lines and a bare \\r line', () => Buffer.from(`${crlf(generated(5013, 100, 'text')).toString()}\r\n\r\n\r\r\n  \r\n[2025-04-24 10:00:00.000 +07:00] stream_read_error request=1`)],
];

export const tailCases = (): Case[] =>
	TAIL.map(([name, bytes]) => ({group: 'tail', name, keys: ALL_KEYS, compareNote: false, prepare: root => writeLogDir(root, bytes())}));

export const edgeCases = (): Case[] =>
	EDGE_LOGS.map(([name, lines]) => ({group: 'edge', name, keys: ALL_KEYS, compareNote: false, prepare: root => writeLogDir(root, edgeLog(lines))}));

const SUGGESTION_LOGS = ['active_request_pressure', 'lane_pressure', 'persistence_backpressure', 'profile_inflight_saturation', 'route_scoped_profile_health', 'websocket_connect_overflow', 'websocket_dns_overflow'];

type PolicyVariant = {readonly name: string; readonly policy?: string; readonly env?: Readonly<Record<string, string>>; readonly extra?: (prodexRoot: string, logDir: string) => void; readonly refFails?: boolean};

/** The tuning the suggestions compare against, every way prodex takes it (docs/policy.md §3), and the command keys' inputs. */
const POLICY_VARIANTS: readonly PolicyVariant[] = [
	{name: 'defaults'},
	{name: 'policy values', policy: 'version = 1\n[runtime_proxy]\ncompact_active_limit = 3\nactive_request_limit = 10\nprofile_inflight_hard_limit = 5\nwebsocket_dns_overflow_capacity = 0\n'},
	{name: 'policy zero limit (refused)', policy: 'version = 1\n[runtime_proxy]\nstandard_active_limit = 0\n', refFails: true},
	{name: 'policy version 2 (refused)', policy: 'version = 2\n', refFails: true},
	{name: 'preset low', policy: 'version = 1\n[runtime_proxy]\npreset = "low"\nworker_count = 6\n'},
	{name: 'env preset aggressive over policy preset', policy: 'version = 1\n[runtime_proxy]\npreset = "low"\n', env: {PRODEX_RUNTIME_PROXY_PRESET: 'aggressive'}},
	{name: 'env overrides', env: {PRODEX_RUNTIME_PROXY_COMPACT_ACTIVE_LIMIT: '2', PRODEX_RUNTIME_WEBSOCKET_CONNECT_WORKER_COUNT: '9', PRODEX_RUNTIME_PROXY_PROFILE_INFLIGHT_SOFT_LIMIT: '+3'}},
	{name: 'invalid env (refused)', env: {PRODEX_RUNTIME_PROXY_ACTIVE_REQUEST_LIMIT: '0'}, refFails: true},
	{name: 'keyring without service, audit log, journals', env: {PRODEX_SECRET_BACKEND: 'keyring'}, extra: (prodexRoot, logDir) => {
		writeFileSync(join(logDir, 'prodex-audit.log'), '');
		mkdirSync(join(prodexRoot, 'profile-import-auth-journal'), {recursive: true});
		for (const name of ['import-1.json', 'import-2.json']) writeFileSync(join(prodexRoot, 'profile-import-auth-journal', name), '{}');
	}},
	{name: 'log format and secrets from policy', policy: 'version = 1\n[runtime]\nlog_format = "json"\n[secrets]\nbackend = "file"\n'},
];

/** prodex's suggestion fixtures under each tuning variant. */
export const policyCases = (): Case[] =>
	SUGGESTION_LOGS.flatMap(log => POLICY_VARIANTS.map((variant): Case => ({
		group: 'policy',
		name: `${log} · ${variant.name}`,
		keys: ALL_KEYS,
		compareNote: false,
		env: variant.env,
		refFails: variant.refFails,
		prepare: root => writeLogDir(root, readFileSync(join(ROOT, 'test', 'fixtures', 'suggestions', `${log}.log`))),
		prepareHome: (prodexRoot, logDir) => {
			mkdirSync(prodexRoot, {recursive: true});
			if (variant.policy !== undefined) writeFileSync(join(prodexRoot, 'policy.toml'), variant.policy);
			variant.extra?.(prodexRoot, logDir);
		},
	})));
