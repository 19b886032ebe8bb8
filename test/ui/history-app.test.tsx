import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, test} from 'vitest';
import {RULES_027} from '../../source/core/rules/index.js';
import {Store} from '../../source/tail/store.js';
import {SAMPLE, followed, frameWhere, renderApp} from '../helpers/ui.js';

afterEach(() => {
	cleanup();
});

const FACTS = {logPath: '/logs/prodex-runtime-1-1-0.log', pointerExists: true, logExists: true, pointerNote: null, readError: null};
const T0 = 1_800_000_000_000;

/** A store on a clock of our own: lines at each step, the summary read (drawn) after each. */
function storeOnClock() {
	const clock = {now: T0};
	const store = new Store({tailBytes: 131_072, now: () => clock.now});
	store.beginRun({logPath: FACTS.logPath, label: FACTS.logPath, rules: RULES_027, rulesReason: '--rules'}, FACTS);
	let offset = 0;
	const add = (texts: readonly string[]) => {
		const lines = followed(texts, offset, clock.now);
		offset += lines.reduce((sum, line) => sum + line.bytes, 0);
		store.ingest(lines, offset);
		store.flushNow();
		store.getSnapshot();
	};
	return {clock, store, add};
}

const pressureRow = (frame: string, label: string) => frame.split('\n').find(line => line.includes(`   ${label} `) || line.includes(`▸ ${label} `)) ?? '';

describe('history: the pressure strips and the diagnosis changes (ink-testing-library)', () => {
	test.each([[80, 24], [120, 40], [200, 60]] as const)('%ix%i: each pressure has a strip of its levels per 10 s, newest at the right; blank before the data', async (columns, rows) => {
		const {clock, store, add} = storeOnClock();
		add([SAMPLE[0]!]);
		store.markCaughtUp();
		store.getSnapshot();
		for (let i = 1; i <= 3; i++) {
			clock.now = T0 + i * 10_000;
			add([]);
		}
		// Lines that raise a pressure, 40 s in.
		clock.now = T0 + 40_000;
		add(SAMPLE.slice(1));
		const report = store.getSnapshot().finalized.report;
		const raised = (['selection_pressure', 'transport_pressure', 'persistence_pressure'] as const).find(key => report[key] !== 'low');
		expect(raised).toBeDefined();
		const label = {selection_pressure: 'selection', transport_pressure: 'transport', persistence_pressure: 'persistence'}[raised!];
		const {lastFrame} = renderApp(store, columns, rows, {now: () => clock.now});
		const frame = await frameWhere(lastFrame, f => f.includes('strip: last'));
		const row = pressureRow(frame, label);
		const high = report[raised!] === 'active' ? '▄' : '█';
		// Four low cells (T0 and the three held), then the raised one; blank cells before T0.
		expect(row).toMatch(new RegExp(` +▁▁▁▁${high} `));
		expect(pressureRow(frame, 'startup audit')).toMatch(/ +▁▁▁▁▁ /);
		expect(frame).toMatch(/Pressure .*strip: last \d+m\d\ds/);
	});

	test('the Diagnosis title marks each change; d lists them with times, newest first; Esc and d close it', async () => {
		const {clock, store, add} = storeOnClock();
		add([SAMPLE[0]!]);
		store.markCaughtUp();
		const first = store.getSnapshot().finalized.report.diagnosis;
		clock.now = T0 + 65_000;
		add(['[2026-04-24 09:00:03.000 +07:00] stream_read_error request=1 transport=http profile=second']);
		const second = store.getSnapshot().finalized.report.diagnosis;
		expect(second).not.toBe(first);
		clock.now = T0 + 125_000;
		const {lastFrame, stdin} = renderApp(store, 120, 40, {now: () => clock.now});
		const frame = await frameWhere(lastFrame, f => f.includes('Diagnosis ◆ 1 change (d)'));
		expect(frame).toContain('┏━ Diagnosis ◆ 1 change (d)');
		stdin.write('d');
		const list = await frameWhere(lastFrame, f => f.includes('Diagnosis changes · d or Esc closes'));
		expect(list).toContain('1 change');
		expect(list).toMatch(/\d\d:\d\d:\d\d \(1m00s ago\): /);
		expect(list).toContain(`was: ${first.slice(0, 30)}`);
		expect(list).toContain('now (since ');
		expect(list).not.toContain('3 Top facets');
		stdin.write('\u001B');
		await frameWhere(lastFrame, f => !f.includes('Diagnosis changes') && f.includes('▸ 1 Pressure'));
		stdin.write('d');
		await frameWhere(lastFrame, f => f.includes('Diagnosis changes'));
		stdin.write('d');
		await frameWhere(lastFrame, f => !f.includes('Diagnosis changes'));
	});

	test('without a change: no marker, and d says so', async () => {
		const {store, add} = storeOnClock();
		add([SAMPLE[0]!]);
		store.markCaughtUp();
		const {lastFrame, stdin} = renderApp(store, 120, 40, {now: () => T0});
		const frame = await frameWhere(lastFrame, f => f.includes('┏━ Diagnosis ━'));
		expect(frame).not.toContain('◆ 1');
		stdin.write('d');
		await frameWhere(lastFrame, f => f.includes('no change since the log was read'));
	});

	test('? lists d and the mouse', async () => {
		const {store, add} = storeOnClock();
		add([SAMPLE[0]!]);
		const {lastFrame, stdin} = renderApp(store, 120, 40, {now: () => T0});
		await frameWhere(lastFrame, f => f.includes('Diagnosis'));
		stdin.write('?');
		const help = await frameWhere(lastFrame, f => f.includes('Keys · ? or Esc closes'));
		expect(help).toMatch(/\? d +this help; d: when the diagnosis changed/);
		expect(help).toMatch(/mouse +click: focus, select; double-click: open; wheel: scroll/);
	});
});
