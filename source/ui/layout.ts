/** How the dashboard arranges its panels for a terminal size. */
export type LayoutMode = 'wide' | 'stacked' | 'tabs' | 'small';

/** The smallest terminal the dashboard draws in; below it a "too small" screen shows. */
export const MIN_COLUMNS = 50;
export const MIN_ROWS = 14;
/** Two columns of panels from this width (with 30 rows or more); three from THREE_COLUMNS. */
export const WIDE_COLUMNS = 120;
export const THREE_COLUMNS = 160;
/** Stacked panels from this width; below it, one panel with a tab bar. */
export const STACKED_COLUMNS = 80;
/** A panel that holds more than this many rows (frame included) is not shown smaller than this, so a panel is never a sliver. */
export const LEAST_ROWS = 6;
/** Blank rows a panel may show while another panel hides items (rows nobody needs are spread so no panel gets more). */
export const MAX_BLANK_RUN = 3;

/** Pick the layout: columns of panels from 120 columns (when there are rows enough), stacked from 80, tabs below. */
export function layoutMode(columns: number, rows: number): LayoutMode {
	if (columns < MIN_COLUMNS || rows < MIN_ROWS) return 'small';
	if (columns >= WIDE_COLUMNS && rows >= 30) return 'wide';
	if (columns >= STACKED_COLUMNS) return 'stacked';
	return 'tabs';
}

/** How many columns of panels the wide layout has at this width. */
export const panelColumns = (columns: number): number => (columns >= THREE_COLUMNS ? 3 : 2);

/** A panel to place and the frame rows it needs to show everything it holds. */
export type PanelNeed = {readonly panel: number; readonly need: number};
export type Placed = {readonly panel: number; readonly height: number};

const least = (need: number) => Math.min(need, LEAST_ROWS);
const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

/**
 * The heights of the panels of one column of `height` rows. Each starts at its least; the panel
 * at `first` (the focused one) then gets what it needs, as far as the rows go; the rows
 * left go to the panels that still hide items, the smallest need first (water-filling: a panel
 * that can show everything does, the biggest take the rest). Rows nobody needs go to the last
 * panel, or, when `spread` (some panel on screen hides items), up to MAX_BLANK_RUN to each panel
 * from the last up, so blank rows never pile up in one panel while another cuts its list.
 */
export function columnHeights(needs: readonly number[], height: number, spread: boolean, first = -1): number[] {
	if (needs.length === 0) return [];
	const heights = needs.map(least);
	let rest = height - sum(heights);
	// The focused panel first: what it holds, as far as the rows go (the others keep their least).
	if (first >= 0 && first < needs.length) {
		const add = Math.max(0, Math.min(needs[first]! - heights[first]!, rest));
		heights[first]! += add;
		rest -= add;
	}
	const byNeed = [...needs.keys()].sort((a, b) => needs[a]! - needs[b]! || a - b);
	for (;;) {
		const open = byNeed.filter(i => heights[i]! < needs[i]!);
		if (rest <= 0 || open.length === 0) break;
		const share = Math.max(1, Math.floor(rest / open.length));
		for (const i of open) {
			const add = Math.min(needs[i]! - heights[i]!, share, rest);
			heights[i]! += add;
			rest -= add;
		}
	}
	if (rest > 0 && spread) {
		for (let i = heights.length - 1; i >= 0 && rest > 0; i--) {
			const add = Math.min(MAX_BLANK_RUN, rest);
			heights[i]! += add;
			rest -= add;
		}
	}
	if (rest !== 0) heights[heights.length - 1]! += rest;
	return heights;
}

/** Every way to cut `count` items, in order, into `parts` runs (a run may be empty only when there are fewer items than parts). */
function cuts(count: number, parts: number): number[][] {
	if (parts === 1) return [[count]];
	const out: number[][] = [];
	const first = count < parts ? 0 : 1;
	for (let size = first; size <= count - (count < parts ? 0 : parts - 1); size++) for (const rest of cuts(count - size, parts - 1)) out.push([size, ...rest]);
	return out;
}

/**
 * Columns of panels, each `height` rows: the panels in order, down the first column, then the
 * next. As many panels as fit at their least height are shown (the `keep` panel, the focused one,
 * always: it takes the place of the last that would not fit). Of the ways to cut them into
 * columns, the one chosen leaves no panel with more than MAX_BLANK_RUN blank rows while another
 * hides items, if there is one; then the one with the fewest panels hiding items (small panels
 * whole, the long lists cut); then the one whose smallest panel that hides items is tallest (no
 * list squeezed to a sliver while another shows all); then the one that hides least; then the first.
 */
export function columnLayout(panels: readonly PanelNeed[], columns: number, height: number, keep: number | null = null): Placed[][] {
	if (panels.length === 0 || columns < 1) return [];
	const fits = (chosen: readonly PanelNeed[]) => cuts(chosen.length, columns).filter(sizes => runs(chosen, sizes).every(run => sum(run.map(p => least(p.need))) <= height));
	for (let count = panels.length; count >= 1; count--) {
		const kept = panels.findIndex(p => p.panel === keep);
		const chosen = kept < 0 || kept < count ? panels.slice(0, count) : [...panels.slice(0, count - 1), panels[kept]!];
		const options = fits(chosen);
		if (options.length === 0) continue;
		let best: {score: number[]; layout: Placed[][]} | null = null;
		for (const sizes of options) {
			const groups = runs(chosen, sizes);
			const hides = groups.some(run => sum(run.map(p => p.need)) > height);
			const layout = groups.map(run => {
				const heights = columnHeights(run.map(p => p.need), height, hides, run.findIndex(p => p.panel === keep));
				return run.map((p, i) => ({panel: p.panel, height: heights[i]!}));
			});
			const placed = layout.flat();
			const need = new Map(chosen.map(p => [p.panel, p.need]));
			const blank = sum(placed.map(p => Math.max(0, p.height - need.get(p.panel)! - MAX_BLANK_RUN)));
			const hidden = sum(placed.map(p => Math.max(0, need.get(p.panel)! - p.height)));
			const hiding = placed.filter(p => p.height < need.get(p.panel)!);
			const squeezed = Math.min(height, ...hiding.map(p => p.height));
			const score = [hides ? blank : 0, hiding.length, -squeezed, hidden];
			if (best === null || before(score, best.score)) best = {score, layout};
		}
		return best!.layout;
	}
	// Not even one panel at its least: the first (or the kept one) takes the whole column.
	const only = panels.find(p => p.panel === keep) ?? panels[0]!;
	return [[{panel: only.panel, height}]];
}

/** Whether score `a` is lower than `b`, first entry first. */
function before(a: readonly number[], b: readonly number[]): boolean {
	for (const [i, value] of a.entries()) if (value !== b[i]) return value < b[i]!;
	return false;
}

function runs<T>(items: readonly T[], sizes: readonly number[]): T[][] {
	const out: T[][] = [];
	let start = 0;
	for (const size of sizes) {
		out.push(items.slice(start, start + size));
		start += size;
	}
	return out;
}

/**
 * Stacked layout (one column): the panels in order (the focused one first), each at the smaller
 * of its preferred height and its need while space lasts (a panel is added only with 4 rows or
 * more for it). Rows left over go to the shown panels that hide items, in order (the focused
 * one first); when none does, to the last panel.
 */
export function stackPanels(panels: ReadonlyArray<PanelNeed & {readonly preferred: number}>, available: number): Placed[] {
	const out: Array<{panel: number; height: number; need: number}> = [];
	let left = available;
	for (const {panel, need, preferred} of panels) {
		if (left < 4) break;
		const height = Math.min(preferred, need, left);
		out.push({panel, height, need});
		left -= height;
	}
	for (const placed of out) {
		const add = Math.min(left, Math.max(0, placed.need - placed.height));
		placed.height += add;
		left -= add;
	}
	if (out.length > 0) out[out.length - 1]!.height += left;
	return out.map(({panel, height}) => ({panel, height}));
}

/** Rows beyond MAX_BLANK_RUN that panels sit blank on while some panel hides items (0: none). */
export function blankExcess(placed: readonly Placed[], need: (panel: number) => number): number {
	if (!placed.some(p => p.height < need(p.panel))) return 0;
	return sum(placed.map(p => Math.max(0, p.height - need(p.panel) - MAX_BLANK_RUN)));
}

/** The wide layout: columns of panels, and maybe one panel under them, full width. */
export type WideLayout = {readonly columns: Placed[][]; readonly columnRows: number; readonly below: Placed | null};

/**
 * The wide layout of `panels` in `columns` columns of `height` rows. When the panels but `tail`
 * are too few to fill the columns (so some would sit on blank rows while `tail`, a long list,
 * cuts its own), `tail` goes under the columns, full width, and the columns get the most rows
 * they can fill without a panel on more than MAX_BLANK_RUN blank rows.
 */
export function wideLayout(panels: readonly PanelNeed[], columns: number, height: number, keep: number | null, tail: number | null): WideLayout {
	const need = (panel: number) => panels.find(p => p.panel === panel)?.need ?? 0;
	const inColumns: WideLayout = {columns: columnLayout(panels, columns, height, keep), columnRows: height, below: null};
	const last = panels.find(p => p.panel === tail);
	if (blankExcess(inColumns.columns.flat(), need) === 0 || last === undefined) return inColumns;
	const others = panels.filter(p => p !== last);
	for (let rows = height - least(last.need); rows >= LEAST_ROWS; rows--) {
		const layout = columnLayout(others, columns, rows, keep === tail ? null : keep);
		const placed = layout.flat();
		const below = {panel: last.panel, height: height - rows};
		if (placed.length === others.length && blankExcess([...placed, below], need) === 0) return {columns: layout, columnRows: rows, below};
	}
	return inColumns;
}
