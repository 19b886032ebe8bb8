import type {Key} from 'ink';
import {render} from 'ink-testing-library';
import type {FollowedLine} from '../../source/tail/follower.js';
import {RULES_027, type RuleSet} from '../../source/core/rules/index.js';
import {Store} from '../../source/tail/store.js';
import {App, type AppProps, type Controller} from '../../source/ui/app.js';
import {MONO_THEME} from '../../source/ui/theme.js';
import {boxCells, screenBoxes} from './screen-boxes.js';

/** Lines as a follower would deliver them (consecutive byte offsets). */
export function followed(texts: readonly string[], start = 0, arrivalMs = Date.now()): FollowedLine[] {
	let offset = start;
	return texts.map(text => {
		const bytes = Buffer.byteLength(text) + 1;
		const line = {text, start: offset, bytes, cut: false, arrivalMs};
		offset += bytes;
		return line;
	});
}

/** A store with one run holding `texts`, already applied. */
export function storeWith(texts: readonly string[], rules: RuleSet = RULES_027): Store {
	const store = new Store({tailBytes: 131_072});
	store.beginRun({logPath: '/logs/prodex-runtime-1-1-0.log', label: '/logs/prodex-runtime-1-1-0.log', rules, rulesReason: '--rules'}, {
		logPath: '/logs/prodex-runtime-1-1-0.log',
		pointerExists: true,
		logExists: true,
		pointerNote: null,
		readError: null,
	});
	const lines = followed(texts);
	store.ingest(lines, lines.reduce((sum, line) => sum + line.bytes, 0));
	store.markCaughtUp();
	return store;
}

/** A controller that records what the keys asked for. */
export function recordingController(store: Store): Controller & {calls: string[]; copied: string[]} {
	const calls: string[] = [];
	const copied: string[] = [];
	return {
		calls,
		copied,
		cycleWindow: () => {
			calls.push('window');
			store.cycleWindow();
		},
		togglePause: () => {
			calls.push('pause');
			if (store.getSnapshot().paused) store.resume();
			else store.pause();
		},
		resetBaseline: () => {
			calls.push('reset');
			store.resetBaseline();
		},
		snapshot: () => {
			calls.push('snapshot');
			return 'snapshot written: ./prodex-top-test.txt (+ .md, .json)';
		},
		quit: () => calls.push('quit'),
		interrupt: () => calls.push('interrupt'),
		suspend: () => calls.push('suspend'),
		clipboard: text => {
			calls.push('copy');
			copied.push(text);
		},
	};
}

// ink-testing-library's fake stdout always reports 100 columns; its getter lives on the Stdout
// prototype, so the tests swap it for one that reports the size under test.
let testColumns = 100;
let patched = false;
function patchColumns(stdout: object): void {
	if (patched) return;
	Object.defineProperty(Object.getPrototypeOf(stdout), 'columns', {get: () => testColumns, configurable: true});
	patched = true;
}

/** Render the dashboard at an explicit size with the mono theme. */
export function renderApp(store: Store, columns: number, rows: number, clock: Pick<AppProps, 'now' | 'tickMs'> = {}) {
	testColumns = columns;
	const controller = recordingController(store);
	const app = <App store={store} controller={controller} theme={MONO_THEME} version="9.9.9" size={{columns, rows}} {...clock} />;
	const view = render(app);
	if (!patched) {
		patchColumns(view.stdout);
		view.rerender(app);
	}
	return {...view, controller};
}

/** Poll the last frame until `predicate` holds (never a fixed sleep). */
export async function frameWhere(lastFrame: () => string | undefined, predicate: (frame: string) => boolean, timeoutMs = 8000): Promise<string> {
	const start = Date.now();
	for (;;) {
		const frame = lastFrame() ?? '';
		if (predicate(frame)) return frame;
		if (Date.now() - start > timeoutMs) throw new Error(`frame never matched; last frame:\n${frame}`);
		await new Promise(resolve => setTimeout(resolve, 5));
	}
}

/** Every row of a frame fits the width and the frame has exactly `rows` rows. */
export function frameFits(frame: string, columns: number, rows: number): boolean {
	const lines = frame.split('\n');
	return lines.length <= rows && lines.every(line => [...line].length <= columns);
}

export const SAMPLE = [
	'[2026-04-24 09:00:00.000 +07:00] runtime proxy log initialized pid=1 cwd=/x',
	'[2026-04-24 09:00:01.000 +07:00] selection_pick route=responses profile=main quota_source=probe_cache',
	'[2026-04-24 09:00:02.000 +07:00] runtime_proxy_lane_limit_reached lane=compact active=7 limit=6 route=/responses/compact',
	'[2026-04-24 09:00:03.000 +07:00] stream_read_error request=1 transport=http profile=second error=<redacted>',
	'[2026-04-24 09:00:04.000 +07:00] state_save_skipped revision=2 reason=unchanged lag_ms=161',
	'[2026-04-24 09:00:05.000 +07:00] previous_response_not_found route=websocket transport=websocket profile=main',
	'[2026-04-24 09:00:06.000 +07:00] profile_retry_backoff profile=second until=1745463960',
	'[2026-04-24 09:00:07.000 +07:00] compat_warning client=codex_cli family=codex warning=w1',
];

/**
 * The rows of the panel titled `title` in a frame: its title row and the rows under it, only the
 * panel's own columns (panels sit side by side from 120 columns).
 */
export function focusedPanelRows(frame: string, columns: number, title: string): string[] {
	const box = screenBoxes(frame).find(b => b.title.includes(title));
	const rows = frame.split('\n').map(line => [...line].slice(0, columns).join(''));
	if (box === undefined) return rows.slice(Math.max(0, rows.findIndex(line => line.includes(title))));
	return frame.split('\n').slice(box.top, box.top + box.height).map(line => boxCells(line).slice(box.left, box.left + box.width).join(''));
}

/** Ink's key flags as `useInput` reports them, all off but `flags`. */
export const inkKey = (flags: Partial<Key> = {}): Key => ({
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false,
	capsLock: false, numLock: false, ...flags,
} as Key);
