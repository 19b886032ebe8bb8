/**
 * Where R5's quoted runs end (docs/parsing.md R5): from an opening `"` or `'`, a backslash skips
 * the next unit, up to the same quote. R5 tries such a run at every quote it meets and, when no
 * separator follows, rescans inside it, so walking each run afresh can cost the rest of the text
 * every time: `"\"\"\"…` or `" \" \" … "` took time quadratic in the line (a 32 KiB line 0.6 s,
 * a 1 MiB line minutes). Here the walks are direct while their total stays within a few times the
 * text's length (every ordinary line); past that, the ends come from a table made in one
 * right-to-left pass per quote character, so a text costs O(length) whatever it holds.
 * Same answers as the walk (test/core/quote-ends.test.ts).
 *
 * Pure TypeScript: no Node APIs.
 */

const BACKSLASH = 0x5c;
const QUOTE = 0x22;

export class QuoteEnds {
	/** Units walked so far (the table pass counts the text's length): what the bound is about. */
	steps = 0;
	private doubleEnds: Int32Array | undefined;
	private singleEnds: Int32Array | undefined;

	/** `budget`: walked units allowed before the tables are used (default 4 × length + 256). */
	constructor(
		private readonly text: string,
		private readonly budget = 4 * text.length + 256,
	) {}

	/** The index of the quote that closes the run opened by the quote at `open`, or -1 when the text ends first. */
	closing(open: number): number {
		const text = this.text;
		const quote = text.charCodeAt(open);
		let ends = quote === QUOTE ? this.doubleEnds : this.singleEnds;
		if (ends === undefined && this.steps > this.budget) ends = this.table(quote);
		if (ends !== undefined) {
			this.steps++;
			return ends[open + 1]!;
		}
		const length = text.length;
		let cursor = open + 1;
		while (cursor < length) {
			this.steps++;
			const c = text.charCodeAt(cursor);
			if (c === quote) return cursor;
			cursor += c === BACKSLASH ? 2 : 1;
		}
		return -1;
	}

	/** ends[i] = where the walk that reaches index i stops (the closing quote, or -1). */
	private table(quote: number): Int32Array {
		const text = this.text;
		const length = text.length;
		const ends = new Int32Array(length + 2).fill(-1, length);
		for (let i = length - 1; i >= 0; i--) {
			const c = text.charCodeAt(i);
			ends[i] = c === quote ? i : c === BACKSLASH ? ends[i + 2]! : ends[i + 1]!;
		}
		this.steps += length;
		if (quote === QUOTE) this.doubleEnds = ends;
		else this.singleEnds = ends;
		return ends;
	}
}
