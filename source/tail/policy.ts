import {closeSync, constants, fstatSync, openSync, readSync} from 'node:fs';
import {join} from 'node:path';
import {runtimeSettings, type RuntimeSettings} from '../core/policy-settings.js';
import {parseToml, type TomlDoc} from '../core/policy-toml.js';

/** `policy.toml` larger than this is not read (1 MiB; a policy is a few KiB). */
export const MAX_POLICY_BYTES = 1024 * 1024;

/** The policy file as read: its path and parsed pairs, or why it was not read. */
export type PolicyFile =
	| {readonly kind: 'read'; readonly path: string; readonly doc: TomlDoc}
	| {readonly kind: 'missing'; readonly path: string}
	| {readonly kind: 'refused'; readonly path: string; readonly reason: string};

// O_NONBLOCK: a FIFO named policy.toml cannot block the open.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Read `<prodex home>/policy.toml`: a regular file of at most 1 MiB of UTF-8. */
export function readPolicyFile(prodexHome: string): PolicyFile {
	const path = join(prodexHome, 'policy.toml');
	let fd: number;
	try {
		fd = openSync(path, OPEN_FLAGS);
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code ?? 'error';
		return code === 'ENOENT' || code === 'ENOTDIR' ? {kind: 'missing', path} : {kind: 'refused', path, reason: code};
	}
	try {
		const stat = fstatSync(fd);
		if (!stat.isFile()) return {kind: 'refused', path, reason: 'not a regular file'};
		if (stat.size > MAX_POLICY_BYTES) return {kind: 'refused', path, reason: 'larger than 1 MiB'};
		const buffer = Buffer.alloc(MAX_POLICY_BYTES + 1);
		let length = 0;
		for (;;) {
			const n = readSync(fd, buffer, length, buffer.length - length, null);
			if (n === 0 || length + n >= buffer.length) {
				length += n;
				break;
			}
			length += n;
		}
		if (length > MAX_POLICY_BYTES) return {kind: 'refused', path, reason: 'larger than 1 MiB'};
		let text: string;
		try {
			text = new TextDecoder('utf-8', {fatal: true}).decode(buffer.subarray(0, length));
		} catch {
			return {kind: 'refused', path, reason: 'not UTF-8'};
		}
		return {kind: 'read', path, doc: parseToml(text)};
	} catch (error) {
		return {kind: 'refused', path, reason: (error as NodeJS.ErrnoException).code ?? 'error'};
	} finally {
		closeSync(fd);
	}
}

/**
 * Read `[runtime] log_dir` / `log_format` as prodex does; returns null when the file is missing,
 * unreadable or invalid for this purpose (prodex then silently ignores it). Only the `[runtime]`
 * table is checked: prodex also rejects the whole file for errors in other tables, which
 * prodex-top cannot know in full (readme: "Where the log is").
 */
export function readRuntimePolicy(prodexHome: string): RuntimeSettings | null {
	const file = readPolicyFile(prodexHome);
	return file.kind === 'read' ? runtimeSettings(file.doc) : null;
}
