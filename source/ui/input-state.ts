import type {InputEvent, MouseEvent} from './input-events.js';
import {actionOf, filterEditOf, type Action, type FilterEdit} from './key-map.js';
import type {PanelView} from './panels/types.js';
import {hitTest, type PanelRegion} from './regions.js';
import {INITIAL_UI, uiReducer, type UiAction, type UiState} from './ui-state.js';

/** What reading a key needs of the screen: the focused panel's list as a UI state shows it, and how many finished runs `[` can go back to. */
export type InputContext = {
	readonly focusedView: (ui: UiState) => PanelView | null;
	readonly runs: number;
	/** Where panels, tabs and items are on the screen a UI state draws (for the mouse; none: clicks hit nothing). */
	readonly regions?: (ui: UiState) => readonly PanelRegion[];
};

/** A key's work outside the UI state (the store, snapshots, the clipboard, quitting), with the UI state it was pressed in. */
export type Effect = {readonly id: number; readonly action: Action; readonly ui: UiState};

/** The last left press: where, when, and the item it selected (a second press there soon after opens it). */
export type LastPress = {readonly x: number; readonly y: number; readonly at: number; readonly item: number | null};

/** The UI state, the effects of keys not yet carried out (oldest first), and the last click. */
export type InputState = {readonly ui: UiState; readonly effects: readonly Effect[]; readonly nextEffect: number; readonly lastPress: LastPress | null};

export const INITIAL_INPUT: InputState = {ui: INITIAL_UI, effects: [], nextEffect: 1, lastPress: null};

/** Two left presses on the same cell within this many ms are a double click. */
export const DOUBLE_CLICK_MS = 400;
/** Items one wheel notch moves. */
export const WHEEL_STEP = 3;

export type InputAction =
	/** Key and mouse events of one input chunk, the screen they were pressed on, and when (ms; the caller's clock, for double clicks). */
	| {readonly type: 'input'; readonly events: readonly InputEvent[]; readonly context: InputContext; readonly at?: number}
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
		case 'changes':
		case 'zoom':
		case 'sort':
		case 'run-newer': return action;
		default: return null;
	}
}

const editAction = (edit: FilterEdit): UiAction => (edit.type === 'append' ? {type: 'filter-append', text: edit.text} : {type: `filter-${edit.type}`});

/**
 * A mouse report's work, all of it in the UI state: a left press on a panel (or its tab) focuses
 * it, on a list item also selects it; a second left press on the same cell within DOUBLE_CLICK_MS
 * opens the item the first one selected (not what is under the pointer now: in the stacked layout
 * the focused panel moves to the top). The wheel moves the list of the panel under the pointer
 * (focusing it first; outside any panel, the focused one) WHEEL_STEP items a notch. Over the help
 * the mouse does nothing, over the diagnosis changes (`d`) the wheel scrolls them; other buttons,
 * releases and motion do nothing.
 */
function mouseReducer(ui: UiState, lastPress: LastPress | null, event: MouseEvent, context: InputContext, at: number | undefined): {ui: UiState; lastPress: LastPress | null} {
	if (ui.help) return {ui, lastPress};
	const hit = () => hitTest(context.regions?.(ui) ?? [], event.x, event.y);
	const focus = (state: UiState, panel: number) => (panel === state.focus ? state : uiReducer(state, {type: 'panel', index: panel + 1}));
	if (event.action === 'wheel') {
		if (event.button !== 'wheel-up' && event.button !== 'wheel-down') return {ui, lastPress};
		const target = ui.changes ? null : hit();
		const focused = target === null ? ui : focus(ui, target.panel);
		const size = context.focusedView(focused)?.size ?? 0;
		return {ui: uiReducer(focused, {type: 'move', by: event.button === 'wheel-up' ? -WHEEL_STEP : WHEEL_STEP, size}), lastPress};
	}
	if (event.action !== 'press' || event.button !== 'left' || ui.changes) return {ui, lastPress};
	const double = lastPress !== null && at !== undefined && lastPress.x === event.x && lastPress.y === event.y && at - lastPress.at <= DOUBLE_CLICK_MS && at >= lastPress.at;
	if (double && lastPress.item !== null) {
		const key = context.focusedView(ui)?.keyAt(lastPress.item) ?? null;
		return {ui: uiReducer(ui, {type: 'open', key}), lastPress: null};
	}
	const target = hit();
	const press = (item: number | null): LastPress | null => (at === undefined ? null : {x: event.x, y: event.y, at, item});
	if (target === null) return {ui, lastPress: press(null)};
	let next = focus(ui, target.panel);
	if (target.item !== null) next = uiReducer(next, {type: 'select', index: target.item});
	return {ui: next, lastPress: press(target.item)};
}

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
	let {ui, nextEffect, lastPress} = state;
	const effects = [...state.effects];
	for (const event of action.events) {
		if (event.kind === 'mouse') {
			// While the filter is typed the mouse does nothing (and never adds text).
			if (!ui.editingFilter) ({ui, lastPress} = mouseReducer(ui, lastPress, event, action.context, action.at));
			continue;
		}
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
	if (ui === state.ui && nextEffect === state.nextEffect && lastPress === state.lastPress) return state;
	return {ui, effects, nextEffect, lastPress};
}
