/**
 * The rule sets prodex-top knows, as data without their tables (so `--help` and the option
 * parser load nothing heavy): id, what `--help` says of it, and which logs `--rules auto` gives it
 * (by the prodex version in the log's header line, null when the header names none). A new era
 * of prodex's doctor is one entry here plus its tables in index.ts.
 */
export type RuleSetInfo = {
	readonly id: string;
	readonly description: string;
	/** Whether `--rules auto` may pick this rule set for a log whose header names `version` (null: none). The last match wins. */
	readonly appliesTo: (version: string | null) => boolean;
};

export const RULE_SET_INFO = [
	{id: '0.27', description: 'prodex 0.27 (the seed): logs whose header names no prodex_version', appliesTo: (version: string | null) => version === null},
	{id: 'current', description: 'current prodex (0.411): logs whose header names a prodex_version', appliesTo: (version: string | null) => version !== null},
] as const satisfies readonly RuleSetInfo[];

export type RuleSetId = (typeof RULE_SET_INFO)[number]['id'];
export const RULE_SET_IDS: readonly RuleSetId[] = RULE_SET_INFO.map(info => info.id);

/** The info of the rule set `--rules auto` picks for a header's prodex version. */
export function autoRuleSet(version: string | null): (typeof RULE_SET_INFO)[number] {
	const matching = RULE_SET_INFO.filter(info => info.appliesTo(version));
	return matching.at(-1) ?? RULE_SET_INFO[0];
}
