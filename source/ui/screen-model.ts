import {displayText} from '../core/display-text.js';
import type {DiagnosisChange} from '../core/diagnosis-trail.js';
import {wrapText} from '../core/text.js';
import type {WindowId} from '../core/window.js';
import {linesPerSecond, type RunRecord, type StoreSnapshot} from '../core/snapshot.js';
import {ago, bytes, clock, cut, middle, width} from './format.js';
import {KEY_MAP} from './key-map.js';
import {layoutMode, MIN_COLUMNS, MIN_ROWS, panelColumns, stackPanels, wideLayout, type Placed} from './layout.js';
import {besides, fitRow, fitSegs, frameLines, plain, type LineSpec, type Seg} from './line.js';
import {isSelectedRow, itemIndexOf} from './panels/list.js';
import {PANELS} from './panels/registry.js';
import type {PanelView} from './panels/types.js';
import {regionsOf, tagFrame, tagTabs, type PanelRegion} from './regions.js';
import type {UiState} from './ui-state.js';
import {ORDER_LABEL, type ViewInput} from './view-model.js';

/** Everything one frame of the dashboard is drawn from. */
export type ScreenInput = {
	readonly snapshot: StoreSnapshot;
	readonly ui: UiState;
	readonly columns: number;
	readonly rows: number;
	readonly now: number;
	readonly version: string;
	/** A transient message for the footer (e.g. the snapshot file written). */
	readonly message: string | null;
};

/**
 * A drawn frame: exactly `rows` lines of exactly `columns` columns, plus the focused panel's list
 * and what `y` copies: the focused panel's selected row as shown (without its `▸`), or the
 * diagnosis as shown when no list item is selected; printable text only (display-text.ts); and
 * where each panel, tab and list item is on screen (for the mouse: regions.ts).
 */
export type ScreenModel = {readonly lines: readonly LineSpec[]; readonly focusedView: PanelView | null; readonly mode: ReturnType<typeof layoutMode>; readonly copyText: string | null; readonly regions: readonly PanelRegion[]};

const STATUS_SYMBOL: Record<StoreSnapshot['status']['kind'], string> = {
	following: '●',
	'catching-up': '↻',
	waiting: '○',
	truncated: '✂',
	rotated: '↻',
	'new-run': '★',
	ended: '■',
	unreadable: '✖',
};

/** The run being looked at: the live one, or a finished one chosen with `[`. */
function viewed(snapshot: StoreSnapshot, ui: UiState): RunRecord | null {
	return ui.runView === null ? null : (snapshot.previousRuns[ui.runView] ?? null);
}

function windowText(window: WindowId, tailBytes: number): string {
	return window === 'doctor' ? `doctor ${tailBytes === 0 ? 'whole file' : bytes(tailBytes)}` : window;
}

function header(input: ScreenInput, record: RunRecord | null): LineSpec {
	const {snapshot, now, columns} = input;
	const run = record?.run ?? snapshot.run;
	const wide = columns >= 120;
	const status: Seg = record !== null
		? {text: `◀ run ${snapshot.previousRuns.length - input.ui.runView!} of ${snapshot.previousRuns.length + 1} (ended ${clock(record.endedAt)})`, role: 'active', bold: true}
		: snapshot.paused
			? {text: `⏸ paused +${snapshot.bufferedLines} lines buffered`, role: 'active', bold: true}
			: {text: `${STATUS_SYMBOL[snapshot.status.kind]} ${snapshot.status.text}`, role: snapshot.status.kind === 'following' ? 'low' : snapshot.status.kind === 'unreadable' ? 'elevated' : 'active', bold: snapshot.status.kind !== 'following'};
	const since = snapshot.baselineAt === null ? '' : ` since ${clock(snapshot.baselineAt)}`;
	const perSecond = linesPerSecond(snapshot.arrivals, now);
	const rate = perSecond.toFixed(perSecond < 10 ? 1 : 0);
	const live = record === null;
	const noteCount = snapshot.notes.length + snapshot.persisted.notes.length;
	const path = run?.label ?? 'no log yet';
	// Long labels (`rules current`, `12 lines/s`) from 120 columns; short ones (`current`, `12/s`) otherwise.
	const assemble = (log: string, long: boolean, extras: {rate: boolean; last: boolean}, withName: boolean) => {
		const parts: Array<Seg | null> = [
			withName ? {text: long ? `prodex-top ${input.version}` : 'prodex-top', bold: true} : null,
			{text: `${long ? 'log ' : ''}${log}`},
			{text: `${long ? 'rules ' : ''}${run?.rules.label ?? '–'}`},
			{text: `${long ? `window ${windowText(snapshot.window, snapshot.tailBytes)}` : snapshot.window}${since}`},
			status,
			live && noteCount > 0 ? {text: `⚠ ${noteCount} note${noteCount === 1 ? '' : 's'}${long ? ' in 4 State' : ''}`, role: 'active', bold: true} : null,
			live && extras.rate ? {text: long ? `${rate} lines/s` : `${rate}/s`} : null,
			live && extras.last ? {text: snapshot.lastLineAt === null ? 'no lines yet' : `last line ${ago(now - snapshot.lastLineAt)} ago`, role: 'muted'} : null,
		];
		const out: Seg[] = [{text: ' '}];
		for (const part of parts) {
			if (part === null) continue;
			if (out.length > 1) out.push({text: ' │ ', role: 'border'});
			out.push(part);
		}
		return out;
	};
	const used = (segs: Seg[]) => segs.reduce((sum, seg) => sum + width(seg.text), 0);
	// When space is short, give way in turn: the last-line age, the rate, the long labels, then the
	// program's name; the status and the log stay (the log shortened in the middle).
	type Tier = [long: boolean, extras: {rate: boolean; last: boolean}, withName: boolean];
	const longTiers: Tier[] = [[true, {rate: true, last: true}, true], [true, {rate: true, last: false}, true], [true, {rate: false, last: false}, true]];
	const tiers: Tier[] = [
		...(wide ? longTiers : []),
		[false, {rate: true, last: false}, true],
		[false, {rate: false, last: false}, true],
		[false, {rate: false, last: false}, false],
	];
	for (const [long, extras, withName] of tiers) {
		const room = columns - used(assemble('', long, extras, withName));
		// The rate and the last-line age only get in if the log keeps 24 columns; the name, if it keeps 16.
		const least = extras.rate || extras.last ? 24 : withName ? 16 : 12;
		if (room >= Math.min(least, width(path))) return assemble(middle(path, room), long, extras, withName);
	}
	return assemble(middle(path, 12), false, {rate: false, last: false}, false);
}

function diagnosisLines(input: ScreenInput, diagnosis: string, maxLines: number, record: RunRecord | null): LineSpec[] {
	const {snapshot, now, columns} = input;
	const isNew = record === null && snapshot.previousDiagnosis !== null && now - snapshot.diagnosisSince < 15_000;
	const prefix = isNew ? '▲ NEW  ' : '◆      ';
	const inner = columns - 4 - width(prefix);
	let wrapped = wrapText(diagnosis, inner);
	if (wrapped.length > maxLines) wrapped = [...wrapped.slice(0, maxLines - 1), cut(wrapped.slice(maxLines - 1).join(' '), inner + 1)];
	const lines: LineSpec[] = wrapped.map((text, index) => [
		{text: index === 0 ? prefix : ' '.repeat(width(prefix)), role: 'new', bold: true},
		{text, role: 'diagnosis', bold: true},
	]);
	if (isNew && snapshot.previousDiagnosis !== null && input.rows >= 30) lines.push([{text: `${' '.repeat(width(prefix))}was: ${snapshot.previousDiagnosis}`, role: 'muted'}]);
	return lines;
}

/** The tab bar: every panel's number and name; when they do not fit, short names, then numbers only (the focused tab keeps its name). */
function tabBar(focus: number, columns: number): LineSpec {
	const labels: ReadonlyArray<(index: number) => string> = [
		index => `${index + 1} ${PANELS[index]!.short}`,
		index => `${index + 1} ${index === focus ? PANELS[index]!.short : PANELS[index]!.short.slice(0, 3)}`,
		index => (index === focus ? `${index + 1} ${PANELS[index]!.short}` : String(index + 1)),
	];
	let segs: Seg[] = [];
	let tabs: Array<{panel: number; left: number; width: number}> = [];
	for (const label of labels) {
		segs = [{text: ' '}];
		tabs = [];
		for (const index of PANELS.keys()) {
			const tab: Seg = index === focus ? {text: `[${label(index)}]`, role: 'focus', bold: true, inverse: true} : {text: ` ${label(index)} `, role: 'muted'};
			tabs.push({panel: index, left: segs.reduce((sum, seg) => sum + width(seg.text), 0), width: width(tab.text)});
			segs.push(tab, {text: ' '});
		}
		if (segs.reduce((sum, seg) => sum + width(seg.text), 0) <= columns) break;
	}
	tagTabs(segs, tabs);
	return segs;
}

function footer(input: ScreenInput, focusedView: PanelView | null): LineSpec {
	const {ui} = input;
	if (ui.editingFilter) return [{text: ` / filter: ${ui.filter}▏`, role: 'accent', bold: true}, {text: '  (⏎ keep, Esc clear)', role: 'muted'}];
	// A long message (a snapshot's path) is shortened in the middle, so its end stays readable.
	if (input.message !== null) return [{text: ` ${middle(displayText(input.message), input.columns - 1)}`, role: 'accent', bold: true}];
	const hasList = (focusedView?.size ?? 0) > 0;
	const sortable = PANELS[ui.focus]?.sortable === true;
	const shown = KEY_MAP.filter(b => b.footer === 'always' || (b.footer === 'list' && hasList) || (b.footer === 'sortable' && sortable));
	// When the row is short, the least needed hints go first; `? help` and `q quit` always stay.
	const dropOrder = ['changes', 'reset', 'filter', 'snapshot', 'copy', 'pause', 'window', 'sort', 'zoom', 'open', 'down', 'panel-next'];
	// `z` says what it does now; `o` says the order it has made.
	const short = (b: (typeof shown)[number]) => (b.action.type === 'zoom' && ui.zoom ? 'back' : b.action.type === 'sort' ? ORDER_LABEL[ui.order] : b.short);
	const hint = (b: (typeof shown)[number]): Seg[] => [{text: b.action.type === 'down' ? '↑↓/jk' : b.label, bold: true}, {text: ` ${short(b)}  `, role: 'muted'}];
	// An opened item has nothing further to open.
	let kept = shown.filter(b => b.action.type !== 'up' && !(ui.drill !== null && b.action.type === 'open'));
	const prefix: Seg[] = [];
	if (ui.drill !== null) prefix.push({text: ' Esc back ', role: 'accent', inverse: true});
	if (ui.filter !== '') prefix.push({text: ` filter "${ui.filter}" (Esc clears) `, role: 'accent', inverse: true});
	const total = () => width(' ') + prefix.reduce((sum, seg) => sum + width(seg.text) + 1, 0) + kept.flatMap(hint).reduce((sum, seg) => sum + width(seg.text), 0);
	for (const type of dropOrder) {
		if (total() <= input.columns) break;
		kept = kept.filter(b => b.action.type !== type);
	}
	const hints: Seg[] = [{text: ' '}];
	for (const seg of prefix) hints.push(seg, {text: ' '});
	for (const binding of kept) hints.push(...hint(binding));
	return hints;
}

function helpLines(): LineSpec[] {
	const lines: LineSpec[] = KEY_MAP.filter(b => b.inHelp !== false).map(b => [{text: `${(b.helpLabel ?? b.label).padEnd(15)} `, bold: true}, {text: b.help}]);
	lines.push([], ...PANELS.map((p, i): LineSpec => [{text: `${i + 1} ${p.title}`.padEnd(20), bold: true}, {text: p.help, role: 'muted'}]));
	return lines;
}

/** The Diagnosis frame's title: a `◆` per change of this run (up to five), their count, and the key that lists them. */
function diagnosisTitle(changes: readonly DiagnosisChange[]): string {
	const n = changes.length;
	if (n === 0) return 'Diagnosis';
	return `Diagnosis ${'◆'.repeat(Math.min(n, 5))}${n > 5 ? '…' : ''} ${n} change${n === 1 ? '' : 's'} (d)`;
}

/** `d`: the diagnosis changes, newest first, each with its time, what it became and what it was; scrolled by the changes cursor. */
function changesView(input: ScreenInput, record: RunRecord | null, width: number, height: number): PanelView {
	const {snapshot, now, ui} = input;
	const changes = record === null ? snapshot.diagnosisChanges : [];
	const texts: Array<{text: string; role?: 'muted' | 'accent'}> = [];
	if (record !== null) texts.push({text: 'a finished run: its diagnosis changes are not kept', role: 'muted'});
	else {
		texts.push({text: `now (since ${clock(snapshot.diagnosisSince)}): ${snapshot.finalized.report.diagnosis}`, role: 'accent'});
		if (changes.length === 0) texts.push({text: 'no change since the log was read', role: 'muted'});
		for (const change of [...changes].reverse()) {
			texts.push({text: `${clock(change.at)} (${ago(now - change.at)} ago): ${change.to}`}, {text: `          was: ${change.from}`, role: 'muted'});
		}
	}
	const wrapped = texts.flatMap(({text, role}) => wrapText(text, width - 4).map((line): LineSpec => [role === undefined ? {text: line} : {text: line, role}]));
	const rows = height - 2;
	const positions = Math.max(1, wrapped.length - rows + 1);
	const start = Math.min(ui.changesCursor, positions - 1);
	return {lines: wrapped.slice(start, start + rows), size: positions, keyAt: () => null, right: `${changes.length} change${changes.length === 1 ? '' : 's'}${positions > 1 ? ' · ↑↓ scroll' : ''}`};
}

/** Build one frame of the dashboard from the store snapshot and the UI state. */
export function buildScreen(input: ScreenInput): ScreenModel {
	const {snapshot, ui, columns, rows, now} = input;
	const mode = layoutMode(columns, rows);
	if (mode === 'small') {
		const lines: LineSpec[] = [
			[{text: 'terminal too small', role: 'elevated', bold: true}],
			[{text: `need ${MIN_COLUMNS}x${MIN_ROWS}, have ${columns}x${rows}`}],
			[{text: 'q quit · ? help', role: 'muted'}],
		];
		if (ui.help) lines.push(...helpLines());
		return {lines: lines.slice(0, rows).map(line => fitRow(line, columns)), focusedView: null, mode, copyText: null, regions: []};
	}
	const record = viewed(snapshot, ui);
	const report = record?.finalized.report ?? snapshot.finalized.report;
	const rules = record?.run.rules ?? snapshot.run?.rules;
	const lines: LineSpec[] = [header(input, record)];
	// The exact doctor text, wrapped: up to 4 lines (2 on short terminals), "was:" only when tall.
	const diagMax = rows >= 24 ? 4 : 2;
	const diag = diagnosisLines(input, report.diagnosis, diagMax, record);
	const since = record === null ? `since ${clock(snapshot.diagnosisSince)}` : 'final';
	lines.push(...frameLines({title: record === null ? diagnosisTitle(snapshot.diagnosisChanges) : 'Diagnosis', right: since, width: columns, height: diag.length + 2, focused: false, lines: diag, heavy: 'diagnosis'}));
	const viewInput: ViewInput | null = rules === undefined ? null : {
		report,
		rules,
		rates: record === null ? snapshot.rates : null,
		recent: record === null ? snapshot.recent : [],
		lastSeen: record === null ? snapshot.markerLastSeen : new Map(),
		persisted: snapshot.persisted,
		now,
		filter: ui.filter.toLowerCase(),
		order: ui.order,
		notes: record === null ? snapshot.notes : [],
		insights: (record?.finalized ?? snapshot.finalized).summary.insights,
		incidents: (record?.finalized ?? snapshot.finalized).incidents,
		pressureReasons: (record?.finalized ?? snapshot.finalized).pressureReasons,
		incidentHistory: record === null ? snapshot.incidentHistory : [],
		pressureHistory: record === null ? snapshot.pressureHistory : null,
	};
	const data = new Map<number, unknown>();
	const view = (panel: number, frameWidth: number, height: number): PanelView => {
		if (viewInput === null) return {lines: [[{text: 'waiting for the first log lines', role: 'muted'}]], size: 0, keyAt: () => null};
		const def = PANELS[panel]!;
		if (!data.has(panel)) data.set(panel, def.rows(viewInput));
		return def.view({data: data.get(panel), columns: frameWidth - 4, rows: height - 2, focused: panel === ui.focus, cursor: ui.cursor[panel] ?? 0, drill: ui.drill?.panel === panel ? ui.drill.key : null, drillCursor: ui.drillCursor, now, order: ui.order});
	};
	let focusedView: PanelView | null = null;
	let selectedText: string | null = null;
	const frame = (panel: number, frameWidth: number, height: number): LineSpec[] => {
		const v = view(panel, frameWidth, height);
		if (panel === ui.focus) {
			focusedView = v;
			// The selected row as the frame shows it: cut to the frame, the `▸ ` dropped.
			const selected = v.lines.slice(0, height - 2).find(isSelectedRow);
			selectedText = selected === undefined ? null : plain(fitSegs(selected, frameWidth - 4)).replace(/^(▸ |  )/, '').trim();
		}
		const title = `${panel + 1} ${PANELS[panel]!.title}${v.subtitle === undefined ? '' : ` › ${v.subtitle}`}`;
		const rows = frameLines({title, right: v.right, width: frameWidth, height, focused: panel === ui.focus, lines: v.lines});
		tagFrame(rows, panel, frameWidth, at => itemIndexOf(v.lines[at]));
		return rows;
	};
	// Under the help or a zoomed panel the tab bar has nothing to say.
	const tabs = mode !== 'wide' && !ui.help && !ui.changes && !ui.zoom;
	if (tabs) lines.push(tabBar(ui.focus, columns));
	const available = rows - lines.length - 1;
	if (ui.help) {
		// Keys first, then what the panels mean; on a short terminal the last line says what did not fit.
		let help = helpLines();
		const room = available - 2;
		if (help.length > room) help = [...help.slice(0, Math.max(0, room - 1)), [{text: `… ${help.length - Math.max(0, room - 1)} more line(s): a taller terminal shows them`, role: 'muted'}]];
		lines.push(...frameLines({title: 'Keys · ? or Esc closes', width: columns, height: available, focused: true, lines: help}));
	} else if (ui.changes) {
		const v = changesView(input, record, columns, available);
		focusedView = v;
		lines.push(...frameLines({title: 'Diagnosis changes · d or Esc closes', right: v.right, width: columns, height: available, focused: true, lines: v.lines}));
	} else if (ui.zoom || ui.drill !== null || mode === 'tabs') {
		// Zoomed: the focused panel alone in every row between the diagnosis and the footer.
		lines.push(...frame(ui.focus, columns, available));
	} else {
		// Panels get rows by what they hold: the frame rows that show all of a panel's items (at
		// most the rows there are); see stackPanels and columnLayout.
		const needs = (order: readonly number[], frameWidth: number, room: number) => order.map(panel => ({panel, need: Math.min(room, view(panel, frameWidth, room).lines.length + 2)}));
		const column = (placed: readonly Placed[], frameWidth: number) => placed.flatMap(({panel, height}) => frame(panel, frameWidth, height));
		if (mode === 'stacked') {
			const order = PANELS.map((_, i) => (ui.focus + i) % PANELS.length);
			const stack = needs(order, columns, available).map(p => ({...p, preferred: PANELS[p.panel]!.preferredHeight(viewInput)}));
			lines.push(...column(stackPanels(stack, available), columns));
		} else {
			// The banner (Incidents) full width; the others in key order down two columns (three from
			// THREE_COLUMNS), as many as fit, the focused one always.
			let room = available;
			const banner = PANELS.flatMap((def, index) => (def.slot === 'banner' ? [index] : []));
			for (const panel of banner) {
				const height = PANELS[panel]!.preferredHeight(viewInput);
				lines.push(...frame(panel, columns, height));
				room -= height;
			}
			const count = panelColumns(columns);
			const widths = Array.from({length: count}, (_, i) => Math.floor(columns / count) + (i < columns % count ? 1 : 0));
			const order = PANELS.flatMap((def, index) => (def.slot === 'banner' ? [] : [index]));
			// Recent lines goes under the columns, full width, when the others cannot fill them.
			const tail = PANELS.findIndex(def => def.id === 'lines');
			const layout = wideLayout(needs(order, widths[count - 1]!, room), count, room, banner.includes(ui.focus) ? null : ui.focus, tail);
			const blocks = widths.map((frameWidth, i) => column(layout.columns[i] ?? [], frameWidth));
			let row = blocks[count - 1]!;
			for (let i = count - 2; i >= 0; i--) row = besides(blocks[i]!, widths[i]!, row);
			lines.push(...row);
			if (layout.below !== null) lines.push(...frame(layout.below.panel, columns, layout.below.height));
		}
	}
	lines.push(footer(input, focusedView));
	const shownDiagnosis = diag.filter(line => line[1]?.role === 'diagnosis').map(line => line[1]!.text).join(' ');
	const copyText = displayText(selectedText ?? shownDiagnosis).trim();
	const shown = lines.slice(0, rows);
	return {lines: shown.map(line => fitRow(line, columns)), focusedView, mode, copyText: copyText === '' ? null : copyText, regions: regionsOf(shown)};
}

const sameInput = (a: ScreenInput, b: ScreenInput) =>
	a.snapshot === b.snapshot && a.ui === b.ui && a.columns === b.columns && a.rows === b.rows && a.now === b.now && a.version === b.version && a.message === b.message;

/**
 * buildScreen that remembers its last frame: the key handler, the render and the clock's "would
 * it read differently?" check ask for the same frame, and it is built once.
 */
export function screenBuilder(): (input: ScreenInput) => ScreenModel {
	let last: {input: ScreenInput; model: ScreenModel} | null = null;
	return input => {
		if (last === null || !sameInput(last.input, input)) last = {input, model: buildScreen(input)};
		return last.model;
	};
}

/** A frame as plain text (snapshots, tests): trailing spaces trimmed per line. */
export function screenText(model: ScreenModel): string {
	return model.lines.map(line => displayText(line.map(seg => seg.text).join('')).trimEnd()).join('\n');
}
