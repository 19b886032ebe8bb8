import {readFileSync} from 'node:fs';
import {join} from 'node:path';

/** What prodex-top reads from `<prodex home>/policy.toml`: the `[runtime]` table's log settings. */
export type RuntimePolicy = {readonly logDir: string | null; readonly logFormat: 'text' | 'json' | null};

const BARE_KEY = /^[A-Za-z0-9_-]+$/;

/** Decode a TOML basic string body (without quotes); undefined on a bad escape. */
function decodeBasic(body: string): string | undefined {
	let out = '';
	for (let i = 0; i < body.length; i++) {
		const c = body[i];
		if (c !== '\\') {
			out += c;
			continue;
		}
		const e = body[++i];
		const simple: Record<string, string> = {b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\u001B'};
		if (e !== undefined && e in simple) out += simple[e];
		else if (e === 'u' || e === 'U') {
			const size = e === 'u' ? 4 : 8;
			const hex = body.slice(i + 1, i + 1 + size);
			if (!/^[0-9A-Fa-f]+$/.test(hex) || hex.length !== size) return undefined;
			const code = Number.parseInt(hex, 16);
			if (code > 0x10_ff_ff || (code >= 0xd8_00 && code <= 0xdf_ff)) return undefined;
			out += String.fromCodePoint(code);
			i += size;
		} else return undefined;
	}
	return out;
}

/** Parse a one-line TOML value that is a string; undefined for anything else or a syntax error. */
function parseStringValue(text: string): string | undefined {
	const value = text.trim();
	const basic = /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(value);
	if (basic) return decodeBasic(basic[1]!);
	const literal = /^'([^']*)'\s*(?:#.*)?$/.exec(value);
	return literal ? literal[1] : undefined;
}

function unquoteKey(key: string): string {
	const k = key.trim();
	if (k.startsWith('"') && k.endsWith('"')) return decodeBasic(k.slice(1, -1)) ?? k;
	if (k.startsWith("'") && k.endsWith("'")) return k.slice(1, -1);
	return k;
}

/**
 * Read `[runtime] log_dir` / `log_format` as prodex does; returns null when the file is missing,
 * unreadable or invalid for this purpose (prodex then silently ignores it). Only the `[runtime]`
 * table is checked: prodex also rejects the whole file for errors in other tables, which
 * prodex-top cannot know in full (readme: "Where the log is").
 */
export function readRuntimePolicy(prodexHome: string): RuntimePolicy | null {
	let text: string;
	try {
		text = readFileSync(join(prodexHome, 'policy.toml'), 'utf8');
	} catch {
		return null;
	}
	let table = '';
	let logDir: string | null = null;
	let logFormat: 'text' | 'json' | null = null;
	for (const rawLine of text.split(/\r?\n/)) {
		const line = rawLine.trim();
		if (line === '' || line.startsWith('#')) continue;
		const header = /^\[\s*([^\][]+?)\s*\]\s*(?:#.*)?$/.exec(line);
		if (header) {
			table = header[1]!.split('.').map(unquoteKey).join('.');
			continue;
		}
		if (line.startsWith('[')) {
			table = '[[array]]';
			continue;
		}
		const eq = line.indexOf('=');
		if (eq <= 0) continue;
		const keyPath = [table, ...line.slice(0, eq).split('.').map(unquoteKey)].filter(Boolean).join('.');
		if (!keyPath.startsWith('runtime.') || keyPath.split('.').length !== 2) continue;
		const key = keyPath.slice('runtime.'.length);
		if (!BARE_KEY.test(key)) return null;
		const value = parseStringValue(line.slice(eq + 1));
		if (key === 'log_dir') {
			if (value === undefined || value === '') return null;
			logDir = value;
		} else if (key === 'log_format') {
			if (value !== 'text' && value !== 'json') return null;
			logFormat = value;
		} else return null; // `[runtime]` accepts only log_format and log_dir.
	}
	return {logDir, logFormat};
}
