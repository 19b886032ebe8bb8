import {wrapText} from '../../core/text.js';
import {sparkline, bar, fit, clock, width} from '../format.js';
import type {LineSpec} from '../line.js';
import {scrollStart} from '../line.js';
import type {ClassRow, FacetRow, LineRow, MarkerRow, PressureRow} from '../view-model.js';
import type {StateRow} from '../state-rows.js';
import {pointer, type PanelArgs, type PanelView} from './types.js';

/** Show `items` as a scrolling list around the cursor, with `… N more` when cut. */
function list<T>(args: PanelArgs<unknown>, items: readonly T[], cursor: number, render: (item: T, selected: boolean) => LineSpec, empty: string, header?: LineSpec): LineSpec[] {
	const lines: LineSpec[] = header === undefined ? [] : [header];
	if (items.length === 0) return [...lines, [{text: empty, role: 'muted'}]];
	const rows = Math.max(1, args.rows - lines.length);
	const start = scrollStart(cursor, rows, items.length);
	const shown = items.slice(start, start + rows);
	for (const [offset, item] of shown.entries()) lines.push(render(item, start + offset === cursor));
	if (start + rows < items.length && lines.length > 0) lines[lines.length - 1] = [{text: `  … ${items.length - start - rows} more (↓)`, role: 'muted'}];
	return lines;
}

/**
 * A detail view (an opened item): wrapped text scrolled by the drill cursor; its `size` is the
 * number of scroll positions, so ↑/↓ stop at the last page.
 */
function detail(args: PanelArgs<unknown>, texts: readonly string[], subtitle: string, right?: string): PanelView {
	const wrapped = texts.flatMap(text => wrapText(text, args.columns));
	const positions = Math.max(1, wrapped.length - args.rows + 1);
	const start = Math.min(args.drillCursor, positions - 1);
	return {lines: wrapped.slice(start, start + args.rows).map(text => [{text}]), size: positions, keyAt: () => null, subtitle, right};
}

const keyOf = <T extends {key: string}>(items: readonly T[]) => (index: number) => items[index]?.key ?? null;

/** Panel 1: the five pressure levels, words and symbols, and what made each level. */
export function pressurePanel(args: PanelArgs<readonly PressureRow[]>): PanelView {
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

/** Panel 2: failure classes with a last-hour sparkline; Enter lists a class's markers. */
export function classesPanel(args: PanelArgs<readonly ClassRow[]>): PanelView {
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

/** Panel 3: top facet values with bars; Enter shows all values of a facet. */
export function facetsPanel(args: PanelArgs<readonly FacetRow[]>): PanelView {
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
		return {lines, size: open.values.length, keyAt: () => null, subtitle: `${open.facet} (${open.values.length} values)`};
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
	return {lines, size: rows.length, keyAt: keyOf(rows)};
}

/** Panel 4: backlogs, lags and the persisted prodex state; Enter shows a row's detail. */
export function statePanel(args: PanelArgs<readonly StateRow[]>): PanelView {
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

/** Panel 5: every marker seen: count, class, last seen, last fields. */
export function markersPanel(args: PanelArgs<{readonly rows: readonly MarkerRow[]; readonly recent: readonly LineRow[]}>): PanelView {
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
	return {lines, size: rows.length, keyAt: keyOf(rows)};
}

/** Panel 6: recent marker lines, newest first (redacted, control-free); Enter shows one whole. */
export function linesPanel(args: PanelArgs<readonly LineRow[]>): PanelView {
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
