/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { CommunicationServiceManagementClient } from '@azure/arm-communication';
import { EventGridManagementClient } from '@azure/arm-eventgrid';
import type { TokenCredential } from '@azure/core-auth';
import { EventGridDeserializer } from '@azure/eventgrid';
import { startEmulator, type Emulator } from '../../emulator';
import { entraToken, loopbackTlsShim } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.resetFixtures();
	emu.resetCounters();
	emu.arm.configure({ handshakeRetryDelayMs: 20 });
});

const EG = 'api-version=2025-02-15';
const ACS_VERSION = 'api-version=2026-03-18';
const CONTRIBUTOR = 'EventGrid EventSubscription Contributor';
const arm = () => emu.fixtures.arm;

interface SinkRequest {
	method: string;
	url: string;
	headers: IncomingHttpHeaders;
	body: string;
}

interface Sink {
	url: string;
	requests: SinkRequest[];
	close(): Promise<void>;
}

type Answer = (request: SinkRequest) => { status: number; body?: string } | 'hang';

/** Answers Event Grid's validation as a webhook does: 200 with the code it was sent. */
const handshakeAnswer: Answer = (request) => {
	const events = JSON.parse(request.body || '[]') as Array<{ data?: { validationCode?: string } }>;
	const code = events[0]?.data?.validationCode;
	return code
		? { status: 200, body: JSON.stringify({ validationResponse: code }) }
		: { status: 200 };
};

const sinks: Sink[] = [];
afterEach(async () => {
	await Promise.all(sinks.splice(0).map((s) => s.close()));
});

async function startSink(answer: Answer = handshakeAnswer): Promise<Sink> {
	const requests: SinkRequest[] = [];
	const server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c: Buffer) => chunks.push(c));
		req.on('end', () => {
			const request = {
				method: req.method ?? '',
				url: req.url ?? '',
				headers: req.headers,
				body: Buffer.concat(chunks).toString(),
			};
			requests.push(request);
			const reply = answer(request);
			if (reply === 'hang') return;
			res.writeHead(reply.status, { 'content-type': 'application/json' });
			res.end(reply.body ?? '');
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	const sink: Sink = {
		url: `http://127.0.0.1:${port}/webhook/abc`,
		requests,
		close: () =>
			new Promise<void>((resolve) => {
				server.closeAllConnections();
				server.close(() => resolve());
			}),
	};
	sinks.push(sink);
	return sink;
}

async function token(scope = emu.arm.scope, e: Emulator = emu): Promise<string> {
	return entraToken({ acs: { entra: { ...e.acs.entra, scope } } });
}

/** What the tests read from Resource Manager's answers (errors, lists, operations, event subscriptions). */
interface ArmBody {
	error: { code: string; message: string };
	value: Array<{ id: string; name: string; displayName: string }>;
	nextLink?: string;
	id: string;
	name: string;
	status: string;
	endpointUrl: string;
	properties: {
		provisioningState: string;
		destination: { properties: Record<string, unknown> };
	};
}

async function call(
	method: string,
	pathAndQuery: string,
	options: { body?: unknown; bearer?: string | null; e?: Emulator } = {},
) {
	const e = options.e ?? emu;
	const bearer = options.bearer === undefined ? await token(undefined, e) : options.bearer;
	const response = await fetch(`${e.url}${pathAndQuery}`, {
		method,
		headers: {
			...(bearer !== null && { authorization: `Bearer ${bearer}` }),
			...(options.body !== undefined && { 'content-type': 'application/json' }),
		},
		body: options.body === undefined ? undefined : JSON.stringify(options.body),
	});
	const text = await response.text();
	return {
		status: response.status,
		headers: response.headers,
		body: (text ? JSON.parse(text) : undefined) as ArmBody,
	};
}

const subscriptionPath = (name: string, scope = arm().acsResourceId) =>
	`${scope}/providers/Microsoft.EventGrid/eventSubscriptions/${name}`;

const properties = (endpointUrl: string, eventTypes: string[] | null = null) => ({
	properties: {
		destination: {
			endpointType: 'WebHook',
			properties: { endpointUrl, maxEventsPerBatch: 1, preferredBatchSizeInKilobytes: 64 },
		},
		filter: { includedEventTypes: eventTypes },
		eventDeliverySchema: 'EventGridSchema',
		retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
		labels: ['n8n'],
	},
});

async function waitForOperation(asyncOperation: string) {
	const path = asyncOperation.slice(emu.url.length);
	for (let i = 0; i < 200; i++) {
		const status = await call('GET', path);
		if (status.body.status !== 'InProgress') return status.body;
		await new Promise((resolve) => setTimeout(resolve, 10));
	}
	throw new Error('the operation did not finish');
}

async function create(name: string, endpointUrl: string, eventTypes: string[] | null = null) {
	const put = await call('PUT', `${subscriptionPath(name)}?${EG}`, {
		body: properties(endpointUrl, eventTypes),
	});
	expect(put.status).toBe(201);
	return waitForOperation(put.headers.get('azure-asyncoperation')!);
}

describe('Resource Manager tokens', () => {
	test('the management scope (every form a credential asks for) gets a token for Resource Manager', async () => {
		for (const scope of [
			'https://management.azure.com/.default',
			'https://management.azure.com//.default',
			`${emu.url}/.default`,
		]) {
			const payload = JSON.parse(
				Buffer.from((await token(scope)).split('.')[1]!, 'base64url').toString(),
			) as Record<string, unknown>;
			expect(payload).toMatchObject({
				aud: 'https://management.azure.com/',
				appid: emu.acs.entra.clientId,
				tid: emu.acs.entra.tenantId,
				idtyp: 'app',
			});
		}
		expect(emu.arm).toMatchObject({
			resourceManagerUrl: emu.url,
			scope: 'https://management.azure.com/.default',
		});
	});

	test('ACS refuses a Resource Manager token; Resource Manager refuses an ACS token', async () => {
		const acs = await fetch(`${emu.url}/identities?api-version=2025-06-30`, {
			method: 'POST',
			headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
			body: '{}',
		});
		expect(acs.status).toBe(401);
		expect(((await acs.json()) as { error: { code: string } }).error.code).toBe(
			'InvalidAuthenticationToken',
		);
		const communication = await token(emu.acs.entra.scope);
		const refused = await call('GET', '/subscriptions?api-version=2022-12-01', {
			bearer: communication,
		});
		expect(refused.status).toBe(401);
		expect(refused.body.error.code).toBe('InvalidAuthenticationToken');
		expect(refused.body.error.message).toMatch(/^The access token is invalid/);
	});

	test('no token, a forged one and an expired one are refused with 401', async () => {
		const missing = await call('GET', '/subscriptions?api-version=2022-12-01', { bearer: null });
		expect(missing.status).toBe(401);
		expect(missing.body.error.code).toBe('AuthenticationFailed');
		// The signature's first character: the last one may only carry padding bits, which decode the same.
		const [head, payload, signature] = (await token()).split('.');
		const forged = `${head}.${payload}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
		const bad = await call('GET', '/subscriptions?api-version=2022-12-01', { bearer: forged });
		expect(bad.status).toBe(401);
		expect(bad.body.error).toEqual({
			code: 'InvalidAuthenticationToken',
			message: 'The access token is invalid.',
		});
		const shortLived = await startEmulator({ entraTokenLifetimeSeconds: 0 });
		try {
			const expired = await call('GET', '/subscriptions?api-version=2022-12-01', {
				e: shortLived,
				bearer: await token(undefined, shortLived),
			});
			expect(expired.status).toBe(401);
			expect(expired.body.error).toEqual({
				code: 'InvalidAuthenticationToken',
				message: 'The access token has expired.',
			});
		} finally {
			await shortLived.close();
		}
	});
});

describe('Resource Manager: subscriptions and ACS resources', () => {
	test('api-version is required and checked on every route', async () => {
		const missing = await call('GET', '/subscriptions');
		expect(missing.status).toBe(400);
		expect(missing.body.error.code).toBe('MissingApiVersionParameter');
		const wrong = await call('GET', `${subscriptionPath('abc')}?api-version=2020-01-01`);
		expect(wrong.status).toBe(400);
		expect(wrong.body.error.code).toBe('InvalidApiVersionParameter');
		for (const version of ['2025-02-15', '2022-06-15']) {
			const ok = await call(
				'GET',
				`${arm().acsResourceId}/providers/Microsoft.EventGrid/eventSubscriptions?api-version=${version}`,
			);
			expect(ok.status).toBe(200);
		}
	});

	test('GET /subscriptions lists both subscriptions of the tenant', async () => {
		const list = await call('GET', '/subscriptions?api-version=2022-12-01');
		expect(list.status).toBe(200);
		expect(list.body.value).toEqual(
			arm().subscriptions.map((s) =>
				expect.objectContaining({
					id: `/subscriptions/${s.subscriptionId}`,
					subscriptionId: s.subscriptionId,
					displayName: s.displayName,
					state: 'Enabled',
					tenantId: emu.acs.entra.tenantId,
				}),
			),
		);
		expect(list.body.value.map((s: { displayName: string }) => s.displayName)).toEqual([
			'Contoso Production',
			'Contoso Test',
		]);
	});

	test('communicationServices by subscription pages (10 a page) through every resource', async () => {
		const seen: Array<Record<string, unknown>> = [];
		let next: string | undefined =
			`/subscriptions/${arm().subscriptionId}/providers/Microsoft.Communication/communicationServices?${ACS_VERSION}`;
		let pages = 0;
		while (next) {
			const page = await call('GET', next);
			expect(page.status).toBe(200);
			seen.push(...page.body.value);
			pages++;
			next = page.body.nextLink ? (page.body.nextLink as string).slice(emu.url.length) : undefined;
			if (next) expect(page.body.nextLink).toMatch(/\$skipToken=/);
		}
		expect(pages).toBe(Math.ceil(arm().acsResources.length / 10));
		expect(seen.map((r) => r.id)).toEqual(arm().acsResources.map((r) => r.id));
		expect(seen[0]).toEqual({
			id: arm().acsResourceId,
			name: arm().acsResourceName,
			type: 'Microsoft.Communication/CommunicationServices',
			location: 'global',
			tags: {},
			properties: expect.objectContaining({
				hostName: new URL(emu.url).host,
				immutableResourceId: emu.fixtures.acs.resourceId,
				dataLocation: 'United States',
				provisioningState: 'Succeeded',
			}),
		});
	});

	test('by resource group, in another subscription, in an unknown one', async () => {
		const group = arm().resourceGroups[1]!;
		const byGroup = await call(
			'GET',
			`/subscriptions/${arm().subscriptionId}/resourceGroups/${group}/providers/Microsoft.Communication/communicationServices?${ACS_VERSION}`,
		);
		expect(byGroup.body.value.map((r: { name: string }) => r.name)).toEqual(
			arm()
				.acsResources.filter((r) => r.resourceGroup === group)
				.map((r) => r.name),
		);
		const empty = await call(
			'GET',
			`/subscriptions/${arm().testSubscriptionId}/providers/Microsoft.Communication/communicationServices?${ACS_VERSION}`,
		);
		expect(empty.body).toEqual({ value: [] });
		const unknown = await call(
			'GET',
			`/subscriptions/${arm().unknownSubscriptionId}/providers/Microsoft.Communication/communicationServices?${ACS_VERSION}`,
		);
		expect(unknown.status).toBe(404);
		expect(unknown.body.error.code).toBe('SubscriptionNotFound');
	});

	test('GET one resource (case-insensitive path, as Resource Manager); 404 for an unknown name', async () => {
		const one = await call(
			'GET',
			`${arm().acsResourceId.replace('communicationServices', 'CommunicationServices').toLowerCase().replace(arm().subscriptionId, arm().subscriptionId)}?api-version=2023-04-01`,
		);
		expect(one.status).toBe(200);
		expect(one.body.id).toBe(arm().acsResourceId);
		const missingId = arm().acsResourceId.replace(/contoso-acs$/, 'nope-acs');
		const missing = await call('GET', `${missingId}?${ACS_VERSION}`);
		expect(missing.status).toBe(404);
		expect(missing.body.error.code).toBe('ResourceNotFound');
		expect(missing.body.error.message).toMatch(
			`The Resource 'Microsoft.Communication/communicationServices/nope-acs' under resource group '${arm().resourceGroup}' was not found.`,
		);
	});
});

describe('Event Grid subscriptions on the ACS resource', () => {
	test('PUT answers 201 Creating, the emulator performs the handshake on the full URL, the operation succeeds', async () => {
		const sink = await startSink();
		const endpointUrl = `${sink.url}?secret=s3cr3t-value`;
		const put = await call('PUT', `${subscriptionPath('n8n-abc')}?${EG}`, {
			body: properties(endpointUrl, ['Microsoft.Communication.SMSReceived']),
		});
		expect(put.status).toBe(201);
		expect(put.headers.get('location')).toBeNull();
		const asyncOperation = put.headers.get('azure-asyncoperation')!;
		expect(asyncOperation).toMatch(
			new RegExp(
				`^${emu.url}/subscriptions/${arm().subscriptionId}/providers/Microsoft\\.EventGrid/locations/global/operationsStatus/[0-9a-f-]{36}\\?api-version=2025-02-15$`,
			),
		);
		expect(put.body).toEqual({
			id: `${arm().acsResourceId}/providers/Microsoft.EventGrid/eventSubscriptions/n8n-abc`,
			name: 'n8n-abc',
			type: 'Microsoft.EventGrid/eventSubscriptions',
			properties: {
				topic: arm().acsResourceId,
				provisioningState: 'Creating',
				destination: {
					endpointType: 'WebHook',
					properties: {
						endpointUrl: null,
						endpointBaseUrl: sink.url,
						maxEventsPerBatch: 1,
						preferredBatchSizeInKilobytes: 64,
					},
				},
				filter: expect.objectContaining({
					includedEventTypes: ['Microsoft.Communication.SMSReceived'],
				}),
				labels: ['n8n'],
				eventDeliverySchema: 'EventGridSchema',
				retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
			},
		});
		const operation = await waitForOperation(asyncOperation);
		expect(operation).toMatchObject({
			status: 'Succeeded',
			name: asyncOperation.split('/').pop()!.split('?')[0],
		});
		expect(operation.error).toBeUndefined();
		expect(sink.requests).toHaveLength(1);
		const [handshake] = sink.requests;
		expect(handshake!.url).toBe('/webhook/abc?secret=s3cr3t-value');
		expect(handshake!.headers['aeg-event-type']).toBe('SubscriptionValidation');
		const events = JSON.parse(handshake!.body) as Array<Record<string, unknown>>;
		expect(events).toHaveLength(1);
		expect(events[0]).toMatchObject({
			eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
			topic: arm().acsResourceId,
			data: { validationCode: expect.any(String), validationUrl: expect.any(String) },
		});

		const got = await call('GET', `${subscriptionPath('n8n-abc')}?${EG}`);
		expect(got.body.properties.provisioningState).toBe('Succeeded');
		expect(got.body.properties.destination.properties).toMatchObject({
			endpointUrl: null,
			endpointBaseUrl: sink.url,
		});
		expect(JSON.stringify(got.body)).not.toContain('s3cr3t');
		const full = await call('POST', `${subscriptionPath('n8n-abc')}/getFullUrl?${EG}`);
		expect(full.body).toEqual({ endpointUrl });
		expect(emu.arm.eventSubscriptions()).toEqual([
			{
				name: 'n8n-abc',
				scope: arm().acsResourceId,
				endpointUrl,
				endpointBaseUrl: sink.url,
				includedEventTypes: ['Microsoft.Communication.SMSReceived'],
				eventDeliverySchema: 'EventGridSchema',
				provisioningState: 'Succeeded',
				labels: ['n8n'],
			},
		]);
		expect(emu.counts()).toMatchObject({
			'arm.eventSubscriptions.put': 1,
			'arm.eventSubscriptions.get': 1,
			'arm.eventSubscriptions.getFullUrl': 1,
		});
	});

	test('a PUT on an existing name updates it (Updating, a new handshake)', async () => {
		const sink = await startSink();
		await create('n8n-update', `${sink.url}?secret=one`);
		const put = await call('PUT', `${subscriptionPath('n8n-update')}?${EG}`, {
			body: properties(`${sink.url}?secret=two`, ['Microsoft.Communication.IncomingCall']),
		});
		expect(put.status).toBe(201);
		expect(put.body.properties.provisioningState).toBe('Updating');
		expect((await waitForOperation(put.headers.get('azure-asyncoperation')!)).status).toBe(
			'Succeeded',
		);
		expect(sink.requests.map((r) => r.url)).toEqual([
			'/webhook/abc?secret=one',
			'/webhook/abc?secret=two',
		]);
		expect(emu.arm.eventSubscriptions()).toEqual([
			expect.objectContaining({
				endpointUrl: `${sink.url}?secret=two`,
				includedEventTypes: ['Microsoft.Communication.IncomingCall'],
				provisioningState: 'Succeeded',
			}),
		]);
	});

	test('a refused handshake is retried once, then the operation fails naming the full URL', async () => {
		const sink = await startSink(() => ({ status: 403, body: '{"error":"no"}' }));
		const endpointUrl = `${sink.url}?secret=leaky`;
		const operation = await create('n8n-refused', endpointUrl);
		expect(operation.status).toBe('Failed');
		expect(operation.error.code).toBe('Url validation');
		expect(operation.error.message).toMatch(
			`Webhook validation handshake failed for ${endpointUrl}. Http POST request failed with response code 403. For troubleshooting, visit https://aka.ms/esvalidation.`,
		);
		expect(sink.requests).toHaveLength(2);
		const got = await call('GET', `${subscriptionPath('n8n-refused')}?${EG}`);
		expect(got.body.properties.provisioningState).toBe('Failed');
	});

	test('202 and a wrong code fail the handshake too; a webhook that never answers fails with code Unknown', async () => {
		const accepted = await startSink(() => ({ status: 202 }));
		expect((await create('n8n-202', accepted.url)).error.message).toMatch(
			'failed with response code 202',
		);
		const wrongCode = await startSink(() => ({
			status: 200,
			body: JSON.stringify({ validationResponse: 'not-the-code' }),
		}));
		expect((await create('n8n-wrong-code', wrongCode.url)).error.message).toMatch(
			'without the validation code',
		);
		emu.arm.configure({ handshakeTimeoutMs: 100 });
		const silent = await startSink(() => 'hang');
		const operation = await create('n8n-silent', silent.url);
		expect(operation.error.message).toMatch(
			`Webhook validation handshake failed for ${silent.url}. Http POST request failed with response code Unknown.`,
		);
		expect(silent.requests).toHaveLength(2);
	});

	test('the handshake waits operationDelayMs; the operation is InProgress meanwhile', async () => {
		emu.arm.configure({ operationDelayMs: 300 });
		const sink = await startSink();
		const put = await call('PUT', `${subscriptionPath('n8n-slow')}?${EG}`, {
			body: properties(sink.url),
		});
		const path = put.headers.get('azure-asyncoperation')!.slice(emu.url.length);
		expect((await call('GET', path)).body.status).toBe('InProgress');
		expect(sink.requests).toHaveLength(0);
		expect((await waitForOperation(put.headers.get('azure-asyncoperation')!)).status).toBe(
			'Succeeded',
		);
	});

	test('DELETE answers 202 with Azure-AsyncOperation and Location; the subscription is gone after the delay; 204 when absent', async () => {
		emu.arm.configure({ deleteDelayMs: 100 });
		const sink = await startSink();
		await create('n8n-delete', sink.url);
		const deleted = await call('DELETE', `${subscriptionPath('n8n-delete')}?${EG}`);
		expect(deleted.status).toBe(202);
		expect(deleted.headers.get('location')).toMatch(
			/\/operationResults\/[0-9a-f-]{36}\?api-version=2025-02-15$/,
		);
		const asyncOperation = deleted.headers.get('azure-asyncoperation')!;
		const during = await call('GET', `${subscriptionPath('n8n-delete')}?${EG}`);
		expect(during.body.properties.provisioningState).toBe('Deleting');
		const result = await call('GET', deleted.headers.get('location')!.slice(emu.url.length));
		expect(result.status).toBe(202);
		expect((await waitForOperation(asyncOperation)).status).toBe('Succeeded');
		expect((await call('GET', deleted.headers.get('location')!.slice(emu.url.length))).status).toBe(
			204,
		);
		const after = await call('GET', `${subscriptionPath('n8n-delete')}?${EG}`);
		expect(after.status).toBe(404);
		expect(after.body.error.code).toBe('ResourceNotFound');
		const again = await call('DELETE', `${subscriptionPath('n8n-delete')}?${EG}`);
		expect(again.status).toBe(204);
		expect(emu.arm.eventSubscriptions()).toEqual([]);
	});

	test('list by resource: $top pages, $filter on the name', async () => {
		const sink = await startSink();
		for (const name of ['n8n-one', 'n8n-two', 'other-three']) await create(name, sink.url);
		const base = `${arm().acsResourceId}/providers/Microsoft.EventGrid/eventSubscriptions`;
		const first = await call('GET', `${base}?${EG}&$top=2`);
		expect(first.body.value.map((s: { name: string }) => s.name)).toEqual(['n8n-one', 'n8n-two']);
		const second = await call('GET', (first.body.nextLink as string).slice(emu.url.length));
		expect(second.body.value.map((s: { name: string }) => s.name)).toEqual(['other-three']);
		expect(second.body.nextLink).toBeUndefined();
		const contains = await call(
			'GET',
			`${base}?${EG}&$filter=${encodeURIComponent("contains(name,'N8N')")}`,
		);
		expect(contains.body.value.map((s: { name: string }) => s.name)).toEqual([
			'n8n-one',
			'n8n-two',
		]);
		const eq = await call(
			'GET',
			`${base}?${EG}&$filter=${encodeURIComponent("name eq 'other-three'")}`,
		);
		expect(eq.body.value.map((s: { name: string }) => s.name)).toEqual(['other-three']);
		expect(JSON.stringify(first.body)).not.toContain('?secret');
		for (const bad of [
			'$top=0',
			'$top=101',
			`$filter=${encodeURIComponent("startswith(name,'x')")}`,
		]) {
			const refused = await call('GET', `${base}?${EG}&${bad}`);
			expect(refused.status).toBe(400);
		}
		const elsewhere = await call(
			'GET',
			`${arm().acsResources[1]!.id}/providers/Microsoft.EventGrid/eventSubscriptions?${EG}`,
		);
		expect(elsewhere.body.value).toEqual([]);
	});

	test.each([
		[
			'a non-loopback http URL',
			'n8n-http',
			properties('http://n8n.example.com/webhook/x?secret=1'),
			/not https: Event Grid delivers only to HTTPS webhooks/,
		],
		[
			'an unknown event type',
			'n8n-type',
			properties('https://n8n.example.com/webhook/x', [
				'Microsoft.Communication.SMSReceived',
				'Microsoft.Communication.Nope',
			]),
			/'Microsoft\.Communication\.Nope'/,
		],
		[
			'a bad name',
			'n8n_bad!',
			properties('https://n8n.example.com/webhook/x'),
			/name 'n8n_bad!' is invalid/,
		],
		[
			'a name too short',
			'ab',
			properties('https://n8n.example.com/webhook/x'),
			/3 to 64 characters/,
		],
		[
			'an unknown schema',
			'n8n-schema',
			{
				properties: {
					...properties('https://n8n.example.com/x').properties,
					eventDeliverySchema: 'Xml',
				},
			},
			/eventDeliverySchema must be one of EventGridSchema, CloudEventSchemaV1_0, CustomInputSchema/,
		],
		[
			'another destination',
			'n8n-queue',
			{ properties: { destination: { endpointType: 'StorageQueue', properties: {} } } },
			/use WebHook/,
		],
		[
			'no endpoint URL',
			'n8n-nourl',
			{ properties: { destination: { endpointType: 'WebHook', properties: {} } } },
			/endpointUrl is required/,
		],
	])('400 InvalidRequest for %s', async (_label, name, body, message) => {
		const put = await call('PUT', `${subscriptionPath(name)}?${EG}`, { body });
		expect(put.status).toBe(400);
		expect(put.body.error.code).toBe('InvalidRequest');
		expect(put.body.error.message).toMatch(message);
		expect(put.body.error.message).not.toContain('secret=');
		expect(emu.arm.eventSubscriptions()).toEqual([]);
	});

	test('https and the loopback http forms are accepted', async () => {
		for (const [name, url] of [
			['n8n-https', 'https://n8n.example.com/webhook/x'],
			['n8n-localhost', 'http://localhost:5678/webhook/x'],
			['n8n-v6', 'http://[::1]:5678/webhook/x'],
		] as const) {
			const put = await call('PUT', `${subscriptionPath(name)}?${EG}`, { body: properties(url) });
			expect(put.status).toBe(201);
		}
	});

	test('an event subscription on an unknown ACS resource: 404 ResourceNotFound', async () => {
		const scope = arm().acsResourceId.replace(/contoso-acs$/, 'nope-acs');
		const put = await call('PUT', `${subscriptionPath('n8n-x', scope)}?${EG}`, {
			body: properties('https://n8n.example.com/x'),
		});
		expect(put.status).toBe(404);
		expect(put.body.error.code).toBe('ResourceNotFound');
	});
});

describe('Resource Manager roles', () => {
	// In this order: get and getFullUrl before anything exists, then create, then delete.
	const routes = () => ({
		subscriptions: ['GET', '/subscriptions?api-version=2022-12-01'],
		acsList: [
			'GET',
			`/subscriptions/${arm().subscriptionId}/providers/Microsoft.Communication/communicationServices?${ACS_VERSION}`,
		],
		acsGet: ['GET', `${arm().acsResourceId}?${ACS_VERSION}`],
		esList: [
			'GET',
			`${arm().acsResourceId}/providers/Microsoft.EventGrid/eventSubscriptions?${EG}`,
		],
		esGet: ['GET', `${subscriptionPath('n8n-rbac')}?${EG}`],
		esFullUrl: ['POST', `${subscriptionPath('n8n-rbac')}/getFullUrl?${EG}`],
		esPut: ['PUT', `${subscriptionPath('n8n-rbac')}?${EG}`],
		esDelete: ['DELETE', `${subscriptionPath('n8n-rbac')}?${EG}`],
	});
	type Key = keyof ReturnType<typeof routes>;

	async function statuses(): Promise<Record<Key, number>> {
		const result = {} as Record<Key, number>;
		for (const [key, [method, path]] of Object.entries(routes()) as Array<[Key, string[]]>) {
			const body = method === 'PUT' ? properties('https://n8n.example.com/webhook/x') : undefined;
			result[key] = (await call(method!, path!, { body })).status;
		}
		return result;
	}

	test.each([
		[
			[CONTRIBUTOR, 'Reader'],
			{
				subscriptions: 200,
				acsList: 200,
				acsGet: 200,
				esList: 200,
				esGet: 404,
				esFullUrl: 404,
				esPut: 201,
				esDelete: 202,
			},
		],
		[
			['Reader'],
			{
				subscriptions: 200,
				acsList: 200,
				acsGet: 200,
				esList: 200,
				esGet: 404,
				esFullUrl: 403,
				esPut: 403,
				esDelete: 403,
			},
		],
		[
			[CONTRIBUTOR],
			{
				subscriptions: 403,
				acsList: 403,
				acsGet: 403,
				esList: 200,
				esGet: 404,
				esFullUrl: 404,
				esPut: 201,
				esDelete: 202,
			},
		],
		[
			[],
			{
				subscriptions: 403,
				acsList: 403,
				acsGet: 403,
				esList: 403,
				esGet: 403,
				esFullUrl: 403,
				esPut: 403,
				esDelete: 403,
			},
		],
	] as const)('roles %j', async (roles, expected) => {
		emu.arm.configure({ roles: [...roles] });
		expect(await statuses()).toEqual(expected);
	});

	test('the 403 names the client, the action and the scope', async () => {
		emu.arm.configure({ roles: ['Reader'] });
		const put = await call('PUT', `${subscriptionPath('n8n-rbac')}?${EG}`, {
			body: properties('https://n8n.example.com/webhook/x'),
		});
		expect(put.body.error).toEqual({
			code: 'AuthorizationFailed',
			message: `The client '${emu.acs.entra.clientId}' with object id '${'5f0b3c1a-0000-4000-8000-00000000a99b'}' does not have authorization to perform action 'Microsoft.EventGrid/eventSubscriptions/write' over scope '${subscriptionPath('n8n-rbac')}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
		});
		emu.arm.configure({ roles: [CONTRIBUTOR] });
		const list = await call(
			'GET',
			`/subscriptions/${arm().subscriptionId}/providers/Microsoft.Communication/communicationServices?${ACS_VERSION}`,
		);
		expect(list.body.error.message).toMatch(
			`perform action 'Microsoft.Communication/communicationServices/read' over scope '/subscriptions/${arm().subscriptionId}'`,
		);
		expect(() => emu.arm.configure({ roles: ['Owner' as never] })).toThrow(/unknown roles Owner/);
	});

	test('resetFixtures restores both roles and forgets every event subscription', async () => {
		const sink = await startSink();
		await create('n8n-reset', sink.url);
		emu.arm.configure({ roles: [] });
		emu.resetFixtures();
		expect(emu.arm.eventSubscriptions()).toEqual([]);
		expect((await call('GET', '/subscriptions?api-version=2022-12-01')).status).toBe(200);
	});
});

describe('Event Grid delivers through the subscriptions the emulator holds', () => {
	test('publish reaches only the Succeeded subscriptions whose event types match, secret included', async () => {
		const sms = await startSink();
		const calls = await startSink();
		const everything = await startSink();
		await create('n8n-sms', `${sms.url}?secret=sms-secret`, [
			'Microsoft.Communication.SMSReceived',
		]);
		await create('n8n-calls', `${calls.url}?secret=call-secret`, [
			'Microsoft.Communication.IncomingCall',
		]);
		await create('n8n-all', `${everything.url}?secret=all-secret`, null);
		const refused = await startSink(() => ({ status: 403 }));
		await create('n8n-failed', refused.url, ['Microsoft.Communication.SMSReceived']);

		const results = await emu.eventGrid.publish('eventgrid-sms-received');
		expect(results).toEqual([
			{ subscription: 'n8n-sms', status: 200, body: '' },
			{ subscription: 'n8n-all', status: 200, body: '' },
		]);
		const notification = (sink: Sink) => sink.requests.filter((r) => r.method === 'POST').slice(1);
		expect(notification(calls)).toEqual([]);
		expect(refused.requests).toHaveLength(2); // the handshake and its retry, no event
		const [toSms] = notification(sms);
		const [toAll] = notification(everything);
		expect(toSms!.url).toBe('/webhook/abc?secret=sms-secret');
		expect(toAll!.url).toBe('/webhook/abc?secret=all-secret');
		expect(toSms!.headers).toMatchObject({
			'aeg-event-type': 'Notification',
			'aeg-subscription-name': 'N8N-SMS',
		});
		const events = await new EventGridDeserializer().deserializeEventGridEvents(
			JSON.parse(toSms!.body),
		);
		expect(events).toEqual([
			expect.objectContaining({
				eventType: 'Microsoft.Communication.SMSReceived',
				topic: arm().acsResourceId,
				data: expect.objectContaining({ to: emu.fixtures.acs.phoneNumbers.main }),
			}),
		]);
		// One event, as Event Grid fans it out: the same ID at every subscription.
		expect(toAll!.body).toBe(toSms!.body);

		const incoming = await emu.eventGrid.publish('eventgrid-incoming-call');
		expect(incoming.map((r) => r.subscription)).toEqual(['n8n-calls', 'n8n-all']);
		expect(await emu.eventGrid.publish('eventgrid-batch')).toEqual([
			expect.objectContaining({ subscription: 'n8n-all' }),
		]);
	});

	test('nothing matches → []; a kind that is not a resource event throws', async () => {
		expect(await emu.eventGrid.publish('eventgrid-email-delivery-report')).toEqual([]);
		await expect(emu.eventGrid.publish('signalwire-mms')).rejects.toThrow(
			/not an event an ACS resource publishes/,
		);
		await expect(emu.eventGrid.publish('eventgrid-validation')).rejects.toThrow(
			/not an event an ACS resource publishes/,
		);
	});

	test('a subscription being deleted receives nothing', async () => {
		emu.arm.configure({ deleteDelayMs: 500 });
		const sink = await startSink();
		await create('n8n-going', sink.url);
		expect((await call('DELETE', `${subscriptionPath('n8n-going')}?${EG}`)).status).toBe(202);
		expect(await emu.eventGrid.publish('eventgrid-sms-received')).toEqual([]);
	});

	test('CloudEvents subscriptions: the OPTIONS handshake, then CloudEvents batches', async () => {
		const sink = await startSink();
		const put = await call('PUT', `${subscriptionPath('n8n-cloud')}?${EG}`, {
			body: {
				properties: {
					...properties(`${sink.url}?secret=c`).properties,
					eventDeliverySchema: 'CloudEventSchemaV1_0',
				},
			},
		});
		// The sink answers OPTIONS without WebHook-Allowed-Origin (as n8n does): the handshake fails.
		const operation = await waitForOperation(put.headers.get('azure-asyncoperation')!);
		expect(operation.error.message).toMatch(
			`Webhook validation handshake failed for ${sink.url}?secret=c. Http OPTIONS request`,
		);
		expect(sink.requests.map((r) => [r.method, r.headers['webhook-request-origin']])).toEqual([
			['OPTIONS', 'eventgrid.azure.net'],
			['OPTIONS', 'eventgrid.azure.net'],
		]);
	});

	test('POST /emulator/publish does the same over HTTP', async () => {
		const sink = await startSink();
		await create('n8n-control', `${sink.url}?secret=x`, ['Microsoft.Communication.SMSReceived']);
		const response = await fetch(`${emu.url}/emulator/publish`, {
			method: 'POST',
			headers: { 'content-type': 'application/json' },
			body: JSON.stringify({ kind: 'eventgrid-sms-received' }),
		});
		expect(response.status).toBe(200);
		expect(await response.json()).toEqual([{ subscription: 'n8n-control', status: 200, body: '' }]);
		const wrong = await fetch(`${emu.url}/emulator/publish`, {
			method: 'POST',
			body: JSON.stringify({ kind: 'signalwire-status' }),
		});
		expect(wrong.status).toBe(400);
		expect(emu.counts()['emulator.publish']).toBe(2);
	});
});

describe('the official management SDKs against the emulator', () => {
	/** Fetches the emulator's token for whatever scope the SDK asks, and remembers the scopes. */
	const asked: string[] = [];
	const credential: TokenCredential = {
		getToken: async (scopes) => {
			const scope = Array.isArray(scopes) ? scopes[0]! : (scopes as string);
			asked.push(scope);
			return { token: await token(scope), expiresOnTimestamp: Date.now() + 50 * 60_000 };
		},
	};
	const host = () => emu.url.replace(/^http:/, 'https:');
	// The SDK's path template is `/{scope}/providers/…`: its samples pass the resource ID without the leading slash.
	const scope = () => arm().acsResourceId.slice(1);

	test('@azure/arm-eventgrid: create and wait (handshake), get, getFullUrl, listByResource, delete and wait', async () => {
		const client = new EventGridManagementClient(credential, arm().subscriptionId, {
			endpoint: host(),
			$host: host(),
			...loopbackTlsShim(),
		});
		const sink = await startSink();
		const endpointUrl = `${sink.url}?secret=sdk-secret`;
		const created = await client.eventSubscriptions.beginCreateOrUpdateAndWait(
			scope(),
			'n8n-sdk',
			{
				destination: { endpointType: 'WebHook', endpointUrl, maxEventsPerBatch: 1 },
				filter: { includedEventTypes: ['Microsoft.Communication.SMSReceived'] },
				eventDeliverySchema: 'EventGridSchema',
				labels: ['n8n'],
			},
			{ updateIntervalInMs: 10 },
		);
		expect(created).toMatchObject({
			name: 'n8n-sdk',
			provisioningState: 'Succeeded',
			topic: arm().acsResourceId,
			destination: { endpointType: 'WebHook', endpointBaseUrl: sink.url },
			filter: { includedEventTypes: ['Microsoft.Communication.SMSReceived'] },
		});
		expect(sink.requests[0]!.url).toBe('/webhook/abc?secret=sdk-secret');
		const got = await client.eventSubscriptions.get(scope(), 'n8n-sdk');
		expect(got.destination).toMatchObject({ endpointBaseUrl: sink.url });
		expect((got.destination as { endpointUrl?: string }).endpointUrl ?? null).toBeNull();
		expect(await client.eventSubscriptions.getFullUrl(scope(), 'n8n-sdk')).toEqual({
			endpointUrl,
		});
		const listed = [];
		for await (const item of client.eventSubscriptions.listByResource(
			arm().resourceGroup,
			'Microsoft.Communication',
			'communicationServices',
			arm().acsResourceName,
		))
			listed.push(item.name);
		expect(listed).toEqual(['n8n-sdk']);
		await client.eventSubscriptions.beginDeleteAndWait(scope(), 'n8n-sdk', {
			updateIntervalInMs: 10,
		});
		await expect(client.eventSubscriptions.get(scope(), 'n8n-sdk')).rejects.toMatchObject({
			statusCode: 404,
			code: 'ResourceNotFound',
		});
		// The SDK asks for `{endpoint}/.default`: the form a custom Resource Manager URL produces.
		expect(new Set(asked)).toEqual(new Set([`${host()}/.default`]));
		expect(emu.counts()['arm.eventSubscriptions.put']).toBe(1);
		expect(emu.counts()['arm.eventSubscriptions.delete']).toBe(1);
	});

	test('@azure/arm-eventgrid: a webhook that refuses the handshake fails the poller', async () => {
		const client = new EventGridManagementClient(credential, arm().subscriptionId, {
			endpoint: host(),
			$host: host(),
			...loopbackTlsShim(),
		});
		const sink = await startSink(() => ({ status: 403 }));
		await expect(
			client.eventSubscriptions.beginCreateOrUpdateAndWait(
				scope(),
				'n8n-sdk-refused',
				{ destination: { endpointType: 'WebHook', endpointUrl: `${sink.url}?secret=zz` } },
				{ updateIntervalInMs: 10 },
			),
		).rejects.toThrow(/Webhook validation handshake failed/);
	});

	test('@azure/arm-communication: listBySubscription pages through every ACS resource', async () => {
		const client = new CommunicationServiceManagementClient(credential, arm().subscriptionId, {
			endpoint: host(),
			$host: host(),
			...loopbackTlsShim(),
		});
		const names: string[] = [];
		for await (const resource of client.communicationServices.listBySubscription())
			names.push(resource.name!);
		expect(names).toEqual(arm().acsResources.map((r) => r.name));
		expect(emu.counts()['arm.communicationServices.list']).toBe(
			Math.ceil(arm().acsResources.length / 10),
		);
		const one = await client.communicationServices.get(arm().resourceGroup, arm().acsResourceName);
		expect(one).toMatchObject({
			hostName: new URL(emu.url).host,
			immutableResourceId: emu.fixtures.acs.resourceId,
		});
	});
});
