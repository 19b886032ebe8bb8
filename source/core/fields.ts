import {decodeJsonString} from './json.js';

/** What one scan of a message yields (docs/log-format.md §2.4, docs/parsing.md K1–K4). */
export type ScannedMessage = {
	/** Fields in first-seen key order; the last duplicate's value wins. Values are raw (not redacted). */
	readonly fields: Map<string, string>;
	/** The first token that is not a `key=value` field, or null. */
	readonly eventToken: string | null;
};

/** K1: the tokenizer's separators are ASCII space, \t, \n, \f and \r only. */
function isSeparator(code: number): boolean {
	return code <= 0x20 && SEPARATORS[code] === 1;
}

const SEPARATORS = new Uint8Array(0x21);
for (const code of [0x20, 0x09, 0x0a, 0x0c, 0x0d]) SEPARATORS[code] = 1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const EQUALS = 0x3d;

/** Remove every leading and trailing `"`. */
function stripQuotes(text: string): string {
	let start = 0;
	let end = text.length;
	while (start < end && text.charCodeAt(start) === QUOTE) start++;
	while (end > start && text.charCodeAt(end - 1) === QUOTE) end--;
	return start === 0 && end === text.length ? text : text.slice(start, end);
}

/**
 * Scan a message for `key=value` fields and its event token, as prodex 0.411's parser does:
 * quoted values run to the next unescaped quote and are JSON-decoded (falling back to quote
 * stripping), unquoted values run to the next separator, `k=` is dropped, `k=""` is kept.
 */
export function scanMessage(message: string): ScannedMessage {
	const fields = new Map<string, string>();
	let eventToken: string | null = null;
	const length = message.length;
	let i = 0;
	while (i < length) {
		while (i < length && isSeparator(message.charCodeAt(i))) i++;
		if (i >= length) break;
		const tokenStart = i;
		while (i < length) {
			const code = message.charCodeAt(i);
			if (code === EQUALS || isSeparator(code)) break;
			i++;
		}
		if (i >= length || message.charCodeAt(i) !== EQUALS) {
			eventToken ??= message.slice(tokenStart, i);
			continue;
		}
		const key = message.slice(tokenStart, i);
		i++; // The `=`.
		const valueStart = i;
		let value: string;
		if (i < length && message.charCodeAt(i) === QUOTE) {
			let j = i + 1;
			while (j < length) {
				const code = message.charCodeAt(j);
				if (code === BACKSLASH) j += 2;
				else if (code === QUOTE) break;
				else j++;
			}
			const end = j < length ? j + 1 : length;
			const raw = message.slice(valueStart, end);
			value = decodeJsonString(raw) ?? stripQuotes(raw);
			i = end;
		} else {
			while (i < length && !isSeparator(message.charCodeAt(i))) i++;
			value = i > valueStart && message.charCodeAt(i - 1) !== QUOTE ? message.slice(valueStart, i) : stripQuotes(message.slice(valueStart, i));
		}
		// A field needs a non-empty key and a non-empty raw value: `k=` and `=v` are dropped.
		if (key.length > 0 && i > valueStart) fields.set(key, value);
	}
	return {fields, eventToken};
}
