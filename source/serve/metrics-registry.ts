import {collectDefaultMetrics, Counter, Gauge, Registry, type RegistryContentType} from 'prom-client';
import type {MetricSample} from '../core/metrics.js';
import type {MetricDefinition} from '../core/metrics-catalog.js';

/** The samples of a family now, by name (asked once per family per scrape). */
export type SampleSource = (name: string) => readonly MetricSample[];

/** Prefix of prom-client's process metrics (CPU, memory, event loop) about the exporter itself. */
export const PROCESS_METRICS_PREFIX = 'prodex_exporter_';

/** prom-client's default gauges whose names end in `_total` (promtool's lint reads them as counters): left out. */
const LINT_FAILING_DEFAULTS = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'];

/** The two expositions: the Prometheus text format (0.0.4) and OpenMetrics 1.0. */
export type MetricsRegistries = {readonly text: Registry<RegistryContentType>; readonly openMetrics: Registry<RegistryContentType>};

/**
 * prom-client registries over `samples`: one per format, each with its own metric objects
 * (prom-client renames a counter in place for OpenMetrics, so one object cannot serve both).
 * Each family is a prom-client Gauge or Counter whose collect() sets the samples of the mapping
 * (core/metrics.ts). prom-client runs every collect() synchronously at the start of
 * `registry.metrics()`, so samples set just before that call are the ones exposed.
 */
export function createMetricsRegistries(definitions: readonly MetricDefinition[], samples: SampleSource): MetricsRegistries {
	const make = (contentType: RegistryContentType) => {
		const registry = new Registry<RegistryContentType>();
		registry.setContentType(contentType);
		for (const definition of definitions) register(registry, definition, samples);
		collectDefaultMetrics({register: registry, prefix: PROCESS_METRICS_PREFIX});
		for (const name of LINT_FAILING_DEFAULTS) registry.removeSingleMetric(`${PROCESS_METRICS_PREFIX}${name}`);
		return registry;
	};
	return {text: make(Registry.PROMETHEUS_CONTENT_TYPE), openMetrics: make(Registry.OPENMETRICS_CONTENT_TYPE)};
}

function register(registry: Registry<RegistryContentType>, definition: MetricDefinition, samplesOf: SampleSource): void {
	const config = {name: definition.name, help: definition.help, labelNames: [...definition.labelNames], registers: [registry]};
	if (definition.type === 'counter') {
		new Counter({
			...config,
			collect() {
				this.reset();
				// Without labels a counter with no sample prints 0; a run that has not started has none.
				for (const {labels, value} of samplesOf(definition.name)) this.inc(labels, value);
			},
		});
		return;
	}
	new Gauge({
		...config,
		collect() {
			this.reset();
			const samples = samplesOf(definition.name);
			// "No series" (null in --json, no line yet) must not read as 0.
			if (samples.length === 0 && definition.labelNames.length === 0) this.remove();
			for (const {labels, value} of samples) this.set(labels, value);
		},
	});
}
