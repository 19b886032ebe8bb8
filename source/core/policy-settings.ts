import {tableKeys, type TomlDoc} from './policy-toml.js';

/**
 * What prodex-top takes from a parsed `policy.toml` (docs/policy.md §2): the `[runtime]` log
 * settings, the `[runtime_proxy]` tuning knobs, the `[secrets]` backend and the file's `version`.
 */

/** `[runtime]`: only `log_format` and `log_dir` are allowed there; null when the table is invalid. */
export type RuntimeSettings = {readonly logDir: string | null; readonly logFormat: 'text' | 'json' | null};

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

export function runtimeSettings(doc: TomlDoc): RuntimeSettings | null {
	let logDir: string | null = null;
	let logFormat: 'text' | 'json' | null = null;
	for (const [key, value] of tableKeys(doc, 'runtime')) {
		if (!BARE_KEY.test(key)) return null;
		if (key === 'log_dir') {
			if (value.kind !== 'string' || value.value === '') return null;
			logDir = value.value;
		} else if (key === 'log_format') {
			if (value.kind !== 'string' || (value.value !== 'text' && value.value !== 'json')) return null;
			logFormat = value.value;
		} else return null;
	}
	return {logDir, logFormat};
}

/** The file's top-level `version` (a u32), or null when it is missing or not one. */
export function policyVersion(doc: TomlDoc): number | null {
	const value = doc.get('version');
	return value?.kind === 'integer' && value.value >= 0n && value.value <= 4_294_967_295n ? Number(value.value) : null;
}

/** `[secrets]` `backend` and `keyring_service` as written (validated by core/command-keys.ts). */
export function secretsSettings(doc: TomlDoc): {readonly backend: string | null; readonly keyringService: string | null} {
	const keys = tableKeys(doc, 'secrets');
	const text = (key: string) => {
		const value = keys.get(key);
		return value?.kind === 'string' ? value.value : null;
	};
	return {backend: text('backend'), keyringService: text('keyring_service')};
}

/** `[runtime_proxy]` integer knobs and `preset`, with the problems found (unknown keys are not judged). */
export type ProxySettings = {
	readonly preset: string | null;
	readonly values: ReadonlyMap<string, bigint>;
	readonly errors: readonly string[];
};

export function proxySettings(doc: TomlDoc, integerKeys: ReadonlySet<string>): ProxySettings {
	const values = new Map<string, bigint>();
	const errors: string[] = [];
	let preset: string | null = null;
	for (const [key, value] of tableKeys(doc, 'runtime_proxy')) {
		if (key === 'preset') {
			if (value.kind === 'string') preset = value.value;
			else errors.push('runtime_proxy.preset must be a string');
		} else if (integerKeys.has(key)) {
			if (value.kind === 'integer' && value.value >= 0n) values.set(key, value.value);
			else errors.push(`runtime_proxy.${key} must be a non-negative integer`);
		}
	}
	return {preset, values, errors};
}
