/**
 * Detection rule 3 in one pass: "the first marker in catalog order found anywhere in the
 * message" is the minimum catalog index over every marker occurring in it. An Aho–Corasick
 * automaton (as a dense transition table) finds every occurrence in one left-to-right scan, so
 * the cost is one table lookup per UTF-16 unit instead of one `includes` per catalog entry.
 * Equal to `firstMarkerByLoop` for every message (property-tested).
 */
export type MarkerAutomaton = {
	/** The first marker in catalog order that occurs in `message`, or null. */
	readonly first: (message: string) => string | null;
};

/** The specification: the catalog loop with `includes`. */
export function firstMarkerByLoop(markers: readonly string[], message: string): string | null {
	for (const marker of markers) {
		if (message.includes(marker)) return marker;
	}
	return null;
}

const NONE = 0x7f_ff_ff_ff;

export function buildMarkerAutomaton(markers: readonly string[]): MarkerAutomaton {
	// Alphabet: the UTF-16 units the markers use, numbered from 1; every other unit is class 0
	// and sends the scan back to the root (no marker contains it).
	const classOf = new Map<number, number>();
	for (const marker of markers) {
		for (let i = 0; i < marker.length; i++) {
			const unit = marker.charCodeAt(i);
			if (!classOf.has(unit)) classOf.set(unit, classOf.size + 1);
		}
	}
	const width = classOf.size + 1;
	const ascii = new Int32Array(128);
	for (const [unit, cls] of classOf) if (unit < 128) ascii[unit] = cls;
	const wide = new Map([...classOf].filter(([unit]) => unit >= 128));

	// Trie.
	const children: Array<Map<number, number>> = [new Map()];
	const best: number[] = [NONE];
	markers.forEach((marker, index) => {
		let state = 0;
		for (let i = 0; i < marker.length; i++) {
			const cls = classOf.get(marker.charCodeAt(i))!;
			let next = children[state]!.get(cls);
			if (next === undefined) {
				next = children.length;
				children.push(new Map());
				best.push(NONE);
				children[state]!.set(cls, next);
			}
			state = next;
		}
		best[state] = Math.min(best[state]!, index);
	});
	if (markers.includes('')) best[0] = Math.min(best[0]!, markers.indexOf(''));

	// Failure links, breadth first, folded into a dense transition table.
	const delta = new Int32Array(children.length * width);
	const fail = new Int32Array(children.length);
	const queue: number[] = [];
	for (let cls = 1; cls < width; cls++) {
		const next = children[0]!.get(cls);
		if (next !== undefined) {
			delta[cls] = next;
			queue.push(next);
		}
	}
	for (let head = 0; head < queue.length; head++) {
		const state = queue[head]!;
		best[state] = Math.min(best[state]!, best[fail[state]!]!);
		for (let cls = 1; cls < width; cls++) {
			const next = children[state]!.get(cls);
			if (next === undefined) delta[state * width + cls] = delta[fail[state]! * width + cls]!;
			else {
				fail[next] = delta[fail[state]! * width + cls]!;
				delta[state * width + cls] = next;
				queue.push(next);
			}
		}
	}
	const bestOf = Int32Array.from(best);
	const rootBest = bestOf[0]!;

	return {
		first(message: string): string | null {
			let found = rootBest;
			let state = 0;
			for (let i = 0; i < message.length && found !== 0; i++) {
				const unit = message.charCodeAt(i);
				const cls = unit < 128 ? ascii[unit]! : (wide.get(unit) ?? 0);
				state = cls === 0 ? 0 : delta[state * width + cls]!;
				const here = bestOf[state]!;
				if (here < found) found = here;
			}
			return found === NONE ? null : markers[found]!;
		},
	};
}
