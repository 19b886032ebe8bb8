import {readdirSync, readFileSync, statSync} from 'node:fs';
import {join} from 'node:path';
import {describe, expect, test} from 'vitest';

const ROOT = new URL('..', import.meta.url).pathname;

function filesUnder(dir: string): string[] {
	return readdirSync(dir).flatMap(name => {
		const path = join(dir, name);
		return statSync(path).isDirectory() ? filesUnder(path) : /\.(ts|tsx)$/.test(name) ? [path] : [];
	});
}

/** `§1.6` / `§2` / `T2` / `R4` ids of a docs file's headings (and bold bullet ids). */
function idsOf(doc: string): Set<string> {
	const ids = new Set<string>();
	for (const line of readFileSync(join(ROOT, 'docs', doc), 'utf8').split('\n')) {
		// Headings, and the first cell of table rows (the acceptance case map).
		if (line.startsWith('|')) {
			const first = line.split('|')[1]?.trim().replaceAll('`', '') ?? '';
			if (/^[A-Z]\d+[a-z]?$/.test(first)) ids.add(first.replace(/[a-z]$/, ''));
			continue;
		}
		if (!line.startsWith('#')) continue;
		for (const match of line.matchAll(/§(\d+(?:\.\d+)?)|\b([A-Z]\d+)\b/g)) ids.add(match[1] === undefined ? match[2]! : `§${match[1]}`);
	}
	return ids;
}

describe('docs/', () => {
	test('every docs/… citation in the code names an existing file and, when it gives one, an existing section', () => {
		const missing: string[] = [];
		let citations = 0;
		for (const file of ['source', 'test', 'scripts', 'bench'].flatMap(dir => filesUnder(join(ROOT, dir)))) {
			const text = readFileSync(file, 'utf8');
			for (const match of text.matchAll(/(?<!shared\/)docs\/([a-z-]+)\.md(?: (§\d+(?:\.\d+)?|[A-Z]\d+))?/g)) {
				citations++;
				const doc = `${match[1]}.md`;
				let ids: Set<string>;
				try {
					ids = idsOf(doc);
				} catch {
					missing.push(`${file}: ${match[0]} (no such file)`);
					continue;
				}
				if (match[2] !== undefined && !ids.has(match[2])) missing.push(`${file.slice(ROOT.length)}: ${match[0]}`);
			}
		}
		expect(citations).toBeGreaterThan(100);
		expect(missing).toEqual([]);
	});
});
