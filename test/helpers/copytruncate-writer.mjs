// A writer at ~2000 lines/s that rotates by copytruncate (copy the log, then truncate it) every
// `rotateMs`; prints {written, truncations} as JSON when done (test/tail/races.test.ts).
import {appendFileSync, copyFileSync, truncateSync} from 'node:fs';

const [path, totalText, rotateText] = process.argv.slice(2);
const total = Number(totalText);
const rotateMs = Number(rotateText);
let written = 0;
let truncations = 0;
let lastRotate = Date.now();
const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));
while (written < total) {
	let text = '';
	for (let i = 0; i < 20 && written < total; i++) text += `[${new Date().toISOString()}] selection_pick request=${++written} route=responses\n`;
	appendFileSync(path, text);
	if (Date.now() - lastRotate >= rotateMs) {
		copyFileSync(path, `${path}.${truncations + 1}`);
		truncateSync(path, 0);
		truncations++;
		lastRotate = Date.now();
	}
	await sleep(10);
}
process.stdout.write(`${JSON.stringify({written, truncations})}\n`);
