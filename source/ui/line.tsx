import {Text} from 'ink';
import {memo} from 'react';
import {displayText} from '../core/display-text.js';
import {cut, width} from './format.js';
import {joinTags} from './regions.js';
import type {Role, Theme} from './theme.js';

/** A styled piece of a line. */
export type Seg = {readonly text: string; readonly role?: Role; readonly bold?: boolean; readonly dim?: boolean; readonly inverse?: boolean};
/** One terminal row, as segments. */
export type LineSpec = readonly Seg[];

/**
 * The width of rows known to be exactly that wide already (made by fitSegs, or by frameLines and
 * besides from fitted parts): `fitRow` passes them through instead of measuring them again.
 */
const FITTED = new WeakMap<LineSpec, number>();

function fitted<T extends LineSpec>(row: T, columns: number): T {
	FITTED.set(row, columns);
	return row;
}

/** A screen row fitted to `columns`: done once per frame, when the frame is built (`<Line>` only draws). */
export function fitRow(segs: LineSpec, columns: number): LineSpec {
	return FITTED.get(segs) === columns ? segs : fitSegs(segs, columns);
}

/**
 * Cut segments to `columns` display columns and pad with spaces to exactly that width. Every
 * segment is made printable here, whatever its source (display-text.ts: log values still hold
 * invisible format characters; file names and paths may hold anything), so nothing on screen can
 * move the cursor, retitle the terminal or reorder the row.
 */
export function fitSegs(segs: LineSpec, columns: number): Seg[] {
	const out: Seg[] = fitted([], columns);
	let used = 0;
	for (const seg of segs) {
		if (used >= columns) break;
		const room = columns - used;
		const clean = displayText(seg.text);
		const text = width(clean) > room ? cut(clean, room) : clean;
		out.push({...seg, text});
		used += width(text);
	}
	if (used < columns) out.push({text: ' '.repeat(columns - used)});
	return out;
}

/** Whether two rows would draw the same (same text and style, segment by segment). */
export function sameLine(a: LineSpec, b: LineSpec): boolean {
	if (a === b) return true;
	if (a.length !== b.length) return false;
	return a.every((seg, i) => {
		const other = b[i]!;
		return seg.text === other.text && seg.role === other.role && seg.bold === other.bold && seg.dim === other.dim && seg.inverse === other.inverse;
	});
}

/** Whether two screens would draw the same. */
export const sameLines = (a: readonly LineSpec[], b: readonly LineSpec[]) => a.length === b.length && a.every((line, i) => sameLine(line, b[i]!));

type LineProps = {readonly segs: LineSpec; readonly columns: number; readonly theme: Theme};

/** Draw one row, already fitted to `columns` (fitRow), so it never wraps and the frame never grows; an unchanged row is not rendered again. */
export const Line = memo(LineRow, (a: LineProps, b: LineProps) => a.columns === b.columns && a.theme === b.theme && sameLine(a.segs, b.segs));

function LineRow({segs, columns, theme}: LineProps) {
	return (
		<Text wrap="truncate-end">
			{fitRow(segs, columns).map((seg, index) => (
				<Text key={index} color={seg.role === undefined ? undefined : theme.color[seg.role]} bold={seg.bold} dimColor={seg.dim} inverse={seg.inverse}>
					{seg.text}
				</Text>
			))}
		</Text>
	);
}

/** Plain text of a row (snapshots and tests). */
export const plain = (segs: LineSpec) => segs.map(seg => seg.text).join('');

export type FrameProps = {
	readonly title: string;
	/** Text at the right end of the top border. */
	readonly right?: string;
	readonly width: number;
	readonly height: number;
	readonly focused: boolean;
	readonly lines: readonly LineSpec[];
	/** A heavy border in this colour role (the diagnosis box). */
	readonly heavy?: Role;
};

/**
 * A bordered panel as text rows, exactly `width` × `height`: the title sits in the top border;
 * a focused panel has a double border and a `▸` before its title (visible without colour).
 */
export function frameLines({title, right, width: columns, height, focused, lines, heavy}: FrameProps): LineSpec[] {
	const [tl, tr, bl, br, h, v] = heavy === undefined ? (focused ? ['╔', '╗', '╚', '╝', '═', '║'] : ['┌', '┐', '└', '┘', '─', '│']) : ['┏', '┓', '┗', '┛', '━', '┃'];
	const role: Role = heavy ?? (focused ? 'focus' : 'border');
	const inner = Math.max(0, columns - 4);
	const titleText = cut(`${focused ? '▸ ' : ''}${title}`, Math.max(0, columns - 6));
	const rightText = right === undefined || right === '' ? '' : cut(right, Math.max(0, columns - 10 - width(titleText)));
	const fill = Math.max(0, columns - 5 - width(titleText) - (rightText === '' ? 0 : width(rightText) + 2));
	const out: LineSpec[] = [
		[
			{text: `${tl}${h} `, role},
			{text: titleText, role, bold: true},
			{text: ` ${h.repeat(fill)}`, role},
			...(rightText === '' ? [] : [{text: ` ${rightText} `, role: 'muted' as const}]),
			{text: tr, role},
		],
	];
	const body = Math.max(0, height - 2);
	// Border, a row fitted to `inner`, border: exactly `columns` wide whenever there is room for the borders.
	const sized = <T extends LineSpec>(row: T, least: number): T => (columns >= least ? fitted(row, columns) : row);
	for (let i = 0; i < body; i++) out.push(sized([{text: `${v} `, role}, ...fitSegs(lines[i] ?? [], inner), {text: ` ${v}`, role}], 4));
	out.push(sized([{text: `${bl}${h.repeat(Math.max(0, columns - 2))}${br}`, role}], 2));
	return out;
}

/** Put two blocks of rows side by side (the shorter one padded with blank rows). */
export function besides(left: readonly LineSpec[], leftWidth: number, right: readonly LineSpec[]): LineSpec[] {
	const rows = Math.max(left.length, right.length);
	const out: LineSpec[] = [];
	for (let i = 0; i < rows; i++) {
		const row = right[i] ?? [];
		const rightWidth = FITTED.get(row) ?? (row.length === 0 ? 0 : undefined);
		const joined = [...fitSegs(left[i] ?? [], leftWidth), ...row];
		joinTags(joined, left[i], leftWidth, right[i]);
		out.push(rightWidth === undefined ? joined : fitted(joined, leftWidth + rightWidth));
	}
	return out;
}

/** The first row to show so that `cursor` stays visible in `rows` rows. */
export function scrollStart(cursor: number, rows: number, total: number): number {
	if (total <= rows) return 0;
	return Math.max(0, Math.min(cursor - Math.floor(rows / 2), total - rows));
}
