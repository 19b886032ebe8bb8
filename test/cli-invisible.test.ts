import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import stringWidth from 'string-width';
import {afterEach, describe, expect, test} from 'vitest';
import {runCli} from './helpers/cli.js';
import {fixtureEnv, type FixtureEnv} from './helpers/fixture-env.js';

let env: FixtureEnv | undefined;
afterEach(() => {
	env?.cleanup();
	env = undefined;
});

/** Bidi controls, marks and other invisible format characters (invisible-chars.ts). */
const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2069\uFEFF]/u;

describe('invisible format characters in one-shot output', () => {
	test('--once shows bidi controls and zero-width characters as ⟨U+XXXX⟩, rows keep their width; --json keeps the values', () => {
		env = fixtureEnv();
		const log = join(env.logDir, 'prodex-runtime-7-1-0.log');
		const long = 'x'.repeat(60);
		writeFileSync(log, `[2026-05-12 00:00:01.000 +00:00] stream_read_error route="/v1/\u202Eresponses" profile="ma\u2066in\u200F" note="\uFEFF${long}\u202E${long}"\n`);
		const once = runCli(['--log', log, '--once']);
		expect(once.status).toBe(0);
		expect(once.stdout).not.toMatch(INVISIBLE);
		expect(once.stdout).toMatch(/^Hot route: +\/v1\/⟨U\+202E⟩responses \(1\)$/m);
		expect(once.stdout).toMatch(/^Hot profile: +ma⟨U\+2066⟩in⟨U\+200F⟩ \(1\)$/m);
		expect(once.stdout).toContain('note="⟨U+FEFF⟩x');
		// The visible forms are wider than the invisible characters: the panel's wrapped rows (all but the heading) still fit the width.
		expect(once.stdout).toMatch(/^Last marker: .*\n {25}.*\n {25}/m);
		for (const line of once.stdout.split('\n').slice(1)) expect(stringWidth(line), line).toBeLessThanOrEqual(110);

		const json = JSON.parse(runCli(['--log', log, '--json']).stdout) as {facet_counts: Record<string, Record<string, number>>; last_marker_line: string};
		expect(json.facet_counts['route']).toEqual({'/v1/\u202Eresponses': 1});
		expect(json.facet_counts['profile']).toEqual({'ma\u2066in\u200F': 1});
		expect(json.last_marker_line).toContain('\u202E');
	});
});
