/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { startEmulator, type Emulator } from '../../emulator';
import { contentHash, entraToken, hmacRequest, rawRequest, signHmac } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());

const PHONE = '/phoneNumbers?api-version=2025-04-01';
const errorOf = (r: { body: Buffer }) =>
	(JSON.parse(r.body.toString()) as { error: { code: string; message: string } }).error;

describe('HMAC-SHA256 verification', () => {
	test('the test signer reproduces the published SDK vectors', () => {
		const common = {
			accessKey: 'pw==',
			method: 'GET',
			host: 'example.com',
			date: new Date('2022-04-13T18:09:12.451Z').toUTCString(),
			contentHash: contentHash(''),
		};
		expect(signHmac({ ...common, pathAndQuery: '/testPath?testQuery=test' })).toMatch(
			/Signature=DGdgwggJWnQyc6EHjR\/Vbqg1ES64KpD6U2XwTDDj3tU=$/,
		);
		expect(signHmac({ ...common, pathAndQuery: '/testPath' })).toMatch(
			/Signature=\+6tWkg3lNKVjQHHmxkdGQcJjUgzclsWTMebnuCz1ngU=$/,
		);
	});

	test('a correctly signed request succeeds', async () => {
		const r = await hmacRequest(emu.url, emu.acs.accessKey, { pathAndQuery: PHONE });
		expect(r.status).toBe(200);
		const { phoneNumbers } = JSON.parse(r.body.toString()) as {
			phoneNumbers: Array<{ phoneNumber: string }>;
		};
		expect(phoneNumbers.map((n) => n.phoneNumber)).toEqual(
			emu.fixtures.acs.phoneNumberInventory.slice(0, 100).map((n) => n.phoneNumber),
		);
	});

	test('a tampered signature is 401 Denied and never echoes the key', async () => {
		const r = await hmacRequest(emu.url, emu.acs.accessKey, { pathAndQuery: PHONE }, (h) => ({
			headers: { ...h, authorization: h.authorization!.replace(/Signature=./, 'Signature=A') },
		}));
		expect(r.status).toBe(401);
		expect(r.headers['x-ms-error-code']).toBe('Denied');
		expect(errorOf(r).message).toMatch(/^Denied by the resource provider\. .*signature/);
		expect(r.body.toString()).not.toContain(emu.acs.accessKey);
	});

	test('a body that differs from x-ms-content-sha256 is 401', async () => {
		const path = `/calling/callConnections/${emu.fixtures.acs.calls.activeCallConnectionId}:startMediaStreaming?api-version=2026-03-12`;
		const ok = await hmacRequest(emu.url, emu.acs.accessKey, {
			method: 'POST',
			pathAndQuery: path,
			body: '{}',
		});
		expect(ok.status).toBe(202);
		const r = await hmacRequest(
			emu.url,
			emu.acs.accessKey,
			{ method: 'POST', pathAndQuery: path, body: '{}' },
			() => ({ body: '{"operationContext":"x"}' }),
		);
		expect(r.status).toBe(401);
		expect(errorOf(r).message).toContain('x-ms-content-sha256');
	});

	test('x-ms-date missing or more than 15 minutes off is 401', async () => {
		const old = await hmacRequest(emu.url, emu.acs.accessKey, {
			pathAndQuery: PHONE,
			date: new Date(Date.now() - 16 * 60_000),
		});
		expect(old.status).toBe(401);
		expect(errorOf(old).message).toContain('15 minutes');
		const recent = await hmacRequest(emu.url, emu.acs.accessKey, {
			pathAndQuery: PHONE,
			date: new Date(Date.now() - 10 * 60_000),
		});
		expect(recent.status).toBe(200);
		const missing = await hmacRequest(emu.url, emu.acs.accessKey, { pathAndQuery: PHONE }, (h) => {
			const rest = { ...h };
			delete rest['x-ms-date'];
			return { headers: rest };
		});
		expect(missing.status).toBe(401);
		expect(errorOf(missing).message).toContain('x-ms-date header is missing');
	});

	test('the Host header is part of the signature', async () => {
		const r = await hmacRequest(emu.url, emu.acs.accessKey, { pathAndQuery: PHONE }, (h) => ({
			headers: { ...h, host: 'evil.example.com' },
		}));
		expect(r.status).toBe(401);
	});

	test('accepts the raw query and its URLSearchParams re-serialisation, nothing else', async () => {
		const raw = `${PHONE}&filter=a%20b&x=%7E`;
		const reserialised = `/phoneNumbers?${new URLSearchParams(raw.split('?')[1]).toString()}`;
		expect(reserialised).not.toBe(raw);
		expect((await hmacRequest(emu.url, emu.acs.accessKey, { pathAndQuery: raw })).status).toBe(200);
		expect(
			(
				await hmacRequest(emu.url, emu.acs.accessKey, {
					pathAndQuery: raw,
					signedPathAndQuery: reserialised,
				})
			).status,
		).toBe(200);
		expect(
			(
				await hmacRequest(emu.url, emu.acs.accessKey, {
					pathAndQuery: raw,
					signedPathAndQuery: `${PHONE}&filter=a b&x=~`,
				})
			).status,
		).toBe(401);
	});

	test('missing Authorization is 401', async () => {
		expect((await rawRequest(`${emu.url}${PHONE}`)).status).toBe(401);
	});
});

describe('api-version', () => {
	test('missing → 400 MissingApiVersionParameter, unknown → 400 UnsupportedApiVersion, -preview accepted', async () => {
		const missing = await hmacRequest(emu.url, emu.acs.accessKey, {
			pathAndQuery: '/phoneNumbers',
		});
		expect(missing.status).toBe(400);
		expect(errorOf(missing).code).toBe('MissingApiVersionParameter');
		const unknown = await hmacRequest(emu.url, emu.acs.accessKey, {
			pathAndQuery: '/phoneNumbers?api-version=2019-01-01',
		});
		expect(unknown.status).toBe(400);
		expect(errorOf(unknown).code).toBe('UnsupportedApiVersion');
		const path = `/calling/callConnections/${emu.fixtures.acs.calls.activeCallConnectionId}:stopMediaStreaming?api-version=2026-03-12-preview`;
		expect(
			(
				await hmacRequest(emu.url, emu.acs.accessKey, {
					method: 'POST',
					pathAndQuery: path,
					body: '{}',
				})
			).status,
		).toBe(202);
	});
});

describe('Call Automation request validation', () => {
	const base = () => `/calling/callConnections/${emu.fixtures.acs.calls.secondCallConnectionId}`;
	test('the action colon may arrive as %3A', async () => {
		const r = await hmacRequest(emu.url, emu.acs.accessKey, {
			method: 'POST',
			pathAndQuery: `${base()}%3AstartMediaStreaming?api-version=2025-05-15`,
			body: '{}',
		});
		expect(r.status).toBe(202);
		expect(r.body.length).toBe(0);
	});
	test('operationCallbackUri must be an absolute https URL', async () => {
		for (const uri of ['http://example.com/cb', '/relative', 'not a url']) {
			const r = await hmacRequest(emu.url, emu.acs.accessKey, {
				method: 'POST',
				pathAndQuery: `${base()}:startMediaStreaming?api-version=2026-03-12`,
				body: JSON.stringify({ operationCallbackUri: uri }),
			});
			expect(r.status).toBe(400);
			expect(errorOf(r).code).toBe('BadRequest');
		}
	});
});

describe('Microsoft Entra and user tokens', () => {
	test('an Entra token works on HMAC-or-Entra endpoints', async () => {
		const token = await entraToken(emu);
		const media = emu.fixtures.acs.media.png;
		const r = await rawRequest(`${emu.url}/messages/streams/${media.id}?api-version=2024-08-30`, {
			headers: { authorization: `Bearer ${token}` },
		});
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe('image/png');
		expect(r.headers['content-disposition']).toBeUndefined();
	});

	test('an expired Entra token is 401 InvalidAuthenticationToken', async () => {
		const shortLived = await startEmulator({ entraTokenLifetimeSeconds: 0 });
		try {
			const token = await entraToken(shortLived);
			const r = await rawRequest(`${shortLived.url}${PHONE}`, {
				headers: { authorization: `Bearer ${token}` },
			});
			expect(r.status).toBe(401);
			expect(errorOf(r)).toMatchObject({
				code: 'InvalidAuthenticationToken',
				message: 'The access token has expired.',
			});
		} finally {
			await shortLived.close();
		}
	});

	test('an ACS user token is refused outside Chat; Entra and HMAC are refused by Chat', async () => {
		const user = emu.issueUserToken(emu.fixtures.acs.users.member).token;
		expect(
			(await rawRequest(`${emu.url}${PHONE}`, { headers: { authorization: `Bearer ${user}` } }))
				.status,
		).toBe(401);
		const chatPath = `/chat/threads/${encodeURIComponent(emu.fixtures.acs.chat.threadIds.small)}/messages/${emu.fixtures.acs.chat.smallThread.textId}?api-version=2025-03-15`;
		expect(
			(await rawRequest(`${emu.url}${chatPath}`, { headers: { authorization: `Bearer ${user}` } }))
				.status,
		).toBe(200);
		expect(
			(
				await rawRequest(`${emu.url}${chatPath}`, {
					headers: { authorization: `Bearer ${await entraToken(emu)}` },
				})
			).status,
		).toBe(401);
		expect((await hmacRequest(emu.url, emu.acs.accessKey, { pathAndQuery: chatPath })).status).toBe(
			401,
		);
	});

	test('expired user token → 401, token without chat scope → 403', async () => {
		const chatPath = `/chat/threads/${encodeURIComponent(emu.fixtures.acs.chat.threadIds.small)}/messages/${emu.fixtures.acs.chat.smallThread.textId}?api-version=2025-03-15`;
		const expired = emu.issueUserToken(emu.fixtures.acs.users.member, {
			expiresAt: new Date(Date.now() - 1000),
		});
		expect(Date.parse(expired.expiresOn)).toBeLessThan(Date.now());
		expect(
			(
				await rawRequest(`${emu.url}${chatPath}`, {
					headers: { authorization: `Bearer ${expired.token}` },
				})
			).status,
		).toBe(401);
		const voip = emu.issueUserToken(emu.fixtures.acs.users.member, { scopes: ['voip'] });
		const r = await rawRequest(`${emu.url}${chatPath}`, {
			headers: { authorization: `Bearer ${voip.token}` },
		});
		expect(r.status).toBe(403);
		expect(errorOf(r).code).toBe('Forbidden');
	});
});
