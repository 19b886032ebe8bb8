import {createServer, type IncomingMessage, type ServerResponse} from 'node:http';
import type {AddressInfo} from 'node:net';
import {wantsOpenMetrics} from './content-negotiation.js';

/** Where the exporter listens (options.ts parses `--metrics [HOST:]PORT`; port 0 = ephemeral). */
export type ListenAddress = {readonly host: string; readonly port: number};

/** One exposition of the metrics. */
export type Exposition = {readonly contentType: string; readonly body: string};

export type MetricsServer = {
	/** `http://HOST:PORT/metrics` with the port actually bound. */
	readonly url: string;
	readonly port: number;
	close(): Promise<void>;
};

const INDEX = 'prodex-top exporter\n\nMetrics: /metrics (Prometheus text format 0.0.4, or OpenMetrics 1.0 with Accept: application/openmetrics-text)\n';

/** `http://host:port/metrics`, IPv6 literals in brackets. */
export function metricsUrl(host: string, port: number): string {
	return `http://${host.includes(':') ? `[${host}]` : host}:${port}/metrics`;
}

/** The one line for an address that cannot be bound (EADDRINUSE, EADDRNOTAVAIL, EACCES). */
export function listenErrorText(address: ListenAddress, error: unknown): string {
	const {code, message} = error as NodeJS.ErrnoException;
	const why = code === 'EADDRINUSE' ? 'address in use' : code === 'EADDRNOTAVAIL' ? 'not an address of this host' : code === 'EACCES' ? 'permission denied' : (code ?? message);
	return `cannot listen on ${metricsUrl(address.host, address.port)}: ${why}`;
}

function send(response: ServerResponse, status: number, contentType: string, body: string, head: boolean): void {
	response.writeHead(status, {'Content-Type': contentType, 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store'});
	response.end(head ? undefined : body);
}

/**
 * The HTTP side of the exporter: GET (or HEAD) `/metrics` → `render`, content-negotiated
 * (OpenMetrics when the Accept header asks for it, else text 0.0.4); `/` a short page pointing
 * there; other paths 404; other methods 405. Rejects when the address cannot be bound.
 */
export async function startMetricsServer(address: ListenAddress, render: (openMetrics: boolean) => Promise<Exposition>): Promise<MetricsServer> {
	const handle = async (request: IncomingMessage, response: ServerResponse) => {
		const path = (request.url ?? '/').split('?')[0];
		const head = request.method === 'HEAD';
		if (request.method !== 'GET' && !head) {
			response.setHeader('Allow', 'GET, HEAD');
			send(response, 405, 'text/plain; charset=utf-8', 'method not allowed\n', false);
			return;
		}
		if (path === '/') return send(response, 200, 'text/plain; charset=utf-8', INDEX, head);
		if (path !== '/metrics') return send(response, 404, 'text/plain; charset=utf-8', 'not found: see /metrics\n', head);
		try {
			const {contentType, body} = await render(wantsOpenMetrics(request.headers.accept));
			send(response, 200, contentType, body, head);
		} catch (error) {
			send(response, 500, 'text/plain; charset=utf-8', `cannot render metrics: ${(error as Error).message}\n`, head);
		}
	};
	const server = createServer((request, response) => void handle(request, response));
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen({host: address.host, port: address.port, exclusive: true}, () => {
			server.off('error', reject);
			resolve();
		});
	});
	const {port} = server.address() as AddressInfo;
	return {
		url: metricsUrl(address.host, port),
		port,
		close: () =>
			new Promise<void>(resolve => {
				server.close(() => resolve());
				// A scraper's keep-alive connection must not hold the shutdown.
				server.closeAllConnections();
			}),
	};
}
