const U64_MAX = 18_446_744_073_709_551_615n;

/**
 * The doctor's unsigned parse (docs/parsing.md F4): optional `+`, ASCII digits, at most u64::MAX.
 * Anything else (`-0`, `1e3`, `7ms`, a space, overflow, undefined) is null. Returns a bigint so
 * values above 2^53 print exactly.
 */
export function parseU64(text: string | undefined): bigint | null {
	if (text === undefined) return null;
	const digits = text.startsWith('+') ? text.slice(1) : text;
	if (digits.length === 0 || !/^[0-9]+$/.test(digits)) return null;
	const value = BigInt(digits);
	return value <= U64_MAX ? value : null;
}

const U32_MAX = 4_294_967_295n;
const I64_MIN = -9_223_372_036_854_775_808n;
const I64_MAX = 9_223_372_036_854_775_807n;

/** Rust's `str::parse::<u32>()`: optional `+`, ASCII digits, at most u32::MAX; else null. */
export function parseU32(text: string | undefined): number | null {
	const value = parseU64(text);
	return value === null || value > U32_MAX ? null : Number(value);
}

/** Rust's `str::parse::<i64>()`: optional `+` or `-`, ASCII digits, within i64; else null. A bigint, so every i64 prints exactly. */
export function parseI64(text: string | undefined): bigint | null {
	if (text === undefined) return null;
	const negative = text.startsWith('-');
	const digits = negative || text.startsWith('+') ? text.slice(1) : text;
	if (digits.length === 0 || !/^[0-9]+$/.test(digits)) return null;
	const value = negative ? -BigInt(digits) : BigInt(digits);
	return value < I64_MIN || value > I64_MAX ? null : value;
}
