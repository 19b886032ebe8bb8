import {describe, expect, test} from 'vitest';
import {wantsOpenMetrics} from '../../source/serve/content-negotiation.js';
import {PROMETHEUS_ACCEPT} from '../helpers/prometheus.js';

describe('wantsOpenMetrics', () => {
	test.each([
		[undefined, false],
		['', false],
		['*/*', false],
		['text/plain', false],
		['text/plain;version=0.0.4', false],
		[PROMETHEUS_ACCEPT, true],
		['application/openmetrics-text', true],
		['Application/OpenMetrics-Text; version=1.0.0', true],
		['application/openmetrics-text;q=0', false],
		['text/plain, application/openmetrics-text;q=0.5', false],
		['text/plain;q=0.5, application/openmetrics-text', true],
		['text/*;q=0.2, application/openmetrics-text;q=0.3', true],
	])('Accept %j → OpenMetrics %s', (accept, expected) => {
		expect(wantsOpenMetrics(accept)).toBe(expected);
	});
});
