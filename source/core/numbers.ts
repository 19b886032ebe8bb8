const U64_MAX = 18_446_744_073_709_551_615n;

/**
 * The doctor's unsigned parse (parsing-contract.md F4): optional `+`, ASCII digits, at most u64::MAX.
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
