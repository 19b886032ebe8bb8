import {scanMessage} from './fields.js';
import {buildMarkerAutomaton, type MarkerAutomaton} from './marker-automaton.js';
import type {JsonValue} from './json.js';
import {parseStrictJsonFast} from './json-fast.js';
import type {RuleSet} from './rules/types.js';
import {markerLineText, redactFieldValue, redactText} from './redaction.js';
import {trimRust} from './rust-trim.js';

/** One log line as the doctor reads it; every text in it is already redacted and control-free. */
export type ParsedLine = {
	/** X1/J2 timestamp text (redacted), or null when the line has none. */
	readonly timestamp: string | null;
	/** The recognised marker, or null (such a line still counts in line_count). */
	readonly marker: string | null;
	/** Redacted field values; empty for lines without a marker (fields are parsed only for marker lines). */
	readonly fields: ReadonlyMap<string, string>;
	/** `last_marker_line` candidate: redacted, trimmed, cut to 160 scalars; null without a marker. */
	readonly markerLine: string | null;
};

const NO_FIELDS: ReadonlyMap<string, string> = new Map();


type Catalog = {readonly known: ReadonlySet<string>; readonly substring: MarkerAutomaton};
const catalogs = new WeakMap<RuleSet, Catalog>();

function catalogOf(rules: RuleSet): Catalog {
	let catalog = catalogs.get(rules);
	if (catalog === undefined) {
		catalog = {known: new Set(rules.markers), substring: buildMarkerAutomaton(rules.markers)};
		catalogs.set(rules, catalog);
	}
	return catalog;
}

/** Detection rule 3: the first marker in catalog order found anywhere in the message. */
function substringMarker(catalog: Catalog, message: string): string | null {
	return catalog.substring.first(message);
}

/** X2: the text after the first `] ` anywhere in the line (else the whole line), trimmed. */
function textMessage(raw: string): string {
	const cut = raw.indexOf('] ');
	return trimRust(cut === -1 ? raw : raw.slice(cut + 2));
}

/** X1: a timestamp exists only when the untrimmed line starts with `[` and contains `] `. */
function textTimestamp(raw: string): string | null {
	if (raw.charCodeAt(0) !== 0x5b) return null;
	const cut = raw.indexOf('] ');
	return cut === -1 ? null : raw.slice(1, cut);
}

/** J4: the text a JSON `fields` value contributes; null, arrays and objects contribute nothing. */
function jsonFieldText(value: JsonValue): string | undefined {
	switch (value.kind) {
		case 'string': {
			return value.value;
		}
		case 'number': {
			return value.text;
		}
		case 'bool': {
			return value.value ? 'true' : 'false';
		}
		default: {
			return undefined;
		}
	}
}

/** Redact the scan's own map in place (it is made for this line only; setting an existing key keeps the order). */
function redactFields(raw: Map<string, string>): ReadonlyMap<string, string> {
	if (raw.size === 0) return NO_FIELDS;
	for (const [key, value] of raw) {
		const redacted = redactFieldValue(key, value);
		if (redacted !== value) raw.set(key, redacted);
	}
	return raw;
}

/**
 * A parsed line. `markerLine` is worked out on first read: the summary keeps only the newest
 * one, so a whole-file pass redacts one line instead of every line (same value either way).
 */
class Parsed implements ParsedLine {
	private line: string | null | undefined;

	constructor(
		readonly timestamp: string | null,
		readonly marker: string | null,
		readonly fields: ReadonlyMap<string, string>,
		private readonly raw: string,
	) {}

	get markerLine(): string | null {
		if (this.line === undefined) this.line = this.marker === null ? null : markerLineText(this.raw);
		return this.line;
	}
}

function finish(raw: string, timestamp: string | null, marker: string | null, fields: Map<string, string>): ParsedLine {
	return new Parsed(timestamp === null ? null : redactText(timestamp), marker, marker === null ? NO_FIELDS : redactFields(fields), marker === null ? '' : raw);
}

/** Parse one raw line (no trailing newline) with the current parser and the rule set's catalog. */
export function parseLine(raw: string, rules: RuleSet): ParsedLine {
	const catalog = catalogOf(rules);
	const trimmed = trimRust(raw);
	if (trimmed.charCodeAt(0) === 0x7b) {
		const json = parseStrictJsonFast(trimmed);
		if (json?.kind === 'object') return parseJsonLine(raw, json.entries, catalog);
	}
	const message = textMessage(raw);
	const scan = scanMessage(message);
	const token = scan.eventToken;
	const marker = token !== null && catalog.known.has(token) ? token : substringMarker(catalog, message);
	return finish(raw, textTimestamp(raw), marker, scan.fields);
}

function parseJsonLine(raw: string, entries: ReadonlyMap<string, JsonValue>, catalog: Catalog): ParsedLine {
	const ts = entries.get('timestamp') ?? entries.get('ts');
	const timestamp = ts?.kind === 'string' ? ts.value : null;
	const messageValue = entries.get('message');
	const message = messageValue?.kind === 'string' ? messageValue.value : textMessage(raw);
	const scan = scanMessage(message);
	const event = entries.get('event');
	let marker: string | null = null;
	if (event?.kind === 'string' && catalog.known.has(event.value)) marker = event.value;
	else if (scan.eventToken !== null && catalog.known.has(scan.eventToken)) marker = scan.eventToken;
	else marker = substringMarker(catalog, message);
	if (marker === null) return finish(raw, timestamp, null, scan.fields);
	const fields = scan.fields;
	const jsonFields = entries.get('fields');
	if (jsonFields?.kind === 'object') {
		for (const [key, value] of jsonFields.entries) {
			const text = jsonFieldText(value);
			if (text !== undefined) fields.set(key, text);
		}
	}
	return finish(raw, timestamp, marker, fields);
}
