import {RATE_BUCKET_MS, RATE_BUCKETS} from '../../core/rates.js';
import {pressureStrip, severity} from '../../core/pressure-history.js';
import {ago, fit, width} from '../format.js';
import type {Seg} from '../line.js';
import type {Role} from '../theme.js';
import {detail, keyOf, list} from './list.js';
import {pointer, type PanelArgs, type PanelDef, type PanelView} from './types.js';
import {pressureRows, type PressureRow} from '../view-model.js';

/** A level as one strip cell: `▁` low, `▄` active, `█` elevated or stale risk, blank for no data. */
const CELL: Record<number, {text: string; role?: Role}> = {0: {text: '·', role: 'muted'}, 1: {text: '▁', role: 'low'}, 2: {text: '▄', role: 'active'}, 3: {text: '█', role: 'elevated'}};

/** The strip of one pressure: a segment per run of equal cells, newest at the right. */
export function stripSegs(levels: ReadonlyArray<string | null>): Seg[] {
	const segs: Array<{text: string; role?: Role}> = [];
	for (const level of levels) {
		const cell = level === null ? {text: ' '} : CELL[severity(level)]!;
		const tail = segs.at(-1);
		if (tail !== undefined && tail.role === cell.role && tail.text.endsWith(cell.text)) tail.text += cell.text;
		else segs.push({...cell});
	}
	return segs.map(seg => (seg.role === undefined ? {text: seg.text} : {text: seg.text, role: seg.role}));
}

/** The five pressure levels, words and symbols, a strip of the last hour's levels, and what made each level. */
function pressureView(args: PanelArgs<readonly PressureRow[]>): PanelView {
	const rows = args.data;
	const open = rows.find(row => row.key === args.drill);
	if (open !== undefined) {
		return detail(args, [`${open.label}: ${open.level.text}`, ...(open.reasons.length === 0 ? ['nothing raised it in this window'] : open.reasons.map(r => `· ${r}`))], open.label);
	}
	// The strip gets the row's room after the name and the level, less up to half of it kept for the reasons (when there are any; ⏎ lists them whole).
	const rest = args.columns - 2 - 14 - 13;
	const reasons = Math.max(0, ...rows.map(row => width(row.reasons.join(' · '))));
	const kept = Math.min(reasons, Math.floor(rest / 2));
	const history = rows[0]?.history ?? null;
	const cells = history === null ? 0 : Math.max(0, Math.min(RATE_BUCKETS, rest - (kept > 0 ? kept + 1 : 0)));
	const lines = list(args, rows, args.cursor, (row, selected) => [
		{text: pointer(selected, args.focused)},
		{text: fit(row.label, 14)},
		{text: fit(row.level.text, 13), role: row.level.role, bold: row.level.role !== 'low'},
		...(cells > 0 && row.history !== null ? [...stripSegs(pressureStrip(row.history, row.field, args.now, cells)), {text: ' '}] : []),
		{text: row.reasons.join(' · '), role: 'muted'},
	], '');
	return {lines, size: rows.length, keyAt: keyOf(rows), ...(cells > 0 ? {right: `strip: last ${ago(cells * RATE_BUCKET_MS)}`} : {})};
}

export const pressurePanel: PanelDef<readonly PressureRow[]> = {
	id: 'pressure',
	title: 'Pressure',
	short: 'Pressure',
	help: 'selection / transport / persistence / quota freshness / startup audit levels, a strip of each over the last hour (10 s a cell: ▁ low, ▄ active, █ elevated or stale risk, blank no data), and what raised them',
	slot: 'top',
	preferredHeight: () => 7,
	rows: input => pressureRows(input),
	view: pressureView,
};
