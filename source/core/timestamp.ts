const STAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:[.,](\d{1,9}))?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * Epoch milliseconds of a log timestamp: prodex's `2025-04-24 10:00:04.388 +07:00` and ISO
 * forms (`2026-04-28T00:00:00Z`, `…T04:00:01.100Z`). Null when the text is not such a time
 * (the doctor itself keeps timestamps as opaque text; only the live windows need times).
 * A time without an offset is read as UTC.
 */
export function timestampMs(text: string | null): number | null {
	if (text === null) return null;
	const match = STAMP.exec(text.trim());
	if (match === null) return null;
	const [, y, mo, d, h, mi, s, fraction, zone] = match;
	const ms = fraction === undefined ? 0 : Number(`0.${fraction}`) * 1000;
	let offsetMinutes = 0;
	if (zone !== undefined && zone !== 'Z' && zone !== 'z') {
		const sign = zone.startsWith('-') ? -1 : 1;
		const digits = zone.slice(1).replace(':', '');
		offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
	}
	const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)) + Math.floor(ms);
	return Number.isFinite(utc) ? utc - offsetMinutes * 60_000 : null;
}

/** How far ahead of its arrival a line's own time may be and still count (clock skew, 60 s). */
export const FUTURE_SKEW_MS = 60_000;

/**
 * The time a line counts at in the time windows (docs/log-format.md §1.8): its timestamp, any
 * offset honoured; its arrival when it has none, and when its timestamp lies more than
 * FUTURE_SKEW_MS after its arrival (a wrong clock or a hostile line must not hold the windows
 * open). The windows then take the running maximum, so an out-of-order line counts at the newest
 * time seen before it and every window stays a suffix of the log.
 */
export function lineTimeMs(timestamp: string | null, arrivalMs: number): number {
	const own = timestampMs(timestamp);
	return own === null || own > arrivalMs + FUTURE_SKEW_MS ? arrivalMs : own;
}
