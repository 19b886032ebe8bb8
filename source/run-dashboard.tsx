import {openSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {ReadStream} from 'node:tty';
import {render} from 'ink';
import {suggestionText, type EnvironmentOutput} from './core/environment-json.js';
import {toJson, type JsonOut} from './core/json-out.js';
import {DEFAULT_WIDTH, summaryText, windowHeading} from './core/text.js';
import type {Options} from './options.js';
import {followObject, untilSignal} from './run-follow.js';
import {readProdexEnvironment} from './tail/environment.js';
import {processEnv} from './tail/locate.js';
import {displayPath, writeSnapshot} from './tail/snapshot.js';
import {openLiveSession, refusedSource} from './tail/session.js';
import type {StoreSnapshot} from './tail/store.js';
import {App, type Controller} from './ui/app.js';
import {screenText, type ScreenModel} from './ui/screen-model.js';
import {resolveTheme} from './ui/theme.js';
import {incidentHistoryJson} from './core/incident-history.js';
import {insightRows} from './core/insights/rows.js';

const ALT_SCREEN_ON = '\u001B[?1049h\u001B[H';
const ALT_SCREEN_OFF = '\u001B[?1049l';
const CURSOR_HIDE = '\u001B[?25l';
const CURSOR_SHOW = '\u001B[?25h';

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

/**
 * The live dashboard: alternate screen while running; on quit, Ctrl-C, SIGTERM, SIGHUP or a crash
 * the terminal is restored and the final summary is printed to the normal screen (scrollback).
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
	const environment: EnvironmentOutput = {environment: readProdexEnvironment(options.source, options.prodexHome, processEnv()), suggestPolicy: options.suggestPolicy};
	const session = await openLiveSession(options);
	const {store} = session;
	const theme = resolveTheme(options.theme, options.color, process.env);
	const snapshotDir = options.snapshotDir ?? process.cwd();

	let restored = false;
	const restore = () => {
		if (restored) return;
		restored = true;
		process.stdout.write(CURSOR_SHOW + ALT_SCREEN_OFF);
	};
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
		quit: () => undefined,
	};

	process.stdout.write(ALT_SCREEN_ON + CURSOR_HIDE);
	const crash = (error: unknown) => {
		restore();
		const file = join(tmpdir(), `prodex-top-crash-${Date.now()}.log`);
		try {
			writeFileSync(file, `${(error as Error)?.stack ?? String(error)}\n`);
		} catch {
			// Nowhere to write the details: the one line below still says what happened.
		}
		process.stderr.write(`prodex-top: internal error: ${(error as Error)?.message ?? String(error)} (details in ${file})\n`);
		process.exit(1);
	};
	process.on('uncaughtException', crash);
	process.on('unhandledRejection', crash);

	const app = render(<App store={store} controller={controller} theme={theme} version={version} />, {
		stdin,
		exitOnCtrlC: false,
		patchConsole: false,
		maxFps: 15,
		incrementalRendering: true,
	});
	session.start();
	await Promise.race([app.waitUntilExit(), untilSignal()]);
	app.unmount();
	await session.stop();
	restore();
	const columns = process.stdout.columns ?? DEFAULT_WIDTH;
	process.stdout.write(snapshotSummary(store.getSnapshot(), version, Math.min(columns, 140)));
	if (options.source.kind === 'stdin') stdin.destroy();
	return 0;
}
