import {useInput, useStdin, type Key} from 'ink';
import {useCallback, useEffect, useLayoutEffect, useReducer, useRef} from 'react';
import {inputEvents, splitMouse, type MouseEvent} from './input-events.js';
import {INITIAL_INPUT, inputReducer, type Effect, type InputContext} from './input-state.js';
import type {UiState} from './ui-state.js';

export type DashboardInputProps = {
	/** Read keys (false without a terminal that can give raw keys). */
	readonly isActive: boolean;
	/** What keys need of the screen now (asked once per input chunk). */
	readonly context: () => InputContext;
	/** Carry out a key's work outside the UI state (store, snapshot, clipboard, quit). */
	readonly onEffect: (effect: Effect) => void;
	/** Act on mouse reports (`--no-mouse`: false; they are still kept out of the keys). */
	readonly mouse?: boolean;
	/** The clock mouse reports are timed by (double clicks). */
	readonly now?: () => number;
};

/**
 * Take the mouse reports out of `stdin`'s chunks before Ink reads them (splitMouse): Ink reads
 * with `read()` on 'readable', and this wraps that `read`, so Ink's key parser never sees a byte
 * of a report (its useInput would pass a report on as the text `[<0;5;3M`, and a report cut
 * between chunks as a `[` key or as text). Ink 6 has no mouse support of its own; the one
 * package for it seen (@ink-tools/ink-mouse, little used) was not adopted: the reports have to
 * be kept from Ink's key parser, which is what this does. Returns the undo.
 */
export function filterMouse(stdin: NodeJS.ReadStream, onMouse: (events: readonly MouseEvent[]) => void): () => void {
	const own = Object.prototype.hasOwnProperty.call(stdin, 'read');
	const original = stdin.read;
	let pending = '';
	let afterEscape = false;
	const read = (...args: [size?: number]): string | Buffer | null => {
		const chunk = original.apply(stdin, args) as string | Buffer | null;
		if (chunk === null || chunk === undefined) return chunk;
		const split = splitMouse(pending, typeof chunk === 'string' ? chunk : chunk.toString('utf8'), afterEscape);
		pending = split.pending;
		afterEscape = split.pending === '' && /(^|[^\u001B])\u001B$/.test(split.text);
		if (split.events.length > 0) onMouse(split.events);
		return split.text;
	};
	stdin.read = read as NodeJS.ReadStream['read'];
	return () => {
		if (own) stdin.read = original;
		else delete (stdin as {read?: unknown}).read;
	};
}

/**
 * The dashboard's input, whole (ink-ui's `useSelect` pattern: the hook owns `useInput` and the
 * reducer, the component only reads the state): Ink's chunks become key events
 * (input-events.ts), the input reducer (input-state.ts) turns them into the UI state, and the
 * effects they queue are carried out once each, in order, as their frame is committed.
 * Chunks that arrive before a render are queued by React and read in order.
 */
export function useDashboardInput({isActive, context, onEffect, mouse = true, now = Date.now}: DashboardInputProps): UiState {
	const [state, dispatch] = useReducer(inputReducer, INITIAL_INPUT);
	const latest = useRef({context, onEffect, mouse, now});
	latest.current = {context, onEffect, mouse, now};
	// A stable handler: Ink subscribes to input again whenever the handler changes.
	const onInput = useCallback((input: string, key: Key) => {
		const events = inputEvents(input, key);
		if (events.length > 0) dispatch({type: 'input', events, context: latest.current.context()});
	}, []);
	useInput(onInput, {isActive});
	const {stdin} = useStdin();
	useEffect(() => {
		if (!isActive) return;
		return filterMouse(stdin, events => {
			if (latest.current.mouse) dispatch({type: 'input', events, context: latest.current.context(), at: latest.current.now()});
		});
	}, [stdin, isActive]);
	const done = useRef(0);
	// A layout effect: Ink renders a key's update at once, inside its input handler, so the key's
	// work is done in the same turn as the key, before any file event is handled (a line appended
	// after `r` counts after the reset). A passive effect would come a turn later.
	useLayoutEffect(() => {
		if (state.effects.length === 0) return;
		for (const effect of state.effects) {
			// Each effect once, even if a render comes before `effects-done` is applied.
			if (effect.id <= done.current) continue;
			done.current = effect.id;
			latest.current.onEffect(effect);
		}
		dispatch({type: 'effects-done', through: done.current});
	}, [state.effects]);
	return state.ui;
}
