import type {ParsedLine} from '../../source/core/line.js';
import type {RuleSet} from '../../source/core/rules/types.js';
import {chainEventText, type LogSummary} from '../../source/core/summary.js';

/**
 * A from-scratch summary written straight from doctor-rules.md §1.7 (one pass, no removal logic),
 * independent of SummaryAccumulator, for the incremental == batch property.
 */
export function referenceSummary(lines: readonly ParsedLine[], rules: RuleSet): LogSummary {
	let firstTimestamp: string | null = null;
	let lastTimestamp: string | null = null;
	let lastMarkerLine: string | null = null;
	let latestChainEvent: string | null = null;
	let latestStaleContinuationReason: string | null = null;
	const markerCounts = new Map<string, number>();
	const markerLastFields = new Map<string, ReadonlyMap<string, string>>();
	const facetCounts = new Map<string, Map<string, number>>();
	const byRoute = new Map<string, number>();
	const byTransport = new Map<string, number>();
	const blockedShapes = new Map<string, number>();
	const inc = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
	for (const line of lines) {
		if (line.timestamp !== null) {
			firstTimestamp ??= line.timestamp;
			lastTimestamp = line.timestamp;
		}
		const {marker, fields} = line;
		if (marker === null) continue;
		inc(markerCounts, marker);
		lastMarkerLine = line.markerLine;
		if (marker === 'previous_response_not_found') {
			if (fields.has('route')) inc(byRoute, fields.get('route')!);
			if (fields.has('transport')) inc(byTransport, fields.get('transport')!);
		}
		for (const facet of rules.facets) {
			if (!fields.has(facet)) continue;
			if (!facetCounts.has(facet)) facetCounts.set(facet, new Map());
			inc(facetCounts.get(facet)!, fields.get(facet)!);
		}
		if (fields.size > 0) markerLastFields.set(marker, fields);
		if (rules.chainBookkeeping) {
			if (['chain_retried_owner', 'chain_dead_upstream_confirmed', 'stale_continuation'].includes(marker)) latestChainEvent = chainEventText(line);
			if (marker === 'stale_continuation' && fields.has('reason')) latestStaleContinuationReason = fields.get('reason')!;
			if (marker === 'previous_response_fresh_fallback_blocked' && fields.has('request_shape')) inc(blockedShapes, fields.get('request_shape')!);
		}
	}
	return {
		lineCount: lines.length,
		firstTimestamp,
		lastTimestamp,
		markerCounts,
		markerLastFields,
		facetCounts,
		previousResponseNotFoundByRoute: byRoute,
		previousResponseNotFoundByTransport: byTransport,
		lastMarkerLine,
		latestChainEvent,
		latestStaleContinuationReason,
		blockedRequestShapes: blockedShapes,
	};
}
