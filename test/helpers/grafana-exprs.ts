/**
 * The PromQL of a Grafana dashboard's panels, as Prometheus could run it: Grafana's template
 * variables replaced by values that select everything, so a test can parse each expression
 * (`promtool check rules`) or run it against a live Prometheus and expect data.
 *
 * - `$instance` / `$host` (also `${instance}`, `${instance:regex}`, ...): `.+` inside a regex
 *   matcher (`instance=~"$instance"`); an equality matcher on one (`instance="$instance"`) becomes
 *   `instance=~".+"`. Anywhere else they are an error: there is no one value that would do.
 * - `$__rate_interval`, `$__interval` → `1m`; `$__range` → `5m` (`$__range_s` → `300`,
 *   `$__range_ms` → `300000`, `$__interval_ms` → `60000`).
 * - Any other `$variable` is an error, so a new one is noticed here rather than in Prometheus.
 */

/** One query target of one panel. */
export type GrafanaTarget = {
	/** The panel's title. */
	readonly panel: string;
	/** The title of the row the panel is in (the last row panel above it, or its collapsed row); '' before any row. */
	readonly row: string;
	readonly refId: string;
	/** The expression as the dashboard has it. */
	readonly raw: string;
	/** The expression with the template variables substituted. */
	readonly expr: string;
};

const MATCH_ALL_VARIABLES = new Set(['instance', 'host']);

const BUILTINS: ReadonlyArray<readonly [string, string]> = [
	['__rate_interval', '1m'],
	['__interval_ms', '60000'],
	['__interval', '1m'],
	['__range_ms', '300000'],
	['__range_s', '300'],
	['__range', '5m'],
];

/** A Grafana variable reference: `$name`, `${name}` or `${name:format}` (`[[name]]` is obsolete). */
const VARIABLE = /\$\{(\w+)(?::\w+)?\}|\$(\w+)/g;

function variableName(match: RegExpMatchArray): string {
	return (match[1] ?? match[2])!;
}

/** The expression with Grafana's template variables replaced, as described above. */
export function substituteVariables(raw: string): string {
	// Label matchers first: `label op "value"`, where the value names a match-all variable.
	let expr = raw.replace(/(\w+)\s*(=~|!~|!=|=)\s*"((?:[^"\\]|\\.)*)"/g, (whole, label: string, op: string, value: string) => {
		const names = [...value.matchAll(VARIABLE)].map(variableName).filter(name => MATCH_ALL_VARIABLES.has(name));
		if (names.length === 0) return whole;
		if (op === '=~') return `${label}=~"${value.replace(VARIABLE, (ref, ...groups: Array<string | undefined>) => (MATCH_ALL_VARIABLES.has((groups[0] ?? groups[1])!) ? '.+' : ref))}"`;
		if (op === '=' && value.replace(VARIABLE, '').trim() === '') return `${label}=~".+"`;
		throw new Error(`${label}${op}"${value}": a template variable that selects everything only works in a regex (=~) matcher`);
	});
	expr = expr.replace(VARIABLE, (ref, braced: string | undefined, bare: string | undefined) => {
		const name = (braced ?? bare)!;
		const builtin = BUILTINS.find(([known]) => known === name);
		if (builtin !== undefined) return builtin[1];
		throw new Error(`${ref} in ${JSON.stringify(raw)}: no substitute for this template variable`);
	});
	return expr;
}

type Panel = {title?: unknown; type?: unknown; targets?: unknown; panels?: unknown};

/** Every query target of every panel (rows' nested panels included), variables substituted. */
export function grafanaTargets(dashboardJson: unknown): GrafanaTarget[] {
	const dashboard = (typeof dashboardJson === 'string' ? JSON.parse(dashboardJson) : dashboardJson) as {panels?: unknown; dashboard?: {panels?: unknown}};
	// Accept the dashboard itself or the API's `{dashboard: …}` wrapping.
	const top = dashboard.panels ?? dashboard.dashboard?.panels;
	const found: GrafanaTarget[] = [];
	const visit = (panels: unknown, inRow: string | undefined): void => {
		if (!Array.isArray(panels)) return;
		let row = inRow ?? '';
		for (const panel of panels as Panel[]) {
			const title = typeof panel.title === 'string' ? panel.title : `(${String(panel.type)})`;
			// An expanded row is followed by its panels; a collapsed one holds them in `panels`.
			if (panel.type === 'row' && inRow === undefined) row = title;
			if (Array.isArray(panel.targets)) {
				for (const target of panel.targets as Array<{expr?: unknown; refId?: unknown}>) {
					if (typeof target.expr !== 'string' || target.expr.trim() === '') continue;
					found.push({panel: title, row, refId: String(target.refId ?? ''), raw: target.expr, expr: substituteVariables(target.expr)});
				}
			}
			if (panel.type === 'row') visit(panel.panels, title);
		}
	};
	visit(top, undefined);
	return found;
}

/** All target expressions of the dashboard, template variables substituted (in panel order). */
export function grafanaExpressions(dashboardJson: unknown): string[] {
	return grafanaTargets(dashboardJson).map(target => target.expr);
}
