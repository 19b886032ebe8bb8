import {describe, expect, it} from 'vitest';
import catalogJson from '../fixtures/marker-catalog.json' with {type: 'json'};
import {extractMarkerCatalog, type MarkerCatalogEntry} from './extract-marker-catalog.js';
import {
	HOSTILE_KINDS,
	MARKERS,
	defaultMarkerWeights,
	formatTimestamp,
	generateLines,
	generateLogBytes,
	toJsonLine,
	tokenizeMessage,
	type GeneratedLine,
	type GeneratorOptions,
} from './generator.js';

const catalog = catalogJson as readonly MarkerCatalogEntry[];
const catalogCurrent = catalog.map(entry => entry.marker);
const catalog027 = catalog
	.filter(entry => entry.index027 !== null)
	.sort((a, b) => a.index027! - b.index027!)
	.map(entry => entry.marker);

const TIMESTAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \+07:00$/;
const TEXT_LINE = /^\[(\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{3} \+07:00)\] \S/;
const JSON_KEY_ORDER = ['event', 'fields', 'message', 'pid', 'timestamp'];

/** Parse a `YYYY-MM-DD HH:MM:SS.mmm +07:00` timestamp back to epoch ms. */
function parseTimestamp(text: string): number {
	const [date, time] = text.split(' ');
	return Date.parse(`${date}T${time}+07:00`);
}

const lonelySurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Marker detection as docs/log-format.md §2.3 describes it (JSON `event`, then the first non-field token,
 * then the first catalog marker contained in the message) — enough to check the generator's invariants.
 */
function detect(text: string, format: 'text' | 'json', markers: readonly string[]): string | undefined {
	const known = new Set(markers);
	let message: string;
	if (format === 'json') {
		const object = JSON.parse(text) as {event?: unknown; message?: unknown};
		if (typeof object.event === 'string' && known.has(object.event)) {
			return object.event;
		}

		message = object.message as string;
	} else {
		const end = text.indexOf('] ');
		message = (end < 0 ? text : text.slice(end + 2)).trim();
	}

	const {event} = tokenizeMessage(message);
	if (event !== undefined && known.has(event)) {
		return event;
	}

	return markers.find(marker => message.includes(marker));
}

const byKind = (lines: readonly GeneratedLine[], kind: GeneratedLine['kind']): GeneratedLine[] => lines.filter(line => line.kind === kind);

describe('marker-catalog.json', () => {
	it('has 167 markers, 61 of them in the 0.27 catalog', () => {
		expect(catalog).toHaveLength(167);
		expect(catalog.filter(entry => entry.index027 !== null)).toHaveLength(61);
	});

	it('has contiguous indices and unique markers', () => {
		expect(catalog.map(entry => entry.index)).toEqual(Array.from({length: 167}, (_, i) => i + 1));
		expect(catalog027.length).toBe(61);
		expect(
			catalog
				.map(entry => entry.index027)
				.filter(index => index !== null)
				.sort((a, b) => a - b),
		).toEqual(Array.from({length: 61}, (_, i) => i + 1));
		expect(new Set(catalogCurrent).size).toBe(167);
	});

	it('has the documented shape and value sets', () => {
		const classes = new Set(['admission', 'transport', 'quota', 'continuation', 'persistence', 'auth']);
		const pressure = /^(SELECTION|TRANSPORT|PERSISTENCE|ACTIVE_PERSISTENCE|ACTIVE_QUOTA_REFRESH)(, (SELECTION|TRANSPORT|PERSISTENCE|ACTIVE_PERSISTENCE|ACTIVE_QUOTA_REFRESH))*$/;
		for (const entry of catalog) {
			expect(Object.keys(entry)).toEqual(['index', 'marker', 'index027', 'class027', 'pressure027', 'classCurrent', 'pressureCurrent', 'writtenBy0411', 'countedAs027', 'line']);
			for (const value of [entry.class027, entry.classCurrent]) {
				expect(value === null || classes.has(value), `${entry.marker} class ${value}`).toBe(true);
			}

			for (const value of [entry.pressure027, entry.pressureCurrent]) {
				expect(value === null || pressure.test(value), `${entry.marker} pressure ${value}`).toBe(true);
			}

			if (entry.index027 === null) {
				expect(entry.class027).toBeNull();
				expect(entry.pressure027).toBeNull();
			}

			expect(entry.countedAs027 === null || catalog027.includes(entry.countedAs027)).toBe(true);
			expect(entry.line.startsWith('[2026-04-24 09:40:00.000 +07:00] ')).toBe(true);
			expect(entry.line).not.toMatch(/[\r\n]/);
		}

		expect(catalog.filter(entry => !entry.writtenBy0411)).toHaveLength(22);
	});

	it('has an example line that contains its marker, for every marker', () => {
		for (const entry of catalog) {
			expect(entry.line, entry.marker).toContain(entry.marker);
		}
	});

	it('agrees with the documented detection: current rules find the marker, 0.27 rules find countedAs027', () => {
		for (const entry of catalog) {
			const expectedCurrent = entry.marker === 'quota_critical_floor_before_send' ? 'responses_pre_send_skip' : entry.marker;
			expect(detect(entry.line, 'text', catalogCurrent), entry.marker).toBe(expectedCurrent);
			expect(detect(entry.line, 'text', catalog027) ?? null, entry.marker).toBe(entry.countedAs027);
		}
	});

	it('extraction rejects a table that disagrees with the entries', () => {
		const markdown = [
			'| cur # | marker | 0.27 # | 0.27 class | 0.27 pressure | current class | current pressure | written by 0.411 |',
			'|---|---|---|---|---|---|---|---|',
			'| 1 | `a_marker` | 1 | quota | – | quota | – | yes |',
			'',
			'### 1. `a_marker`',
			'',
			'- 0.27 rules: catalog #1; class: quota; pressure: none',
			'- current rules: catalog #1; class: transport; pressure: none',
			'- 0.27 rules count this line as: `a_marker`',
			'',
			'```text',
			'[2026-04-24 09:40:00.000 +07:00] a_marker x=1',
			'```',
		].join('\n');
		expect(() => extractMarkerCatalog(markdown)).toThrow(/current class/);
		expect(extractMarkerCatalog(markdown.replace('class: transport', 'class: quota'))).toEqual([
			{
				index: 1,
				marker: 'a_marker',
				index027: 1,
				class027: 'quota',
				pressure027: null,
				classCurrent: 'quota',
				pressureCurrent: null,
				writtenBy0411: true,
				countedAs027: 'a_marker',
				line: '[2026-04-24 09:40:00.000 +07:00] a_marker x=1',
			},
		]);
	});
});

describe('tokenizeMessage / toJsonLine', () => {
	it('reads the documented examples (docs/log-format.md §2.4)', () => {
		const a = tokenizeMessage('stream_read_error request=7 transport=http error="failed with spaces" empty=""');
		expect(a.event).toBe('stream_read_error');
		expect(Object.fromEntries(a.fields)).toEqual({request: '7', transport: 'http', error: 'failed with spaces', empty: ''});
		expect(Object.fromEntries(tokenizeMessage('a=b=c k= =x').fields)).toEqual({a: 'b=c'});
		expect(tokenizeMessage('a=b=c k= =x').event).toBeUndefined();
		const b = tokenizeMessage('request=1 transport=http route=responses previous_response_not_found profile=main profile=second');
		expect(b.event).toBe('previous_response_not_found');
		expect(b.fields.get('profile')).toBe('second');
	});

	it('writes the documented JSON example byte for byte (docs/log-format.md §2.2)', () => {
		expect(
			toJsonLine(
				'stream_read_error request=8412390140586647556 transport=http profile=second chunks=12 bytes=48211 elapsed_ms=30512 error=<redacted>',
				4343,
				'2025-04-24 10:02:10.250 +07:00',
			),
		).toBe(
			'{"event":"stream_read_error","fields":{"bytes":"48211","chunks":"12","elapsed_ms":"30512","error":"<redacted>","profile":"second","request":"8412390140586647556","transport":"http"},"message":"stream_read_error request=8412390140586647556 transport=http profile=second chunks=12 bytes=48211 elapsed_ms=30512 error=<redacted>","pid":4343,"timestamp":"2025-04-24 10:02:10.250 +07:00"}',
		);
	});
});

describe('generator', () => {
	it('is deterministic: same seed → same bytes, different seeds differ', () => {
		const options: GeneratorOptions = {seed: 42, lines: 3000, format: 'mixed', hostile: 0.1, longLineBytes: 5000};
		const first = generateLogBytes(options);
		const second = generateLogBytes({...options});
		expect(Buffer.compare(Buffer.from(first), Buffer.from(second))).toBe(0);
		expect(generateLines(options)).toEqual(generateLines(options));
		const other = generateLogBytes({...options, seed: 43});
		expect(Buffer.compare(Buffer.from(first), Buffer.from(other))).not.toBe(0);
		expect(generateLines({seed: 0, lines: 50}).map(l => l.text)).not.toEqual(generateLines({seed: 1, lines: 50}).map(l => l.text));
		// Seeds beyond 32 bits still matter.
		expect(generateLines({seed: 2 ** 40, lines: 50}).map(l => l.text)).not.toEqual(generateLines({seed: 0, lines: 50}).map(l => l.text));
	});

	it('produces the requested number of lines', () => {
		expect(generateLines({seed: 1, lines: 0})).toHaveLength(1);
		expect(generateLines({seed: 1, lines: 0, header: false})).toHaveLength(0);
		expect(generateLines({seed: 1, lines: 1234})).toHaveLength(1235);
		expect(generateLines({seed: 1, lines: 1234, header: false})).toHaveLength(1234);
		expect(generateLines({seed: 1, lines: 2, format: 'json'})).toHaveLength(3);
		expect(() => generateLines({seed: 1, lines: -1})).toThrow(RangeError);
		expect(() => generateLines({seed: 1, lines: 10, hostile: 2})).toThrow(RangeError);
	});

	it('never puts a newline inside a line, and joins lines with a final newline', () => {
		const options: GeneratorOptions = {seed: 7, lines: 4000, format: 'mixed', hostile: 0.3, longLineBytes: 3000};
		const lines = generateLines(options);
		for (const line of lines) {
			expect(line.text.includes('\n')).toBe(false);
		}

		const bytes = Buffer.from(generateLogBytes(options));
		expect(bytes.at(-1)).toBe(0x0a);
		expect(bytes.filter(byte => byte === 0x0a).length).toBe(lines.length);
		// The bytes decode (lossily, as prodex reads them) to exactly the lines.
		const decoded = new TextDecoder('utf-8').decode(bytes).split('\n');
		expect(decoded.pop()).toBe('');
		expect(decoded).toEqual(lines.map(line => line.text));
	});

	it('writes well-formed, monotonic prodex timestamps', () => {
		expect(formatTimestamp(1_745_460_000_000)).toBe('2025-04-24 09:00:00.000 +07:00');
		expect(formatTimestamp(1_745_463_730_250)).toBe('2025-04-24 10:02:10.250 +07:00');
		expect(formatTimestamp(Date.UTC(2025, 11, 31, 17, 59, 59, 7))).toBe('2026-01-01 00:59:59.007 +07:00');

		const lines = generateLines({seed: 3, lines: 5000, format: 'mixed', startMs: 1_700_000_000_123, meanGapMs: 20});
		expect(lines[0].timeMs).toBe(1_700_000_000_123);
		let previous = Number.NEGATIVE_INFINITY;
		for (const line of lines) {
			expect(Number.isInteger(line.timeMs)).toBe(true);
			expect(line.timeMs).toBeGreaterThanOrEqual(previous);
			previous = line.timeMs;
			if (line.kind === 'blank') {
				expect(line.text).toBe('');
				continue;
			}

			let timestamp: string;
			if (line.format === 'json') {
				timestamp = (JSON.parse(line.text) as {timestamp: string}).timestamp;
			} else {
				const match = TEXT_LINE.exec(line.text);
				expect(match, line.text).not.toBeNull();
				timestamp = match![1];
			}

			expect(timestamp).toMatch(TIMESTAMP);
			expect(parseTimestamp(timestamp)).toBe(line.timeMs);
		}

		// Mean gap roughly as asked.
		const span = lines.at(-1)!.timeMs - lines[0].timeMs;
		expect(span / 5000).toBeGreaterThan(15);
		expect(span / 5000).toBeLessThan(25);
	});

	it('writes both header forms', () => {
		const current = generateLines({seed: 5, lines: 1, cwd: '/home/bob/work/my project', pid: 4343})[0];
		expect(current.kind).toBe('header');
		expect(current.text).toMatch(
			/^\[2025-04-24 09:00:00\.000 \+07:00\] runtime proxy log initialized pid=4343 cwd=\/home\/bob\/work\/my project prodex_version=0\.411\.0 executable_path=\/\S+ executable_sha256=[0-9a-f]{64}$/,
		);
		const seed = generateLines({seed: 5, lines: 1, era: 'seed', pid: 4242})[0];
		expect(seed.text).toMatch(/^\[2025-04-24 09:00:00\.000 \+07:00\] runtime proxy log initialized pid=4242 cwd=[^=]+$/);
		for (const s of [1, 2, 3, 4, 5, 6, 7, 8]) {
			const header = generateLines({seed: s, lines: 0})[0].text;
			expect(header).toMatch(/^\[[^\]]+\] runtime proxy log initialized pid=\d+ cwd=.+ prodex_version=0\.411\.0 executable_path=\S+ executable_sha256=[0-9a-f]{64}$/);
		}

		const json = generateLines({seed: 5, lines: 3, format: 'json', pid: 4343})[0];
		expect(json.format).toBe('json');
		const parsed = JSON.parse(json.text) as {message: string; pid: number};
		expect(parsed.pid).toBe(4343);
		expect(parsed.message).toMatch(/^runtime proxy log initialized pid=4343 cwd=.+ prodex_version=0\.411\.0 /);
		expect(generateLines({seed: 5, lines: 0, format: 'json', headerFormat: 'text'})[0].text).toMatch(/^\[.+\] runtime proxy log initialized /);
		expect(generateLines({seed: 5, lines: 0, format: 'mixed'})[0].format).toBe('text');
	});

	it('writes JSON lines with the documented keys in alphabetical order and string field values', () => {
		const lines = generateLines({seed: 11, lines: 4000, format: 'json', pid: 777});
		for (const line of lines) {
			if (line.kind === 'blank') {
				continue;
			}

			expect(line.format).toBe('json');
			const parsed = JSON.parse(line.text) as Record<string, unknown>;
			const keys = Object.keys(parsed);
			expect(keys.filter(key => JSON_KEY_ORDER.includes(key))).toEqual(keys);
			expect(JSON_KEY_ORDER.filter(key => keys.includes(key))).toEqual(keys);
			expect(typeof parsed.message).toBe('string');
			expect(parsed.pid).toBe(777);
			expect(parsed.timestamp).toMatch(TIMESTAMP);
			const fields = parsed.fields as Record<string, unknown>;
			expect(Object.values(fields).every(value => typeof value === 'string')).toBe(true);
			expect(Object.keys(fields)).toEqual(Object.keys(fields).sort());
			// The precomputed JSON form is exactly the writer's form of the message.
			expect(line.text).toBe(toJsonLine(parsed.message as string, 777, parsed.timestamp as string));
			if (line.kind === 'marker') {
				expect(parsed.event).toBe(tokenizeMessage(parsed.message as string).event);
			}
		}

		const mixed = generateLines({seed: 11, lines: 2000, format: 'mixed'});
		const jsonShare = mixed.filter(line => line.format === 'json').length / mixed.length;
		expect(jsonShare).toBeGreaterThan(0.4);
		expect(jsonShare).toBeLessThan(0.6);
	});

	it('generates marker lines that are recognised exactly like their catalog example', () => {
		const expectedCurrent = new Map(catalog.map(entry => [entry.marker, detect(entry.line, 'text', catalogCurrent)]));
		const expected027 = new Map(catalog.map(entry => [entry.marker, entry.countedAs027 ?? undefined]));
		for (const format of ['text', 'json'] as const) {
			// Every marker, many times, with its values varied.
			const lines = generateLines({seed: 99, lines: 167 * 30, markers: MARKERS, format});
			const markerLines = byKind(lines, 'marker');
			expect(new Set(markerLines.map(line => line.marker)).size).toBe(167);
			for (const line of markerLines) {
				expect(detect(line.text, format, catalogCurrent), line.text).toBe(expectedCurrent.get(line.marker!));
				expect(detect(line.text, format, catalog027), line.text).toBe(expected027.get(line.marker!));
			}
		}

		const others = byKind(generateLines({seed: 4, lines: 3000, otherRate: 1, blankRate: 0, header: false}), 'other');
		expect(others.length).toBe(3000);
		for (const line of others) {
			expect(detect(line.text, 'text', catalogCurrent), line.text).toBeUndefined();
		}
	});

	it('varies values realistically', () => {
		const lines = generateLines({seed: 8, lines: 20_000});
		const requests = new Set<string>();
		for (const line of lines) {
			for (const match of line.text.matchAll(/\brequest=(\d+)/g)) {
				requests.add(match[1]);
			}
		}

		expect(requests.size).toBeGreaterThan(500);
		for (const id of requests) {
			expect(BigInt(id) > 2n ** 53n && BigInt(id) < 2n ** 64n, id).toBe(true);
		}

		const profiles = new Set([...lines.map(line => /\bprofile=(\S+)/.exec(line.text)?.[1])].filter(Boolean));
		expect(profiles).toEqual(new Set(['main', 'second', 'alpha', 'beta', 'old-work', 'third', 'work-2', 'google-main', 'google-backup']));
		const routes = new Set(lines.map(line => /^\[[^\]]+\] selection_pick route=(\S+)/.exec(line.text)?.[1]).filter(Boolean));
		expect(routes).toEqual(new Set(['responses', 'websocket', 'compact', 'standard']));
		const bands = new Set(lines.map(line => /\bquota_band=(\S+)/.exec(line.text)?.[1]).filter(Boolean));
		expect(bands).toEqual(new Set(['quota_healthy', 'quota_thin', 'quota_critical', 'quota_exhausted', 'quota_unknown']));
		const lags = new Set(lines.map(line => /^\[[^\]]+\] state_save_ok .*lag_ms=(\d+)/.exec(line.text)?.[1]).filter(Boolean));
		expect(lags.size).toBeGreaterThan(3);

		// Epoch seconds follow the line's clock.
		for (const line of lines) {
			const until = /\buntil=(\d+)/.exec(line.text);
			if (until) {
				const delta = Number(until[1]) - line.timeMs / 1000;
				expect(delta).toBeGreaterThan(0);
				expect(delta).toBeLessThan(7200);
			}
		}

		// token_usage: cached + uncached = input.
		for (const line of lines.filter(l => l.marker === 'token_usage')) {
			const get = (key: string): number => Number(new RegExp(`\\b${key}=(\\d+)`).exec(line.text)![1]);
			expect(get('cached_input_tokens') + get('uncached_input_tokens')).toBe(get('input_tokens'));
		}

		// Seed-era style counters on request.
		const counter = generateLines({seed: 8, lines: 2000, requestIds: 'counter'});
		const small = counter.flatMap(line => [...line.text.matchAll(/\brequest=(\d+)/g)].map(m => Number(m[1])));
		expect(Math.max(...small)).toBeLessThan(2000);
	});

	it('weights routine markers far above failure markers, with a few blank and non-marker lines', () => {
		const lines = generateLines({seed: 12, lines: 50_000});
		expect(lines.slice(1, 4).map(line => line.marker)).toEqual(['runtime_proxy_upstream_proxy_mode', 'runtime_proxy_restore_counts', 'runtime_proxy_startup_audit']);
		const count = new Map<string, number>();
		for (const line of lines) {
			if (line.marker !== undefined) {
				count.set(line.marker, (count.get(line.marker) ?? 0) + 1);
			}
		}

		const failureMarkers = new Set(catalog.filter(entry => entry.classCurrent !== null).map(entry => entry.marker));
		const failures = [...count].filter(([marker]) => failureMarkers.has(marker)).reduce((sum, [, n]) => sum + n, 0);
		expect(failures / lines.length).toBeLessThan(0.1);
		expect(failures).toBeGreaterThan(0);
		for (const routine of ['selection_pick', 'first_upstream_chunk', 'first_local_chunk', 'state_save_queued', 'state_save_ok', 'profile_inflight', 'token_usage', 'compat_request_surface']) {
			expect(count.get(routine) ?? 0, routine).toBeGreaterThan(20 * (count.get('stream_read_error') ?? 1));
		}

		expect(byKind(lines, 'blank').length).toBeGreaterThan(30);
		expect(byKind(lines, 'other').length).toBeGreaterThan(200);
		expect(byKind(lines, 'hostile')).toHaveLength(0);
		const weights = defaultMarkerWeights();
		expect(Object.keys(weights)).toHaveLength(167);
		expect(weights.selection_pick).toBeGreaterThan(weights.stream_read_error * 50);
	});

	it('honours the markers restriction', () => {
		const markers = ['stream_read_error', 'runtime_proxy_lane_limit_reached'];
		const lines = generateLines({seed: 13, lines: 2000, markers});
		expect(lines[0].kind).toBe('header');
		const body = lines.slice(1);
		expect(body.every(line => line.kind === 'marker' && markers.includes(line.marker!))).toBe(true);
		for (const line of body) {
			expect(line.text).toContain(line.marker!);
		}

		const share = body.filter(line => line.marker === 'stream_read_error').length / body.length;
		expect(share).toBeGreaterThan(0.4);
		expect(share).toBeLessThan(0.6);
		expect(() => generateLines({seed: 1, lines: 1, markers: ['not_a_marker']})).toThrow(/unknown marker/);
		expect(() => generateLines({seed: 1, lines: 1, markers: []})).toThrow(RangeError);
	});

	it('honours phases, then falls back to the normal choice', () => {
		const lines = generateLines({
			seed: 14,
			lines: 1000,
			header: false,
			otherRate: 0,
			blankRate: 0,
			meanGapMs: 100,
			phases: [
				{lines: 200, markers: ['selection_pick', 'first_upstream_chunk']},
				{lines: 300, markers: ['runtime_proxy_lane_limit_reached'], gapMs: 2},
				{lines: 100, markers: ['stream_read_error', 'upstream_connect_timeout'], gapMs: 500},
			],
		});
		expect(lines).toHaveLength(1000);
		expect(lines.slice(0, 200).every(line => ['selection_pick', 'first_upstream_chunk'].includes(line.marker!))).toBe(true);
		expect(lines.slice(200, 500).every(line => line.marker === 'runtime_proxy_lane_limit_reached')).toBe(true);
		expect(lines.slice(500, 600).every(line => ['stream_read_error', 'upstream_connect_timeout'].includes(line.marker!))).toBe(true);
		expect(new Set(lines.slice(600).map(line => line.marker)).size).toBeGreaterThan(10);
		const meanGap = (from: number, to: number): number => (lines[to - 1].timeMs - lines[from].timeMs) / (to - 1 - from);
		expect(meanGap(200, 500)).toBeLessThan(5);
		expect(meanGap(500, 600)).toBeGreaterThan(300);
		expect(meanGap(0, 200)).toBeGreaterThan(60);
		expect(meanGap(0, 200)).toBeLessThan(150);

		// Phases longer than `lines` are cut; an empty marker list means the default mix.
		const cut = generateLines({seed: 1, lines: 50, header: false, phases: [{lines: 40, markers: ['state_save_error']}, {lines: 40, markers: []}, {lines: 40, markers: ['local_writer_error']}]});
		expect(cut).toHaveLength(50);
		expect(cut.slice(0, 40).every(line => line.kind !== 'marker' || line.marker === 'state_save_error')).toBe(true);
		expect(cut.some(line => line.marker === 'local_writer_error')).toBe(false);
	});

	it('produces hostile lines at the expected rate, of every kind', () => {
		const lines = generateLines({seed: 15, lines: 20_000, hostile: 0.1, format: 'mixed', longLineBytes: 20_000, header: false});
		const hostile = byKind(lines, 'hostile');
		// Binomial(20000, 0.1): mean 2000, sd 42.
		expect(hostile.length).toBeGreaterThan(1830);
		expect(hostile.length).toBeLessThan(2170);
		expect(new Set(hostile.map(line => line.hostile))).toEqual(new Set(HOSTILE_KINDS));
		expect(byKind(generateLines({seed: 15, lines: 5000}), 'hostile')).toHaveLength(0);
		expect(byKind(generateLines({seed: 15, lines: 2000, hostile: 1, startup: false}), 'hostile')).toHaveLength(2000);

		const of = (kind: string): GeneratedLine[] => hostile.filter(line => line.hostile === kind);
		for (const line of of('broken-json')) {
			expect(line.text.trim().startsWith('{')).toBe(true);
			expect(() => JSON.parse(line.text), line.text).toThrow();
		}

		for (const line of of('json-exotic')) {
			expect(() => JSON.parse(line.text), line.text).not.toThrow();
		}

		for (const line of of('crlf')) {
			expect(line.text.endsWith('\r')).toBe(true);
		}

		for (const line of of('long-line')) {
			expect(line.text.length).toBeGreaterThan(18_000);
			expect(line.text.length).toBeLessThan(22_000);
		}

		for (const line of of('ansi')) {
			expect(line.format === 'json' ? line.text.includes('\\u001b') || line.text.includes('\u009B') || line.text.includes('\\u0007') : /[\u001B\u009B\u0007]/.test(line.text)).toBe(true);
		}

		for (const line of of('nul')) {
			expect(line.text.includes('\u0000') || line.text.includes('\\u0000')).toBe(true);
		}

		for (const line of of('secret')) {
			expect(line.text).toMatch(/authorization|api_key|api-key|cookie|token|@|password|account_id|Basic/i);
		}

		expect(of('invalid-utf8').every(line => line.text.includes('\uFFFD'))).toBe(true);
		expect(hostile.some(line => line.text.includes('\u202E'))).toBe(true);
		expect(lines.some(line => lonelySurrogate.test(line.text))).toBe(false);
	});

	it('puts invalid UTF-8 only into the bytes', () => {
		const options: GeneratorOptions = {seed: 16, lines: 500, hostile: 1, hostileKinds: ['invalid-utf8'], header: false};
		const lines = generateLines(options);
		expect(byKind(lines, 'hostile')).toHaveLength(500);
		expect(lines.some(line => lonelySurrogate.test(line.text))).toBe(false);
		const bytes = generateLogBytes(options);
		expect(() => new TextDecoder('utf-8', {fatal: true}).decode(bytes)).toThrow();
		// Without hostile lines the file is valid UTF-8.
		expect(() => new TextDecoder('utf-8', {fatal: true}).decode(generateLogBytes({seed: 16, lines: 2000}))).not.toThrow();
	});

	it('restricts hostile kinds on request', () => {
		const lines = generateLines({seed: 17, lines: 1000, hostile: 0.5, hostileKinds: ['crlf', 'no-timestamp']});
		expect(new Set(byKind(lines, 'hostile').map(line => line.hostile))).toEqual(new Set(['crlf', 'no-timestamp']));
	});

	it('generates 100k lines (speed is measured by npm run bench, not here)', () => {
		expect(generateLines({seed: 18, lines: 100_000})).toHaveLength(100_001);
	});
});
