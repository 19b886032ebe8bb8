import {readFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import {describe, expect, test} from 'vitest';
import {yamlValues} from '../helpers/rules-yaml.js';

// contrib/README.md keeps up with the files it explains.

const read = (path: string): string => readFileSync(fileURLToPath(new URL(`../../contrib/${path}`, import.meta.url)), 'utf8');
const readme = read('README.md');

describe('contrib/README.md', () => {
	test('explains every alert of alerts.yml, with its for: duration', () => {
		const rules = read('prometheus/alerts.yml');
		const alerts = yamlValues(rules, 'alert');
		expect(alerts.length).toBe(5);
		const fors = rules.split(/\n\s+- alert: /).slice(1).map(rule => /\n\s+for: (\S+)/.exec(rule)?.[1] ?? '–');
		alerts.forEach((alert, index) => {
			const row = readme.split('\n').find(line => line.startsWith(`| \`${alert}\``));
			expect(row, alert).toBeDefined();
			expect(row!.split(' | ')[2], `${alert} for`).toBe(fors[index]);
		});
	});

	test("names the install commands, the unit's file and every file of contrib/", () => {
		expect(readme).toContain('systemctl --user enable --now prodex-top');
		expect(readme).toContain('~/.config/systemd/user/prodex-top.service');
		// The drop-in that exposes the exporter repeats the unit's command with another address.
		const exec = /^ExecStart=(.*)$/m.exec(read('systemd/prodex-top.service'))![1]!;
		expect(readme).toContain(`ExecStart=${exec.replace('127.0.0.1:9464', '10.0.0.7:9464')}\n`);
		for (const file of ['systemd/prodex-top.service', 'prometheus/prometheus.yml', 'prometheus/alerts.yml', 'prometheus/alerts.test.yml', 'grafana/prodex-fleet.json']) expect(readme).toContain(`\`${file}\``);
	});
});
