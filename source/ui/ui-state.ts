import {PANELS} from './panels/registry.js';
import {SORT_ORDERS, type SortOrder} from './view-model.js';

export {PANELS} from './panels/registry.js';

/** UI state (the store holds the data; this is only where the user is looking). */
export type UiState = {
	readonly focus: number;
	/** Selected row per panel. */
	readonly cursor: readonly number[];
	/** The item opened with Enter (by key, so it survives new data), or null. */
	readonly drill: {readonly panel: number; readonly key: string} | null;
	readonly drillCursor: number;
	readonly filter: string;
	readonly editingFilter: boolean;
	readonly help: boolean;
	/** `d`: the list of the diagnosis changes, and how far it is scrolled. */
	readonly changes: boolean;
	readonly changesCursor: number;
	/** Viewing a finished run: index into the store's previousRuns (0 = the newest), or null for the live run. */
	readonly runView: number | null;
	/** `z`: the focused panel alone, in all the rows under the diagnosis. */
	readonly zoom: boolean;
	/** `o`: the order of the Markers and Facets panels. */
	readonly order: SortOrder;
};

export const INITIAL_UI: UiState = {focus: 0, cursor: PANELS.map(() => 0), drill: null, drillCursor: 0, filter: '', editingFilter: false, help: false, changes: false, changesCursor: 0, runView: null, zoom: false, order: 'count'};

/** Reducer actions: key actions plus the context the reducer needs (list sizes, the selected key). */
export type UiAction =
	| {readonly type: 'panel-next' | 'panel-prev'}
	| {readonly type: 'panel'; readonly index: number}
	| {readonly type: 'move'; readonly by: number; readonly size: number}
	| {readonly type: 'move-to'; readonly to: 'top' | 'bottom'; readonly size: number}
	/** Select item `index` of the focused panel's list (a click on it). */
	| {readonly type: 'select'; readonly index: number}
	| {readonly type: 'open'; readonly key: string | null}
	| {readonly type: 'back'}
	| {readonly type: 'filter-start'}
	| {readonly type: 'filter-append'; readonly text: string}
	| {readonly type: 'filter-erase'}
	| {readonly type: 'filter-done'}
	| {readonly type: 'filter-clear'}
	| {readonly type: 'help'}
	| {readonly type: 'changes'}
	| {readonly type: 'zoom'}
	| {readonly type: 'sort'}
	| {readonly type: 'run-older'; readonly runs: number}
	| {readonly type: 'run-newer'};

const clamp = (value: number, size: number) => Math.max(0, Math.min(value, size - 1));

function withCursor(state: UiState, value: number): UiState {
	if (state.changes) return {...state, changesCursor: value};
	if (state.drill !== null) return {...state, drillCursor: value};
	const cursor = [...state.cursor];
	cursor[state.focus] = value;
	return {...state, cursor};
}

/** The dashboard's UI reducer: pure, one action at a time. */
export function uiReducer(state: UiState, action: UiAction): UiState {
	switch (action.type) {
		case 'panel-next':
		case 'panel-prev': {
			const step = action.type === 'panel-next' ? 1 : PANELS.length - 1;
			return {...state, focus: (state.focus + step) % PANELS.length, drill: null, drillCursor: 0};
		}
		case 'panel': {
			if (action.index < 1 || action.index > PANELS.length) return state;
			return {...state, focus: action.index - 1, drill: null, drillCursor: 0};
		}
		case 'move': {
			const current = state.changes ? state.changesCursor : state.drill === null ? (state.cursor[state.focus] ?? 0) : state.drillCursor;
			return withCursor(state, action.size === 0 ? 0 : clamp(current + action.by, action.size));
		}
		case 'move-to': {
			return withCursor(state, action.to === 'top' || action.size === 0 ? 0 : action.size - 1);
		}
		case 'select': {
			if (state.drill !== null || state.changes) return state;
			return withCursor(state, Math.max(0, action.index));
		}
		case 'open': {
			if (action.key === null || state.drill !== null) return state;
			return {...state, drill: {panel: state.focus, key: action.key}, drillCursor: 0};
		}
		case 'back': {
			// One layer at a time, the innermost first.
			if (state.help) return {...state, help: false};
			if (state.changes) return {...state, changes: false, changesCursor: 0};
			if (state.drill !== null) return {...state, drill: null, drillCursor: 0};
			if (state.zoom) return {...state, zoom: false};
			if (state.filter !== '') return {...state, filter: ''};
			return state;
		}
		case 'filter-start': {
			return {...state, editingFilter: true};
		}
		case 'filter-append': {
			return {...state, filter: state.filter + action.text, cursor: state.cursor.map(() => 0)};
		}
		case 'filter-erase': {
			return {...state, filter: [...state.filter].slice(0, -1).join('')};
		}
		case 'filter-done': {
			return {...state, editingFilter: false};
		}
		case 'filter-clear': {
			return {...state, editingFilter: false, filter: ''};
		}
		case 'help': {
			return {...state, help: !state.help, changes: false, changesCursor: 0};
		}
		case 'changes': {
			return {...state, changes: !state.changes, changesCursor: 0, help: false};
		}
		case 'zoom': {
			return {...state, zoom: !state.zoom};
		}
		case 'sort': {
			return {...state, order: SORT_ORDERS[(SORT_ORDERS.indexOf(state.order) + 1) % SORT_ORDERS.length]!};
		}
		case 'run-older': {
			if (action.runs === 0) return state;
			return {...state, runView: state.runView === null ? 0 : Math.min(state.runView + 1, action.runs - 1)};
		}
		case 'run-newer': {
			return {...state, runView: state.runView === null || state.runView === 0 ? null : state.runView - 1};
		}
	}
}
