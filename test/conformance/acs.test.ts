import { CallAutomationClient } from '@azure/communication-call-automation';
import { ChatClient } from '@azure/communication-chat';
import {
	AzureCommunicationTokenCredential,
	createCommunicationAuthPolicy,
} from '@azure/communication-common';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import MessageClient, { paginate } from '@azure-rest/communication-messages';

import { randomUUID } from 'crypto';
import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import type { RecordedRequest } from '../../emulator';
import { loopbackTlsShim, rawRequest } from '../emulator/helpers';
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
	signWithSdkPolicy,
	SIGNED_HEADERS,
	wire,
	type Wire,
} from './wire';

/**
 * Wire conformance of the Azure Communication Services node with the official SDKs: each SDK call and
 * the matching node operation go to the same emulator, and the recorded requests must agree on method,
 * raw path, query (multiset), body (parsed and raw), content type and auth scheme. Every HMAC request the
 * node sends is re-verified at the end of this file, independently and with the SDK's signing policy.
 */

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());

const emu = () => t.emulator;
const insecure = { allowInsecureConnection: true };

/** The SDK api-versions (package defaults); where the node's default differs, the node is set to the SDK's. */
const SDK_API_VERSION = {
	/** @azure-rest/communication-messages 2.0.0; the node defaults to 2024-02-01. */
	media: '2024-08-30',
	/** @azure/communication-chat 1.6.0, same as the node's default. */
	chat: '2025-03-15',
	/** @azure/communication-call-automation 1.6.0, same as the node's default. */
	calling: '2026-03-12',
	/** @azure/communication-identity 1.3.1, same as the version the node mints chat tokens with. */
	identity: '2023-10-01',
};

type HmacAuth = 'accessKey' | 'connectionString';
const HMAC_MODES: HmacAuth[] = ['accessKey', 'connectionString'];

/** Every HMAC-signed request the node sent in this file, re-verified by the last describe. */
const nodeHmacRequests: RecordedRequest[] = [];
/** Every HMAC-signed request an SDK sent: checks the independent recomputation against the SDK's own wire. */
const sdkHmacRequests: RecordedRequest[] = [];

function collectHmac(into: RecordedRequest[], requests: RecordedRequest[]): RecordedRequest[] {
	for (const request of requests)
		if (authSchemeOf(request).scheme === 'HMAC-SHA256') into.push(request);
	return requests;
}

/** A credential of its own, so the node's per-credential chat token cache starts empty (forces a mint). */
function freshCredential(auth: Exclude<AcsAuth, 'userAccessToken'>) {
	const { url, acs } = emu();
	const data: { type: string; data: ICredentialDataDecryptedObject } =
		auth === 'accessKey'
			? { type: 'azureCommunicationServicesApi', data: { endpoint: url, accessKey: acs.accessKey } }
			: auth === 'connectionString'
				? {
						type: 'azureCommunicationServicesApi',
						data: { endpoint: acs.connectionString, accessKey: '' },
					}
				: {
						type: 'azureCommunicationServicesOAuth2Api',
						data: {
							endpoint: url,
							grantType: 'clientCredentials',
							tenantId: acs.entra.tenantId,
							authorityHost: acs.entra.authorityHost,
							clientId: acs.entra.clientId,
							clientSecret: acs.entra.clientSecret,
						},
					};
	return { type: data.type, ref: t.harness.addCredential(data.type, data.data) };
}

async function runNode(
	auth: AcsAuth,
	parameters: Record<string, unknown>,
	credential?: ReturnType<typeof freshCredential>,
): Promise<RecordedRequest[]> {
	let error: unknown;
	const requests = await recordRequests(emu(), async () => {
		const result = await t.runAcs(auth, parameters, credential ? { credential } : {});
		error = result.error;
	});
	expect(error).toBeUndefined();
	return collectHmac(nodeHmacRequests, requests);
}

async function runSdk(action: () => Promise<unknown>): Promise<RecordedRequest[]> {
	return collectHmac(sdkHmacRequests, await recordRequests(emu(), action));
}

/** The comparison every pair goes through; `adjust` documents a legitimate, explained difference. */
function expectSameWire(
	sdk: RecordedRequest,
	node: RecordedRequest,
	adjust: (node: Wire) => Wire = (w) => w,
) {
	expect({ endpoint: node.endpoint, status: isSuccess(node) }).toEqual({
		endpoint: sdk.endpoint,
		status: true,
	});
	expect(isSuccess(sdk)).toBe(true);
	expect(adjust(wire(node))).toEqual(wire(sdk));
}

const hmacAuth = { scheme: 'HMAC-SHA256', signedHeaders: SIGNED_HEADERS };
const entraAuth = () => ({
	scheme: 'Bearer',
	token: 'entra',
	aud: 'https://communication.azure.com',
	tid: emu().acs.entra.tenantId,
	appid: emu().acs.entra.clientId,
});
const memberAuth = () => ({
	scheme: 'Bearer',
	token: 'acsUser',
	skypeid: emu().fixtures.acs.users.member.slice(2),
	acsScope: 'chat',
});

// ---------------------------------------------------------------------------------------------

describe('media download: @azure-rest/communication-messages vs node media/download', () => {
	const mediaId = () => emu().fixtures.acs.media.pdf.id;
	const nodeParameters = () => ({
		resource: 'media',
		operation: 'download',
		mediaId: mediaId(),
		// The SDK's default api-version; the node's own default (2024-02-01) is compared below.
		options: { apiVersion: SDK_API_VERSION.media },
	});
	const sdkDownload = (client: ReturnType<typeof MessageClient>) => async () => {
		const response = await client.path('/messages/streams/{id}', mediaId()).get();
		expect(response.status).toBe('200');
	};

	/**
	 * @azure-rest/communication-messages 2.0.0 cannot send a request with a TokenCredential as published: its
	 * inner createClient hands the credential to getClient (which adds bearerTokenAuthenticationPolicy with
	 * scope https://communication.azure.com/.default) and its outer createClient then adds
	 * createCommunicationAuthPolicy(credential), another policy of the same name, so every request fails
	 * with "Duplicate policy names not allowed in pipeline". Removing both (same name) and adding back the
	 * Communication auth policy leaves exactly the policy the SDK means to use (scope …//.default).
	 */
	function messageClientWithTokenCredential(credential: EmulatorEntraCredential) {
		const client = MessageClient(httpsUrl(emu()), credential, loopbackTlsShim());
		client.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
		client.pipeline.addPolicy(createCommunicationAuthPolicy(credential));
		return client;
	}

	it('the SDK as published fails with a TokenCredential (upstream bug; see messageClientWithTokenCredential)', async () => {
		const client = MessageClient(
			httpsUrl(emu()),
			new EmulatorEntraCredential(emu()),
			loopbackTlsShim(),
		);
		await expect(client.path('/messages/streams/{id}', mediaId()).get()).rejects.toThrow(
			'Duplicate policy names not allowed in pipeline',
		);
	});

	it.each(HMAC_MODES)('connection string (HMAC) vs node with %s', async (auth) => {
		const [sdk] = await runSdk(sdkDownload(MessageClient(emu().acs.connectionString, insecure)));
		const [node] = await runNode(auth, nodeParameters());
		expectSameWire(sdk!, node!);
		expect(wire(node!)).toMatchObject({
			method: 'GET',
			path: `/messages/streams/${mediaId()}`,
			query: [`api-version=${SDK_API_VERSION.media}`],
			auth: hmacAuth,
		});
	});

	it('TokenCredential (Entra) vs node with oAuth2', async () => {
		const credential = new EmulatorEntraCredential(emu());
		const [sdk] = await runSdk(sdkDownload(messageClientWithTokenCredential(credential)));
		const [node] = await runNode('oAuth2', nodeParameters());
		expectSameWire(sdk!, node!);
		expect(wire(node!).auth).toEqual(entraAuth());
		expect(credential.requestedScopes).toEqual([['https://communication.azure.com//.default']]);
	});

	it("the node's default api-version is the only difference without the override", async () => {
		const [sdk] = await runSdk(sdkDownload(MessageClient(emu().acs.connectionString, insecure)));
		const [node] = await runNode('accessKey', { ...nodeParameters(), options: {} });
		expect(node!.query).toBe('api-version=2024-02-01');
		expect(sdk!.query).toBe(`api-version=${SDK_API_VERSION.media}`);
		expectSameWire(sdk!, node!, (w) => ({
			...w,
			query: [`api-version=${SDK_API_VERSION.media}`],
			rawQuery: [`api-version=${SDK_API_VERSION.media}`],
		}));
	});
});

// ---------------------------------------------------------------------------------------------

describe('identity token issue: @azure/communication-identity getToken vs the node minting a chat token', () => {
	const member = () => emu().fixtures.acs.users.member;
	const chatGet = () => ({
		resource: 'chatMessage',
		operation: 'get',
		chatUserId: member(),
		chatThreadId: emu().fixtures.acs.chat.threadIds.small,
		chatMessageId: emu().fixtures.acs.chat.smallThread.textId,
	});
	const sdkGetToken = (client: CommunicationIdentityClient) => async () => {
		const token = await client.getToken({ communicationUserId: member() }, ['chat'], {
			tokenExpiresInMinutes: 60,
		});
		expect(token.token).toBeTruthy();
	};

	function expectMint(sdk: RecordedRequest, node: RecordedRequest) {
		expect(node.endpoint).toBe('acs.identity.issueAccessToken');
		expectSameWire(sdk, node);
		expect(wire(node)).toMatchObject({
			method: 'POST',
			path: `/identities/${encodeURIComponent(member())}/:issueAccessToken`,
			query: [`api-version=${SDK_API_VERSION.identity}`],
			body: { scopes: ['chat'], expiresInMinutes: 60 },
			contentType: 'application/json',
		});
		// Raw bytes too: same key order, no whitespace.
		expect(node.body.toString('utf8')).toBe(sdk.body.toString('utf8'));
		expect(node.body.toString('utf8')).toBe('{"scopes":["chat"],"expiresInMinutes":60}');
	}

	it.each(HMAC_MODES)('connection string (HMAC) vs node with %s', async (auth) => {
		const [sdk] = await runSdk(
			sdkGetToken(new CommunicationIdentityClient(emu().acs.connectionString, insecure)),
		);
		const [mint, chat] = await runNode(auth, chatGet(), freshCredential(auth));
		expectMint(sdk!, mint!);
		expect(wire(mint!).auth).toEqual(hmacAuth);
		expect(chat!.endpoint).toBe('acs.chat.message.get');
	});

	it('TokenCredential (Entra) vs node with oAuth2', async () => {
		const credential = new EmulatorEntraCredential(emu());
		const [sdk] = await runSdk(
			sdkGetToken(new CommunicationIdentityClient(httpsUrl(emu()), credential, loopbackTlsShim())),
		);
		const [mint, chat] = await runNode('oAuth2', chatGet(), freshCredential('oAuth2'));
		expectMint(sdk!, mint!);
		expect(wire(mint!).auth).toEqual(entraAuth());
		expect(chat!.endpoint).toBe('acs.chat.message.get');
		expect(credential.requestedScopes).toEqual([['https://communication.azure.com//.default']]);
	});
});

// ---------------------------------------------------------------------------------------------

describe('chat: @azure/communication-chat getMessage/listMessages vs node chatMessage/get and getAll', () => {
	const chat = () => emu().fixtures.acs.chat;
	const member = () => emu().fixtures.acs.users.member;
	const threadClient = () => {
		const token = emu().issueUserToken(member());
		return new ChatClient(
			httpsUrl(emu()),
			new AzureCommunicationTokenCredential(token.token),
			loopbackTlsShim(),
		).getChatThreadClient(chat().threadIds.small);
	};
	/** 4 of the 5 messages of the small thread, 2 per page: the first page's nextLink is followed once. */
	const startTime = () =>
		chat().threads.find((thread) => thread.id === chat().threadIds.small)!.messages[1]!.createdOn;
	const pageSize = 2;
	const CHAT_AUTH_MODES: AcsAuth[] = ['userAccessToken', 'accessKey', 'connectionString', 'oAuth2'];
	const chatRequests = (requests: RecordedRequest[]) =>
		requests.filter((request) => request.endpoint.startsWith('acs.chat.'));

	it.each(CHAT_AUTH_MODES)('getMessage vs node get with %s', async (auth) => {
		const messageId = chat().smallThread.htmlWithAttachmentId;
		const sdk = await runSdk(async () =>
			expect((await threadClient().getMessage(messageId)).id).toBe(messageId),
		);
		const node = chatRequests(
			await runNode(auth, {
				resource: 'chatMessage',
				operation: 'get',
				chatUserId: member(),
				chatThreadId: chat().threadIds.small,
				chatMessageId: messageId,
			}),
		);
		expect(sdk).toHaveLength(1);
		expect(node).toHaveLength(1);
		expectSameWire(sdk[0]!, node[0]!);
		expect(wire(node[0]!)).toMatchObject({
			method: 'GET',
			path: `/chat/threads/${encodeURIComponent(chat().threadIds.small)}/messages/${messageId}`,
			query: [`api-version=${SDK_API_VERSION.chat}`],
			body: undefined,
			auth: memberAuth(),
		});
	});

	it.each(CHAT_AUTH_MODES)(
		'listMessages({maxPageSize, startTime}) following nextLink vs node getAll with %s',
		async (auth) => {
			const sdkIds: string[] = [];
			const sdk = await runSdk(async () => {
				for await (const message of threadClient().listMessages({
					maxPageSize: pageSize,
					startTime: new Date(startTime()),
				}))
					sdkIds.push(message.id);
			});
			const node = chatRequests(
				await runNode(auth, {
					resource: 'chatMessage',
					operation: 'getAll',
					chatUserId: member(),
					chatThreadId: chat().threadIds.small,
					returnAll: true,
					options: { maxPageSize: pageSize, startTime: startTime() },
				}),
			);
			expect(sdkIds).toHaveLength(4);
			expect(sdk).toHaveLength(2);
			expect(node).toHaveLength(2);
			// Same pairs, same encoding (startTime=2025-02-03T08%3A00%3A01.000Z); only their order in the raw
			// query string differs (SDK: maxPageSize, api-version, startTime; node: maxPageSize, startTime,
			// api-version), which is why the query is compared as a multiset. The nextLink is followed verbatim.
			for (const [index, request] of node.entries()) expectSameWire(sdk[index]!, request);
			expect(wire(node[0]!)).toMatchObject({
				method: 'GET',
				path: `/chat/threads/${encodeURIComponent(chat().threadIds.small)}/messages`,
				query: [
					`api-version=${SDK_API_VERSION.chat}`,
					`maxPageSize=${pageSize}`,
					`startTime=${new Date(startTime()).toISOString()}`,
				].sort(),
				auth: memberAuth(),
			});
		},
	);
});

// ---------------------------------------------------------------------------------------------

describe('call media: @azure/communication-call-automation start/stopMediaStreaming vs node callMedia', () => {
	const callConnectionId = () => emu().fixtures.acs.calls.activeCallConnectionId;
	type Action = 'startMediaStreaming' | 'stopMediaStreaming';
	const withFields = {
		operationCallbackUrl: 'https://hooks.example.com/acs?x=1',
		operationContext: 'order 42 ✓ "quoted"',
	};
	const cases: Array<[Action, boolean]> = [
		['startMediaStreaming', false],
		['startMediaStreaming', true],
		['stopMediaStreaming', false],
		['stopMediaStreaming', true],
	];
	const sdkCall = (client: CallAutomationClient, action: Action, fields: boolean) => async () => {
		const media = client.getCallConnection(callConnectionId()).getCallMedia();
		await media[action](fields ? withFields : {});
	};
	const nodeParameters = (action: Action, fields: boolean) => ({
		resource: 'callMedia',
		operation: action,
		callConnectionId: callConnectionId(),
		additionalFields: fields
			? {
					operationCallbackUri: withFields.operationCallbackUrl,
					operationContext: withFields.operationContext,
				}
			: {},
	});

	function expectSameCall(
		sdk: RecordedRequest,
		node: RecordedRequest,
		action: Action,
		fields: boolean,
	) {
		expectSameWire(sdk, node);
		expect(wire(node)).toMatchObject({
			method: 'POST',
			path: `/calling/callConnections/${callConnectionId()}:${action}`,
			query: [`api-version=${SDK_API_VERSION.calling}`],
			body: fields
				? {
						operationCallbackUri: withFields.operationCallbackUrl,
						operationContext: withFields.operationContext,
					}
				: {},
			contentType: 'application/json',
		});
		// Raw bytes: the same JSON text, key order included.
		expect(node.body.toString('utf8')).toBe(sdk.body.toString('utf8'));
	}

	const HMAC_CASES = HMAC_MODES.flatMap((auth) =>
		cases.map(([action, fields]) => [auth, action, fields] as const),
	);
	it.each(HMAC_CASES)(
		'connection string (HMAC) vs node with %s: %s, optional fields %p',
		async (auth, action, fields) => {
			const [sdk] = await runSdk(
				sdkCall(new CallAutomationClient(emu().acs.connectionString, insecure), action, fields),
			);
			const [node] = await runNode(auth, nodeParameters(action, fields));
			expectSameCall(sdk!, node!, action, fields);
			expect(wire(node!).auth).toEqual(hmacAuth);
		},
	);

	it.each(cases)(
		'TokenCredential (Entra) vs node with oAuth2: %s, optional fields %p',
		async (action, fields) => {
			const credential = new EmulatorEntraCredential(emu());
			const [sdk] = await runSdk(
				sdkCall(
					new CallAutomationClient(httpsUrl(emu()), credential, loopbackTlsShim()),
					action,
					fields,
				),
			);
			const [node] = await runNode('oAuth2', nodeParameters(action, fields));
			expectSameCall(sdk!, node!, action, fields);
			expect(wire(node!).auth).toEqual(entraAuth());
		},
	);

	it('headers the SDK and the node send beyond the compared ones (documented)', async () => {
		const [sdk] = await runSdk(
			sdkCall(
				new CallAutomationClient(emu().acs.connectionString, insecure),
				'startMediaStreaming',
				true,
			),
		);
		const [node] = await runNode('accessKey', nodeParameters('startMediaStreaming', true));
		// Media streaming calls carry no Repeatability-* headers in this SDK (only createCall/answerCall/… do);
		// the only extra header is the client request id, which the service echoes for tracing.
		expect(extraHeaderNames(sdk!, node!)).toEqual(['x-ms-client-request-id']);
		expect(extraHeaderNames(node!, sdk!)).toEqual([]);
	});
});

// ---------------------------------------------------------------------------------------------

describe('Entra: the scope the official ACS SDKs request', () => {
	/**
	 * Every ACS SDK asks its TokenCredential for `https://communication.azure.com//.default` (double slash;
	 * communication-common's createCommunicationAuthPolicy), and that scope works against real Entra ID.
	 * EmulatorEntraCredential records it (asserted above) but requests the canonical scope, so that the
	 * comparisons run; this test asks the emulator for the SDK's scope as-is.
	 */
	it("the emulator's token endpoint grants a client-credentials token for the SDK scope", async () => {
		const { tokenUrl, clientId, clientSecret } = emu().acs.entra;
		const form = new URLSearchParams({
			grant_type: 'client_credentials',
			client_id: clientId,
			client_secret: clientSecret,
			scope: 'https://communication.azure.com//.default',
		});
		const response = await rawRequest(tokenUrl, {
			method: 'POST',
			headers: { 'content-type': 'application/x-www-form-urlencoded' },
			body: form.toString(),
		});
		expect({
			status: response.status,
			body: response.status === 200 ? 'token' : response.body.toString(),
		}).toEqual({ status: 200, body: 'token' });
	});
});

// ---------------------------------------------------------------------------------------------

describe('WhatsApp: @azure-rest/communication-messages send/list templates vs node advancedMessage', () => {
	const whatsApp = () => emu().fixtures.acs.whatsApp;
	/** The SDK labels its JSON `; charset=utf-8`; JSON is UTF-8 by definition (RFC 8259), the bytes are the same. */
	const sdkContentType = (w: Wire) => ({ ...w, contentType: 'application/json; charset=utf-8' });
	const repeatabilityHeaders = () => ({
		'Repeatability-Request-ID': randomUUID(),
		'Repeatability-First-Sent': new Date().toUTCString(),
	});
	/** A request's repeatability headers: present on both sides; their values are per request. */
	const repeatability = (request: RecordedRequest) => ({
		id: /^[0-9a-f-]{36}$/.test(headerValue(request, 'repeatability-request-id') ?? ''),
		firstSent: !Number.isNaN(Date.parse(headerValue(request, 'repeatability-first-sent') ?? '')),
	});
	const cases: Array<[string, Record<string, unknown>, Record<string, unknown>]> = [
		[
			'text',
			{ messageType: 'text', content: 'Hello from n8n' },
			{ kind: 'text', content: 'Hello from n8n' },
		],
		[
			'image',
			{ messageType: 'image', mediaUrl: 'https://example.com/a.png', caption: 'hi' },
			{ kind: 'image', mediaUri: 'https://example.com/a.png', caption: 'hi' },
		],
		[
			'document',
			{
				messageType: 'document',
				mediaUrl: 'https://example.com/a.pdf',
				caption: 'Invoice',
				fileName: 'a.pdf',
			},
			{
				kind: 'document',
				mediaUri: 'https://example.com/a.pdf',
				caption: 'Invoice',
				fileName: 'a.pdf',
			},
		],
		[
			'template',
			{
				messageType: 'template',
				templateName: 'sample_issue_resolution',
				templateLanguage: 'en_US',
				templateParameters: {
					body: [{ name: 'customer', text: 'Ana' }],
					quickReplyButton: [
						{ name: 'yes', payload: 'solved' },
						{ name: 'no', payload: 'not solved' },
					],
				},
			},
			{
				kind: 'template',
				template: {
					name: 'sample_issue_resolution',
					language: 'en_US',
					values: [
						{ name: 'customer', kind: 'text', text: 'Ana' },
						{ name: 'yes', kind: 'quickAction', payload: 'solved' },
						{ name: 'no', kind: 'quickAction', payload: 'not solved' },
					],
					bindings: {
						kind: 'whatsApp',
						body: [{ refValue: 'customer' }],
						buttons: [
							{ subType: 'quickReply', refValue: 'yes' },
							{ subType: 'quickReply', refValue: 'no' },
						],
					},
				},
			},
		],
	];

	it.each(cases)(
		'send %s: connection string (HMAC) vs node with accessKey',
		async (_, parameters, content) => {
			const body = {
				channelRegistrationId: whatsApp().channelRegistrationId,
				to: [whatsApp().customers.recent],
				...content,
			};
			const [sdk] = await runSdk(async () => {
				const response = await MessageClient(emu().acs.connectionString, insecure)
					.path('/messages/notifications:send')
					.post({ body: body as never, headers: repeatabilityHeaders() });
				expect(response.status).toBe('202');
			});
			const [node] = await runNode('accessKey', {
				resource: 'advancedMessage',
				operation: 'send',
				channelRegistrationId: whatsApp().channelRegistrationId,
				to: whatsApp().customers.recent,
				...parameters,
			});
			expectSameWire(sdk!, node!, sdkContentType);
			expect(wire(node!)).toMatchObject({
				method: 'POST',
				path: '/messages/notifications:send',
				query: [`api-version=${SDK_API_VERSION.media}`],
				body,
				contentType: 'application/json',
				auth: hmacAuth,
			});
			expect(repeatability(node!)).toEqual(repeatability(sdk!));
			expect(repeatability(node!)).toEqual({ id: true, firstSent: true });
		},
	);

	it('send: TokenCredential (Entra) vs node with oAuth2', async () => {
		const credential = new EmulatorEntraCredential(emu());
		const client = MessageClient(httpsUrl(emu()), credential, loopbackTlsShim());
		client.pipeline.removePolicy({ name: 'bearerTokenAuthenticationPolicy' });
		client.pipeline.addPolicy(createCommunicationAuthPolicy(credential));
		const body = {
			channelRegistrationId: whatsApp().channelRegistrationId,
			to: [whatsApp().customers.recent],
			kind: 'text',
			content: 'Hello',
		};
		const [sdk] = await runSdk(async () => {
			const response = await client
				.path('/messages/notifications:send')
				.post({ body: body as never, headers: repeatabilityHeaders() });
			expect(response.status).toBe('202');
		});
		const [node] = await runNode('oAuth2', {
			resource: 'advancedMessage',
			operation: 'send',
			channelRegistrationId: whatsApp().channelRegistrationId,
			to: whatsApp().customers.recent,
			messageType: 'text',
			content: 'Hello',
		});
		expectSameWire(sdk!, node!, sdkContentType);
		expect(wire(node!).auth).toEqual(entraAuth());
	});

	it('list templates following nextLink vs node getTemplates', async () => {
		const pageSize = 10;
		const sdkNames: string[] = [];
		const sdk = await runSdk(async () => {
			const client = MessageClient(emu().acs.connectionString, insecure);
			const first = await client
				.path('/messages/channels/{channelId}/templates', whatsApp().channelRegistrationId)
				.get({ queryParameters: { maxpagesize: pageSize } });
			for await (const template of paginate(client, first))
				sdkNames.push((template as { name: string }).name);
		});
		const node = await runNode('accessKey', {
			resource: 'advancedMessage',
			operation: 'getTemplates',
			channelRegistrationId: whatsApp().channelRegistrationId,
			returnAll: true,
			options: { maxpagesize: pageSize },
		});
		expect(sdkNames).toEqual(whatsApp().templates.map((template) => template.name));
		expect(node).toHaveLength(sdk.length);
		for (const [index, request] of node.entries()) expectSameWire(sdk[index]!, request);
		expect(wire(node[0]!)).toMatchObject({
			method: 'GET',
			path: `/messages/channels/${whatsApp().channelRegistrationId}/templates`,
			query: [`api-version=${SDK_API_VERSION.media}`, `maxpagesize=${pageSize}`],
		});
	});
});

describe('chat: @azure/communication-chat sendMessage/updateMessage/deleteMessage vs node chatMessage', () => {
	const chat = () => emu().fixtures.acs.chat;
	const member = () => emu().fixtures.acs.users.member;
	const threadClient = () =>
		new ChatClient(
			httpsUrl(emu()),
			new AzureCommunicationTokenCredential(emu().issueUserToken(member()).token),
			loopbackTlsShim(),
		).getChatThreadClient(chat().threadIds.small);
	const node = (operation: string, extra: Record<string, unknown>) => ({
		resource: 'chatMessage',
		operation,
		chatUserId: member(),
		chatThreadId: chat().threadIds.small,
		...extra,
	});
	const chatRequests = (requests: RecordedRequest[]) =>
		requests.filter((request) => request.endpoint.startsWith('acs.chat.'));
	const messagePath = (id?: string) =>
		`/chat/threads/${encodeURIComponent(chat().threadIds.small)}/messages${id ? `/${id}` : ''}`;

	it('sendMessage vs node send', async () => {
		const sdk = await runSdk(
			async () =>
				await threadClient().sendMessage(
					{ content: 'hello' },
					{ senderDisplayName: 'Bot', type: 'text', metadata: { k: 'v' } },
				),
		);
		const nodeRequests = chatRequests(
			await runNode(
				'userAccessToken',
				node('send', {
					content: 'hello',
					options: {
						senderDisplayName: 'Bot',
						type: 'text',
						metadata: { entry: [{ key: 'k', value: 'v' }] },
					},
				}),
			),
		);
		expectSameWire(sdk[0]!, nodeRequests[0]!);
		expect(wire(nodeRequests[0]!)).toMatchObject({
			method: 'POST',
			path: messagePath(),
			query: [`api-version=${SDK_API_VERSION.chat}`],
			body: { content: 'hello', senderDisplayName: 'Bot', type: 'text', metadata: { k: 'v' } },
			contentType: 'application/json',
			auth: memberAuth(),
		});
	});

	it('updateMessage vs node update', async () => {
		const id = chat().smallThread.htmlWithAttachmentId;
		const sdk = await runSdk(
			async () => await threadClient().updateMessage(id, { content: 'new', metadata: { a: 'b' } }),
		);
		const nodeRequests = chatRequests(
			await runNode(
				'userAccessToken',
				node('update', {
					chatMessageId: id,
					updateFields: { content: 'new', metadata: { entry: [{ key: 'a', value: 'b' }] } },
				}),
			),
		);
		expectSameWire(sdk[0]!, nodeRequests[0]!);
		expect(wire(nodeRequests[0]!)).toMatchObject({
			method: 'PATCH',
			path: messagePath(id),
			body: { content: 'new', metadata: { a: 'b' } },
			contentType: 'application/merge-patch+json',
		});
	});

	it('deleteMessage vs node delete', async () => {
		const id = chat().smallThread.htmlWithAttachmentId;
		const sdk = await runSdk(async () => await threadClient().deleteMessage(id));
		emu().resetFixtures();
		const nodeRequests = chatRequests(
			await runNode('userAccessToken', node('delete', { chatMessageId: id })),
		);
		expectSameWire(sdk[0]!, nodeRequests[0]!);
		expect(wire(nodeRequests[0]!)).toMatchObject({
			method: 'DELETE',
			path: messagePath(id),
			body: undefined,
		});
	});
});

// ---------------------------------------------------------------------------------------------

describe('HMAC signatures the node sent, re-verified', () => {
	it('covers every HMAC endpoint the node uses', () => {
		expect(new Set(nodeHmacRequests.map((request) => request.endpoint))).toEqual(
			new Set([
				'acs.media.get',
				'acs.identity.issueAccessToken',
				'acs.calling.startMediaStreaming',
				'acs.calling.stopMediaStreaming',
				'acs.messages.send',
				'acs.messages.templates.list',
			]),
		);
		expect(sdkHmacRequests.length).toBeGreaterThan(0);
	});

	it('the independent recomputation agrees with what the SDKs themselves sent', () => {
		for (const request of sdkHmacRequests) {
			const recomputed = recomputeHmac(request, emu().acs.accessKey);
			expect({
				endpoint: request.endpoint,
				authorization: headerValue(request, 'authorization'),
			}).toEqual({ endpoint: request.endpoint, authorization: recomputed.authorization });
		}
	});

	it('every node signature equals the one recomputed from the recorded method, raw path+query, x-ms-date, host and body bytes', () => {
		for (const request of nodeHmacRequests) {
			const recomputed = recomputeHmac(request, emu().acs.accessKey);
			expect({
				endpoint: request.endpoint,
				hash: headerValue(request, 'x-ms-content-sha256'),
				authorization: headerValue(request, 'authorization'),
			}).toEqual({
				endpoint: request.endpoint,
				hash: recomputed.contentHash,
				authorization: recomputed.authorization,
			});
			expect(headerValue(request, 'host')).toBe(new URL(emu().url).host);
			expect(isSuccess(request)).toBe(true);
		}
	});

	it("@azure/communication-common's access-key policy signs each recorded node request identically", async () => {
		for (const request of nodeHmacRequests) {
			const sdk = await signWithSdkPolicy(request, emu().acs.accessKey);
			expect({
				endpoint: request.endpoint,
				date: sdk.date,
				hash: sdk.hash,
				authorization: sdk.authorization,
				host: sdk.host,
			}).toEqual({
				endpoint: request.endpoint,
				date: headerValue(request, 'x-ms-date'),
				hash: headerValue(request, 'x-ms-content-sha256'),
				authorization: headerValue(request, 'authorization'),
				host: headerValue(request, 'host'),
			});
		}
	});
});
