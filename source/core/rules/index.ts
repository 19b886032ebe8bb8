import {RULES_027} from './v027.js';
import {RULES_CURRENT} from './current.js';
import type {RuleSet, RuleSetId} from './types.js';

export type {RuleSet, RuleSetId} from './types.js';
export {RULES_027} from './v027.js';
export {RULES_CURRENT} from './current.js';

/** The rule-set choice on the command line. */
export type RulesChoice = RuleSetId | 'auto';

/**
 * Pick the rule set: an explicit choice wins; `auto` picks the current rules when the log's
 * header line names a prodex version (`prodex_version=`), the 0.27 rules otherwise.
 */
export function pickRuleSet(choice: RulesChoice, headerVersion: string | null): RuleSet {
	if (choice === '0.27') return RULES_027;
	if (choice === 'current') return RULES_CURRENT;
	return headerVersion === null ? RULES_027 : RULES_CURRENT;
}

/** Why a rule set was chosen, for headers: `--rules`, or what the log header said. */
export function rulesReason(choice: RulesChoice, headerVersion: string | null): string {
	if (choice !== 'auto') return '--rules';
	return headerVersion === null ? 'auto: no prodex_version in the log header' : `auto: log header says prodex ${headerVersion}`;
}
