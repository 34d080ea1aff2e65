/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * Self-test 6: n8n-nodes-base's own HTTP Request node, in a full workflow
 * (Manual Trigger -> HTTP Request) run with runWorkflow.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import { HttpRequest } from 'n8n-nodes-base/dist/nodes/HttpRequest/HttpRequest.node';
import type { IConnections, INode } from 'n8n-workflow';

import { createHarness, MANUAL_TRIGGER_NODE_TYPE } from '../harness';
import type { Harness } from '../harness';
import { json, startServer } from './test-server';
import type { TestServer } from './test-server';

jest.setTimeout(30_000);

const HTTP_REQUEST = 'n8n-nodes-base.httpRequest';

function workflow(httpNode: Partial<INode>): { nodes: INode[]; connections: IConnections } {
	return {
		nodes: [
			{
				id: 'trigger',
				name: 'When clicking Execute',
				type: MANUAL_TRIGGER_NODE_TYPE,
				typeVersion: 1,
				position: [0, 0],
				parameters: {},
			},
			{
				id: 'http',
				name: 'HTTP Request',
				type: HTTP_REQUEST,
				typeVersion: 4.2,
				position: [200, 0],
				parameters: {},
				...httpNode,
			} as INode,
		],
		connections: {
			'When clicking Execute': { main: [[{ node: 'HTTP Request', type: 'main', index: 0 }]] },
		},
	};
}

describe('harness: n8n-nodes-base HTTP Request via runWorkflow', () => {
	let server: TestServer;
	let harness: Harness;

	beforeAll(async () => {
		server = await startServer((req, res) =>
			json(res, 200, { hello: 'world', path: req.path, auth: req.headers['x-auth'] ?? null }),
		);
		harness = createHarness({
			nodeTypes: [{ name: HTTP_REQUEST, type: new HttpRequest() }],
			credentialTypes: [],
		});
	});

	afterAll(async () => {
		await harness?.close();
		await server?.close();
	});

	it.each([4.2, new HttpRequest().currentVersion])(
		'GETs the test server (typeVersion %s)',
		async (typeVersion) => {
			const result = await harness.runWorkflow(
				workflow({
					typeVersion,
					parameters: { method: 'GET', url: `${server.url}/data`, options: {} },
				}),
			);
			expect(result.error).toBeUndefined();
			expect(result.data.status).toBe('success');
			expect(result.outputOf('HTTP Request').map((i) => i.json)).toEqual([
				{ hello: 'world', path: '/data', auth: null },
			]);
		},
	);

	it('authenticates with the generic httpHeaderAuth credential', async () => {
		const credential = harness.addCredential('httpHeaderAuth', { name: 'X-Auth', value: 'abc' });
		const result = await harness.runWorkflow(
			workflow({
				parameters: {
					method: 'GET',
					url: `${server.url}/secure`,
					authentication: 'genericCredentialType',
					genericAuthType: 'httpHeaderAuth',
					options: {},
				},
				credentials: { httpHeaderAuth: credential },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.outputOf('HTTP Request')[0].json).toEqual({
			hello: 'world',
			path: '/secure',
			auth: 'abc',
		});
	});

	it('starts from a given start node', async () => {
		const { nodes, connections } = workflow({
			parameters: { method: 'GET', url: `${server.url}/direct`, options: {} },
		});
		const result = await harness.runWorkflow({ nodes, connections, startNode: 'HTTP Request' });
		expect(result.outputOf('When clicking Execute')).toEqual([]);
		expect(result.outputOf('HTTP Request')[0].json.path).toBe('/direct');
	});
});
