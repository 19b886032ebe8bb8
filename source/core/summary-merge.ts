import {mergeInsights} from './insights/merge.js';
import type {LogSummary} from './summary.js';
import {addCounts} from './counts.js';

/**
 * The summary of two consecutive runs of lines from the summaries of each: `earlier` covers the
 * lines before `later`'s. Exact (property-tested against one summary over all the lines):
 * counts add; first timestamp from the earliest part that has one; last timestamp, last fields,
 * last marker line and the latest chain values from the latest part that has one. Map order is
 * first-seen order, as one pass over all lines makes it: `earlier`'s keys, then `later`'s new keys.
 */
export function mergeSummaries(earlier: LogSummary, later: LogSummary): LogSummary {
	const markerCounts = addCounts(earlier.markerCounts, later.markerCounts);
	return {
		lineCount: earlier.lineCount + later.lineCount,
		firstTimestamp: earlier.firstTimestamp ?? later.firstTimestamp,
		lastTimestamp: later.lastTimestamp ?? earlier.lastTimestamp,
		markerCounts,
		markerLastFields: newest(earlier.markerLastFields, later.markerLastFields),
		facetCounts: addNested(earlier.facetCounts, later.facetCounts),
		previousResponseNotFoundByRoute: addCounts(earlier.previousResponseNotFoundByRoute, later.previousResponseNotFoundByRoute),
		previousResponseNotFoundByTransport: addCounts(earlier.previousResponseNotFoundByTransport, later.previousResponseNotFoundByTransport),
		lastMarkerLine: later.lastMarkerLine ?? earlier.lastMarkerLine,
		latestChainEvent: later.latestChainEvent ?? earlier.latestChainEvent,
		latestStaleContinuationReason: later.latestStaleContinuationReason ?? earlier.latestStaleContinuationReason,
		blockedRequestShapes: addCounts(earlier.blockedRequestShapes, later.blockedRequestShapes),
		insights: earlier.insights === null || later.insights === null ? (earlier.insights ?? later.insights) : mergeInsights(earlier.insights, later.insights, markerCounts),
	};
}

function addNested(a: ReadonlyMap<string, ReadonlyMap<string, number>>, b: ReadonlyMap<string, ReadonlyMap<string, number>>): Map<string, ReadonlyMap<string, number>> {
	const out = new Map<string, ReadonlyMap<string, number>>(a);
	for (const [key, inner] of b) {
		const mine = out.get(key);
		out.set(key, mine === undefined ? inner : addCounts(mine, inner));
	}
	return out;
}

function newest<T>(a: ReadonlyMap<string, T>, b: ReadonlyMap<string, T>): Map<string, T> {
	const out = new Map(a);
	for (const [key, value] of b) out.set(key, value);
	return out;
}
