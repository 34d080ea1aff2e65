/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { SmsClient } from '@azure/communication-sms';
import { randomUUID } from 'node:crypto';
import { startEmulator, type Emulator } from '../../emulator';
import {
	entraToken,
	hmacRequest,
	loopbackTlsShim,
	rawRequest,
	receiveEventGridDelivery,
} from './helpers';

/** Entra through the emulator's token endpoint (the pattern of test/conformance/wire.ts). */
const entraCredential = (e: Emulator) => ({
	getToken: async () => ({
		token: await entraToken(e),
		expiresOnTimestamp: Date.now() + 50 * 60_000,
	}),
});
/** The SDK's bearer policy refuses http: address the emulator as https and let loopbackTlsShim downgrade. */
const httpsUrl = (e: Emulator) => e.url.replace(/^http:/, 'https:');

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.resetFixtures();
	emu.resetCounters();
});

const insecure = { allowInsecureConnection: true };
const sms = () => emu.fixtures.acs.sms;
const main = () => emu.fixtures.acs.phoneNumbers.main;
const json = (body: Buffer) => JSON.parse(body.toString()) as Record<string, unknown>;
const post = (pathAndQuery: string, body: unknown) =>
	hmacRequest(emu.url, emu.acs.accessKey, {
		method: 'POST',
		pathAndQuery,
		body: JSON.stringify(body),
	});
const SEND = '/sms?api-version=2026-01-23';

describe('ACS SMS send with the official SDK (@azure/communication-sms 1.1.0, api-version 2021-03-07)', () => {
	test('HMAC: one recipient', async () => {
		const client = new SmsClient(emu.acs.connectionString, insecure);
		const [result] = await client.send({ from: main(), to: ['+14255550111'], message: 'Hello' });
		expect(result).toMatchObject({ to: '+14255550111', successful: true, httpStatusCode: 202 });
		expect(emu.outbox()).toEqual([
			expect.objectContaining({ service: 'sms', id: result!.messageId, to: '+14255550111' }),
		]);
		expect(emu.counts()['acs.sms.send']).toBe(1);
		expect(emu.requests()[0]!.query).toContain('api-version=2021-03-07');
		// The SDK sends a repeatability ID and first-sent time for every recipient.
		const sent = JSON.parse(emu.requests()[0]!.body.toString()) as {
			smsRecipients: Array<Record<string, string>>;
		};
		expect(sent.smsRecipients[0]).toHaveProperty('repeatabilityRequestId');
	});

	test('Entra: several recipients, the refused ones come back successful:false in order', async () => {
		const client = new SmsClient(httpsUrl(emu), entraCredential(emu), loopbackTlsShim());
		const to = ['+14255550111', sms().invalidRecipient, sms().optedOutRecipient, '+14255550112'];
		const results = await client.send(
			{ from: sms().alphanumericSenderId, to, message: 'Hi all' },
			{ enableDeliveryReport: true, tag: 'batch-1' },
		);
		expect(results.map((r) => r.to)).toEqual(to);
		expect(results.map((r) => r.successful)).toEqual([true, false, false, true]);
		expect(results[1]).toMatchObject({
			httpStatusCode: 400,
			errorMessage: 'Invalid To phone number format.',
		});
		expect(results[2]!.httpStatusCode).toBe(400);
		expect(results[2]!.errorMessage).toMatch(/opted out/);
		expect(results[1]!.messageId).toBeUndefined();
		expect(emu.outbox().map((m) => m.to)).toEqual(['+14255550111', '+14255550112']);
	});

	test('a sender that is not the resource’s is refused (401); a malformed one 400', async () => {
		const client = new SmsClient(emu.acs.connectionString, insecure);
		await expect(
			client.send({ from: sms().notOwnedNumber, to: ['+14255550111'], message: 'x' }),
		).rejects.toMatchObject({ statusCode: 401 });
		await expect(
			client.send({ from: '12-34', to: ['+14255550111'], message: 'x' }),
		).rejects.toMatchObject({ statusCode: 400 });
		expect(emu.outbox()).toEqual([]);
	});
});

describe('POST /sms (raw, api-version 2026-01-23)', () => {
	const recipient = (to: string, id = randomUUID(), firstSent = new Date().toUTCString()) => ({
		to,
		repeatabilityRequestId: id,
		repeatabilityFirstSent: firstSent,
	});

	test('a repeated request with the same per-recipient IDs sends nothing more', async () => {
		const recipients = [recipient('+14255550111'), recipient('+14255550112')];
		const body = { from: main(), smsRecipients: recipients, message: 'Once' };
		const first = await post(SEND, body);
		const again = await post(SEND, body);
		expect(first.status).toBe(202);
		expect(again.status).toBe(202);
		expect(json(again.body)).toEqual(json(first.body));
		expect((json(first.body).value as Array<Record<string, unknown>>)[0]).toMatchObject({
			repeatabilityResult: 'accepted',
			successful: true,
		});
		expect(emu.outbox()).toHaveLength(2);
		// One known recipient beside a new one: only the new one is sent.
		const mixed = await post(SEND, {
			...body,
			smsRecipients: [recipients[0], recipient('+14255550113')],
		});
		expect((json(mixed.body).value as unknown[]).length).toBe(2);
		expect(emu.outbox()).toHaveLength(3);
	});

	test('the same ID with another message is rejected for that recipient', async () => {
		const r = recipient('+14255550111');
		await post(SEND, { from: main(), smsRecipients: [r], message: 'One' });
		const other = await post(SEND, { from: main(), smsRecipients: [r], message: 'Two' });
		expect(other.status).toBe(202);
		expect(json(other.body).value).toEqual([
			expect.objectContaining({
				to: '+14255550111',
				successful: false,
				httpStatusCode: 400,
				repeatabilityResult: 'rejected',
			}),
		]);
		expect(emu.outbox()).toHaveLength(1);
	});

	test('a first-sent time outside the 5-minute window is rejected (412)', async () => {
		const old = new Date(Date.now() - 6 * 60_000).toUTCString();
		const r = await post(SEND, {
			from: main(),
			smsRecipients: [recipient('+14255550111', randomUUID(), old)],
			message: 'late',
		});
		expect(json(r.body).value).toEqual([
			expect.objectContaining({ httpStatusCode: 412, repeatabilityResult: 'rejected' }),
		]);
		expect(emu.outbox()).toEqual([]);
	});

	test.each([
		['no recipients', { smsRecipients: [] }, 'smsRecipients'],
		[
			'101 recipients',
			{
				smsRecipients: Array.from({ length: 101 }, (_, i) => ({
					to: `+1425555${String(i).padStart(4, '0')}`,
				})),
			},
			'smsRecipients',
		],
		['an empty message', { message: '' }, 'message'],
		['a message over 2048 characters', { message: 'x'.repeat(2049) }, 'message'],
		[
			'options without enableDeliveryReport',
			{ smsSendOptions: { tag: 't' } },
			'smsSendOptions.enableDeliveryReport',
		],
		[
			'a delivery report timeout under 60 s',
			{ smsSendOptions: { enableDeliveryReport: true, deliveryReportTimeoutInSeconds: 59 } },
			'smsSendOptions.deliveryReportTimeoutInSeconds',
		],
	])('%s → 400 naming the field', async (_, change, field) => {
		const body = {
			from: main(),
			smsRecipients: [{ to: '+14255550111' }],
			message: 'ok',
			...change,
		};
		const r = await post(SEND, body);
		expect(r.status).toBe(400);
		const error = json(r.body);
		expect(error).toMatchObject({ status: 400, error: { code: 'BadRequest' } });
		expect(Object.keys(error.errors as object)).toEqual([field]);
		expect(emu.outbox()).toEqual([]);
	});

	test('api-version and auth are checked', async () => {
		const unsupported = await post('/sms?api-version=2020-07-20-preview1', {});
		expect(unsupported.status).toBe(400);
		const unsigned = await rawRequest(emu.url, {
			method: 'POST',
			path: SEND,
			headers: { 'content-type': 'application/json' },
			body: '{}',
		});
		expect(unsigned.status).toBe(401);
	});
});

describe('opt-outs', () => {
	const OPT = (action: string) => `/sms/optouts:${action}?api-version=2026-01-23`;
	const check = async (to: string) =>
		(
			json((await post(OPT('check'), { from: main(), recipients: [{ to }] })).body)
				.value as unknown[]
		)[0];

	test('optedOutRecipient starts opted out; add, check, remove, and sends follow the state', async () => {
		expect(await check(sms().optedOutRecipient)).toEqual({
			to: sms().optedOutRecipient,
			httpStatusCode: 200,
			isOptedOut: true,
		});
		const added = await post(OPT('add'), {
			from: main(),
			recipients: [{ to: '+14255550111' }, { to: '+123' }],
		});
		expect(added.status).toBe(200);
		expect(json(added.body).value).toEqual([
			{ to: '+14255550111', httpStatusCode: 200 },
			{ to: '+123', httpStatusCode: 400, errorMessage: 'Invalid recipient phone number format' },
		]);
		expect(await check('+14255550111')).toMatchObject({ isOptedOut: true });
		const refused = await post(SEND, {
			from: main(),
			smsRecipients: [{ to: '+14255550111' }],
			message: 'x',
		});
		expect(json(refused.body).value).toEqual([
			expect.objectContaining({ successful: false, httpStatusCode: 400 }),
		]);
		// Per sender: the second number may still text them.
		const other = await post(SEND, {
			from: emu.fixtures.acs.phoneNumbers.second,
			smsRecipients: [{ to: '+14255550111' }],
			message: 'x',
		});
		expect(json(other.body).value).toEqual([expect.objectContaining({ successful: true })]);
		await post(OPT('remove'), { from: main(), recipients: [{ to: sms().optedOutRecipient }] });
		expect(await check(sms().optedOutRecipient)).toMatchObject({ isOptedOut: false });
		expect(emu.counts()['acs.sms.optouts.add']).toBe(1);
		expect(emu.counts()['acs.sms.optouts.remove']).toBe(1);
		expect(emu.counts()['acs.sms.optouts.check']).toBe(3);
		emu.resetFixtures();
		expect(await check(sms().optedOutRecipient)).toMatchObject({ isOptedOut: true });
		expect(await check('+14255550111')).toMatchObject({ isOptedOut: false });
	});

	test('opt-outs need api-version 2025-09-17 or later', async () => {
		const r = await post('/sms/optouts:check?api-version=2021-03-07', {
			from: main(),
			recipients: [{ to: '+14255550111' }],
		});
		expect(r.status).toBe(400);
	});
});

describe('delivery reports', () => {
	test('200 for a message sent with enableDeliveryReport, 404 otherwise', async () => {
		const client = new SmsClient(emu.acs.connectionString, insecure);
		const [reported] = await client.send(
			{ from: main(), to: ['+14255550111'], message: 'Track me' },
			{ enableDeliveryReport: true, tag: 'order-7' },
		);
		const [silent] = await client.send({ from: main(), to: ['+14255550112'], message: 'No' });
		const get = (id: string, version = '2026-01-23') =>
			hmacRequest(emu.url, emu.acs.accessKey, {
				pathAndQuery: `/deliveryReports/${encodeURIComponent(id)}?api-version=${version}`,
			});
		const ok = await get(reported!.messageId!);
		expect(ok.status).toBe(200);
		expect(json(ok.body)).toMatchObject({
			deliveryStatus: 'Delivered',
			messageId: reported!.messageId,
			from: main(),
			to: '+14255550111',
			tag: 'order-7',
			deliveryAttempts: [{ segmentsSucceeded: 1, segmentsFailed: 0 }],
		});
		const missing = await get(silent!.messageId!);
		expect(missing.status).toBe(404);
		expect(json(missing.body)).toMatchObject({ status: 404, title: 'Not Found' });
		expect((await get('unknown')).status).toBe(404);
		expect((await get(reported!.messageId!, '2025-09-17')).status).toBe(400);
		expect(emu.counts()['acs.sms.deliveryReport']).toBe(4);
	});
});

describe('SMS deliveries parse with @azure/eventgrid', () => {
	const receive = (kind: 'eventgrid-sms-received' | 'eventgrid-sms-delivery-report') =>
		receiveEventGridDelivery(emu, kind);

	test('eventgrid-sms-received', async () => {
		const [event] = await receive('eventgrid-sms-received');
		expect(event!.eventType).toBe('Microsoft.Communication.SMSReceived');
		expect(event!.subject).toBe(`/phonenumber/${main().slice(1)}`);
		expect(event!.data).toMatchObject({
			from: sms().customer,
			to: main(),
			message: expect.any(String),
			segmentCount: 1,
			messageId: expect.any(String),
		});
		expect(event!.data).toHaveProperty('receivedTimestamp');
	});

	test('eventgrid-sms-delivery-report', async () => {
		const [event] = await receive('eventgrid-sms-delivery-report');
		expect(event!.eventType).toBe('Microsoft.Communication.SMSDeliveryReportReceived');
		expect(event!.data).toMatchObject({
			from: main(),
			to: sms().customer,
			deliveryStatus: 'Delivered',
			deliveryStatusDetails: expect.any(String),
			deliveryAttempts: [expect.objectContaining({ segmentsSucceeded: 1, segmentsFailed: 0 })],
			tag: expect.any(String),
		});
	});
});
