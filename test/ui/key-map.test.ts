import {readFileSync} from 'node:fs';
import {describe, expect, test} from 'vitest';
import {parseOptions} from '../../source/options.js';
import {KEY_MAP, actionOf, filterEditOf} from '../../source/ui/key-map.js';
import type {KeyName} from '../../source/ui/input-events.js';
import {runCli} from '../helpers/cli.js';

/** How the readme's key table writes each named key. */
const README_NAME: Record<KeyName, string> = {
	tab: 'Tab', 'shift-tab': 'Shift-Tab', left: '←', right: '→', up: '↑', down: '↓', enter: '⏎', escape: 'Esc',
	'page-up': 'PgUp', 'page-down': 'PgDn', home: 'Home', end: 'End', backspace: 'Backspace', 'ctrl-c': 'Ctrl-C', 'ctrl-z': 'Ctrl-Z',
};

/** The keys the readme's "### Keys" table lists in its first column (`1`–`9` is a range). */
function readmeKeys(): string[] {
	const readme = readFileSync(new URL('../../readme.md', import.meta.url), 'utf8');
	const section = readme.slice(readme.indexOf('\n### Keys\n'));
	const table = section.slice(section.indexOf('\n|')).split('\n').slice(1);
	const rows = table.slice(0, table.findIndex(line => !line.startsWith('|'))).slice(2);
	expect(rows.length).toBeGreaterThan(10);
	const keys: string[] = [];
	for (const row of rows) {
		const cell = row.split(/(?<!\\)\|/)[1]!;
		for (const match of cell.matchAll(/`([^`]+)`(?:–`([^`]+)`)?/g)) {
			const [from, to] = [match[1]!, match[2]];
			if (to === undefined) keys.push(from);
			else for (let code = from.codePointAt(0)!; code <= to.codePointAt(0)!; code++) keys.push(String.fromCodePoint(code));
		}
	}
	return keys;
}

const keyMapKeys = () => KEY_MAP.flatMap(binding => binding.keys.map(key => (typeof key === 'string' ? README_NAME[key] : key.char === ' ' ? 'Space' : key.char)));

describe('one key map', () => {
	test('the readme key table lists exactly the keys of KEY_MAP, each once', () => {
		const listed = readmeKeys();
		expect(new Set(listed).size).toBe(listed.length);
		expect([...listed].sort()).toEqual([...keyMapKeys()].sort());
	});

	test('no key is bound twice', () => {
		const keys = keyMapKeys();
		expect(new Set(keys).size).toBe(keys.length);
	});

	test('--help names every key the footer can show, as the footer does', () => {
		const help = runCli(['--help']).stdout;
		const keys = help.slice(help.indexOf('Keys (dashboard):'), help.indexOf('Exit status'));
		for (const binding of KEY_MAP.filter(b => b.footer === 'always' || b.footer === 'sortable')) {
			if (binding.action.type === 'panel-next') continue;
			expect(keys, binding.short).toContain(`${binding.label} ${binding.short}`);
		}
	});

	test('the new keys: z zooms, o orders, y copies', () => {
		expect(actionOf({kind: 'char', char: 'z'})).toEqual({type: 'zoom'});
		expect(actionOf({kind: 'char', char: 'o'})).toEqual({type: 'sort'});
		expect(actionOf({kind: 'char', char: 'y'})).toEqual({type: 'copy'});
		expect(actionOf({kind: 'char', char: 'x'})).toBeNull();
		expect(actionOf({kind: 'key', name: 'backspace'})).toBeNull();
	});

	test('while the filter is typed: characters are text, ⏎ keeps, Esc clears, Backspace erases, other keys nothing', () => {
		expect(filterEditOf({kind: 'char', char: 'z'})).toEqual({type: 'append', text: 'z'});
		expect(filterEditOf({kind: 'key', name: 'enter'})).toEqual({type: 'done'});
		expect(filterEditOf({kind: 'key', name: 'escape'})).toEqual({type: 'clear'});
		expect(filterEditOf({kind: 'key', name: 'backspace'})).toEqual({type: 'erase'});
		for (const name of ['tab', 'up', 'page-down', 'home'] as const) expect(filterEditOf({kind: 'key', name})).toBeNull();
	});
});

describe('--no-clipboard', () => {
	test('the clipboard is on unless --no-clipboard', () => {
		expect(parseOptions({}, [])).toMatchObject({clipboard: true});
		expect(parseOptions({clipboard: true}, [])).toMatchObject({clipboard: true});
		expect(parseOptions({clipboard: false}, [])).toMatchObject({clipboard: false});
	});

	test('the CLI knows the flag', () => {
		const help = runCli(['--help']).stdout;
		expect(help).toContain('--no-clipboard');
		expect(runCli(['--no-clipboard', '--once', '--log', '/nonexistent/prodex-runtime-1.log']).status).toBe(0);
	});
});
