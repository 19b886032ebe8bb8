import {routeHealth, type RouteHealth} from '../../core/insights/route-health.js';
import {fit} from '../format.js';
import type {LineSpec} from '../line.js';
import {detail, list} from './list.js';
import {pointer, type PanelArgs, type PanelDef, type PanelView} from './types.js';

export type RouteRow = RouteHealth & {readonly key: string};
export type RoutesData = {readonly rows: readonly RouteRow[]; readonly available: boolean; readonly now: number};

const dash = (value: unknown) => (value === null || value === undefined ? '-' : String(value));

/** Seconds until an epoch-seconds time, as `12s`/`3m`/`2h`, `past` once over, `-` when none. */
function until(epochSeconds: bigint | null, now: number): string {
	if (epochSeconds === null) return '-';
	const left = Number(epochSeconds) - Math.floor(now / 1000);
	if (left <= 0) return 'past';
	return left < 120 ? `${left}s` : left < 7200 ? `${Math.round(left / 60)}m` : `${Math.round(left / 3600)}h`;
}

/** Route health as a table: events in the window merged with persisted scores, circuits and backoffs; Enter shows one route whole. */
function routesView(args: PanelArgs<RoutesData>): PanelView {
	const {rows, available, now} = args.data;
	const open = rows.find(row => row.key === args.drill);
	if (open !== undefined) {
		return detail(args, [
			`${open.key}: ${open.event_count} route/profile event(s) in this window; latest ${dash(open.latest_marker)} at ${dash(open.latest_timestamp)} (reason ${dash(open.latest_reason)})`,
			`health score ${dash(open.health_score)} (reason ${dash(open.health_reason)})`,
			`latency score ${dash(open.latency_score)} (reason ${dash(open.latency_reason)})`,
			`bad-pairing score ${dash(open.bad_pairing_score)} (reason ${dash(open.bad_pairing_reason)})`,
			`circuit ${dash(open.circuit_state)} until ${dash(open.circuit_until)} (${until(open.circuit_until, now)}; reason ${dash(open.circuit_reason)})`,
			`transport backoff until ${dash(open.transport_backoff_until)} (${until(open.transport_backoff_until, now)}; ${dash(open.transport_backoff_context)})`,
		], open.key);
	}
	const nameWidth = Math.min(30, Math.max(12, ...rows.map(row => row.key.length)));
	const header: LineSpec = [{text: `  ${fit('profile/route', nameWidth)} ${'events'.padStart(6)} ${'health'.padStart(6)} ${'latency'.padStart(7)} ${'pairing'.padStart(7)}  ${fit('circuit', 9)} ${fit('backoff', 7)} latest · reason`, role: 'muted'}];
	const lines = list(args, rows, args.cursor, (row, selected): LineSpec => {
		const bad = (row.health_score ?? 0) > 0 || row.circuit_state === 'open' || until(row.transport_backoff_until, now) !== '-' && until(row.transport_backoff_until, now) !== 'past';
		return [
			{text: pointer(selected, args.focused)},
			{text: `${fit(row.key, nameWidth)} `, bold: true, role: bad ? 'elevated' : undefined},
			{text: `${String(row.event_count).padStart(6)} ${dash(row.health_score).padStart(6)} ${dash(row.latency_score).padStart(7)} ${dash(row.bad_pairing_score).padStart(7)}  `},
			{text: `${fit(dash(row.circuit_state), 9)} `, role: row.circuit_state === 'open' ? 'elevated' : 'muted'},
			{text: `${fit(until(row.transport_backoff_until, now), 7)} `, role: 'muted'},
			{text: `${dash(row.latest_marker)} · ${dash(row.latest_reason ?? row.health_reason)}`, role: 'muted'},
		];
	}, available ? 'no route/profile events or persisted routes in this window' : 'route health comes with the current rules (--rules current)', header);
	return {lines, size: rows.length, keyAt: index => rows[index]?.key ?? null, right: `${rows.length} route(s)`};
}

export const routesPanel: PanelDef<RoutesData> = {
	id: 'routes',
	title: 'Routes',
	short: 'Routes',
	help: 'route health: each profile/route with its events in the window, health / latency / bad-pairing scores, circuit, backoff, latest marker and reason; ⏎ shows one route whole',
	slot: 'bottom',
	preferredHeight: () => 10,
	rows: input => {
		if (input.insights === null) return {rows: [], available: false, now: input.now};
		const rows = routeHealth(input.insights.routeEvents, input.persisted.profiles, input.report.marker_last_fields)
			.map(item => ({...item, key: `${item.profile}/${item.route}`}))
			.filter(item => input.filter === '' || `${item.key} ${item.latest_marker ?? ''}`.toLowerCase().includes(input.filter));
		return {rows, available: true, now: input.now};
	},
	view: routesView,
};
