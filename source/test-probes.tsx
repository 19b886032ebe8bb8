import {writeFileSync} from 'node:fs';
import process from 'node:process';
import {useEffect, useState, type ReactNode} from 'react';

/**
 * Test-only hooks of the dashboard, off unless their variable is set (the e2e tests set them; no
 * user needs them):
 * - PRODEX_TOP_TEST_THROW=render | timer: an internal error once the first frame is drawn, thrown
 *   while rendering (Ink's error path) or from a timer (an uncaught exception).
 * - PRODEX_TOP_TEST_PROBE=FILE: after every frame, FILE holds JSON counts: frames drawn, the
 *   terminal's resize events and those passed on to drawing, and the size of the last frame; at
 *   exit, also the exit status (a closed pane leaves no shell to ask).
 */
export type TestThrow = 'render' | 'timer' | null;

export function testThrow(env: NodeJS.ProcessEnv): TestThrow {
	const value = env['PRODEX_TOP_TEST_THROW'];
	return value === 'render' || value === 'timer' ? value : null;
}

function Thrower({children}: {readonly children: ReactNode}) {
	const [armed, setArmed] = useState(false);
	useEffect(() => {
		const timer = setTimeout(() => setArmed(true), 50);
		return () => clearTimeout(timer);
	}, []);
	if (armed) throw new Error('test-only failure (PRODEX_TOP_TEST_THROW=render)');
	return children;
}

/** The dashboard's tree with the injected error, if asked for. */
export function withTestThrow(kind: TestThrow, tree: ReactNode): ReactNode {
	if (kind === 'render') return <Thrower>{tree}</Thrower>;
	if (kind === 'timer') {
		setTimeout(() => {
			throw new Error('test-only failure (PRODEX_TOP_TEST_THROW=timer)');
		}, 300);
	}
	return tree;
}

type ProbeCounts = {readonly resizes: number; readonly passed: number; readonly minGapMs: number | null; readonly columns: number; readonly rows: number};

/** The frame counter for PRODEX_TOP_TEST_PROBE (Ink's onRender), or null when it is not set. */
export function frameProbe(env: NodeJS.ProcessEnv, read: () => ProbeCounts): (() => void) | null {
	const file = env['PRODEX_TOP_TEST_PROBE'];
	if (file === undefined || file === '') return null;
	let frames = 0;
	const save = (extra: Record<string, number> = {}) => {
		try {
			writeFileSync(file, JSON.stringify({frames, ...read(), ...extra}));
		} catch {
			// A probe never breaks the dashboard.
		}
	};
	process.on('exit', code => save({exit: code}));
	return () => {
		frames++;
		save();
	};
}
