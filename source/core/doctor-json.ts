import type {JsonOut} from './json-out.js';
import type {DoctorReport} from './report.js';
import type {PersistedState} from './state/derive.js';

/**
 * The one `--json` object (doctor-output.md §4.1): the doctor's keys plus the persisted-state
 * counters and `profiles`. `--json`, each `--json --follow` record and dashboard snapshots build on it.
 */
export function doctorJson(report: DoctorReport, state: Pick<PersistedState, 'counters' | 'profiles'>): Record<string, JsonOut> {
	return {...report, ...state.counters, profiles: state.profiles} as Record<string, JsonOut>;
}
