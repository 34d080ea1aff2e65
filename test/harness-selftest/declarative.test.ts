/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/node-connection-type-literal, @n8n/community-nodes/node-usable-as-tool -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * Self-test 2: a declarative node (no `execute`; requestDefaults + routing) runs through n8n-core's
 * RoutingNode against a real server, authenticated by a generic (`type: 'generic'`) credential.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type {
	IAuthenticateGeneric,
	ICredentialType,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { createHarness } from '../harness';
import type { Harness } from '../harness';
import { json, startServer } from './test-server';
import type { TestServer } from './test-server';

jest.setTimeout(30_000);

class GenericTokenApi implements ICredentialType {
	name = 'genericTokenApi';

	displayName = 'Generic Token API';

	properties: INodeProperties[] = [
		{ displayName: 'Endpoint', name: 'endpoint', type: 'string', default: '' },
		{
			displayName: 'Token',
			name: 'token',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'API Version', name: 'apiVersion', type: 'hidden', default: '2024-01-01' },
	];

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: {
			headers: { Authorization: '=Bearer {{$credentials.token}}' },
			qs: { 'api-version': '={{$credentials.apiVersion}}' },
		},
	};
}

class ThingsNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Things',
		name: 'things',
		group: ['transform'],
		version: 1,
		description: 'Declarative test node',
		defaults: { name: 'Things' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'genericTokenApi', required: true }],
		requestDefaults: {
			baseURL: '={{$credentials.endpoint}}',
			headers: { Accept: 'application/json' },
		},
		properties: [
			{
				displayName: 'Operation',
				name: 'operation',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Get',
						value: 'get',
						action: 'Get a thing',
						routing: { request: { method: 'GET', url: '=/things/{{$parameter.thingId}}' } },
					},
					{
						name: 'Create',
						value: 'create',
						action: 'Create a thing',
						routing: {
							request: { method: 'POST', url: '/things' },
							output: {
								postReceive: [{ type: 'rootProperty', properties: { property: 'created' } }],
							},
						},
					},
				],
				default: 'get',
			},
			{
				displayName: 'Thing ID',
				name: 'thingId',
				type: 'string',
				default: '',
				displayOptions: { show: { operation: ['get'] } },
			},
			{
				displayName: 'Label',
				name: 'label',
				type: 'string',
				default: '',
				displayOptions: { show: { operation: ['create'] } },
				routing: { send: { type: 'body', property: 'label' } },
			},
		],
	};
}

describe('harness: declarative node through RoutingNode', () => {
	let server: TestServer;
	let harness: Harness;

	beforeAll(async () => {
		server = await startServer((req, res) => {
			if (req.headers.authorization !== 'Bearer tkn')
				return json(res, 401, { error: 'unauthorized' });
			if (req.method === 'POST') {
				return json(res, 201, { created: { id: 'new', ...JSON.parse(req.body.toString()) } });
			}
			return json(res, 200, {
				id: req.path.split('?')[0].split('/').pop(),
				query: req.path.split('?')[1],
			});
		});
		harness = createHarness({
			nodeTypes: [{ name: 'things', type: new ThingsNode() }],
			credentialTypes: [new GenericTokenApi()],
		});
	});

	afterAll(async () => {
		await harness?.close();
		await server?.close();
	});

	it('sends routed requests with generic authentication, one per item', async () => {
		const credential = harness.addCredential('genericTokenApi', {
			endpoint: server.url,
			token: 'tkn',
		});
		const result = await harness.runNode({
			type: 'things',
			parameters: { operation: 'get', thingId: '={{ $json.id }}' },
			credentials: { genericTokenApi: credential },
			items: [{ id: 'a' }, { id: 'b' }],
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([
			{ id: 'a', query: 'api-version=2024-01-01' },
			{ id: 'b', query: 'api-version=2024-01-01' },
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(server.requests.map((r) => r.headers.authorization)).toEqual([
			'Bearer tkn',
			'Bearer tkn',
		]);
		expect(server.requests.every((r) => r.headers.accept === 'application/json')).toBe(true);
		// The loader-injected "Request Options" parameters exist on the declarative node.
		const props = harness.nodeTypes.getByNameAndVersion('things').description.properties;
		expect(props.some((p) => p.name === 'requestOptions')).toBe(true);
	});

	it('sends the body and applies postReceive', async () => {
		const credential = harness.addCredential('genericTokenApi', {
			endpoint: server.url,
			token: 'tkn',
		});
		const result = await harness.runNode({
			type: 'things',
			parameters: { operation: 'create', label: 'hello' },
			credentials: { genericTokenApi: credential },
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([{ id: 'new', label: 'hello' }]);
	});

	it('turns an HTTP error into a NodeApiError', async () => {
		const credential = harness.addCredential('genericTokenApi', {
			endpoint: server.url,
			token: 'wrong',
		});
		const result = await harness.runNode({
			type: 'things',
			parameters: { operation: 'get', thingId: 'x' },
			credentials: { genericTokenApi: credential },
		});
		expect(result.error?.name).toBe('NodeApiError');
		expect((result.error as { httpCode?: string }).httpCode).toBe('401');
	});
});
