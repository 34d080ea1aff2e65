import { SmsClient, type SmsClientOptions } from '@azure/communication-sms';

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
 * Wire conformance of the node's SMS send with `@azure/communication-sms` 1.1.0 (SmsClient.send): both
 * go to the same emulator and the recorded requests must agree on method, raw path, query, body (with
 * the per-recipient repeatability values compared by presence and form, since each side makes its own),
 * content type and auth scheme. Every HMAC request the node sent is re-verified at the end.
 */

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => t.emulator.resetFixtures());

const emu = () => t.emulator;
/** @azure/communication-sms 1.1.0 sends 2021-03-07; the node defaults to 2026-01-23 and is set to the SDK's. */
const SDK_API_VERSION = '2021-03-07';

const nodeHmacRequests: RecordedRequest[] = [];

async function runNode(auth: AcsAuth, parameters: Record<string, unknown>) {
	let error: unknown;
	const requests = await recordRequests(emu(), async () => {
		error = (await t.runAcs(auth, parameters)).error;
	});
	expect(error).toBeUndefined();
	for (const request of requests)
		if (authSchemeOf(request).scheme === 'HMAC-SHA256') nodeHmacRequests.push(request);
	return requests;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const RFC1123 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;

/**
 * The wire with each recipient's repeatabilityRequestId and repeatabilityFirstSent replaced by their form
 * (key order kept), and the raw body bytes by the key order of the body, since the values differ per side.
 */
function normalized(w: Wire): Wire {
	const body = w.body as { smsRecipients?: Array<Record<string, unknown>> };
	const smsRecipients = body.smsRecipients?.map((recipient) =>
		Object.fromEntries(
			Object.entries(recipient).map(([key, value]) => [
				key,
				key === 'repeatabilityRequestId'
					? UUID.test(String(value)) && 'uuid'
					: key === 'repeatabilityFirstSent'
						? RFC1123.test(String(value)) && 'rfc1123'
						: value,
			]),
		),
	);
	const normalizedBody = { ...body, ...(smsRecipients && { smsRecipients }) };
	return {
		...w,
		body: normalizedBody,
		bodyHex: JSON.stringify(normalizedBody, (_, value: unknown) =>
			value && typeof value === 'object' && !Array.isArray(value) ? Object.keys(value) : value,
		),
	};
}

function expectSameWire(sdk: RecordedRequest, node: RecordedRequest) {
	expect(isSuccess(sdk)).toBe(true);
	expect({ endpoint: node.endpoint, success: isSuccess(node) }).toEqual({
		endpoint: sdk.endpoint,
		success: true,
	});
	expect(normalized(wire(node))).toEqual(normalized(wire(sdk)));
}

describe('SMS send: @azure/communication-sms SmsClient.send vs node sms/send', () => {
	const from = () => emu().fixtures.acs.phoneNumbers.main;
	const recipients = () => [emu().fixtures.acs.sms.customer, '+14255550124'];
	const nodeSend = (options: Record<string, unknown> = {}) => ({
		resource: 'sms',
		operation: 'send',
		from: from(),
		to: recipients().join(', '),
		message: 'Your order has shipped.',
		options: { apiVersion: SDK_API_VERSION, ...options },
	});

	it.each([
		['without options', {}, {}],
		[
			'with a delivery report and a tag',
			{ enableDeliveryReport: true, tag: 'order-42' },
			{ enableDeliveryReport: true, tag: 'order-42' },
		],
	])('%s: connection string (HMAC) vs node with accessKey', async (_, sdkOptions, nodeOptions) => {
		const [sdk] = await recordRequests(emu(), async () => {
			const client = new SmsClient(emu().acs.connectionString, {
				allowInsecureConnection: true,
			} as SmsClientOptions);
			const results = await client.send(
				{ from: from(), to: recipients(), message: 'Your order has shipped.' },
				sdkOptions,
			);
			expect(results.map((r) => r.successful)).toEqual([true, true]);
		});
		const [node] = await runNode('accessKey', nodeSend(nodeOptions));
		expectSameWire(sdk!, node!);
		expect(normalized(wire(node!))).toMatchObject({
			method: 'POST',
			path: '/sms',
			query: [`api-version=${SDK_API_VERSION}`],
			body: {
				from: from(),
				smsRecipients: recipients().map((to) => ({
					to,
					repeatabilityRequestId: 'uuid',
					repeatabilityFirstSent: 'rfc1123',
				})),
				message: 'Your order has shipped.',
				smsSendOptions: { enableDeliveryReport: false, ...sdkOptions },
			},
			auth: { scheme: 'HMAC-SHA256', signedHeaders: SIGNED_HEADERS },
		});
	});

	it('TokenCredential (Entra) vs node with oAuth2', async () => {
		const [sdk] = await recordRequests(emu(), async () => {
			const client = new SmsClient(
				httpsUrl(emu()),
				new EmulatorEntraCredential(emu()),
				loopbackTlsShim() as SmsClientOptions,
			);
			await client.send({ from: from(), to: recipients(), message: 'Your order has shipped.' });
		});
		const [node] = await runNode('oAuth2', nodeSend());
		expectSameWire(sdk!, node!);
		expect(wire(node!).auth).toMatchObject({ scheme: 'Bearer', token: 'entra' });
	});
});

describe('SMS: HMAC signatures the node sent, re-verified', () => {
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
