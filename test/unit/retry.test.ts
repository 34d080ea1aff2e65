import type { HttpFailure } from '../../shared/errors';
import { classifyFailure } from '../../shared/errors';
import {
	backoffMs,
	isSafeToRepeat,
	RETRY_AFTER_CAP_MS,
	retryDelay,
	retryHintMs,
} from '../../shared/http/retry';

const status = (code: number, headers: Record<string, string> = {}): HttpFailure => ({
	kind: 'status',
	status: code,
	headers,
	body: undefined,
});
const network = (code: string): HttpFailure => classifyFailure({ code, message: code })!;
const noJitter = () => 0.5;

describe('retry policy', () => {
	it('reads retry hints in the order the Azure SDKs do', () => {
		const now = Date.parse('2026-01-01T00:00:00Z');
		expect(retryHintMs({ 'retry-after-ms': '250', 'retry-after': '9' }, now)).toBe(250);
		expect(retryHintMs({ 'x-ms-retry-after-ms': '40' }, now)).toBe(40);
		expect(retryHintMs({ 'retry-after': '3' }, now)).toBe(3000);
		expect(retryHintMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:05 GMT' }, now)).toBe(5000);
		expect(retryHintMs({ 'retry-after': 'soon' }, now)).toBeUndefined();
		expect(retryHintMs({}, now)).toBeUndefined();
	});

	it('waits exactly the hinted time on 429 and 503, capped, for every method', () => {
		for (const method of ['GET', 'DELETE', 'POST']) {
			expect(retryDelay(isSafeToRepeat(method), status(429, { 'retry-after-ms': '120' }), 0)).toBe(
				120,
			);
			expect(retryDelay(isSafeToRepeat(method), status(503, { 'retry-after': '2' }), 2)).toBe(2000);
			expect(retryDelay(isSafeToRepeat(method), status(429, { 'retry-after': '3600' }), 0)).toBe(
				RETRY_AFTER_CAP_MS,
			);
		}
	});

	it('backs off exponentially from 1 s with jitter, capped', () => {
		expect(backoffMs(0, noJitter)).toBe(1000);
		expect(backoffMs(1, noJitter)).toBe(2000);
		expect(backoffMs(2, noJitter)).toBe(4000);
		expect(backoffMs(20, noJitter)).toBe(30_000);
		expect(backoffMs(0, () => 0)).toBe(800);
		expect(backoffMs(0, () => 1)).toBe(1200);
	});

	it('retries 408 and 5xx (not 501/505) only for idempotent methods', () => {
		for (const code of [408, 500, 502, 504]) {
			expect(retryDelay(isSafeToRepeat('GET'), status(code), 0, Date.now(), noJitter)).toBe(1000);
			expect(retryDelay(isSafeToRepeat('DELETE'), status(code), 1, Date.now(), noJitter)).toBe(
				2000,
			);
			expect(retryDelay(isSafeToRepeat('POST'), status(code), 0)).toBeUndefined();
		}
		for (const code of [400, 401, 403, 404, 422, 501, 505])
			expect(retryDelay(isSafeToRepeat('GET'), status(code), 0)).toBeUndefined();
	});

	it('repeats a POST after a connection error only when the request never left', () => {
		expect(
			retryDelay(isSafeToRepeat('POST'), network('ECONNREFUSED'), 0, Date.now(), noJitter),
		).toBe(1000);
		expect(retryDelay(isSafeToRepeat('POST'), network('ECONNRESET'), 0)).toBeUndefined();
		expect(retryDelay(isSafeToRepeat('POST'), network('ECONNABORTED'), 0)).toBeUndefined();
		expect(retryDelay(isSafeToRepeat('GET'), network('ECONNRESET'), 0, Date.now(), noJitter)).toBe(
			1000,
		);
		expect(retryDelay(isSafeToRepeat('GET'), network('ETIMEDOUT'), 1, Date.now(), noJitter)).toBe(
			2000,
		);
	});

	it('repeats a POST that carries an idempotency key like an idempotent request', () => {
		expect(isSafeToRepeat('POST')).toBe(false);
		expect(isSafeToRepeat('POST', true)).toBe(true);
		expect(retryDelay(isSafeToRepeat('POST', true), status(500), 0, Date.now(), noJitter)).toBe(
			1000,
		);
		expect(
			retryDelay(isSafeToRepeat('POST', true), network('ECONNRESET'), 0, Date.now(), noJitter),
		).toBe(1000);
	});

	it('finds the HTTP failure inside wrapped errors without keeping the request', () => {
		const axiosError = {
			message: 'x',
			config: { headers: { Authorization: 'secret' } },
			response: { status: 429, headers: { 'Retry-After': '1' }, data: 'b' },
		};
		const failure = classifyFailure({ message: 'wrapped', cause: axiosError });
		expect(failure).toEqual({
			kind: 'status',
			status: 429,
			headers: { 'retry-after': '1' },
			body: 'b',
		});
		expect(JSON.stringify(failure)).not.toContain('secret');
		expect(classifyFailure(new Error('something else'))).toBeUndefined();
	});
});
