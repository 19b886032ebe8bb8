import {useInput, type Key} from 'ink';
import {useCallback, useEffect, useReducer, useRef} from 'react';
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
 * effects they queue are carried out once each, in order, once their frame is committed.
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
	// After the commit (not during it): an effect may unmount the app (q) or stop the process (Ctrl-Z).
	useEffect(() => {
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
