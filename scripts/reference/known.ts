/**
 * Documented differences between prodex 0.288 (the reference binary) and the rules prodex-top
 * implements (prodex 0.411 / docs/rules.md §2 / docs/parsing.md). A difference is only
 * called "known" when the documented transformation, applied to 0.288's value, gives exactly
 * prodex-top's value; anything else stays a mismatch.
 */
import {isObject, RawNumber, type Json, type JsonObject} from './json.js';

/**
 * Reader-side redaction, control-character part (reference-binary.md: "0.288 does not redact
 * field values on the reader side (so values with secrets or control characters come out raw in
 * its JSON)"; docs/parsing.md R4 and R8: 0.411 turns every Cc character into a space in field
 * values, timestamps and last_marker_line, then trims and cuts last_marker_line per F8/T4).
 * The secret rules R5–R7 are not modelled: the generated logs carry no secrets.
 */
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/g;
const r4 = (text: string) => text.replaceAll(CONTROL, ' ');

/** T4 White_Space (docs/parsing.md); JS trim differs, so spelled out. */
const WHITE = '\t\n\u000B\f\r \u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000';
function trimT4(text: string): string {
	const chars = [...text];
	let start = 0;
	let end = chars.length;
	while (start < end && WHITE.includes(chars[start])) start++;
	while (end > start && WHITE.includes(chars[end - 1])) end--;
	return chars.slice(start, end).join('');
}

const mapStrings = (value: Json, f: (s: string) => string): Json => {
	if (typeof value === 'string') return f(value);
	if (Array.isArray(value)) return value.map(item => mapStrings(item, f));
	if (isObject(value)) {
		const out: JsonObject = Object.create(null) as JsonObject;
		for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, f);
		return out;
	}
	return value;
};

/** Rename value-keys with R4; counts of keys that collide are added (they were tallied apart). */
function sanitizeTally(value: Json): Json {
	if (!isObject(value)) return value;
	const out: JsonObject = Object.create(null) as JsonObject;
	for (const [key, count] of Object.entries(value)) {
		const clean = r4(key);
		const before = out[clean];
		out[clean] =
			before instanceof RawNumber && count instanceof RawNumber ? new RawNumber(String(BigInt(before.raw) + BigInt(count.raw))) : count;
	}
	return out;
}

const perFacet = (value: Json, f: (v: Json) => Json): Json => {
	if (!isObject(value)) return value;
	const out: JsonObject = Object.create(null) as JsonObject;
	for (const [key, item] of Object.entries(value)) out[key] = f(item);
	return out;
};

const CUT = '…';

/**
 * last_marker_line: 0.411 does R4, then the trim, then the 160-character cut (docs/parsing.md
 * F8, R8); 0.288 cut the raw line. R4 maps one scalar to one, so an uncut line only needs R4 and
 * the trim. When 0.288 cut the line and the trim removed characters from its start (a leading
 * control character), 0.411's cut reaches further into the line than 0.288 shows: then it is
 * explained when prodex-top's line is cut too and starts with 0.288's redacted, trimmed prefix.
 */
function lastMarkerLine(ref: Json, top: Json | undefined): Json {
	if (typeof ref !== 'string') return ref;
	if (!ref.endsWith(CUT) || [...ref].length !== 160) return trimT4(r4(ref));
	const prefix = trimT4(r4(ref.slice(0, -CUT.length)));
	const explained = typeof top === 'string' && top.endsWith(CUT) && [...top].length === 160 && top.startsWith(prefix);
	return explained ? top : `${prefix}${CUT}`;
}

/**
 * 0.288's value of `key` as 0.411 would print it (reader-side control-character redaction);
 * `top` (prodex-top's value) is only consulted where 0.288's output lacks the text 0.411 shows.
 */
export function redactLike0411(key: string, value: Json, top?: Json): Json {
	switch (key) {
		case 'first_timestamp':
		case 'last_timestamp':
		case 'top_client_family':
		case 'top_client':
		case 'top_tool_surface':
		case 'top_compat_warning': {
			return typeof value === 'string' ? r4(value) : value;
		}
		case 'last_marker_line': {
			return lastMarkerLine(value, top);
		}
		case 'marker_last_fields': {
			// Field keys are not redacted (R8), values are.
			return perFacet(value, fields => mapStrings(fields, r4));
		}
		case 'facet_counts': {
			return perFacet(value, sanitizeTally);
		}
		case 'previous_response_not_found_by_route':
		case 'previous_response_not_found_by_transport':
		case 'chain_retried_owner_by_reason':
		case 'chain_dead_upstream_confirmed_by_reason':
		case 'stale_continuation_by_reason': {
			return sanitizeTally(value);
		}
		case 'latest_chain_event':
		case 'latest_stale_continuation_reason':
		case 'latest_request_id':
		case 'latest_request_timeline':
		case 'route_profile_events':
		case 'route_health':
		case 'incident_explainer': {
			// Every string in them is a field value, a marker or a timestamp: R4 maps scalar to scalar, so 48-character cuts commute with it.
			return mapStrings(value, r4);
		}
		case 'marker_context_summary': {
			if (!Array.isArray(value)) return value;
			return value.map(entry => {
				if (!isObject(entry)) return entry;
				const out: JsonObject = Object.create(null) as JsonObject;
				for (const [name, item] of Object.entries(entry)) out[name] = ['routes', 'lanes', 'profiles'].includes(name) ? sanitizeTally(item) : item;
				return out;
			});
		}
		case 'selection_summary': {
			if (!isObject(value)) return value;
			const out: JsonObject = Object.create(null) as JsonObject;
			for (const [name, item] of Object.entries(value)) out[name] = name === 'latest_decision' ? mapStrings(item, r4) : isObject(item) ? sanitizeTally(item) : item;
			return out;
		}
		default: {
			return value;
		}
	}
}

/** The pointer notes of docs/rules.md 1.13, longest first so a suffix test picks the right one. */
export const POINTER_NOTES = [
	'Runtime log pointer target was missing; sampled a newer log instead.',
	'Runtime log pointer was stale; sampled a newer log instead.',
	'Runtime log pointer target was missing.',
] as const;

/** The pointer note a diagnosis ends with, or '(none)'. */
export function pointerNote(diagnosis: Json | undefined): string {
	if (typeof diagnosis !== 'string') return '(none)';
	return POINTER_NOTES.find(note => diagnosis === note || diagnosis.endsWith(` ${note}`)) ?? '(none)';
}

/**
 * The incident list 0.411 prints for 0.288's (acceptance case D2; prodex's incident_explainer.rs):
 * 0.411 lists a `profile_health` penalty as its own `route_health_penalty` incident (after
 * `transport_backoff`), and `transport_backoff` only with transport markers and always with the
 * transport next step, where 0.288 folded the health penalty into `transport_backoff`. Only the
 * entries that change are taken from prodex-top's list (their texts are pinned by the D2 and A8
 * unit tests); the others must still agree with 0.288.
 */
export function incidentsLike0411(ref: Json, top: Json | undefined, profileHealth: number): Json {
	if (profileHealth === 0 || !Array.isArray(ref)) return ref;
	const topList = Array.isArray(top) ? top : [];
	const topEntry = (id: string) => topList.find(entry => isObject(entry) && entry.id === id);
	const out: Json[] = [];
	for (const entry of ref) {
		if (isObject(entry) && entry.id === 'transport_backoff') {
			const replacement = topEntry('transport_backoff');
			const onlyHealth = Array.isArray(entry.evidence) && entry.evidence[0] === 'transport_markers=0';
			if (!onlyHealth && replacement !== undefined && isObject(replacement)) out.push({...entry, next_action: replacement.next_action});
			const health = topEntry('route_health_penalty');
			if (health !== undefined) out.push(health);
			continue;
		}
		out.push(entry);
	}
	return out;
}
