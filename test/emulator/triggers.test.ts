/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { RestClient } from '@signalwire/compatibility-api';

import { deliver, startEmulator, type Emulator } from '../../emulator';
import { signalWireClient } from './helpers';

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

describe('IncomingPhoneNumbers with the official client', () => {
	test('list by PhoneNumber, then update SmsUrl and SmsMethod', async () => {
		const fixture = emu.fixtures.signalwire.mainNumber;
		const [number] = await client().incomingPhoneNumbers.list({ phoneNumber: fixture.phoneNumber });
		expect(number).toMatchObject({
			sid: fixture.sid,
			phoneNumber: fixture.phoneNumber,
			smsUrl: fixture.smsUrl,
			smsMethod: fixture.smsMethod,
		});
		const updated = await client()
			.incomingPhoneNumbers(fixture.sid)
			.update({ smsUrl: 'https://n8n.example.com/webhook/x/webhook', smsMethod: 'POST' });
		expect(updated).toMatchObject({
			smsUrl: 'https://n8n.example.com/webhook/x/webhook',
			smsMethod: 'POST',
		});
		expect(await client().incomingPhoneNumbers.list({ phoneNumber: '+15559998888' })).toEqual([]);
		expect(emu.counts()).toMatchObject({ 'sw.numbers.list': 2, 'sw.numbers.update': 1 });
	});

	test('a token without the Numbers scope is refused', async () => {
		await expect(
			client(emu.signalwire.apiTokenWithoutMessagingScope).incomingPhoneNumbers.list({}),
		).rejects.toMatchObject({ status: 401 });
	});
});

describe('Call Automation signing keys', () => {
	test('/calling/keys publishes the key that verifies the emulator’s tokens', async () => {
		const jwks = (await (await fetch(`${emu.url}/calling/keys`)).json()) as {
			keys: Array<{ kid: string; kty: string; n: string; e: string }>;
		};
		const [key] = jwks.keys;
		expect(key).toMatchObject({
			kid: emu.callbackSigningKey.kid,
			kty: 'RSA',
			use: 'sig',
			alg: 'RS256',
		});
		const token = emu.signCallAutomationToken();
		const [head, body, signature] = token.split('.');
		const publicKey = createPublicKey({ key: { kty: 'RSA', n: key!.n, e: key!.e }, format: 'jwk' });
		expect(
			verify(
				'RSA-SHA256',
				Buffer.from(`${head}.${body}`),
				publicKey,
				Buffer.from(signature!, 'base64url'),
			),
		).toBe(true);
		expect(JSON.parse(Buffer.from(body!, 'base64url').toString())).toMatchObject({
			aud: emu.fixtures.acs.resourceId,
			iss: emu.url,
		});
		const config = (await (
			await fetch(`${emu.url}/calling/.well-known/acsopenidconfiguration`)
		).json()) as object;
		expect(config).toMatchObject({ issuer: emu.url, jwks_uri: `${emu.url}/calling/keys` });
	});
});

describe('deliveries', () => {
	test('POST /emulator/deliver sends a delivery and returns what the receiver answered', async () => {
		const received: Array<{ headers: IncomingMessage['headers']; body: string; url: string }> = [];
		const receiver = createServer((req, res) => {
			let body = '';
			req.on('data', (chunk: Buffer) => (body += chunk.toString()));
			req.on('end', () => {
				received.push({ headers: req.headers, body, url: req.url ?? '' });
				res
					.writeHead(200, { 'content-type': 'application/json' })
					.end('{"validationResponse":"ok"}');
			});
		});
		await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
		const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook?secret=s`;
		try {
			const response = await fetch(`${emu.url}/emulator/deliver`, {
				method: 'POST',
				headers: { 'content-type': 'application/json' },
				body: JSON.stringify({ kind: 'eventgrid-validation', webhookUrl: url }),
			});
			expect(response.status).toBe(200);
			const result = (await response.json()) as { status: number; body: string; sent: unknown };
			expect(result).toMatchObject({ status: 200, body: '{"validationResponse":"ok"}' });
			expect(received).toHaveLength(1);
			expect(received[0]!.url).toBe('/hook?secret=s');
			expect(received[0]!.headers['aeg-event-type']).toBe('SubscriptionValidation');
			expect(JSON.parse(received[0]!.body)).toEqual(result.sent);

			const mms = await deliver(emu, 'signalwire-mms', url);
			const form = Object.fromEntries(new URLSearchParams(received[1]!.body));
			expect(form).toEqual(mms.sent);
			const signature = received[1]!.headers['x-signalwire-signature'] as string;
			expect(RestClient.validateRequest(emu.signalwire.signingKey, signature, url, form)).toBe(
				true,
			);
		} finally {
			await new Promise<void>((resolve) => receiver.close(() => resolve()));
		}
	});
});
