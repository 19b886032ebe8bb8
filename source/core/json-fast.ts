import {JSON_FALSE, JSON_NULL, JSON_TRUE, MAX_JSON_DEPTH, parseStrictJson, type JsonValue} from './json.js';

/**
 * `JSON.parse` as a fast path for the strict reader (json.ts), used only where a cheap scan shows
 * that the two cannot differ; everything else goes the exact way. Equal to `parseStrictJson` on
 * every text (property-tested). The exact reader is needed for:
 * - numbers with a fraction or exponent, `-0`, or 16+ digits (serde's text and range rules, J5);
 * - `\uD800`–`\uDFFF` escapes (serde rejects lone surrogates; JSON.parse keeps them);
 * - keys that look like array indexes (a JS object puts them first; a Map keeps text order);
 * - nesting beyond serde's recursion limit, and anything that is not an object at the top.
 */
export function parseStrictJsonFast(text: string): JsonValue | undefined {
	if (RISKY.test(text)) return parseStrictJson(text);
	let parsed: unknown;
	try {
		parsed = JSON.parse(text);
	} catch {
		return parseStrictJson(text);
	}
	if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return parseStrictJson(text);
	return convert(parsed, 1) ?? parseStrictJson(text);
}

// A number right after `:`, `,` or `[` with a fraction, an exponent, 16+ digits, or `-0`; or a
// surrogate escape. Matches inside strings too: that only sends a line the exact way.
const RISKY = /[:,[][ \t\n\r]*(?:-?\d+[.eE]|-?\d{16}|-0(?!\d))|\\u[dD][89a-fA-F]/;
const INDEX_LIKE = /^(?:0|[1-9]\d*)$/;

/** The JsonValue form of a JSON.parse result, or undefined when the exact reader must decide. */
function convert(value: unknown, depth: number): JsonValue | undefined {
	switch (typeof value) {
		case 'string': {
			return {kind: 'string', value};
		}
		case 'number': {
			return Number.isSafeInteger(value) && !Object.is(value, -0) ? {kind: 'number', text: String(value)} : undefined;
		}
		case 'boolean': {
			return value ? JSON_TRUE : JSON_FALSE;
		}
		default: {
			if (value === null) return JSON_NULL;
			if (depth > MAX_JSON_DEPTH) return undefined;
			if (Array.isArray(value)) {
				const items: JsonValue[] = [];
				for (const item of value as unknown[]) {
					const converted = convert(item, depth + 1);
					if (converted === undefined) return undefined;
					items.push(converted);
				}
				return {kind: 'array', items};
			}
			const entries = new Map<string, JsonValue>();
			for (const key of Object.keys(value as object)) {
				if (INDEX_LIKE.test(key)) return undefined;
				const converted = convert((value as Record<string, unknown>)[key], depth + 1);
				if (converted === undefined) return undefined;
				entries.set(key, converted);
			}
			return {kind: 'object', entries};
		}
	}
}
