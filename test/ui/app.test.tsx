import {cleanup} from 'ink-testing-library';
import {afterEach, describe, expect, test} from 'vitest';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {KEY_MAP} from '../../source/ui/key-map.js';
import {PANELS} from '../../source/ui/ui-state.js';
import {SAMPLE, frameFits, frameWhere, renderApp, storeWith} from '../helpers/ui.js';

afterEach(() => {
	cleanup();
});

const SIZES = [
	[80, 24],
	[120, 40],
	[60, 20],
] as const;

describe('dashboard frames at explicit sizes', () => {
	test.each(SIZES)('%ix%i: header, diagnosis, panels, footer; never more rows or columns than the terminal', async (columns, rows) => {
		const store = storeWith(SAMPLE);
		const {lastFrame} = renderApp(store, columns, rows);
		const frame = await frameWhere(lastFrame, f => f.includes('Diagnosis'));
		expect(frameFits(frame, columns, rows)).toBe(true);
		expect(frame.split('\n')).toHaveLength(rows);
		// The follow status is never cut; the program's name gives way first on narrow panes.
		expect(frame.split('\n')[0]).toMatch(/│ ● following( │|$)/);
		if (columns >= 80) expect(frame).toContain('prodex-top');
		expect(frame).toContain('Recent per-lane admission limit was triggered.');
		expect(frame).toMatch(/1 Pressure/);
		expect(frame).toContain('ELEVATED ▲');
		expect(frame).toContain('q quit');
	});

	test.each(SIZES)('%ix%i: every panel can be shown and fits', async (columns, rows) => {
		const store = storeWith(SAMPLE);
		const {lastFrame, stdin} = renderApp(store, columns, rows);
		const expectations = ['selection', 'admission', 'lane', 'state save', 'runtime_proxy_lane_limit_reached', 'stream_read_error', 'current rules', 'incidents come with the current rules', 'route health comes with the current rules'];
		expect(expectations).toHaveLength(PANELS.length);
		for (const [index, panel] of PANELS.entries()) {
			stdin.write(String(index + 1));
			const frame = await frameWhere(lastFrame, f => f.includes(`▸ ${index + 1} ${panel.title}`));
			expect(frameFits(frame, columns, rows)).toBe(true);
			expect(frame).toContain(expectations[index]);
		}
	});

	test('120 columns: two columns side by side; 80: stacked with a tab bar; 60: one panel with a tab bar', async () => {
		const wide = renderApp(storeWith(SAMPLE), 120, 40);
		const frameWide = await frameWhere(wide.lastFrame, f => f.includes('Diagnosis'));
		expect(frameWide).toMatch(/1 Pressure .*[┐╗][┌╔][─═] \d /);
		expect(frameWide).not.toContain('[1 Pressure]');
		cleanup();
		const stacked = renderApp(storeWith(SAMPLE), 80, 24);
		const frameStacked = await frameWhere(stacked.lastFrame, f => f.includes('Diagnosis'));
		expect(frameStacked).toContain('[1 Pressure]');
		expect(frameStacked).toContain('2 Failure classes');
		cleanup();
		const narrow = renderApp(storeWith(SAMPLE), 60, 20);
		const frameNarrow = await frameWhere(narrow.lastFrame, f => f.includes('Diagnosis'));
		expect(frameNarrow).toContain('[1 Pressure]');
		expect(frameNarrow).not.toContain('2 Failure classes ─');
	});

	test('60 columns, current rules: the follow status stays whole; the name gives way', async () => {
		const {lastFrame} = renderApp(storeWith(SAMPLE, RULES_CURRENT), 60, 20);
		const frame = await frameWhere(lastFrame, f => f.includes('Diagnosis'));
		const top = frame.split('\n')[0]!;
		expect(top).toMatch(/│ current │ doctor │ ● following$/);
		expect(top).toContain('runtime-1-1-0.log');
		expect(top).not.toContain('prodex-top');
	});

	test('too small: a clear screen that still takes ? and q', async () => {
		const store = storeWith(SAMPLE);
		const {lastFrame, stdin, controller} = renderApp(store, 40, 10);
		await frameWhere(lastFrame, f => f.includes('terminal too small') && f.includes('need 50x14, have 40x10'));
		stdin.write('?');
		await frameWhere(lastFrame, f => f.includes('next / previous panel'));
		stdin.write('q');
		await frameWhere(lastFrame, () => controller.calls.includes('quit'));
	});
});

describe('the key map (every key does what the ? overlay says)', () => {
	test('? lists every binding, and Esc closes it', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(SAMPLE), 120, 40);
		stdin.write('?');
		const frame = await frameWhere(lastFrame, f => f.includes('Keys'));
		for (const binding of KEY_MAP.filter(b => b.inHelp !== false)) expect(frame).toContain(binding.help);
		// Every key of the map is named in the overlay (pairs share a line).
		for (const label of ['Tab', 'S-Tab', '←', '→', '↑↓', 'j k', 'PgDn', 'PgUp', 'g G', '⏎', 'Esc', 'w', 'p', '/', 'r', '[ ]', 's', '?', 'q']) expect(frame).toContain(label);
		stdin.write('\u001B');
		await frameWhere(lastFrame, f => !f.includes('Keys ·'));
	});

	test('at 80x24 the overlay shows every key, and says that the panel lines did not fit; at 120x40 they show', async () => {
		const narrow = renderApp(storeWith(SAMPLE), 80, 24);
		narrow.stdin.write('?');
		const frame = await frameWhere(narrow.lastFrame, f => f.includes('Keys ·'));
		for (const binding of KEY_MAP.filter(b => b.inHelp !== false)) expect(frame).toContain(binding.help);
		expect(frame).toMatch(/… \d+ more line\(s\): a taller terminal shows them/);
		cleanup();
		const wide = renderApp(storeWith(SAMPLE), 120, 40);
		wide.stdin.write('?');
		const full = await frameWhere(wide.lastFrame, f => f.includes('Keys ·'));
		expect(full).toContain('the latest marker lines (redacted)');
		expect(full).not.toContain('more line(s)');
	});

	test('Tab / Shift-Tab / → / ← and the number keys switch panels', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(SAMPLE), 80, 24);
		const focused = (n: number) => frameWhere(lastFrame, f => f.includes(`▸ ${n} ${PANELS[n - 1]!.title}`));
		await focused(1);
		stdin.write('\t');
		await focused(2);
		stdin.write('\u001B[C');
		await focused(3);
		stdin.write('\u001B[Z');
		await focused(2);
		stdin.write('\u001B[D');
		await focused(1);
		stdin.write('\u001B[D');
		await focused(PANELS.length);
		stdin.write('4');
		await focused(4);
	});

	test('↓/j, ↑/k, End/G, Home/g move the selection; Enter opens; Esc goes back', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(SAMPLE), 120, 40);
		stdin.write('2');
		await frameWhere(lastFrame, f => f.includes('▸ admission'));
		stdin.write('j');
		await frameWhere(lastFrame, f => f.includes('▸ continuation'));
		stdin.write('\u001B[B');
		await frameWhere(lastFrame, f => f.includes('▸ persistence'));
		stdin.write('k');
		await frameWhere(lastFrame, f => f.includes('▸ continuation'));
		stdin.write('G');
		await frameWhere(lastFrame, f => f.includes('▸ transport'));
		stdin.write('g');
		await frameWhere(lastFrame, f => f.includes('▸ admission'));
		stdin.write('\u001B[A');
		await frameWhere(lastFrame, f => f.includes('▸ admission'));
		stdin.write('jjjj');
		await frameWhere(lastFrame, f => f.includes('▸ transport'));
		stdin.write('\r');
		const opened = await frameWhere(lastFrame, f => f.includes('Failure classes › transport'));
		expect(opened).toContain('stream_read_error 1');
		expect(opened).toContain('last: request=1 transport=http profile=second error=<redacted>');
		stdin.write('\u001B');
		await frameWhere(lastFrame, f => f.includes('▸ transport') && !f.includes('›'));
	});

	test('a multi-key chunk is applied key by key: "3jj\\r" opens the third facet', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(SAMPLE), 120, 40);
		await frameWhere(lastFrame, f => f.includes('Diagnosis'));
		stdin.write('3jj\r');
		const frame = await frameWhere(lastFrame, f => f.includes('Top facets › '));
		expect(frame).toContain('Top facets › profile (2 values)');
	});

	test('keys in separate chunks that arrive before a render are all applied, in order', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(SAMPLE), 120, 40);
		await frameWhere(lastFrame, f => f.includes('Diagnosis'));
		for (const key of ['3', 'j', 'j', '\r']) stdin.write(key);
		const frame = await frameWhere(lastFrame, f => f.includes('Top facets › '));
		expect(frame).toContain('Top facets › profile (2 values)');
	});

	test('w cycles the window, p pauses and resumes, r resets, s snapshots, q quits', async () => {
		const store = storeWith(SAMPLE);
		const {lastFrame, stdin, controller} = renderApp(store, 120, 40);
		await frameWhere(lastFrame, f => f.includes('window doctor 128 KiB'));
		stdin.write('w');
		await frameWhere(lastFrame, f => f.includes('window 1m'));
		stdin.write('p');
		await frameWhere(lastFrame, f => f.includes('⏸ paused +0 lines buffered'));
		stdin.write(' ');
		await frameWhere(lastFrame, f => !f.includes('paused'));
		stdin.write('r');
		await frameWhere(lastFrame, f => f.includes('baseline reset: counting from now'));
		stdin.write('s');
		await frameWhere(lastFrame, f => f.includes('snapshot written: ./prodex-top-test.txt'));
		stdin.write('q');
		await frameWhere(lastFrame, () => controller.calls.includes('quit'));
		expect(controller.calls).toEqual(['window', 'pause', 'pause', 'reset', 'snapshot', 'quit']);
	});

	test('/ filters markers and facet values by text; Esc clears', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(SAMPLE), 120, 40);
		stdin.write('5');
		await frameWhere(lastFrame, f => f.includes('selection_pick'));
		stdin.write('/stream');
		await frameWhere(lastFrame, f => f.includes('/ filter: stream'));
		stdin.write('\r');
		const filtered = await frameWhere(lastFrame, f => f.includes('filter "stream"'));
		expect(filtered).toContain('stream_read_error');
		expect(filtered).not.toMatch(/\d  selection_pick/);
		stdin.write('\u001B');
		await frameWhere(lastFrame, f => !f.includes('filter "stream"') && /\d  selection_pick/.test(f));
	});

	test('[ and ] switch between the previous and the current proxy run', async () => {
		const store = storeWith(SAMPLE);
		store.beginRun({logPath: '/logs/b.log', label: '/logs/b.log', rules: store.getSnapshot().run!.rules, rulesReason: '--rules'}, {logPath: '/logs/b.log', pointerExists: true, logExists: true, pointerNote: null, readError: null});
		const {lastFrame, stdin} = renderApp(store, 120, 40);
		await frameWhere(lastFrame, f => f.includes('Latest runtime log is empty.'));
		stdin.write('[');
		const older = await frameWhere(lastFrame, f => f.includes('◀ run 1 of 2'));
		expect(older).toContain('Recent per-lane admission limit was triggered.');
		stdin.write(']');
		await frameWhere(lastFrame, f => f.includes('Latest runtime log is empty.') && !f.includes('◀ run'));
	});
});

describe('hostile names', () => {
	test('control bytes in a file name never reach the terminal', async () => {
		const store = storeWith(SAMPLE);
		const evil = '/tmp/\u001B]0;evil\u0007\u001B[2Jprodex-runtime-1.log';
		store.beginRun({logPath: evil, label: evil, rules: store.getSnapshot().run!.rules, rulesReason: '--rules'}, {logPath: evil, pointerExists: true, logExists: true, pointerNote: null, readError: null});
		const {lastFrame} = renderApp(store, 120, 40);
		const frame = await frameWhere(lastFrame, f => f.includes('new proxy run'));
		expect(frame).not.toContain('\u001B]0;evil');
		expect(frame).not.toContain('\u0007');
		expect(frame).not.toContain('\u001B[2J');
	});
});

describe('notes', () => {
	test('a cut 1 MiB line and lines dropped by prodex are said in the header and the State panel', async () => {
		const store = storeWith(SAMPLE);
		store.ingest([
			{text: `[t] stream_read_error note=${'x'.repeat(100)}`, start: 5000, bytes: 2_000_000, cut: true, arrivalMs: Date.now()},
			{text: '[t] runtime_proxy_async_log_dropped dropped_count=3 reason=queue_full queue_capacity=4096', start: 2_005_000, bytes: 90, cut: false, arrivalMs: Date.now()},
		], 2_005_090);
		store.flushNow();
		const {lastFrame, stdin} = renderApp(store, 120, 40);
		const wideTop = (await frameWhere(lastFrame, f => f.includes('⚠ 2 notes in 4 State'))).split('\n')[0]!;
		// At 120 columns the name and version stay (bug-report screenshots), the log path gives way.
		expect(wideTop).toMatch(/^ prodex-top 9\.9\.9 │ log \S+ │ rules 0\.27 │ window doctor 128 KiB │ ● following │ ⚠ 2 notes in 4 State/);
		stdin.write('4');
		const frame = await frameWhere(lastFrame, f => f.includes('▸ 4 State'));
		expect(frame).toContain('1 line(s) longer than 1 MiB were cut');
		expect(frame).toContain('prodex dropped 3 log line(s)');
		cleanup();
		// At 80 columns the header keeps the name, the status and a short "⚠ 2 notes".
		const narrow = renderApp(store, 80, 24);
		const top = (await frameWhere(narrow.lastFrame, f => f.includes('⚠ 2 notes'))).split('\n')[0]!;
		expect(top).toMatch(/^ prodex-top │ .+ │ ● following │ ⚠ 2 notes/);
	});
});

describe('live updates', () => {
	test('the diagnosis panel marks a change and shows what it was', async () => {
		const store = storeWith(SAMPLE.slice(0, 2));
		const {lastFrame} = renderApp(store, 120, 40);
		await frameWhere(lastFrame, f => f.includes('Recent selection decisions were logged'));
		store.ingest([{text: '[t] runtime_proxy_overload_backoff until=1', start: 500, bytes: 50, cut: false, arrivalMs: Date.now()}], 550);
		store.flushNow();
		const frame = await frameWhere(lastFrame, f => f.includes('▲ NEW  Recent local proxy overload backoff was triggered.'));
		expect(frame).toContain('was: Recent selection decisions were logged');
	});
});

describe('opened items scroll within their text', () => {
	test('↓ in an opened marker stops at its last page', async () => {
		const fields = Array.from({length: 20}, (_, i) => `f${i}=v${i}`).join(' ');
		const {lastFrame, stdin} = renderApp(storeWith([...SAMPLE, `[t] stream_read_error ${fields}`]), 60, 20);
		stdin.write('5');
		await frameWhere(lastFrame, f => f.includes('▸ 5 Markers'));
		stdin.write('\r');
		await frameWhere(lastFrame, f => f.includes('Markers › stream_read_error'));
		stdin.write(`${'j'.repeat(40)}`);
		const bottom = await frameWhere(lastFrame, f => /║ f19=v19 /.test(f));
		// The last page is full: the cursor stopped at the last scroll position, not past the text.
		const body = bottom.split('\n').filter(line => line.startsWith('║'));
		expect(body.filter(line => /║ \S/.test(line)).length).toBe(body.length);
		expect(bottom).toMatch(/║ f12=v12 /);
		stdin.write('k');
		await frameWhere(lastFrame, f => /║ f11=v11 /.test(f));
	});
});

describe('top facets', () => {
	test('a long facet name (five_hour_status, token_usage_source) keeps a gap before its values', async () => {
		const store = storeWith(['[t] selection_pick route=responses five_hour_status=ready token_usage_source=estimated profile=main'], RULES_CURRENT);
		const {lastFrame, stdin} = renderApp(store, 120, 40);
		stdin.write('3');
		const frame = await frameWhere(lastFrame, f => f.includes('▸ 3 Top facets'));
		expect(frame).toMatch(/five_hour_status +ready █+ 1/);
		expect(frame).toMatch(/token_usage_source +estimated █+ 1/);
		expect(frame).toMatch(/route +responses █+ 1/);
	});
});

describe('markers panel columns', () => {
	test('marker names are whole at every size; the class column fits the longest class and shows while it leaves the fields room', async () => {
		for (const [columns, rows] of [[100, 30], [80, 24]] as const) {
			const view = renderApp(storeWith(SAMPLE), columns, rows);
			view.stdin.write('5');
			const frame = await frameWhere(view.lastFrame, f => f.includes('▸ 5 Markers'));
			// "continuation" (12) is the longest class of the sample, so the class column is 12 wide.
			expect(frame).toMatch(/count +marker +class {9}last +last fi/);
			expect(frame).toMatch(/runtime_proxy_lane_limit_reached +admission {5}\S+ +lane=com/);
			expect(frame).toMatch(/selection_pick +– {13}\S+ +route=/);
			cleanup();
		}
		// Only classless markers: the column is as narrow as its header.
		const plain = renderApp(storeWith(['[t] selection_pick route=responses profile=main']), 80, 24);
		plain.stdin.write('5');
		const narrowClass = await frameWhere(plain.lastFrame, f => f.includes('▸ 5 Markers'));
		expect(narrowClass).toMatch(/count +marker +class  last +last fields/);
		cleanup();
		// At 60 columns the whole marker name wins over the class column.
		const narrow = renderApp(storeWith(SAMPLE), 60, 20);
		narrow.stdin.write('5');
		const frame = await frameWhere(narrow.lastFrame, f => f.includes('▸ 5 Markers'));
		expect(frame).toMatch(/count +marker +last\b/);
		expect(frame).not.toMatch(/marker +class/);
		expect(frame).toContain('runtime_proxy_lane_limit_reached ');
	});
});

describe('an opened failure class', () => {
	test('its title border shows the last-hour sparkline, or says none, never a run of blanks', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(SAMPLE, RULES_CURRENT), 120, 40);
		stdin.write('2');
		await frameWhere(lastFrame, f => f.includes('▸ 2 Failure classes'));
		stdin.write('\r');
		const admission = await frameWhere(lastFrame, f => f.includes('Failure classes › admission'));
		expect(admission).toMatch(/ last hour ▁*█▁* ╗/);
		expect(admission).toContain('runtime_proxy_lane_limit_reached 1');
		stdin.write('\u001B');
		await frameWhere(lastFrame, f => !f.includes('›'));
		stdin.write('j');
		stdin.write('\r');
		const auth = await frameWhere(lastFrame, f => f.includes('Failure classes › auth'));
		expect(auth).toMatch(/═ last hour: none ╗/);
		expect(auth).toContain('no markers of this class in this window');
	});
});

describe('pressure reasons', () => {
	test('startup audit: the audit fields of the last startup audit that are not "0" say what raised it', async () => {
		const store = storeWith([...SAMPLE, '[2026-04-24 09:00:09.000 +07:00] runtime_proxy_startup_audit missing_managed_dirs=false orphan_managed_dirs=0 stale_response_bindings=3'], RULES_CURRENT);
		const {lastFrame, stdin} = renderApp(store, 120, 40);
		// The level, its strip of the last hour's levels, then what raised it (cut to the room left; ⏎ shows it whole).
		const frame = await frameWhere(lastFrame, f => /startup audit ELEVATED ▲ +[▁▄█]+ missing_ma/.test(f));
		expect(frame.split('\n').find(line => line.includes('startup audit'))).not.toContain('orphan_managed_dirs');
		expect(frame).toMatch(/transport +ELEVATED ▲ +[▁▄█]+ stream_read_/);
		expect(frame).toMatch(/quota fresh +low/);
		stdin.write('jjjj\r');
		const opened = await frameWhere(lastFrame, f => f.includes('Pressure › startup audit'));
		expect(opened).toContain('startup audit: ELEVATED ▲');
		expect(opened).toContain('· missing_managed_dirs=false');
	});
});

describe('an idle dashboard', () => {
	test('the clock redraws only when a relative time on screen would read differently', async () => {
		const store = storeWith(SAMPLE);
		// The sample lines are from 2025: the "last seen" column reads in days, so a few seconds change nothing.
		// A second into a 10-second bucket: the pressure strips (a cell per bucket) stay as they are for the next 3 s.
		// At least 11 s after the lines arrived (real time), so the header's lines/s (the 10 s before the clock) is 0 throughout.
		let clock = Math.ceil((Date.now() + 11_000) / 10_000) * 10_000 + 1000;
		const {lastFrame, frames} = renderApp(store, 120, 40, {now: () => clock, tickMs: 20});
		await frameWhere(lastFrame, f => f.includes('Diagnosis'));
		const settled = frames.length;
		clock += 3000;
		await new Promise(resolve => setTimeout(resolve, 300));
		expect(frames.length).toBe(settled);
		// A day later the "last seen" column reads differently: one redraw.
		clock += 86_400_000;
		const later = await frameWhere(lastFrame, f => f !== frames[settled - 1]);
		expect(later).not.toBe(frames[settled - 1]);
		expect(frames.length).toBeGreaterThan(settled);
	});
});

describe('a busy log', () => {
	test('many store publishes in a burst draw a few frames, and the last frame shows the last data', async () => {
		const store = storeWith(SAMPLE);
		const {lastFrame, frames} = renderApp(store, 120, 40);
		await frameWhere(lastFrame, f => f.includes('Diagnosis'));
		const before = frames.length;
		let offset = 1000;
		for (let i = 1; i <= 30; i++) {
			const text = `[t] selection_pick route=responses profile=burst${i}`;
			store.ingest([{text, start: offset, bytes: text.length + 1, cut: false, arrivalMs: Date.now()}], offset + text.length + 1);
			offset += text.length + 1;
			store.flushNow();
			await new Promise(resolve => setImmediate(resolve));
		}
		const last = await frameWhere(lastFrame, f => /31 +selection_pick/.test(f));
		expect(last).toContain('profile=burs');
		expect(frames.length - before).toBeLessThanOrEqual(4);
	});
});

describe('footer messages', () => {
	test('a long snapshot message is shortened in the middle at 80 columns: its start and the file name stay', async () => {
		const {lastFrame, stdin, controller} = renderApp(storeWith(SAMPLE), 80, 24);
		await frameWhere(lastFrame, f => f.includes('Diagnosis'));
		Object.assign(controller, {snapshot: () => 'snapshot written: /home/someone/work/bug-reports/prodex/today/prodex-top-20261128-160042.txt (+ .md, .json)'});
		stdin.write('s');
		const frame = await frameWhere(lastFrame, f => f.includes('snapshot written'));
		const footer = frame.split('\n').at(-1)!;
		expect(footer).toMatch(/^ snapshot written: \/home\/\S*…\/prodex-top-20261128-160042\.txt \(\+ \.md, \.json\) *$/);
		expect([...footer].length).toBeLessThanOrEqual(80);
	});
});

describe('Esc and a key in one chunk', () => {
	test('"\\u001B4" (Esc then 4, as tmux send-keys Escape 4 sends it) closes the opened item and focuses panel 4', async () => {
		const {lastFrame, stdin} = renderApp(storeWith(SAMPLE), 120, 40);
		stdin.write('3');
		await frameWhere(lastFrame, f => f.includes('▸ 3 Top facets'));
		stdin.write('\r');
		await frameWhere(lastFrame, f => f.includes('Top facets › '));
		stdin.write('\u001B4');
		const frame = await frameWhere(lastFrame, f => f.includes('▸ 4 State'));
		expect(frame).not.toContain('›');
	});
});

describe('the header rate', () => {
	test('falls to 0.0/s when the log goes quiet, without a new batch from the store', async () => {
		let clock = Date.now();
		const {lastFrame} = renderApp(storeWith(SAMPLE), 80, 24, {now: () => clock, tickMs: 20});
		const busy = await frameWhere(lastFrame, f => f.includes('Diagnosis'));
		expect(busy.split('\n')[0]).toMatch(/│ 0\.[1-9]\/s$/);
		clock += 15_000;
		await frameWhere(lastFrame, f => f.split('\n')[0]!.endsWith('│ 0.0/s'));
	});
});
