import {CONTEXT_KEYS, REJECTION_REASON_KEYS} from './insights/tables.js';
import type {ParsedLine} from './line.js';
import type {RuleSet} from './rules/types.js';

/**
 * The live run's guard against a cardinality bomb (docs/log-format.md §1.9): the fields whose
 * values become tally keys in every window (facets, route, transport, reason, shape, profile,
 * lane, rejection reasons) keep at most MAX_DISTINCT_VALUES distinct values per run; a line
 * with a new value beyond that carries FOLDED_VALUE instead. The decision is made once per line,
 * before any window sees it, so every window still equals a from-scratch summary of the (folded)
 * lines. A one-shot run does not fold: it reads each line once and prints it exactly.
 */
export const MAX_DISTINCT_VALUES = 10_000;
export const FOLDED_VALUE = '(other)';

/** The field names whose values are tally keys under `rules`. */
export function talliedFields(rules: RuleSet): ReadonlySet<string> {
	return new Set([...rules.facets, 'route', 'transport', 'reason', 'request_shape', ...CONTEXT_KEYS.map(([, key]) => key), ...REJECTION_REASON_KEYS]);
}

export class CardinalityGuard {
	private readonly seen = new Map<string, Set<string>>();
	/** Field values replaced by FOLDED_VALUE so far. */
	folded = 0;

	constructor(
		private readonly fields: ReadonlySet<string>,
		private readonly cap = MAX_DISTINCT_VALUES,
	) {}

	/** The line itself, or a copy whose values beyond the cap are folded. */
	apply(line: ParsedLine): ParsedLine {
		let out: Map<string, string> | null = null;
		for (const [name, value] of line.fields) {
			if (!this.fields.has(name)) continue;
			let values = this.seen.get(name);
			if (values === undefined) {
				values = new Set();
				this.seen.set(name, values);
			}
			if (values.has(value)) continue;
			if (values.size < this.cap) {
				values.add(value);
				continue;
			}
			out ??= new Map(line.fields);
			out.set(name, FOLDED_VALUE);
			this.folded++;
		}
		return out === null ? line : {...line, fields: out};
	}
}
