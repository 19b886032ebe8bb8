/**
 * Side-by-side live CPU of several builds on the same machine at the same time (this machine is
 * shared and noisy: only ratios within one run mean anything). Two alternating rounds.
 *
 *   node --import tsx bench/ab-live.ts RATE DIST_A/cli.js DIST_B/cli.js …
 *
 * Build an older commit with `git worktree add /tmp/x SHA && cd /tmp/x && npm ci && npm run build`.
 */
import {liveFollowBench} from './live-follow.js';

const [rate, ...clis] = process.argv.slice(2);
for (let round = 0; round < 2; round++) {
	for (const cli of clis) {
		console.log(cli);
		await liveFollowBench(cli, [Number(rate)], 8);
	}
}
