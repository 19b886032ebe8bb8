/** A screen row (line.tsx's LineSpec; only its identity matters here, and line.tsx imports this module). */
type LineSpec = ReadonlyArray<unknown>;

/**
 * Where things are on a drawn frame, for the mouse: each panel's frame (its rows and columns) and
 * each list item it shows, and each tab of the tab bar. Rows are tagged as they are made
 * (`tagFrame`, `tagTabs`) and `besides` carries the tags of two blocks put side by side, so the
 * regions are read off the finished rows (`regionsOf`) and follow the layout, whatever it is.
 */

/** A panel's frame on screen (0-based rows and columns; borders included) and the rows of its visible items. */
export type PanelRegion = {
	readonly kind: 'panel' | 'tab';
	readonly panel: number;
	readonly top: number;
	readonly left: number;
	readonly width: number;
	readonly height: number;
	/** The list items shown: the screen row of each and its index in the panel's list. */
	readonly items: ReadonlyArray<{readonly row: number; readonly index: number}>;
};

/** What a row holds, from column `left` for `width` columns. */
type Tag = {readonly kind: 'panel' | 'tab'; readonly panel: number; readonly left: number; readonly width: number; readonly item: number | null};

const TAGS = new WeakMap<LineSpec, readonly Tag[]>();

/** Tag a panel's frame rows (top border, content rows, bottom border): `itemOf` gives the list index shown on content row `i`, or null. */
export function tagFrame(rows: readonly LineSpec[], panel: number, width: number, itemOf: (contentRow: number) => number | null): void {
	rows.forEach((row, at) => {
		const inside = at > 0 && at < rows.length - 1;
		TAGS.set(row, [{kind: 'panel', panel, left: 0, width, item: inside ? itemOf(at - 1) : null}]);
	});
}

/** Tag the tab bar: each tab's columns and panel. */
export function tagTabs(row: LineSpec, tabs: ReadonlyArray<{readonly panel: number; readonly left: number; readonly width: number}>): void {
	TAGS.set(row, tabs.map(tab => ({kind: 'tab', ...tab, item: null})));
}

/** The tags of a row made of `left` (`leftWidth` columns) and `right` beside it (line.ts's `besides`). */
export function joinTags(joined: LineSpec, left: LineSpec | undefined, leftWidth: number, right: LineSpec | undefined): void {
	const tags = [...((left && TAGS.get(left)) ?? []).filter(tag => tag.left < leftWidth), ...((right && TAGS.get(right)) ?? []).map(tag => ({...tag, left: tag.left + leftWidth}))];
	if (tags.length > 0) TAGS.set(joined, tags);
}

/** The regions of a screen's rows (row 0 at the top), in the order they first show. */
export function regionsOf(lines: readonly LineSpec[]): PanelRegion[] {
	const open = new Map<string, {kind: 'panel' | 'tab'; panel: number; top: number; left: number; width: number; height: number; items: Array<{row: number; index: number}>}>();
	const done: PanelRegion[] = [];
	lines.forEach((line, row) => {
		const seen = new Set<string>();
		for (const tag of TAGS.get(line) ?? []) {
			const id = `${tag.kind}:${tag.panel}:${tag.left}:${tag.width}`;
			seen.add(id);
			let region = open.get(id);
			if (region === undefined || region.top + region.height !== row) {
				if (region !== undefined) done.push(region);
				region = {kind: tag.kind, panel: tag.panel, top: row, left: tag.left, width: tag.width, height: 0, items: []};
				open.set(id, region);
			}
			region.height++;
			if (tag.item !== null) region.items.push({row, index: tag.item});
		}
		for (const [id, region] of open) {
			if (seen.has(id)) continue;
			done.push(region);
			open.delete(id);
		}
	});
	done.push(...open.values());
	return done.sort((a, b) => a.top - b.top || a.left - b.left);
}

/** What is at a cell: the panel (or tab) and the list item there, if any. */
export type Hit = {readonly kind: 'panel' | 'tab'; readonly panel: number; readonly item: number | null};

export function hitTest(regions: readonly PanelRegion[], x: number, y: number): Hit | null {
	const region = regions.find(r => y >= r.top && y < r.top + r.height && x >= r.left && x < r.left + r.width);
	if (region === undefined) return null;
	return {kind: region.kind, panel: region.panel, item: region.items.find(item => item.row === y)?.index ?? null};
}
