import {readdirSync, readFileSync, readlinkSync} from 'node:fs';

/**
 * The TCP addresses a process listens on, read from /proc (its socket inodes matched against
 * /proc/net/tcp and tcp6 rows in the LISTEN state), as `127.0.0.1:9464` or `[::1]:9464`.
 */
export function listeningAddresses(pid: number): string[] {
	const inodes = new Set<string>();
	for (const fd of readdirSync(`/proc/${pid}/fd`)) {
		try {
			const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
			const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
			if (inode !== undefined) inodes.add(inode);
		} catch {
			// Closed while we looked.
		}
	}
	const found: string[] = [];
	for (const [table, v6] of [['/proc/net/tcp', false], ['/proc/net/tcp6', true]] as const) {
		let rows: string[];
		try {
			rows = readFileSync(table, 'utf8').split('\n').slice(1);
		} catch {
			continue;
		}
		for (const row of rows) {
			const columns = row.trim().split(/\s+/);
			// sl local_address rem_address st tx:rx tr:tm retrnsmt uid timeout inode
			if (columns.length < 10 || columns[3] !== '0A' || !inodes.has(columns[9]!)) continue;
			found.push(procAddress(columns[1]!, v6));
		}
	}
	return found;
}

/** A /proc/net/tcp(6) `local_address` (`0100007F:24E0`) as `127.0.0.1:9440`. */
export function procAddress(column: string, v6: boolean): string {
	const [hex, portHex] = column.split(':') as [string, string];
	return `${v6 ? `[${ipv6(hex)}]` : ipv4(hex)}:${Number.parseInt(portHex, 16)}`;
}

/** /proc/net/tcp's address: four bytes in host (little-endian) order. */
function ipv4(hex: string): string {
	return [6, 4, 2, 0].map(at => Number.parseInt(hex.slice(at, at + 2), 16)).join('.');
}

/** /proc/net/tcp6's address: four 32-bit words, each in host order; `::1` and `::` shortened. */
function ipv6(hex: string): string {
	const bytes: number[] = [];
	for (let word = 0; word < 4; word++) for (const at of [6, 4, 2, 0]) bytes.push(Number.parseInt(hex.slice(word * 8 + at, word * 8 + at + 2), 16));
	const groups = Array.from({length: 8}, (_, i) => ((bytes[i * 2]! << 8) | bytes[i * 2 + 1]!).toString(16));
	const text = groups.join(':');
	if (text === '0:0:0:0:0:0:0:1') return '::1';
	if (text === '0:0:0:0:0:0:0:0') return '::';
	return text;
}

/** Whether an address from listeningAddresses is a loopback one. */
export function isLoopback(address: string): boolean {
	return /^127\./.test(address) || address.startsWith('[::1]:') || address.startsWith('[0:0:0:0:0:ffff:7f');
}
