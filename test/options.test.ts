import {describe, expect, test} from 'vitest';
import {parseMetricsAddress, parseOptions} from '../source/options.js';

describe('--metrics [HOST:]PORT', () => {
	test.each([
		['9464', {host: '127.0.0.1', port: 9464}],
		['0', {host: '127.0.0.1', port: 0}],
		['127.0.0.1:9464', {host: '127.0.0.1', port: 9464}],
		['0.0.0.0:9464', {host: '0.0.0.0', port: 9464}],
		['192.168.1.20:1', {host: '192.168.1.20', port: 1}],
		['localhost:9464', {host: 'localhost', port: 9464}],
		['[::1]:9464', {host: '::1', port: 9464}],
		['[::]:0', {host: '::', port: 0}],
		['[fe80::1:2]:65535', {host: 'fe80::1:2', port: 65_535}],
	])('%s → %j (the default host is loopback; any other only when named)', (text, address) => {
		expect(parseMetricsAddress(text)).toEqual(address);
	});

	test.each(['', ':9464', 'example.com:9464', '256.0.0.1:9464', '1.2.3:9464', '::1:9464', '[::1]', '[x]:1', '[127.0.0.1]:1', '9464:', '-1', '65536', '99999', '12a', '1.2.3.4:'])('%j is refused', text => {
		expect(parseMetricsAddress(text)).toHaveProperty('error');
	});

	test('the options: metrics, headless, metricsLabels', () => {
		expect(parseOptions({}, [])).toMatchObject({metrics: null, headless: false, metricsLabels: []});
		expect(parseOptions({metrics: '9464', headless: true, metricsLabels: 'profile,profile'}, [])).toMatchObject({metrics: {host: '127.0.0.1', port: 9464}, headless: true, metricsLabels: ['profile'], mode: 'dashboard'});
		expect(parseOptions({metrics: '9464', demo: true}, [])).toMatchObject({source: {kind: 'demo'}});
		expect(parseOptions({headless: true}, [])).toEqual({error: '--headless needs --metrics [HOST:]PORT'});
		expect(parseOptions({metrics: '9464', once: true}, [])).toHaveProperty('error');
	});
});
