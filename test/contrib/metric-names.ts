import {METRIC_DEFINITIONS, PROFILE_METRIC} from '../../source/core/metrics-catalog.js';

/**
 * The exporter's metric catalog as Prometheus stores the names (counters carry their `_total`):
 * contrib/ may name only metrics the exporter serves (the opt-in profile counter included).
 */
export const METRIC_NAMES: readonly string[] = [...METRIC_DEFINITIONS, PROFILE_METRIC].map(definition => definition.name);

/** Series Prometheus makes itself for every target (the exporter-down alert needs `up`). */
export const PROMETHEUS_OWN_NAMES: readonly string[] = ['up'];
