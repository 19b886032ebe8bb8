/** How the dashboard arranges its panels for a terminal size. */
export type LayoutMode = 'wide' | 'stacked' | 'tabs' | 'small';

/** The smallest terminal the dashboard draws in; below it a "too small" screen shows. */
export const MIN_COLUMNS = 50;
export const MIN_ROWS = 14;
/** Two columns from this width; from BOTTOM_PAIR_COLUMNS the bottom row holds two panels side by side. */
export const WIDE_COLUMNS = 120;
export const BOTTOM_PAIR_COLUMNS = 180;
/** Stacked panels from this width; below it, one panel with a tab bar. */
export const STACKED_COLUMNS = 80;

/** Pick the layout: two columns from 120 columns (when there are rows enough), stacked from 80, tabs below. */
export function layoutMode(columns: number, rows: number): LayoutMode {
	if (columns < MIN_COLUMNS || rows < MIN_ROWS) return 'small';
	if (columns >= WIDE_COLUMNS && rows >= 30) return 'wide';
	if (columns >= STACKED_COLUMNS) return 'stacked';
	return 'tabs';
}

/**
 * Stacked layout: the focused panel first, then the panels after it (wrapping), each at its
 * preferred height while space lasts; the last one shown takes what is left.
 */
export function stackPanels(focus: number, available: number, preferred: readonly number[]): Array<{panel: number; height: number}> {
	const out: Array<{panel: number; height: number}> = [];
	let left = available;
	for (let i = 0; i < preferred.length && left >= 4; i++) {
		const panel = (focus + i) % preferred.length;
		const height = Math.min(preferred[panel]!, left);
		out.push({panel, height});
		left -= height;
	}
	if (out.length > 0) out[out.length - 1]!.height += left;
	return out;
}
