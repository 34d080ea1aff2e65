/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/webhook-lifecycle-complete, @n8n/community-nodes/node-connection-type-literal -- dev-only code (tests, emulator): runs on Node and never ships in dist; the probe node registers nothing */
/**
 * Self-test: the webhook harness answers like n8n 2.41's webhook path (webhook-helpers.ts): nothing more
 * after `noWebhookResponse`, "Webhook call received" without `workflowData`, the description's
 * `responseData` (default 'firstEntryJson') with it, 204 for OPTIONS, 422 for a JSON body that does not
 * parse, 413 over 16 MiB; and `workflowData` runs the rest of the workflow.
 */
import { randomUUID } from 'node:crypto';

import { afterAll, describe, expect, it } from '@jest/globals';
import type {
	IDataObject,
	INodeType,
	INodeTypeDescription,
	IWebhookFunctions,
	IWebhookResponseData,
} from 'n8n-workflow';
import { Set as EditFields } from 'n8n-nodes-base/dist/nodes/Set/Set.node';

import { createHarness } from '../harness';
import { serveTrigger, TRIGGER_NODE_NAME, type ServedTrigger } from '../harness/webhook';

/** Answers as the request's `answer` query parameter asks, and echoes what it received. */
class ProbeTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Probe Trigger',
		name: 'probeTrigger',
		group: ['trigger'],
		version: 1,
		description: 'Harness self-test trigger',
		defaults: { name: 'Probe Trigger' },
		inputs: [],
		outputs: ['main'],
		webhooks: [{ name: 'default', httpMethod: 'POST', responseMode: 'onReceived', path: 'probe' }],
		properties: [],
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const query = this.getQueryData() as IDataObject;
		const req = this.getRequestObject() as unknown as { rawBody?: Buffer; originalUrl: string };
		const received = {
			body: this.getBodyData(),
			rawLength: req.rawBody?.length ?? -1,
			originalUrl: req.originalUrl,
			served: this.getWebhookResourceUrl('default'),
			production: this.getNodeWebhookUrl('default'),
			mode: this.getMode(),
		};
		switch (query.answer) {
			case 'self': {
				const res = this.getResponseObject() as unknown as {
					writeHead: (status: number, headers: object) => void;
					end: (body: string) => void;
				};
				res.writeHead(202, { 'content-type': 'text/plain' });
				res.end('answered by the node');
				return { noWebhookResponse: true, workflowData: [[{ json: received }]] };
			}
			case 'webhookResponse':
				return { webhookResponse: { custom: true } };
			case 'run':
				return { workflowData: [[{ json: received }]] };
			default:
				return {};
		}
	}
}

const harness = createHarness({
	nodeTypes: [
		{ name: 'probeTrigger', type: new ProbeTrigger() },
		{ name: 'n8n-nodes-base.set', type: new EditFields() },
	],
	credentialTypes: [],
});
const triggers: ServedTrigger[] = [];
afterAll(async () => {
	await Promise.all(triggers.map(async (trigger) => await trigger.close()));
	await harness.close();
});

async function probe(): Promise<ServedTrigger> {
	const trigger = await serveTrigger(harness, {
		type: 'probeTrigger',
		parameters: {},
		credentials: {},
		downstream: {
			nodes: [
				{
					id: randomUUID(),
					name: 'Mark',
					type: 'n8n-nodes-base.set',
					typeVersion: 3.4,
					position: [200, 0],
					parameters: {
						assignments: {
							assignments: [{ id: '1', name: 'marked', value: true, type: 'boolean' }],
						},
						includeOtherFields: true,
						options: {},
					},
				},
			],
			connections: { [TRIGGER_NODE_NAME]: { main: [[{ node: 'Mark', type: 'main', index: 0 }]] } },
		},
	});
	triggers.push(trigger);
	return trigger;
}

async function send(
	url: string,
	body: string | Buffer,
	contentType = 'application/json',
	method = 'POST',
) {
	const response = await fetch(url, {
		method,
		headers: { 'content-type': contentType },
		body: method === 'OPTIONS' ? undefined : body,
	});
	return { status: response.status, body: await response.text() };
}

describe('webhook harness answers like n8n', () => {
	it('without workflowData: "Webhook call received", or the webhookResponse', async () => {
		const trigger = await probe();
		expect(await send(`${trigger.url}?answer=none`, '{}')).toEqual({
			status: 200,
			body: '{"message":"Webhook call received"}',
		});
		expect(await send(`${trigger.url}?answer=webhookResponse`, '{}')).toEqual({
			status: 200,
			body: '{"custom":true}',
		});
		expect(trigger.started()).toBe(0);
	});

	it("with workflowData and no responseData: n8n's default 'firstEntryJson', and the workflow runs", async () => {
		const trigger = await probe();
		expect(await send(`${trigger.url}?answer=run`, '{"a":1}')).toEqual({
			status: 200,
			body: '"firstEntryJson"',
		});
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.outputOf('Mark')[0]!.json).toMatchObject({ body: { a: 1 }, marked: true });
	});

	it('after noWebhookResponse only what the node wrote, and the workflow still runs', async () => {
		const trigger = await probe();
		expect(
			await send(`${trigger.url}?answer=self`, 'a=1&a=2&b=x', 'application/x-www-form-urlencoded'),
		).toEqual({
			status: 202,
			body: 'answered by the node',
		});
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.items[0]!.json).toEqual({
			body: { a: ['1', '2'], b: 'x' },
			rawLength: 11,
			originalUrl: expect.stringMatching(/\?answer=self$/),
			served: trigger.url,
			production: trigger.url,
			mode: 'webhook',
		});
	});

	it('serves the test URL in manual mode, where only the resource URL says /webhook-test/', async () => {
		const trigger = await probe();
		await send(`${trigger.testUrl}?answer=self`, '{}');
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.items[0]!.json).toMatchObject({
			served: trigger.testUrl,
			production: trigger.url,
			mode: 'manual',
		});
	});

	it('refuses before the node: OPTIONS 204, unparsable JSON 422, over 16 MiB 413, unknown path 404', async () => {
		const trigger = await probe();
		expect((await send(trigger.url, '', 'application/json', 'OPTIONS')).status).toBe(204);
		expect((await send(`${trigger.url}?answer=run`, '{nope')).status).toBe(422);
		expect(
			(await send(`${trigger.url}?answer=run`, Buffer.alloc(16 * 1024 * 1024 + 1, 32))).status,
		).toBe(413);
		expect((await send(`${trigger.url}x?answer=run`, '{}')).status).toBe(404);
		expect(trigger.started()).toBe(0);
	});
});
