/**
 * Lossless JSON reading and a compact structural diff for the reference check.
 *
 * Numbers are kept as their source text (RawNumber), so u64 backlogs and lags above 2^53 compare
 * exactly (docs/parsing.md F4/J5), and `1` vs `1.0` would show up as a difference.
 */

/** A JSON number kept as written. */
export class RawNumber {
	constructor(readonly raw: string) {}
	toString(): string {
		return this.raw;
	}
}

export type Json = null | boolean | string | RawNumber | Json[] | JsonObject;
export type JsonObject = {[key: string]: Json};

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const STRING = /"(?:[^"\\\u0000-\u001F]|\\(?:["\\/bfnrt]|u[\dA-Fa-f]{4}))*"/y;
const LITERALS = {true: true, false: false, null: null} as const;

/** Strict JSON → Json, numbers as RawNumber; objects have a null prototype (any key is safe). */
export function parseLossless(text: string): Json {
	let i = 0;
	const fail = (what: string): never => {
		throw new SyntaxError(`${what} at offset ${i}: ${JSON.stringify(text.slice(i, i + 30))}`);
	};
	const ws = () => {
		while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
	};
	const token = (re: RegExp): string | undefined => {
		re.lastIndex = i;
		const match = re.exec(text);
		if (match === null) return undefined;
		i = re.lastIndex;
		return match[0];
	};
	const string = (): string => JSON.parse(token(STRING) ?? fail('bad string')) as string;
	const value = (): Json => {
		ws();
		const c = text[i];
		if (c === '"') return string();
		if (c === '{') {
			i++;
			const object: JsonObject = Object.create(null) as JsonObject;
			ws();
			if (text[i] === '}') return i++, object;
			for (;;) {
				ws();
				const key = string();
				ws();
				if (text[i++] !== ':') fail('expected :');
				object[key] = value();
				ws();
				const next = text[i++];
				if (next === '}') return object;
				if (next !== ',') fail('expected , or }');
			}
		}
		if (c === '[') {
			i++;
			const array: Json[] = [];
			ws();
			if (text[i] === ']') return i++, array;
			for (;;) {
				array.push(value());
				ws();
				const next = text[i++];
				if (next === ']') return array;
				if (next !== ',') fail('expected , or ]');
			}
		}
		for (const [word, literal] of Object.entries(LITERALS)) {
			if (text.startsWith(word, i)) return (i += word.length), literal;
		}
		return new RawNumber(token(NUMBER) ?? fail('unexpected token'));
	};
	const result = value();
	ws();
	if (i !== text.length) fail('trailing text');
	return result;
}

export const isObject = (value: Json | undefined): value is JsonObject =>
	typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RawNumber);

/** One differing leaf: `path` like `marker_counts.selection_pick`; undefined = key absent. */
export type Diff = {readonly path: string; readonly ref: Json | undefined; readonly top: Json | undefined};

/** Keys in code point order (docs/rules.md 1.12), so diffs list in the doctor's order. */
const codePointOrder = (a: string, b: string) => {
	const x = [...a];
	const y = [...b];
	for (let k = 0; k < Math.min(x.length, y.length); k++) {
		if (x[k] !== y[k]) return x[k].codePointAt(0)! - y[k].codePointAt(0)!;
	}
	return x.length - y.length;
};

/** Append every differing leaf under `path` to `out`. */
export function diffJson(ref: Json | undefined, top: Json | undefined, path: string, out: Diff[]): void {
	if (isObject(ref) && isObject(top)) {
		const keys = [...new Set([...Object.keys(ref), ...Object.keys(top)])].sort(codePointOrder);
		for (const key of keys) diffJson(ref[key], top[key], /^[\w:-]+$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`, out);
		return;
	}
	if (Array.isArray(ref) && Array.isArray(top) && ref.length === top.length) {
		ref.forEach((item, k) => diffJson(item, top[k], `${path}[${k}]`, out));
		return;
	}
	if (!sameLeaf(ref, top)) out.push({path, ref, top});
}

function sameLeaf(a: Json | undefined, b: Json | undefined): boolean {
	if (a instanceof RawNumber && b instanceof RawNumber) return a.raw === b.raw;
	if (typeof a === 'object' && a !== null) return false; // structure vs leaf, or arrays of another length
	return a === b;
}

/** Compact one-line rendering, raw numbers as written, cut to `max` characters. */
export function show(value: Json | undefined, max = 70): string {
	if (value === undefined) return '(absent)';
	const text = JSON.stringify(value, (_key, v: unknown) => (v instanceof RawNumber ? `\u0000${v.raw}\u0000` : v)).replaceAll(
		/"\\u0000(.*?)\\u0000"/g,
		'$1',
	);
	return [...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text;
}

/** Both sides of a diff; two long strings are shown from a little before their first difference. */
export function showPair(ref: Json | undefined, top: Json | undefined, max = 70): [string, string] {
	if (typeof ref !== 'string' || typeof top !== 'string') return [show(ref, max), show(top, max)];
	const [a, b] = [[...ref], [...top]];
	let same = 0;
	while (same < a.length && same < b.length && a[same] === b[same]) same++;
	const from = Math.max(0, same - 12);
	const part = (chars: string[]) => `"…${show(chars.slice(from).join(''), max).slice(1)}`;
	return from > 0 ? [part(a), part(b)] : [show(ref, max), show(top, max)];
}
