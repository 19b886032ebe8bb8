import type {SelectionView, TimelineEvent} from '../../core/insights/insights.js';
import type {TimelinePhase} from '../../core/insights/tables.js';
import {topOf} from '../../core/order.js';
import {fit} from '../format.js';
import type {LineSpec, Seg} from '../line.js';
import {detail, keyOf, list} from './list.js';
import {pointer, type PanelArgs, type PanelDef, type PanelView} from './types.js';

/** Requests shown (newest first); the doctor's "latest request" is the first. */
const SHOWN_REQUESTS = 100;

export type RequestRow = {readonly key: string; readonly id: string; readonly events: readonly TimelineEvent[]};
export type RequestsData = {readonly requests: readonly RequestRow[]; readonly selection: SelectionView | null; readonly rulesHaveTimelines: boolean};

/** The phases of a request's way, in order, and how the strip shows each one (a letter, never colour alone). */
const PHASES: ReadonlyArray<{readonly phase: TimelinePhase; readonly symbol: string; readonly role: Seg['role']}> = [
	{phase: 'selection', symbol: 'S', role: 'active'},
	{phase: 'pre_send', symbol: 'P', role: 'active'},
	{phase: 'upstream', symbol: 'U', role: 'active'},
	{phase: 'commit', symbol: 'C', role: 'low'},
	{phase: 'fail', symbol: 'F', role: 'elevated'},
];

/** `S P U C F` with the phases a request went through lit, the others as `·`. */
function phaseStrip(events: readonly TimelineEvent[]): Seg[] {
	const seen = new Set(events.map(event => event.phase));
	return PHASES.map(({phase, symbol, role}) => (seen.has(phase) ? {text: symbol, role, bold: true} : {text: '·', role: 'muted'}));
}

function selectionLine(selection: SelectionView): LineSpec {
	const reasons = topOf(selection.rejectionReasons);
	return [
		{text: '  selection ', role: 'muted'},
		{text: `picked ${selection.picked} · kept ${selection.kept} · skipped ${selection.skipped} · blocked ${selection.blocked}`, bold: selection.skipped + selection.blocked > 0},
		...(reasons === null ? [] : [{text: `  top rejection ${reasons}`, role: 'muted' as const}]),
	];
}

/** The latest requests (their timelines: selection → pre-send → upstream → commit/fail) and the selection summary; Enter shows one request whole. */
function requestsView(args: PanelArgs<RequestsData>): PanelView {
	const {requests, selection} = args.data;
	const open = requests.find(row => row.key === args.drill);
	if (open !== undefined) {
		const texts = open.events.map(event => `${event.timestamp ?? '(no time)'}  ${event.phase.padEnd(9)} ${event.marker}${event.detail === '' ? '' : `  ${event.detail}`}`);
		return detail(args, [`request ${open.id}: ${open.events.length} event(s), newest last`, ...texts], `request ${open.id}`);
	}
	const header = selection === null ? undefined : selectionLine(selection);
	const idWidth = Math.min(22, Math.max(6, ...requests.map(row => row.id.length)));
	const empty = args.data.rulesHaveTimelines ? 'no request timelines in this window (lines with request= or request_id=)' : 'request timelines come with the current rules (--rules current)';
	const lines = list(args, requests, args.cursor, (row, selected) => {
		const last = row.events.at(-1);
		return [
			{text: pointer(selected, args.focused)},
			{text: `${fit(row.id, idWidth)}  `, bold: selected},
			...phaseStrip(row.events),
			{text: `  ${last?.marker ?? ''}`},
			{text: last === undefined || last.detail === '' ? '' : `  ${last.detail}`, role: 'muted'},
		];
	}, empty, header);
	return {lines, size: requests.length, keyAt: keyOf(requests), right: requests.length === 0 ? undefined : `latest ${requests[0]!.id}`};
}

export const requestsPanel: PanelDef<RequestsData> = {
	id: 'requests',
	title: 'Requests',
	short: 'Requests',
	help: 'the latest requests, newest first: phases S(election) P(re-send) U(pstream) C(ommit) F(ail), last marker; the selection summary on top; ⏎ shows a request\'s timeline',
	slot: 'bottom',
	preferredHeight: () => 10,
	rows: input => {
		const insights = input.insights;
		const requests: RequestRow[] = [];
		if (insights !== null) {
			for (const [id, events] of insights.requests.newestFirst()) {
				if (requests.length >= SHOWN_REQUESTS) break;
				if (input.filter !== '' && !`${id} ${events.map(event => event.marker).join(' ')}`.toLowerCase().includes(input.filter)) continue;
				requests.push({key: id, id, events});
			}
		}
		return {requests, selection: insights?.selection ?? null, rulesHaveTimelines: insights !== null};
	},
	view: requestsView,
};
