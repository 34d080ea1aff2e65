/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { createPublicKey, randomUUID, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import {
	CallAutomationClient,
	DtmfTone,
	parseCallAutomationEvent,
	type CallAutomationEvent,
} from '@azure/communication-call-automation';
import type { TokenCredential } from '@azure/core-auth';
import { EventGridDeserializer } from '@azure/eventgrid';

import { deliver, startEmulator, type CallbackLogEntry, type Emulator } from '../../emulator';
import { entraToken, hmacRequest, loopbackTlsShim } from './helpers';

/**
 * The call simulator driven by the official Call Automation SDK: if the SDK's requests succeed and
 * its parser reads the callbacks, the simulator speaks the service's protocol.
 */

interface Received {
	path: string;
	headers: IncomingHttpHeaders;
	body: string;
}

let emu: Emulator;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];

beforeAll(async () => {
	emu = await startEmulator();
	receiver = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			received.push({
				path: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString(),
			});
			res.writeHead(200).end();
		});
	});
	await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
	receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(async () => {
	await emu.close();
	await new Promise((resolve) => receiver.close(resolve));
});
beforeEach(() => {
	emu.resetCounters();
	emu.resetFixtures();
	received.length = 0;
});
afterEach(() => emu.calls.idle());

const insecure = { allowInsecureConnection: true };
const client = () => new CallAutomationClient(emu.acs.connectionString, insecure);
const entraClient = () => {
	const credential: TokenCredential = {
		getToken: async () => ({
			token: await entraToken(emu),
			expiresOnTimestamp: Date.now() + 3_600_000,
		}),
	};
	const shim = loopbackTlsShim();
	return new CallAutomationClient(emu.url.replace('http://', 'https://'), credential, {
		httpClient: shim.httpClient,
		additionalPolicies: shim.additionalPolicies,
	});
};
const callbackUrl = (name = 'calls') => `${receiverUrl}/${name}?secret=s3cret`;
const calls = () => emu.fixtures.acs.calls;
const phone = (value: string) => ({ phoneNumber: value });

const isEvent = (callConnectionId: string, type: string) => (entry: CallbackLogEntry) =>
	entry.callConnectionId === callConnectionId && entry.type === `Microsoft.Communication.${type}`;

/** The callbacks the receiver got for a call, parsed by the SDK. */
function parsedFor(callConnectionId: string): CallAutomationEvent[] {
	return received
		.map((r) => parseCallAutomationEvent(r.body))
		.filter((e) => e.callConnectionId === callConnectionId);
}

function verifyToken(headers: IncomingHttpHeaders): Record<string, unknown> {
	const token = /^Bearer (.+)$/.exec(headers.authorization ?? '')?.[1];
	expect(token).toBeDefined();
	const [head, claims, signature] = token!.split('.') as [string, string, string];
	const key = createPublicKey({ key: emu.callbackSigningKey.publicJwk, format: 'jwk' });
	expect(
		verify(
			'RSA-SHA256',
			Buffer.from(`${head}.${claims}`),
			key,
			Buffer.from(signature, 'base64url'),
		),
	).toBe(true);
	return JSON.parse(Buffer.from(claims, 'base64url').toString()) as Record<string, unknown>;
}

/** Sends the same repeatable request twice (same ID and first-sent); both get the first answer. */
async function sentTwice(path: string, body: Record<string, unknown>): Promise<void> {
	const headers = {
		'repeatability-request-id': randomUUID(),
		'repeatability-first-sent': new Date().toUTCString(),
	};
	const send = () =>
		hmacRequest(
			emu.url,
			emu.acs.accessKey,
			{
				method: 'POST',
				pathAndQuery: `${path}?api-version=2026-03-12`,
				body: JSON.stringify(body),
			},
			(h) => ({ headers: { ...h, ...headers } }),
		);
	const first = await send();
	const second = await send();
	expect(first.status).toBeLessThan(300);
	expect(second.status).toBe(first.status);
	expect(second.body.toString()).toBe(first.body.toString());
	expect(second.headers['repeatability-result']).toBe('accepted');
}

async function answered(options: Parameters<Emulator['calls']['incoming']>[0] = {}) {
	const incoming = emu.calls.incoming(options);
	const result = await client().answerCall(incoming.incomingCallContext, callbackUrl(), {
		operationContext: 'answer-ctx',
		callIntelligenceOptions: {
			cognitiveServicesEndpoint: 'https://cognitive.example.com/',
		},
	});
	const id = result.callConnectionProperties.callConnectionId!;
	await emu.calls.waitForCallback(isEvent(id, 'ParticipantsUpdated'));
	return { incoming, id, result };
}

describe('answer, reject, redirect', () => {
	test('answerCall on an IncomingCall context: 200, CallConnected and ParticipantsUpdated, signed', async () => {
		const { incoming, id, result } = await answered();
		expect(result.callConnectionProperties).toMatchObject({
			callConnectionId: id,
			serverCallId: incoming.serverCallId,
			correlationId: incoming.correlationId,
			callbackUri: callbackUrl(),
			callConnectionState: 'connecting',
			targetParticipants: [{ phoneNumber: incoming.to }],
		});
		const events = parsedFor(id);
		expect(events.map((e) => e.kind)).toEqual(['CallConnected', 'ParticipantsUpdated']);
		expect(events[0]).toMatchObject({
			callConnectionId: id,
			serverCallId: incoming.serverCallId,
			correlationId: incoming.correlationId,
			operationContext: 'answer-ctx',
			resultInformation: { code: 200, subCode: 0 },
		});
		expect(events[1]).toMatchObject({
			participants: [{ identifier: { phoneNumber: incoming.from }, isMuted: false }],
			sequenceNumber: 1,
		});
		for (const r of received) {
			expect(r.path).toBe('/calls?secret=s3cret');
			expect(verifyToken(r.headers)).toMatchObject({
				aud: emu.fixtures.acs.resourceId,
				iss: emu.url,
			});
			const [cloudEvent] = JSON.parse(r.body) as Array<Record<string, unknown>>;
			expect(cloudEvent).toMatchObject({
				source: `calling/callConnections/${id}`,
				specversion: '1.0',
			});
		}
		expect(emu.calls.answerCount(incoming.incomingCallContext)).toBe(1);
		expect(emu.calls.get(id)).toMatchObject({
			state: 'connected',
			origin: 'answered',
			answered: 1,
			callbackUri: callbackUrl(),
			cognitiveServicesEndpoint: 'https://cognitive.example.com/',
		});
	});

	test('with Entra, a second answer of the same context fails with 400/8587', async () => {
		const incoming = emu.calls.incoming();
		await entraClient().answerCall(incoming.incomingCallContext, callbackUrl());
		await expect(
			entraClient().answerCall(incoming.incomingCallContext, callbackUrl()),
		).rejects.toMatchObject({ statusCode: 400, code: '8587' });
		await expect(client().rejectCall(incoming.incomingCallContext)).rejects.toMatchObject({
			statusCode: 400,
			code: '8587',
		});
		expect(emu.calls.answerCount(incoming.incomingCallContext)).toBe(1);
		expect(emu.calls.counts()).toMatchObject({ answered: 1, rejected: 0 });
	});

	test('too late: a call that rang longer than its answer window cannot be answered (400/8587)', async () => {
		const incoming = emu.calls.incoming({ answerWithinMs: 1 });
		await new Promise((resolve) => setTimeout(resolve, 10));
		await expect(
			client().answerCall(incoming.incomingCallContext, callbackUrl()),
		).rejects.toMatchObject({
			statusCode: 400,
			code: '8587',
			message: 'Incoming call not answered within time.',
		});
		expect(emu.calls.answerCount(incoming.incomingCallContext)).toBe(0);
	});

	test('reject and redirect: 204, no callbacks, and the context is spent', async () => {
		const rejected = emu.calls.incoming();
		await client().rejectCall(rejected.incomingCallContext, { callRejectReason: 'busy' });
		const redirected = emu.calls.incoming();
		await client().redirectCall(redirected.incomingCallContext, {
			targetParticipant: { communicationUserId: emu.fixtures.acs.users.bob },
		});
		expect(emu.counts()).toMatchObject({ 'acs.calling.reject': 1, 'acs.calling.redirect': 1 });
		await expect(
			client().answerCall(redirected.incomingCallContext, callbackUrl()),
		).rejects.toMatchObject({ statusCode: 400, code: '8587' });
		await expect(client().answerCall('not-a-context', callbackUrl())).rejects.toMatchObject({
			statusCode: 400,
			code: '8523',
		});
		await emu.calls.idle();
		expect(emu.calls.callbacks()).toEqual([]);
		expect(emu.calls.counts()).toMatchObject({ answered: 0, rejected: 1, redirected: 1 });
	});

	test('a retry with the same Repeatability-Request-ID gets the first answer; the call is answered once', async () => {
		const incoming = emu.calls.incoming();
		await sentTwice('/calling/callConnections:answer', {
			incomingCallContext: incoming.incomingCallContext,
			callbackUri: callbackUrl(),
		});
		expect(emu.calls.answerCount(incoming.incomingCallContext)).toBe(1);
		expect(emu.calls.list().filter((c) => c.origin === 'answered')).toHaveLength(1);
	});

	test.each<[string, Record<string, unknown>, string]>([
		['no callbackUri', {}, 'callbackUri is required.'],
		[
			'an http callback on a foreign host',
			{ callbackUri: 'http://example.com/cb' },
			'callbackUri must be an absolute https URL.',
		],
		[
			'a ws transport URL on a foreign host',
			{
				callbackUri: 'https://example.com/cb',
				mediaStreamingOptions: {
					transportType: 'websocket',
					audioChannelType: 'mixed',
					transportUrl: 'ws://example.com/s',
				},
			},
			'mediaStreamingOptions.transportUrl must be an absolute wss URL.',
		],
		[
			'media streaming without audioChannelType',
			{
				callbackUri: 'https://example.com/cb',
				mediaStreamingOptions: { transportType: 'websocket' },
			},
			'mediaStreamingOptions.audioChannelType is required.',
		],
	])('answer with %s → 400 BadRequest', async (_name, fields, message) => {
		const incoming = emu.calls.incoming();
		const r = await hmacRequest(emu.url, emu.acs.accessKey, {
			method: 'POST',
			pathAndQuery: '/calling/callConnections%3Aanswer?api-version=2026-03-12',
			body: JSON.stringify({ incomingCallContext: incoming.incomingCallContext, ...fields }),
		});
		expect(r.status).toBe(400);
		expect(JSON.parse(r.body.toString())).toEqual({ error: { code: 'BadRequest', message } });
		expect(emu.calls.answerCount(incoming.incomingCallContext)).toBe(0);
	});
});

describe('create, get, participants, transfer, hang up', () => {
	test('createCall to a phone needs an owned caller ID; the placed call connects at once', async () => {
		const target = { targetParticipant: phone('+14255550111') };
		await expect(client().createCall(target, callbackUrl())).rejects.toMatchObject({
			statusCode: 400,
			code: '8523',
		});
		await expect(
			client().createCall(
				{ ...target, sourceCallIdNumber: phone(calls().notOwnedPhoneNumber) },
				callbackUrl(),
			),
		).rejects.toMatchObject({ statusCode: 400, code: '8523' });
		const result = await client().createCall(
			{ ...target, sourceCallIdNumber: phone(emu.fixtures.acs.phoneNumbers.main) },
			callbackUrl(),
			{ operationContext: 'outbound-1' },
		);
		const id = result.callConnectionProperties.callConnectionId!;
		expect(emu.requests().map((r) => r.status)).toEqual([400, 400, 201]);
		await emu.calls.waitForCallback(isEvent(id, 'ParticipantsUpdated'));
		expect(
			parsedFor(id).map((e) => [e.kind, (e as { operationContext?: string }).operationContext]),
		).toEqual([
			['CallConnected', 'outbound-1'],
			['ParticipantsUpdated', 'outbound-1'],
		]);
		const properties = await result.callConnection.getCallConnectionProperties();
		expect(properties).toMatchObject({
			callConnectionId: id,
			callConnectionState: 'connected',
			sourceCallerIdNumber: { phoneNumber: emu.fixtures.acs.phoneNumbers.main },
			targetParticipants: [{ phoneNumber: '+14255550111' }],
		});
		expect(emu.calls.counts().created).toBe(1);
	});

	test('createGroupCall to ACS users needs no caller ID', async () => {
		const result = await client().createGroupCall(
			[
				{ communicationUserId: emu.fixtures.acs.users.alice },
				{ communicationUserId: emu.fixtures.acs.users.bob },
			],
			callbackUrl(),
		);
		const participants = await result.callConnection.listParticipants();
		expect(participants.values?.map((p) => p.identifier)).toEqual([
			{ communicationUserId: emu.fixtures.acs.users.alice },
			{ communicationUserId: emu.fixtures.acs.users.bob },
		]);
	});

	test('fixture calls: get, participants, add, remove (with Entra)', async () => {
		const connection = entraClient().getCallConnection(calls().activeCallConnectionId);
		const properties = await connection.getCallConnectionProperties();
		expect(properties).toMatchObject({
			callConnectionId: calls().activeCallConnectionId,
			callConnectionState: 'connected',
			mediaStreamingSubscription: { state: 'inactive' },
		});
		const caller = { phoneNumber: calls().callerPhoneNumber };
		expect(await connection.getParticipant(caller)).toMatchObject({
			identifier: caller,
			isMuted: false,
		});
		await expect(connection.getParticipant(phone('+14255550999'))).rejects.toMatchObject({
			statusCode: 404,
			code: '8522',
		});
		const [getOne] = emu.requests().filter((r) => r.endpoint === 'acs.calling.participants.get');
		expect(getOne!.path).toBe(
			`/calling/callConnections/${calls().activeCallConnectionId}/participants/4%3A%2B14255550100`,
		);
		const bob = { communicationUserId: emu.fixtures.acs.users.bob };
		const added = await connection.addParticipant(
			{ targetParticipant: bob },
			{ operationContext: 'add-bob' },
		);
		expect(added).toMatchObject({ participant: { identifier: bob }, operationContext: 'add-bob' });
		expect(added.invitationId).toMatch(/^[0-9a-f-]{36}$/);
		await connection.removeParticipant(caller, { operationContext: 'remove-caller' });
		const listed = await connection.listParticipants();
		expect(listed.values?.map((p) => p.identifier)).toEqual([
			{ communicationUserId: emu.fixtures.acs.users.alice },
			bob,
		]);
		await emu.calls.idle();
		expect(
			emu.calls
				.callbacks()
				.filter((e) => e.callConnectionId === calls().activeCallConnectionId)
				.map((e) => [e.type.replace('Microsoft.Communication.', ''), e.status]),
		).toEqual([
			['AddParticipantSucceeded', 'not-delivered'],
			['ParticipantsUpdated', 'not-delivered'],
			['RemoveParticipantSucceeded', 'not-delivered'],
			['ParticipantsUpdated', 'not-delivered'],
		]);
		expect(emu.counts()).toMatchObject({
			'acs.calling.get': 1,
			'acs.calling.participants.get': 2,
			'acs.calling.participants.add': 1,
			'acs.calling.participants.remove': 1,
			'acs.calling.participants.list': 1,
		});
	});

	test('transfer: 202, CallTransferAccepted then CallDisconnected; the call is gone', async () => {
		const { id } = await answered();
		const connection = client().getCallConnection(id);
		const target = { communicationUserId: emu.fixtures.acs.users.bob };
		const result = await connection.transferCallToParticipant(target, {
			operationContext: 'transfer-1',
		});
		expect(result.operationContext).toBe('transfer-1');
		await emu.calls.waitForCallback(isEvent(id, 'CallDisconnected'));
		const events = parsedFor(id).slice(2);
		expect(events.map((e) => e.kind)).toEqual(['CallTransferAccepted', 'CallDisconnected']);
		expect(events[0]).toMatchObject({ operationContext: 'transfer-1' });
		await expect(connection.getCallConnectionProperties()).rejects.toMatchObject({
			statusCode: 404,
			code: '8522',
		});
	});

	test('hangUp (DELETE) and hangUp(true) (terminate): 204 and CallDisconnected', async () => {
		const first = await answered();
		await client().getCallConnection(first.id).hangUp(false);
		const second = await answered();
		await client().getCallConnection(second.id).hangUp(true);
		await emu.calls.waitForCallback(isEvent(second.id, 'CallDisconnected'));
		await emu.calls.waitForCallback(isEvent(first.id, 'CallDisconnected'));
		expect(emu.counts()).toMatchObject({ 'acs.calling.hangUp': 1, 'acs.calling.terminate': 1 });
		const terminate = emu.requests().find((r) => r.endpoint === 'acs.calling.terminate')!;
		expect(terminate.path).toBe(`/calling/callConnections/${second.id}:terminate`);
		expect(terminate.headers['repeatability-request-id']).toBeDefined();
		expect(emu.calls.get(first.id)?.state).toBe('disconnected');
		await expect(client().getCallConnection(first.id).hangUp(false)).rejects.toMatchObject({
			statusCode: 404,
		});
	});

	test('create, add participant, send DTMF, start recording and terminate retried with the same ID act once', async () => {
		const bob = {
			kind: 'communicationUser',
			rawId: emu.fixtures.acs.users.bob,
			communicationUser: { id: emu.fixtures.acs.users.bob },
		};
		await sentTwice('/calling/callConnections', { targets: [bob], callbackUri: callbackUrl() });
		const callPath = `/calling/callConnections/${calls().secondCallConnectionId}`;
		await sentTwice(`${callPath}/participants:add`, { participantToAdd: bob });
		const caller = {
			rawId: `4:${calls().callerPhoneNumber}`,
			phoneNumber: { value: calls().callerPhoneNumber },
		};
		await sentTwice(`${callPath}:sendDtmfTones`, { tones: ['one'], targetParticipant: caller });
		await sentTwice('/calling/recordings', { callConnectionId: calls().secondCallConnectionId });
		await sentTwice(`${callPath}:terminate`, {});
		expect(emu.calls.counts().created).toBe(1);
		expect(emu.calls.list().filter((c) => c.origin === 'created')).toHaveLength(1);
		const second = emu.calls.get(calls().secondCallConnectionId)!;
		expect(second.participants.filter((p) => p === bob.rawId)).toHaveLength(1);
		expect(second.dtmfSent).toHaveLength(1);
		expect(second.recordings).toHaveLength(1);
		await emu.calls.idle();
		const disconnected = emu.calls
			.callbacks()
			.filter(isEvent(calls().secondCallConnectionId, 'CallDisconnected'));
		expect(disconnected).toHaveLength(1);
	});

	test('unknown call connection: 404 with subcode 8522 as the error code', async () => {
		const r = await hmacRequest(emu.url, emu.acs.accessKey, {
			pathAndQuery: `/calling/callConnections/${calls().unknownCallConnectionId}?api-version=2026-03-12`,
		});
		expect(r.status).toBe(404);
		expect(JSON.parse(r.body.toString())).toEqual({
			error: { code: '8522', message: 'Call not found.' },
		});
	});

	test('media streaming on a call without streaming options: 405/8522', async () => {
		const media = client().getCallConnection(calls().noStreamingCallConnectionId).getCallMedia();
		await expect(media.startMediaStreaming()).rejects.toMatchObject({
			statusCode: 405,
			code: '8522',
		});
	});
});

describe('eventgrid-incoming-call delivery', () => {
	test('posts IncomingCall whose context the simulator answers; the URL becomes the Event Grid URL', async () => {
		const url = `${receiverUrl}/eventgrid?secret=eg`;
		const result = await deliver(emu, 'eventgrid-incoming-call', url, { recognizeTones: ['two'] });
		expect(result.status).toBe(200);
		const [event] = result.sent as Array<{
			eventType: string;
			subject: string;
			data: Record<string, unknown>;
		}>;
		expect(event!.eventType).toBe('Microsoft.Communication.IncomingCall');
		const data = event!.data as {
			incomingCallContext: string;
			from: { rawId: string; kind: string; phoneNumber: { value: string } };
			to: { rawId: string };
			serverCallId: string;
			correlationId: string;
		};
		expect(data.from).toEqual({
			kind: 'phoneNumber',
			rawId: `4:${calls().callerPhoneNumber}`,
			phoneNumber: { value: calls().callerPhoneNumber },
		});
		expect(event!.subject).toBe(`/caller/${data.from.rawId}/recipient/${data.to.rawId}`);
		expect(received[0]!.headers['aeg-event-type']).toBe('Notification');
		const answer = await client().answerCall(data.incomingCallContext, callbackUrl());
		expect(answer.callConnectionProperties.serverCallId).toBe(data.serverCallId);
		expect(answer.callConnectionProperties.correlationId).toBe(data.correlationId);
	});

	test('through POST /emulator/deliver (the CLI path)', async () => {
		const r = await fetch(`${emu.url}/emulator/deliver`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({
				kind: 'eventgrid-incoming-call',
				webhookUrl: `${receiverUrl}/eventgrid`,
			}),
		});
		expect(r.status).toBe(200);
		const { sent } = (await r.json()) as { sent: Array<{ data: { incomingCallContext: string } }> };
		await client().answerCall(sent[0]!.data.incomingCallContext, callbackUrl());
		expect(emu.calls.counts().answered).toBe(1);
	});
});

describe('media: play, recognize, cancel, DTMF', () => {
	const fileSource = { kind: 'fileSource' as const, url: 'https://media.example.com/greeting.wav' };
	const textSource = {
		kind: 'textSource' as const,
		text: 'Press one for sales',
		voiceName: 'en-US-NancyNeural',
	};
	const kinds = (id: string) =>
		parsedFor(id)
			.slice(2)
			.map((e) => e.kind);

	test('playToAll: PlayStarted then PlayCompleted with the operation context', async () => {
		const { id } = await answered();
		await client().getCallConnection(id).getCallMedia().playToAll([fileSource], {
			operationContext: 'greeting',
		});
		await emu.calls.waitForCallback(isEvent(id, 'PlayCompleted'));
		expect(kinds(id)).toEqual(['PlayStarted', 'PlayCompleted']);
		expect(parsedFor(id)[3]).toMatchObject({
			operationContext: 'greeting',
			resultInformation: { code: 200 },
		});
		const request = emu.requests().find((r) => r.endpoint === 'acs.calling.play')!;
		expect(request.status).toBe(202);
		expect(JSON.parse(request.body.toString())).toMatchObject({
			playTo: [],
			playOptions: { loop: false },
		});
		expect(emu.calls.get(id)!.plays).toEqual([
			expect.objectContaining({ operationContext: 'greeting', state: 'completed' }),
		]);
	});

	test('text play on a call without Cognitive Services: 202, then PlayFailed 8565', async () => {
		const result = await client().createCall(
			{ targetParticipant: { communicationUserId: emu.fixtures.acs.users.alice } },
			callbackUrl(),
		);
		const id = result.callConnectionProperties.callConnectionId!;
		await result.callConnection.getCallMedia().play([textSource], [], { operationContext: 'tts' });
		const failed = await emu.calls.waitForCallback(isEvent(id, 'PlayFailed'));
		expect(failed.data).toMatchObject({
			operationContext: 'tts',
			resultInformation: { code: 400, subCode: 8565 },
		});
	});

	test('recognize DTMF: the call’s tones up to the stop tone, parsed by the SDK', async () => {
		const { id } = await answered({ recognizeTones: ['five', 'six', 'pound', 'seven'] });
		const caller = { phoneNumber: calls().callerPhoneNumber };
		await client()
			.getCallConnection(id)
			.getCallMedia()
			.startRecognizing(caller, {
				kind: 'callMediaRecognizeDtmfOptions',
				maxTonesToCollect: 4,
				stopDtmfTones: [DtmfTone.Pound],
				playPrompt: fileSource,
				operationContext: 'pin',
			});
		await emu.calls.waitForCallback(isEvent(id, 'RecognizeCompleted'));
		expect(parsedFor(id)[2]).toMatchObject({
			kind: 'RecognizeCompleted',
			operationContext: 'pin',
			recognitionType: 'dtmf',
			dtmfResult: { tones: ['five', 'six'] },
		});
	});

	test('recognize choices: the choice whose tone was pressed; speech: what the caller said', async () => {
		const { id } = await answered({ recognizeTones: ['two'], recognizeSpeech: 'billing please' });
		const media = client().getCallConnection(id).getCallMedia();
		const caller = { phoneNumber: calls().callerPhoneNumber };
		await media.startRecognizing(caller, {
			kind: 'callMediaRecognizeChoiceOptions',
			choices: [
				{ label: 'Sales', phrases: ['sales'], tone: DtmfTone.One },
				{ label: 'Billing', phrases: ['billing', 'invoice'], tone: DtmfTone.Two },
			],
			playPrompt: textSource,
			operationContext: 'menu',
		});
		await media.startRecognizing(caller, {
			kind: 'callMediaRecognizeSpeechOptions',
			operationContext: 'say',
		});
		await emu.calls.waitForCallback(
			(e) => isEvent(id, 'RecognizeCompleted')(e) && e.data.operationContext === 'say',
		);
		const [choices, speech] = parsedFor(id).slice(2);
		expect(choices).toMatchObject({
			kind: 'RecognizeCompleted',
			recognitionType: 'choices',
			choiceResult: { label: 'Billing', recognizedPhrase: 'billing' },
		});
		expect(speech).toMatchObject({
			recognitionType: 'speech',
			speechResult: { speech: 'billing please' },
		});
	});

	test('cancelAllMediaOperations cancels a looping play and a waiting recognition', async () => {
		const { id } = await answered({ recognizeTones: [] });
		const media = client().getCallConnection(id).getCallMedia();
		await media.playToAll([fileSource], { loop: true, operationContext: 'music' });
		await media.startRecognizing(
			{ phoneNumber: calls().callerPhoneNumber },
			{ kind: 'callMediaRecognizeDtmfOptions', maxTonesToCollect: 1, operationContext: 'wait' },
		);
		await media.cancelAllOperations();
		await emu.calls.waitForCallback(isEvent(id, 'RecognizeCanceled'));
		expect(kinds(id)).toEqual(['PlayStarted', 'PlayCanceled', 'RecognizeCanceled']);
		expect(
			parsedFor(id)
				.slice(3)
				.map((e) => (e as { operationContext?: string }).operationContext),
		).toEqual(['music', 'wait']);
		await media.cancelAllOperations();
		await emu.calls.idle();
		expect(kinds(id)).toHaveLength(3);
	});

	test('a recognition nobody answers fails at its initial silence timeout (8510)', async () => {
		const { id } = await answered({ recognizeTones: [] });
		await client()
			.getCallConnection(id)
			.getCallMedia()
			.startRecognizing(
				{ phoneNumber: calls().callerPhoneNumber },
				{ kind: 'callMediaRecognizeDtmfOptions', initialSilenceTimeoutInSeconds: 1 },
			);
		const failed = await emu.calls.waitForCallback(isEvent(id, 'RecognizeFailed'), 3000);
		expect(failed.data.resultInformation).toMatchObject({ code: 400, subCode: 8510 });
	});

	test('sendDtmfTones: 202 with repeatability headers, SendDtmfTonesCompleted', async () => {
		const { id } = await answered();
		const result = await client()
			.getCallConnection(id)
			.getCallMedia()
			.sendDtmfTones(
				['one', 'pound'],
				{ phoneNumber: calls().callerPhoneNumber },
				{ operationContext: 'dtmf' },
			);
		expect(result.operationContext).toBe('dtmf');
		await emu.calls.waitForCallback(isEvent(id, 'SendDtmfTonesCompleted'));
		const request = emu.requests().find((r) => r.endpoint === 'acs.calling.sendDtmfTones')!;
		expect(request.headers['repeatability-request-id']).toBeDefined();
		expect(emu.calls.get(id)!.dtmfSent).toEqual([
			{
				tones: ['one', 'pound'],
				targetParticipant: `4:${calls().callerPhoneNumber}`,
				operationContext: 'dtmf',
			},
		]);
	});

	test.each<[string, string, Record<string, unknown>, string]>([
		['play', 'play', { playSources: [] }, 'playSources is required and must not be empty.'],
		['play', 'play', { playSources: [{ kind: 'file', file: {} }] }, 'uri is required.'],
		[
			'play',
			'play',
			{ playSources: [{ kind: 'video' }] },
			"kind must be one of file, text, ssml; got 'video'.",
		],
		['recognize', 'recognize', { recognizeInputType: 'dtmf' }, 'recognizeOptions is required.'],
		[
			'recognize',
			'recognize',
			{
				recognizeInputType: 'choices',
				recognizeOptions: {
					targetParticipant: { rawId: '4:+14255550100', phoneNumber: { value: '+14255550100' } },
				},
			},
			'recognizeOptions.choices is required for choices.',
		],
		[
			'sendDtmfTones',
			'sendDtmfTones',
			{ tones: ['eleven'] },
			'tones must hold tones (zero, one, two, three, four, five, six, seven, eight, nine, a, b, c, d, pound, asterisk).',
		],
	])('%s with a bad body → 400 BadRequest', async (_name, action, body, message) => {
		const r = await hmacRequest(emu.url, emu.acs.accessKey, {
			method: 'POST',
			pathAndQuery: `/calling/callConnections/${calls().activeCallConnectionId}:${action}?api-version=2026-03-12`,
			body: JSON.stringify(body),
		});
		expect(r.status).toBe(400);
		expect(JSON.parse(r.body.toString())).toEqual({ error: { code: 'BadRequest', message } });
		expect(emu.calls.get(calls().activeCallConnectionId)!.plays).toEqual([]);
	});
});

describe('recordings', () => {
	const recording = () => client().getCallRecording();

	test('start, get, pause, resume, stop: state callbacks, then the file on the storage host via Event Grid', async () => {
		const eventGridUrl = `${receiverUrl}/eventgrid?secret=eg`;
		const { id } = await answered({ recordingBytes: 4096, eventGridUrl });
		const started = await recording().start({
			callConnectionId: id,
			recordingStateCallbackEndpointUrl: `${receiverUrl}/recording-state`,
			recordingContent: 'audio',
			recordingChannel: 'mixed',
			recordingFormat: 'wav',
		});
		expect(started).toEqual({
			recordingId: expect.stringMatching(/^[A-Za-z0-9]+=+$/),
			recordingState: 'active',
			recordingKind: 'azureCommunicationServices',
		});
		const recordingId = started.recordingId!;
		expect(JSON.parse(Buffer.from(recordingId, 'base64').toString('ascii'))).toBeInstanceOf(Object);
		expect(await recording().getState(recordingId)).toMatchObject({ recordingState: 'active' });
		await recording().pause(recordingId);
		expect(await recording().getState(recordingId)).toMatchObject({ recordingState: 'inactive' });
		await recording().resume(recordingId);
		await recording().stop(recordingId);
		const file = await emu.calls.waitForCallback(isEvent(id, 'RecordingFileStatusUpdated'));
		const states = received
			.filter((r) => r.path === '/recording-state')
			.map((r) => parseCallAutomationEvent(r.body))
			.map((e) => [
				e.kind,
				(e as { state?: string }).state,
				(e as { recordingId?: string }).recordingId,
			]);
		expect(states).toEqual([
			['RecordingStateChanged', 'active', recordingId],
			['RecordingStateChanged', 'inactive', recordingId],
			['RecordingStateChanged', 'active', recordingId],
			['RecordingStateChanged', 'inactive', recordingId],
		]);
		const delivered = received.find((r) => r.path === '/eventgrid?secret=eg')!;
		expect(delivered.headers['aeg-event-type']).toBe('Notification');
		const [event] = await new EventGridDeserializer().deserializeEventGridEvents(delivered.body);
		expect(event!.eventType).toBe('Microsoft.Communication.RecordingFileStatusUpdated');
		expect(event!.subject).toMatch(
			new RegExp(`^/recording/call/[0-9a-f-]{36}/recordingId/${recordingId.replace(/=/g, '\\=')}$`),
		);
		const data = event!.data as {
			recordingStorageInfo: { recordingChunks: Array<Record<string, unknown>> };
			recordingContentType: string;
			recordingChannelType: string;
			recordingFormatType: string;
		};
		const [chunk] = data.recordingStorageInfo.recordingChunks;
		expect(data).toMatchObject({
			recordingContentType: 'Audio',
			recordingChannelType: 'Mixed',
			recordingFormatType: 'Wav',
			sessionEndReason: 'SessionEnded',
		});
		const base = `${emu.recordingStorageUrl}/v1/objects/${chunk!.documentId as string}/content`;
		expect(chunk).toEqual({
			documentId: expect.any(String),
			index: 0,
			endReason: 'SessionEnded',
			contentLocation: `${base}/audio`,
			metadataLocation: `${base}/acsmetadata`,
			deleteLocation: `${base}/deletedata`,
		});
		expect(file.status).toBe(200);
		expect(await emu.recordings.sha256(chunk!.documentId as string)).toMatch(/^[0-9a-f]{64}$/);
		expect(emu.calls.recordings()).toEqual([
			expect.objectContaining({ recordingId, state: 'stopped', documentId: chunk!.documentId }),
		]);
		await expect(recording().getState(recordingId)).rejects.toMatchObject({ statusCode: 404 });
		expect(emu.counts()).toMatchObject({
			'acs.recording.start': 1,
			'acs.recording.get': 3,
			'acs.recording.pause': 1,
			'acs.recording.resume': 1,
			'acs.recording.stop': 1,
		});
		const start = emu.requests().find((r) => r.endpoint === 'acs.recording.start')!;
		expect(start.headers['repeatability-request-id']).toBeDefined();
	});

	test('by server call ID; a second start is 400/8559; hanging up stops it and announces the file to the default Event Grid URL', async () => {
		emu.calls.setEventGridUrl(`${receiverUrl}/default-eventgrid`);
		const serverCallId = emu.calls.get(calls().activeCallConnectionId)!.serverCallId;
		const options = { callLocator: { id: serverCallId, kind: 'serverCallLocator' as const } };
		const { recordingId } = await recording().start(options);
		await expect(recording().start(options)).rejects.toMatchObject({
			statusCode: 400,
			code: '8559',
		});
		await client().getCallConnection(calls().activeCallConnectionId).hangUp(true);
		const file = await emu.calls.waitForCallback(
			isEvent(calls().activeCallConnectionId, 'RecordingFileStatusUpdated'),
		);
		expect(file.url).toBe(`${receiverUrl}/default-eventgrid`);
		expect(file.data).toMatchObject({
			sessionEndReason: 'CallEnded',
			recordingContentType: 'AudioVideo',
			recordingFormatType: 'Mp4',
		});
		expect(emu.calls.recordings()[0]).toMatchObject({ recordingId, state: 'stopped' });
		const order = emu.calls
			.callbacks()
			.filter((e) => e.callConnectionId === calls().activeCallConnectionId)
			.map((e) => e.type.replace('Microsoft.Communication.', ''));
		expect(order).toEqual([
			'RecordingStateChanged',
			'RecordingStateChanged',
			'CallDisconnected',
			'RecordingFileStatusUpdated',
		]);
	});

	test.each<[string, Record<string, unknown>, number, string]>([
		['neither call', { recordingContentType: 'audio' }, 400, 'BadRequest'],
		[
			'both locator and id',
			{ callConnectionId: 'x', callLocator: { kind: 'serverCallLocator', serverCallId: 'y' } },
			400,
			'BadRequest',
		],
		['a room', { callLocator: { kind: 'roomCallLocator', roomId: 'r' } }, 400, 'BadRequest'],
		[
			'mp4 audio',
			{
				callConnectionId: '18dea47f-b081-4107-9a5c-4300819d2c6c',
				recordingContentType: 'audio',
				recordingFormatType: 'mp4',
			},
			400,
			'BadRequest',
		],
		['an unknown call', { callConnectionId: 'aaaaaaaa-0000-4000-8000-000000000000' }, 404, '8522'],
	])('start with %s → %p, %i %s', async (_name, body, status, code) => {
		const r = await hmacRequest(emu.url, emu.acs.accessKey, {
			method: 'POST',
			pathAndQuery: '/calling/recordings?api-version=2026-03-12',
			body: JSON.stringify(body),
		});
		expect(r.status).toBe(status);
		expect((JSON.parse(r.body.toString()) as { error: { code: string } }).error.code).toBe(code);
		expect(emu.calls.recordings()).toEqual([]);
	});
});
