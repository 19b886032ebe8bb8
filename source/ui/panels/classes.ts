import {fit, sparkline} from '../format.js';
import {detail, keyOf, list} from './list.js';
import {pointer, type PanelArgs, type PanelDef, type PanelView} from './types.js';
import {classRows, type ClassRow} from '../view-model.js';

/** Failure classes with a last-hour sparkline; Enter lists a class's markers. */
function classesView(args: PanelArgs<readonly ClassRow[]>): PanelView {
	const rows = args.data;
	const open = rows.find(row => row.key === args.drill);
	if (open !== undefined) {
		const texts = open.markers.length === 0 ? ['no markers of this class in this window'] : open.markers.flatMap(m => [`${m.marker} ${m.count}`, `   last: ${m.lastFields || '(no fields)'}`]);
		const spark = sparkline(open.series, 12);
		return detail(args, texts, open.name, spark.trim() === '' ? 'last hour: none' : `last hour ${spark}`);
	}
	const sparkColumns = Math.max(0, Math.min(24, args.columns - 40));
	const lines = list(args, rows, args.cursor, (row, selected) => [
		{text: pointer(selected, args.focused)},
		{text: fit(row.name, 13), role: row.count > 0 ? 'elevated' : 'muted'},
		{text: `${String(row.count).padStart(5)}  `, bold: row.count > 0},
		{text: sparkColumns > 0 ? `${sparkline(row.series, sparkColumns)}  ` : '', role: 'bar'},
		{text: row.markers.map(m => `${m.marker.replace(/^runtime_proxy_|^profile_/, '')} ${m.count}`).join(' · '), role: 'muted'},
	], 'no failure classes');
	return {lines, size: rows.length, keyAt: keyOf(rows), right: 'last hour'};
}

export const classesPanel: PanelDef<readonly ClassRow[]> = {
	id: 'classes',
	title: 'Failure classes',
	short: 'Classes',
	help: 'failure classes with a last-hour sparkline; ⏎ lists a class\'s markers and their last fields',
	slot: 'top',
	preferredHeight: input => Math.max(7, (input?.rules.failureClasses.length ?? 5) + 2),
	rows: input => classRows(input),
	view: classesView,
};
