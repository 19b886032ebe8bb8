/**
 * Extracts test/fixtures/marker-catalog.json from the marker catalog document.
 *
 * Usage: npx tsx test/helpers/extract-marker-catalog.ts <../shared/docs/marker-catalog.md> [output.json] (the reference catalog; docs/markers.md explains it)
 *
 * Every value comes from the document: the overview table gives the indices,
 * classes, pressure lists and "written by 0.411"; each entry's bullets are
 * cross-checked against the table and give "0.27 rules count this line as";
 * each entry's ```text block gives the example line (kept byte for byte).
 * Any disagreement or unexpected shape aborts with an error instead of
 * writing a half-right fixture.
 */
import {readFileSync, writeFileSync} from 'node:fs';
import {fileURLToPath} from 'node:url';
import path from 'node:path';

export type MarkerCatalogEntry = {
	readonly index: number;
	readonly marker: string;
	readonly index027: number | null;
	readonly class027: string | null;
	readonly pressure027: string | null;
	readonly classCurrent: string | null;
	readonly pressureCurrent: string | null;
	readonly writtenBy0411: boolean;
	readonly countedAs027: string | null;
	readonly line: string;
};

type TableRow = Omit<MarkerCatalogEntry, 'countedAs027' | 'line'>;

const noneValue = (cell: string): string | null =>
	cell === '–' || cell === '-' || cell === 'none' ? null : cell;

function fail(message: string): never {
	throw new Error(`extract-marker-catalog: ${message}`);
}

function parseTable(lines: readonly string[]): TableRow[] {
	const start = lines.findIndex(line => line.startsWith('| cur # | marker |'));
	if (start < 0) {
		fail('overview table header not found');
	}

	const rows: TableRow[] = [];
	for (let i = start + 2; i < lines.length && lines[i].startsWith('|'); i++) {
		const cells = lines[i].split('|').slice(1, -1).map(cell => cell.trim());
		if (cells.length !== 8) {
			fail(`table row ${i + 1} has ${cells.length} cells`);
		}

		const [cur, marker, old, class027, pressure027, classCurrent, pressureCurrent, written] = cells;
		const markerMatch = /^`([a-z0-9_]+)`$/.exec(marker);
		if (!markerMatch || !/^\d+$/.test(cur)) {
			fail(`table row ${i + 1} is malformed: ${lines[i]}`);
		}

		if (written !== 'yes' && written !== 'no') {
			fail(`table row ${i + 1}: "written by 0.411" is ${written}`);
		}

		const index027 = noneValue(old);
		if (index027 !== null && !/^\d+$/.test(index027)) {
			fail(`table row ${i + 1}: 0.27 # is ${old}`);
		}

		rows.push({
			index: Number(cur),
			marker: markerMatch[1],
			index027: index027 === null ? null : Number(index027),
			class027: noneValue(class027),
			pressure027: noneValue(pressure027),
			classCurrent: noneValue(classCurrent),
			pressureCurrent: noneValue(pressureCurrent),
			writtenBy0411: written === 'yes',
		});
	}

	return rows;
}

type Section = {
	readonly index: number;
	readonly marker: string;
	readonly body: readonly string[];
};

function splitSections(lines: readonly string[]): Section[] {
	const sections: Section[] = [];
	let current: {index: number; marker: string; body: string[]} | undefined;
	for (const line of lines) {
		const heading = /^### (\d+)\. `([a-z0-9_]+)`\s*$/.exec(line);
		if (heading) {
			current = {index: Number(heading[1]), marker: heading[2], body: []};
			sections.push(current);
		} else if (line.startsWith('## ') || line.startsWith('### ')) {
			current = undefined;
		} else if (current) {
			current.body.push(line);
		}
	}

	return sections;
}

type Rules = {index: number | null; klass: string | null; pressure: string | null};

function parseRulesBullet(section: Section, prefix: string): Rules {
	const bullet = section.body.find(line => line.startsWith(prefix));
	if (bullet === undefined) {
		fail(`#${section.index}: no "${prefix}" bullet`);
	}

	const rest = bullet.slice(prefix.length).trim();
	if (rest === 'not in the catalog') {
		return {index: null, klass: null, pressure: null};
	}

	const match = /^catalog #(\d+); class: ([^;]+); pressure: (.+)$/.exec(rest);
	if (!match) {
		fail(`#${section.index}: cannot read "${bullet}"`);
	}

	return {index: Number(match[1]), klass: noneValue(match[2].trim()), pressure: noneValue(match[3].trim())};
}

function parseCountedAs(section: Section): string | null {
	const prefix = '- 0.27 rules count this line as:';
	const bullet = section.body.find(line => line.startsWith(prefix));
	if (bullet === undefined) {
		fail(`#${section.index}: no "${prefix}" bullet`);
	}

	const rest = bullet.slice(prefix.length).trim();
	if (/^(nothing|not counted)\b/.test(rest)) {
		return null;
	}

	// The first code span is the marker; anything after it is commentary.
	const match = /^`([a-z0-9_]+)`/.exec(rest);
	if (!match) {
		fail(`#${section.index}: cannot read "${bullet}"`);
	}

	return match[1];
}

function parseLine(section: Section): string {
	const open = section.body.indexOf('```text');
	if (open < 0) {
		fail(`#${section.index}: no \`\`\`text block`);
	}

	const close = section.body.indexOf('```', open + 1);
	if (close !== open + 2) {
		fail(`#${section.index}: the example block must hold exactly one line`);
	}

	if (section.body.slice(close + 1).some(line => line.startsWith('```'))) {
		fail(`#${section.index}: more than one code block`);
	}

	return section.body[open + 1];
}

export function extractMarkerCatalog(markdown: string): MarkerCatalogEntry[] {
	const lines = markdown.split(/\r?\n/);
	const table = parseTable(lines);
	const sections = splitSections(lines);
	if (table.length !== sections.length) {
		fail(`overview table has ${table.length} rows but there are ${sections.length} entries`);
	}

	const entries = table.map((row, position): MarkerCatalogEntry => {
		const section = sections[position];
		if (row.index !== position + 1 || section.index !== row.index || section.marker !== row.marker) {
			fail(`entry ${position + 1}: table row #${row.index} \`${row.marker}\` vs heading #${section.index} \`${section.marker}\``);
		}

		const old = parseRulesBullet(section, '- 0.27 rules:');
		const current = parseRulesBullet(section, '- current rules:');
		const checks: Array<[string, unknown, unknown]> = [
			['0.27 #', old.index, row.index027],
			['0.27 class', old.klass, row.class027],
			['0.27 pressure', old.pressure, row.pressure027],
			['current #', current.index, row.index],
			['current class', current.klass, row.classCurrent],
			['current pressure', current.pressure, row.pressureCurrent],
		];
		// The table is authoritative for "written by 0.411"; an entry's "not written" bullet must agree
		// with it. (#88 has "no" in the table and says so in its notes, without the bullet.)
		if (section.body.includes('- not written by 0.411') && row.writtenBy0411) {
			checks.push(['written by 0.411', false, true]);
		}

		for (const [what, fromBullets, fromTable] of checks) {
			if (fromBullets !== fromTable) {
				fail(`#${row.index} \`${row.marker}\`: ${what} is ${String(fromBullets)} in the entry but ${String(fromTable)} in the table`);
			}
		}

		const line = parseLine(section);
		if (!line.includes(row.marker)) {
			fail(`#${row.index}: example line does not contain \`${row.marker}\``);
		}

		return {...row, countedAs027: parseCountedAs(section), line};
	});

	const with027 = entries.filter(entry => entry.index027 !== null);
	const indices027 = with027.map(entry => entry.index027!).sort((a, b) => a - b);
	if (indices027.some((value, position) => value !== position + 1)) {
		fail('0.27 indices are not 1..N without gaps');
	}

	return entries;
}

/** One entry per line: valid JSON that still diffs line by line. */
export function formatMarkerCatalog(entries: readonly MarkerCatalogEntry[]): string {
	return `[\n${entries.map(entry => `\t${JSON.stringify(entry)}`).join(',\n')}\n]\n`;
}

function main(argv: readonly string[]): void {
	const [source, target] = argv;
	if (source === undefined) {
		fail('usage: extract-marker-catalog.ts <docs/markers.md> [output.json]');
	}

	const output = target ?? fileURLToPath(new URL('../fixtures/marker-catalog.json', import.meta.url));
	const entries = extractMarkerCatalog(readFileSync(source, 'utf8'));
	writeFileSync(output, formatMarkerCatalog(entries));
	const with027 = entries.filter(entry => entry.index027 !== null).length;
	console.log(`wrote ${entries.length} markers (${with027} with a 0.27 index) to ${path.relative(process.cwd(), output) || output}`);
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
	main(process.argv.slice(2));
}
