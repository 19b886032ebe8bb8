import {Box, useApp, useInput, useStdin, type Key} from 'ink';
import {useEffect, useMemo, useReducer, useRef, useState, useSyncExternalStore} from 'react';
import type {SnapshotSource} from '../core/snapshot.js';
import {actionsOf, filterEditOf, type Action} from './key-map.js';
import {Line, sameLines} from './line.js';
import {screenBuilder, type ScreenInput, type ScreenModel} from './screen-model.js';
import type {Theme} from './theme.js';
import {INITIAL_UI, uiReducer, type UiAction, type UiState} from './ui-state.js';
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
};

const MESSAGE_MS = 8000;

/** Control characters that can sit inside a multi-key chunk, as Ink's key flags. */
const CHAR_KEYS: Readonly<Record<string, 'return' | 'tab' | 'backspace'>> = {'\r': 'return', '\n': 'return', '\t': 'tab', '\u007F': 'backspace', '\b': 'backspace'};

/** The UI action for a key action in the current state, or null for a side effect. */
function uiActionOf(action: Action, ui: UiState, model: ScreenModel, runs: number): UiAction | null {
	const view = model.focusedView;
	const size = view?.size ?? 0;
	const page = 10;
	switch (action.type) {
		case 'down': return {type: 'move', by: 1, size};
		case 'up': return {type: 'move', by: -1, size};
		case 'page-down': return {type: 'move', by: page, size};
		case 'page-up': return {type: 'move', by: -page, size};
		case 'top': return {type: 'move-to', to: 'top', size};
		case 'bottom': return {type: 'move-to', to: 'bottom', size};
		case 'open': return {type: 'open', key: view?.keyAt(ui.cursor[ui.focus] ?? 0) ?? null};
		case 'filter': return {type: 'filter-start'};
		case 'run-older': return {type: 'run-older', runs};
		case 'panel-next':
		case 'panel-prev':
		case 'panel':
		case 'back':
		case 'help':
		case 'run-newer': return action;
		default: return null;
	}
}

/** The dashboard: one store, one `useInput`, one key map; everything on screen comes from `buildScreen` (screen-model.ts). */
export function App({store, controller, theme, version, size, now = Date.now, tickMs = 5000, frameMs = 500, initialMessage}: AppProps) {
	const subscribe = useMemo(() => paced(store.subscribe, frameMs), [store, frameMs]);
	// One frame per input: the key handler, the render and the clock check share it.
	const buildScreen = useMemo(screenBuilder, []);
	const snapshot = useSyncExternalStore(subscribe, store.getSnapshot, store.getSnapshot);
	const [ui, dispatch] = useReducer(uiReducer, INITIAL_UI);
	const {columns, rows} = useTerminalSize(size);
	// The clock ticks every 5 s, but only redraws when a relative time on screen would read differently.
	const time = useCoarseNow(now, tickMs, next => {
		const {ui: shownUi, model: shown, base: shownBase} = latest.current;
		return !sameLines(buildScreen({...shownBase, ui: shownUi, now: Math.max(next, shownBase.snapshot.generatedAt)}).lines, shown.lines);
	});
	const [message, setMessage] = useState<string | null>(initialMessage ?? null);
	const {isRawModeSupported} = useStdin();
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

	const sideEffect = (action: Action, current: ScreenModel) => {
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
				setMessage(controller.snapshot(current));
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
	};

	const onInput = (input: string, key: Key): void => {
		// Esc and the next key in one chunk (tmux send-keys, fast typing) reach us as Alt+key; there are
		// no Alt bindings, so it is Esc, then the key.
		const arrow = key.upArrow || key.downArrow || key.leftArrow || key.rightArrow;
		if (key.meta && !key.escape && !key.ctrl && !arrow && input !== '') {
			onInput('', {...key, meta: false, escape: true});
			onInput(input, {...key, meta: false});
			return;
		}
		let state = latest.current.ui;
		let current = latest.current.model;
		const apply = (action: UiAction) => {
			state = uiReducer(state, action);
			current = buildScreen({...base, snapshot: store.getSnapshot(), ui: state});
		};
		const edit = (inputPart: string, keyPart: Key) => {
			const change = filterEditOf(inputPart, keyPart);
			if (change === null) return;
			apply(change.type === 'append' ? {type: 'filter-append', text: change.text} : {type: `filter-${change.type}`});
		};
		const act = (inputPart: string, keyPart: Key) => {
			for (const action of actionsOf(inputPart, keyPart)) {
				const uiAction = uiActionOf(action, state, current, store.getSnapshot().previousRuns.length);
				if (uiAction === null) sideEffect(action, current);
				else apply(uiAction);
			}
		};
		const printable = !key.ctrl && !key.meta && !key.tab && !key.return && !key.escape && !key.backspace && !key.delete && !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow && !key.pageUp && !key.pageDown && !key.home && !key.end;
		if (printable) {
			// A chunk may hold several keys (a paste, tmux send-keys): each character is its own key,
			// and after `/` the rest of the chunk is filter text.
			for (const c of input) {
				// Enter, Tab or Backspace inside a chunk ("jj\r") arrive as plain characters.
				const charKey = CHAR_KEYS[c] === undefined ? key : {...key, [CHAR_KEYS[c]]: true};
				if (state.editingFilter) edit(c, charKey);
				else act(c, charKey);
			}
		} else if (state.editingFilter && !(key.ctrl && (input === 'c' || input === 'z'))) {
			edit(input, key);
		} else {
			act(input, key);
		}
		if (state === latest.current.ui) return;
		// The next chunk may arrive before React renders this one: it must start from this state, not the rendered one.
		latest.current = {...latest.current, ui: state, model: current};
		dispatch({type: 'replace', state});
	};
	useInput(onInput, {isActive: isRawModeSupported === true});

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
