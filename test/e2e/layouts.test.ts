import {afterEach, describe, expect, test} from 'vitest';
import {CLI} from '../helpers/cli.js';
import {layoutProblems, panelColumnsShown, screenBoxes} from '../helpers/screen-boxes.js';
import {TmuxSession} from '../helpers/tmux.js';

let session: TmuxSession | undefined;
afterEach(() => {
	session?.kill();
	session = undefined;
});

const titles = (screen: string) => screenBoxes(screen).map(box => box.title.replace(/^▸ /, ''));

// The built CLI on the live demo in tmux, resized as a person would drag a pane.
describe('layouts that fill the screen, in tmux', () => {
	test('80x24, 120x40 and 200x60 and back: one, two, three columns; Recent lines from 120x40; no panel on blank rows while another hides items', async () => {
		session = TmuxSession.start('prodex-top-e2e-layouts', `node ${CLI} --demo --rules current`, 80, 24, {NO_COLOR: '1', CI: null, CONTINUOUS_INTEGRATION: null});
		await session.waitFor('Diagnosis');
		for (const [columns, rows, count] of [[80, 24, 1], [120, 40, 2], [200, 60, 3], [120, 40, 2], [80, 24, 1]] as const) {
			session.resize(columns, rows);
			for (const key of ['1', '5']) {
				session.keys(key);
				// The frame that shows the focused panel at this size, laid out as it should be (the demo is live: poll).
				const screen = await session.waitFor(text => {
					const frame = text.replace(/\n$/, '');
					return frame.split('\n').length === rows && titles(frame).includes(`${key} ${key === '1' ? 'Pressure' : 'Markers'}`) && frame.includes(`▸ ${key} `)
						&& panelColumnsShown(frame) === count && layoutProblems(frame, columns, rows).length === 0;
				});
				const frame = screen.replace(/\n$/, '');
				expect(layoutProblems(frame, columns, rows), frame).toEqual([]);
				if (columns >= 120) expect(titles(frame), frame).toContain('6 Recent lines');
				else expect(frame, frame).toMatch(new RegExp(`\\[${key} (Pressure|Markers)\\]`));
			}
		}
		session.keys('q');
		await session.waitFor('EXITED rc=0');
	}, 90_000);
});
