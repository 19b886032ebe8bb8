import {fit} from '../format.js';
import {detail, keyOf, list} from './list.js';
import {pointer, type PanelArgs, type PanelDef, type PanelView} from './types.js';
import {pressureRows, type PressureRow} from '../view-model.js';

/** The five pressure levels, words and symbols, and what made each level. */
function pressureView(args: PanelArgs<readonly PressureRow[]>): PanelView {
	const rows = args.data;
	const open = rows.find(row => row.key === args.drill);
	if (open !== undefined) {
		return detail(args, [`${open.label}: ${open.level.text}`, ...(open.reasons.length === 0 ? ['nothing raised it in this window'] : open.reasons.map(r => `· ${r}`))], open.label);
	}
	const lines = list(args, rows, args.cursor, (row, selected) => [
		{text: pointer(selected, args.focused)},
		{text: fit(row.label, 14)},
		{text: fit(row.level.text, 13), role: row.level.role, bold: row.level.role !== 'low'},
		{text: row.reasons.join(' · '), role: 'muted'},
	], '');
	return {lines, size: rows.length, keyAt: keyOf(rows)};
}

export const pressurePanel: PanelDef<readonly PressureRow[]> = {
	id: 'pressure',
	title: 'Pressure',
	short: 'Pressure',
	help: 'selection / transport / persistence / quota freshness / startup audit levels, and what raised them',
	slot: 'top',
	preferredHeight: () => 7,
	rows: input => pressureRows(input),
	view: pressureView,
};
