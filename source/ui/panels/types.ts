import type {LineSpec} from '../line.js';

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
