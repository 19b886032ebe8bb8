/**
 * The subset of TOML that prodex-top reads from `policy.toml` (docs/policy.md §1): tables,
 * dotted keys, one-line strings, integers and booleans. Anything else (arrays, inline tables,
 * floats, dates, multi-line strings) is kept as `other`: prodex-top never needs those values, and
 * a key it does need that holds one is refused by the reader of that key.
 */
export type TomlValue =
	| {readonly kind: 'string'; readonly value: string}
	| {readonly kind: 'integer'; readonly value: bigint}
	| {readonly kind: 'boolean'; readonly value: boolean}
	| {readonly kind: 'other'};

/** Every `key = value` of the file by its full dotted path (`runtime_proxy.active_request_limit`). */
export type TomlDoc = ReadonlyMap<string, TomlValue>;

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {b: '\b', t: '\t', n: '\n', f: '\f', r: '\r', '"': '"', '\\': '\\', e: '\u001B'};

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
		if (e !== undefined && e in SIMPLE_ESCAPES) out += SIMPLE_ESCAPES[e];
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

/** Parse the value part of a `key = value` line (a trailing comment allowed). */
export function parseTomlValue(text: string): TomlValue {
	const value = text.trim();
	const basic = /^"((?:[^"\\]|\\.)*)"\s*(?:#.*)?$/.exec(value);
	if (basic) {
		const decoded = decodeBasic(basic[1]!);
		return decoded === undefined ? {kind: 'other'} : {kind: 'string', value: decoded};
	}
	const literal = /^'([^']*)'\s*(?:#.*)?$/.exec(value);
	if (literal) return {kind: 'string', value: literal[1]!};
	// Integers: decimal with optional sign and single underscores between digits, or 0x/0o/0b.
	const integer = /^([+-]?(?:0|[1-9](?:_?\d)*)|0x[0-9A-Fa-f](?:_?[0-9A-Fa-f])*|0o[0-7](?:_?[0-7])*|0b[01](?:_?[01])*)\s*(?:#.*)?$/.exec(value);
	if (integer) {
		const digits = integer[1]!.replaceAll('_', '');
		const negative = digits.startsWith('-');
		const body = digits.replace(/^[+-]/, '');
		const parsed = BigInt(body);
		return {kind: 'integer', value: negative ? -parsed : parsed};
	}
	const bool = /^(true|false)\s*(?:#.*)?$/.exec(value);
	if (bool) return {kind: 'boolean', value: bool[1] === 'true'};
	return {kind: 'other'};
}

function unquoteKey(key: string): string {
	const k = key.trim();
	if (k.startsWith('"') && k.endsWith('"')) return decodeBasic(k.slice(1, -1)) ?? k;
	if (k.startsWith("'") && k.endsWith("'")) return k.slice(1, -1);
	return k;
}

/** Split `a."b.c".d` on the dots outside quotes. */
function splitDotted(key: string): string[] {
	const parts: string[] = [];
	let current = '';
	let quote: string | null = null;
	for (const c of key) {
		if (quote !== null) {
			current += c;
			if (c === quote) quote = null;
		} else if (c === '"' || c === "'") {
			quote = c;
			current += c;
		} else if (c === '.') {
			parts.push(current);
			current = '';
		} else current += c;
	}
	parts.push(current);
	return parts.map(unquoteKey);
}

/** The index of the `=` that ends a key (outside quotes), or -1. */
function keyEnd(line: string): number {
	let quote: string | null = null;
	for (let i = 0; i < line.length; i++) {
		const c = line[i];
		if (quote !== null) {
			if (c === quote) quote = null;
		} else if (c === '"' || c === "'") quote = c;
		else if (c === '=') return i;
	}
	return -1;
}

/**
 * Read the file's `key = value` pairs. Array-of-tables (`[[x]]`) sections and the lines of a
 * multi-line value are skipped; a later duplicate key keeps the first value (TOML forbids
 * duplicates; prodex then rejects the file, see docs/policy.md §1).
 */
export function parseToml(text: string): TomlDoc {
	const doc = new Map<string, TomlValue>();
	let table: string | null = '';
	for (const rawLine of text.split(/\r?\n/)) {
		const line = rawLine.trim();
		if (line === '' || line.startsWith('#')) continue;
		if (line.startsWith('[[')) {
			table = null;
			continue;
		}
		const header = /^\[\s*([^\][]+?)\s*\]\s*(?:#.*)?$/.exec(line);
		if (header) {
			table = splitDotted(header[1]!).join('.');
			continue;
		}
		if (table === null) continue;
		const eq = keyEnd(line);
		if (eq <= 0) continue;
		const path = [table, ...splitDotted(line.slice(0, eq))].filter(Boolean).join('.');
		if (!doc.has(path)) doc.set(path, parseTomlValue(line.slice(eq + 1)));
	}
	return doc;
}

/** The keys of one table (`runtime_proxy`): the rest of each path, only one level deep. */
export function tableKeys(doc: TomlDoc, table: string): Map<string, TomlValue> {
	const keys = new Map<string, TomlValue>();
	const prefix = `${table}.`;
	for (const [path, value] of doc) {
		if (!path.startsWith(prefix)) continue;
		const key = path.slice(prefix.length);
		if (!key.includes('.')) keys.set(key, value);
	}
	return keys;
}
