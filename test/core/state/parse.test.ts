import {describe, expect, test} from 'vitest';
import {parseStrictJson} from '../../../source/core/json.js';
import {ShapeError, unwrapEnvelope} from '../../../source/core/state/json-shape.js';
import {readContinuationStore, readJournal} from '../../../source/core/state/parse-continuations.js';
import {parseBackoffs, parseScores, parseStateFile, parseUsageSnapshots} from '../../../source/core/state/parse-files.js';

const json = (text: string) => parseStrictJson(text)!;
const shapeError = (fn: () => unknown) => {
	try {
		fn();
	} catch (error) {
		expect(error).toBeInstanceOf(ShapeError);
		return (error as Error).message;
	}
	throw new Error('expected a ShapeError');
};
const profile = '{"codex_home": "/h", "managed": true}';

describe('the sidecar envelope (docs/state-files.md §2)', () => {
	test('an object with generation or value is an envelope; generation defaults to 0; value is required', () => {
		expect(unwrapEnvelope(json('{"generation": 3, "value": {"a": 1}}'))).toEqual({payload: json('{"a": 1}'), path: 'value'});
		expect(unwrapEnvelope(json('{"value": []}')).payload).toEqual(json('[]'));
		expect(shapeError(() => unwrapEnvelope(json('{"generation": 3, "main": {}}')))).toBe('value is missing');
		expect(shapeError(() => unwrapEnvelope(json('{"generation": -1, "value": {}}')))).toBe('generation is out of range for u64');
	});

	test('anything else is the bare payload', () => {
		expect(unwrapEnvelope(json('{"main": {}}'))).toEqual({payload: json('{"main": {}}'), path: ''});
		expect(unwrapEnvelope(json('[1]')).path).toBe('');
	});

	test('corner case: a bare snapshot map with a profile named "value" is read as an envelope (as current prodex does)', () => {
		const {payload, path} = unwrapEnvelope(json('{"value": {"checked_at": 1}}'));
		expect(shapeError(() => parseUsageSnapshots(payload, path))).toBe('value.checked_at is not an object');
	});
});

describe('state.json (§3.1)', () => {
	test('profile names in code point order; seed-era files without schema_version and provider load', () => {
		expect(parseStateFile(json(`{"profiles": {"\u{1F600}": ${profile}, "\u{FF5E}": ${profile}, "b": ${profile}, "B": ${profile}}}`)).profileNames).toEqual(['B', 'b', '\u{FF5E}', '\u{1F600}']);
		expect(parseStateFile(json('{}')).profileNames).toEqual([]);
	});

	test('schema_version 0 and 1 load, others are a load error', () => {
		expect(parseStateFile(json('{"schema_version": 0}')).profileNames).toEqual([]);
		expect(parseStateFile(json('{"schema_version": 1}')).profileNames).toEqual([]);
		expect(shapeError(() => parseStateFile(json('{"schema_version": 2}')))).toMatch(/schema_version 2 is not supported/);
	});

	test('wrong shapes are named by path', () => {
		expect(shapeError(() => parseStateFile(json('{"profiles": []}')))).toBe('profiles is not an object');
		expect(shapeError(() => parseStateFile(json('[]')))).toBe('the top level is not an object');
		expect(shapeError(() => parseStateFile(json('{"profiles": {"a": {"codex_home": "/h"}}}')))).toBe('profiles.a.managed is missing');
		expect(shapeError(() => parseStateFile(json('{"profiles": {"a": {"codex_home": "/h", "managed": 1}}}')))).toBe('profiles.a.managed is not a boolean');
		expect(shapeError(() => parseStateFile(json(`{"profiles": {"a": {"codex_home": "/h", "managed": true, "provider": {"provider_kind": "other"}}}}`)))).toMatch(/not a known provider/);
		expect(shapeError(() => parseStateFile(json('{"response_profile_bindings": {"r": {"profile_name": "a"}}}')))).toBe('response_profile_bindings.r.bound_at is missing');
		expect(shapeError(() => parseStateFile(json('{"active_profile": 3}')))).toBe('active_profile is not a string');
	});

	test('optional fields accept null; unknown fields are ignored', () => {
		const text = `{"active_profile": null, "extra": [1], "profiles": {"a": {"codex_home": "/h", "managed": false, "email": null, "provider": {"provider_kind": "gemini", "email": "x", "project_id": "p"}}}}`;
		expect(parseStateFile(json(text)).profileNames).toEqual(['a']);
	});
});

describe('integers are read like serde (exact i64, no floats)', () => {
	test.each([
		['1.0', 'is not an integer (i64)'],
		['1e3', 'is not an integer (i64)'],
		['-0', 'is not an integer (i64)'],
		['"5"', 'is not an integer (i64)'],
		['9223372036854775808', 'is out of range for i64'],
	])('updated_at %s is rejected', (literal, message) => {
		expect(shapeError(() => parseScores(json(`{"k": {"score": 1, "updated_at": ${literal}}}`), ''))).toBe(`k.updated_at ${message}`);
	});

	test('i64::MAX and i64::MIN are exact', () => {
		const snaps = parseUsageSnapshots(
			json('{"main": {"checked_at": -9223372036854775808, "five_hour_status": "Ready", "five_hour_remaining_percent": 1, "five_hour_reset_at": 9223372036854775807, "weekly_status": "Unknown", "weekly_remaining_percent": 1, "weekly_reset_at": 9223372036854775807}}'),
			'',
		);
		expect(snaps.get('main')).toMatchObject({checkedAt: -9_223_372_036_854_775_808n, fiveHourResetAt: 9_223_372_036_854_775_807n, planType: null});
	});

	test('u32 scores: 4294967295 fits, 4294967296 and negatives do not', () => {
		expect(parseScores(json('{"k": {"score": 4294967295, "updated_at": 1}}'), '').get('k')?.score).toBe(4_294_967_295);
		expect(shapeError(() => parseScores(json('{"k": {"score": 4294967296, "updated_at": 1}}'), ''))).toBe('k.score is out of range for u32');
		expect(shapeError(() => parseScores(json('{"k": {"score": -1, "updated_at": 1}}'), ''))).toBe('k.score is out of range for u32');
		expect(shapeError(() => parseScores(json('{"k": {"updated_at": 1}}'), ''))).toBe('k.score is missing');
	});
});

describe('sidecar payloads', () => {
	test('backoffs: every map defaults to {}, explicit null too; updated_at values are kept as milliseconds', () => {
		const b = parseBackoffs(json('{"retry_backoff_until": null, "updated_at": {"retry:main": 1745463840000}}'), '');
		expect([b.retry.size, b.transport.size, b.circuits.size]).toEqual([0, 0, 0]);
		expect(b.updatedAt.get('retry:main')).toBe(1_745_463_840_000n);
		expect(shapeError(() => parseBackoffs(json('{"transport_backoff_until": {"main": "soon"}}'), 'value'))).toBe('value.transport_backoff_until.main is not an integer (i64)');
	});

	test('usage snapshots: capitalised statuses only; plan_type optional', () => {
		const base = '"checked_at": 1, "five_hour_remaining_percent": 1, "five_hour_reset_at": 2, "weekly_status": "Thin", "weekly_remaining_percent": 1, "weekly_reset_at": 2';
		expect(parseUsageSnapshots(json(`{"m": {${base}, "five_hour_status": "Exhausted"}}`), '').get('m')).toMatchObject({fiveHourStatus: 'Exhausted', weeklyStatus: 'Thin'});
		expect(shapeError(() => parseUsageSnapshots(json(`{"m": {${base}, "five_hour_status": "ready"}}`), ''))).toMatch(/m.five_hour_status is not Ready/);
		expect(shapeError(() => parseUsageSnapshots(json(`{"m": {${base}}}`), ''))).toBe('m.five_hour_status is missing');
	});

	test('continuation store: members default to empty; a status defaults to Warm with zero counters', () => {
		const s = readContinuationStore(json('{"statuses": {"response": {"r": {}}}, "session_id_bindings": {"s": {"profile_name": "a", "bound_at": 5, "binding_identity": {"b": 1, "a": [2]}}}}'), '');
		expect(s.responseBindings.size).toBe(0);
		expect(s.statuses.response.get('r')).toEqual({
			state: 'Warm',
			confidence: 0,
			lastTouchedAt: null,
			lastVerifiedAt: null,
			lastVerifiedRoute: null,
			lastNotFoundAt: null,
			notFoundStreak: 0,
			successCount: 0,
			failureCount: 0,
		});
		expect(s.sessionIdBindings.get('s')).toEqual({profileName: 'a', boundAt: 5n, identity: '{"a":[2],"b":1}'});
		expect(shapeError(() => readContinuationStore(json('{"response_profile_bindings": null}'), 'value'))).toBe('value.response_profile_bindings is not an object');
		expect(shapeError(() => readContinuationStore(json('{"statuses": {"response": {"r": {"state": "dead"}}}}'), ''))).toMatch(/statuses.response.r.state is not Warm/);
	});

	test('journal: saved_at defaults to 0, continuations to empty', () => {
		expect(readJournal(json('{}'), '')).toMatchObject({savedAt: 0n});
		expect(readJournal(json('{"saved_at": 1745463614, "continuations": {}}'), '').savedAt).toBe(1_745_463_614n);
	});
});
