import {describe, expect, test} from 'vitest';
import {finalize} from '../../source/core/finalize.js';
import {parseLine} from '../../source/core/line.js';
import {RULES_027, RULES_CURRENT} from '../../source/core/rules/index.js';
import {EMPTY_STATE} from '../../source/core/state-inputs.js';
import {summarizeLines} from '../../source/core/summary.js';
import {PRESENT} from '../helpers/doctor.js';

const reasons = (lines: string[], rules = RULES_027, state = {}) =>
	finalize(summarizeLines(lines.map(line => parseLine(line, rules)), rules), rules, PRESENT, {...EMPTY_STATE, ...state}).pressureReasons;

describe('finalize: what raised each pressure level', () => {
	test('each elevated level names its markers with counts; a low level has none', () => {
		const got = reasons(['[t] selection_pick', '[t] selection_pick', '[t] stream_read_error', '[t] token_usage']);
		expect(got.selection_pressure).toEqual(['selection_pick 2']);
		expect(got.transport_pressure).toEqual(['stream_read_error 1']);
		expect(got.persistence_pressure).toEqual([]);
		expect(got.quota_freshness_pressure).toEqual([]);
		expect(got.startup_audit_pressure).toEqual([]);
	});

	test('stale-risk quota names stale snapshots and a persisted-snapshot top source; startup names orphan dirs and the audit fields', () => {
		const got = reasons(
			['[t] selection_pick quota_source=persisted_snapshot', '[t] runtime_proxy_startup_audit missing_managed_dirs=0 orphan_managed_dirs=2'],
			RULES_CURRENT,
			{stalePersistedUsageSnapshots: 3, orphanManagedDirs: ['old-work']},
		);
		expect(got.quota_freshness_pressure).toEqual(['stale snapshots 3', 'top quota_source persisted_snapshot (1)']);
		expect(got.startup_audit_pressure).toEqual(['orphan dirs old-work', 'orphan_managed_dirs=2']);
	});
});
