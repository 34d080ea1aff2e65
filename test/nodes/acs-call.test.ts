/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { sleep } from 'n8n-workflow';

import { deliver, type RecordedRequest } from '../../emulator';
import { createTestContext, pairedIndexes, type AcsAuth, type TestContext } from './context';

/**
 * The `call` resource against the emulator's call simulator: each operation's request (path, query,
 * body, repeatability headers), its output, the simulator's state and the callbacks it posts, ACS
 * errors, and bad input refused before any request.
 */

let t: TestContext;
/** A loopback receiver for Call Automation callbacks: what the emulator posted to it, in order. */
let receiver: Server;
let received: Array<{ path: string; authorization?: string; events: CloudEvent[] }> = [];
let callbackUri: string;

interface CloudEvent {
	type: string;
	source: string;
	data: Record<string, unknown>;
}

beforeAll(async () => {
	t = await createTestContext();
	receiver = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			received.push({
				path: request.url ?? '',
				authorization: request.headers.authorization,
				events: JSON.parse(Buffer.concat(chunks).toString('utf8')) as CloudEvent[],
			});
			response.writeHead(200).end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	callbackUri = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/acs/calls?secret=s1`;
});
afterAll(async () => {
	await new Promise((resolve) => receiver.close(resolve));
	await t.close();
});
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
	received = [];
});

const fixtures = () => t.emulator.fixtures.acs;
const calls = () => fixtures().calls;
const callParameters = (operation: string, parameters: Record<string, unknown>) => ({
	resource: 'call',
	operation,
	...parameters,
});
const only = (endpoint: string): RecordedRequest => {
	const matching = t.emulator.requests().filter((request) => request.endpoint === endpoint);
	expect(matching).toHaveLength(1);
	return matching[0];
};
const bodyOf = (request: RecordedRequest) => JSON.parse(request.body.toString('utf8')) as unknown;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function expectRepeatable(request: RecordedRequest) {
	expect(request.headers['repeatability-request-id']).toMatch(UUID);
	const firstSent = request.headers['repeatability-first-sent'] as string;
	expect(new Date(firstSent).toUTCString()).toBe(firstSent);
	expect(Date.now() - Date.parse(firstSent)).toBeLessThan(60_000);
}

async function eventsOf(callConnectionId: string, count: number): Promise<CloudEvent[]> {
	const deadline = Date.now() + 5000;
	for (;;) {
		const events = received
			.flatMap((delivery) => delivery.events)
			.filter((event) => event.data.callConnectionId === callConnectionId);
		if (events.length >= count || Date.now() > deadline) return events;
		await sleep(20);
	}
}

const phone = (value: string) => ({
	kind: 'phoneNumber',
	rawId: `4:${value}`,
	phoneNumber: { value, isAnonymous: false },
});
const acsUser = (id: string) => ({
	kind: 'communicationUser',
	rawId: id,
	communicationUser: { id },
});

describe('call answer', () => {
	it.each<AcsAuth>(['accessKey', 'oAuth2'])(
		'with %s, answers the incoming call once and ACS posts CallConnected to the callback URI',
		async (auth) => {
			const incoming = t.emulator.calls.incoming();
			const result = await t.runAcs(
				auth,
				callParameters('answer', {
					incomingCallContext: incoming.incomingCallContext,
					callbackUri,
					options: { operationContext: 'greeting ✓' },
				}),
			);
			expect(result.error).toBeUndefined();
			const request = only('acs.calling.answer');
			expect(request.method).toBe('POST');
			expect(request.path).toBe('/calling/callConnections:answer');
			expect(request.query).toBe('api-version=2026-03-12');
			expect(request.body.toString('utf8')).toBe(
				JSON.stringify({
					incomingCallContext: incoming.incomingCallContext,
					callbackUri,
					operationContext: 'greeting ✓',
				}),
			);
			expectRepeatable(request);

			const [item] = result.items;
			const [call] = t.emulator.calls
				.list()
				.filter((c) => c.incomingCallContext === incoming.incomingCallContext);
			expect(item.json).toMatchObject({
				callConnectionId: call.callConnectionId,
				serverCallId: incoming.serverCallId,
				correlationId: incoming.correlationId,
				// The trigger secret in the callback URI is masked in the item.
				callbackUri: callbackUri.replace('secret=s1', 'secret=***'),
				callConnectionState: expect.stringMatching(/^(connecting|connected)$/),
			});
			expect(t.emulator.calls.answerCount(incoming.incomingCallContext)).toBe(1);

			const events = await eventsOf(call.callConnectionId, 2);
			expect(events.map((event) => event.type)).toEqual([
				'Microsoft.Communication.CallConnected',
				'Microsoft.Communication.ParticipantsUpdated',
			]);
			expect(events[0].data).toMatchObject({
				callConnectionId: call.callConnectionId,
				serverCallId: incoming.serverCallId,
				correlationId: incoming.correlationId,
				operationContext: 'greeting ✓',
			});
			expect(received[0].path).toBe('/acs/calls?secret=s1');
			expect(received[0].authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
		},
	);

	it('answers the call of a delivered IncomingCall event with {{ $json.data.incomingCallContext }}', async () => {
		const delivery = await deliver(t.emulator, 'eventgrid-incoming-call', callbackUri);
		expect(delivery.status).toBe(200);
		const [event] = received[0].events;
		expect(event).toMatchObject({ eventType: 'Microsoft.Communication.IncomingCall' });
		const result = await t.runAcs(
			'accessKey',
			callParameters('answer', {
				incomingCallContext: '={{ $json.data.incomingCallContext }}',
				callbackUri,
			}),
			{ items: [event as unknown as Record<string, unknown>] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({ serverCallId: event.data.serverCallId });
		expect(t.emulator.calls.answerCount(event.data.incomingCallContext as string)).toBe(1);
	});

	it('sends media streaming and Cognitive Services options exactly as the SDK does', async () => {
		const incoming = t.emulator.calls.incoming();
		const settings = {
			transportUrl: 'wss://media.example.com/acs?call=1',
			contentType: 'audio',
			audioChannelType: 'unmixed',
			audioFormat: 'pcm24KMono',
			startMediaStreaming: true,
			enableBidirectional: true,
		};
		const result = await t.runAcs(
			'accessKey',
			callParameters('answer', {
				incomingCallContext: incoming.incomingCallContext,
				callbackUri,
				options: {
					cognitiveServicesEndpoint: 'https://ai.example.cognitiveservices.azure.com/',
					mediaStreaming: settings,
				},
			}),
		);
		expect(result.error).toBeUndefined();
		const mediaStreamingOptions = {
			transportType: 'websocket',
			audioChannelType: 'unmixed',
			transportUrl: settings.transportUrl,
			contentType: 'audio',
			startMediaStreaming: true,
			enableBidirectional: true,
			audioFormat: 'pcm24KMono',
		};
		expect(only('acs.calling.answer').body.toString('utf8')).toBe(
			JSON.stringify({
				incomingCallContext: incoming.incomingCallContext,
				callbackUri,
				callIntelligenceOptions: {
					cognitiveServicesEndpoint: 'https://ai.example.cognitiveservices.azure.com/',
				},
				mediaStreamingOptions,
			}),
		);
		const callConnectionId = result.items[0].json.callConnectionId as string;
		const [call] = t.emulator.calls.list().filter((c) => c.callConnectionId === callConnectionId);
		expect(call.mediaStreamingOptions).toEqual(mediaStreamingOptions);
		expect(call.cognitiveServicesEndpoint).toBe('https://ai.example.cognitiveservices.azure.com/');
		const events = await eventsOf(callConnectionId, 3);
		expect(events.map((event) => event.type)).toContain(
			'Microsoft.Communication.MediaStreamingStarted',
		);
	});

	it('shows the callback URI without the trigger secret; ACS still gets it whole', async () => {
		const incoming = t.emulator.calls.incoming();
		const triggerValue = 'trigger-value-never-in-output-42';
		const withSecret = `https://n8n.example.com/webhook/abc/webhook?secret=${triggerValue}`;
		const result = await t.runAcs(
			'accessKey',
			callParameters('answer', {
				incomingCallContext: incoming.incomingCallContext,
				callbackUri: withSecret,
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.callbackUri).toBe(
			'https://n8n.example.com/webhook/abc/webhook?secret=***',
		);
		expect(JSON.stringify(result.items)).not.toContain(triggerValue);
		expect(JSON.parse(only('acs.calling.answer').body.toString('utf8')).callbackUri).toBe(
			withSecret,
		);
	});

	it('media streaming with only a Transport URL takes the SDK defaults for the rest', async () => {
		const incoming = t.emulator.calls.incoming();
		const transportUrl = 'wss://media.example.com/acs';
		const result = await t.runAcs(
			'accessKey',
			callParameters('answer', {
				incomingCallContext: incoming.incomingCallContext,
				callbackUri,
				options: { mediaStreaming: { transportUrl } },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(JSON.parse(only('acs.calling.answer').body.toString('utf8'))).toMatchObject({
			mediaStreamingOptions: {
				transportType: 'websocket',
				audioChannelType: 'mixed',
				transportUrl,
				contentType: 'audio',
				startMediaStreaming: false,
				enableBidirectional: false,
				audioFormat: 'pcm16KMono',
			},
		});
	});

	it('a second answer of the same context fails with the ACS error, and the call stays answered once', async () => {
		const incoming = t.emulator.calls.incoming();
		const parameters = callParameters('answer', {
			incomingCallContext: incoming.incomingCallContext,
			callbackUri,
		});
		expect((await t.runAcs('accessKey', parameters)).error).toBeUndefined();
		const again = await t.runAcs('accessKey', parameters);
		expect(again.error).toMatchObject({ httpCode: '400' });
		expect(again.error!.message).toMatch(/^Azure Communication Services returned 400 /);
		expect(t.emulator.calls.answerCount(incoming.incomingCallContext)).toBe(1);
	});
});

describe('call reject and redirect', () => {
	it.each(['none', 'busy', 'forbidden'])('rejects with reason %s', async (reason) => {
		const incoming = t.emulator.calls.incoming();
		const result = await t.runAcs(
			'accessKey',
			callParameters('reject', { incomingCallContext: incoming.incomingCallContext, reason }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			{ status: 'rejected', callRejectReason: reason },
		]);
		const request = only('acs.calling.reject');
		expect(request.path).toBe('/calling/callConnections:reject');
		expect(bodyOf(request)).toEqual({
			incomingCallContext: incoming.incomingCallContext,
			callRejectReason: reason,
		});
		expectRepeatable(request);
		const answer = await t.runAcs(
			'accessKey',
			callParameters('answer', { incomingCallContext: incoming.incomingCallContext, callbackUri }),
		);
		expect(answer.error).toMatchObject({ httpCode: '400' });
	});

	it('redirects to a phone number', async () => {
		const incoming = t.emulator.calls.incoming();
		const target = '+14255550123';
		const result = await t.runAcs(
			'oAuth2',
			callParameters('redirect', { incomingCallContext: incoming.incomingCallContext, target }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ status: 'redirected', target: `4:${target}` });
		const request = only('acs.calling.redirect');
		expect(request.path).toBe('/calling/callConnections:redirect');
		expect(bodyOf(request)).toEqual({
			incomingCallContext: incoming.incomingCallContext,
			target: phone(target),
		});
		expectRepeatable(request);
	});
});

describe('call create', () => {
	it.each<AcsAuth>(['accessKey', 'oAuth2'])(
		'with %s, places a group call to a phone number and an ACS user',
		async (auth) => {
			const targets = ['+14255550123', fixtures().users.bob];
			const caller = fixtures().phoneNumbers.main;
			const result = await t.runAcs(
				auth,
				callParameters('create', {
					targets: targets.join(', '),
					sourceCallerIdNumber: caller,
					callbackUri,
					options: { sourceDisplayName: 'Contoso', operationContext: 'outbound 7' },
				}),
			);
			expect(result.error).toBeUndefined();
			const request = only('acs.calling.create');
			expect(request.path).toBe('/calling/callConnections');
			expect(request.body.toString('utf8')).toBe(
				JSON.stringify({
					targets: [phone(targets[0]), acsUser(targets[1])],
					sourceCallerIdNumber: { value: caller, isAnonymous: false },
					sourceDisplayName: 'Contoso',
					operationContext: 'outbound 7',
					callbackUri,
				}),
			);
			expectRepeatable(request);
			expect(request.status).toBe(201);
			const callConnectionId = result.items[0].json.callConnectionId as string;
			expect(result.items[0].json).toMatchObject({
				callConnectionId: expect.any(String),
				callbackUri: callbackUri.replace('secret=s1', 'secret=***'),
				sourceCallerIdNumber: { value: caller },
				targets: [
					expect.objectContaining({ rawId: `4:${targets[0]}` }),
					expect.objectContaining({ rawId: targets[1] }),
				],
			});
			const created = t.emulator.calls.list().filter((c) => c.created === 1);
			expect(created.map((c) => c.callConnectionId)).toEqual([callConnectionId]);
			const [connected] = await eventsOf(callConnectionId, 1);
			expect(connected).toMatchObject({
				type: 'Microsoft.Communication.CallConnected',
				data: { callConnectionId, operationContext: 'outbound 7' },
			});
		},
	);

	it('takes the targets as a list from an expression and calls ACS users without a caller ID', async () => {
		const result = await t.runAcs(
			'accessKey',
			callParameters('create', { targets: '={{ $json.targets }}', callbackUri }),
			{ items: [{ targets: [fixtures().users.alice, fixtures().users.bob] }] },
		);
		expect(result.error).toBeUndefined();
		expect(bodyOf(only('acs.calling.create'))).toEqual({
			targets: [acsUser(fixtures().users.alice), acsUser(fixtures().users.bob)],
			callbackUri,
		});
	});

	it('a caller ID that is not a number of the resource is refused by ACS', async () => {
		const result = await t.runAcs(
			'accessKey',
			callParameters('create', {
				targets: '+14255550123',
				sourceCallerIdNumber: calls().notOwnedPhoneNumber,
				callbackUri,
			}),
		);
		expect(result.error?.message).toMatch(/^Azure Communication Services returned 4\d\d /);
		expect(t.emulator.calls.list().filter((c) => c.created === 1)).toEqual([]);
	});
});

describe('call get, hang up, transfer and participants', () => {
	it('gets a call connection', async () => {
		const result = await t.runAcs(
			'oAuth2',
			callParameters('get', { callConnectionId: calls().activeCallConnectionId }),
		);
		expect(result.error).toBeUndefined();
		const [call] = t.emulator.calls
			.list()
			.filter((c) => c.callConnectionId === calls().activeCallConnectionId);
		expect(result.items.map((item) => item.json)).toEqual([
			expect.objectContaining({
				callConnectionId: call.callConnectionId,
				serverCallId: call.serverCallId,
				correlationId: call.correlationId,
				callConnectionState: 'connected',
			}),
		]);
		const request = only('acs.calling.get');
		expect(request.method).toBe('GET');
		expect(request.path).toBe(`/calling/callConnections/${calls().activeCallConnectionId}`);
	});

	it.each([
		[false, 'acs.calling.hangUp', 'DELETE', '', 'hungUp'],
		[true, 'acs.calling.terminate', 'POST', ':terminate', 'terminated'],
	])('hangs up with For Everyone %p: %s', async (forEveryone, endpoint, method, suffix, status) => {
		const callConnectionId = calls().activeCallConnectionId;
		const result = await t.runAcs(
			'accessKey',
			callParameters('hangUp', { callConnectionId, forEveryone }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({ callConnectionId, status, forEveryone });
		const request = only(endpoint);
		expect(request.method).toBe(method);
		expect(request.path).toBe(`/calling/callConnections/${callConnectionId}${suffix}`);
		expect(request.body.length).toBe(0);
		if (forEveryone) expectRepeatable(request);
		else expect(request.headers['repeatability-request-id']).toBeUndefined();
		const [call] = t.emulator.calls.list().filter((c) => c.callConnectionId === callConnectionId);
		expect(call.state).toMatch(/^disconnect/);
		const get = await t.runAcs('accessKey', callParameters('get', { callConnectionId }));
		expect(get.error).toMatchObject({ httpCode: '404' });
	});

	it('transfers to a phone number with a caller ID and says what to match the event with', async () => {
		const callConnectionId = calls().activeCallConnectionId;
		const caller = fixtures().phoneNumbers.main;
		const result = await t.runAcs(
			'accessKey',
			callParameters('transfer', {
				callConnectionId,
				target: '+14255550123',
				options: {
					transferee: calls().callerPhoneNumber,
					sourceCallerIdNumber: caller,
					operationContext: 'to sales',
					operationCallbackUri: callbackUri,
				},
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toEqual({
			callConnectionId,
			status: 'accepted',
			target: '4:+14255550123',
			operationContext: 'to sales',
		});
		const request = only('acs.calling.transfer');
		expect(request.path).toBe(`/calling/callConnections/${callConnectionId}:transferToParticipant`);
		expect(request.body.toString('utf8')).toBe(
			JSON.stringify({
				targetParticipant: phone('+14255550123'),
				operationContext: 'to sales',
				transferee: phone(calls().callerPhoneNumber),
				operationCallbackUri: callbackUri,
				sourceCallerIdNumber: { value: caller, isAnonymous: false },
			}),
		);
		expectRepeatable(request);
		const events = await eventsOf(callConnectionId, 1);
		expect(events[0]).toMatchObject({
			type: 'Microsoft.Communication.CallTransferAccepted',
			data: { operationContext: 'to sales' },
		});
	});

	it('makes up an operation context for transfer and remove when none is given, as the SDK does', async () => {
		const callConnectionId = calls().secondCallConnectionId;
		const result = await t.runAcs(
			'accessKey',
			callParameters('removeParticipant', {
				callConnectionId,
				participant: fixtures().users.alice,
			}),
		);
		expect(result.error).toBeUndefined();
		const body = bodyOf(only('acs.calling.participants.remove')) as Record<string, unknown>;
		expect(body).toEqual({
			participantToRemove: acsUser(fixtures().users.alice),
			operationContext: expect.stringMatching(UUID),
		});
		expect(result.items[0].json).toEqual({
			callConnectionId,
			status: 'accepted',
			participant: fixtures().users.alice,
			operationContext: body.operationContext,
		});
		expect(
			t.emulator.calls.list().find((c) => c.callConnectionId === callConnectionId)!.participants,
		).not.toContain(fixtures().users.alice);
	});

	it('lists the participants, with Limit', async () => {
		const callConnectionId = calls().activeCallConnectionId;
		const [call] = t.emulator.calls.list().filter((c) => c.callConnectionId === callConnectionId);
		const all = await t.runAcs(
			'accessKey',
			callParameters('getParticipants', { callConnectionId, returnAll: true }),
		);
		expect(all.error).toBeUndefined();
		expect(all.items.map((item) => (item.json.identifier as { rawId: string }).rawId)).toEqual(
			call.participants,
		);
		expect(all.items[0].json).toMatchObject({ isMuted: false, isOnHold: false });
		const request = only('acs.calling.participants.list');
		expect(request.path).toBe(`/calling/callConnections/${callConnectionId}/participants`);
		t.emulator.resetCounters();
		const one = await t.runAcs(
			'accessKey',
			callParameters('getParticipants', { callConnectionId, returnAll: false, limit: 1 }),
		);
		expect(one.items.map((item) => item.json)).toEqual([all.items[0].json]);
	});

	it('adds a phone participant with a caller ID', async () => {
		const callConnectionId = calls().activeCallConnectionId;
		const caller = fixtures().phoneNumbers.main;
		const result = await t.runAcs(
			'accessKey',
			callParameters('addParticipant', {
				callConnectionId,
				participant: '+14255550123',
				options: {
					sourceCallerIdNumber: caller,
					sourceDisplayName: 'Contoso',
					invitationTimeoutInSeconds: 30,
					operationContext: 'add supervisor',
					operationCallbackUri: callbackUri,
				},
			}),
		);
		expect(result.error).toBeUndefined();
		const request = only('acs.calling.participants.add');
		expect(request.path).toBe(`/calling/callConnections/${callConnectionId}/participants:add`);
		expect(request.body.toString('utf8')).toBe(
			JSON.stringify({
				sourceCallerIdNumber: { value: caller, isAnonymous: false },
				sourceDisplayName: 'Contoso',
				participantToAdd: phone('+14255550123'),
				invitationTimeoutInSeconds: 30,
				operationContext: 'add supervisor',
				operationCallbackUri: callbackUri,
			}),
		);
		expectRepeatable(request);
		expect(result.items[0].json).toMatchObject({
			callConnectionId,
			status: 'accepted',
			operationContext: 'add supervisor',
			invitationId: expect.any(String),
			participant: { identifier: expect.objectContaining({ rawId: '4:+14255550123' }) },
		});
		const events = await eventsOf(callConnectionId, 1);
		expect(events.map((event) => event.type)).toContain(
			'Microsoft.Communication.AddParticipantSucceeded',
		);
	});
});

describe('call errors', () => {
	const unknown = () => calls().unknownCallConnectionId;
	it.each([
		['get', {}],
		['hangUp', { forEveryone: false }],
		['hangUp', { forEveryone: true }],
		['transfer', { target: '+14255550123' }],
		['getParticipants', { returnAll: true }],
		['addParticipant', { participant: '8:acs:someone' }],
		['removeParticipant', { participant: '8:acs:someone' }],
	])('%s on an unknown call is the ACS 404 (%p)', async (operation, parameters) => {
		const result = await t.runAcs(
			'accessKey',
			callParameters(operation, { callConnectionId: unknown(), ...parameters }),
		);
		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			httpCode: '404',
			errorResponse: { code: '8522' },
			message: expect.stringMatching(/^Azure Communication Services returned 404 8522: /),
		});
		expect(t.emulator.counts().total).toBe(1);
	});

	it('sends a call connection ID as one encoded path segment', async () => {
		const result = await t.runAcs(
			'accessKey',
			callParameters('get', { callConnectionId: '../x?y=1#z' }),
		);
		expect(result.error).toMatchObject({ httpCode: '404' });
		expect(only('acs.calling.get').path).toBe('/calling/callConnections/..%2Fx%3Fy%3D1%23z');
	});

	it.each<[string, Record<string, unknown>, string]>([
		[
			'answer',
			{ incomingCallContext: 'ctx', callbackUri: 'http://hooks.example.com/acs' },
			'Callback URI "http://hooks.example.com/acs" is not an https URL',
		],
		// An empty required field from an expression (a literal empty one is n8n's own "is required").
		['answer', { incomingCallContext: 'ctx', callbackUri: '={{ "" }}' }, 'Callback URI is empty'],
		[
			'answer',
			{ incomingCallContext: '  ', callbackUri: 'https://h.example.com' },
			'Incoming Call Context is empty',
		],
		[
			'answer',
			{
				incomingCallContext: 'ctx',
				callbackUri: 'https://h.example.com',
				options: { mediaStreaming: { transportUrl: 'https://media.example.com' } },
			},
			'Transport URL "https://media.example.com" is not a wss URL',
		],
		[
			'answer',
			{
				incomingCallContext: 'ctx',
				callbackUri: 'https://h.example.com',
				options: { mediaStreaming: { transportUrl: 'ws://media.example.com' } },
			},
			'Transport URL "ws://media.example.com" is not a wss URL',
		],
		[
			'answer',
			{
				incomingCallContext: 'ctx',
				callbackUri: 'https://h.example.com',
				options: { mediaStreaming: { startMediaStreaming: true } },
			},
			'Transport URL is empty',
		],
		[
			'answer',
			{
				incomingCallContext: 'ctx',
				callbackUri: 'https://h.example.com',
				options: { cognitiveServicesEndpoint: 'http://ai.example.com' },
			},
			'Cognitive Services Endpoint "http://ai.example.com" is not an https URL',
		],
		['reject', { incomingCallContext: '={{ "" }}' }, 'Incoming Call Context is empty'],
		[
			'redirect',
			{ incomingCallContext: 'ctx', target: 'alice' },
			'Target "alice" is neither a phone number nor an ACS or Teams ID',
		],
		[
			'create',
			{ targets: '+14255550123', callbackUri: 'https://h.example.com' },
			'Source Caller ID Number is required to call a phone number',
		],
		[
			'create',
			{ targets: '8:acs:x, 4255550123', callbackUri: 'https://h.example.com' },
			'Targets "4255550123" is neither a phone number nor an ACS or Teams ID',
		],
		['create', { targets: ' , ', callbackUri: 'https://h.example.com' }, 'Targets is empty'],
		[
			'create',
			{
				targets: '+14255550123',
				sourceCallerIdNumber: '555',
				callbackUri: 'https://h.example.com',
			},
			'Source Caller ID Number "555" is not a phone number in E.164 form',
		],
		['get', { callConnectionId: ' ' }, 'Call Connection ID is empty'],
		[
			'transfer',
			{ callConnectionId: 'c', target: '8:acs:x', options: { operationCallbackUri: 'ftp://x' } },
			'Operation Callback URI "ftp://x" is not an https URL',
		],
		[
			'transfer',
			{ callConnectionId: 'c', target: '8:acs:x', options: { transferee: '8:bogus:x' } },
			'Transferee "8:bogus:x" is neither a phone number nor an ACS or Teams ID',
		],
		[
			'addParticipant',
			{ callConnectionId: 'c', participant: '+14255550123' },
			'Source Caller ID Number is required to call a phone number',
		],
		[
			'addParticipant',
			{
				callConnectionId: 'c',
				participant: '8:acs:x',
				options: { invitationTimeoutInSeconds: 181 },
			},
			'Invitation Timeout (Seconds) "181" is not a whole number from 1 to 180',
		],
		[
			'removeParticipant',
			{ callConnectionId: 'c', participant: '={{ "" }}' },
			'Participant is empty',
		],
	])('%s refuses %p before any request', async (operation, parameters, message) => {
		const result = await t.runAcs('accessKey', callParameters(operation, parameters));
		expect(result.error?.message).toBe(message);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('runs answer items one by one with Continue On Fail, in input order', async () => {
		const [first, second] = [t.emulator.calls.incoming(), t.emulator.calls.incoming()];
		const contexts = [
			first.incomingCallContext,
			'not-a-context-the-emulator-knows',
			' ',
			second.incomingCallContext,
			first.incomingCallContext,
		];
		const result = await t.runAcs(
			'accessKey',
			callParameters('answer', { incomingCallContext: '={{ $json.context }}', callbackUri }),
			{ items: contexts.map((context) => ({ context })), continueOnFail: true },
		);
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3, 4]);
		expect(result.items.map((item) => item.json.callConnectionId ?? item.json.error)).toEqual([
			expect.stringMatching(UUID),
			expect.stringMatching(/^Azure Communication Services returned 4\d\d /),
			'Incoming Call Context is empty',
			expect.stringMatching(UUID),
			expect.stringMatching(/^Azure Communication Services returned 400 /),
		]);
		expect(t.emulator.calls.answerCount(first.incomingCallContext)).toBe(1);
		expect(t.emulator.calls.answerCount(second.incomingCallContext)).toBe(1);
	});
});
