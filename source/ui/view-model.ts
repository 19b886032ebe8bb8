import type {RateSeries} from '../core/rates.js';
import {seriesOf} from '../core/rates.js';
import type {PressureKey, PressureReasons} from '../core/finalize.js';
import type {IncidentTrack} from '../core/incident-history.js';
import type {PressureTrack} from '../core/pressure-history.js';
import type {Incident} from '../core/insights/incidents.js';
import type {InsightsView} from '../core/insights/insights.js';
import type {DoctorReport} from '../core/report.js';
import type {RuleSet} from '../core/rules/types.js';
import type {PersistedState} from '../core/state/derive.js';
import {compareCodePoints} from '../core/order.js';
import type {RecentLine} from '../core/snapshot.js';
import {ago, fieldsText} from './format.js';
import type {Role} from './theme.js';

/** The orders `o` cycles the Markers and Facets panels through (the first is the default). */
export const SORT_ORDERS = ['count', 'last-seen', 'name'] as const;
export type SortOrder = (typeof SORT_ORDERS)[number];

/** How the footer and the panel titles name an order. */
export const ORDER_LABEL: Record<SortOrder, string> = {count: 'by count', 'last-seen': 'by last seen', name: 'by name'};

/** Everything the panels derive their rows from (a live snapshot or a finished run). */
export type ViewInput = {
	readonly report: DoctorReport;
	readonly rules: RuleSet;
	readonly rates: RateSeries | null;
	readonly recent: readonly RecentLine[];
	readonly lastSeen: ReadonlyMap<string, number>;
	readonly persisted: PersistedState;
	readonly now: number;
	/** Lower-cased filter text ('' = none). */
	readonly filter: string;
	/** The order of the Markers and Facets panels (`o`). */
	readonly order: SortOrder;
	/** The store's notes (cut lines, lines prodex dropped); none for a finished run. */
	readonly notes: readonly string[];
	/** Current rules: selection, request timelines, route events (null under 0.27). */
	readonly insights: InsightsView | null;
	/** What raised each pressure (finalize). */
	readonly pressureReasons: PressureReasons;
	/** Current rules: the incidents now (null under 0.27), and the run's incident history in this window. */
	readonly incidents: readonly Incident[] | null;
	readonly incidentHistory: readonly IncidentTrack[];
	/** The run's pressure levels per 10-second bucket (the live run only; null for a finished run). */
	readonly pressureHistory: PressureTrack | null;
};

/** A level in words and symbols, never colour alone. */
export type Level = {readonly text: string; readonly role: Role};

const LEVELS: Record<string, Level> = {
	elevated: {text: 'ELEVATED ▲', role: 'elevated'},
	stale_risk: {text: 'STALE RISK ▲', role: 'elevated'},
	active: {text: 'ACTIVE ●', role: 'active'},
	low: {text: 'low', role: 'low'},
};

/** The words and symbol of a pressure value. */
export const levelOf = (value: string): Level => LEVELS[value] ?? {text: value, role: 'muted'};

const count = (input: ViewInput, marker: string) => input.report.marker_counts.get(marker) ?? 0;
const matches = (input: ViewInput, ...texts: string[]) => input.filter === '' || texts.some(text => text.toLowerCase().includes(input.filter));

export type PressureRow = {readonly key: string; readonly label: string; readonly field: PressureKey; readonly level: Level; readonly reasons: readonly string[]; readonly history: PressureTrack | null};

const PRESSURE_LABELS: ReadonlyArray<[string, string, PressureKey]> = [
	['selection', 'selection', 'selection_pressure'],
	['transport', 'transport', 'transport_pressure'],
	['persistence', 'persistence', 'persistence_pressure'],
	['quota', 'quota fresh', 'quota_freshness_pressure'],
	['startup', 'startup audit', 'startup_audit_pressure'],
];

/** The five pressures and what made each level what it is (finalize's reasons: nothing re-derived here). */
export function pressureRows(input: ViewInput): PressureRow[] {
	return PRESSURE_LABELS.map(([key, label, field]) => ({key, label, field, level: levelOf(input.report[field]), reasons: input.pressureReasons[field], history: input.pressureHistory}));
}

export type MarkerCount = {readonly marker: string; readonly count: number; readonly lastFields: string};
export type ClassRow = {readonly key: string; readonly name: string; readonly count: number; readonly series: readonly number[]; readonly markers: readonly MarkerCount[]};

/** Every failure class of the rule set with its count, last-hour series and markers. */
export function classRows(input: ViewInput): ClassRow[] {
	return input.rules.failureClasses.map(({name, markers}) => ({
		key: name,
		name,
		count: input.report.failure_class_counts.get(name) ?? 0,
		series: input.rates === null ? [] : seriesOf(input.rates, name, 'classes'),
		markers: markers
			.filter(marker => count(input, marker) > 0)
			.map(marker => ({marker, count: count(input, marker), lastFields: fieldsText(input.report.marker_last_fields.get(marker))}))
			.sort((a, b) => b.count - a.count || compareCodePoints(a.marker, b.marker)),
	}));
}

export type FacetValue = {readonly value: string; readonly count: number};
export type FacetRow = {readonly key: string; readonly facet: string; readonly total: number; readonly values: readonly FacetValue[]};

/**
 * How facet values are ordered. By count (the default): ties to the greater value, as the doctor's
 * top facet. There is no last-seen time per value, so "last seen" orders values by count, ties to
 * the smaller name (the footer says so). By name: code-point order.
 */
const VALUE_ORDER: Record<SortOrder, (a: FacetValue, b: FacetValue) => number> = {
	count: (a, b) => b.count - a.count || compareCodePoints(b.value, a.value),
	'last-seen': (a, b) => b.count - a.count || compareCodePoints(a.value, b.value),
	name: (a, b) => compareCodePoints(a.value, b.value),
};

/** Facets with values, in the rule set's facet order (by name when so ordered); values in VALUE_ORDER. */
export function facetRows(input: ViewInput): FacetRow[] {
	const rows: FacetRow[] = [];
	for (const facet of input.rules.facets) {
		const tally = input.report.facet_counts.get(facet);
		if (tally === undefined) continue;
		const values = [...tally]
			.map(([value, n]) => ({value, count: n}))
			.filter(v => matches(input, facet, v.value))
			.sort(VALUE_ORDER[input.order]);
		if (values.length === 0) continue;
		rows.push({key: facet, facet, total: values.reduce((sum, v) => sum + v.count, 0), values});
	}
	return input.order === 'name' ? rows.sort((a, b) => compareCodePoints(a.facet, b.facet)) : rows;
}

const classMaps = new WeakMap<ViewInput['rules'], ReadonlyMap<string, string>>();

/** Marker → failure class of a rule set (the last class listing a marker wins, as before), made once per rule set instead of on every frame. */
function classMap(rules: ViewInput['rules']): ReadonlyMap<string, string> {
	let map = classMaps.get(rules);
	if (map === undefined) {
		const made = new Map<string, string>();
		for (const {name, markers} of rules.failureClasses) for (const marker of markers) made.set(marker, name);
		map = made;
		classMaps.set(rules, map);
	}
	return map;
}

export type MarkerRow = {readonly key: string; readonly marker: string; readonly count: number; readonly className: string | null; readonly seenAt: number | null; readonly lastSeen: string; readonly lastFields: string};

const byCount = (a: MarkerRow, b: MarkerRow) => b.count - a.count || compareCodePoints(a.marker, b.marker);

/**
 * How markers are ordered: by count (ties by name); by last seen, newest first (ties by count, then
 * name; markers never seen live, as in a finished run, last); by name (code-point order, names are unique).
 */
const MARKER_ORDER: Record<SortOrder, (a: MarkerRow, b: MarkerRow) => number> = {
	count: byCount,
	'last-seen': (a, b) => (a.seenAt === b.seenAt ? 0 : a.seenAt === null ? 1 : b.seenAt === null ? -1 : b.seenAt - a.seenAt) || byCount(a, b),
	name: (a, b) => compareCodePoints(a.marker, b.marker),
};

/** Every marker counted, in MARKER_ORDER: class, time since last seen, last fields. */
export function markerRows(input: ViewInput): MarkerRow[] {
	const classOf = classMap(input.rules);
	return [...input.report.marker_counts]
		.map(([marker, n]) => {
			const seen = input.lastSeen.get(marker);
			return {
				key: marker,
				marker,
				count: n,
				className: classOf.get(marker) ?? null,
				seenAt: seen ?? null,
				lastSeen: seen === undefined ? '–' : ago(input.now - seen),
				lastFields: fieldsText(input.report.marker_last_fields.get(marker)),
			};
		})
		.filter(row => matches(input, row.marker, row.lastFields))
		.sort(MARKER_ORDER[input.order]);
}

export type LineRow = {readonly key: string; readonly time: number; readonly marker: string; readonly text: string};

/** Recent marker lines, newest first (already redacted and control-free). */
export function lineRows(input: ViewInput): LineRow[] {
	const rows: LineRow[] = [];
	for (let i = input.recent.length - 1; i >= 0; i--) {
		const line = input.recent[i]!;
		if (matches(input, line.text)) rows.push({key: String(i), time: line.timeMs, marker: line.marker, text: line.text});
	}
	return rows;
}
