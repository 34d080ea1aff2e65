/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { EmailClient, type EmailMessage } from '@azure/communication-email';
import { randomUUID } from 'node:crypto';
import { startEmulator, type Emulator } from '../../emulator';
import { MAX_EMAIL_REQUEST_BYTES } from '../../emulator/acs/email';
import { entraToken, hmacRequest, loopbackTlsShim, receiveEventGridDelivery } from './helpers';

const entraCredential = (e: Emulator) => ({
	getToken: async () => ({
		token: await entraToken(e),
		expiresOnTimestamp: Date.now() + 50 * 60_000,
	}),
});

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.resetFixtures();
	emu.resetCounters();
});

const email = () => emu.fixtures.acs.email;
const SEND = '/emails:send?api-version=2025-09-01';
const operationPath = (id: string) => `/emails/operations/${id}?api-version=2025-09-01`;
const message = (to = 'ana@fabrikam.example'): EmailMessage => ({
	senderAddress: email().senderAddress,
	content: { subject: 'Your invoice', plainText: 'Attached.' },
	recipients: { to: [{ address: to, displayName: 'Ana' }] },
	attachments: [
		{
			name: 'invoice.pdf',
			contentType: 'application/pdf',
			contentInBase64: Buffer.from('%PDF-1.7').toString('base64'),
		},
	],
});
const send = (body: unknown, operationId?: string, pathAndQuery = SEND) =>
	hmacRequest(
		emu.url,
		emu.acs.accessKey,
		{ method: 'POST', pathAndQuery, body: JSON.stringify(body) },
		(headers) => ({
			headers: operationId ? { ...headers, 'operation-id': operationId } : headers,
		}),
	);
const poll = (id: string) =>
	hmacRequest(emu.url, emu.acs.accessKey, { pathAndQuery: operationPath(id) });
const json = (body: Buffer) => JSON.parse(body.toString()) as Record<string, unknown>;

describe('ACS Email with the official SDK (@azure/communication-email 1.1.0)', () => {
	test('HMAC: the send is polled to Succeeded', async () => {
		emu.email.configure({ retryAfterSeconds: 0 });
		const client = new EmailClient(emu.acs.connectionString, { allowInsecureConnection: true });
		const poller = await client.beginSend(message(), { updateIntervalInMs: 10 });
		const result = await poller.pollUntilDone();
		expect(result.status).toBe('Succeeded');
		const sent = emu.outbox().filter((m) => m.service === 'email');
		expect(sent).toEqual([expect.objectContaining({ id: result.id, to: 'ana@fabrikam.example' })]);
		// NotStarted and Running before Succeeded: the SDK polled three times.
		expect(emu.counts()['acs.email.operation']).toBe(3);
	});

	test('Entra: the SDK with a token credential is accepted', async () => {
		emu.email.configure({ retryAfterSeconds: 0 });
		const client = new EmailClient(
			emu.url.replace(/^http:/, 'https:'),
			entraCredential(emu),
			loopbackTlsShim(),
		);
		const result = await (
			await client.beginSend(message(), { updateIntervalInMs: 10 })
		).pollUntilDone();
		expect(result.status).toBe('Succeeded');
	});
});

describe('ACS Email operations', () => {
	test('the send answers 202 Running with Operation-Location and retry-after', async () => {
		const answer = await send(message());
		expect(answer.status).toBe(202);
		const body = json(answer.body);
		expect(body).toEqual({ id: expect.any(String), status: 'Running' });
		expect(answer.headers['operation-location']).toBe(
			`${emu.url}/emails/operations/${String(body.id)}?api-version=2025-09-01`,
		);
		expect(answer.headers['retry-after']).toBe('1');
	});

	test('a poll sooner than retry-after is 429 and does not move the operation on', async () => {
		const id = randomUUID();
		await send(message(), id);
		const early = await poll(id);
		expect(early.status).toBe(429);
		expect(json(early.body)).toEqual({
			error: expect.objectContaining({ code: 'TooManyRequests' }),
		});
		expect(Number(early.headers['retry-after'])).toBeGreaterThanOrEqual(1);
		await new Promise((resolve) =>
			setTimeout(resolve, Number(early.headers['retry-after']) * 1000),
		);
		const onTime = await poll(id);
		expect(json(onTime.body)).toEqual({ id, status: 'NotStarted' });
		expect(onTime.headers['retry-after']).toBe('1');
		expect((await poll(id)).status).toBe(429);
	});

	test('the failing recipient ends Failed with EmailDropped', async () => {
		emu.email.configure({ retryAfterSeconds: 0 });
		const id = randomUUID();
		await send(message(email().failedRecipient), id);
		await poll(id);
		await poll(id);
		const final = await poll(id);
		expect(json(final.body)).toEqual({
			id,
			status: 'Failed',
			error: { code: 'EmailDropped', message: expect.any(String) },
		});
		expect(final.headers['retry-after']).toBeUndefined();
	});

	test('the same Operation-Id with the same body is one email; with another body, 409', async () => {
		const id = randomUUID();
		const first = await send(message(), id);
		const again = await send(message(), id);
		expect([first.status, again.status]).toEqual([202, 202]);
		expect(json(again.body)).toEqual({ id, status: 'Running' });
		expect(emu.outbox().filter((m) => m.service === 'email')).toHaveLength(1);
		const other = await send(message('bob@fabrikam.example'), id);
		expect(other.status).toBe(409);
		expect(emu.outbox().filter((m) => m.service === 'email')).toHaveLength(1);
	});

	test('refusals: unknown operation 404, foreign sender domain, contentId before 2025-09-01, over 10 MB', async () => {
		expect((await poll(randomUUID())).status).toBe(404);
		const foreign = await send({ ...message(), senderAddress: 'someone@elsewhere.example' });
		expect(foreign.status).toBe(400);
		expect(json(foreign.body)).toEqual({
			error: expect.objectContaining({ code: 'DomainNotLinked' }),
		});
		const inline = {
			...message(),
			attachments: [{ ...message().attachments![0]!, contentId: 'logo' }],
		};
		expect((await send(inline, undefined, '/emails:send?api-version=2023-03-31')).status).toBe(400);
		expect((await send(inline)).status).toBe(202);
		const big = {
			...message(),
			attachments: [
				{
					name: 'big.bin',
					contentType: 'application/octet-stream',
					contentInBase64: Buffer.alloc((MAX_EMAIL_REQUEST_BYTES / 4) * 3).toString('base64'),
				},
			],
		};
		const tooLarge = await send(big);
		expect(tooLarge.status).toBe(413);
		expect(json(tooLarge.body)).toEqual({
			error: expect.objectContaining({ code: 'RequestEntityTooLarge' }),
		});
		for (const body of [
			{ ...message(), recipients: { to: [] } },
			{ ...message(), recipients: { to: [{ address: 'not an address' }] } },
			{ ...message(), content: { subject: 'No body' } },
			{
				...message(),
				recipients: {
					to: Array.from({ length: 51 }, (_, i) => ({ address: `r${i}@fabrikam.example` })),
				},
			},
		])
			expect((await send(body)).status).toBe(400);
		expect(emu.outbox().filter((m) => m.service === 'email')).toHaveLength(1);
	});
});

describe('email deliveries parse with @azure/eventgrid', () => {
	test('eventgrid-email-delivery-report', async () => {
		const messageId = randomUUID();
		const [event] = await receiveEventGridDelivery(emu, 'eventgrid-email-delivery-report', {
			emailMessageId: messageId,
		});
		expect(event!.eventType).toBe('Microsoft.Communication.EmailDeliveryReportReceived');
		expect(event!.subject).toBe(`sender/${email().senderAddress}/message/${messageId}`);
		expect(event!.data).toMatchObject({
			sender: email().senderAddress,
			recipient: email().customer,
			messageId,
			status: 'Delivered',
			deliveryStatusDetails: { statusMessage: expect.any(String) },
			deliveryAttemptTimestamp: expect.any(String),
		});
	});
});
