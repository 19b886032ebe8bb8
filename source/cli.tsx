#!/usr/bin/env node
import process from 'node:process';
import meow from 'meow';
import {RULE_SET_INFO} from './core/rules/registry.js';
import {parseOptions} from './options.js';

// Only meow and the option parser load before the flags are known: `--help` stays fast,
// and Ink (about half a second to import) loads only when the dashboard starts.
const cli = meow(
	`
	Usage
	  $ prodex-top [--log-dir DIR | --log FILE | --stdin] [options]

	Source (default: the log directory prodex uses)
	  --log-dir DIR        follow prodex's pointer / newest log in DIR
	  --log FILE           read FILE (no pointer in play)
	  --stdin              read log lines from standard input
	  --prodex-home DIR    prodex root (default $PRODEX_HOME or ~/.prodex)

	Summary
	  --tail-bytes N       sample the last N bytes like the doctor (default 131072; 0 = whole file)
	  --rules R            auto | ${RULE_SET_INFO.map(info => info.id).join(' | ')} (default auto: by the log's header line)${RULE_SET_INFO.map(info => `\n	                         ${info.id}: ${info.description}`).join('')}

	Output
	  --window W           doctor | 1m | 5m | 15m | 1h | all (default doctor: what prodex doctor sees now)
	  --once               print the summary as plain text and exit
	  --json               print the summary as one JSON object and exit
	  --json --follow      print one JSON summary per update (NDJSON) until interrupted
	  --suggest-policy     add prodex's policy.toml tuning suggestions (text, JSON, snapshots)
	  --no-color           no colours (also NO_COLOR, TERM=dumb)
	  --no-clipboard       the y key does not copy (no OSC 52 written to the terminal)
	  --no-mouse           the dashboard does not read the mouse (the terminal keeps its own selection)
	  --theme T            auto | dark | light | mono (default auto)
	  --snapshot-dir DIR   where the s key writes snapshots (default: the current directory)
	  --demo               replay the bundled demo log live (dashboard, --json --follow or --headless)

	Metrics (Prometheus / OpenMetrics exporter)
	  --metrics [HOST:]PORT  serve /metrics (default host 127.0.0.1; 0.0.0.0 or [::1] only when named;
	                         port 0 = ephemeral), beside the dashboard, or as a service without a terminal
	  --headless           run the exporter as a service: no dashboard, one line per state change on
	                         stderr, exit 0 on SIGTERM/SIGINT (needs --metrics)
	  --metrics-labels profile  add prodex_profile_lines_total by profile (at most 100 values + (other))
	  --help, --version

	Keys (dashboard): Tab/←/→/1-9 panels · ↑↓/j k move · ⏎ open · Esc back · z zoom · o order
	  w window · p pause · / filter · r reset · [ ] runs · s snapshot · y copy · d changes · ? help · q quit
	  Mouse: click focuses and selects, double-click opens, the wheel scrolls

	Exit status: 0 ok, 1 the log cannot be read (permission, not a regular file) or an internal error,
	  2 bad usage; the dashboard: 130 Ctrl-C/SIGINT, 143 SIGTERM, 129 SIGHUP or a closed terminal, 131 SIGQUIT.
`,
	{
		importMeta: import.meta,
		allowUnknownFlags: true,
		flags: {
			logDir: {type: 'string'},
			log: {type: 'string'},
			stdin: {type: 'boolean'},
			prodexHome: {type: 'string'},
			tailBytes: {type: 'string'},
			rules: {type: 'string'},
			once: {type: 'boolean'},
			json: {type: 'boolean'},
			follow: {type: 'boolean'},
			color: {type: 'boolean', default: true},
			clipboard: {type: 'boolean', default: true},
			mouse: {type: 'boolean', default: true},
			demo: {type: 'boolean'},
			window: {type: 'string'},
			theme: {type: 'string'},
			snapshotDir: {type: 'string'},
			suggestPolicy: {type: 'boolean'},
			metrics: {type: 'string'},
			headless: {type: 'boolean'},
			metricsLabels: {type: 'string'},
		},
	},
);

const options = parseOptions(cli.flags, cli.input);
if ('error' in options) {
	process.stderr.write(`prodex-top: ${options.error}\nRun 'prodex-top --help' for usage.\n`);
	process.exit(2);
}

const version = cli.pkg.version ?? '0.0.0';
// The dashboard needs a terminal for output and for keys; without one it behaves as --once.
const dashboard = options.mode === 'dashboard' && process.stdout.isTTY === true && (options.source.kind === 'stdin' || process.stdin.isTTY === true);
// --metrics without a terminal (or with --headless) is a service: the exporter alone.
const headless = options.metrics !== null && (options.headless || !dashboard);
if (options.mode === 'dashboard' && !dashboard && !headless && options.source.kind === 'demo') {
	process.stderr.write(`prodex-top: --demo needs a terminal (or --json --follow)\nRun 'prodex-top --help' for usage.\n`);
	process.exit(2);
}
if (headless) {
	const {runHeadless} = await import('./run-headless.js');
	process.exitCode = await runHeadless(options, version);
} else if (dashboard) {
	// Ink reads CI / CONTINUOUS_INTEGRATION once, when it loads, and then draws only the last frame:
	// a blank dashboard in a real terminal of a CI-ish shell. We know we have a terminal, so drop them.
	delete process.env['CI'];
	delete process.env['CONTINUOUS_INTEGRATION'];
	// React's development build costs about 40% more CPU per frame; a dashboard is not a dev session.
	process.env['NODE_ENV'] ??= 'production';
	const {runDashboard} = await import('./run-dashboard.js');
	process.exitCode = await runDashboard(options, version);
} else if (options.mode === 'json-follow') {
	const {runFollow} = await import('./run-follow.js');
	process.exitCode = await runFollow(options);
} else {
	const {runOnce} = await import('./run-once.js');
	process.exitCode = await runOnce(options, version);
}
