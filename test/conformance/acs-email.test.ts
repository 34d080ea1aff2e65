import {
	EmailClient,
	type EmailClientOptions,
	type EmailMessage,
} from '@azure/communication-email';

import type { RecordedRequest } from '../../emulator';
import { loopbackTlsShim } from '../emulator/helpers';
import { createTestContext, type AcsAuth, type TestContext } from '../nodes/context';
import {
	authSchemeOf,
	EmulatorEntraCredential,
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
 * Wire conformance of the node's email send with `@azure/communication-email` 1.1.0
 * (EmailClient.beginSend, which sends the message and polls its operation once): both go to the same
 * emulator, and the recorded send requests must agree on method, raw path, query, body (to the byte,
 * so in the SDK's field order), content type and auth scheme; the first poll of each on path shape and
 * query. Every HMAC request the node sent is re-verified at the end.
 */

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetFixtures();
	// The SDK polls right after the send; the emulator would answer that poll with a 429 otherwise.
	t.emulator.email.configure({ retryAfterSeconds: 0 });
});

const emu = () => t.emulator;
const fixtures = () => emu().fixtures.acs.email;
const nodeHmacRequests: RecordedRequest[] = [];

const invoice = Buffer.from('%PDF-1.4 invoice 42\n');
const logo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

/** The richest message the node can send: every field of the spec's EmailMessage. */
const sdkMessage = (): EmailMessage => ({
	headers: { 'x-priority': '1', 'x-order': '42' },
	senderAddress: fixtures().senderAddress,
	content: {
		subject: 'Your order has shipped',
		plainText: 'It arrives on Monday.',
		html: '<p>It arrives on Monday.</p><img src="cid:logo">',
	},
	recipients: {
		to: [{ address: fixtures().customer, displayName: 'Jane Doe' }],
		cc: [{ address: 'cc@fabrikam.example' }],
		bcc: [{ address: 'audit@contoso.example', displayName: 'Audit' }],
	},
	attachments: [
		{
			name: 'invoice.pdf',
			contentType: 'application/pdf',
			contentInBase64: invoice.toString('base64'),
		},
		{
			name: 'logo.png',
			contentType: 'image/png',
			contentInBase64: logo.toString('base64'),
			contentId: 'logo',
		},
	],
	replyTo: [{ address: 'support@contoso.example', displayName: 'Support' }],
	disableUserEngagementTracking: true,
});

const nodeSend = () => ({
	resource: 'email',
	operation: 'send',
	senderAddress: fixtures().senderAddress,
	to: `Jane Doe <${fixtures().customer}>`,
	subject: 'Your order has shipped',
	emailFormat: 'both',
	plainText: 'It arrives on Monday.',
	html: '<p>It arrives on Monday.</p><img src="cid:logo">',
	options: {
		cc: 'cc@fabrikam.example',
		bcc: 'Audit <audit@contoso.example>',
		replyTo: 'Support <support@contoso.example>',
		attachments: 'invoice',
		inlineAttachments: { attachment: [{ binaryPropertyName: 'logo', contentId: 'logo' }] },
		headers: {
			header: [
				{ name: 'x-priority', value: '1' },
				{ name: 'x-order', value: '42' },
			],
		},
		userEngagementTrackingDisabled: true,
	},
});

const nodeItems = [
	{
		json: {},
		binary: {
			invoice: { data: invoice, fileName: 'invoice.pdf', mimeType: 'application/pdf' },
			logo: { data: logo, fileName: 'logo.png', mimeType: 'image/png' },
		},
	},
];

async function runNode(auth: AcsAuth) {
	let error: unknown;
	const requests = await recordRequests(emu(), async () => {
		error = (await t.runAcs(auth, nodeSend(), { items: nodeItems })).error;
	});
	expect(error).toBeUndefined();
	for (const request of requests)
		if (authSchemeOf(request).scheme === 'HMAC-SHA256') nodeHmacRequests.push(request);
	return requests;
}

async function runSdk(client: EmailClient) {
	return await recordRequests(emu(), async () => {
		const poller = await client.beginSend(sdkMessage());
		expect(poller.getOperationState().status).not.toBe('failed');
	});
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * A poll with its operation ID (each side has its own) replaced by its form. The SDK's generated client
 * also labels this body-less GET `application/json`, which says nothing about a request without a body.
 */
function pollWire(request: RecordedRequest): Wire {
	const w = wire(request);
	const match = /^\/emails\/operations\/(.+)$/.exec(w.path);
	return {
		...w,
		contentType: w.bodyHex === '' ? undefined : w.contentType,
		path: match && UUID.test(match[1]) ? '/emails/operations/{uuid}' : w.path,
	};
}

function expectSameWire(sdk: RecordedRequest[], node: RecordedRequest[]) {
	const [sdkSend, sdkPoll] = sdk;
	const [nodeSend, nodePoll] = node;
	expect([sdkSend, sdkPoll].map((r) => [r.endpoint, isSuccess(r)])).toEqual([
		['acs.email.send', true],
		['acs.email.operation', true],
	]);
	expect([nodeSend, nodePoll].map((r) => [r.endpoint, isSuccess(r)])).toEqual([
		['acs.email.send', true],
		['acs.email.operation', true],
	]);
	expect(wire(nodeSend)).toEqual(wire(sdkSend));
	expect(pollWire(nodePoll)).toEqual(pollWire(sdkPoll));
}

describe('Email send: @azure/communication-email EmailClient.beginSend vs node email/send', () => {
	it('connection string (HMAC) vs node with accessKey, a message with every field', async () => {
		const sdk = await runSdk(
			new EmailClient(emu().acs.connectionString, {
				allowInsecureConnection: true,
			} as EmailClientOptions),
		);
		const node = await runNode('accessKey');
		expectSameWire(sdk, node);
		// The SDK's disableUserEngagementTracking goes on the wire as userEngagementTrackingDisabled.
		const { disableUserEngagementTracking, ...message } = sdkMessage();
		expect(wire(node[0])).toMatchObject({
			method: 'POST',
			path: '/emails:send',
			query: ['api-version=2025-09-01'],
			body: { ...message, userEngagementTrackingDisabled: disableUserEngagementTracking },
			contentType: 'application/json',
			auth: { scheme: 'HMAC-SHA256', signedHeaders: SIGNED_HEADERS },
		});
		// The node names its operation (the SDK does so only when asked to, with the same header).
		expect(headerValue(node[0], 'operation-id')).toMatch(UUID);
		expect(pollWire(node[1]).path).toBe('/emails/operations/{uuid}');
	});

	it('TokenCredential (Entra) vs node with oAuth2', async () => {
		const sdk = await runSdk(
			new EmailClient(
				httpsUrl(emu()),
				new EmulatorEntraCredential(emu()),
				loopbackTlsShim() as EmailClientOptions,
			),
		);
		const node = await runNode('oAuth2');
		expectSameWire(sdk, node);
		expect(wire(node[0]).auth).toMatchObject({ scheme: 'Bearer', token: 'entra' });
	});

	it('the SDK sends a chosen operation ID in the header the node uses', async () => {
		const operationId = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
		const [sdkSend] = await recordRequests(emu(), async () => {
			const client = new EmailClient(emu().acs.connectionString, {
				allowInsecureConnection: true,
			} as EmailClientOptions);
			await client.beginSend(sdkMessage(), { operationId });
		});
		expect(headerValue(sdkSend, 'operation-id')).toBe(operationId);
	});
});

describe('Email: HMAC signatures the node sent, re-verified', () => {
	it('every node signature equals the recomputed one and the SDK policy signs alike', async () => {
		expect(nodeHmacRequests.length).toBeGreaterThan(0);
		for (const request of nodeHmacRequests) {
			const recomputed = recomputeHmac(request, emu().acs.accessKey);
			expect({
				hash: headerValue(request, 'x-ms-content-sha256'),
				authorization: headerValue(request, 'authorization'),
			}).toEqual({ hash: recomputed.contentHash, authorization: recomputed.authorization });
			const sdk = await signWithSdkPolicy(request, emu().acs.accessKey);
			expect(sdk.authorization).toBe(headerValue(request, 'authorization'));
		}
	});
});
