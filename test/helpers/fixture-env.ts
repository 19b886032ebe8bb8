import {cpSync, mkdtempSync, rmSync, utimesSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

const FIXTURES = new URL('../fixtures/', import.meta.url).pathname;

export const LOG_4242 = 'prodex-runtime-4242-1745460000000-0.log';
export const LOG_4343 = 'prodex-runtime-4343-1745463600000-1.log';

/** A private copy of fixtures/logdir and fixtures/prodex-home with the mtimes of fixtures/README.md §1. */
export type FixtureEnv = {
	readonly root: string;
	readonly logDir: string;
	readonly prodexHome: string;
	/** Write the pointer file with this content (absolute path + newline, as prodex writes it). */
	pointTo(target: string): void;
	cleanup(): void;
};

/** Copy the fixtures into a fresh temp dir (never touch the checked-in copies). */
export function fixtureEnv(): FixtureEnv {
	const root = mkdtempSync(join(tmpdir(), 'prodex-top-fixture-'));
	const logDir = join(root, 'logdir');
	const prodexHome = join(root, 'prodex-home');
	cpSync(join(FIXTURES, 'logdir'), logDir, {recursive: true});
	cpSync(join(FIXTURES, 'prodex-home'), prodexHome, {recursive: true});
	utimesSync(join(logDir, LOG_4242), 1_745_460_071, 1_745_460_071);
	utimesSync(join(logDir, LOG_4343), 1_745_463_730, 1_745_463_730);
	utimesSync(join(prodexHome, 'profiles', 'old-work'), 1_744_772_700, 1_744_772_700);
	return {
		root,
		logDir,
		prodexHome,
		pointTo(target: string) {
			writeFileSync(join(logDir, 'prodex-runtime-latest.path'), `${target}\n`);
		},
		cleanup() {
			rmSync(root, {recursive: true, force: true});
		},
	};
}

/** The sample prodex home's counters at now = 1745463900 (fixtures/README.md §4). */
export const SAMPLE_HOME_COUNTERS = {
	persisted_retry_backoffs: 0,
	persisted_transport_backoffs: 0,
	persisted_route_circuits: 1,
	persisted_usage_snapshots: 2,
	persisted_response_bindings: 2,
	persisted_session_bindings: 0,
	persisted_turn_state_bindings: 0,
	persisted_session_id_bindings: 1,
	persisted_verified_continuations: 1,
	persisted_warm_continuations: 1,
	persisted_suspect_continuations: 1,
	persisted_continuation_journal_response_bindings: 1,
	persisted_continuation_journal_session_bindings: 0,
	persisted_continuation_journal_turn_state_bindings: 0,
	persisted_continuation_journal_session_id_bindings: 1,
	continuation_journal_saved_at: 1_745_463_614,
	recovered_state_file: false,
	recovered_continuations_file: false,
	recovered_continuation_journal_file: false,
	recovered_scores_file: false,
	recovered_usage_snapshots_file: false,
	recovered_backoffs_file: false,
	last_good_backups_present: 1,
} as const;
