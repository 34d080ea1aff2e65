import { randomUUID } from 'node:crypto';

import { parseCallAutomationEvent } from '@azure/communication-call-automation';
import { createSerializer, type CompositeMapper } from '@azure/core-client';
import {
	EventGridDeserializer,
	isSystemEvent,
	type AcsMessageReceivedEventData,
} from '@azure/eventgrid';
import type { INode } from 'n8n-workflow';

import { deliver, type DeliveryResult } from '../../emulator';
import { MAX_DELIVERY_BYTES } from '../../nodes/AzureCommunicationServicesTrigger/AzureCommunicationServicesTrigger.node';
import { name as packageName } from '../../package.json';
import { readBinary } from '../harness';
import { TRIGGER_NODE_NAME, type ServedTrigger } from '../harness/webhook';
import {
	ACS_NODE,
	ACS_TRIGGER_NODE,
	ACS_TRIGGER_SECRET,
	createTestContext,
	sha256,
	type TestContext,
} from './context';
import { triggerTestKit } from './triggers';

/** @azure/eventgrid's generated wire mappers (not exported by name): the oracle for event data shapes. */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the package exports its mappers only as a file
const eventGridMappers = require(
	require.resolve('@azure/eventgrid').replace(/index\.js$/, 'generated/models/mappers.js'),
) as Record<string, CompositeMapper>;
const eventGridSerializer = createSerializer(eventGridMappers);

let t: TestContext;
beforeAll(async () => {
	t = await createTestContext();
});
afterAll(async () => await t.close());

const withSecret = (url: string, secret = ACS_TRIGGER_SECRET) =>
	`${url}?secret=${encodeURIComponent(secret)}`;

const kit = triggerTestKit(
	() => t,
	ACS_TRIGGER_NODE,
	(c) => c.credentials.acsTrigger,
);
afterAll(kit.closeAll);

async function post(url: string, body: string, headers: Record<string, string> = {}) {
	return await kit.post(url, body, { 'content-type': 'application/json', ...headers });
}

function expectRefused(result: { status: number; body: string }, status: number, reason: RegExp) {
	expect(result.status).toBe(status);
	expect(JSON.parse(result.body)).toEqual({ error: expect.stringMatching(reason) });
}

function watched(result: DeliveryResult): DeliveryResult {
	t.watchDelivery(result);
	return result;
}

describe('Event Grid deliveries', () => {
	it('answers the subscription validation handshake with the code and starts nothing', async () => {
		const trigger = await kit.serve({ source: 'eventGrid', events: ['*'] });
		const result = watched(
			await deliver(t.emulator, 'eventgrid-validation', withSecret(trigger.testUrl)),
		);
		const [event] = result.sent as Array<{ data: { validationCode: string } }>;
		expect(result.status).toBe(200);
		expect(result.contentType).toMatch(/^application\/json/);
		expect(JSON.parse(result.body)).toEqual({ validationResponse: event!.data.validationCode });
		// The SDK reads what the emulator sent as the validation event it is.
		const [parsed] = await new EventGridDeserializer().deserializeEventGridEvents(
			JSON.stringify(result.sent),
		);
		expect(isSystemEvent('Microsoft.EventGrid.SubscriptionValidationEvent', parsed)).toBe(true);
		expect(trigger.started()).toBe(0);
	});

	it('recognises the validation event by its type even without the aeg-event-type header', async () => {
		const trigger = await kit.serve({ source: 'eventGrid', events: ['*'] });
		const result = watched(
			await deliver(t.emulator, 'eventgrid-validation', withSecret(trigger.url), {
				headers: { 'aeg-event-type': 'Notification' },
			}),
		);
		expect(JSON.parse(result.body)).toHaveProperty('validationResponse');
		expect(trigger.started()).toBe(0);
	});

	it('acknowledges a subscription deletion and starts nothing', async () => {
		const trigger = await kit.serve({ source: 'eventGrid', events: ['*'] });
		const result = watched(
			await deliver(t.emulator, 'eventgrid-deletion', withSecret(trigger.url)),
		);
		expect(result.status).toBe(200);
		expect(trigger.started()).toBe(0);
	});

	it('AdvancedMessageReceived → media Download: the file is the fixture, byte for byte', async () => {
		const download: INode = {
			id: randomUUID(),
			name: 'Download media',
			type: `${packageName}.${ACS_NODE}`,
			typeVersion: 1,
			position: [200, 0],
			parameters: {
				authentication: 'accessKey',
				resource: 'media',
				operation: 'download',
				mediaId: '={{ $json.data.media.id }}',
			},
			credentials: { azureCommunicationServicesApi: t.credentials.accessKey.ref },
		};
		const trigger = await kit.serve(
			{ source: 'eventGrid', events: ['Microsoft.Communication.AdvancedMessageReceived'] },
			{
				downstream: {
					nodes: [download],
					connections: {
						[TRIGGER_NODE_NAME]: { main: [[{ node: 'Download media', type: 'main', index: 0 }]] },
					},
				},
			},
		);
		const result = watched(
			await deliver(t.emulator, 'eventgrid-advanced-message', withSecret(trigger.url)),
		);
		expect(result.status).toBe(200);
		const [execution] = await trigger.waitForExecutions(1);
		t.watchDelivery(result, [execution!, { items: execution!.outputOf('Download media') }]);
		expect(execution!.run.data.resultData.error).toBeUndefined();
		// The item is the event exactly as delivered.
		expect(execution!.items.map((item) => item.json)).toEqual(result.sent);
		const sdkView = await new EventGridDeserializer().deserializeEventGridEvents(
			JSON.stringify(result.sent),
		);
		expect(isSystemEvent('Microsoft.Communication.AdvancedMessageReceived', sdkView[0])).toBe(true);
		const jpeg = t.emulator.fixtures.acs.media.jpeg;
		// The SDK's own wire mapping of the event data names the media ID the Download used.
		const data = eventGridSerializer.deserialize(
			eventGridMappers.AcsMessageReceivedEventData,
			sdkView[0]!.data,
			'data',
		) as AcsMessageReceivedEventData;
		expect(data.mediaContent).toEqual({
			mimeType: jpeg.contentType,
			mediaId: jpeg.id,
			fileName: jpeg.fileName,
			caption: expect.any(String),
		});
		expect(data.channelKind).toBe('whatsapp');
		const [file] = execution!.outputOf('Download media');
		expect(sha256(await readBinary(file!))).toBe(jpeg.sha256);
		expect(file!.binary!.data!.mimeType).toBe('image/jpeg');
	});

	it('gives one item per selected event, in delivery order, in one execution', async () => {
		const trigger = await kit.serve({
			source: 'eventGrid',
			events: ['Microsoft.Communication.AdvancedMessageReceived'],
		});
		const result = watched(
			await deliver(t.emulator, 'eventgrid-batch', withSecret(trigger.url), { events: 5 }),
		);
		const sent = result.sent as Array<{ id: string; eventType: string; data: object }>;
		// n8n answers (200, no body) once the execution is registered, as for its own Webhook node.
		expect({ status: result.status, body: result.body }).toEqual({ status: 200, body: '' });
		// Every event's data carries what the SDK's wire mapping requires of its type.
		const required = {
			'Microsoft.Communication.AdvancedMessageReceived': [
				'from',
				'to',
				'messageType',
				'channelKind',
			],
			'Microsoft.Communication.AdvancedMessageDeliveryStatusUpdated': [
				'messageId',
				'status',
				'channelKind',
			],
		} as const;
		for (const event of sent) {
			const type = event.eventType as keyof typeof required;
			const mapper =
				eventGridMappers[
					type === 'Microsoft.Communication.AdvancedMessageReceived'
						? 'AcsMessageReceivedEventData'
						: 'AcsMessageDeliveryStatusUpdatedEventData'
				]!;
			const data = eventGridSerializer.deserialize(mapper, event.data, 'data') as object;
			expect(Object.keys(data)).toEqual(expect.arrayContaining([...required[type]]));
		}
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.items.map((item) => item.json)).toEqual(
			sent.filter((event) => event.eventType === 'Microsoft.Communication.AdvancedMessageReceived'),
		);
	});

	it('reads its credential once for many deliveries, and takes a changed secret at once', async () => {
		const credential = t.harness.addCredential('azureCommunicationServicesTriggerApi', {
			secret: ACS_TRIGGER_SECRET,
			immutableResourceId: '',
			callAutomationIssuer: t.emulator.url,
		});
		const trigger = await kit.serve({ source: 'eventGrid', events: ['*'] }, { credential });
		const reads = jest.spyOn(t.harness.credentialsHelper, 'getDecrypted');
		try {
			const readsOfThis = () =>
				reads.mock.calls.filter(([, details]) => details.id === credential.id).length;
			const statuses = [];
			for (let i = 0; i < 5; i++)
				statuses.push(
					(await deliver(t.emulator, 'eventgrid-advanced-message', withSecret(trigger.url))).status,
				);
			expect(statuses).toEqual([200, 200, 200, 200, 200]);
			expect(readsOfThis()).toBe(1);

			const rotated = `${ACS_TRIGGER_SECRET}-rotated`;
			await t.harness.credentialsHelper.updateCredentials(
				credential,
				'azureCommunicationServicesTriggerApi',
				{ ...t.harness.getCredentialData(credential.id), secret: rotated },
			);
			const withNew = await deliver(
				t.emulator,
				'eventgrid-advanced-message',
				withSecret(trigger.url, rotated),
			);
			expect(withNew.status).toBe(200);
			// The refusal with the cached copy made it read the credential again, and that copy is now used.
			expect(readsOfThis()).toBe(2);
			expectRefused(
				await deliver(t.emulator, 'eventgrid-advanced-message', withSecret(trigger.url)),
				401,
				/secret/,
			);
			await trigger.waitForExecutions(6);
		} finally {
			reads.mockRestore();
		}
	});

	it('takes 10,000 events in one delivery as one execution with 10,000 items in order', async () => {
		const trigger = await kit.serve({ source: 'eventGrid', events: ['*'] });
		const result = await deliver(t.emulator, 'eventgrid-batch', withSecret(trigger.url), {
			events: 10_000,
		});
		expect(result.status).toBe(200);
		const [execution] = await trigger.waitForExecutions(1, 60_000);
		const ids = (result.sent as Array<{ id: string }>).map((event) => event.id);
		expect(execution!.items.map((item) => item.json.id)).toEqual(ids);
	});

	it('starts nothing for a delivery without a selected event, or an empty array', async () => {
		const trigger = await kit.serve({
			source: 'eventGrid',
			events: ['Microsoft.Communication.SMSReceived'],
		});
		const unselected = watched(
			await deliver(t.emulator, 'eventgrid-advanced-message', withSecret(trigger.url)),
		);
		expect(unselected.status).toBe(200);
		expect(JSON.parse(unselected.body)).toEqual({ received: 1, accepted: 0 });
		const empty = await post(withSecret(trigger.url), '[]', { 'aeg-event-type': 'Notification' });
		expect(empty.status).toBe(200);
		expect(trigger.started()).toBe(0);
	});
});

describe('Event Grid bad input', () => {
	let trigger: ServedTrigger;
	beforeAll(async () => {
		trigger = await kit.serve({ source: 'eventGrid', events: ['*'] });
	});
	afterEach(() => expect(trigger.started()).toBe(0));

	it.each([
		['a missing secret', (url: string) => url],
		['a wrong secret', (url: string) => withSecret(url, 'wrong-secret-but-long-enough')],
		['an empty secret', (url: string) => `${url}?secret=`],
		[
			'a secret of another case',
			(url: string) => withSecret(url, ACS_TRIGGER_SECRET.toUpperCase()),
		],
	])('refuses %s with 401', async (_, url) => {
		const result = watched(await deliver(t.emulator, 'eventgrid-validation', url(trigger.url)));
		expectRefused(result, 401, /secret/);
		expect(result.body).not.toContain(ACS_TRIGGER_SECRET);
	});

	it('refuses a CloudEvents delivery with 400 that says to choose the Event Grid schema', async () => {
		const result = watched(
			await deliver(t.emulator, 'eventgrid-cloudevents', withSecret(trigger.url)),
		);
		expectRefused(result, 400, /CloudEvents.*Event Grid Schema/);
	});

	it.each([
		['text that is not JSON', 'not json at all', 'text/plain', /not JSON/],
		['a JSON string', '"just a string"', 'text/plain', /not a JSON array or object/],
		['a JSON number', '42', 'text/plain', /not a JSON array or object/],
		[
			'an array with a non-object',
			'[{"eventType":"x"}, 3]',
			'application/json',
			/Event 1 is not a JSON object/,
		],
	])('refuses %s with 400', async (_, body, contentType, reason) => {
		expectRefused(
			await post(withSecret(trigger.url), body, { 'content-type': contentType }),
			400,
			reason,
		);
	});

	it('lets n8n refuse a body declared JSON that is not (422), as n8n does before any node runs', async () => {
		const result = await post(withSecret(trigger.url), '{broken', {
			'content-type': 'application/json',
		});
		expect(result.status).toBe(422);
	});

	it('refuses a body over the size limit with 413', async () => {
		const filler = 'x'.repeat(MAX_DELIVERY_BYTES);
		const result = await post(
			withSecret(trigger.url),
			JSON.stringify([{ eventType: 'x', data: filler }]),
		);
		expectRefused(result, 413, /larger than/);
	});
});

describe('Call Automation callbacks', () => {
	const mediaStreamingParameters = {
		source: 'callAutomation',
		events: ['Microsoft.Communication.MediaStreamingStarted'],
	};

	it('takes a signed MediaStreamingStarted callback as one item, the CloudEvent as delivered', async () => {
		const trigger = await kit.serve(mediaStreamingParameters);
		const result = watched(
			await deliver(t.emulator, 'callautomation-media-streaming', withSecret(trigger.url)),
		);
		expect(result.status).toBe(200);
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.items.map((item) => item.json)).toEqual(result.sent);
		// The official parser reads what was delivered as the event it claims to be.
		const parsed = parseCallAutomationEvent(JSON.stringify(result.sent));
		expect(parsed).toMatchObject({
			kind: 'MediaStreamingStarted',
			callConnectionId: t.emulator.fixtures.acs.calls.activeCallConnectionId,
		});
		expect(t.emulator.counts()['acs.callAutomation.keys']).toBeGreaterThanOrEqual(1);
	});

	it('fetches the issuer keys once and reuses them by kid', async () => {
		const trigger = await kit.serve(mediaStreamingParameters);
		const before = t.emulator.counts()['acs.callAutomation.keys'] ?? 0;
		for (let i = 0; i < 3; i++) {
			watched(await deliver(t.emulator, 'callautomation-media-streaming', withSecret(trigger.url)));
		}
		await trigger.waitForExecutions(3);
		expect(t.emulator.counts()['acs.callAutomation.keys'] ?? 0).toBe(before === 0 ? 1 : before);
	});

	it('refetches the keys once when a token names a new key (rotation), not for every unknown key', async () => {
		const trigger = await kit.serve(mediaStreamingParameters);
		const url = withSecret(trigger.url);
		expect(watched(await deliver(t.emulator, 'callautomation-media-streaming', url)).status).toBe(
			200,
		);
		const fetched = () => t.emulator.counts()['acs.callAutomation.keys'] ?? 0;
		const before = fetched();
		t.emulator.rotateCallbackSigningKey();
		expect(watched(await deliver(t.emulator, 'callautomation-media-streaming', url)).status).toBe(
			200,
		);
		expect(fetched()).toBe(before + 1);
		for (const kid of ['made-up-1', 'made-up-2']) {
			const result = watched(
				await deliver(t.emulator, 'callautomation-media-streaming', url, {
					headers: { authorization: `Bearer ${t.emulator.signCallAutomationToken({ kid })}` },
				}),
			);
			expectRefused(result, 401, /unknown key/);
		}
		expect(fetched()).toBe(before + 1);
		await trigger.waitForExecutions(2);
	});

	it('drops callback types that are not selected', async () => {
		const trigger = await kit.serve({
			source: 'callAutomation',
			events: ['Microsoft.Communication.CallConnected'],
		});
		const result = watched(
			await deliver(t.emulator, 'callautomation-media-streaming', withSecret(trigger.url)),
		);
		expect(result.status).toBe(200);
		expect(trigger.started()).toBe(0);
	});

	describe('bad tokens', () => {
		let trigger: ServedTrigger;
		beforeAll(async () => {
			trigger = await kit.serve(mediaStreamingParameters);
		});
		afterEach(() => expect(trigger.started()).toBe(0));

		const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
		it.each([
			['no token', () => undefined, /Missing Call Automation token/],
			[
				'an expired token',
				() => t.emulator.signCallAutomationToken({ expiresIn: -600 }),
				/expired/,
			],
			[
				'a foreign audience',
				() => t.emulator.signCallAutomationToken({ audience: randomUUID() }),
				/another resource/,
			],
			[
				'a wrong issuer',
				() => t.emulator.signCallAutomationToken({ issuer: 'https://evil.example.com' }),
				/another issuer/,
			],
			[
				'an unknown kid',
				() => t.emulator.signCallAutomationToken({ kid: 'rotated-away' }),
				/unknown key/,
			],
			[
				'an unsigned token (alg none)',
				() =>
					`${b64({ alg: 'none', typ: 'JWT' })}.${b64({ aud: t.emulator.fixtures.acs.resourceId, iss: t.emulator.url, exp: Math.floor(Date.now() / 1000) + 300 })}.`,
				/not a signed JWT/,
			],
			[
				'a tampered token',
				() => {
					const [head, , signature] = t.emulator.signCallAutomationToken().split('.');
					return `${head}.${b64({ aud: t.emulator.fixtures.acs.resourceId, iss: t.emulator.url, exp: Math.floor(Date.now() / 1000) + 99_999 })}.${signature}`;
				},
				/signature is invalid/,
			],
		])('refuses %s with 401 and never echoes it', async (_, token, reason) => {
			const value = token();
			const result = watched(
				await deliver(t.emulator, 'callautomation-media-streaming', withSecret(trigger.url), {
					headers:
						value === undefined ? { authorization: '' } : { authorization: `Bearer ${value}` },
				}),
			);
			expectRefused(result, 401, reason);
			if (value) expect(result.body).not.toContain(value);
			expect(JSON.stringify(t.harness.logs())).not.toContain(value ?? ACS_TRIGGER_SECRET);
		});

		it('refuses a token for another audience from the deliver option', async () => {
			const result = watched(
				await deliver(t.emulator, 'callautomation-media-streaming', withSecret(trigger.url), {
					jwtAudience: randomUUID(),
				}),
			);
			expectRefused(result, 401, /another resource/);
		});

		it('refuses an Event Grid delivery sent to a Call Automation trigger', async () => {
			const result = watched(
				await deliver(t.emulator, 'eventgrid-advanced-message', withSecret(trigger.url), {
					headers: { authorization: `Bearer ${t.emulator.signCallAutomationToken()}` },
				}),
			);
			expectRefused(result, 400, /Event Grid delivery/);
		});
	});

	it('accepts callbacks without a token when the credential has no Immutable Resource ID', async () => {
		const credential = t.harness.addCredential('azureCommunicationServicesTriggerApi', {
			secret: ACS_TRIGGER_SECRET,
			immutableResourceId: '',
			callAutomationIssuer: t.emulator.url,
		});
		const trigger = await kit.serve(mediaStreamingParameters, { credential });
		const result = watched(
			await deliver(t.emulator, 'callautomation-media-streaming', withSecret(trigger.url), {
				headers: { authorization: '' },
			}),
		);
		expect(result.status).toBe(200);
		await trigger.waitForExecutions(1);
	});

	it('answers 503 (so Call Automation retries) when the issuer keys cannot be fetched', async () => {
		const credential = t.harness.addCredential('azureCommunicationServicesTriggerApi', {
			secret: ACS_TRIGGER_SECRET,
			immutableResourceId: t.emulator.fixtures.acs.resourceId,
			// The foreign host has no /calling/keys (404).
			callAutomationIssuer: t.emulator.foreignHostUrl,
		});
		const trigger = await kit.serve(mediaStreamingParameters, { credential });
		const result = watched(
			await deliver(t.emulator, 'callautomation-media-streaming', withSecret(trigger.url)),
		);
		expectRefused(result, 503, /Could not fetch/);
		expect(trigger.started()).toBe(0);
	});
});

describe('activation', () => {
	it('refuses to activate with an issuer over plain http to a public host', async () => {
		const credential = t.harness.addCredential('azureCommunicationServicesTriggerApi', {
			secret: ACS_TRIGGER_SECRET,
			immutableResourceId: '',
			callAutomationIssuer: 'http://acscallautomation.example.com',
		});
		const trigger = await kit.serve({ source: 'eventGrid', events: ['*'] }, { credential });
		await expect(trigger.lifecycle('create')).rejects.toThrow(
			/Call Automation Issuer uses plain http/,
		);
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('delete')).toBe(true);
	});

	it('activates with a usable credential', async () => {
		const trigger = await kit.serve({ source: 'eventGrid', events: ['*'] });
		expect(await trigger.lifecycle('create')).toBe(true);
	});
});
