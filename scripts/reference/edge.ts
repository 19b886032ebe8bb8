/**
 * Hand-written logs for the corners of docs/parsing.md that random logs rarely reach: u64
 * backlogs and lags (F4), serde_json number printing (J5), strict JSON (J1–J4), the tokenizer
 * (K1–K4), timestamps and messages (X1, X2), trimming (T4), the top-facet order (F5, F6), the
 * quota_critical_floor bump (F1), the startup audit (F7) and the 160-character cut (F8).
 * No secrets: 0.288 does not redact (reference-binary.md); the one control character (\v, K1)
 * is of the kind known.ts accounts for.
 */
const HEADER = '[2025-04-24 10:00:00.000 +07:00] runtime proxy log initialized pid=77 cwd=/w prodex_version=0.411.0';
const t = (second: number) => `[2025-04-24 10:00:${String(second).padStart(2, '0')}.000 +07:00]`;
const json = (second: number, body: string) => `{"timestamp":"2025-04-24 10:00:${String(second).padStart(2, '0')}.000 +07:00","pid":77,${body}}`;
const nested = (depth: number) => `${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}`;

export const EDGE_LOGS: ReadonlyArray<readonly [string, readonly string[]]> = [
	[
		'u64 backlogs and lags (F4)',
		[
			`${t(1)} state_save_queued backlog=18446744073709551615 reason=save`,
			`${t(2)} state_save_ok lag_ms=18446744073709551616`,
			`${t(3)} state_save_skipped lag_ms=+0007`,
			`${t(4)} continuation_journal_save_queued backlog=-0`,
			`${t(5)} continuation_journal_save_ok lag_ms=9007199254740993`,
			`${t(6)} profile_probe_refresh_queued backlog=1e3`,
			`${t(7)} profile_probe_refresh_ok lag_ms=" 5"`,
			`${t(8)} profile_probe_refresh_error lag_ms=00012 profile=main`,
		],
	],
	[
		'JSON numbers (J5) and backpressure backlogs',
		[
			json(1, '"event":"state_save_queue_backpressure","message":"state_save_queue_backpressure","fields":{"backlog":9007199254740993,"f":439498.561166019290,"z":-0,"e":1e-7,"g":1e16,"h":1e15,"x":123456789012345678901234567890,"n":-9223372036854775809,"m":0.00001,"k":100.0}'),
			json(2, '"event":"continuation_journal_queue_backpressure","message":"","fields":{"backlog":18446744073709551615,"lag_ms":1.0e2}'),
			json(3, '"event":"profile_probe_refresh_backpressure","message":"profile_probe_refresh_backpressure","fields":{"backlog":18446744073709551616,"profile":"main"}'),
			json(4, '"event":"profile_probe_refresh_queued","message":"profile_probe_refresh_queued backlog=4","fields":{"w":0e999,"u":1e-400,"v":-1.5e-300,"tiny":5e-324}'),
			json(5, '"event":"continuation_journal_save_queued","fields":{"backlog":"+18446744073709551615"}'),
		],
	],
	[
		'strict JSON: rejected lines are text (J1–J4)',
		[
			json(1, '"event":"stream_read_error","message":"stream_read_error","fields":{"v":1e400}'),
			json(2, '"event":"stream_read_error","message":"stream_read_error","fields":{"a":"\\ud800"},"fields":{"a":"ok"}'),
			json(3, `"event":"local_writer_error","message":"local_writer_error","x":${nested(126)}`),
			json(4, `"event":"upstream_send_error","message":"upstream_send_error","x":${nested(127)}`),
			json(5, '"event":"upstream_connect_http","message":"upstream_connect_http","fields":{"n":2e308}'),
			json(6, '"event":"profile_health","message":"x","fields":{"ok":true,"no":false,"none":null,"arr":[1],"obj":{},"":"empty-key","e":""}'),
			'{"ts":"ts-only","event":"profile_latency","message":"profile_latency route=responses"}',
			'{"timestamp":5,"ts":"ignored","event":"profile_latency","message":"profile_latency route=websocket"}',
			'{"timestamp":"dup","event":"selection_plan","event":"selection_pick","message":7,"fields":{"profile":"j"}}',
			'{"event":"stream_read_error","message":"stream_read_error"} trailing',
			`  ${json(7, '"event":"not_a_marker","message":"first_local_chunk route=compact"')}  `,
		],
	],
	[
		'tokenizer and quoting (K1–K4)',
		[
			`${t(1)} selection_pick profile="a b" route=""y"" reason="v"next lane="unterminated value`,
			`${t(2)} selection_pick k= =v empty="" half=" a=b=c profile=\\"q\\" route="\\u00e9\\u0041"`,
			`${t(3)} selection_pick route="bad \\x escape" profile="""x""" transport=""`,
			`${t(4)} x=1 stream_read_error y=2 route=dup route=last`,
			`${t(5)} WARN local_writer_error route=warned`,
			`${t(6)} profile_inflight_saturated_extra profile=p`,
			`${t(7)} "quoted stream_read_error" profile=q`,
			`${t(8)} selection_pick\u00A0profile=nbsp route=a\u000Bb`,
		],
	],
	[
		'timestamps, messages and trimming (X1, X2, T4)',
		[
			'[] stream_read_error route=empty-ts',
			` ${t(1)} stream_read_error route=leading-space`,
			`${t(2)}stream_read_error route=no-space`,
			'stream_read_error reason=[x] tail=1',
			`[a] b] selection_pick route=nested`,
			`\uFEFF${t(3)} local_writer_error route=bom`,
			`${t(4)} local_writer_error route=nbsp\u00A0\u3000`,
			`${t(5)} \u200Bstream_read_error route=zwsp`,
			`${t(6)} selection_pick route=last\u2028`,
		],
	],
	[
		'top facets, quota source, bump, audit (F1, F5–F7)',
		[
			`${t(1)} compat_request_surface client=\u{1F600} family=\uFFFD tool_surface=b warning=x`,
			`${t(2)} compat_request_surface client=\uFFFD family=\u{1F600} tool_surface=a`,
			`${t(3)} compat_warning warning=\uFF41 client=z`,
			`${t(4)} compat_warning warning=\u{10000}`,
			`${t(5)} selection_pick quota_source="persisted_snapshot stale" profile=main`,
			`${t(6)} local_selection_blocked reason=quota_critical_floor_before_send`,
			`${t(7)} quota_critical_floor_before_send reason=quota_critical_floor_before_send`,
			`${t(8)} responses_pre_send_skip reason=quota_critical_floor_before_send`,
			`${t(9)} runtime_proxy_startup_audit missing_managed_dirs=00 orphan_managed_dirs=0`,
			`${t(10)} runtime_proxy_startup_audit`,
		],
	],
	[
		'160-character cut in scalar values (F8)',
		[`${t(1)} stream_read_error route=a`, `${t(2)} stream_read_error detail=${'\u{1F600}'.repeat(120)}${'e\u0301'.repeat(30)}`],
	],
];

/** The log bytes of one edge case: the current header, the lines, a final newline. */
export const edgeLog = (lines: readonly string[]) => Buffer.from(`${[HEADER, ...lines].join('\n')}\n`);
