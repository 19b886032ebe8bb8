import {useInput, type Key} from 'ink';
import {useCallback, useLayoutEffect, useReducer, useRef} from 'react';
import {inputEvents} from './input-events.js';
import {INITIAL_INPUT, inputReducer, type Effect, type InputContext} from './input-state.js';
import type {UiState} from './ui-state.js';

export type DashboardInputProps = {
	/** Read keys (false without a terminal that can give raw keys). */
	readonly isActive: boolean;
	/** What keys need of the screen now (asked once per input chunk). */
	readonly context: () => InputContext;
	/** Carry out a key's work outside the UI state (store, snapshot, clipboard, quit). */
	readonly onEffect: (effect: Effect) => void;
};

/**
 * The dashboard's input, whole (ink-ui's `useSelect` pattern: the hook owns `useInput` and the
 * reducer, the component only reads the state): Ink's chunks become key events
 * (input-events.ts), the input reducer (input-state.ts) turns them into the UI state, and the
 * effects they queue are carried out once each, in order, as their frame is committed.
 * Chunks that arrive before a render are queued by React and read in order.
 */
export function useDashboardInput({isActive, context, onEffect}: DashboardInputProps): UiState {
	const [state, dispatch] = useReducer(inputReducer, INITIAL_INPUT);
	const latest = useRef({context, onEffect});
	latest.current = {context, onEffect};
	// A stable handler: Ink subscribes to input again whenever the handler changes.
	const onInput = useCallback((input: string, key: Key) => {
		const events = inputEvents(input, key);
		if (events.length > 0) dispatch({type: 'input', events, context: latest.current.context()});
	}, []);
	useInput(onInput, {isActive});
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
