import {panelColumnsShown} from '../helpers/screen-boxes.js';
import {readFileSync} from 'node:fs';
import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, test} from 'vitest';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {linesOf} from '../helpers/doctor.js';
import {focusedPanelRows, frameFits, frameWhere, renderApp, storeWith} from '../helpers/ui.js';

afterEach(() => {
	cleanup();
});

// prodex's request_timeline fixture: request req-old (selection, upstream), then request 42
// (selection, pre-send, upstream, fail).
const LOG = linesOf(readFileSync(new URL('../fixtures/insights/request_timeline.log', import.meta.url), 'utf8'));

describe('Requests panel (7)', () => {
	test.each([
		[80, 24],
		[120, 40],
		[200, 60],
	])('%ix%i: the latest request first with its phases, the selection summary on top; ⏎ opens its timeline', async (columns, rows) => {
		const {lastFrame, stdin} = renderApp(storeWith(LOG, RULES_CURRENT), columns, rows);
		stdin.write('7');
		const frame = await frameWhere(lastFrame, f => f.includes('▸ 7 Requests'));
		expect(frameFits(frame, columns, rows)).toBe(true);
		expect(frame).toContain('latest 42');
		expect(frame).toContain('selection picked 1 · kept 1 · skipped 0 · blocked 1');
		const lines = focusedPanelRows(frame, columns, '▸ 7 Requests');
		const row42 = lines.findIndex(line => line.includes('▸ 42'));
		const rowOld = lines.findIndex(line => line.includes('req-old'));
		expect(row42).toBeGreaterThan(-1);
		expect(rowOld).toBeGreaterThan(row42);
		// Phases as letters: 42 went through selection, pre-send, upstream and failed; req-old selection and upstream.
		expect(lines[row42]).toMatch(/42\s+SPU·F\s+previous_response_fresh_/);
		expect(lines[rowOld]).toMatch(/req-old\s+S·U··\s+first_upstream_chunk/);
		stdin.write('\r');
		const open = await frameWhere(lastFrame, f => f.includes('Requests › request 42'));
		expect(frameFits(open, columns, rows)).toBe(true);
		expect(open).toContain('request 42: 4 event(s), newest last');
		expect(open).toContain('pre_send');
		expect(open).toContain('responses_pre_send_skip');
	});

	test('200 columns: three columns of panels, Requests and Routes among them', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(LOG, RULES_CURRENT), 200, 60);
		stdin.write('7');
		const frame = await frameWhere(lastFrame, f => f.includes('▸ 7 Requests'));
		expect(panelColumnsShown(frame)).toBe(3);
		expect(frame).toContain('9 Routes');
		expect(frameFits(frame, 200, 60)).toBe(true);
	});

	test('under the 0.27 rules it says the timelines come with the current rules', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(LOG), 120, 40);
		stdin.write('7');
		const frame = await frameWhere(lastFrame, f => f.includes('▸ 7 Requests'));
		expect(frame).toContain('request timelines come with the current rules');
	});
});
