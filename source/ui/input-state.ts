import type {InputEvent} from './input-events.js';
import {actionOf, filterEditOf, type Action, type FilterEdit} from './key-map.js';
import type {PanelView} from './panels/types.js';
import {INITIAL_UI, uiReducer, type UiAction, type UiState} from './ui-state.js';

/** What reading a key needs of the screen: the focused panel's list as a UI state shows it, and how many finished runs `[` can go back to. */
export type InputContext = {
	readonly focusedView: (ui: UiState) => PanelView | null;
	readonly runs: number;
};

/** A key's work outside the UI state (the store, snapshots, the clipboard, quitting), with the UI state it was pressed in. */
export type Effect = {readonly id: number; readonly action: Action; readonly ui: UiState};

/** The UI state, and the effects of keys not yet carried out (oldest first). */
export type InputState = {readonly ui: UiState; readonly effects: readonly Effect[]; readonly nextEffect: number};

export const INITIAL_INPUT: InputState = {ui: INITIAL_UI, effects: [], nextEffect: 1};

export type InputAction =
	/** Key events of one input chunk, and the screen they were pressed on. */
	| {readonly type: 'input'; readonly events: readonly InputEvent[]; readonly context: InputContext}
	/** Effects up to this id are carried out. */
	| {readonly type: 'effects-done'; readonly through: number};

const PAGE = 10;

/** The UI action of a key action in a UI state, or null for work outside the UI state (an effect). */
export function uiActionOf(action: Action, ui: UiState, context: InputContext): UiAction | null {
	const view = () => context.focusedView(ui);
	const size = () => view()?.size ?? 0;
	switch (action.type) {
		case 'down': return {type: 'move', by: 1, size: size()};
		case 'up': return {type: 'move', by: -1, size: size()};
		case 'page-down': return {type: 'move', by: PAGE, size: size()};
		case 'page-up': return {type: 'move', by: -PAGE, size: size()};
		case 'top': return {type: 'move-to', to: 'top', size: size()};
		case 'bottom': return {type: 'move-to', to: 'bottom', size: size()};
		case 'open': return {type: 'open', key: view()?.keyAt(ui.cursor[ui.focus] ?? 0) ?? null};
		case 'filter': return {type: 'filter-start'};
		case 'run-older': return {type: 'run-older', runs: context.runs};
		case 'panel-next':
		case 'panel-prev':
		case 'panel':
		case 'back':
		case 'help':
		case 'zoom':
		case 'sort':
		case 'run-newer': return action;
		default: return null;
	}
}

const editAction = (edit: FilterEdit): UiAction => (edit.type === 'append' ? {type: 'filter-append', text: edit.text} : {type: `filter-${edit.type}`});

/**
 * The dashboard's input reducer: pure. Key events go one by one, each read in the UI state the
 * keys before it left (so "3jj\r" opens the third facet, and after `/` the rest of a chunk is
 * filter text); while the filter is edited only Ctrl-C and Ctrl-Z keep their key-map meaning.
 * Keys whose work lies outside the UI state are queued as effects, for the input hook to carry
 * out once each, in order. Nothing changed: the same state back (no redraw).
 */
export function inputReducer(state: InputState, action: InputAction): InputState {
	if (action.type === 'effects-done') {
		const effects = state.effects.filter(effect => effect.id > action.through);
		return effects.length === state.effects.length ? state : {...state, effects};
	}
	let {ui, nextEffect} = state;
	const effects = [...state.effects];
	for (const event of action.events) {
		const chord = event.kind === 'key' && (event.name === 'ctrl-c' || event.name === 'ctrl-z');
		if (ui.editingFilter && !chord) {
			const edit = filterEditOf(event);
			if (edit !== null) ui = uiReducer(ui, editAction(edit));
			continue;
		}
		const keyAction = actionOf(event);
		if (keyAction === null) continue;
		const uiAction = uiActionOf(keyAction, ui, action.context);
		if (uiAction === null) effects.push({id: nextEffect++, action: keyAction, ui});
		else ui = uiReducer(ui, uiAction);
	}
	if (ui === state.ui && nextEffect === state.nextEffect) return state;
	return {ui, effects, nextEffect};
}
