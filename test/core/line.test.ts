import {describe, expect, test} from 'vitest';
import {parseLine} from '../../source/core/line.js';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';

const p027 = (raw: string) => parseLine(raw, RULES_027);
const pCur = (raw: string) => parseLine(raw, RULES_CURRENT);

describe('text lines (docs/parsing.md X1–X2)', () => {
	test.each<[string, string | null, string | null]>([
		['[2025-04-24 10:00:04.388 +07:00] first_local_chunk bytes=1', '2025-04-24 10:00:04.388 +07:00', 'first_local_chunk'],
		['[] first_local_chunk', '', 'first_local_chunk'],
		[' [ts] first_local_chunk', null, 'first_local_chunk'],
		['[ts]first_local_chunk', null, 'first_local_chunk'],
		['[a] b] first_local_chunk', 'a', 'first_local_chunk'],
		['first_local_chunk reason=[x] tail=1', null, null],
		['[2026-04-28T00:00:00Z] runtime_proxy_queue_overloaded lane=responses', '2026-04-28T00:00:00Z', 'runtime_proxy_queue_overloaded'],
	])('%j', (raw, timestamp, marker) => {
		const line = p027(raw);
		expect(line.timestamp).toBe(timestamp);
		expect(line.marker).toBe(marker);
	});

	test('X2: the message starts after the first "] " even without a leading [', () => {
		// `marker reason=[x] tail=1` has the message `tail=1`: no marker.
		expect(p027('selection_pick reason=[x] tail=1').marker).toBeNull();
		expect(p027('x] selection_pick a=1').fields.get('a')).toBe('1');
	});

	test('timestamps are redacted and control-free', () => {
		expect(p027('[ts\u001B[31m token=abc] first_local_chunk').timestamp).toBe('ts [31m token=<redacted>');
	});

	test('fields are parsed only for marker lines', () => {
		expect(p027('[t] unknown_marker a=1').fields.size).toBe(0);
		expect(p027('[t] unknown_marker a=1').markerLine).toBeNull();
	});

	test('marker line is redacted, trimmed and cut to 160 scalars', () => {
		const long = `[t] first_local_chunk ${'é'.repeat(300)}  `;
		const line = p027(long);
		expect([...(line.markerLine ?? '')]).toHaveLength(160);
		expect(line.markerLine?.endsWith('…')).toBe(true);
		expect(p027('  [t] first_local_chunk api_key=sk-abc  ').markerLine).toBe('[t] first_local_chunk api_key=<redacted>');
	});
});

describe('marker detection (docs/log-format.md §2.3, docs/parsing.md K4–K6)', () => {
	test.each<[string, string | null, string | null]>([
		// [line, 0.27 marker, current marker]
		['upstream_read_error request=1', 'stream_read_error', 'upstream_read_error'],
		['websocket_reuse_watchdog_timeout profile=a', 'websocket_reuse_watchdog', 'websocket_reuse_watchdog_timeout'],
		['compact_fresh_fallback_blocked request=1 reason=precommit_budget_exhausted', 'compact_fresh_fallback_blocked', 'compact_fresh_fallback_blocked'],
		['compact_precommit_budget_exhausted route=x', 'precommit_budget_exhausted', 'compact_precommit_budget_exhausted'],
		['chain_retried_owner reason=previous_response_not_found_locked_affinity', 'previous_response_not_found', 'chain_retried_owner'],
		['profile_inflight_underflow profile=main', null, 'profile_inflight'],
		['binding previous_response_owner profile=second', null, 'previous_response_owner'],
		['mystery_event reason=previous_response_not_found', 'previous_response_not_found', 'previous_response_not_found'],
		['state_save_queue_backpressure backlog=1', null, 'state_save_queue_backpressure'],
		['smart_context_autopilot task_quality_previous_response_not_found=1', 'previous_response_not_found', 'smart_context_autopilot'],
		// Case-sensitive.
		['SELECTION_PICK profile=a', null, null],
		// Only the first plain token is tried by rule 2; rule 3 then walks the catalog in order.
		['hello selection_pick stream_read_error', 'selection_pick', 'selection_pick'],
		['hello stream_read_error selection_pick', 'selection_pick', 'selection_pick'],
		['hello first_local_chunk state_save_ok', 'first_local_chunk', 'first_local_chunk'],
		['hello token_usage stream_read_error', 'stream_read_error', 'stream_read_error'],
		// A quoted value never yields an event token, but the substring rule still sees it.
		['error="selection_pick happened"', 'selection_pick', 'selection_pick'],
		['runtime_proxy_admission_wait_exhausted lane=x', 'runtime_proxy_admission_wait_exhausted', 'runtime_proxy_admission_wait_exhausted'],
	])('%j', (message, marker027, markerCurrent) => {
		expect(p027(`[t] ${message}`).marker).toBe(marker027);
		expect(pCur(`[t] ${message}`).marker).toBe(markerCurrent);
	});
});

describe('JSON lines (docs/parsing.md J1–J4)', () => {
	test('J2: timestamp wins whenever present; ts only when timestamp is absent', () => {
		expect(p027('{"ts":"b","message":"first_local_chunk"}').timestamp).toBe('b');
		expect(p027('{"timestamp":"a","ts":"b","message":"first_local_chunk"}').timestamp).toBe('a');
		expect(p027('{"timestamp":5,"ts":"b","message":"first_local_chunk"}').timestamp).toBeNull();
		expect(p027('{"message":"first_local_chunk"}').timestamp).toBeNull();
	});
	test('J3: a non-string message falls back to the raw line (X2 applies)', () => {
		const line = p027('{"timestamp":"t","message":5,"note":"selection_pick here a=1"}');
		expect(line.marker).toBe('selection_pick');
		expect(line.timestamp).toBe('t');
	});
	test('J3: an empty string message is used as is', () => {
		const line = p027('{"message":"","event":"selection_pick","fields":{"a":"1"}}');
		expect(line.marker).toBe('selection_pick');
		expect(Object.fromEntries(line.fields)).toEqual({a: '1'});
	});
	test('J4: JSON fields overlay text fields; null/arrays/objects dropped; bools and numbers as text', () => {
		const line = p027('{"message":"selection_pick a=1 b=2 c=3","fields":{"b":"x","c":null,"d":[1],"e":{"f":1},"g":true,"h":-0,"i":18446744073709551616,"":"empty-key"}}');
		expect(Object.fromEntries(line.fields)).toEqual({a: '1', b: 'x', c: '3', g: 'true', h: '-0.0', i: '1.8446744073709552e+19', '': 'empty-key'});
	});
	test('J1: a broken JSON line is a text line', () => {
		const line = p027('{"message":"selection_pick a=1",}');
		expect(line.marker).toBe('selection_pick');
		expect(line.timestamp).toBeNull();
	});
	test('J1: JSON event must be a known marker to win', () => {
		expect(p027('{"message":"stream_read_error a=1","event":"not_a_marker"}').marker).toBe('stream_read_error');
		expect(p027('{"message":"stream_read_error a=1","event":5}').marker).toBe('stream_read_error');
		expect(pCur('{"message":"x","event":"upstream_read_error"}').marker).toBe('upstream_read_error');
		expect(p027('{"message":"x","event":"upstream_read_error"}').marker).toBeNull();
	});
	test('leading whitespace before { still makes a JSON line', () => {
		expect(p027('  {"timestamp":"t","message":"selection_pick"}').timestamp).toBe('t');
	});
	test('JSON field values are redacted by key', () => {
		const line = p027('{"message":"selection_pick","fields":{"api_key":"sk-1234567890","url":"https://u:p@h/x?q=1"}}');
		expect(Object.fromEntries(line.fields)).toEqual({api_key: '<redacted>', url: 'https://<redacted>@h/x'});
	});
});

describe('an unquoted secret with a space: its tail becomes a key, as in prodex (docs/parsing.md R8)', () => {
	// prodex 0.288 on this line: marker_last_fields {authorization: "Basic", dXNlcjpwYXNz: "=", request: "1", token: "sk-ab=1"}
	// (0.288 does not redact; current prodex redacts the values, never the keys).
	const line = parseLine('[2026-12-07 01:00:01.000 +00:00] stream_read_error request=1 authorization=Basic dXNlcjpwYXNz== token=sk-ab=1', RULES_CURRENT);
	test('the values are redacted, the split-off key is kept', () => {
		expect(Object.fromEntries(line.fields)).toEqual({request: '1', authorization: '<redacted>', dXNlcjpwYXNz: '=', token: '<redacted>'});
	});
});
