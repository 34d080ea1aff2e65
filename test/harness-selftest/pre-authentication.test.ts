/* eslint-disable @n8n/community-nodes/credential-password-field, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/node-connection-type-literal, @n8n/community-nodes/node-usable-as-tool -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * preAuthentication + an `expirable` hidden property: n8n calls preAuthentication when the
 * property is empty, persists the result, reuses it in later runs, and calls it again once after
 * a 401. Also: runNode's timeout.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type {
	IAuthenticateGeneric,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IExecuteFunctions,
	IHttpRequestHelper,
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

class SessionApi implements ICredentialType {
	name = 'sessionApi';

	displayName = 'Session API';

	properties: INodeProperties[] = [
		{ displayName: 'URL', name: 'url', type: 'string', default: '' },
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
		},
		{
			displayName: 'Session Token',
			name: 'sessionToken',
			type: 'hidden',
			typeOptions: { expirable: true },
			default: '',
		},
	];

	async preAuthentication(this: IHttpRequestHelper, credentials: ICredentialDataDecryptedObject) {
		const { token } = (await this.helpers.httpRequest({
			method: 'POST',
			url: `${credentials.url as string}/login`,
			body: { password: credentials.password },
			json: true,
		})) as { token: string };
		return { sessionToken: token };
	}

	authenticate: IAuthenticateGeneric = {
		type: 'generic',
		properties: { headers: { 'X-Session': '={{$credentials.sessionToken}}' } },
	};
}

class SessionNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Session Node',
		name: 'sessionNode',
		group: ['transform'],
		version: 1,
		description: 'Uses a session credential',
		defaults: { name: 'Session Node' },
		inputs: ['main'],
		outputs: ['main'],
		credentials: [{ name: 'sessionApi', required: true }],
		properties: [{ displayName: 'Hang', name: 'hang', type: 'boolean', default: false }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		if (this.getNodeParameter('hang', 0)) await new Promise(() => {});
		const { url } = await this.getCredentials('sessionApi');
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const response = (await this.helpers.httpRequestWithAuthentication.call(this, 'sessionApi', {
				url: `${url as string}/me`,
				json: true,
			})) as INodeExecutionData['json'];
			out.push({ json: response, pairedItem: { item: i } });
		}
		return [out];
	}
}

describe('harness: preAuthentication with an expirable property', () => {
	let server: TestServer;
	let harness: Harness;
	let sessions = 0;
	const valid = new Set<string>();

	beforeAll(async () => {
		server = await startServer((req, res) => {
			if (req.path === '/login') {
				if (JSON.parse(req.body.toString()).password !== 'pw') return json(res, 403, {});
				const token = `session-${++sessions}`;
				valid.add(token);
				return json(res, 200, { token });
			}
			const session = String(req.headers['x-session'] ?? '');
			if (!valid.has(session)) return json(res, 401, { error: 'expired' });
			return json(res, 200, { session });
		});
		harness = createHarness({
			nodeTypes: [{ name: 'sessionNode', type: new SessionNode() }],
			credentialTypes: [new SessionApi()],
		});
	});

	afterAll(async () => {
		await harness?.close();
		await server?.close();
	});

	it('logs in once, persists the token, and logs in again once after a 401', async () => {
		const credential = harness.addCredential('sessionApi', { url: server.url, password: 'pw' });
		const run = async () =>
			await harness.runNode({
				type: 'sessionNode',
				parameters: {},
				credentials: { sessionApi: credential },
				items: [{}, {}, {}],
			});

		for (const result of [await run(), await run()]) {
			expect(result.error).toBeUndefined();
			expect(result.items.map((i) => i.json.session)).toEqual([
				'session-1',
				'session-1',
				'session-1',
			]);
		}
		expect(server.requestsTo('/login')).toHaveLength(1);
		expect(harness.getCredentialData(credential.id)).toEqual({
			url: server.url,
			password: 'pw',
			sessionToken: 'session-1',
		});

		valid.clear();
		const third = await run();
		expect(third.error).toBeUndefined();
		expect(third.items.map((i) => i.json.session)).toEqual(['session-2', 'session-2', 'session-2']);
		expect(server.requestsTo('/login')).toHaveLength(2);
		expect(harness.getCredentialData(credential.id).sessionToken).toBe('session-2');
	});

	it('rejects when a run exceeds timeoutMs', async () => {
		const credential = harness.addCredential('sessionApi', { url: server.url, password: 'pw' });
		await expect(
			harness.runNode({
				type: 'sessionNode',
				parameters: { hang: true },
				credentials: { sessionApi: credential },
				timeoutMs: 300,
			}),
		).rejects.toThrow('Workflow run did not finish within 300 ms');
	});
});
