/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * The harness source node `test.items`: emits the items a test hands to `runNode`, writing any
 * binary payloads through `this.helpers.prepareBinaryData`, so downstream nodes see binary data
 * stored by the real BinaryDataService, exactly as if an upstream n8n node had produced it.
 */
import type { Readable } from 'node:stream';

import type {
	IBinaryData,
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { BINARY_ENCODING } from 'n8n-workflow';

export const ITEMS_NODE_TYPE = 'test.items';

/** A binary property given by a test: raw content plus optional file name / mime type. */
export interface HarnessBinaryInput {
	data: Buffer | Readable | Uint8Array;
	fileName?: string;
	mimeType?: string;
}

/**
 * One input item: plain JSON (`{ foo: 1 }`), or an execution item `{ json, binary? }` (so output
 * items of an earlier run can be fed back in). Each binary property is either a
 * `HarnessBinaryInput`, or an `IBinaryData`: stored ones (with `id`) are passed through, inline
 * ones (base64 `data`) are stored first. All emitted items pair with the single trigger item.
 */
export interface HarnessExecutionItem {
	json: IDataObject;
	binary?: Record<string, HarnessBinaryInput | IBinaryData>;
	pairedItem?: INodeExecutionData['pairedItem'];
}

export type HarnessInputItem = IDataObject | HarnessExecutionItem;

const EXECUTION_ITEM_KEYS = new Set(['json', 'binary', 'pairedItem', 'index', 'error', 'metadata']);

function isExecutionItem(item: HarnessInputItem): item is HarnessExecutionItem {
	return (
		typeof item.json === 'object' &&
		item.json !== null &&
		!Array.isArray(item.json) &&
		Object.keys(item).every((key) => EXECUTION_ITEM_KEYS.has(key))
	);
}

/**
 * Creates the `test.items` node type. n8n calls `execute` with its own context as `this`, so the
 * items of each run are handed over through the returned `pending` map (keyed by the `key`
 * parameter the harness puts on the node).
 */
export function createItemsSourceNode(): {
	nodeType: INodeType;
	pending: Map<string, HarnessInputItem[]>;
} {
	const pending = new Map<string, HarnessInputItem[]>();

	const description: INodeTypeDescription = {
		displayName: 'Test Items',
		name: ITEMS_NODE_TYPE,
		group: ['input'],
		version: 1,
		description: 'Emits the items given to the test harness',
		defaults: { name: 'Input' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Key', name: 'key', type: 'string', default: '' }],
	};

	async function execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const key = this.getNodeParameter('key', 0) as string;
		const items = pending.get(key) ?? [{}];
		const output: INodeExecutionData[] = [];
		for (const item of items) {
			if (!isExecutionItem(item)) {
				output.push({ json: item as IDataObject, pairedItem: { item: 0 } });
				continue;
			}
			const result: INodeExecutionData = { json: item.json, pairedItem: { item: 0 } };
			if (item.binary) {
				result.binary = {};
				for (const [property, value] of Object.entries(item.binary)) {
					result.binary[property] = await toStoredBinary(this, value);
				}
			}
			output.push(result);
		}
		return [output];
	}

	return { nodeType: { description, execute }, pending };
}

async function toStoredBinary(
	ctx: IExecuteFunctions,
	value: HarnessBinaryInput | IBinaryData,
): Promise<IBinaryData> {
	if ('id' in value && typeof value.id === 'string') return value as IBinaryData;
	if (typeof value.data === 'string') {
		const binary = value as IBinaryData;
		return await ctx.helpers.prepareBinaryData(
			Buffer.from(binary.data, BINARY_ENCODING),
			binary.fileName,
			binary.mimeType,
		);
	}
	const input = value as HarnessBinaryInput;
	const data =
		input.data instanceof Uint8Array && !Buffer.isBuffer(input.data)
			? Buffer.from(input.data)
			: input.data;
	return await ctx.helpers.prepareBinaryData(
		data as Buffer | Readable,
		input.fileName,
		input.mimeType,
	);
}
