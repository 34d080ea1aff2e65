import { randomUUID } from 'node:crypto';

import { RestClient } from '@signalwire/compatibility-api';
import type { INode } from 'n8n-workflow';

import { deliver, type DeliveryResult } from '../../emulator';
import { signSignalWireRequest } from '../../emulator/deliver';
import {
	EMPTY_CXML,
	MAX_REQUEST_BYTES,
} from '../../nodes/SignalWireTrigger/SignalWireTrigger.node';
import { name as packageName } from '../../package.json';
import { signalWireSignature } from '../../shared/webhooks/signalWireSignature';
import { readBinary } from '../harness';
import { TRIGGER_NODE_NAME, type ServedTrigger } from '../harness/webhook';
import {
	createTestContext,
	sha256,
	SIGNALWIRE_NODE,
	SIGNALWIRE_TRIGGER_NODE,
	type TestContext,
} from './context';
import { triggerTestKit } from './triggers';

let t: TestContext;
beforeAll(async () => {
	t = await createTestContext();
});
afterAll(async () => await t.close());

const kit = triggerTestKit(
	() => t,
	SIGNALWIRE_TRIGGER_NODE,
	(c) => c.credentials.signalWire,
);
afterAll(kit.closeAll);

function watched(result: DeliveryResult): DeliveryResult {
	t.watchDelivery(result);
	expect(result.body).not.toContain(t.emulator.signalwire.signingKey);
	return result;
}

function expectCxml(result: { status: number; contentType: string; body: string }) {
	expect(result.status).toBe(200);
	expect(result.contentType).toMatch(/^text\/xml/);
	expect(result.body).toBe(EMPTY_CXML);
}

async function postForm(
	url: string,
	params: Record<string, string>,
	headers: Record<string, string>,
) {
	return await kit.post(url, new URLSearchParams(params).toString(), {
		'content-type': 'application/x-www-form-urlencoded',
		...headers,
	});
}

const inbound = { events: ['inboundMessage'], registration: 'manual' };

describe('SignalWire inbound messages', () => {
	it('MMS → Download: one item with every parameter and media, the file is the fixture', async () => {
		const download: INode = {
			id: randomUUID(),
			name: 'Download media',
			type: `${packageName}.${SIGNALWIRE_NODE}`,
			typeVersion: 1,
			position: [200, 0],
			parameters: {
				resource: 'messageMedia',
				operation: 'download',
				messageSid: '={{ $json.MessageSid }}',
				mediaSid: '={{ $json.media[0].sid }}',
			},
			credentials: { signalWireApi: t.credentials.signalWire.ref },
		};
		const trigger = await kit.serve(inbound, {
			downstream: {
				nodes: [download],
				connections: {
					[TRIGGER_NODE_NAME]: { main: [[{ node: 'Download media', type: 'main', index: 0 }]] },
				},
			},
		});
		const result = watched(await deliver(t.emulator, 'signalwire-mms', trigger.url));
		expectCxml(result);
		const sent = result.sent as Record<string, string>;
		// What the emulator sent is signed the way the official SDK checks it.
		const signature = signSignalWireRequest(t.emulator.signalwire.signingKey, trigger.url, sent);
		expect(
			RestClient.validateRequest(t.emulator.signalwire.signingKey, signature, trigger.url, sent),
		).toBe(true);

		const [execution] = await trigger.waitForExecutions(1);
		t.watchDelivery(result, [execution!, { items: execution!.outputOf('Download media') }]);
		expect(execution!.run.data.resultData.error).toBeUndefined();
		const { direct, redirect302 } = t.emulator.fixtures.signalwire.media.small;
		expect(execution!.items.map((item) => item.json)).toEqual([
			{
				...sent,
				media: [
					{ sid: direct.sid, url: sent.MediaUrl0, contentType: direct.contentType },
					{ sid: redirect302.sid, url: sent.MediaUrl1, contentType: redirect302.contentType },
				],
			},
		]);
		const [file] = execution!.outputOf('Download media');
		expect(sha256(await readBinary(file!))).toBe(direct.sha256);
	});

	it('checks the signature over the test URL in test mode, with the query as received', async () => {
		const trigger = await kit.serve(inbound);
		const url = `${trigger.testUrl}?tag=a%20b&x=1`;
		expectCxml(watched(await deliver(t.emulator, 'signalwire-mms', url)));
		await trigger.waitForExecutions(1);
	});

	it('reads its credential once for many requests, and takes a changed signing key at once', async () => {
		const data = t.harness.getCredentialData(t.credentials.signalWire.ref.id);
		const credential = t.harness.addCredential(t.credentials.signalWire.type, { ...data });
		const trigger = await kit.serve(inbound, { credential });
		const reads = jest.spyOn(t.harness.credentialsHelper, 'getDecrypted');
		try {
			const readsOfThis = () =>
				reads.mock.calls.filter(([, details]) => details.id === credential.id).length;
			for (let i = 0; i < 3; i++)
				expectCxml(await deliver(t.emulator, 'signalwire-mms', trigger.url));
			expect(readsOfThis()).toBe(1);
			const rotated = 'PSK_rotated-signing-key';
			await t.harness.credentialsHelper.updateCredentials(
				credential,
				t.credentials.signalWire.type,
				{
					...data,
					signingKey: rotated,
				},
			);
			expectCxml(await deliver(t.emulator, 'signalwire-mms', trigger.url, { signingKey: rotated }));
			expect(readsOfThis()).toBe(2);
			const old = await deliver(t.emulator, 'signalwire-mms', trigger.url);
			expect(old.status).toBe(403);
			await trigger.waitForExecutions(4);
		} finally {
			reads.mockRestore();
		}
	});

	it('accepts the X-Twilio-Signature header when X-SignalWire-Signature is absent', async () => {
		const trigger = await kit.serve(inbound);
		const params = { MessageSid: 'SM-twilio-header', From: '+15557654321', Body: 'hi' };
		const signature = signSignalWireRequest(t.emulator.signalwire.signingKey, trigger.url, params);
		expectCxml(await postForm(trigger.url, params, { 'x-twilio-signature': signature }));
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.items[0]!.json).toEqual({ ...params, media: [] });
	});

	it('keeps repeated parameters as lists, signed once per value as the SDK does', async () => {
		const trigger = await kit.serve(inbound);
		const key = t.emulator.signalwire.signingKey;
		const params = { MessageSid: 'SM-repeat', Tag: ['b', 'a'] };
		const signature = signalWireSignature(key, trigger.url, params);
		expect(RestClient.validateRequest(key, signature, trigger.url, params)).toBe(true);
		const response = await fetch(trigger.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/x-www-form-urlencoded',
				'x-signalwire-signature': signature,
			},
			body: 'MessageSid=SM-repeat&Tag=b&Tag=a',
		});
		expect(response.status).toBe(200);
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.items[0]!.json).toEqual({ ...params, media: [] });
	});
});

describe('SignalWire message status callbacks', () => {
	it('starts a run for a status callback when Message Status is selected', async () => {
		const trigger = await kit.serve({ events: ['messageStatus'], registration: 'manual' });
		const result = watched(await deliver(t.emulator, 'signalwire-status', trigger.url));
		expectCxml(result);
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.items[0]!.json).toEqual({ ...(result.sent as object), media: [] });
	});

	it('answers but starts nothing for an event kind that is not selected', async () => {
		const statusOnly = await kit.serve({ events: ['messageStatus'], registration: 'manual' });
		expectCxml(watched(await deliver(t.emulator, 'signalwire-mms', statusOnly.url)));
		const inboundOnly = await kit.serve(inbound);
		expectCxml(watched(await deliver(t.emulator, 'signalwire-status', inboundOnly.url)));
		expect(statusOnly.started()).toBe(0);
		expect(inboundOnly.started()).toBe(0);
	});
});

describe('SignalWire bad requests', () => {
	let trigger: ServedTrigger;
	beforeAll(async () => {
		trigger = await kit.serve(inbound);
	});
	afterEach(() => expect(trigger.started()).toBe(0));

	it('refuses a signature made with another key', async () => {
		const result = watched(
			await deliver(t.emulator, 'signalwire-mms', trigger.url, {
				signingKey: 'PSK_not-the-project-key',
			}),
		);
		expect(result.status).toBe(403);
		expect(result.body).toBe('Invalid signature');
	});

	it('refuses a signature over another URL', async () => {
		const other = trigger.url.replace('/webhook/', '/webhook-test/');
		const params = { MessageSid: 'SM-other-url', Body: 'hi' };
		const signature = signSignalWireRequest(t.emulator.signalwire.signingKey, other, params);
		expect(
			(await postForm(trigger.url, params, { 'x-signalwire-signature': signature })).status,
		).toBe(403);
		const withQuery = signSignalWireRequest(
			t.emulator.signalwire.signingKey,
			`${trigger.url}?a=1`,
			params,
		);
		expect(
			(await postForm(trigger.url, params, { 'x-signalwire-signature': withQuery })).status,
		).toBe(403);
	});

	it('refuses tampered parameters', async () => {
		const params = { MessageSid: 'SM-tampered', Body: 'original' };
		const signature = signSignalWireRequest(t.emulator.signalwire.signingKey, trigger.url, params);
		const result = await postForm(
			trigger.url,
			{ ...params, Body: 'changed' },
			{ 'x-signalwire-signature': signature },
		);
		expect(result.status).toBe(403);
	});

	it('refuses a request without a signature', async () => {
		const result = await postForm(trigger.url, { MessageSid: 'SM-unsigned' }, {});
		expect(result.status).toBe(403);
		expect(result.body).toBe('Missing signature');
	});

	it('refuses a body that is not a form, and one over the size limit', async () => {
		const json = await fetch(trigger.url, {
			method: 'POST',
			headers: { 'content-type': 'text/plain' },
			body: 'MessageSid=SM1',
		});
		expect(json.status).toBe(400);
		const large = await postForm(trigger.url, { Body: 'x'.repeat(MAX_REQUEST_BYTES) }, {});
		expect(large.status).toBe(413);
	});
});

describe('SignalWire Trigger activation', () => {
	afterEach(() => t.emulator.resetFixtures());
	const number = () => t.emulator.fixtures.signalwire.mainNumber;
	const current = async () => {
		const response = await fetch(
			`${t.emulator.url}/api/laml/2010-04-01/Accounts/${t.emulator.signalwire.projectId}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(number().phoneNumber)}`,
			{
				headers: {
					authorization: `Basic ${Buffer.from(`${t.emulator.signalwire.projectId}:${t.emulator.signalwire.apiToken}`).toString('base64')}`,
				},
			},
		);
		const body = (await response.json()) as {
			incoming_phone_numbers: Array<{ sms_url: string; sms_method: string }>;
		};
		return body.incoming_phone_numbers[0]!;
	};

	it('automatic: sets the number’s SmsUrl, reports it, and restores the previous URL and method', async () => {
		const trigger = await kit.serve({
			...inbound,
			registration: 'automatic',
			phoneNumber: number().phoneNumber,
		});
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await current()).toMatchObject({ sms_url: trigger.url, sms_method: 'POST' });
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		// A second activation must not remember this trigger's own URL as "previous".
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(await current()).toMatchObject({
			sms_url: number().smsUrl,
			sms_method: number().smsMethod,
		});
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		const updates = t.emulator
			.requests()
			.filter((request) => request.endpoint === 'sw.numbers.update');
		expect(
			updates.map((request) => Object.fromEntries(new URLSearchParams(request.body.toString()))),
		).toEqual([
			{ SmsUrl: trigger.url, SmsMethod: 'POST' },
			{ SmsUrl: trigger.url, SmsMethod: 'POST' },
			{ SmsUrl: number().smsUrl, SmsMethod: number().smsMethod },
		]);
	});

	it('automatic: leaves a URL someone set since activation alone on deactivation', async () => {
		const trigger = await kit.serve({
			...inbound,
			registration: 'automatic',
			phoneNumber: number().phoneNumber,
		});
		await trigger.lifecycle('create');
		t.emulator.resetFixtures();
		const before = t.emulator.counts()['sw.numbers.update'] ?? 0;
		await trigger.lifecycle('delete');
		expect(t.emulator.counts()['sw.numbers.update'] ?? 0).toBe(before);
	});

	it('automatic: an unknown number is a clear activation error', async () => {
		const trigger = await kit.serve({
			...inbound,
			registration: 'automatic',
			phoneNumber: '+15559998888',
		});
		await expect(trigger.lifecycle('create')).rejects.toThrow(
			'The phone number +15559998888 is not a number of this SignalWire project',
		);
	});

	it('automatic: a number not in E.164 form is refused before any request', async () => {
		const trigger = await kit.serve({
			...inbound,
			registration: 'automatic',
			phoneNumber: '555-0001',
		});
		const before = t.emulator.counts().total ?? 0;
		await expect(trigger.lifecycle('create')).rejects.toThrow(/E\.164/);
		expect(t.emulator.counts().total ?? 0).toBe(before);
	});

	it('automatic: a token without the Numbers scope says so', async () => {
		const credential = t.harness.addCredential('signalWireApi', {
			spaceUrl: t.emulator.url,
			projectId: t.emulator.signalwire.projectId,
			apiToken: t.emulator.signalwire.apiTokenWithoutMessagingScope,
			signingKey: t.emulator.signalwire.signingKey,
		});
		const trigger = await kit.serve(
			{ ...inbound, registration: 'automatic', phoneNumber: number().phoneNumber },
			{ credential },
		);
		const error = await trigger
			.lifecycle('create')
			.catch((e: unknown) => e as Error & { description?: string });
		expect(error).toMatchObject({ message: expect.stringContaining('(401)') });
		expect((error as { description?: string }).description).toMatch(/Numbers scope/);
	});

	it('refuses to activate without a signing key, saying where to find it', async () => {
		const credential = t.harness.addCredential('signalWireApi', {
			spaceUrl: t.emulator.url,
			projectId: t.emulator.signalwire.projectId,
			apiToken: t.emulator.signalwire.apiToken,
			signingKey: '',
		});
		const trigger = await kit.serve(inbound, { credential });
		const error = await trigger
			.lifecycle('create')
			.catch((e: unknown) => e as Error & { description?: string });
		expect(error).toMatchObject({ message: expect.stringContaining('no Signing Key') });
		expect((error as { description?: string }).description).toMatch(
			/Dashboard > API Credentials > Signing Key/,
		);
		const result = await postForm(
			trigger.url,
			{ MessageSid: 'SM1' },
			{ 'x-signalwire-signature': 'x' },
		);
		expect(result.status).toBe(403);
		expect(trigger.started()).toBe(0);
	});

	it('manual: activation checks the credential and changes no number', async () => {
		const trigger = await kit.serve(inbound);
		const before = t.emulator.counts().total ?? 0;
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(t.emulator.counts().total ?? 0).toBe(before);
	});
});
