import {fit, width} from '../format.js';
import type {LineSpec} from '../line.js';
import {detail, keyOf, list} from './list.js';
import {pointer, type PanelArgs, type PanelDef, type PanelView} from './types.js';
import {markerRows, lineRows, ORDER_LABEL, type LineRow, type MarkerRow} from '../view-model.js';

/** Every marker seen: count, class, last seen, last fields. */
function markersView(args: PanelArgs<{readonly rows: readonly MarkerRow[]; readonly recent: readonly LineRow[]}>): PanelView {
	const {rows, recent} = args.data;
	const open = rows.find(row => row.key === args.drill);
	if (open !== undefined) {
		const lastLine = recent.find(line => line.marker === open.marker);
		return detail(
			args,
			[
				`${open.marker}: ${open.count} in this window · class ${open.className ?? '–'} · last seen ${open.lastSeen} ago`,
				...(open.lastFields === '' ? ['last fields: (none)'] : ['last fields:', ...open.lastFields.split(' ').map(field => `  ${field}`)]),
				...(lastLine === undefined ? [] : ['last line:', lastLine.text]),
			],
			open.marker,
		);
	}
	// The marker name is shown whole (up to 36 columns). The class column is as wide as the longest
	// class in the list (often just `–`) and shows when it leaves the last fields 8 columns or more.
	const classWidth = Math.max(5, ...rows.map(row => width(row.className ?? '–')));
	const longest = Math.max(12, ...rows.map(row => width(row.marker)));
	const base = 2 + 8 + 2 + 9;
	const showClass = args.columns - base - Math.min(36, longest) >= classWidth + 2 + 8;
	const markerWidth = Math.max(12, Math.min(36, args.columns - base - (showClass ? classWidth + 2 : 0) - 1, longest));
	const classHeader = showClass ? `${fit('class', classWidth)}  ` : '';
	const header: LineSpec = [{text: `  ${'count'.padStart(6)}  ${fit('marker', markerWidth)}  ${classHeader}${fit('last', 7)}  last fields`, role: 'muted'}];
	const lines = list(args, rows, args.cursor, (row, selected) => [
		{text: pointer(selected, args.focused)},
		{text: `${String(row.count).padStart(6)}  `, bold: true},
		{text: `${fit(row.marker, markerWidth)}  `},
		...(showClass ? [{text: `${fit(row.className ?? '–', classWidth)}  `, role: row.className === null ? ('muted' as const) : ('elevated' as const)}] : []),
		{text: `${fit(row.lastSeen, 7)}  `, role: 'muted'},
		{text: row.lastFields, role: 'muted'},
	], 'no markers in this window yet', header);
	return {lines, size: rows.length, keyAt: keyOf(rows), right: ORDER_LABEL[args.order]};
}

export const markersPanel: PanelDef<{readonly rows: readonly MarkerRow[]; readonly recent: readonly LineRow[]}> = {
	id: 'markers',
	title: 'Markers',
	short: 'Markers',
	help: 'every marker seen: count, class, last seen, last fields; ⏎ shows one marker',
	slot: 'bottom',
	preferredHeight: () => 12,
	sortable: true,
	rows: input => ({rows: markerRows(input), recent: lineRows(input)}),
	view: markersView,
};
