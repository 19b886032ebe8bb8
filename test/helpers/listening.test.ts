import {createServer} from 'node:net';
import {describe, expect, test} from 'vitest';
import {isLoopback, listeningAddresses, procAddress} from './listening.js';

describe('listeningAddresses (the loopback check of the exporter tests)', () => {
	test('decodes /proc/net/tcp and tcp6 addresses', () => {
		expect(procAddress('0100007F:24E0', false)).toBe('127.0.0.1:9440');
		expect(procAddress('00000000:0050', false)).toBe('0.0.0.0:80');
		expect(procAddress('0500000A:1F90', false)).toBe('10.0.0.5:8080');
		expect(procAddress('00000000000000000000000001000000:1F90', true)).toBe('[::1]:8080');
		expect(procAddress('00000000000000000000000000000000:1F90', true)).toBe('[::]:8080');
		expect(['127.0.0.1:1', '[::1]:1'].every(isLoopback)).toBe(true);
		expect(['0.0.0.0:1', '10.0.0.5:1', '[::]:1'].some(isLoopback)).toBe(false);
	});

	test("finds this process's own loopback listener", async () => {
		const server = createServer();
		await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
		const {port} = server.address() as {port: number};
		try {
			expect(listeningAddresses(process.pid)).toContain(`127.0.0.1:${port}`);
		} finally {
			await new Promise(resolve => server.close(resolve));
		}
	});
});
