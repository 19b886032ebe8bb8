import {fit} from '../format.js';
import {detail, list} from './list.js';
import {pointer, type PanelArgs, type PanelDef, type PanelView} from './types.js';
import {stateRows, type StateRow} from '../state-rows.js';

/** Backlogs, lags and the persisted prodex state; Enter shows a row's detail. */
function stateView(args: PanelArgs<readonly StateRow[]>): PanelView {
	const rows = args.data;
	const open = rows.find(row => row.key === args.drill);
	if (open !== undefined) return detail(args, [`${open.label}: ${open.value}`, ...(open.detail ?? [])], open.label);
	const lines = list(args, rows, args.cursor, (row, selected) => [
		{text: pointer(selected, args.focused)},
		{text: fit(row.label, 14), role: 'muted'},
		{text: row.value, role: row.role},
		...(row.detail === undefined ? [] : [{text: ' ⏎', role: 'muted' as const}]),
	], '');
	return {lines, size: rows.length, keyAt: index => (rows[index]?.detail === undefined ? null : (rows[index]?.key ?? null))};
}

export const statePanel: PanelDef<readonly StateRow[]> = {
	id: 'state',
	title: 'State & backlogs',
	short: 'State',
	help: 'backlogs and lags, degraded routes, orphan dirs, snapshots, continuations; ⏎ shows details',
	slot: 'middle',
	preferredHeight: () => 10,
	rows: input => stateRows(input.report, input.persisted, input.now, input.notes),
	view: stateView,
};
