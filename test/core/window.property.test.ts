import {describe, expect, test} from 'vitest';
import {parseLine, type ParsedLine} from '../../source/core/line.js';
import {RULES_027, RULES_CURRENT, type RuleSet} from '../../source/core/rules/index.js';
import type {LogSummary} from '../../source/core/summary.js';
import {WINDOW_SPAN_MS, WINDOWS, WindowSet, type WindowId} from '../../source/core/window.js';
import {summaryJson} from '../helpers/doctor.js';
import {generateLines} from '../helpers/generator.js';
import {prng} from '../helpers/random.js';
import {referenceSummary} from '../helpers/reference-summary.js';

// Property: for random sequences of appends and window moves (time passing, the file growing,
// truncations, baseline resets), every window's summary equals an independent from-scratch
// summary of exactly the lines the window's definition says are inside it.

type Added = {line: ParsedLine; start: number; second: number; epoch: number; doctorEpoch: number};

const finalized = (summary: LogSummary, rules: RuleSet) => summaryJson(summary, rules);

function run(rules: RuleSet, seed: number, tailBytes: number): void {
	const random = prng(seed);
	const source = generateLines({seed, lines: 1500, format: seed % 3 === 0 ? 'mixed' : 'text', hostile: 0.05, longLineBytes: 3000});
	const windows = new WindowSet(rules, tailBytes);
	const added: Added[] = [];
	let offset = 0;
	let clock = 1_745_460_000_000;
	let runningMax = Number.NEGATIVE_INFINITY;
	let epoch = 0; // Bumped by a baseline reset.
	let doctorEpoch = 0; // Bumped by a reset or a truncation.
	let fileSize = 0;
	let lastTrim = 0;
	const cutoffs = new Map<WindowId, number>();
	// Some runs replay lines whose times lag behind the clock (an old log, a slow writer), so new
	// seconds can be born already outside the shorter windows.
	const lag = [0, 0, 65_000, 16 * 60_000, 2 * 3_600_000][seed % 5]!;
	let next = 0;
	while (next < source.length) {
		const roll = random();
		if (roll < 0.6) {
			for (let i = Math.floor(random() * 30); i > 0 && next < source.length; i--) {
				const text = source[next++]!.text;
				const bytes = Buffer.byteLength(text) + 1;
				// Times jitter around the clock; some lines have none (arrival time stands in).
				const timeMs = random() < 0.1 ? clock - lag : clock - lag - Math.floor(random() * 4000);
				const line = parseLine(text, rules);
				windows.add(line, {start: offset, bytes, timeMs});
				runningMax = Math.max(runningMax, timeMs);
				added.push({line, start: offset, second: Math.floor(runningMax / 1000), epoch, doctorEpoch});
				offset += bytes;
				clock += Math.floor(random() * 900);
			}
			fileSize = offset;
		} else if (roll < 0.8) {
			clock += Math.floor(random() * 40_000);
			windows.expire(clock);
			for (const id of ['1m', '5m', '15m', '1h'] as const) cutoffs.set(id, Math.max(cutoffs.get(id) ?? -Infinity, clock - WINDOW_SPAN_MS[id]));
		} else if (roll < 0.93) {
			windows.trimDoctor(fileSize);
			lastTrim = fileSize;
		} else if (roll < 0.97) {
			// Truncation: the file restarts at byte 0.
			windows.resetDoctor();
			doctorEpoch++;
			offset = 0;
			fileSize = 0;
			lastTrim = 0;
		} else {
			windows.reset();
			epoch++;
			doctorEpoch++;
		}
		for (const id of WINDOWS) {
			const inside = added.filter(a => {
				if (a.epoch !== epoch) return false;
				if (id === 'all') return true;
				if (id === 'doctor') return a.doctorEpoch === doctorEpoch && (tailBytes === 0 || lastTrim - tailBytes <= 0 || a.start > lastTrim - tailBytes);
				return (a.second + 1) * 1000 > (cutoffs.get(id) ?? -Infinity);
			});
			expect(windows.lineCount(id), `${id} after ${added.length} lines`).toBe(inside.length);
			expect(finalized(windows.summary(id), rules), id).toBe(finalized(referenceSummary(inside.map(a => a.line), rules), rules));
		}
	}
}

describe('windowed summary == from-scratch summary of the lines inside the window', () => {
	for (const rules of [RULES_027, RULES_CURRENT]) {
		test.each(Array.from({length: 12}, (_, i) => i + 1))(`${rules.id} rules, seed %i`, seed => {
			run(rules, seed * 31 + (rules.id === '0.27' ? 0 : 7), [0, 4096, 20_000][seed % 3]!);
		});
	}
});
