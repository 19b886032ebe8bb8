import {spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {parseOptions} from '../../source/options.js';

// contrib/systemd/prodex-top.service, a user unit. Always checked by parsing it (sections, keys,
// the command line); where systemd-analyze is installed, also by `systemd-analyze verify --user`,
// which knows every directive of the installed systemd.

const UNIT = fileURLToPath(new URL('../../contrib/systemd/prodex-top.service', import.meta.url));

type Unit = Map<string, Map<string, string[]>>;

/** systemd's unit file syntax: [Section] headers, Key=Value (repeatable), # and ; comments, \ continuations. */
function parseUnit(text: string): Unit {
	const sections: Unit = new Map();
	let current: Map<string, string[]> | undefined;
	const lines = text.replace(/\\\n/g, ' ').split('\n');
	for (const [index, raw] of lines.entries()) {
		const line = raw.trim();
		if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
		const header = /^\[([^\]]+)\]$/.exec(line);
		if (header !== null) {
			if (sections.has(header[1]!)) throw new Error(`line ${index + 1}: section [${header[1]}] twice`);
			current = new Map();
			sections.set(header[1]!, current);
			continue;
		}
		const pair = /^([A-Za-z][A-Za-z0-9]*)\s*=\s*(.*)$/.exec(line);
		if (pair === null || current === undefined) throw new Error(`line ${index + 1}: not a Key=Value in a section: ${line}`);
		current.set(pair[1]!, [...(current.get(pair[1]!) ?? []), pair[2]!]);
	}
	return sections;
}

/** The directives this unit may use, per section: a typo or a system-only key is an unknown one. */
const ALLOWED: Record<string, readonly string[]> = {
	Unit: ['Description', 'Documentation', 'After', 'Wants', 'StartLimitIntervalSec', 'StartLimitBurst'],
	Service: [
		'Type', 'Environment', 'ExecStart', 'Restart', 'RestartSec', 'KillSignal', 'SuccessExitStatus', 'TimeoutStopSec',
		'NoNewPrivileges', 'ProtectSystem', 'ProtectHome', 'ReadOnlyPaths', 'PrivateTmp', 'PrivateDevices', 'ProtectKernelTunables',
		'ProtectKernelModules', 'ProtectControlGroups', 'RestrictAddressFamilies', 'RestrictNamespaces', 'RestrictRealtime',
		'RestrictSUIDSGID', 'LockPersonality', 'SystemCallArchitectures', 'UMask',
	],
	Install: ['WantedBy'],
};

describe('contrib/systemd/prodex-top.service', () => {
	const unit = parseUnit(readFileSync(UNIT, 'utf8'));
	const one = (section: string, key: string): string | undefined => {
		const values = unit.get(section)?.get(key);
		expect(values === undefined || values.length === 1, `${key}= once`).toBe(true);
		return values?.[0];
	};

	test('the parser reads sections, repeated keys and continuations (one that read nothing would pass anything)', () => {
		const parsed = parseUnit('# c\n[A]\nK=1\nK = 2\n; c\n[B]\nL=x \\\n  y\n');
		expect([...parsed.keys()]).toEqual(['A', 'B']);
		expect(parsed.get('A')?.get('K')).toEqual(['1', '2']);
		expect(parsed.get('B')?.get('L')?.[0]?.replace(/\s+/g, ' ')).toBe('x y');
		expect(() => parseUnit('K=1\n')).toThrow(/not a Key=Value in a section/);
	});

	test('parsed: [Unit], [Service], [Install], and only directives a user unit can use', () => {
		expect([...unit.keys()]).toEqual(['Unit', 'Service', 'Install']);
		const unknown = [...unit].flatMap(([section, keys]) => [...keys.keys()].filter(key => !ALLOWED[section]?.includes(key)).map(key => `[${section}] ${key}`));
		expect(unknown).toEqual([]);
		// No User=/Group=/DynamicUser= (a user manager runs everything as its user).
		expect(one('Unit', 'Description')).toMatch(/prodex-top/);
		expect(one('Install', 'WantedBy')).toBe('default.target');
	});

	test('parsed: ExecStart runs prodex-top headless with metrics on 127.0.0.1:9464, found on a PATH that has ~/.local/bin', () => {
		const exec = one('Service', 'ExecStart')!;
		expect(exec).toMatch(/^(?:\/usr\/bin\/env prodex-top|%h\/\.local\/bin\/prodex-top)\s/);
		const args = exec.split(/\s+/);
		expect(args).toContain('--headless');
		expect(args[args.indexOf('--metrics') + 1]).toBe('127.0.0.1:9464');
		expect(one('Service', 'Environment')).toMatch(/^PATH=%h\/\.local\/bin:.*\/usr\/bin/);
		// The flags are the CLI's own: its option parser takes them (as meow hands them over) as the service on 127.0.0.1:9464.
		const flags: Record<string, unknown> = {};
		const rest = args.slice(args.findIndex(arg => arg.startsWith('--')));
		for (let i = 0; i < rest.length; i++) {
			const name = rest[i]!.slice(2).replaceAll(/-([a-z])/g, (_, c: string) => c.toUpperCase());
			if (rest[i + 1] !== undefined && !rest[i + 1]!.startsWith('--')) flags[name] = rest[++i];
			else flags[name] = true;
		}
		const options = parseOptions(flags, []);
		if ('error' in options) throw new Error(options.error);
		expect(options.headless).toBe(true);
		expect(options.metrics).toEqual({host: '127.0.0.1', port: 9464});
	});

	test('parsed: restarts on failure, stops with SIGTERM (143 is a clean stop), hardened for a user manager', () => {
		expect(one('Service', 'Restart')).toBe('on-failure');
		expect(one('Service', 'KillSignal')).toBe('SIGTERM');
		expect(one('Service', 'SuccessExitStatus')?.split(/\s+/)).toContain('143');
		expect(one('Service', 'NoNewPrivileges')).toBe('yes');
		expect(one('Service', 'ProtectSystem')).toBe('strict');
		expect(one('Service', 'ProtectHome')).toBe('read-only');
		expect(one('Service', 'ReadOnlyPaths')?.split(/\s+/)).toContain('-%h/.prodex');
		// prodex's runtime logs are in the temp dir by default: a private /tmp would hide them.
		expect(unit.get('Service')?.has('PrivateTmp')).toBe(false);
		// Nothing writable: prodex-top only reads (ProtectSystem=strict, no ReadWritePaths=).
		expect(unit.get('Service')?.has('ReadWritePaths')).toBe(false);
	});

	test('systemd-analyze verify --user finds nothing to say (where systemd-analyze is installed; the parsed checks above stand in elsewhere)', () => {
		const probe = spawnSync('systemd-analyze', ['--version'], {encoding: 'utf8'});
		if (probe.error !== undefined) {
			// Not installed (not a Linux with systemd): the parsed checks are the validation.
			expect(unit.get('Service')?.get('ExecStart')).toBeDefined();
			return;
		}
		// A user manager needs a runtime dir; a temporary one works for root and for anyone.
		const runtime = mkdtempSync(join(tmpdir(), 'prodex-top-systemd-'));
		try {
			const result = spawnSync('systemd-analyze', ['verify', '--user', UNIT], {encoding: 'utf8', timeout: 10_000, env: {...process.env, XDG_RUNTIME_DIR: runtime, SYSTEMD_LOG_COLOR: '0'}});
			const output = `${result.stdout}${result.stderr}`;
			expect(result.status, output).toBe(0);
			// verify's warnings (an unknown key, a bad value) keep status 0: any output fails.
			expect(output).toBe('');
		} finally {
			rmSync(runtime, {recursive: true, force: true});
		}
	});
});
