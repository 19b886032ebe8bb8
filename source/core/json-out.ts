import {compareCodePoints} from './order.js';

/** Values the JSON writer accepts: plain data, Maps (written as objects) and bigints (written as digits). */
export type JsonOut =
	| null
	| boolean
	| number
	| bigint
	| string
	| readonly JsonOut[]
	| ReadonlyMap<string, JsonOut>
	| {readonly [key: string]: JsonOut};

function entriesOf(value: ReadonlyMap<string, JsonOut> | {readonly [key: string]: JsonOut}): Array<[string, JsonOut]> {
	const entries: Array<[string, JsonOut]> = value instanceof Map ? [...value.entries()] : Object.entries(value);
	return entries.sort((a, b) => compareCodePoints(a[0], b[0]));
}

function write(value: JsonOut, indent: string, step: string, out: string[]): void {
	if (value === null || typeof value === 'boolean' || typeof value === 'number') {
		out.push(JSON.stringify(value));
		return;
	}
	if (typeof value === 'bigint') {
		out.push(value.toString());
		return;
	}
	if (typeof value === 'string') {
		out.push(JSON.stringify(value));
		return;
	}
	const inner = indent + step;
	const newline = step === '' ? '' : '\n';
	const colon = step === '' ? ':' : ': ';
	if (Array.isArray(value)) {
		if (value.length === 0) {
			out.push('[]');
			return;
		}
		out.push('[', newline);
		value.forEach((item, index) => {
			out.push(inner);
			write(item, inner, step, out);
			out.push(index < value.length - 1 ? ',' : '', newline);
		});
		out.push(indent, ']');
		return;
	}
	const entries = entriesOf(value as ReadonlyMap<string, JsonOut>);
	if (entries.length === 0) {
		out.push('{}');
		return;
	}
	out.push('{', newline);
	entries.forEach(([key, item], index) => {
		out.push(inner, JSON.stringify(key), colon);
		write(item, inner, step, out);
		out.push(index < entries.length - 1 ? ',' : '', newline);
	});
	out.push(indent, '}');
}

/**
 * Serialise like prodex's serde_json output: object keys in code point order at every level,
 * bigints as exact digits; `pretty` indents by two spaces, else one compact line (NDJSON).
 */
export function toJson(value: JsonOut, pretty = true): string {
	const out: string[] = [];
	write(value, '', pretty ? '  ' : '', out);
	return out.join('');
}
