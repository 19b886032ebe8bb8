import {spawn, spawnSync, type ChildProcess} from 'node:child_process';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {createServer} from 'node:net';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

/** What Prometheus 2.42 sends when it scrapes (its Accept header). */
export const PROMETHEUS_ACCEPT = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';


/** `promtool check metrics` on a text exposition: its exit status (0 clean, 3 lint findings, 1 a parse error) and findings, sorted. */
export function promtoolCheckMetrics(exposition: string): {status: number | null; findings: string[]} {
	const result = spawnSync('promtool', ['check', 'metrics'], {input: exposition, encoding: 'utf8'});
	return {status: result.status, findings: `${result.stdout}${result.stderr}`.split('\n').filter(Boolean).sort()};
}

/** One scrape target: `host:port` (loopback) and the labels the scrape config adds. */
export type ScrapeTarget = {readonly address: string; readonly labels: Readonly<Record<string, string>>};

/** One sample of an instant vector. */
export type PromSample = {readonly metric: Readonly<Record<string, string>>; readonly value: number};

export type TestPrometheus = {
	/** `http://127.0.0.1:PORT`. */
	readonly url: string;
	/** Prometheus's process id. */
	readonly pid: number;
	/** An instant query (`/api/v1/query`); throws when Prometheus answers with an error. */
	query(expression: string): Promise<PromSample[]>;
	/** The health of every active target, by its `host` label (or address). */
	targetHealth(): Promise<Record<string, string>>;
	/** Prometheus's own output so far (for failure messages). */
	output(): string;
	/** Stop Prometheus (SIGTERM, SIGKILL after 5 s) and remove its temporary directory. */
	stop(): Promise<void>;
};

export type PrometheusOptions = {
	readonly targets: readonly ScrapeTarget[];
	readonly scrapeIntervalSeconds?: number;
	/** Rule files to load (absolute paths), for alert-rule checks. */
	readonly ruleFiles?: readonly string[];
	readonly evaluationIntervalSeconds?: number;
};

/** A free loopback TCP port (bound and released: the caller binds it at once). */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
		});
	});
}

/** Poll `probe` every `everyMs` until it returns something other than undefined; throws `what` (and the last value) after `timeoutMs`. */
export async function pollUntil<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 20_000, everyMs = 100): Promise<T> {
	const deadline = Date.now() + timeoutMs;
	let lastError: unknown = null;
	for (;;) {
		try {
			const value = await probe();
			if (value !== undefined) return value;
		} catch (error) {
			lastError = error;
		}
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${lastError === null ? '' : `: ${(lastError as Error).message}`}`);
		await new Promise(resolve => setTimeout(resolve, everyMs));
	}
}

function scrapeConfig(options: PrometheusOptions): string {
	const interval = options.scrapeIntervalSeconds ?? 1;
	const lines = [
		'global:',
		`  scrape_interval: ${interval}s`,
		`  scrape_timeout: ${Math.max(1, interval)}s`,
		`  evaluation_interval: ${options.evaluationIntervalSeconds ?? interval}s`,
		...(options.ruleFiles === undefined || options.ruleFiles.length === 0 ? [] : ['rule_files:', ...options.ruleFiles.map(file => `  - ${JSON.stringify(file)}`)]),
		'scrape_configs:',
		'  - job_name: prodex',
		'    static_configs:',
		...options.targets.flatMap(target => [`      - targets: [${JSON.stringify(target.address)}]`, `        labels: ${JSON.stringify(target.labels)}`]),
	];
	return `${lines.join('\n')}\n`;
}

/**
 * Start the system's Prometheus (Debian's 2.42 at /usr/bin/prometheus) on a free loopback port
 * with a temporary data directory and a scrape config for `targets`; resolves when its API is
 * ready. Never listens beyond 127.0.0.1.
 */
export async function startPrometheus(options: PrometheusOptions): Promise<TestPrometheus> {
	const dir = mkdtempSync(join(tmpdir(), 'prodex-top-prometheus-'));
	const config = join(dir, 'prometheus.yml');
	writeFileSync(config, scrapeConfig(options));
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	let output = '';
	const child: ChildProcess = spawn(
		'prometheus',
		[`--config.file=${config}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn', '--storage.tsdb.retention.time=1h'],
		{stdio: ['ignore', 'pipe', 'pipe']},
	);
	child.stdout!.on('data', chunk => (output += String(chunk)));
	child.stderr!.on('data', chunk => (output += String(chunk)));
	const exited = new Promise<void>(resolve => child.once('exit', () => resolve()));
	let running = true;
	void exited.then(() => (running = false));
	const stop = async () => {
		if (running) {
			child.kill('SIGTERM');
			const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
			await exited;
			clearTimeout(killer);
		}
		rmSync(dir, {recursive: true, force: true});
	};
	const api = async (path: string) => {
		const response = await fetch(`${url}${path}`);
		const body = (await response.json()) as {status: string; error?: string; data: unknown};
		if (body.status !== 'success') throw new Error(`Prometheus: ${body.error ?? response.status}`);
		return body.data;
	};
	try {
		await pollUntil(`Prometheus ready on ${url}`, async () => {
			if (!running) throw new Error(`Prometheus exited: ${output}`);
			return (await fetch(`${url}/-/ready`)).ok ? true : undefined;
		});
	} catch (error) {
		await stop();
		throw error;
	}
	return {
		url,
		pid: child.pid!,
		async query(expression) {
			const data = (await api(`/api/v1/query?query=${encodeURIComponent(expression)}`)) as {result: Array<{metric: Record<string, string>; value: [number, string]}>};
			return data.result.map(sample => ({metric: sample.metric, value: Number(sample.value[1])}));
		},
		async targetHealth() {
			const data = (await api('/api/v1/targets')) as {activeTargets: Array<{labels: Record<string, string>; health: string; scrapeUrl: string}>};
			return Object.fromEntries(data.activeTargets.map(target => [target.labels['host'] ?? target.scrapeUrl, target.health]));
		},
		output: () => output,
		stop,
	};
}
