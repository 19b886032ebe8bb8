/** The quality an Accept header gives a media type (`type/*` and `*\/*` included), 0 when it is not acceptable. */
function quality(accept: string, type: string): number {
	let best = 0;
	let specificity = -1;
	for (const part of accept.split(',')) {
		const [range = '', ...params] = part.split(';').map(piece => piece.trim().toLowerCase());
		const matches = range === type ? 2 : range === `${type.split('/')[0]}/*` ? 1 : range === '*/*' ? 0 : -1;
		if (matches < 0 || matches < specificity) continue;
		const q = params.find(param => param.startsWith('q='));
		const value = q === undefined ? 1 : Number(q.slice(2));
		const parsed = Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
		if (matches > specificity) {
			specificity = matches;
			best = parsed;
		} else best = Math.max(best, parsed);
	}
	return best;
}

/**
 * Whether a scrape asks for OpenMetrics: `application/openmetrics-text` is acceptable and not
 * less wanted than `text/plain` (Prometheus sends OpenMetrics first, q=1). Anything else, no
 * Accept header included, gets the Prometheus text format 0.0.4.
 */
export function wantsOpenMetrics(accept: string | undefined): boolean {
	if (accept === undefined || !accept.toLowerCase().includes('application/openmetrics-text')) return false;
	const openMetrics = quality(accept, 'application/openmetrics-text');
	return openMetrics > 0 && openMetrics >= quality(accept, 'text/plain');
}
