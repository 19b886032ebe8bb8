import {closeSync, constants, existsSync, fchmodSync, mkdirSync, openSync, writeSync} from 'node:fs';
import {join, relative} from 'node:path';

/** The three texts of a snapshot. */
export type SnapshotTexts = {readonly text: string; readonly json: string};

const pad = (n: number) => String(n).padStart(2, '0');

/** `prodex-top-YYYYMMDD-HHMMSS` in local time. */
export function snapshotBaseName(ms: number): string {
	const d = new Date(ms);
	return `prodex-top-${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`;
}

/** The `.md` form: the screen and summary in a text block, then the JSON summary, ready to paste into an issue. */
export function snapshotMarkdown(texts: SnapshotTexts, title: string): string {
	return `### ${title}\n\n\`\`\`text\n${texts.text.trimEnd()}\n\`\`\`\n\n<details><summary>JSON summary</summary>\n\n\`\`\`json\n${texts.json.trimEnd()}\n\`\`\`\n\n</details>\n`;
}

/** Snapshots are bug-report material: readable by their owner only. */
export const SNAPSHOT_MODE = 0o600;

// O_EXCL: never overwrite, never follow a symlink planted at the name; O_NOFOLLOW says so twice.
const CREATE_FLAGS = constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | (constants.O_NOFOLLOW ?? 0);

/** Create `path` (it must not exist) with mode 0600 whatever the umask, and write `text`. */
function writePrivate(path: string, text: string): void {
	const fd = openSync(path, CREATE_FLAGS, SNAPSHOT_MODE);
	try {
		// The umask can only take bits away from 0600; fchmod makes it exactly 0600 (a umask of 0200 would give 0400).
		fchmodSync(fd, SNAPSHOT_MODE);
		const bytes = Buffer.from(text);
		for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
	} finally {
		closeSync(fd);
	}
}

/**
 * Write `<dir>/prodex-top-<time>.txt`, `.md` and `.json` (a `-2`, `-3`, … suffix when the name is
 * taken), each mode 0600; returns the path of the `.txt`. Throws on I/O errors (the caller shows them).
 */
export function writeSnapshot(dir: string, texts: SnapshotTexts, nowMs: number): string {
	mkdirSync(dir, {recursive: true});
	const base = snapshotBaseName(nowMs);
	let name = base;
	for (let n = 2; ['.txt', '.md', '.json'].some(ext => existsSync(join(dir, name + ext))); n++) name = `${base}-${n}`;
	const path = join(dir, name);
	writePrivate(`${path}.txt`, texts.text.endsWith('\n') ? texts.text : `${texts.text}\n`);
	writePrivate(`${path}.md`, snapshotMarkdown(texts, `prodex-top snapshot ${name}`));
	writePrivate(`${path}.json`, texts.json.endsWith('\n') ? texts.json : `${texts.json}\n`);
	return `${path}.txt`;
}

/** A path for messages: relative to the current directory when shorter. */
export function displayPath(path: string, cwd: string): string {
	const rel = relative(cwd, path);
	return rel.length < path.length && !rel.startsWith('..') ? `./${rel}` : path;
}
