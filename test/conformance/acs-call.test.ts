import {
	CallAutomationClient,
	type CallAutomationClientOptions,
} from '@azure/communication-call-automation';

import type { RecordedRequest } from '../../emulator';
import { loopbackTlsShim } from '../emulator/helpers';
import { createTestContext, type AcsAuth, type TestContext } from '../nodes/context';
import {
	authSchemeOf,
	EmulatorEntraCredential,
	extraHeaderNames,
	headerValue,
	httpsUrl,
	isSuccess,
	recomputeHmac,
	recordRequests,
	SIGNED_HEADERS,
	wire,
} from './wire';

/**
 * Wire conformance of the node's `call` resource with @azure/communication-call-automation 1.6.0: each
 * SDK call and the matching node operation go to the same emulator, and the recorded requests must
 * agree on method, raw path, query, body bytes, content type and auth scheme, and both must carry the
 * repeatability headers where the SDK sends them. Values that are fresh per call (a ringing call's
 * context, which can be answered only once) are swapped before comparing; the one deliberate body
 * difference (the SDK's empty customCallingContext) is asserted, not ignored.
 */

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => t.emulator.resetFixtures());

const emu = () => t.emulator;
const acs = () => emu().fixtures.acs;
const CALLBACK = 'https://hooks.example.com/acs/calls?secret=s1';
const OPERATION_CALLBACK = 'https://hooks.example.com/acs/operations?x=1';
const API_VERSION = '2026-03-12';
/** The SDK sends `{voipHeaders:{}, sipHeaders:{}}` on add and transfer even with no header: it carries nothing. */
const EMPTY_CUSTOM_CONTEXT = ',"customCallingContext":{"voipHeaders":{},"sipHeaders":{}}';

type Mode = 'hmac' | 'entra';
const MODES: Array<[Mode, AcsAuth]> = [
	['hmac', 'accessKey'],
	['hmac', 'connectionString'],
	['entra', 'oAuth2'],
];

function client(mode: Mode): CallAutomationClient {
	if (mode === 'hmac')
		return new CallAutomationClient(emu().acs.connectionString, {
			allowInsecureConnection: true,
		});
	return new CallAutomationClient(
		httpsUrl(emu()),
		new EmulatorEntraCredential(emu()),
		loopbackTlsShim() as CallAutomationClientOptions,
	);
}

/** Every HMAC-signed request the node sent in this file, re-verified by the last describe. */
const nodeHmacRequests: RecordedRequest[] = [];

async function sdkRequest(action: () => Promise<unknown>): Promise<RecordedRequest> {
	const [request, ...rest] = await recordRequests(emu(), action);
	expect(rest).toEqual([]);
	return request;
}

async function nodeRequest(
	auth: AcsAuth,
	parameters: Record<string, unknown>,
): Promise<RecordedRequest> {
	let error: unknown;
	const [request, ...rest] = await recordRequests(emu(), async () => {
		error = (await t.runAcs(auth, { resource: 'call', ...parameters })).error;
	});
	expect(error).toBeUndefined();
	expect(rest).toEqual([]);
	if (authSchemeOf(request).scheme === 'HMAC-SHA256') nodeHmacRequests.push(request);
	return request;
}

/** The same request, with its body text changed (only to swap values that are fresh per call). */
function withBody(request: RecordedRequest, change: (text: string) => string): RecordedRequest {
	return { ...request, body: Buffer.from(change(request.body.toString('utf8')), 'utf8') };
}

function expectSameWire(
	sdk: RecordedRequest,
	node: RecordedRequest,
	mode: Mode,
	expected: { method: string; path: string; repeatable: boolean },
) {
	expect(isSuccess(sdk)).toBe(true);
	expect({ endpoint: node.endpoint, success: isSuccess(node) }).toEqual({
		endpoint: sdk.endpoint,
		success: true,
	});
	expect(wire(node)).toEqual(wire(sdk));
	expect(wire(node)).toMatchObject({
		method: expected.method,
		path: expected.path,
		query: [`api-version=${API_VERSION}`],
		auth:
			mode === 'hmac'
				? { scheme: 'HMAC-SHA256', signedHeaders: SIGNED_HEADERS }
				: { scheme: 'Bearer', token: 'entra', aud: 'https://communication.azure.com' },
	});
	for (const request of [sdk, node]) {
		expect(headerValue(request, 'repeatability-request-id') !== undefined).toBe(
			expected.repeatable,
		);
		expect(headerValue(request, 'repeatability-first-sent') !== undefined).toBe(
			expected.repeatable,
		);
	}
	// Beyond those: the SDK's client request id (for tracing), nothing else either way.
	expect(extraHeaderNames(sdk, node)).toEqual(['x-ms-client-request-id']);
	expect(extraHeaderNames(node, sdk)).toEqual([]);
}

const mediaStreaming = {
	transportUrl: 'wss://media.example.com/acs?call=1',
	contentType: 'audio',
	audioChannelType: 'unmixed',
	audioFormat: 'pcm24KMono',
	startMediaStreaming: false,
	enableBidirectional: true,
} as const;
const cognitiveServicesEndpoint = 'https://ai.example.cognitiveservices.azure.com/';

describe.each(MODES)(
	'@azure/communication-call-automation (%s) vs node call (%s)',
	(mode, auth) => {
		it.each([false, true])('answerCall vs answer, all options %p', async (allOptions) => {
			const sdkContext = emu().calls.incoming().incomingCallContext;
			const sdk = await sdkRequest(() =>
				client(mode).answerCall(
					sdkContext,
					CALLBACK,
					allOptions
						? {
								operationContext: 'greeting ✓ "quoted"',
								callIntelligenceOptions: { cognitiveServicesEndpoint },
								mediaStreamingOptions: { transportType: 'websocket', ...mediaStreaming },
							}
						: {},
				),
			);
			const nodeContext = emu().calls.incoming().incomingCallContext;
			const node = await nodeRequest(auth, {
				operation: 'answer',
				incomingCallContext: nodeContext,
				callbackUri: CALLBACK,
				options: allOptions
					? {
							operationContext: 'greeting ✓ "quoted"',
							cognitiveServicesEndpoint,
							mediaStreaming,
						}
					: {},
			});
			expectSameWire(
				sdk,
				withBody(node, (text) => text.replace(nodeContext, sdkContext)),
				mode,
				{ method: 'POST', path: '/calling/callConnections:answer', repeatable: true },
			);
			expect(emu().calls.answerCount(nodeContext)).toBe(1);
		});

		it('rejectCall vs reject', async () => {
			const sdkContext = emu().calls.incoming().incomingCallContext;
			const sdk = await sdkRequest(() =>
				client(mode).rejectCall(sdkContext, { callRejectReason: 'busy' }),
			);
			const nodeContext = emu().calls.incoming().incomingCallContext;
			const node = await nodeRequest(auth, {
				operation: 'reject',
				incomingCallContext: nodeContext,
				reason: 'busy',
			});
			expectSameWire(
				sdk,
				withBody(node, (text) => text.replace(nodeContext, sdkContext)),
				mode,
				{ method: 'POST', path: '/calling/callConnections:reject', repeatable: true },
			);
		});

		it('redirectCall vs redirect', async () => {
			const target = acs().users.bob;
			const sdkContext = emu().calls.incoming().incomingCallContext;
			const sdk = await sdkRequest(() =>
				client(mode).redirectCall(sdkContext, {
					targetParticipant: { communicationUserId: target },
				}),
			);
			const nodeContext = emu().calls.incoming().incomingCallContext;
			const node = await nodeRequest(auth, {
				operation: 'redirect',
				incomingCallContext: nodeContext,
				target,
			});
			expectSameWire(
				sdk,
				withBody(node, (text) => text.replace(nodeContext, sdkContext)),
				mode,
				{ method: 'POST', path: '/calling/callConnections:redirect', repeatable: true },
			);
		});

		it('createCall (one phone target) vs create', async () => {
			const caller = acs().phoneNumbers.main;
			const sdk = await sdkRequest(() =>
				client(mode).createCall(
					{
						targetParticipant: { phoneNumber: '+14255550123' },
						sourceCallIdNumber: { phoneNumber: caller },
						sourceDisplayName: 'Contoso',
					},
					CALLBACK,
					{
						operationContext: 'outbound',
						callIntelligenceOptions: { cognitiveServicesEndpoint },
						mediaStreamingOptions: { transportType: 'websocket', ...mediaStreaming },
					},
				),
			);
			const node = await nodeRequest(auth, {
				operation: 'create',
				targets: '+14255550123',
				sourceCallerIdNumber: caller,
				callbackUri: CALLBACK,
				options: {
					sourceDisplayName: 'Contoso',
					operationContext: 'outbound',
					cognitiveServicesEndpoint,
					mediaStreaming,
				},
			});
			expectSameWire(sdk, node, mode, {
				method: 'POST',
				path: '/calling/callConnections',
				repeatable: true,
			});
		});

		it('createGroupCall (two ACS users) vs create', async () => {
			const targets = [acs().users.alice, acs().users.bob];
			const sdk = await sdkRequest(() =>
				client(mode).createGroupCall(
					targets.map((communicationUserId) => ({ communicationUserId })),
					CALLBACK,
				),
			);
			const node = await nodeRequest(auth, {
				operation: 'create',
				targets: targets.join('\n'),
				callbackUri: CALLBACK,
			});
			expectSameWire(sdk, node, mode, {
				method: 'POST',
				path: '/calling/callConnections',
				repeatable: true,
			});
		});

		it('getCallConnectionProperties vs get', async () => {
			const id = acs().calls.activeCallConnectionId;
			const sdk = await sdkRequest(() =>
				client(mode).getCallConnection(id).getCallConnectionProperties(),
			);
			const node = await nodeRequest(auth, { operation: 'get', callConnectionId: id });
			expectSameWire(sdk, node, mode, {
				method: 'GET',
				path: `/calling/callConnections/${id}`,
				repeatable: false,
			});
		});

		it.each([false, true])('hangUp(%p) vs hangUp', async (forEveryone) => {
			const id = acs().calls.activeCallConnectionId;
			const sdk = await sdkRequest(() => client(mode).getCallConnection(id).hangUp(forEveryone));
			emu().resetFixtures();
			const node = await nodeRequest(auth, {
				operation: 'hangUp',
				callConnectionId: id,
				forEveryone,
			});
			expectSameWire(sdk, node, mode, {
				method: forEveryone ? 'POST' : 'DELETE',
				path: `/calling/callConnections/${id}${forEveryone ? ':terminate' : ''}`,
				repeatable: forEveryone,
			});
		});

		it('transferCallToParticipant vs transfer', async () => {
			const id = acs().calls.activeCallConnectionId;
			const caller = acs().phoneNumbers.main;
			const sdk = await sdkRequest(() =>
				client(mode)
					.getCallConnection(id)
					.transferCallToParticipant(
						{ phoneNumber: '+14255550123' },
						{
							operationContext: 'to sales',
							operationCallbackUrl: OPERATION_CALLBACK,
							transferee: { phoneNumber: acs().calls.callerPhoneNumber },
							sourceCallIdNumber: { phoneNumber: caller },
						},
					),
			);
			emu().resetFixtures();
			const node = await nodeRequest(auth, {
				operation: 'transfer',
				callConnectionId: id,
				target: '+14255550123',
				options: {
					operationContext: 'to sales',
					operationCallbackUri: OPERATION_CALLBACK,
					transferee: acs().calls.callerPhoneNumber,
					sourceCallerIdNumber: caller,
				},
			});
			expect(sdk.body.toString('utf8')).toContain(EMPTY_CUSTOM_CONTEXT);
			expectSameWire(
				withBody(sdk, (text) => text.replace(EMPTY_CUSTOM_CONTEXT, '')),
				node,
				mode,
				{
					method: 'POST',
					path: `/calling/callConnections/${id}:transferToParticipant`,
					repeatable: true,
				},
			);
		});

		it('listParticipants vs getParticipants', async () => {
			const id = acs().calls.activeCallConnectionId;
			const sdk = await sdkRequest(() => client(mode).getCallConnection(id).listParticipants());
			const node = await nodeRequest(auth, {
				operation: 'getParticipants',
				callConnectionId: id,
				returnAll: true,
			});
			expectSameWire(sdk, node, mode, {
				method: 'GET',
				path: `/calling/callConnections/${id}/participants`,
				repeatable: false,
			});
		});

		it('addParticipant vs addParticipant', async () => {
			const id = acs().calls.activeCallConnectionId;
			const caller = acs().phoneNumbers.main;
			const sdk = await sdkRequest(() =>
				client(mode)
					.getCallConnection(id)
					.addParticipant(
						{
							targetParticipant: { phoneNumber: '+14255550123' },
							sourceCallIdNumber: { phoneNumber: caller },
							sourceDisplayName: 'Contoso',
						},
						{
							invitationTimeoutInSeconds: 30,
							operationContext: 'add',
							operationCallbackUrl: OPERATION_CALLBACK,
						},
					),
			);
			emu().resetFixtures();
			const node = await nodeRequest(auth, {
				operation: 'addParticipant',
				callConnectionId: id,
				participant: '+14255550123',
				options: {
					sourceCallerIdNumber: caller,
					sourceDisplayName: 'Contoso',
					invitationTimeoutInSeconds: 30,
					operationContext: 'add',
					operationCallbackUri: OPERATION_CALLBACK,
				},
			});
			expect(sdk.body.toString('utf8')).toContain(EMPTY_CUSTOM_CONTEXT);
			expectSameWire(
				withBody(sdk, (text) => text.replace(EMPTY_CUSTOM_CONTEXT, '')),
				node,
				mode,
				{
					method: 'POST',
					path: `/calling/callConnections/${id}/participants:add`,
					repeatable: true,
				},
			);
		});

		it('removeParticipant vs removeParticipant', async () => {
			const id = acs().calls.activeCallConnectionId;
			const sdk = await sdkRequest(() =>
				client(mode)
					.getCallConnection(id)
					.removeParticipant(
						{ communicationUserId: acs().users.alice },
						{ operationContext: 'remove', operationCallbackUrl: OPERATION_CALLBACK },
					),
			);
			emu().resetFixtures();
			const node = await nodeRequest(auth, {
				operation: 'removeParticipant',
				callConnectionId: id,
				participant: acs().users.alice,
				options: { operationContext: 'remove', operationCallbackUri: OPERATION_CALLBACK },
			});
			expectSameWire(sdk, node, mode, {
				method: 'POST',
				path: `/calling/callConnections/${id}/participants:remove`,
				repeatable: true,
			});
		});
	},
);

describe('HMAC signatures of the call requests the node sent, re-verified', () => {
	it('every one equals the signature recomputed from the recorded request', () => {
		expect(new Set(nodeHmacRequests.map((request) => request.endpoint))).toEqual(
			new Set([
				'acs.calling.answer',
				'acs.calling.reject',
				'acs.calling.redirect',
				'acs.calling.create',
				'acs.calling.get',
				'acs.calling.hangUp',
				'acs.calling.terminate',
				'acs.calling.transfer',
				'acs.calling.participants.list',
				'acs.calling.participants.add',
				'acs.calling.participants.remove',
			]),
		);
		for (const request of nodeHmacRequests) {
			expect({
				endpoint: request.endpoint,
				authorization: headerValue(request, 'authorization'),
			}).toEqual({
				endpoint: request.endpoint,
				authorization: recomputeHmac(request, emu().acs.accessKey).authorization,
			});
		}
	});
});
