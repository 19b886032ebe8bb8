import {readdirSync, readFileSync} from 'node:fs';
import {dirname, join, relative, resolve} from 'node:path';
import {describe, expect, test} from 'vitest';

// The layout rules of the developers' guide, checked on the source: no import cycles anywhere
// (type-only imports count), and source/core stays pure (no Node, React or Ink, nothing outside core).

const ROOT = new URL('../source/', import.meta.url).pathname;

function files(dir: string): string[] {
	return readdirSync(dir, {withFileTypes: true}).flatMap(entry => {
		const path = join(dir, entry.name);
		if (entry.isDirectory()) return files(path);
		return /\.tsx?$/.test(entry.name) ? [path] : [];
	});
}

/** Every module specifier a file imports or re-exports, static or dynamic. */
export function specifiers(text: string): string[] {
	const found: string[] = [];
	for (const match of text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]/g)) found.push(match[1]!);
	for (const match of text.matchAll(/(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g)) found.push(match[1]!);
	for (const match of text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push(match[1]!);
	return found;
}

const SOURCES = files(ROOT);
const graph = new Map<string, string[]>();
for (const file of SOURCES) {
	const targets = specifiers(readFileSync(file, 'utf8'))
		.filter(spec => spec.startsWith('.'))
		.map(spec => resolve(dirname(file), spec).replace(/\.js$/, ''))
		.map(base => SOURCES.find(candidate => candidate === `${base}.ts` || candidate === `${base}.tsx`) ?? `${base} (missing)`);
	graph.set(file, targets);
}

function cycles(): string[][] {
	const found: string[][] = [];
	const state = new Map<string, 'open' | 'done'>();
	const stack: string[] = [];
	const visit = (file: string): void => {
		state.set(file, 'open');
		stack.push(file);
		for (const next of graph.get(file) ?? []) {
			if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next].map(path => relative(ROOT, path)));
			else if (!state.has(next)) visit(next);
		}
		stack.pop();
		state.set(file, 'done');
	};
	for (const file of SOURCES) if (!state.has(file)) visit(file);
	return found;
}

describe('architecture', () => {
	test('the scanner sees imports (a check that cannot see them would pass on anything)', () => {
		expect(specifiers("import type {A} from './a.js';\nexport {b} from '../b.js';\nconst c = await import('./c.js');\nimport './d.js';")).toEqual(['./a.js', '../b.js', './d.js', './c.js']);
		expect(graph.get(join(ROOT, 'core/line.ts'))).toContain(join(ROOT, 'core/fields.ts'));
	});

	test('no import cycles (type-only imports included)', () => {
		expect(cycles()).toEqual([]);
	});

	test('every relative import resolves to a source file', () => {
		const missing = [...graph].flatMap(([file, targets]) => targets.filter(target => target.endsWith('(missing)')).map(target => `${relative(ROOT, file)} → ${target}`));
		expect(missing).toEqual([]);
	});

	/** Pure packages core may use (no I/O, no Node API): terminal display width. */
	const PURE_PACKAGES = new Set(['string-width']);

	test('source/core imports only source/core and pure packages: no Node, React or Ink', () => {
		const core = join(ROOT, 'core');
		const bad: string[] = [];
		for (const file of SOURCES.filter(path => path.startsWith(`${core}/`))) {
			for (const spec of specifiers(readFileSync(file, 'utf8'))) {
				const outside = spec.startsWith('.') ? !resolve(dirname(file), spec).startsWith(`${core}/`) : !PURE_PACKAGES.has(spec);
				if (outside) bad.push(`${relative(ROOT, file)} imports ${spec}`);
			}
		}
		expect(bad).toEqual([]);
	});

	test('source/ui reads the store only through core/snapshot.ts: no import from source/tail', () => {
		const tail = join(ROOT, 'tail');
		const bad = SOURCES.filter(path => path.startsWith(join(ROOT, 'ui') + '/')).flatMap(file =>
			(graph.get(file) ?? []).filter(target => target.startsWith(`${tail}/`)).map(target => `${relative(ROOT, file)} → ${relative(ROOT, target)}`),
		);
		expect(bad).toEqual([]);
	});

	test('prom-client and node:http only in source/serve (the exporter); serve never reads ui/', () => {
		const serve = join(ROOT, 'serve');
		const bad = SOURCES.flatMap(file => {
			const inServe = file.startsWith(`${serve}/`);
			const wrong = specifiers(readFileSync(file, 'utf8')).filter(spec => (spec === 'prom-client' || spec === 'node:http') && !inServe);
			const ui = inServe ? (graph.get(file) ?? []).filter(target => target.startsWith(join(ROOT, 'ui') + '/')) : [];
			return [...wrong, ...ui].map(spec => `${relative(ROOT, file)} → ${spec}`);
		});
		expect(bad).toEqual([]);
	});
});
