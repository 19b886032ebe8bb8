import {bar, fit, width} from '../format.js';
import type {LineSpec} from '../line.js';
import {keyOf, list} from './list.js';
import {pointer, type PanelArgs, type PanelDef, type PanelView} from './types.js';
import {facetRows, ORDER_LABEL, type FacetRow, type SortOrder} from '../view-model.js';

/** The title's order: facet values have no last-seen time, so "last seen" orders them by count (then name). */
const orderText = (order: SortOrder) => (order === 'last-seen' ? 'by count (no last seen per value)' : ORDER_LABEL[order]);

/** Top facet values with bars; Enter shows all values of a facet. */
function facetsView(args: PanelArgs<readonly FacetRow[]>): PanelView {
	const rows = args.data;
	const open = rows.find(row => row.key === args.drill);
	if (open !== undefined) {
		const max = open.values[0]?.count ?? 0;
		const valueWidth = Math.min(40, Math.max(...open.values.map(v => width(v.value)), 5));
		const lines = list(args, open.values, args.drillCursor, (v, selected) => [
			{text: pointer(selected, true)},
			{text: fit(v.value, valueWidth)},
			{text: ` ${String(v.count).padStart(6)} `},
			{text: bar(v.count, max, Math.max(0, args.columns - valueWidth - 12)), role: 'bar'},
		], 'no values');
		return {lines, size: open.values.length, keyAt: () => null, subtitle: `${open.facet} (${open.values.length} values)`, right: orderText(args.order)};
	}
	// The name column fits the longest facet name shown (token_usage_source is 18), and always ends in a gap.
	const nameWidth = Math.min(18, Math.max(8, ...rows.map(row => width(row.facet))));
	const lines = list(args, rows, args.cursor, (row, selected) => {
		const segs: LineSpec[number][] = [{text: pointer(selected, args.focused)}, {text: `${fit(row.facet, nameWidth)} `, bold: true}];
		const max = row.values[0]?.count ?? 0;
		let room = args.columns - 3 - nameWidth;
		for (const v of row.values) {
			const piece = `${v.value} `;
			const bars = bar(v.count, max, 6);
			const need = width(piece) + width(bars) + String(v.count).length + 3;
			if (need > room) {
				if (room > 2) segs.push({text: '…', role: 'muted'});
				break;
			}
			segs.push({text: piece}, {text: bars, role: 'bar'}, {text: ` ${v.count}  `});
			room -= need;
		}
		return segs;
	}, 'no facet values in this window');
	return {lines, size: rows.length, keyAt: keyOf(rows), right: orderText(args.order)};
}

export const facetsPanel: PanelDef<readonly FacetRow[]> = {
	id: 'facets',
	title: 'Top facets',
	short: 'Facets',
	help: 'top values of each facet (route, profile, reason, …) with bars; ⏎ shows all values',
	slot: 'middle',
	preferredHeight: () => 8,
	sortable: true,
	rows: input => facetRows(input),
	view: facetsView,
};
