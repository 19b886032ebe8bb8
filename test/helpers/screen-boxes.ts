import {width} from '../../source/ui/format.js';

/** One framed panel found in a screen's text. */
export type ScreenBox = {
	/** The title as drawn (`1 Pressure`, `▸ 5 Markers`, `Diagnosis`). */
	readonly title: string;
	readonly top: number;
	readonly left: number;
	/** Columns, the borders included. */
	readonly width: number;
	/** Rows, the borders included. */
	readonly height: number;
	/** The rows inside the borders, trimmed. */
	readonly interior: readonly string[];
	/** The longest run of blank interior rows. */
	readonly blankRun: number;
	/** N of a `… N more` row, or 0. */
	readonly hidden: number;
};

const CORNERS: Record<string, {h: string; v: string; tr: string; bl: string}> = {
	'┌': {h: '─', v: '│', tr: '┐', bl: '└'},
	'╔': {h: '═', v: '║', tr: '╗', bl: '╚'},
	'┏': {h: '━', v: '┃', tr: '┓', bl: '┗'},
};

/** A screen row as terminal cells: a wide character takes two (its second cell is ''). */
export function boxCells(line: string): string[] {
	const out: string[] = [];
	for (const char of line) {
		out.push(char);
		if (width(char) === 2) out.push('');
	}
	return out;
}

/** Every panel frame in a screen's text: a top-left corner, its title row, borders down to its bottom corner. */
export function screenBoxes(text: string): ScreenBox[] {
	const grid = text.split('\n').map(boxCells);
	const boxes: ScreenBox[] = [];
	for (const [top, row] of grid.entries()) {
		for (const [left, cell] of row.entries()) {
			const style = CORNERS[cell];
			if (style === undefined || row[left + 1] !== style.h) continue;
			const right = row.indexOf(style.tr, left + 1);
			if (right < 0) continue;
			let bottom = top + 1;
			while (bottom < grid.length && grid[bottom]![left] === style.v && grid[bottom]![right] === style.v) bottom++;
			if (grid[bottom]?.[left] !== style.bl) continue;
			const interior = grid.slice(top + 1, bottom).map(line => line.slice(left + 1, right).join('').trim());
			let blankRun = 0;
			let run = 0;
			for (const line of interior) {
				run = line === '' ? run + 1 : 0;
				blankRun = Math.max(blankRun, run);
			}
			const more = interior.map(line => /^… (\d+) more\b/.exec(line)).find(match => match !== null);
			const title = row.slice(left + 1, right).join('').replaceAll(style.h, ' ').trim().split(/ {2,}/)[0]!;
			boxes.push({title, top, left, width: right - left + 1, height: bottom - top + 1, interior, blankRun, hidden: more === undefined || more === null ? 0 : Number(more[1])});
		}
	}
	return boxes;
}

/**
 * What is wrong with a screen's layout, as sentences (none: an empty list): a row wider than the
 * terminal, more rows than the terminal, and a panel with more than `maxBlankRun` blank rows in a
 * run while some panel shows `… N more`.
 */
export function layoutProblems(text: string, columns: number, rows: number, maxBlankRun = 3): string[] {
	const problems: string[] = [];
	const lines = text.split('\n');
	if (lines.length > rows) problems.push(`${lines.length} rows in a ${rows}-row terminal`);
	for (const [index, line] of lines.entries()) if (boxCells(line).length > columns) problems.push(`row ${index} is ${boxCells(line).length} columns wide: ${line}`);
	const boxes = screenBoxes(text);
	const hiding = boxes.filter(box => box.hidden > 0);
	if (hiding.length > 0) {
		for (const box of boxes) {
			if (box.blankRun > maxBlankRun) problems.push(`${box.title} has ${box.blankRun} blank rows while ${hiding.map(b => `${b.title} hides ${b.hidden}`).join(', ')}`);
		}
	}
	return problems;
}

/** How many panels sit side by side at most (frames whose rows overlap). */
export function panelColumnsShown(text: string): number {
	const boxes = screenBoxes(text).filter(box => !box.title.includes('Diagnosis'));
	let most = 0;
	for (const box of boxes) most = Math.max(most, boxes.filter(other => other.top <= box.top && other.top + other.height > box.top).length);
	return most;
}
