import {presence, type IncidentTrack} from '../../core/incident-history.js';
import type {Incident} from '../../core/insights/incidents.js';
import {ago, clock, fit} from '../format.js';
import type {LineSpec} from '../line.js';
import type {LineRow} from '../view-model.js';
import {lineRows} from '../view-model.js';
import {detail, keyOf, list} from './list.js';
import {pointer, type PanelArgs, type PanelDef, type PanelView} from './types.js';

const HOUR_MS = 3_600_000;
/** Latest lines shown with an opened incident. */
const INCIDENT_LINES = 5;

export type IncidentRow = {readonly key: string; readonly track: IncidentTrack | null; readonly incident: Incident | null; readonly counts: readonly string[]};
export type IncidentsData = {readonly rows: readonly IncidentRow[]; readonly recent: readonly LineRow[]; readonly available: boolean};

/** `▁▁██▁█`-style: one cell per span of the last hour, full when the incident was there. */
function strip(track: IncidentTrack | null, now: number, cells: number): string {
	if (track === null || cells <= 0) return '';
	return presence(track, now, HOUR_MS, cells).map(on => (on ? '█' : '·')).join('');
}

function historyText(track: IncidentTrack | null, now: number): string {
	if (track === null) return 'history: (not observed yet)';
	const moves = track.transitions.map(t => `${t.kind} ${clock(t.at)}`).join(', ');
	return `history: first seen ${clock(track.firstSeen)} (${ago(now - track.firstSeen)} ago), appeared ${track.appearances} time(s): ${moves}`;
}

/** The doctor's incidents (cause, evidence, next action) with when each came and went in this run; Enter shows one whole. */
function incidentsView(args: PanelArgs<IncidentsData>): PanelView {
	const {rows, recent, available} = args.data;
	const open = rows.find(row => row.key === args.drill);
	if (open !== undefined) {
		const markers = open.incident?.markers ?? [];
		const lines = recent.filter(line => markers.includes(line.marker)).slice(0, INCIDENT_LINES);
		return detail(
			args,
			[
				open.incident === null ? `${open.key}: cleared ${ago(args.now - (open.track?.transitions.at(-1)?.at ?? args.now))} ago` : `${open.key}: ${open.incident.cause}`,
				...(open.incident === null ? [] : [`evidence: ${open.incident.evidence.join(', ') || '(none)'}`, `next: ${open.incident.nextAction}`]),
				...(open.counts.length === 0 ? [] : [`markers: ${open.counts.join(', ')}`]),
				historyText(open.track, args.now),
				...(lines.length === 0 ? [] : ['latest lines:', ...lines.map(line => `${clock(line.time)}  ${line.text}`)]),
			],
			open.key,
		);
	}
	const cells = Math.max(0, Math.min(24, Math.floor((args.columns - 40) / 3)));
	const idWidth = Math.min(28, Math.max(10, ...rows.map(row => row.key.length)));
	const body = list(args, rows, args.cursor, (row, selected): LineSpec => {
		const active = row.incident !== null;
		return [
			{text: pointer(selected, args.focused)},
			active ? {text: '● ', role: 'elevated', bold: true} : {text: '○ ', role: 'muted'},
			{text: `${fit(row.key, idWidth)} `, bold: active},
			...(cells > 0 ? [{text: `${strip(row.track, args.now, cells)} `, role: 'bar' as const}] : []),
			active
				? {text: row.incident!.cause}
				: {text: `cleared ${ago(args.now - (row.track?.transitions.at(-1)?.at ?? args.now))} ago · came ${row.track?.appearances ?? 0}×`, role: 'muted'},
		];
	}, available ? 'no incidents in this window' : 'incidents come with the current rules (--rules current)');
	const activeCount = rows.filter(row => row.incident !== null).length;
	return {lines: body, size: rows.length, keyAt: keyOf(rows), right: cells > 0 ? `${activeCount} now · strip: last hour` : `${activeCount} now`};
}

export const incidentsPanel: PanelDef<IncidentsData> = {
	id: 'incidents',
	title: 'Incidents',
	short: 'Incidents',
	help: 'the doctor\'s incidents now (● cause) and earlier in this run (○ cleared), with a last-hour strip of when each was there; ⏎ shows evidence, next action, markers, history and latest lines',
	slot: 'banner',
	preferredHeight: input => 2 + Math.min(4, Math.max(1, input?.incidentHistory.length ?? 1)),
	rows: input => {
		const current = new Map((input.incidents ?? []).map(incident => [incident.id, incident]));
		const ids = [...new Set([...(input.incidents ?? []).map(incident => incident.id), ...input.incidentHistory.map(track => track.id)])];
		const rows = ids.map((id): IncidentRow => {
			const incident = current.get(id) ?? null;
			const counts = (incident?.markers ?? []).flatMap(marker => {
				const n = input.report.marker_counts.get(marker) ?? 0;
				return n > 0 ? [`${marker} ${n}`] : [];
			});
			return {key: id, track: input.incidentHistory.find(track => track.id === id) ?? null, incident, counts};
		});
		return {rows, recent: lineRows(input), available: input.incidents !== null};
	},
	view: incidentsView,
};
