/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startEmulator, type Emulator } from '../../emulator';
import { basic, rawRequest, sha256Hex, signalWireClient } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.resetCounters();
	emu.resetFixtures();
});

const client = (token = emu.signalwire.apiToken) => signalWireClient(emu, token);

const auth = () => ({ authorization: basic(emu.signalwire.projectId, emu.signalwire.apiToken) });
const accountBase = (prefix = '/api/laml') =>
	`${emu.url}${prefix}/2010-04-01/Accounts/${emu.signalwire.projectId}`;
const mediaBase = (messageSid: string, prefix?: string) =>
	`${accountBase(prefix)}/Messages/${messageSid}/Media`;

describe('official @signalwire/compatibility-api client', () => {
	test('fetch returns the media resource', async () => {
		const m = emu.fixtures.signalwire.media.small.direct;
		const media = await client().messages(m.messageSid).media(m.sid).fetch();
		expect(media).toMatchObject({
			sid: m.sid,
			parentSid: m.messageSid,
			contentType: 'image/jpeg',
			accountSid: emu.signalwire.projectId,
		});
		expect(media.dateCreated.toISOString()).toBe(m.createdAt.toISOString());
		// The client omits /api/laml and appends .json.
		expect(emu.requests()[0]!.path).toBe(
			`/2010-04-01/Accounts/${emu.signalwire.projectId}/Messages/${m.messageSid}/Media/${m.sid}.json`,
		);
	});

	test('list follows next_page_uri (with PageToken) through all 125 media', async () => {
		const list = await client()
			.messages(emu.fixtures.signalwire.messageSids.many)
			.media.list({ pageSize: 40 });
		expect(list).toHaveLength(125);
		expect(new Set(list.map((m) => m.sid)).size).toBe(125);
		const paths = emu.requests().map((r) => `${r.path}?${r.query}`);
		expect(paths).toHaveLength(4);
		expect(paths[1]).toMatch(
			/^\/api\/laml\/2010-04-01\/.*\/Media\.json\?PageSize=40&Page=1&PageToken=PA/,
		);
	});

	test('date filters', async () => {
		const media = client().messages(emu.fixtures.signalwire.messageSids.many).media;
		expect(await media.list({ dateCreated: new Date('2025-03-02T00:00:00Z') })).toHaveLength(25);
		// The client sends date-times (DateCreated<=2025-03-02T00:00:00Z): an instant, not a whole day.
		expect(await media.list({ dateCreatedBefore: new Date('2025-03-02T00:00:00Z') })).toHaveLength(
			25,
		);
		expect(await media.list({ dateCreatedAfter: new Date('2025-03-04T00:00:00Z') })).toHaveLength(
			50,
		);
		const dayOnly = await rawRequest(
			`${mediaBase(emu.fixtures.signalwire.messageSids.many)}.json?PageSize=1000&DateCreated<=2025-03-02`,
			{ headers: auth() },
		);
		expect(JSON.parse(dayOnly.body.toString()).media_list).toHaveLength(50);
	});

	test('unknown message lists empty; unknown media is 404 / 20404', async () => {
		expect(
			await client().messages(emu.fixtures.signalwire.messageSids.unknown).media.list(),
		).toEqual([]);
		await expect(
			client()
				.messages(emu.fixtures.signalwire.messageSids.small)
				.media(emu.fixtures.signalwire.unknownMediaSid)
				.fetch(),
		).rejects.toMatchObject({ status: 404, code: 20404 });
	});

	test('remove deletes (204) until resetFixtures(); in-progress message → 422 / 20009', async () => {
		const m = emu.fixtures.signalwire.media.small.redirect302;
		await expect(client().messages(m.messageSid).media(m.sid).remove()).resolves.toBe(true);
		await expect(client().messages(m.messageSid).media(m.sid).fetch()).rejects.toMatchObject({
			status: 404,
		});
		emu.resetFixtures();
		await expect(client().messages(m.messageSid).media(m.sid).fetch()).resolves.toMatchObject({
			sid: m.sid,
		});
		const busy = emu.fixtures.signalwire.media.inProgress;
		await expect(client().messages(busy.messageSid).media(busy.sid).remove()).rejects.toMatchObject(
			{ status: 422, code: 20009 },
		);
	});

	test('a wrong token is 401 / 20003', async () => {
		await expect(
			client('PTwrong').messages(emu.fixtures.signalwire.messageSids.small).media.list(),
		).rejects.toMatchObject({ status: 401, code: 20003 });
	});
});

describe('raw SignalWire wire behaviour', () => {
	test('401 body and WWW-Authenticate', async () => {
		const r = await rawRequest(`${mediaBase(emu.fixtures.signalwire.messageSids.small)}.json`);
		expect(r.status).toBe(401);
		expect(r.headers['www-authenticate']).toBe('Basic realm="SignalWire"');
		expect(JSON.parse(r.body.toString())).toEqual({
			code: 20003,
			message: 'Authentication Error - invalid username',
			more_info: 'https://developer.signalwire.com/compatibility-api/reference/error-codes',
			status: 401,
		});
	});

	test('account lookup works with or without /api/laml and .json, only for the own project', async () => {
		for (const url of [`${accountBase()}.json`, accountBase(), `${accountBase('')}.json`]) {
			const r = await rawRequest(url, { headers: auth() });
			expect(r.status).toBe(200);
			expect(JSON.parse(r.body.toString()).sid).toBe(emu.signalwire.projectId);
		}
		const other = await rawRequest(
			`${emu.url}/api/laml/2010-04-01/Accounts/00000000-0000-4000-8000-000000000000.json`,
			{ headers: auth() },
		);
		expect(other.status).toBe(401);
		expect(emu.counts()['sw.account.get']).toBe(4);
	});

	test('a token without the Messaging scope can read the account but not media', async () => {
		const limited = {
			authorization: basic(emu.signalwire.projectId, emu.signalwire.apiTokenWithoutMessagingScope),
		};
		expect((await rawRequest(`${accountBase()}.json`, { headers: limited })).status).toBe(200);
		expect(
			(
				await rawRequest(`${mediaBase(emu.fixtures.signalwire.messageSids.small)}.json`, {
					headers: limited,
				})
			).status,
		).toBe(401);
	});

	test('pages: host-relative next_page_uri with PageToken; Page>0 without it is 400', async () => {
		const r = await rawRequest(
			`${mediaBase(emu.fixtures.signalwire.messageSids.many)}.json?PageSize=50`,
			{ headers: auth() },
		);
		const body = JSON.parse(r.body.toString());
		expect(body).toMatchObject({
			page: 0,
			page_size: 50,
			start: 0,
			end: 49,
			previous_page_uri: null,
		});
		expect(body.media_list).toHaveLength(50);
		expect(body.next_page_uri).toMatch(
			/^\/api\/laml\/2010-04-01\/Accounts\/.*\/Media\.json\?PageSize=50&Page=1&PageToken=PA/,
		);
		expect(Object.keys(body.media_list[0]).sort()).toEqual([
			'account_sid',
			'content_type',
			'date_created',
			'date_updated',
			'parent_sid',
			'sid',
			'uri',
		]);
		expect(body.media_list[0].date_created).toMatch(
			/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/,
		);
		const guessed = await rawRequest(
			`${mediaBase(emu.fixtures.signalwire.messageSids.many)}.json?PageSize=50&Page=1`,
			{ headers: auth() },
		);
		expect(guessed.status).toBe(400);
		expect(JSON.parse(guessed.body.toString()).status).toBe(400);
		const followed = await rawRequest(`${emu.url}${body.next_page_uri as string}`, {
			headers: auth(),
		});
		expect(JSON.parse(followed.body.toString()).media_list).toHaveLength(50);
		expect(
			(
				await rawRequest(
					`${mediaBase(emu.fixtures.signalwire.messageSids.many)}.json?PageSize=1001`,
					{ headers: auth() },
				)
			).status,
		).toBe(400);
		expect(
			(
				await rawRequest(
					`${mediaBase(emu.fixtures.signalwire.messageSids.many)}.json?DateCreated=03/01/2025`,
					{ headers: auth() },
				)
			).status,
		).toBe(400);
	});

	test('media content: direct bytes from the API host', async () => {
		const m = emu.fixtures.signalwire.media.small.direct;
		const r = await rawRequest(`${mediaBase(m.messageSid)}/${m.sid}`, { headers: auth() });
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe(m.contentType);
		expect(sha256Hex(r.body)).toBe(m.sha256);
		expect(emu.counts()['sw.media.content']).toBe(1);
	});

	test('media content: 302/307 to the file host, which serves bytes without credentials', async () => {
		for (const [m, status] of [
			[emu.fixtures.signalwire.media.small.redirect302, 302],
			[emu.fixtures.signalwire.media.small.redirect307, 307],
		] as const) {
			const r = await rawRequest(`${mediaBase(m.messageSid, '')}/${m.sid}`, { headers: auth() });
			expect(r.status).toBe(status);
			const location = r.headers.location as string;
			expect(location.startsWith(`${emu.fileHostUrl}/files/`)).toBe(true);
			const file = await rawRequest(location);
			expect(file.status).toBe(200);
			expect(sha256Hex(file.body)).toBe(m.sha256);
			expect(
				(await rawRequest(location.replace(/Signature=[^&]+/, 'Signature=forged'))).status,
			).toBe(403);
		}
		expect(emu.counts()['filehost.get']).toBe(4);
		expect(emu.counts()['filehost.get.authorization']).toBeUndefined();
	});

	test('media content: the protected file needs Basic credentials at the file host', async () => {
		const m = emu.fixtures.signalwire.media.small.protected;
		const r = await rawRequest(`${mediaBase(m.messageSid)}/${m.sid}`, { headers: auth() });
		const location = r.headers.location as string;
		expect((await rawRequest(location)).status).toBe(401);
		const ok = await rawRequest(location, { headers: auth() });
		expect(ok.status).toBe(200);
		expect(sha256Hex(ok.body)).toBe(m.sha256);
		expect(emu.counts()['filehost.get.authorization']).toBe(1);
	});

	test('media content: the foreign redirect target records every header', async () => {
		const m = emu.fixtures.signalwire.media.small.foreign;
		const r = await rawRequest(`${mediaBase(m.messageSid)}/${m.sid}`, { headers: auth() });
		expect(r.status).toBe(302);
		const location = r.headers.location as string;
		expect(location.startsWith(emu.foreignHostUrl)).toBe(true);
		const served = await rawRequest(location, { headers: { 'x-probe': '1' } });
		expect(sha256Hex(served.body)).toBe(m.sha256);
		const seen = emu.requests().filter((q) => q.endpoint === 'foreign.get');
		expect(seen).toHaveLength(1);
		expect(seen[0]!.headers['x-probe']).toBe('1');
		expect(seen[0]!.headers.authorization).toBeUndefined();
	});

	test('percent-encoded sids are decoded once; DELETE without .json works', async () => {
		const m = emu.fixtures.signalwire.media.small.redirect307;
		const encoded = m.sid.replace(/-/g, '%2D');
		expect(
			(await rawRequest(`${mediaBase(m.messageSid)}/${encoded}.json`, { headers: auth() })).status,
		).toBe(200);
		expect(
			(
				await rawRequest(`${mediaBase(m.messageSid)}/${m.sid}`, {
					method: 'DELETE',
					headers: auth(),
				})
			).status,
		).toBe(204);
		expect(
			(
				await rawRequest(`${mediaBase(m.messageSid)}/${m.sid}.json`, {
					method: 'DELETE',
					headers: auth(),
				})
			).status,
		).toBe(404);
	});
});
