import {describe, expect, test} from 'vitest';
import {parseLine} from '../../source/core/line.js';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';
import type {MarkerCatalogEntry} from '../helpers/extract-marker-catalog.js';
import catalogJson from '../fixtures/marker-catalog.json' with {type: 'json'};

// docs/markers.md (extracted to test/fixtures/marker-catalog.json): one real example line per
// marker, with what the 0.27 rules count it as and each marker's class and pressure lists.
const CATALOG = catalogJson as readonly MarkerCatalogEntry[];

const classOf = (rules: typeof RULES_027, marker: string) => rules.failureClasses.find(c => c.markers.includes(marker))?.name ?? null;
const PRESSURE_NAMES = {selection: 'SELECTION', transport: 'TRANSPORT', persistence: 'PERSISTENCE', activePersistence: 'ACTIVE_PERSISTENCE', activeQuotaRefresh: 'ACTIVE_QUOTA_REFRESH'} as const;
const pressuresOf = (rules: typeof RULES_027, marker: string) =>
	(Object.keys(PRESSURE_NAMES) as Array<keyof typeof PRESSURE_NAMES>).filter(key => rules.pressure[key].includes(marker)).map(key => PRESSURE_NAMES[key]);

describe('marker catalog examples', () => {
	test('the catalogs match the doc: 167 current markers in order, 61 in the 0.27 order', () => {
		expect(RULES_CURRENT.markers).toEqual(CATALOG.map(entry => entry.marker));
		const order027 = CATALOG.filter(entry => entry.index027 !== null).sort((a, b) => a.index027! - b.index027!);
		expect(RULES_027.markers).toEqual(order027.map(entry => entry.marker));
	});

	test.each(CATALOG.map(entry => [entry.marker, entry] as const))('%s', (_marker, entry) => {
		const current = parseLine(entry.line, RULES_CURRENT).marker;
		// Every example line is its own marker under the current rules, except the floor marker (a reason value).
		expect(current).toBe(entry.marker === 'quota_critical_floor_before_send' ? 'responses_pre_send_skip' : entry.marker);
		expect(parseLine(entry.line, RULES_027).marker).toBe(entry.countedAs027);
		expect(classOf(RULES_CURRENT, entry.marker)).toBe(entry.classCurrent);
		expect(classOf(RULES_027, entry.marker)).toBe(entry.index027 === null ? null : entry.class027);
		const pressureText = (list: string[]) => (list.length === 0 ? null : list.join(', '));
		expect(pressureText(pressuresOf(RULES_CURRENT, entry.marker))).toBe(entry.pressureCurrent);
		if (entry.index027 !== null) expect(pressureText(pressuresOf(RULES_027, entry.marker))).toBe(entry.pressure027);
	});
});
