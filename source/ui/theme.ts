/** The colour themes (`--theme`); status is always carried by words and symbols too. */
import type {ThemeChoice, ThemeName} from '../options.js';

export type {ThemeChoice, ThemeName} from '../options.js';

/** What a colour is for. */
export type Role = 'elevated' | 'active' | 'low' | 'accent' | 'muted' | 'focus' | 'border' | 'diagnosis' | 'new' | 'bar';

/** A resolved theme: a colour (or none) per role. */
export type Theme = {readonly name: ThemeName; readonly color: Readonly<Record<Role, string | undefined>>};

const DARK: Theme = {
	name: 'dark',
	color: {elevated: 'redBright', active: 'yellow', low: 'green', accent: 'cyan', muted: 'gray', focus: 'cyanBright', border: 'gray', diagnosis: 'yellowBright', new: 'magentaBright', bar: 'cyan'},
};
const LIGHT: Theme = {
	name: 'light',
	color: {elevated: 'red', active: 'yellow', low: 'green', accent: 'blue', muted: 'gray', focus: 'blue', border: 'gray', diagnosis: 'magenta', new: 'magenta', bar: 'blue'},
};
const MONO: Theme = {
	name: 'mono',
	color: {elevated: undefined, active: undefined, low: undefined, accent: undefined, muted: undefined, focus: undefined, border: undefined, diagnosis: undefined, new: undefined, bar: undefined},
};

/**
 * Resolve the theme: `--no-color`, NO_COLOR (any non-empty value), TERM=dumb and FORCE_COLOR=0
 * mean no colour; FORCE_COLOR≠0 keeps colour on; `auto` picks light on a light background
 * ($COLORFGBG ending in 7 or 15), dark otherwise.
 */
export function resolveTheme(choice: ThemeChoice, color: boolean, env: Readonly<Record<string, string | undefined>>): Theme {
	const force = env.FORCE_COLOR;
	const forcedOn = force !== undefined && force !== '0' && force !== 'false';
	const off = !color || force === '0' || force === 'false' || (!forcedOn && ((env.NO_COLOR ?? '') !== '' || env.TERM === 'dumb'));
	if (off || choice === 'mono') return MONO;
	if (choice === 'dark') return DARK;
	if (choice === 'light') return LIGHT;
	const background = (env.COLORFGBG ?? '').split(';').at(-1);
	return background === '7' || background === '15' ? LIGHT : DARK;
}

/** The theme with no colours (snapshots, tests). */
export const MONO_THEME = MONO;
