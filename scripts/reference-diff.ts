/**
 * Differential check of prodex-top against a real prodex doctor (prodex 0.288.0's own binary,
 * shared/docs/reference-binary.md). Run on demand, not part of `npm test`:
 *
 *   npm run test:reference              # 40 generated logs (+10 with the sample home) + pointer A–G + tail/CRLF + edge cases
 *   npm run test:reference -- 150       # 150 generated logs (seeds 1..150)
 *   npm run test:reference -- 150 --keep --only tail --jobs 4    # keep temp dirs, filter by name
 *   npm run test:reference -- 100 --hostile 0.3 --kinds quoted,unicode   # explore other edge cases
 *
 * Every case writes a log dir, runs `prodex doctor --runtime --json` (0.288) and
 * `node dist/cli.js --log-dir DIR --rules current --json` with empty homes, and compares the
 * keys prodex-top produces. Differences that a documented 0.288-vs-0.411 change explains are
 * reported as known (scripts/reference/known.ts); diagnosis differences are reported apart as
 * known chain differences (reference-binary.md: 0.288's chain differs from docs/rules.md §2.7).
 * Exit status: 0 no unexplained difference, 1 at least one MISMATCH or ERROR, 2 set-up failure.
 */
import {mkdtempSync, rmSync} from 'node:fs';
import {availableParallelism, tmpdir} from 'node:os';
import {join} from 'node:path';
import process from 'node:process';
import {HOSTILE_KINDS, type HostileKind} from '../test/helpers/generator.js';
import {copyShiftedHome, edgeCases, generatedCases, homeCases, pointerCases, policyCases, tailCases, type Case, type GeneratedTweaks} from './reference/cases.js';
import {diffJson, isObject, showPair, type Diff, type JsonObject} from './reference/json.js';
import {incidentsLike0411, pointerNote, redactLike0411} from './reference/known.js';
import {ensureBinary, ensureBuild, runReference, runTop, type Output} from './reference/tools.js';

type Status = 'OK' | 'KNOWN' | 'MISMATCH' | 'ERROR';
type Result = {
	readonly case: Case;
	readonly status: Status;
	/** Unexplained differences (after the documented transformations). */
	readonly failures: readonly Diff[];
	/** Differences explained by 0.288's missing reader-side redaction. */
	readonly known: readonly Diff[];
	readonly diagnosis?: {readonly ref: string; readonly top: string};
	readonly error?: string;
	/** Kept temp root (failing cases, or --keep). */
	readonly dir?: string;
};

// ----- arguments -----

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const option = (name: string) => {
	const at = argv.indexOf(name);
	return at === -1 ? undefined : argv[at + 1];
};
const count = Number(argv.find((arg, at) => /^\d+$/.test(arg) && !argv[at - 1]?.startsWith('--')) ?? 40);
const jobs = Number(option('--jobs') ?? Math.min(8, availableParallelism()));
const only = option('--only');
const keepAll = flag('--keep');
const tweaks: GeneratedTweaks = {
	hostile: option('--hostile') === undefined ? undefined : Number(option('--hostile')),
	kinds: option('--kinds')?.split(',') as HostileKind[] | undefined,
};
const badKind = tweaks.kinds?.find(kind => !HOSTILE_KINDS.includes(kind));
if (badKind !== undefined) {
	console.error(`reference-diff: unknown hostile kind ${JSON.stringify(badKind)} (one of ${HOSTILE_KINDS.join(', ')})`);
	process.exit(2);
}
const SHOWN = 4; // differences printed per case

// ----- one case -----

function compare(c: Case, ref: JsonObject, top: JsonObject): Omit<Result, 'case' | 'dir'> {
	const failures: Diff[] = [];
	const known: Diff[] = [];
	for (const key of c.keys) {
		// 0.288 prints field values, timestamps and the last marker line unredacted (known.ts):
		// prodex-top must print them the 0.411 way, so it is compared with that, never with the raw
		// value (a prodex-top that forgot to redact would otherwise pass).
		const unexplained: Diff[] = [];
		let expected = redactLike0411(key, ref[key], top[key]);
		if (key === 'incident_explainer') {
			const counts = ref.marker_counts;
			const health = isObject(counts) && counts.profile_health !== undefined ? Number(String((counts.profile_health as {raw?: string}).raw ?? counts.profile_health)) : 0;
			expected = incidentsLike0411(expected, top[key], health);
		}
		diffJson(expected, top[key], key, unexplained);
		// The two programs run a moment apart on the real clock: an age may be one second more for 0.288.
		const tick = (diff: Diff) => /quota_age_seconds$/.test(diff.path) && Number(String(diff.ref)) - Number(String(diff.top)) === 1;
		known.push(...unexplained.filter(tick));
		failures.push(...unexplained.filter(diff => !tick(diff)));
		if (unexplained.length === 0) diffJson(ref[key], top[key], key, known);
	}
	if (c.compareNote) {
		const [refNote, topNote] = [pointerNote(ref.diagnosis), pointerNote(top.diagnosis)];
		if (refNote !== topNote) failures.push({path: 'diagnosis (pointer note)', ref: refNote, top: topNote});
	}
	const diagnosis =
		ref.diagnosis === top.diagnosis ? undefined : {ref: String(ref.diagnosis), top: String(top.diagnosis)};
	const status: Status = failures.length > 0 ? 'MISMATCH' : known.length > 0 ? 'KNOWN' : 'OK';
	return {status, failures, known, diagnosis};
}

async function runCase(c: Case, binary: string): Promise<Result> {
	const root = mkdtempSync(join(tmpdir(), 'prodex-ref-'));
	let result: Omit<Result, 'case' | 'dir'>;
	try {
		const logDir = c.prepare(root);
		// prodex-top first: it only reads, while the binary may run housekeeping in the log dir.
		// Both homes shifted by the same amount: only the seconds between the two runs can differ (ages; see compare).
		const nowSeconds = Math.floor(Date.now() / 1000);
		if (c.home === true) for (const side of ['home-top', 'home-ref']) copyShiftedHome(join(root, side, '.prodex'), nowSeconds);
		for (const side of ['home-top', 'home-ref']) c.prepareHome?.(join(root, side, '.prodex'), logDir);
		const top: Output = await runTop(logDir, join(root, 'home-top'), c.env);
		const ref: Output = await runReference(binary, logDir, join(root, 'home-ref'), c.env);
		if (c.refFails === true && 'error' in ref && 'json' in top && isObject(top.json)) {
			const refused = typeof top.json.runtime_configuration_error === 'string' || typeof top.json.runtime_policy_error === 'string';
			result = refused && top.json.policy_suggestions === undefined
				? {status: 'OK', failures: [], known: []}
				: {status: 'MISMATCH', failures: [{path: 'runtime_configuration_error', ref: ref.error, top: JSON.stringify({runtime_configuration_error: top.json.runtime_configuration_error, runtime_policy_error: top.json.runtime_policy_error, policy_suggestions: top.json.policy_suggestions})}], known: []};
		} else if ('error' in ref || 'error' in top || !isObject(ref.json) || !isObject(top.json)) {
			const why = (side: string, out: Output) => ('error' in out ? `${side}: ${out.error}` : isObject(out.json) ? '' : `${side}: not an object`);
			result = {status: 'ERROR', failures: [], known: [], error: [why('0.288', ref), why('prodex-top', top)].filter(Boolean).join('; ')};
		} else {
			// Each side has its own home: the policy path differs only in that directory name.
			const policy = top.json.runtime_policy;
			if (isObject(policy) && typeof policy.path === 'string') top.json.runtime_policy = {...policy, path: policy.path.replace(`${root}/home-top/`, `${root}/home-ref/`)};
			result = compare(c, ref.json, top.json);
		}
	} catch (error) {
		result = {status: 'ERROR', failures: [], known: [], error: (error as Error).message};
	}
	const keep = keepAll || result.status === 'MISMATCH' || result.status === 'ERROR';
	if (!keep) rmSync(root, {recursive: true, force: true});
	return {...result, case: c, dir: keep ? root : undefined};
}

async function pool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const results: R[] = new Array<R>(items.length);
	let next = 0;
	const worker = async () => {
		while (next < items.length) {
			const at = next++;
			results[at] = await work(items[at]);
		}
	};
	await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, worker));
	return results;
}

// ----- report -----

const line = (diff: Diff) => {
	const [ref, top] = showPair(diff.ref, diff.top);
	return `      ${diff.path}: 0.288 ${ref}  |  prodex-top ${top}`;
};
const cut = (text: string, max = 150) => ([...text].length > max ? `${[...text].slice(0, max - 1).join('')}…` : text);

function printCase(r: Result): void {
	const label = `${r.case.group.padEnd(9)} ${r.case.name}`;
	const extra =
		r.status === 'KNOWN'
			? `  (${r.known.length} known: 0.288 prints values unredacted)`
			: r.diagnosis === undefined
				? ''
				: '  (diagnosis differs: see known chain differences)';
	console.log(`${r.status.padEnd(8)} ${label}${extra}`);
	if (r.error !== undefined) console.log(`      ${cut(r.error, 300)}`);
	for (const diff of r.failures.slice(0, SHOWN)) console.log(line(diff));
	if (r.failures.length > SHOWN) console.log(`      … ${r.failures.length - SHOWN} more differences`);
	if (r.dir !== undefined) console.log(`      kept: ${r.dir}`);
}

const SELECTION = 'Recent selection decisions were logged; inspect the last marker for why a profile was picked or skipped.';

function printKnown(results: readonly Result[]): void {
	const redaction = results.filter(r => r.known.length > 0);
	if (redaction.length > 0) {
		console.log('\nKnown: no reader-side redaction in 0.288 (reference-binary.md; docs/parsing.md R4/R8), and the route_health_penalty incident of 0.411 (acceptance case D2)');
		for (const r of redaction.slice(0, 8)) {
			console.log(`  ${r.case.group} ${r.case.name} (${r.known.length} difference(s)), e.g.`);
			console.log(line(r.known[0]));
		}
		if (redaction.length > 8) console.log(`  … and ${redaction.length - 8} more case(s) of this kind (marked KNOWN above)`);
	}

	const chains = new Map<string, {ref: string; top: string; cases: string[]}>();
	for (const r of results) {
		if (r.diagnosis === undefined) continue;
		const key = `${r.diagnosis.ref}\u0000${r.diagnosis.top}`;
		const entry = chains.get(key) ?? {...r.diagnosis, cases: []};
		entry.cases.push(`${r.case.group} ${r.case.group === 'generated' ? r.case.name.split(' ')[0] : r.case.name}`);
		chains.set(key, entry);
	}
	if (chains.size > 0) {
		console.log("\nKnown chain differences (diagnosis; reference-binary.md: 0.288's chain differs from docs/rules.md §2.7)");
		for (const {ref, top, cases} of chains.values()) {
			// reference-binary.md's own example: 0.288 still ranks the selection rule (0.27 rule 20) high,
			// 0.411 moved it to the end (docs/rules.md §2.7 rule 62). Others: compare with §2.7 by hand.
			const kind = ref.startsWith(SELECTION) && !top.startsWith(SELECTION) ? 'selection rule rank' : 'review against docs/rules.md §2.7';
			console.log(`  ${cases.length} case(s) [${kind}]: ${cases.slice(0, 6).join(', ')}${cases.length > 6 ? ', …' : ''}`);
			console.log(`      0.288:      ${cut(ref, 220)}`);
			console.log(`      prodex-top: ${cut(top, 220)}`);
		}
	}
}

// ----- main -----

async function main(): Promise<number> {
	let binary: string;
	try {
		binary = ensureBinary();
		ensureBuild();
	} catch (error) {
		console.error(`reference-diff: set-up failed: ${(error as Error).message}`);
		return 2;
	}

	const cases = [...generatedCases(count, tweaks), ...homeCases(Math.max(4, Math.round(count / 4))), ...pointerCases(), ...tailCases(), ...edgeCases(), ...policyCases()].filter(
		c => only === undefined || `${c.group} ${c.name}`.includes(only),
	);
	console.log(`prodex-top vs prodex 0.288.0 doctor (${binary}): ${cases.length} cases, ${jobs} at a time\n`);
	const started = Date.now();
	const results = await pool(cases, jobs, async c => runCase(c, binary));
	for (const r of results) printCase(r);
	printKnown(results);

	const tally = (status: Status) => results.filter(r => r.status === status).length;
	const groups = ['generated', 'home', 'pointer', 'tail', 'edge', 'policy'].map(g => `${results.filter(r => r.case.group === g).length} ${g}`).join(', ');
	const chainCount = results.filter(r => r.diagnosis !== undefined).length;
	console.log(
		`\nTotals: ${results.length} cases (${groups}): ${tally('OK')} OK, ${tally('KNOWN')} known-only, ` +
			`${tally('MISMATCH')} MISMATCH, ${tally('ERROR')} ERROR; ${chainCount} known chain difference(s) ` +
			`in the diagnosis; ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);
	return tally('MISMATCH') + tally('ERROR') > 0 ? 1 : 0;
}

process.exitCode = await main();
