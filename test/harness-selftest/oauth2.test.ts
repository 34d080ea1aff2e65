/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/node-connection-type-literal, @n8n/community-nodes/node-usable-as-tool -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * Self-test 3: an OAuth2 credential extending n8n-nodes-base's `oAuth2Api` (client credentials,
 * token URL built from `$self` fields). n8n-core's requestOAuth2 fetches the token once, persists
 * it through updateCredentialsOauthTokenData, reuses it across items and runs, and refreshes
 * exactly once when the API answers 401.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type {
	ICredentialType,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { createHarness } from '../harness';
import type { Harness } from '../harness';
import { json, startServer } from './test-server';
import type { TestServer } from './test-server';

jest.setTimeout(30_000);

class TenantOAuth2Api implements ICredentialType {
	name = 'tenantOAuth2Api';

	extends = ['oAuth2Api'];

	displayName = 'Tenant OAuth2 API';

	properties: INodeProperties[] = [
		{ displayName: 'Grant Type', name: 'grantType', type: 'hidden', default: 'clientCredentials' },
		{ displayName: 'Authority Host', name: 'authorityHost', type: 'string', default: '' },
		{ displayName: 'Tenant ID', name: 'tenantId', type: 'string', default: '' },
		{
			displayName: 'Access Token URL',
			name: 'accessTokenUrl',
			type: 'hidden',
			default: '={{$self.authorityHost}}/{{$self.tenantId}}/oauth2/v2.0/token',
		},
		{
			displayName: 'Scope',
			name: 'scope',
			type: 'hidden',
			default: 'https://api.example/.default',
		},
		{ displayName: 'Authentication', name: 'authentication', type: 'hidden', default: 'body' },
	];
}

class ApiNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'OAuth API',
		name: 'oauthApi',
		group: ['transform'],
		version: 1,
		description: 'Calls an OAuth2 protected API',
		defaults: { name: 'OAuth API' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'tenantOAuth2Api', required: true }],
		properties: [{ displayName: 'Base URL', name: 'baseUrl', type: 'string', default: '' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const baseUrl = this.getNodeParameter('baseUrl', i) as string;
			const response = (await this.helpers.httpRequestWithAuthentication.call(
				this,
				'tenantOAuth2Api',
				{
					method: 'GET',
					url: `${baseUrl}/api/items/${i}`,
					json: true,
				},
			)) as INodeExecutionData['json'];
			out.push({ json: response, pairedItem: { item: i } });
		}
		return [out];
	}
}

describe('harness: OAuth2 client credentials through n8n-core requestOAuth2', () => {
	let server: TestServer;
	let harness: Harness;
	let issued = 0;
	const valid = new Set<string>();
	const tokenBodies: URLSearchParams[] = [];

	beforeAll(async () => {
		server = await startServer((req, res) => {
			if (req.method === 'POST' && req.path === '/tenant-1/oauth2/v2.0/token') {
				tokenBodies.push(new URLSearchParams(req.body.toString()));
				const token = `tok-${++issued}`;
				valid.add(token);
				return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: 3600 });
			}
			if (req.path.startsWith('/api/')) {
				const token = req.headers.authorization?.replace(/^Bearer /, '') ?? '';
				if (!valid.has(token)) return json(res, 401, { error: 'invalid_token' });
				return json(res, 200, { path: req.path, token });
			}
			return json(res, 404, { error: 'not found' });
		});
		harness = createHarness({
			nodeTypes: [{ name: 'oauthApi', type: new ApiNode() }],
			credentialTypes: [new TenantOAuth2Api()],
		});
	});

	afterAll(async () => {
		await harness?.close();
		await server?.close();
	});

	it('fetches the token once for 2 runs x 5 items and refreshes once after a 401', async () => {
		const credential = harness.addCredential('tenantOAuth2Api', {
			clientId: 'client-1',
			clientSecret: 'secret-1',
			authorityHost: server.url,
			tenantId: 'tenant-1',
			// stored values of hidden OAuth fields are ignored by n8n (the type pins them)
			grantType: 'authorizationCode',
		});
		const run = async () =>
			await harness.runNode({
				type: 'oauthApi',
				parameters: { baseUrl: server.url },
				credentials: { tenantOAuth2Api: credential },
				items: [{}, {}, {}, {}, {}],
			});

		const first = await run();
		const second = await run();
		for (const result of [first, second]) {
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(5);
			expect(result.items.every((i) => i.json.token === 'tok-1')).toBe(true);
		}
		expect(server.requestsTo('/tenant-1/oauth2/v2.0/token')).toHaveLength(1);
		expect(server.requestsTo('/api/')).toHaveLength(10);
		expect(Object.fromEntries(tokenBodies[0])).toEqual({
			grant_type: 'client_credentials',
			scope: 'https://api.example/.default',
			client_id: 'client-1',
			client_secret: 'secret-1',
		});
		const stored = harness.getCredentialData(credential.id);
		expect(stored.oauthTokenData).toMatchObject({ access_token: 'tok-1', token_type: 'Bearer' });

		// The API revokes tok-1: the next call gets a 401, n8n fetches a new token once and retries.
		valid.delete('tok-1');
		const third = await run();
		expect(third.error).toBeUndefined();
		expect(third.items.map((i) => i.json.token)).toEqual([
			'tok-2',
			'tok-2',
			'tok-2',
			'tok-2',
			'tok-2',
		]);
		expect(server.requestsTo('/tenant-1/oauth2/v2.0/token')).toHaveLength(2);
		// 10 earlier + 1 rejected + 5 successful
		expect(server.requestsTo('/api/')).toHaveLength(16);
		expect(harness.getCredentialData(credential.id).oauthTokenData).toMatchObject({
			access_token: 'tok-2',
		});
	});
});
