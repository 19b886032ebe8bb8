import {EventEmitter} from 'node:events';
import process from 'node:process';
import {afterEach, describe, expect, test, vi} from 'vitest';

// Ink reads CI once, when it loads (imported below, also through the helpers): load it outside CI
// mode, as the CLI does for the dashboard (in CI mode Ink would not follow resizes at all).
const savedEnv = vi.hoisted(() => {
	const {env} = globalThis.process;
	const saved = {CI: env['CI'], CONTINUOUS_INTEGRATION: env['CONTINUOUS_INTEGRATION']};
	env['CI'] = 'false';
	env['CONTINUOUS_INTEGRATION'] = 'false';
	return saved;
});
import {render} from 'ink';
import {App} from '../../source/ui/app.js';
import {dashboardStdout} from '../../source/ui/dashboard-stdout.js';
import {MONO_THEME} from '../../source/ui/theme.js';
import {recordingController, SAMPLE, storeWith} from '../helpers/ui.js';

for (const [key, value] of Object.entries(savedEnv)) {
	if (value === undefined) delete process.env[key];
	else process.env[key] = value;
}

/** A terminal's output stream, as far as Ink and the dashboard use it: size, resize events, writes. */
class FakeTerminal extends EventEmitter {
	columns = 120;
	rows = 40;
	readonly isTTY = true;
	readonly writes: string[] = [];
	write(chunk: string, callback?: () => void): boolean {
		this.writes.push(String(chunk));
		callback?.();
		return true;
	}

	resize(columns: number, rows: number): void {
		this.columns = columns;
		this.rows = rows;
		this.emit('resize');
	}
}

const asStream = (fake: FakeTerminal) => fake as unknown as NodeJS.WriteStream;

afterEach(() => {
	vi.useRealTimers();
});

describe('dashboardStdout: paced resizes and a write gate', () => {
	test('50 resizes in a row pass on as one at once and one with the final size a frame later; the size changes only then', () => {
		vi.useFakeTimers();
		const terminal = new FakeTerminal();
		const out = dashboardStdout(asStream(terminal), 67);
		const seen: string[] = [];
		out.stream.on('resize', () => seen.push(`${out.stream.columns}x${out.stream.rows}`));
		for (let i = 1; i <= 50; i++) terminal.resize(60 + i, 20 + (i % 7));
		expect(seen).toEqual(['61x21']);
		expect(out.stream.columns).toBe(61);
		vi.advanceTimersByTime(67);
		expect(seen).toEqual(['61x21', '110x21']);
		expect(out.counts).toEqual({resizes: 50, passed: 2, minGapMs: 67});
		// Quiet again: the next resize passes at once.
		vi.advanceTimersByTime(1000);
		terminal.resize(80, 24);
		expect(seen.at(-1)).toBe('80x24');
		expect(vi.getTimerCount()).toBe(0);
		out.dispose();
		terminal.resize(90, 30);
		expect(seen.at(-1)).toBe('80x24');
	});

	test('held writes are dropped (their callbacks still called); redraw opens the gate and passes a resize at the current size; closed stays closed', async () => {
		const terminal = new FakeTerminal();
		const out = dashboardStdout(asStream(terminal), 67);
		const resizes: number[] = [];
		out.stream.on('resize', () => resizes.push(out.stream.columns));
		out.stream.write('a');
		out.hold();
		terminal.columns = 99;
		let called = false;
		out.stream.write('b', () => {
			called = true;
		});
		await new Promise(resolve => process.nextTick(resolve));
		expect(called).toBe(true);
		out.redraw();
		expect(resizes).toEqual([99]);
		out.stream.write('c');
		out.close();
		out.stream.write('d');
		out.redraw();
		expect(terminal.writes).toEqual(['a', 'c']);
		expect(resizes).toEqual([99]);
		// Everything else is the terminal's own.
		expect(out.stream.isTTY).toBe(true);
		out.dispose();
	});
});

describe('a resize storm on the dashboard (Ink, the App, a fake terminal)', () => {
	test('50 resizes draw 2 of the 50 sizes, not 50, and the last frame has the final size', async () => {
		const terminal = new FakeTerminal();
		// The pacing clock stands still during the storm, as on a fast machine: however long each frame
		// takes to draw here, the storm is one burst (the trailing size still comes by a real timer).
		const out = dashboardStdout(asStream(terminal), 67, () => 0);
		const stdin = Object.assign(new EventEmitter(), {isTTY: false});
		const store = storeWith(SAMPLE);
		// The width each frame was drawn at.
		const frames: number[] = [];
		const app = render(<App store={store} controller={recordingController(store)} theme={MONO_THEME} version="9.9.9" />, {stdout: out.stream, stdin: stdin as unknown as NodeJS.ReadStream, patchConsole: false, exitOnCtrlC: false, maxFps: 15, onRender: () => frames.push(out.stream.columns)});
		const lastScreen = () => terminal.writes.join('').split('\u001B[2J').at(-1) ?? '';
		const poll = async (ok: () => boolean) => {
			const start = Date.now();
			while (!ok()) {
				if (Date.now() - start > 8000) throw new Error(`never; ${frames.length} frames; last screen:\n${lastScreen()}`);
				await new Promise(resolve => setTimeout(resolve, 10));
			}
		};
		await poll(() => lastScreen().includes('Diagnosis'));
		const before = frames.length;
		for (let i = 1; i <= 50; i++) terminal.resize(130 + i, 40);
		// The final size, 180 columns, reaches the screen: its top border is 180 wide.
		await poll(() => lastScreen().split('\n').some(line => /^┏━ Diagnosis ━+.*┓$/.test(line.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')) && [...line.replace(/\u001B\[[0-9;?]*[A-Za-z]/g, '')].length === 180));
		// Of the 50 sizes, only the first and the last are drawn (the last once its frame interval is over);
		// the count of frames besides depends on how busy the machine is, the sizes drawn do not.
		const sizes = new Set(frames.slice(before));
		expect([...sizes].sort()).toEqual([131, 180]);
		expect(out.counts.resizes).toBe(50);
		app.unmount();
		out.dispose();
	});
});
