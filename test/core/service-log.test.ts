import {describe, expect, test} from 'vitest';
import {INITIAL_SERVICE_STATE, serviceEvents, type ServiceState} from '../../source/core/service-log.js';
import {RULES_027} from '../../source/core/rules/index.js';
import {Store} from '../../source/tail/store.js';
import {followed} from '../helpers/ui.js';

const facts = (logPath: string) => ({logPath, pointerExists: true, logExists: true, pointerNote: null, readError: null});

describe('serviceEvents', () => {
	test('one line per state change: run, follow status, diagnosis rule, pressure levels (diagnosis and pressures once caught up)', () => {
		const store = new Store({tailBytes: 131_072});
		let said: ServiceState = INITIAL_SERVICE_STATE;
		const look = () => {
			const result = serviceEvents(said, store.getSnapshot(), store.getSnapshot().finalized);
			said = result.said;
			return result.lines;
		};
		expect(look()).toEqual(['follow status: waiting (starting)']);
		expect(look()).toEqual([]);
		store.beginRun({logPath: '/logs/a.log', label: '/logs/a.log', rules: RULES_027, rulesReason: '--rules'}, facts('/logs/a.log'));
		store.ingest(followed(['[t] selection_pick profile=main']), 30);
		expect(look()).toEqual(['run started: /logs/a.log (rules 0.27: --rules)', 'follow status: following']);
		store.markCaughtUp();
		const first = look();
		expect(first).toHaveLength(2);
		expect(first[0]).toMatch(/^diagnosis: rule \d+: Recent selection decisions/);
		expect(first[1]).toBe('selection pressure: elevated');
		expect(look()).toEqual([]);
		store.ingest(followed(['[t] runtime_proxy_lane_limit_reached lane=compact'], 30), 60);
		store.flushNow();
		expect(look()[0]).toMatch(/^diagnosis: rule \d+ \(was \d+\): Recent per-lane admission limit/);
		store.beginRun({logPath: '/logs/b\u001b[2J.log', label: '/logs/b\u001b[2J.log', rules: RULES_027, rulesReason: '--rules'}, facts('/logs/b.log'));
		store.markCaughtUp();
		const switched = look();
		expect(switched[0]).toBe('new proxy run: /logs/b [2J.log (rules 0.27: --rules)');
		expect(switched[1]).toBe('follow status: new-run (new proxy run ([ shows the previous))');
		expect(switched).toContain('selection pressure: low (was elevated)');
		store.dispose();
	});
});
