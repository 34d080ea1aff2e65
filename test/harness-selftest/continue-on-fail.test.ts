/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/node-connection-type-literal, @n8n/community-nodes/node-usable-as-tool, @n8n/community-nodes/require-node-api-error -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * Self-test 5: continueOnFail. A node throwing NodeApiError for item 1 of 3 yields 3 items when the
 * node continues on fail, and fails the run otherwise.
 */
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { createHarness } from '../harness';
import type { Harness } from '../harness';

jest.setTimeout(30_000);

class FlakyNode implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Flaky',
		name: 'flaky',
		group: ['transform'],
		version: 1,
		description: 'Fails for item 1',
		defaults: { name: 'Flaky' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		const items = this.getInputData();
		for (let i = 0; i < items.length; i++) {
			try {
				if (i === 1) {
					throw new NodeApiError(
						this.getNode(),
						{ message: 'Conflict', httpCode: '409' } as JsonObject,
						{ itemIndex: i, message: 'The thing already exists', httpCode: '409' },
					);
				}
				out.push({ json: { ok: items[i].json.n }, pairedItem: { item: i } });
			} catch (error) {
				if (this.continueOnFail()) {
					out.push({ json: { error: (error as Error).message }, pairedItem: { item: i } });
					continue;
				}
				throw error;
			}
		}
		return [out];
	}
}

describe('harness: continueOnFail', () => {
	let harness: Harness;

	beforeAll(() => {
		harness = createHarness({
			nodeTypes: [{ name: 'flaky', type: new FlakyNode() }],
			credentialTypes: [],
		});
	});

	afterAll(async () => {
		await harness?.close();
	});

	const items = [{ n: 0 }, { n: 1 }, { n: 2 }];

	it('keeps going and returns the error as an item', async () => {
		const result = await harness.runNode({
			type: 'flaky',
			parameters: {},
			items,
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(3);
		expect(result.items.map((i) => i.json)).toEqual([
			{ ok: 0 },
			{ error: 'The thing already exists' },
			{ ok: 2 },
		]);
		expect(result.items.map((i) => i.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
	});

	it('fails the run without continueOnFail', async () => {
		const result = await harness.runNode({ type: 'flaky', parameters: {}, items });
		expect(result.items).toEqual([]);
		// n8n stores a plain-object copy of the error (as it would be persisted), not the instance
		expect(result.error).toMatchObject({
			name: 'NodeApiError',
			message: 'The thing already exists',
			httpCode: '409',
			context: { itemIndex: 1 },
		});
		expect(result.run.data.resultData.lastNodeExecuted).toBe('Node');
		expect(result.run.status).toBe('error');
	});
});
