import {Box, useApp, useStdin} from 'ink';
import {useEffect, useMemo, useRef, useState, useSyncExternalStore} from 'react';
import type {SnapshotSource} from '../core/snapshot.js';
import {cut} from './format.js';
import type {Effect, InputContext} from './input-state.js';
import {Line, sameLines} from './line.js';
import {screenBuilder, type ScreenInput, type ScreenModel} from './screen-model.js';
import type {Theme} from './theme.js';
import type {UiState} from './ui-state.js';
import {useDashboardInput} from './use-dashboard-input.js';
import {paced, useCoarseNow, useTerminalSize} from './use-terminal.js';

/** What keys do outside the UI state: the store, snapshots and quitting. */
export type Controller = {
	readonly cycleWindow: () => void;
	readonly togglePause: () => void;
	readonly resetBaseline: () => void;
	/** Write a snapshot of this frame; returns the message to show. */
	readonly snapshot: (model: ScreenModel) => string;
	readonly quit: () => void;
	/** Ctrl-C: quit as an interrupt. */
	readonly interrupt: () => void;
	/** Ctrl-Z: give the terminal back and stop until `fg`. */
	readonly suspend: () => void;
	/** `y`: put printable text on the terminal's clipboard (OSC 52, clipboard.ts), or null with `--no-clipboard`. */
	readonly clipboard: ((text: string) => void) | null;
};

export type AppProps = {
	readonly store: SnapshotSource;
	readonly controller: Controller;
	readonly theme: Theme;
	readonly version: string;
	/** Fixed terminal size (tests); otherwise the real one, following resizes. */
	readonly size?: {readonly columns: number; readonly rows: number};
	readonly now?: () => number;
	/** How often relative times are looked at again (ms); tests shorten it. */
	readonly tickMs?: number;
	/** Data-driven frames at most this often (ms); keys draw at once. */
	readonly frameMs?: number;
	/** A footer message shown at start (the exporter's address with `--metrics`). */
	readonly initialMessage?: string;
	/** Act on mouse reports (default true; `--no-mouse`: false). */
	readonly mouse?: boolean;
};

const MESSAGE_MS = 8000;

/** The dashboard: one store, one `useInput`, one key map; everything on screen comes from `buildScreen` (screen-model.ts). */
export function App({store, controller, theme, version, size, now = Date.now, tickMs = 5000, frameMs = 500, initialMessage, mouse = true}: AppProps) {
	const subscribe = useMemo(() => paced(store.subscribe, frameMs), [store, frameMs]);
	// One frame per input: the key handler, the render and the clock check share it.
	const buildScreen = useMemo(screenBuilder, []);
	const snapshot = useSyncExternalStore(subscribe, store.getSnapshot, store.getSnapshot);
	const {columns, rows} = useTerminalSize(size);
	// The clock ticks every 5 s, but only redraws when a relative time on screen would read differently.
	const time = useCoarseNow(now, tickMs, next => {
		const {ui: shownUi, model: shown, base: shownBase} = latest.current;
		return !sameLines(buildScreen({...shownBase, ui: shownUi, now: Math.max(next, shownBase.snapshot.generatedAt)}).lines, shown.lines);
	});
	const [message, setMessage] = useState<string | null>(initialMessage ?? null);
	const {isRawModeSupported} = useStdin();
	// The one `useInput` is in there: key events, the input reducer, the effects (use-dashboard-input.ts).
	const ui = useDashboardInput({isActive: isRawModeSupported === true, context, onEffect, mouse, now});
	const {exit} = useApp();
	const base: Omit<ScreenInput, 'ui'> = {snapshot, columns, rows, now: Math.max(time, snapshot.generatedAt), version, message};
	const model = buildScreen({...base, ui});
	// What is on screen and what it was built from; keys and the clock start from here.
	const latest = useRef({ui, model, base});
	latest.current = {ui, model, base};

	useEffect(() => {
		if (message === null) return;
		const timer = setTimeout(() => setMessage(null), MESSAGE_MS);
		return () => clearTimeout(timer);
	}, [message]);

	// What keys need of the screen: the focused list as a UI state would show it, on the data of now.
	function context(): InputContext {
		const data = store.getSnapshot();
		const {base: shownBase} = latest.current;
		const screen = (state: UiState) => buildScreen({...shownBase, snapshot: data, ui: state});
		return {focusedView: state => screen(state).focusedView, regions: state => screen(state).regions, runs: data.previousRuns.length};
	}

	// A key's work outside the UI state, once its frame is committed.
	function onEffect({action, ui: pressedIn}: Effect): void {
		// The frame the key was pressed on.
		const pressedOn = () => buildScreen({...latest.current.base, snapshot: store.getSnapshot(), ui: pressedIn});
		switch (action.type) {
			case 'window': {
				controller.cycleWindow();
				break;
			}
			case 'pause': {
				controller.togglePause();
				break;
			}
			case 'reset': {
				controller.resetBaseline();
				setMessage('baseline reset: counting from now');
				break;
			}
			case 'snapshot': {
				setMessage(controller.snapshot(pressedOn()));
				break;
			}
			case 'copy': {
				// Only what the frame shows (the selected row, or the diagnosis), already printable.
				const text = pressedOn().copyText;
				if (controller.clipboard === null) setMessage('clipboard off (--no-clipboard)');
				else if (text === null) setMessage('nothing to copy');
				else {
					controller.clipboard(text);
					setMessage(`copied: ${cut(text, latest.current.base.columns - 10)}`);
				}
				break;
			}
			case 'quit': {
				controller.quit();
				exit();
				break;
			}
			case 'interrupt': {
				controller.interrupt();
				exit();
				break;
			}
			case 'suspend': {
				controller.suspend();
				break;
			}
			default:
		}
	}

	// Exactly the terminal's height, even when the frame is shorter ("terminal too small"): Ink then
	// draws every frame whole, so a redraw after `fg` repaints the entire screen.
	return (
		<Box flexDirection="column" height={rows}>
			{model.lines.map((segs, index) => (
				<Line key={index} segs={segs} columns={columns} theme={theme} />
			))}
		</Box>
	);
}
