import type {DoctorReport} from '../core/report.js';
import type {PersistedState} from '../core/state/derive.js';
import {ago} from './format.js';
import type {Role} from './theme.js';

/** One row of the State panel; `detail` is what Enter shows. */
export type StateRow = {readonly key: string; readonly label: string; readonly value: string; readonly role?: Role; readonly detail?: readonly string[]};

const num = (value: bigint | null) => (value === null ? '-' : String(value));
const ms = (value: bigint | null) => (value === null ? '-' : `${value} ms`);
/** `backlog 21    lag 14 ms`: the lag column lines up across the three queues. */
const queue = (backlog: bigint | null, lag: bigint | null) => `backlog ${num(backlog).padEnd(5)} lag ${ms(lag)}`;

/** Time left until an `until=<epoch s>` inside a degraded-route entry. */
function timeLeft(entry: string, nowMs: number): string {
	const until = /until=(\d+)/.exec(entry)?.[1];
	if (until === undefined) return '';
	const left = Number(until) * 1000 - nowMs;
	return left > 0 ? ` · ${ago(left)} left` : ' · expired';
}

/** The route summaries of a degraded route's profile (scores, backoffs, circuit). */
function routeDetail(persisted: PersistedState, entry: string): string[] {
	const profileName = entry.split('/')[0] ?? '';
	const profile = persisted.profiles.find(p => p.profile === profileName);
	if (profile === undefined) return [`no profile ${profileName} in state.json`];
	const lines = [
		`profile ${profile.profile}: quota ${profile.quota_freshness}, retry backoff until ${num(profile.retry_backoff_until)}, transport backoff until ${num(profile.transport_backoff_until)}`,
	];
	for (const route of profile.routes) {
		lines.push(
			`${route.route.padEnd(10)} circuit ${route.circuit_state}${route.circuit_until === null ? '' : ` until ${route.circuit_until}`} · health ${route.health_score} · bad pairing ${route.bad_pairing_score} · performance ${route.performance_score} · ${route.quota_band} (5h ${route.five_hour_status}, weekly ${route.weekly_status})${route.transport_backoff_until === null ? '' : ` · transport backoff until ${route.transport_backoff_until}`}`,
		);
	}
	return lines;
}

/** The State panel: backlogs and lags from the log, then the persisted prodex state. */
export function stateRows(report: DoctorReport, persisted: PersistedState, nowMs: number, logNotes: readonly string[] = []): StateRow[] {
	const c = persisted.counters;
	const rows: StateRow[] = [
		{key: 'state-save', label: 'state save', value: queue(report.state_save_queue_backlog, report.state_save_lag_ms)},
		{key: 'journal', label: 'cont. journal', value: queue(report.continuation_journal_save_backlog, report.continuation_journal_save_lag_ms)},
		{key: 'probe', label: 'probe refresh', value: queue(report.profile_probe_refresh_backlog, report.profile_probe_refresh_lag_ms)},
	];
	if (report.degraded_routes.length === 0) rows.push({key: 'degraded', label: 'degraded', value: 'none'});
	for (const entry of report.degraded_routes) {
		rows.push({key: `route:${entry}`, label: 'degraded', value: `${entry}${timeLeft(entry, nowMs)}`, role: 'elevated', detail: routeDetail(persisted, entry)});
	}
	rows.push({key: 'orphans', label: 'orphan dirs', value: report.orphan_managed_dirs.length === 0 ? 'none' : report.orphan_managed_dirs.join(', '), role: report.orphan_managed_dirs.length > 0 ? 'elevated' : undefined});
	const freshness = persisted.profiles.map(p => `${p.profile} ${p.quota_freshness}${p.quota_freshness === 'missing' ? '' : ` ${ago(Number(p.quota_age_seconds) * 1000)}`}`);
	rows.push({key: 'snapshots', label: 'snapshots', value: `${c.persisted_usage_snapshots} total, ${report.stale_persisted_usage_snapshots} stale${freshness.length > 0 ? ` · ${freshness.join(' · ')}` : ''}`, role: report.stale_persisted_usage_snapshots > 0 ? 'active' : undefined});
	rows.push({
		key: 'continuations',
		label: 'continuations',
		value: `verified ${c.persisted_verified_continuations} · warm ${c.persisted_warm_continuations} · suspect ${c.persisted_suspect_continuations} · dead ${report.persisted_dead_continuations}`,
		role: report.persisted_dead_continuations > 0 || c.persisted_suspect_continuations > 0 ? 'active' : undefined,
		detail: [
			`bindings: responses ${c.persisted_response_bindings} · sessions ${c.persisted_session_bindings} · turns ${c.persisted_turn_state_bindings} · session ids ${c.persisted_session_id_bindings}`,
			`journal: responses ${c.persisted_continuation_journal_response_bindings} · sessions ${c.persisted_continuation_journal_session_bindings} · turns ${c.persisted_continuation_journal_turn_state_bindings} · session ids ${c.persisted_continuation_journal_session_id_bindings}`,
			`suspect bindings: ${report.suspect_continuation_bindings.length === 0 ? 'none' : report.suspect_continuation_bindings.join(', ')}`,
		],
	});
	const recovered = [
		['state.json', c.recovered_state_file],
		['runtime-continuations.json', c.recovered_continuations_file],
		['runtime-continuation-journal.json', c.recovered_continuation_journal_file],
		['runtime-scores.json', c.recovered_scores_file],
		['runtime-usage-snapshots.json', c.recovered_usage_snapshots_file],
		['runtime-backoffs.json', c.recovered_backoffs_file],
	].filter(([, flag]) => flag).map(([name]) => name as string);
	rows.push({key: 'recovered', label: 'recovered', value: recovered.length === 0 ? `none · ${c.last_good_backups_present} backup(s) present` : `from .last-good: ${recovered.join(', ')}`, role: recovered.length > 0 ? 'active' : undefined});
	// Problems reading the state come first: they explain every other row.
	const notes: StateRow[] = [
		...logNotes.map((note, index): StateRow => ({key: `log:${index}`, label: 'log', value: note, role: 'active', detail: [note]})),
		...persisted.notes.map((note, index): StateRow => ({key: `note:${index}`, label: 'state', value: note, role: 'active', detail: [note]})),
	];
	return [...notes, ...rows];
}
