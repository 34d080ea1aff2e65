/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/node-connection-type-literal, @n8n/community-nodes/node-usable-as-tool -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * Self-test 1: a programmatic node calls this.helpers.httpRequestWithAuthentication with a
 * credential whose `authenticate` is a FUNCTION; a `$self` expression default resolves.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestOptions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';

import { createHarness } from '../harness';
import type { Harness } from '../harness';
import { json, startServer } from './test-server';
import type { TestServer } from './test-server';

jest.setTimeout(30_000);

const authenticateCalls: Array<{ thisValue: unknown; apiKey: unknown }> = [];

class FnAuthApi implements ICredentialType {
	name = 'fnAuthApi';

	displayName = 'Function Auth API';

	properties: INodeProperties[] = [
		{
			displayName: 'API Key',
			name: 'apiKey',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{ displayName: 'Authority Host', name: 'authorityHost', type: 'string', default: '' },
		{ displayName: 'Tenant ID', name: 'tenantId', type: 'string', default: 'common' },
		{
			displayName: 'Base URL',
			name: 'baseUrl',
			type: 'hidden',
			default: '={{$self.authorityHost}}/{{$self.tenantId}}/v1',
		},
	];

	// A plain function (not a method) so `this` is whatever n8n binds: nothing.
	authenticate = async function (
		this: unknown,
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		authenticateCalls.push({ thisValue: this, apiKey: credentials.apiKey });
		return {
			...requestOptions,
			headers: { ...requestOptions.headers, 'x-api-key': credentials.apiKey as string },
		};
	};
}

class EchoNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Echo',
		name: 'echo',
		group: ['transform'],
		version: [1, 2],
		description: 'Calls the echo endpoint',
		defaults: { name: 'Echo' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'fnAuthApi', required: true }],
		properties: [{ displayName: 'Path', name: 'path', type: 'string', default: 'echo' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		const credentials = await this.getCredentials('fnAuthApi');
		for (let i = 0; i < this.getInputData().length; i++) {
			const path = this.getNodeParameter('path', i) as string;
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'fnAuthApi', {
				method: 'GET',
				url: `${credentials.baseUrl as string}/${path}`,
				json: true,
			})) as INodeExecutionData['json'];
			out.push({
				json: { ...response, version: this.getNode().typeVersion },
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}

describe('harness: programmatic node + function authenticate', () => {
	let server: TestServer;
	let harness: Harness;

	beforeAll(async () => {
		server = await startServer((req, res) =>
			json(res, 200, { path: req.path, apiKey: req.headers['x-api-key'] ?? null }),
		);
		harness = createHarness({
			nodeTypes: [{ name: 'echo', type: new EchoNode() }],
			credentialTypes: [new FnAuthApi()],
		});
	});

	afterAll(async () => {
		await harness?.close();
		await server?.close();
	});

	it('sends the header added by the authenticate function and resolves $self defaults', async () => {
		const credential = harness.addCredential('fnAuthApi', {
			apiKey: 'secret-key',
			authorityHost: server.url,
			tenantId: 'tenant-42',
		});

		const result = await harness.runNode({
			type: 'echo',
			parameters: { path: '={{ "echo/" + $json.n }}' },
			credentials: { fnAuthApi: credential },
			items: [{ n: 1 }, { n: 2 }],
		});

		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([
			{ path: '/tenant-42/v1/echo/1', apiKey: 'secret-key', version: 2 },
			{ path: '/tenant-42/v1/echo/2', apiKey: 'secret-key', version: 2 },
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }]);
		expect(server.requests.map((r) => r.headers['x-api-key'])).toEqual([
			'secret-key',
			'secret-key',
		]);
		// called unbound, like n8n's CredentialsHelper does
		expect(authenticateCalls.length).toBe(2);
		expect(authenticateCalls.every((c) => c.thisValue === undefined)).toBe(true);
	});

	it('honours typeVersion and captures n8n logs', async () => {
		const credential = harness.addCredential('fnAuthApi', {
			apiKey: 'k',
			authorityHost: server.url,
		});
		const result = await harness.runNode({
			type: 'echo',
			typeVersion: 1,
			parameters: {},
			credentials: { fnAuthApi: credential },
		});
		expect(result.items[0].json).toEqual({ path: '/common/v1/echo', apiKey: 'k', version: 1 });
		const messages = harness.logs().map((l) => l.message);
		expect(messages).toContain('Workflow execution started');
		expect(messages).toContain('Running node "Node" finished successfully');
	});

	it('reports a missing credential like n8n does', async () => {
		const result = await harness.runNode({ type: 'echo', parameters: {} });
		expect(result.error?.message).toMatch(/credentials/i);
		expect(result.items).toEqual([]);
	});

	it('getDecrypted outside an execution applies defaults and resolves $self (mock-workflow path)', async () => {
		const credential = harness.addCredential('fnAuthApi', {
			apiKey: 'k',
			authorityHost: 'https://login.example',
		});
		const additionalData = { variables: {} } as unknown as IWorkflowExecuteAdditionalData;
		const decrypted = await harness.credentialsHelper.getDecrypted(
			additionalData,
			credential,
			'fnAuthApi',
			'internal',
		);
		expect(decrypted).toEqual({
			apiKey: 'k',
			authorityHost: 'https://login.example',
			tenantId: 'common',
			baseUrl: 'https://login.example/common/v1',
		});
		const raw = await harness.credentialsHelper.getDecrypted(
			additionalData,
			credential,
			'fnAuthApi',
			'internal',
			undefined,
			true,
		);
		expect(raw).toEqual({ apiKey: 'k', authorityHost: 'https://login.example' });
	});
});
