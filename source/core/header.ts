import {scanMessage} from './fields.js';
import {parseStrictJson} from './json.js';
import {trimRust} from './rust-trim.js';

/** What a log's first line says about its writer (docs/rules.md §0). */
export type LogHeader = {
	/** `prodex_version=` of a current-style writer, or null (seed-era writer, or not a header line). */
	readonly version: string | null;
	readonly pid: string | null;
};

const HEADER_TEXT = 'runtime proxy log initialized';

/** Read the writer's version from the first line of a log file (text or JSON form). */
export function readHeader(firstLine: string | null): LogHeader {
	if (firstLine === null) return {version: null, pid: null};
	let message: string | null = null;
	const trimmed = trimRust(firstLine);
	if (trimmed.startsWith('{')) {
		const json = parseStrictJson(trimmed);
		const value = json?.kind === 'object' ? json.entries.get('message') : undefined;
		if (value?.kind === 'string') message = value.value;
	}
	if (message === null) {
		const cut = firstLine.indexOf('] ');
		message = trimRust(cut === -1 ? firstLine : firstLine.slice(cut + 2));
	}
	if (!message.includes(HEADER_TEXT)) return {version: null, pid: null};
	const {fields} = scanMessage(message);
	return {version: fields.get('prodex_version') ?? null, pid: fields.get('pid') ?? null};
}
