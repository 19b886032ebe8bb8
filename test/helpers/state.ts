import type {ContinuationStatus} from '../../source/core/state/types.js';

/** A continuation status: Warm with zero counters unless overridden (the defaults of prodex's serde). */
export const status = (overrides: Partial<ContinuationStatus>): ContinuationStatus => ({
	state: 'Warm',
	confidence: 0,
	lastTouchedAt: null,
	lastVerifiedAt: null,
	lastVerifiedRoute: null,
	lastNotFoundAt: null,
	notFoundStreak: 0,
	successCount: 0,
	failureCount: 0,
	...overrides,
});
