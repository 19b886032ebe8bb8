/**
 * The metric names a PromQL expression selects, found by a small scanner rather than a parser:
 * string literals, label matchers (`{…}`), ranges (`[…]`), the label lists of by/without/on/
 * ignoring/group_left/group_right, numbers and durations, keywords and function names (an
 * identifier followed by `(`) are dropped; every identifier left is a metric name. Enough for the
 * expressions contrib/ writes, and `promtool check rules` checks that they parse at all.
 */
const KEYWORDS = new Set(['and', 'or', 'unless', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'bool', 'offset', 'inf', 'nan']);

export function metricNames(expr: string): string[] {
	let text = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
	text = text.replace(/\{[^}]*\}/g, ' ').replace(/\[[^\]]*\]/g, ' ');
	text = text.replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
	const names = new Set<string>();
	for (const match of text.matchAll(/(?:0x[0-9a-f]+|\d+(?:\.\d+)?(?:e[+-]?\d+)?)[a-z]*|([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/gi)) {
		const [, identifier, call] = match;
		if (identifier === undefined || call !== undefined || KEYWORDS.has(identifier.toLowerCase())) continue;
		names.add(identifier);
	}
	return [...names];
}
