import {clock} from '../format.js';
import {detail, keyOf, list} from './list.js';
import {pointer, type PanelArgs, type PanelDef, type PanelView} from './types.js';
import {lineRows, type LineRow} from '../view-model.js';

/** Recent marker lines, newest first (redacted, control-free); Enter shows one whole. */
function linesView(args: PanelArgs<readonly LineRow[]>): PanelView {
	const rows = args.data;
	const open = rows.find(row => row.key === args.drill);
	if (open !== undefined) return detail(args, [`${clock(open.time)}  ${open.marker}`, open.text], open.marker);
	// The list shows the message; the line's own `[timestamp]` is already in the time column.
	const message = (text: string) => (text.startsWith('[') && text.includes('] ') ? text.slice(text.indexOf('] ') + 2) : text);
	const lines = list(args, rows, args.cursor, (row, selected) => [
		{text: pointer(selected, args.focused)},
		{text: `${clock(row.time)}  `, role: 'muted'},
		{text: message(row.text)},
	], 'no marker lines yet');
	return {lines, size: rows.length, keyAt: keyOf(rows), right: `${rows.length} lines`};
}

export const linesPanel: PanelDef<readonly LineRow[]> = {
	id: 'lines',
	title: 'Recent lines',
	short: 'Lines',
	help: 'the latest marker lines (redacted); ⏎ shows a line whole',
	slot: 'bottom',
	preferredHeight: () => 12,
	rows: input => lineRows(input),
	view: linesView,
};
