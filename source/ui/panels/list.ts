import {wrapText} from '../../core/text.js';
import type {LineSpec} from '../line.js';
import {scrollStart} from '../line.js';
import type {PanelArgs, PanelView} from './types.js';

/** The rows that show a list's selected item (what `y` copies when its panel is focused). */
const SELECTED_ROWS = new WeakSet<LineSpec>();

/** Whether a row shows its list's selected item. */
export const isSelectedRow = (row: LineSpec): boolean => SELECTED_ROWS.has(row);

/** The list index each item row shows (where a click lands: regions.ts). */
const ITEM_ROWS = new WeakMap<LineSpec, number>();

/** The index of the list item a row shows, or null for other rows (a header, `… N more`, text). */
export const itemIndexOf = (row: LineSpec | undefined): number | null => (row === undefined ? null : (ITEM_ROWS.get(row) ?? null));

/** Show `items` as a scrolling list around the cursor, with `… N more` when cut. */
export function list<T>(args: PanelArgs<unknown>, items: readonly T[], cursor: number, render: (item: T, selected: boolean) => LineSpec, empty: string, header?: LineSpec): LineSpec[] {
	const lines: LineSpec[] = header === undefined ? [] : [header];
	if (items.length === 0) return [...lines, [{text: empty, role: 'muted'}]];
	const rows = Math.max(1, args.rows - lines.length);
	const start = scrollStart(cursor, rows, items.length);
	const shown = items.slice(start, start + rows);
	for (const [offset, item] of shown.entries()) {
		const row = render(item, start + offset === cursor);
		if (start + offset === cursor) SELECTED_ROWS.add(row);
		ITEM_ROWS.set(row, start + offset);
		lines.push(row);
	}
	if (start + rows < items.length && lines.length > 0) lines[lines.length - 1] = [{text: `  … ${items.length - start - rows} more (↓)`, role: 'muted'}];
	return lines;
}

/**
 * A detail view (an opened item): wrapped text scrolled by the drill cursor; its `size` is the
 * number of scroll positions, so ↑/↓ stop at the last page.
 */
export function detail(args: PanelArgs<unknown>, texts: readonly string[], subtitle: string, right?: string): PanelView {
	const wrapped = texts.flatMap(text => wrapText(text, args.columns));
	const positions = Math.max(1, wrapped.length - args.rows + 1);
	const start = Math.min(args.drillCursor, positions - 1);
	return {lines: wrapped.slice(start, start + args.rows).map(text => [{text}]), size: positions, keyAt: () => null, subtitle, right};
}

export const keyOf = <T extends {key: string}>(items: readonly T[]) => (index: number) => items[index]?.key ?? null;
