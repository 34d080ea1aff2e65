/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/node-connection-type-literal, @n8n/community-nodes/node-usable-as-tool -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * Self-test 4: binary data goes through n8n's real BinaryDataService in filesystem mode.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Readable } from 'node:stream';

import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';

import { BinaryDataService } from 'n8n-core';

import { Container, createHarness } from '../harness';
import type { Harness } from '../harness';

jest.setTimeout(30_000);

const FIVE_MB = randomBytes(5 * 1024 * 1024);
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

class StreamProducer implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Stream Producer',
		name: 'streamProducer',
		group: ['input'],
		version: 1,
		description: 'Stores a 5 MB stream as binary data',
		defaults: { name: 'Stream Producer' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		// 64 KiB chunks, like a network response body
		const chunks = function* () {
			for (let offset = 0; offset < FIVE_MB.length; offset += 65536) {
				yield FIVE_MB.subarray(offset, offset + 65536);
			}
		};
		const data = await this.helpers.prepareBinaryData(
			Readable.from(chunks()),
			'f.bin',
			'application/octet-stream',
		);
		return [[{ json: { stored: true }, binary: { data }, pairedItem: { item: 0 } }]];
	}
}

class BinaryHasher implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Binary Hasher',
		name: 'binaryHasher',
		group: ['transform'],
		version: 1,
		description: 'Hashes the incoming binary property',
		defaults: { name: 'Binary Hasher' },
		inputs: ['main'],
		outputs: ['main'],
		properties: [{ displayName: 'Property', name: 'property', type: 'string', default: 'data' }],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const out: INodeExecutionData[] = [];
		for (let i = 0; i < this.getInputData().length; i++) {
			const property = this.getNodeParameter('property', i) as string;
			const meta = this.helpers.assertBinaryData(i, property);
			const buffer = await this.helpers.getBinaryDataBuffer(i, property);
			out.push({
				json: {
					sha256: sha256(buffer),
					fileName: meta.fileName ?? null,
					mimeType: meta.mimeType,
					hasId: !!meta.id,
				},
				pairedItem: { item: i },
			});
		}
		return [out];
	}
}

describe('harness: binary data (filesystem mode)', () => {
	let harness: Harness;

	beforeAll(() => {
		harness = createHarness({
			nodeTypes: [
				{ name: 'streamProducer', type: new StreamProducer() },
				{ name: 'binaryHasher', type: new BinaryHasher() },
			],
			credentialTypes: [],
		});
	});

	afterAll(async () => {
		await harness?.close();
	});

	it('stores a 5 MB stream via prepareBinaryData and reads identical bytes back', async () => {
		const result = await harness.runNode({ type: 'streamProducer', parameters: {} });
		expect(result.error).toBeUndefined();
		const [item] = result.items;
		const binary = item.binary!.data;

		expect(binary.id).toMatch(/^filesystem(-v2)?:/);
		expect(binary.fileName).toBe('f.bin');
		expect(binary.mimeType).toBe('application/octet-stream');
		expect(binary.fileSize).toBe('5.24 MB');
		expect(binary.bytes).toBe(FIVE_MB.length);
		expect(binary.data).not.toHaveLength(FIVE_MB.length); // not inline

		const bytes = await result.binary(item);
		expect(sha256(bytes)).toBe(sha256(FIVE_MB));

		const chunks: Buffer[] = [];
		for await (const chunk of await result.binaryStream(item)) chunks.push(chunk as Buffer);
		expect(sha256(Buffer.concat(chunks))).toBe(sha256(FIVE_MB));

		// really on disk, below the harness's temp folder
		const filePath = Container.get(BinaryDataService).getPath(binary.id!);
		expect(filePath.startsWith(process.env.N8N_BINARY_DATA_STORAGE_PATH!)).toBe(true);
		expect(existsSync(filePath)).toBe(true);
	});

	it('feeds binary input items (Buffer, stream, inline base64) to the node under test', async () => {
		const small = Buffer.from('hello binary');
		const result = await harness.runNode({
			type: 'binaryHasher',
			parameters: {},
			items: [
				{
					json: { n: 0 },
					binary: {
						data: { data: FIVE_MB, fileName: 'big.bin', mimeType: 'application/octet-stream' },
					},
				},
				{ json: { n: 1 }, binary: { data: { data: Readable.from([small]), fileName: 'a.txt' } } },
				{
					json: { n: 2 },
					binary: { data: { data: small.toString('base64'), mimeType: 'text/plain' } },
				},
			],
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((i) => i.json)).toEqual([
			{
				sha256: sha256(FIVE_MB),
				fileName: 'big.bin',
				mimeType: 'application/octet-stream',
				hasId: true,
			},
			{ sha256: sha256(small), fileName: 'a.txt', mimeType: 'text/plain', hasId: true },
			{ sha256: sha256(small), fileName: null, mimeType: 'text/plain', hasId: true },
		]);
	});

	it('accepts output items of an earlier run as input (stored binary passed through by id)', async () => {
		const produced = await harness.runNode({ type: 'streamProducer', parameters: {} });
		const result = await harness.runNode({
			type: 'binaryHasher',
			parameters: {},
			items: produced.items,
		});
		expect(result.items[0].json).toEqual({
			sha256: sha256(FIVE_MB),
			fileName: 'f.bin',
			mimeType: 'application/octet-stream',
			hasId: true,
		});
	});
});

describe('harness: a new harness after the previous one closed', () => {
	it('re-creates the temp folders and still stores binary data', async () => {
		const harness = createHarness({
			nodeTypes: [{ name: 'streamProducer', type: new StreamProducer() }],
			credentialTypes: [],
		});
		try {
			const result = await harness.runNode({ type: 'streamProducer', parameters: {} });
			expect(result.error).toBeUndefined();
			expect(sha256(await result.binary(result.items[0]))).toBe(sha256(FIVE_MB));
		} finally {
			await harness.close();
		}
		expect(existsSync(process.env.N8N_BINARY_DATA_STORAGE_PATH!)).toBe(false);
	});
});
