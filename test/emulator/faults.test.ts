/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import { request } from 'node:http';
import { startEmulator, type Emulator, type FaultKind } from '../../emulator';
import { basic, entraToken, hmacRequest, rawRequest } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
afterEach(() => {
	emu.faults.clear();
	emu.resetCounters();
});

const mediaPath = () => `/messages/streams/${emu.fixtures.acs.media.mp4.id}?api-version=2024-02-01`;
const get = () => hmacRequest(emu.url, emu.acs.accessKey, { pathAndQuery: mediaPath() });
const swList = () =>
	rawRequest(
		`${emu.url}/api/laml/2010-04-01/Accounts/${emu.signalwire.projectId}/Messages/${emu.fixtures.signalwire.messageSids.small}/Media.json`,
		{
			headers: { authorization: basic(emu.signalwire.projectId, emu.signalwire.apiToken) },
		},
	);

describe('status faults', () => {
	test('429 with retry-after-ms in ACS shape, then normal service', async () => {
		emu.faults.inject({ endpoint: 'acs.media.get', kind: '429', retryAfterMs: 250 });
		const r = await get();
		expect(r.status).toBe(429);
		expect(r.headers['retry-after-ms']).toBe('250');
		expect(r.headers['x-ms-retry-after-ms']).toBe('250');
		expect(r.headers['retry-after']).toBeUndefined();
		expect(JSON.parse(r.body.toString())).toEqual({
			error: { code: 'TooManyRequests', message: 'Rate limit exceeded.' },
		});
		expect(r.headers['x-ms-error-code']).toBe('TooManyRequests');
		expect((await get()).status).toBe(200);
		expect(emu.requests().map((q) => q.fault)).toEqual(['429', undefined]);
		expect(emu.faults.stats()['429']).toBe(1);
	});

	test('503 with an HTTP-date Retry-After in SignalWire shape; count applies to N requests', async () => {
		emu.faults.inject({
			endpoint: /^sw\./,
			kind: '503',
			retryAfterDate: true,
			retryAfterSeconds: 2,
			count: 2,
		});
		const first = await swList();
		expect(first.status).toBe(503);
		expect(Date.parse(first.headers['retry-after'] as string)).toBeGreaterThan(Date.now());
		expect(JSON.parse(first.body.toString())).toMatchObject({ code: 20503, status: 503 });
		expect((await swList()).status).toBe(503);
		expect((await swList()).status).toBe(200);
	});

	test('500 and 408; Retry-After seconds', async () => {
		emu.faults.inject({ kind: '500' });
		emu.faults.inject({ kind: '408' });
		emu.faults.inject({ kind: '429', retryAfterSeconds: 3 });
		expect((await get()).status).toBe(500);
		expect((await get()).status).toBe(408);
		expect((await get()).headers['retry-after']).toBe('3');
	});

	test('the identity SDK honours retry-after-ms and succeeds on retry', async () => {
		emu.faults.inject({
			endpoint: 'acs.identity.issueAccessToken',
			kind: '429',
			retryAfterMs: 50,
			count: 2,
		});
		const client = new CommunicationIdentityClient(emu.acs.connectionString, {
			allowInsecureConnection: true,
		});
		await client.getToken({ communicationUserId: emu.fixtures.acs.users.member }, ['chat']);
		expect(emu.counts()['acs.identity.issueAccessToken']).toBe(3);
	});
});

describe('connection faults', () => {
	test('drop destroys the socket before any response', async () => {
		emu.faults.inject({ kind: 'drop' });
		await expect(get()).rejects.toThrow(/socket hang up|ECONNRESET/);
		expect(emu.requests()[0]).toMatchObject({ fault: 'drop', status: 0 });
	});

	test('truncate announces the full Content-Length and cuts the body', async () => {
		emu.faults.inject({ endpoint: 'acs.media.get', kind: 'truncate' });
		const size = emu.fixtures.acs.media.mp4.size;
		const token = await entraToken(emu);
		const result = await new Promise<{ declared: number; received: number; aborted: boolean }>(
			(resolve) => {
				const req = request(
					`${emu.url}${mediaPath()}`,
					{ headers: { authorization: `Bearer ${token}` } },
					(res) => {
						let received = 0;
						res.on('data', (c: Buffer) => (received += c.length));
						res.on('error', () => undefined);
						res.on('close', () =>
							resolve({
								declared: Number(res.headers['content-length']),
								received,
								aborted: !res.complete,
							}),
						);
					},
				);
				req.on('error', () => undefined);
				req.end();
			},
		);
		expect(result.declared).toBe(size);
		expect(result.received).toBeLessThan(size);
		expect(result.aborted).toBe(true);
	});

	test('slow delays, then responds normally', async () => {
		emu.faults.inject({ kind: 'slow', delayMs: 300 });
		const started = Date.now();
		expect((await get()).status).toBe(200);
		expect(Date.now() - started).toBeGreaterThanOrEqual(290);
	});

	test('hang never responds (the client times out); close() still works', async () => {
		const other = await startEmulator();
		other.faults.inject({ kind: 'hang' });
		const outcome = await new Promise<string>((resolve) => {
			const req = request(`${other.url}/anything`, { timeout: 300 }, () => resolve('responded'));
			req.on('timeout', () => {
				req.destroy();
				resolve('timeout');
			});
			req.on('error', () => undefined);
			req.end();
		});
		expect(outcome).toBe('timeout');
		expect(other.requests()[0]!.fault).toBe('hang');
		await other.close();
	});
});

describe('latencyMs option', () => {
	test('adds latency to every response', async () => {
		const slow = await startEmulator({ latencyMs: 150 });
		try {
			const started = Date.now();
			const r = await rawRequest(`${slow.url}/phoneNumbers?api-version=2025-04-01`);
			expect(r.status).toBe(401);
			expect(Date.now() - started).toBeGreaterThanOrEqual(140);
		} finally {
			await slow.close();
		}
	});
});

describe('random faults', () => {
	async function run(seed: number): Promise<Array<number | string>> {
		emu.faults.clear();
		emu.faults.random({ rate: 0.3, kinds: ['429', '503', '500'], seed, endpoint: 'acs.media.get' });
		const statuses: number[] = [];
		for (let i = 0; i < 40; i++) statuses.push((await get()).status);
		return statuses;
	}
	test('are deterministic per seed and roughly at the rate', async () => {
		const a = await run(42);
		const b = await run(42);
		expect(a).toEqual(b);
		const failures = a.filter((s) => s !== 200).length;
		expect(failures).toBeGreaterThan(3);
		expect(failures).toBeLessThan(25);
		const stats = emu.faults.stats();
		const kinds: FaultKind[] = ['429', '503', '500'];
		expect(kinds.reduce((n, k) => n + stats[k], 0)).toBeGreaterThanOrEqual(failures * 2);
	});
	test('respect the endpoint filter', async () => {
		emu.faults.random({ rate: 1, kinds: ['500'], seed: 1, endpoint: 'sw.media.list' });
		expect((await get()).status).toBe(200);
		expect((await swList()).status).toBe(500);
	});
});
