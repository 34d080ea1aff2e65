/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import { startEmulator, type Emulator } from '../../emulator';
import { basic, hmacRequest, rawRequest } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.resetFixtures();
	emu.resetCounters();
});

const SEND = '/messages/notifications:send?api-version=2024-08-30';
const whatsApp = () => emu.fixtures.acs.whatsApp;
const text = (to = whatsApp().customers.recent, content = 'hi') =>
	JSON.stringify({
		channelRegistrationId: whatsApp().channelRegistrationId,
		to: [to],
		kind: 'text',
		content,
	});
const send = (body: string, repeatability?: { id: string; firstSent: string }) =>
	hmacRequest(emu.url, emu.acs.accessKey, { method: 'POST', pathAndQuery: SEND, body }, (h) => ({
		headers: repeatability
			? {
					...h,
					'repeatability-request-id': repeatability.id,
					'repeatability-first-sent': repeatability.firstSent,
				}
			: h,
	}));
const json = (body: Buffer) => JSON.parse(body.toString()) as Record<string, unknown>;

describe('Advanced Messaging send: repeatable requests', () => {
	test('a retry with the same ID and body gets the first answer and sends nothing new', async () => {
		const repeatability = { id: randomUUID(), firstSent: new Date().toUTCString() };
		const first = await send(text(), repeatability);
		const again = await send(text(), repeatability);
		expect(first.status).toBe(202);
		expect(first.headers['repeatability-result']).toBe('accepted');
		expect(again.status).toBe(202);
		expect(again.headers['repeatability-result']).toBe('accepted');
		expect(json(again.body)).toEqual(json(first.body));
		expect(emu.outbox()).toHaveLength(1);
	});

	test('the same ID with another body is refused (400, rejected)', async () => {
		const repeatability = { id: randomUUID(), firstSent: new Date().toUTCString() };
		await send(text(), repeatability);
		const other = await send(text(undefined, 'changed'), repeatability);
		expect(other.status).toBe(400);
		expect(other.headers['repeatability-result']).toBe('rejected');
		expect(json(other.body)).toMatchObject({ error: { code: 'RepeatabilityRequestMismatch' } });
		expect(emu.outbox()).toHaveLength(1);
	});

	test('a first-sent time outside the 5-minute window is refused (412)', async () => {
		const old = new Date(Date.now() - 6 * 60 * 1000).toUTCString();
		const response = await send(text(), { id: randomUUID(), firstSent: old });
		expect(response.status).toBe(412);
		expect(response.headers['repeatability-result']).toBe('rejected');
		expect(emu.outbox()).toEqual([]);
	});

	test.each([
		['an ID that is not a GUID', 'not-a-guid', new Date().toUTCString()],
		['a first-sent time that is not an IMF-fixdate', randomUUID(), new Date().toISOString()],
	])('%s is refused (400)', async (_, id, firstSent) => {
		const response = await send(text(), { id, firstSent });
		expect(response.status).toBe(400);
		expect(response.headers['repeatability-result']).toBe('rejected');
	});

	test('without the headers every request is a new message', async () => {
		await send(text());
		await send(text());
		expect(emu.outbox()).toHaveLength(2);
	});
});

describe('Advanced Messaging send: the WhatsApp 24-hour window and validation', () => {
	test('a free-form message to a customer who last wrote days ago is refused with 131047', async () => {
		const response = await send(text(whatsApp().customers.idle));
		expect(response.status).toBe(400);
		expect(json(response.body)).toMatchObject({ error: { code: '131047' } });
		expect(response.headers['x-ms-error-code']).toBe('131047');
	});

	test('a template goes to anyone; the number may come without +', async () => {
		const body = JSON.stringify({
			channelRegistrationId: whatsApp().channelRegistrationId,
			to: ['14255550999'],
			kind: 'template',
			template: { name: 'sample_shipping_confirmation', language: 'en_US' },
		});
		const response = await send(body);
		expect(response.status).toBe(202);
		expect(json(response.body)).toEqual({
			receipts: [{ messageId: emu.outbox()[0]!.id, to: '14255550999' }],
		});
	});

	test.each([
		['two recipients', { to: ['+14255550101', '+14255550102'], kind: 'text', content: 'x' }],
		[
			'a template that is not approved',
			{
				kind: 'template',
				template: { name: 'spring_sale', language: 'en_US' },
			},
		],
		[
			'a binding to a value that does not exist',
			{
				kind: 'template',
				template: {
					name: 'sample_shipping_confirmation',
					language: 'en_US',
					values: [{ name: 'days', kind: 'text', text: '3' }],
					bindings: { kind: 'whatsApp', body: [{ refValue: 'weeks' }] },
				},
			},
		],
		['an image without mediaUri', { kind: 'image' }],
	])('%s is refused (400)', async (_, fields) => {
		const body = JSON.stringify({
			channelRegistrationId: whatsApp().channelRegistrationId,
			to: [whatsApp().customers.recent],
			...fields,
		});
		expect((await send(body)).status).toBe(400);
		expect(emu.outbox()).toEqual([]);
	});

	test('a send without authentication is refused before anything else', async () => {
		const response = await rawRequest(`${emu.url}${SEND}`, { method: 'POST', body: text() });
		expect(response.status).toBe(401);
	});
});

describe('Chat: send, update and delete', () => {
	const thread = () => emu.fixtures.acs.chat.threadIds.small;
	const token = () => emu.issueUserToken(emu.fixtures.acs.users.member).token;
	const path = (id = '') =>
		`/chat/threads/${encodeURIComponent(thread())}/messages${id ? `/${id}` : ''}?api-version=2025-03-15`;
	const chat = (method: string, target: string, body?: unknown, contentType = 'application/json') =>
		rawRequest(`${emu.url}${target}`, {
			method,
			headers: { authorization: `Bearer ${token()}`, 'content-type': contentType },
			body: body === undefined ? undefined : JSON.stringify(body),
		});

	test('send answers 201 with the id and a Location; update needs a merge patch', async () => {
		const sent = await chat('POST', path(), { content: 'hello' });
		expect(sent.status).toBe(201);
		const { id } = json(sent.body) as { id: string };
		expect(sent.headers.location).toBe(`${emu.url}${path(id).split('?')[0]}`);
		expect((await chat('PATCH', path(id), { content: 'x' })).status).toBe(415);
		expect(
			(await chat('PATCH', path(id), { content: 'x' }, 'application/merge-patch+json')).status,
		).toBe(204);
		expect((await chat('DELETE', path(id))).status).toBe(204);
	});

	test('content over 28 KB is refused', async () => {
		const response = await chat('POST', path(), { content: 'x'.repeat(28 * 1024 + 1) });
		expect(response.status).toBe(400);
	});
});

describe('SignalWire: messages', () => {
	const account = () => `/api/laml/2010-04-01/Accounts/${emu.signalwire.projectId}`;
	const create = (form: Record<string, string | string[]>) => {
		const body = new URLSearchParams();
		for (const [name, value] of Object.entries(form))
			for (const single of Array.isArray(value) ? value : [value]) body.append(name, single);
		return rawRequest(`${emu.url}${account()}/Messages.json`, {
			method: 'POST',
			headers: {
				authorization: basic(emu.signalwire.projectId, emu.signalwire.apiToken),
				'content-type': 'application/x-www-form-urlencoded',
			},
			body: body.toString(),
		});
	};
	const numbers = () => emu.fixtures.signalwire.numbers;

	test('a message is created queued (201) and can be fetched', async () => {
		const response = await create({ From: numbers().project, To: numbers().customer, Body: 'hi' });
		expect(response.status).toBe(201);
		const message = json(response.body);
		expect(message).toMatchObject({ status: 'queued', direction: 'outbound-api', body: 'hi' });
		const fetched = await rawRequest(`${emu.url}${String(message.uri)}`, {
			headers: { authorization: basic(emu.signalwire.projectId, emu.signalwire.apiToken) },
		});
		expect(json(fetched.body).sid).toBe(message.sid);
	});

	test.each([
		['no To', () => ({ From: numbers().project, Body: 'x' }), 21604],
		['To not E.164', () => ({ From: numbers().project, To: '555', Body: 'x' }), 21211],
		[
			'From not owned',
			() => ({ From: numbers().notOwned, To: numbers().customer, Body: 'x' }),
			21210,
		],
		['no Body and no media', () => ({ From: numbers().project, To: numbers().customer }), 21602],
		[
			'nine media',
			() => ({
				From: numbers().project,
				To: numbers().customer,
				MediaUrl: Array.from({ length: 9 }, (_, i) => `https://e.com/${i}.jpg`),
			}),
			21623,
		],
		[
			'a media URL that is no URL',
			() => ({ From: numbers().project, To: numbers().customer, MediaUrl: 'photo.jpg' }),
			21620,
		],
		[
			'an unsupported media type',
			() => ({ From: numbers().project, To: numbers().customer, MediaUrl: 'https://e.com/a.exe' }),
			21612,
		],
		['a landline', () => ({ From: numbers().project, To: numbers().landline, Body: 'x' }), 21606],
		[
			'an opted-out recipient',
			() => ({ From: numbers().project, To: numbers().optedOut, Body: 'x' }),
			21610,
		],
	])('%s is refused with its error code', async (_, form, code) => {
		const response = await create(form());
		expect(response.status).toBe(400);
		expect(json(response.body)).toMatchObject({ code, status: 400 });
		expect(emu.outbox()).toEqual([]);
	});
});
