import type {LineSpec} from '../line.js';
import type {SortOrder, ViewInput} from '../view-model.js';

/** What a panel builder gets: its data plus where the user is. */
export type PanelArgs<T> = {
	readonly data: T;
	/** Content columns (inside the frame). */
	readonly columns: number;
	/** Content rows (inside the frame). */
	readonly rows: number;
	readonly focused: boolean;
	readonly cursor: number;
	/** The opened item's key, or null. */
	readonly drill: string | null;
	readonly drillCursor: number;
	readonly now: number;
	/** The order `o` chose (Markers and Facets follow it). */
	readonly order: SortOrder;
};

/** What a panel shows and how its list can be navigated. */
export type PanelView = {
	readonly lines: readonly LineSpec[];
	/** Items in the list (for ↑/↓ and Enter), 0 when the panel has no list. */
	readonly size: number;
	/** The key of item `index` (what Enter opens), or null. */
	keyAt(index: number): string | null;
	/** Text at the right end of the title border. */
	readonly right?: string;
	/** The panel title when an item is open (`Classes › quota`). */
	readonly subtitle?: string;
};

/** The selection marker of a list row: visible without colour. */
export const pointer = (selected: boolean, focused: boolean) => (selected && focused ? '▸ ' : '  ');

/**
 * One dashboard panel, whole: what it is called, what `?` says of it, whether the wide layouts
 * put it full width, how tall it likes to be when stacked, the rows it derives from a snapshot, and how it draws them.
 * Layout, help, the number keys and the tab bar iterate PANELS; nothing is keyed by a panel's index.
 */
export type PanelDef<T> = {
	readonly id: string;
	readonly title: string;
	/** Tab bar name. */
	readonly short: string;
	/** What the panel means (the help screen). */
	readonly help: string;
	/** Wide layouts: 'banner' is full width under the diagnosis; the others flow down the columns in key order, sized by what they hold (layout.ts), whatever their slot. */
	readonly slot: 'banner' | 'top' | 'middle' | 'bottom';
	/** Frame height (content + 2 borders) when space is shared; `input` is null before the first log lines. */
	readonly preferredHeight: (input: ViewInput | null) => number;
	/** `o` orders this panel's rows (the footer shows the order while it is focused). */
	readonly sortable?: boolean;
	readonly rows: (input: ViewInput) => T;
	readonly view: (args: PanelArgs<T>) => PanelView;
};
