import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, test} from 'vitest';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {focusedPanelRows, frameFits, frameWhere, renderApp, storeWith} from '../helpers/ui.js';

afterEach(() => {
	cleanup();
});

const LOG = [
	'{"timestamp":"2026-04-24T02:20:00Z","message":"request=17 stream_read_error profile=alpha route=responses","fields":{"request":17,"profile":"alpha","route":"responses","reason":"body_read_timeout"}}',
	'{"timestamp":"2026-04-24T02:20:01Z","message":"profile_health","fields":{"request":17,"profile":"alpha","route":"responses","score":43,"reason":"stream_read_error"}}',
	'[2026-04-24 09:20:02.000 +07:00] profile_circuit_open profile=beta route=websocket until=1745460000 reason=errors',
];

describe('Routes panel (9)', () => {
	test.each([
		[80, 24],
		[120, 40],
		[200, 60],
	])('%ix%i: route health as a table, the most eventful route first; ⏎ shows one route whole', async (columns, rows) => {
		const {lastFrame, stdin} = renderApp(storeWith(LOG, RULES_CURRENT), columns, rows);
		stdin.write('9');
		const frame = await frameWhere(lastFrame, f => f.includes('▸ 9 Routes'));
		expect(frameFits(frame, columns, rows)).toBe(true);
		const lines = focusedPanelRows(frame, columns, '▸ 9 Routes');
		const alpha = lines.findIndex(line => line.includes('alpha/responses'));
		const beta = lines.findIndex(line => line.includes('beta/websocket'));
		expect(alpha).toBeGreaterThan(-1);
		expect(beta).toBeGreaterThan(alpha);
		expect(lines[alpha]).toMatch(/alpha\/responses\s+2\s+43/);
		expect(lines[beta]).toContain('open');
		stdin.write('\r');
		const open = await frameWhere(lastFrame, f => f.includes('Routes › alpha/responses'));
		const text = open.replaceAll(/[│║┃]/g, ' ').replaceAll(/\s+/g, ' ');
		expect(text).toContain('health score 43 (reason stream_read_error)');
		expect(text).toContain('2 route/profile event(s)');
	});
});
