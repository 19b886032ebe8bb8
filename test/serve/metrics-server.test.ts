import {afterEach, describe, expect, test} from 'vitest';
import {RULES_CURRENT} from '../../source/core/rules/index.js';
import {parseOptions, type MetricsAddress} from '../../source/options.js';
import {startExporter} from '../../source/serve/exporter.js';
import {listenErrorText, metricsUrl, startMetricsServer, type MetricsServer} from '../../source/serve/metrics-server.js';
import type {Store} from '../../source/tail/store.js';
import {storeWith} from '../helpers/ui.js';
import {PROMETHEUS_ACCEPT, promtoolCheckMetrics} from '../helpers/prometheus.js';

const LINES = [
	'[2026-04-24 09:40:00.000 +07:00] runtime proxy log initialized pid=1 prodex_version=0.411.0',
	'[2026-04-24 09:40:01.000 +07:00] selection_pick profile=main route=responses',
	'[2026-04-24 09:40:03.000 +07:00] stream_read_error profile=main transport=http',
	'[2026-04-24 09:40:04.000 +07:00] state_save_queued revision=3 backlog=4 ready=1',
	'[2026-04-24 09:40:06.000 +07:00] runtime_proxy_lane_limit_reached lane=compact active=4 limit=4',
];

const servers: MetricsServer[] = [];
const stores: Store[] = [];
afterEach(async () => {
	for (const server of servers.splice(0)) await server.close();
	for (const store of stores.splice(0)) store.dispose();
});

async function exporter(address: MetricsAddress = {host: '127.0.0.1', port: 0}): Promise<MetricsServer> {
	const store = storeWith(LINES, RULES_CURRENT);
	stores.push(store);
	const server = await startExporter(store, {address, window: 'doctor', version: '1.2.3', profileLabels: false});
	servers.push(server);
	return server;
}

describe('the metrics server', () => {
	test('--metrics PORT binds 127.0.0.1; the URL names the port actually bound', async () => {
		const options = parseOptions({metrics: '0'}, []);
		if ('error' in options) throw new Error(options.error);
		const server = await exporter(options.metrics!);
		expect(server.url).toBe(`http://127.0.0.1:${server.port}/metrics`);
		expect(server.port).toBeGreaterThan(0);
		expect((await fetch(server.url)).status).toBe(200);
	});

	test('an IPv6 address in brackets', async () => {
		const server = await exporter({host: '::1', port: 0});
		expect(server.url).toBe(`http://[::1]:${server.port}/metrics`);
		expect((await fetch(server.url)).status).toBe(200);
	});

	test('content negotiation: text 0.0.4 by default, OpenMetrics (with # EOF) when asked, as Prometheus asks', async () => {
		const server = await exporter();
		const text = await fetch(server.url);
		expect(text.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
		const textBody = await text.text();
		expect(textBody).not.toContain('# EOF');
		expect(textBody).toContain('# TYPE prodex_lines_read_total counter\nprodex_lines_read_total 5\n');
		for (const accept of [PROMETHEUS_ACCEPT, 'application/openmetrics-text']) {
			const open = await fetch(server.url, {headers: {accept}});
			expect(open.headers.get('content-type')).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
			const body = await open.text();
			expect(body.endsWith('\n# EOF\n')).toBe(true);
			// OpenMetrics names the counter family without _total, its sample with it.
			expect(body).toContain('# TYPE prodex_lines_read counter\nprodex_lines_read_total 5\n');
		}
		// prom-client renames a counter in place for OpenMetrics: the text registry has its own objects.
		expect(await (await fetch(server.url)).text()).toContain('\nprodex_lines_read_total 5\n');
		expect(textBody).toContain('prodex_build_info{version="1.2.3",rules="current"} 1');
		expect(textBody).toContain('prodex_exporter_process_cpu_seconds_total');
	});

	test('/ points to /metrics; other paths 404; other methods 405; HEAD has no body', async () => {
		const server = await exporter();
		const root = server.url.replace(/\/metrics$/, '');
		const index = await fetch(`${root}/`);
		expect(index.status).toBe(200);
		expect(await index.text()).toContain('/metrics');
		for (const path of ['/x', '/metrics/', '/metricsx', '/favicon.ico']) expect((await fetch(`${root}${path}`)).status, path).toBe(404);
		expect((await fetch(`${server.url}?name=x`)).status).toBe(200);
		const post = await fetch(server.url, {method: 'POST', body: 'x'});
		expect(post.status).toBe(405);
		expect(post.headers.get('allow')).toBe('GET, HEAD');
		const head = await fetch(server.url, {method: 'HEAD'});
		expect(head.status).toBe(200);
		expect(await head.text()).toBe('');
	});

	test('an address in use is refused with one line', async () => {
		const first = await startMetricsServer({host: '127.0.0.1', port: 0}, async () => ({contentType: 'text/plain', body: ''}));
		servers.push(first);
		const error = await startMetricsServer({host: '127.0.0.1', port: first.port}, async () => ({contentType: 'text/plain', body: ''})).then(
			() => null,
			(error: unknown) => error,
		);
		expect(listenErrorText({host: '127.0.0.1', port: first.port}, error)).toBe(`cannot listen on http://127.0.0.1:${first.port}/metrics: address in use`);
		expect(metricsUrl('::1', 9)).toBe('http://[::1]:9/metrics');
	});

	test('promtool check metrics passes on the text exposition: no parse error, no lint finding', async () => {
		const server = await exporter();
		const body = await (await fetch(server.url)).text();
		const {status, findings} = promtoolCheckMetrics(body);
		expect(findings).toEqual([]);
		// Exit status 3 would be "lint problems", 1 a parse error.
		expect(status).toBe(0);
		expect(body).toContain('prodex_exporter_process_cpu_seconds_total');
		// A broken exposition and a lint problem are caught: the check is real.
		expect(promtoolCheckMetrics('prodex_x{a="1" 1\n').status).toBe(1);
		expect(promtoolCheckMetrics('# TYPE prodex_x_count gauge\nprodex_x_count 1\n').status).toBe(3);
	});
});
