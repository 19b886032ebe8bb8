import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, test} from 'vitest';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {frameFits, frameWhere, renderApp, storeWith} from '../helpers/ui.js';

afterEach(() => {
	cleanup();
});

const LOG = [
	'[2026-04-24 09:00:00.000 +07:00] runtime_proxy_lane_limit_reached lane=compact active=6 limit=6 request=41 route=/responses/compact',
	'[2026-04-24 09:00:01.000 +07:00] runtime_proxy_lane_limit_reached lane=compact active=7 limit=6 request=42 route=/responses/compact',
	'[2026-04-24 09:40:00.000 +07:00] runtime_proxy_active_limit_reached transport=http path=/v1/responses active=64 limit=64',
];

describe('Incidents panel (8)', () => {
	test.each([
		[80, 24],
		[120, 40],
		[200, 60],
	])('%ix%i: each incident now with its cause; ⏎ shows evidence, next action, markers and history', async (columns, rows) => {
		const {lastFrame, stdin} = renderApp(storeWith(LOG, RULES_CURRENT), columns, rows);
		stdin.write('8');
		const frame = await frameWhere(lastFrame, f => f.includes('▸ 8 Incidents'));
		expect(frameFits(frame, columns, rows)).toBe(true);
		expect(frame).toContain('● lane_saturation');
		expect(frame).toContain('● active_request_pressure');
		expect(frame).toContain('2 now');
		stdin.write('\r');
		const open = await frameWhere(lastFrame, f => f.includes('Incidents › lane_saturation'));
		expect(frameFits(open, columns, rows)).toBe(true);
		const text = open.replaceAll(/[│║┃]/g, ' ').replaceAll(/\s+/g, ' ');
		expect(text).toContain('lane_saturation: Local compact lane admission limit blocked fresh work before commit.');
		expect(text).toContain('evidence: runtime_proxy_lane_limit_reached=2, latest_load=7/6');
		expect(text).toContain('next: Inspect repeated lane=compact markers');
		expect(text).toContain('markers: runtime_proxy_lane_limit_reached 2');
		expect(text).toContain('appeared 1 time(s)');
	});

	test('120x40: the incidents sit full width under the diagnosis, above the pressure and class panels', async () => {
		const {lastFrame} = renderApp(storeWith(LOG, RULES_CURRENT), 120, 40);
		const frame = await frameWhere(lastFrame, f => f.includes('8 Incidents'));
		const lines = frame.split('\n');
		const incidents = lines.findIndex(line => line.includes('8 Incidents'));
		const pressure = lines.findIndex(line => line.includes('1 Pressure'));
		const diagnosis = lines.findIndex(line => line.includes('Diagnosis'));
		expect(diagnosis).toBeLessThan(incidents);
		expect(incidents).toBeLessThan(pressure);
		expect(frameFits(frame, 120, 40)).toBe(true);
	});
});
