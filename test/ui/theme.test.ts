import {describe, expect, test} from 'vitest';
import {resolveTheme} from '../../source/ui/theme.js';

describe('colour: --no-color, NO_COLOR, FORCE_COLOR, TERM=dumb, --theme', () => {
	test.each<[string, Parameters<typeof resolveTheme>, string]>([
		['default: dark', ['auto', true, {}], 'dark'],
		['--no-color', ['auto', false, {}], 'mono'],
		['--no-color beats --theme dark', ['dark', false, {}], 'mono'],
		['NO_COLOR', ['auto', true, {NO_COLOR: '1'}], 'mono'],
		['empty NO_COLOR is not set', ['auto', true, {NO_COLOR: ''}], 'dark'],
		['TERM=dumb', ['auto', true, {TERM: 'dumb'}], 'mono'],
		['FORCE_COLOR=0', ['dark', true, {FORCE_COLOR: '0'}], 'mono'],
		['FORCE_COLOR=1 beats NO_COLOR', ['auto', true, {FORCE_COLOR: '1', NO_COLOR: '1'}], 'dark'],
		['FORCE_COLOR=1 beats TERM=dumb', ['light', true, {FORCE_COLOR: '1', TERM: 'dumb'}], 'light'],
		['--theme mono', ['mono', true, {}], 'mono'],
		['--theme light', ['light', true, {}], 'light'],
		['auto on a light background ($COLORFGBG)', ['auto', true, {COLORFGBG: '0;15'}], 'light'],
		['auto on a dark background', ['auto', true, {COLORFGBG: '15;0'}], 'dark'],
	])('%s', (_name, args, expected) => {
		expect(resolveTheme(...args).name).toBe(expected);
	});

	test('mono has no colour at all', () => {
		expect(Object.values(resolveTheme('mono', true, {}).color).every(color => color === undefined)).toBe(true);
	});
});
