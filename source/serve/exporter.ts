import {metricFamilies, type MetricSample} from '../core/metrics.js';
import {metricDefinitions} from '../core/metrics-catalog.js';
import type {WindowId} from '../core/window.js';
import type {Store} from '../tail/store.js';
import {createMetricsRegistries} from './metrics-registry.js';
import {startMetricsServer, type ListenAddress, type MetricsServer} from './metrics-server.js';
import {WriterProbe} from './writer-alive.js';

export type ExporterOptions = {
	readonly address: ListenAddress;
	/** The window the window gauges show (`--window`), whatever the dashboard shows. */
	readonly window: WindowId;
	readonly version: string;
	/** `--metrics-labels profile`: serve prodex_profile_lines_total (the store must count profiles). */
	readonly profileLabels: boolean;
	readonly now?: () => number;
};

/**
 * The exporter: a third consumer of the live session's store (beside the dashboard and
 * `--json --follow`). Each scrape reads the store's snapshot, maps it (core/metrics.ts) and lets
 * prom-client format it. Resolves once listening; rejects when the address cannot be bound.
 */
export async function startExporter(store: Store, options: ExporterOptions): Promise<MetricsServer> {
	const now = options.now ?? Date.now;
	const probe = new WriterProbe();
	let current = new Map<string, readonly MetricSample[]>();
	const registries = createMetricsRegistries(metricDefinitions(options.profileLabels), name => current.get(name) ?? []);
	return startMetricsServer(options.address, async openMetrics => {
		const snapshot = store.getSnapshot();
		const families = metricFamilies({
			snapshot,
			finalized: store.finalizedFor(options.window),
			version: options.version,
			runActive: probe.alive(snapshot),
			nowMs: now(),
			profileLabels: options.profileLabels,
		});
		current = new Map(families.map(family => [family.definition.name, family.samples]));
		const registry = openMetrics ? registries.openMetrics : registries.text;
		return {contentType: registry.contentType, body: await registry.metrics()};
	});
}
