import type {RulesChoice} from './core/rules/index.js';
import {RULE_SET_IDS} from './core/rules/registry.js';
import {WINDOWS, type WindowId} from './core/window.js';

/** The colour themes `--theme` takes (ui/theme.ts resolves them). */
export const THEME_NAMES = ['dark', 'light', 'mono'] as const;
export type ThemeName = (typeof THEME_NAMES)[number];
export type ThemeChoice = ThemeName | 'auto';

/** Where the lines come from. */
export type SourceOption =
	| {readonly kind: 'dir'; readonly dir: string | null}
	| {readonly kind: 'file'; readonly path: string}
	| {readonly kind: 'stdin'}
	| {readonly kind: 'demo'};

/** What the process does. */
export type ModeOption = 'dashboard' | 'once' | 'json' | 'json-follow';

/** `--metrics [HOST:]PORT`: where the exporter listens (port 0 = an ephemeral port). */
export type MetricsAddress = {readonly host: string; readonly port: number};

/** The opt-in metric labels of `--metrics-labels` (bounded sets only; profile values capped per run). */
export const METRICS_LABELS = ['profile'] as const;
export type MetricsLabel = (typeof METRICS_LABELS)[number];

/** Validated, normalised command-line options. */
export type Options = {
	readonly source: SourceOption;
	readonly prodexHome: string | undefined;
	readonly tailBytes: number;
	readonly rules: RulesChoice;
	readonly mode: ModeOption;
	readonly window: WindowId;
	readonly color: boolean;
	readonly theme: ThemeChoice;
	/** `y` copies to the clipboard (OSC 52); `--no-clipboard` turns it off. */
	readonly clipboard: boolean;
	/** The dashboard reads the mouse (SGR reports); `--no-mouse` turns it off. */
	readonly mouse: boolean;
	/** Where `s` writes snapshots (default: the current directory). */
	readonly snapshotDir: string | undefined;
	/** `--suggest-policy`: add prodex's policy.toml suggestions to the output. */
	readonly suggestPolicy: boolean;
	/** `--metrics`: serve /metrics there, or null. */
	readonly metrics: MetricsAddress | null;
	/** `--headless` (or `--metrics` without a terminal): the exporter as a service, no dashboard. */
	readonly headless: boolean;
	readonly metricsLabels: readonly MetricsLabel[];
};

/** The doctor's window: 128 KiB. */
export const DEFAULT_TAIL_BYTES = 131_072;

/** The flags meow knows (camelCase keys). */
export const KNOWN_FLAGS = new Set([
	'logDir',
	'log',
	'stdin',
	'prodexHome',
	'tailBytes',
	'rules',
	'once',
	'json',
	'follow',
	'color',
	'clipboard',
	'mouse',
	'demo',
	'window',
	'theme',
	'snapshotDir',
	'suggestPolicy',
	'metrics',
	'headless',
	'metricsLabels',
	'help',
	'version',
]);

/** The loopback address `--metrics PORT` binds: another address only when named. */
export const DEFAULT_METRICS_HOST = '127.0.0.1';

const IPV4 = /^(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const IPV6 = /^[\da-f:.]+$/i;

/**
 * `--metrics [HOST:]PORT`: `9464` is 127.0.0.1:9464; a host is an IPv4 address, `localhost` or
 * an IPv6 address in brackets (`[::1]:9464`); port 0 asks for an ephemeral port.
 */
export function parseMetricsAddress(text: string): MetricsAddress | {error: string} {
	const bad = {error: `--metrics must be PORT or HOST:PORT (an IPv4 address, localhost or [IPv6]), not ${JSON.stringify(text)}`};
	const match = /^(?:(\[[^\]]*\]|[^:[\]]+):)?(\d{1,5})$/.exec(text);
	if (match === null) return bad;
	const port = Number(match[2]);
	if (port > 65_535) return {error: `--metrics port must be 0-65535, not ${match[2]}`};
	const named = match[1];
	if (named === undefined) return {host: DEFAULT_METRICS_HOST, port};
	if (named.startsWith('[')) {
		const host = named.slice(1, -1);
		return IPV6.test(host) && host.includes(':') ? {host, port} : bad;
	}
	return IPV4.test(named) || named === 'localhost' ? {host: named, port} : bad;
}

const kebab = (key: string) => key.replaceAll(/[A-Z]/g, c => `-${c.toLowerCase()}`);

type RawFlags = Readonly<Record<string, unknown>>;

function stringFlag(flags: RawFlags, key: string): string | undefined | Error {
	const value = flags[key];
	if (value === undefined) return undefined;
	if (typeof value !== 'string' || value === '') return new Error(`--${kebab(key)} needs a value`);
	return value;
}

/**
 * Validate and normalise parsed flags. Never exits or prints: an invalid combination comes back
 * as `{error}` with a one-line message.
 */
export function parseOptions(flags: RawFlags, input: readonly string[]): Options | {error: string} {
	const unknown = Object.keys(flags).find(key => !KNOWN_FLAGS.has(key));
	if (unknown !== undefined) return {error: `unknown flag ${unknown.length === 1 ? '-' : '--'}${kebab(unknown)}`};
	if (input.length > 0) return {error: `unexpected argument ${JSON.stringify(input[0])}`};

	const strings: Record<string, string | undefined> = {};
	for (const key of ['logDir', 'log', 'prodexHome', 'tailBytes', 'rules', 'window', 'theme', 'snapshotDir', 'metrics', 'metricsLabels']) {
		const value = stringFlag(flags, key);
		if (value instanceof Error) return {error: value.message};
		strings[key] = value;
	}
	const bool = (key: string) => flags[key] === true;

	const sources = [strings.logDir !== undefined, strings.log !== undefined, bool('stdin'), bool('demo')].filter(Boolean).length;
	if (sources > 1) return {error: 'choose one source: --log-dir, --log, --stdin or --demo'};
	const source: SourceOption = bool('demo')
		? {kind: 'demo'}
		: bool('stdin')
			? {kind: 'stdin'}
			: strings.log === undefined
				? {kind: 'dir', dir: strings.logDir ?? null}
				: {kind: 'file', path: strings.log};

	let tailBytes = DEFAULT_TAIL_BYTES;
	if (strings.tailBytes !== undefined) {
		if (!/^\d+$/.test(strings.tailBytes) || !Number.isSafeInteger(Number(strings.tailBytes))) {
			return {error: `--tail-bytes must be a whole number of bytes (0 = whole file), not ${JSON.stringify(strings.tailBytes)}`};
		}
		tailBytes = Number(strings.tailBytes);
	}

	const rules = strings.rules ?? 'auto';
	if (rules !== 'auto' && !(RULE_SET_IDS as readonly string[]).includes(rules)) {
		return {error: `--rules must be auto, ${RULE_SET_IDS.slice(0, -1).join(', ')} or ${RULE_SET_IDS.at(-1)}, not ${JSON.stringify(rules)}`};
	}

	const window = strings.window ?? 'doctor';
	if (!(WINDOWS as readonly string[]).includes(window)) return {error: `--window must be one of ${WINDOWS.join(', ')}, not ${JSON.stringify(window)}`};

	const theme = strings.theme ?? 'auto';
	if (theme !== 'auto' && !(THEME_NAMES as readonly string[]).includes(theme)) return {error: `--theme must be auto, dark, light or mono, not ${JSON.stringify(theme)}`};

	if (bool('once') && bool('json')) return {error: '--once and --json cannot be combined'};
	if (bool('follow') && !bool('json')) return {error: '--follow only works with --json'};
	const mode: ModeOption = bool('json') ? (bool('follow') ? 'json-follow' : 'json') : bool('once') ? 'once' : 'dashboard';
	// The demo is a live replay: a one-shot summary of it would show only its first line.
	if (source.kind === 'demo' && (mode === 'once' || mode === 'json')) return {error: '--demo needs the dashboard or --json --follow'};

	let metrics: MetricsAddress | null = null;
	if (strings.metrics !== undefined) {
		const parsed = parseMetricsAddress(strings.metrics);
		if ('error' in parsed) return parsed;
		metrics = parsed;
	}
	const metricsLabels: MetricsLabel[] = [];
	if (strings.metricsLabels !== undefined) {
		for (const label of strings.metricsLabels.split(',')) {
			if (!(METRICS_LABELS as readonly string[]).includes(label)) return {error: `--metrics-labels takes ${METRICS_LABELS.join(', ')}, not ${JSON.stringify(label)}`};
			if (!metricsLabels.includes(label as MetricsLabel)) metricsLabels.push(label as MetricsLabel);
		}
		if (metrics === null) return {error: '--metrics-labels only works with --metrics'};
	}
	if (bool('headless') && metrics === null) return {error: '--headless needs --metrics [HOST:]PORT'};
	if (metrics !== null && mode !== 'dashboard') return {error: '--metrics works with the dashboard or --headless, not with --once or --json'};

	return {source, prodexHome: strings.prodexHome, tailBytes, rules: rules as RulesChoice, mode, window: window as WindowId, color: flags.color !== false, theme: theme as ThemeChoice, snapshotDir: strings.snapshotDir, suggestPolicy: bool('suggestPolicy'), metrics, headless: bool('headless'), metricsLabels, clipboard: flags.clipboard !== false, mouse: flags.mouse !== false};
}
