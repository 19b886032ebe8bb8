import type {Key} from 'ink';
import {describe, expect, test} from 'vitest';
import {inputEvents, type InputEvent} from '../../source/ui/input-events.js';
import {inkKey} from '../helpers/ui.js';

const k = (name: string): InputEvent => ({kind: 'key', name} as InputEvent);
const c = (char: string): InputEvent => ({kind: 'char', char});

// What Ink's useInput reports for each write (the toolchain notes, section 3, and Ink 6.8's use-input.js), and the key events that makes.
const CASES: ReadonlyArray<[string, string, Partial<Key>, InputEvent[]]> = [
	['Tab', '', {tab: true}, [k('tab')]],
	['Shift-Tab', '', {tab: true, shift: true}, [k('shift-tab')]],
	['↓ (CSI or SS3)', '', {downArrow: true}, [k('down')]],
	['↑', '', {upArrow: true}, [k('up')]],
	['←', '', {leftArrow: true}, [k('left')]],
	['→', '', {rightArrow: true}, [k('right')]],
	['PgUp', '', {pageUp: true}, [k('page-up')]],
	['PgDn', '', {pageDown: true}, [k('page-down')]],
	['Home', '', {home: true}, [k('home')]],
	['End', '', {end: true}, [k('end')]],
	['Enter ("\\r" is the input, not empty)', '\r', {return: true}, [k('enter')]],
	['a lone Esc (Ink flags it escape and meta)', '', {escape: true, meta: true}, [k('escape')]],
	['Backspace', '', {backspace: true}, [k('backspace')]],
	['Delete', '', {delete: true}, [k('backspace')]],
	['Ctrl-C', 'c', {ctrl: true}, [k('ctrl-c')]],
	['Ctrl-Z', 'z', {ctrl: true}, [k('ctrl-z')]],
	['another Ctrl chord means nothing', 'x', {ctrl: true}, []],
	['Alt with nothing after it means nothing', '', {meta: true}, []],
	['one printable key', 'j', {}, [c('j')]],
	['an upper-case key (Ink adds shift)', 'G', {shift: true}, [c('G')]],
	['Space', ' ', {}, [c(' ')]],
	['several printable keys in one chunk', 'jk', {}, [c('j'), c('k')]],
	['Enter, Tab and DEL inside a chunk', '3jj\r\t\u007F\b\n', {}, [c('3'), c('j'), c('j'), k('enter'), k('tab'), k('backspace'), k('backspace'), k('enter')]],
	['other control characters inside a chunk are dropped', 'a\u0001\u001B\u0007b', {}, [c('a'), c('b')]],
	['Esc and a key in one chunk reach Ink as Alt+key: Esc, then the key', '4', {meta: true}, [k('escape'), c('4')]],
	['Esc and several keys', '5jj', {meta: true}, [k('escape'), c('5'), c('j'), c('j')]],
	['Esc and Enter', '\r', {meta: true, return: true}, [k('escape'), k('enter')]],
	['Alt+arrow is the arrow', '', {meta: true, downArrow: true}, [k('down')]],
	['"/" and what follows are characters: whether they are filter text is the reader\'s business', '/stream', {}, [...'/stream'].map(c)],
	['wide and astral characters are one key each', '界😀', {}, [c('界'), c('😀')]],
];

describe('inputEvents: an Ink input chunk as key events', () => {
	test.each(CASES)('%s', (_name, input, flags, expected) => {
		expect(inputEvents(input, inkKey(flags))).toEqual(expected);
	});

	test('every event is a named key or one printable character (never a control character)', () => {
		for (const [, input, flags] of CASES) {
			for (const event of inputEvents(input, inkKey(flags))) {
				if (event.kind === 'char') expect([...event.char]).toHaveLength(1);
				if (event.kind === 'char') expect(event.char >= ' ' && event.char !== '\u007F').toBe(true);
			}
		}
	});
});
