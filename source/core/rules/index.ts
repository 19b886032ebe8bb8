import {RULES_027} from './v027.js';
import {RULES_CURRENT} from './current.js';
import {autoRuleSet, RULE_SET_INFO} from './registry.js';
import type {RuleSet, RuleSetId} from './types.js';

export type {RuleSet, RuleSetId} from './types.js';
export {RULES_027} from './v027.js';
export {RULES_CURRENT} from './current.js';

/** Every rule set, in RULE_SET_INFO order (registry.ts holds what `--help` and `auto` need). */
export const RULE_SETS: readonly RuleSet[] = [RULES_027, RULES_CURRENT];
const BY_ID = new Map(RULE_SETS.map(rules => [rules.id, rules]));
for (const info of RULE_SET_INFO) if (!BY_ID.has(info.id)) throw new Error(`rule set ${info.id} has no tables`);

/** The rule-set choice on the command line. */
export type RulesChoice = RuleSetId | 'auto';

/**
 * Pick the rule set: an explicit choice wins; `auto` picks the current rules when the log's
 * header line names a prodex version (`prodex_version=`), the 0.27 rules otherwise.
 */
export function pickRuleSet(choice: RulesChoice, headerVersion: string | null): RuleSet {
	return BY_ID.get(choice === 'auto' ? autoRuleSet(headerVersion).id : choice)!;
}

/** Why a rule set was chosen, for headers: `--rules`, or what the log header said. */
export function rulesReason(choice: RulesChoice, headerVersion: string | null): string {
	if (choice !== 'auto') return '--rules';
	return headerVersion === null ? 'auto: no prodex_version in the log header' : `auto: log header says prodex ${headerVersion}`;
}
