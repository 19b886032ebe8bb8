import {spawnSync} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** Run promtool (Debian's `prometheus` package; on PATH or /usr/bin); its status and output. */
export function promtool(args: readonly string[], cwd?: string): {status: number | null; output: string} {
	const result = spawnSync('promtool', args, {cwd, encoding: 'utf8', timeout: 10_000, env: {...process.env, PATH: `${process.env.PATH ?? ''}:/usr/bin`}});
	if (result.error !== undefined) throw new Error(`promtool could not be run (${result.error.message}): install Debian's prometheus package`);
	return {status: result.status, output: `${result.stdout}${result.stderr}`};
}

/** `promtool check rules` on PromQL expressions, written as recording rules to a temp file. */
export function checkExpressions(exprs: readonly string[]): {status: number | null; output: string} {
	const dir = mkdtempSync(join(tmpdir(), 'prodex-top-promql-'));
	try {
		const rules = exprs.map((expr, index) => `      - record: contrib_expr_${index}\n        expr: ${JSON.stringify(expr)}\n`).join('');
		const file = join(dir, 'exprs.rules.yml');
		writeFileSync(file, `groups:\n  - name: exprs\n    rules:\n${rules}`);
		return promtool(['check', 'rules', file]);
	} finally {
		rmSync(dir, {recursive: true, force: true});
	}
}
