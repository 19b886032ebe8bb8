import {openSync} from 'node:fs';
import process from 'node:process';
import {ReadStream} from 'node:tty';
import {render} from 'ink';
import {suggestionText} from './core/environment-json.js';
import {toJson, type JsonOut} from './core/json-out.js';
import {DEFAULT_WIDTH, summaryText, windowHeading} from './core/text.js';
import type {Options} from './options.js';
import {followObject} from './run-follow.js';
import {EXIT_STATUS, jobControl, onStopSignals} from './exit-signals.js';
import {reportCrash} from './crash-report.js';
import {frameProbe, testThrow, withTestThrow} from './test-probes.js';
import {osc52Clipboard} from './ui/clipboard.js';
import {dashboardStdout} from './ui/dashboard-stdout.js';
import {terminalModes} from './ui/terminal-modes.js';
import {environmentOutput} from './tail/environment.js';
import {displayPath, writeSnapshot} from './tail/snapshot.js';
import {startExporter} from './serve/exporter.js';
import {listenErrorText, type MetricsServer} from './serve/metrics-server.js';
import {openLiveSession, refusedSource} from './tail/session.js';
import type {StoreSnapshot} from './tail/store.js';
import {App, type Controller} from './ui/app.js';
import {screenText, type ScreenModel} from './ui/screen-model.js';
import {resolveTheme} from './ui/theme.js';
import {incidentHistoryJson} from './core/incident-history.js';
import {insightRows} from './core/insights/rows.js';

/** The plain-text summary of a snapshot's report (the exit summary, snapshots). */
export function snapshotSummary(snapshot: StoreSnapshot, version: string, width: number): string {
	return summaryText({
		heading: {
			version,
			rules: snapshot.run?.rules.label ?? '–',
			rulesReason: snapshot.run?.rulesReason ?? 'no log yet',
			window: windowHeading(snapshot.window, snapshot.tailBytes),
			source: snapshot.run === null ? 'no log yet' : `live: ${snapshot.run.label} (${snapshot.totals.lines} lines read)`,
		},
		report: snapshot.finalized.report,
		insights: insightRows(snapshot.finalized, snapshot.persisted),
		source: {pointerPath: null, pointerExists: snapshot.finalized.report.pointer_exists, sourceLabel: snapshot.run?.logPath === null ? 'standard input' : 'live log'},
		counters: snapshot.persisted.counters,
		notes: snapshot.persisted.notes,
		width,
	});
}

/** Keys for `--stdin`: standard input carries the log, so the keyboard is read from the terminal itself. */
function keyboard(options: Options): NodeJS.ReadStream | null {
	if (options.source.kind !== 'stdin') return process.stdin.isTTY ? process.stdin : null;
	try {
		return new ReadStream(openSync('/dev/tty', 'r')) as unknown as NodeJS.ReadStream;
	} catch {
		return null;
	}
}

/** Frames at most this often: Ink's throttle, and the pace of resizes passed on to drawing. */
const MAX_FPS = 15;

/**
 * The live dashboard, in the alternate screen. However it ends, the terminal is given back first
 * (raw keys off, cursor shown, alternate screen left; nothing draws after that): `q` prints the
 * final summary and exits 0; Ctrl-C and SIGINT the same with 130, SIGTERM 143, SIGQUIT 131; SIGHUP
 * or a terminal gone (EIO/EPIPE) 129 without the summary if the terminal cannot take it; an
 * internal error prints one line and exits 1 (crash-report.ts). Ctrl-Z or SIGTSTP gives the
 * terminal back and stops; `fg` takes it again and redraws the whole screen.
 */
export async function runDashboard(options: Options, version: string): Promise<number> {
	// Before the alternate screen: the one line stays readable in the terminal.
	const refused = refusedSource(options.source);
	if (refused !== null) {
		process.stderr.write(`prodex-top: ${refused}\n`);
		return 1;
	}
	const stdin = keyboard(options);
	if (stdin === null) {
		process.stderr.write('prodex-top: no terminal for keyboard input; use --once, --json or --json --follow\n');
		return 2;
	}
	const environment = environmentOutput(options);
	const profileLabels = options.metricsLabels.includes('profile');
	const session = await openLiveSession({...options, countProfiles: profileLabels});
	const {store} = session;
	// The exporter beside the dashboard, on the same store; said before the alternate screen when it cannot listen.
	let exporter: MetricsServer | null = null;
	if (options.metrics !== null) {
		try {
			exporter = await startExporter(store, {address: options.metrics, window: options.window, version, profileLabels});
		} catch (error) {
			await session.stop();
			process.stderr.write(`prodex-top: ${listenErrorText(options.metrics, error)}\n`);
			return 1;
		}
	}
	const theme = resolveTheme(options.theme, options.color, process.env);
	const snapshotDir = options.snapshotDir ?? process.cwd();

	const out = dashboardStdout(process.stdout, Math.ceil(1000 / MAX_FPS));
	// Mouse reports where the terminal can give them (not TERM=dumb), unless --no-mouse.
	const mouse = options.mouse && process.env.TERM !== 'dumb';
	const modes = terminalModes(process.stdout, stdin, {mouse});
	let terminalGone = false;
	// The first way out wins: its status is the exit status.
	let status: number | null = null;
	let finish: (code: number) => void = () => undefined;
	const finished = new Promise<number>(resolve => {
		finish = code => {
			if (status !== null) return;
			status = code;
			resolve(code);
		};
	});
	// Nothing may draw once the terminal is being given back; then the modes are restored.
	const restore = () => {
		out.close();
		modes.leave();
	};
	// A closed pane: writes fail with EIO (EPIPE on a pipe), and the keys end or fail. Stop as on a hang-up, quietly.
	const hangUp = () => {
		terminalGone = true;
		out.close();
		modes.gone();
		finish(EXIT_STATUS.hangup);
	};
	process.stdout.on('error', hangUp);
	stdin.on('error', hangUp);
	stdin.on('end', hangUp);
	const crash = (error: unknown) => {
		restore();
		reportCrash(error);
		process.exit(EXIT_STATUS.crash);
	};
	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);
	// The last net: whatever ends the process, the shell never gets mouse reports or raw keys.
	process.on('exit', () => modes.leave());

	const jobs = jobControl({
		suspend: () => {
			out.hold();
			modes.leave();
		},
		resume: () => {
			modes.leave();
			modes.enter();
			out.redraw();
		},
	});
	const controller: Controller = {
		cycleWindow: () => store.cycleWindow(),
		togglePause: () => (store.getSnapshot().paused ? store.resume() : store.pause()),
		resetBaseline: () => store.resetBaseline(),
		snapshot: (model: ScreenModel) => {
			const snapshot = store.getSnapshot();
			const suggestions = suggestionText(environment, snapshot.finalized);
			const text = `${screenText(model)}\n\n${snapshotSummary(snapshot, version, DEFAULT_WIDTH)}${suggestions === null ? '' : `\n${suggestions}\n`}`;
			try {
				const json = toJson({...(followObject(snapshot, [], environment) as Record<string, JsonOut>), incident_history: incidentHistoryJson(snapshot.incidentHistory)});
				const path = writeSnapshot(snapshotDir, {text, json}, Date.now());
				return `snapshot written: ${displayPath(path, process.cwd())} (+ .md, .json)`;
			} catch (error) {
				return `snapshot failed: ${(error as Error).message}`;
			}
		},
		quit: () => finish(EXIT_STATUS.quit),
		interrupt: () => finish(EXIT_STATUS.interrupt),
		suspend: () => jobs.stopNow(),
		// Through the drawing stream's gate: nothing reaches a terminal being given back, or gone.
		clipboard: options.clipboard ? osc52Clipboard(out.stream) : null,
	};
	// Kept to the end: a hang-up comes with more (SIGHUP after EOF on the keys, SIGCONT), and a second
	// signal while the summary is printed ends the process at once, with the first one's status.
	onStopSignals(signal => {
		if (status === null) finish(EXIT_STATUS[signal]);
		else {
			restore();
			process.exit(status);
		}
	});

	modes.enter();
	const probe = frameProbe(process.env, () => ({...out.counts, columns: out.stream.columns, rows: out.stream.rows}));
	const app = render(withTestThrow(testThrow(process.env), <App store={store} controller={controller} theme={theme} version={version} mouse={mouse} {...(exporter === null ? {} : {initialMessage: `metrics on ${exporter.url}`})} />), {
		stdout: out.stream,
		stdin,
		exitOnCtrlC: false,
		patchConsole: false,
		maxFps: MAX_FPS,
		incrementalRendering: true,
		...(probe === null ? {} : {onRender: probe}),
	});
	session.start();
	// Ink's own end (q, or an error while rendering, which rejects) or a signal.
	app.waitUntilExit().then(() => finish(EXIT_STATUS.quit), crash);
	const code = await finished;
	jobs.dispose();
	// The last frame is drawn (in the alternate screen, unless the terminal is gone) before the terminal is given back.
	app.unmount();
	restore();
	out.dispose();
	await exporter?.close();
	await session.stop();
	if (!terminalGone) {
		try {
			process.stdout.write(snapshotSummary(store.getSnapshot(), version, Math.min(process.stdout.columns ?? DEFAULT_WIDTH, 140)));
		} catch {
			// The terminal went away meanwhile.
		}
	}
	if (options.source.kind === 'stdin') stdin.destroy();
	return code;
}
