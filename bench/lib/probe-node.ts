/* eslint-disable @n8n/community-nodes/node-usable-as-tool -- dev-only benchmark code: runs on Node and never ships in dist */
/**
 * A bench-only node that isolates the two halves of a download inside n8n's engine:
 * - `helperToNull`: n8n's request helper (`this.helpers.httpRequest`, axios) streaming a response that is
 *   read and thrown away: the socket read alone, through n8n's HTTP stack;
 * - `storeLocal`: `prepareBinaryData` of a stream generated in this process: the binary store write alone.
 */
import type {
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
} from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { generatedMediaStreamParams } from '../../emulator/fixtures';
import { deterministicStream } from '../../emulator/prng';

export const PROBE_NODE = 'benchProbe';

export class BenchProbe implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Bench Probe',
		name: PROBE_NODE,
		group: ['transform'],
		version: 1,
		description: 'Benchmark probe',
		defaults: { name: 'Bench Probe' },
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{ displayName: 'Mode', name: 'mode', type: 'string', default: '' },
			{ displayName: 'URL', name: 'url', type: 'string', default: '' },
			{ displayName: 'Headers', name: 'headers', type: 'json', default: '{}' },
			{ displayName: 'Bytes', name: 'bytes', type: 'number', default: 0 },
		],
	};

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		const mode = this.getNodeParameter('mode', 0) as string;
		const bytes = this.getNodeParameter('bytes', 0) as number;
		if (mode === 'storeLocal') {
			const p = generatedMediaStreamParams(bytes);
			const binary = await this.helpers.prepareBinaryData(
				deterministicStream(p.label, p.length),
				'file.bin',
				'application/octet-stream',
			);
			return [[{ json: { bytes: binary.bytes ?? null }, binary: { data: binary } }]];
		}
		const url = this.getNodeParameter('url', 0) as string;
		const headers = JSON.parse(this.getNodeParameter('headers', 0) as string) as Record<
			string,
			string
		>;
		const response = (await this.helpers.httpRequest({
			method: 'GET',
			url,
			headers,
			encoding: 'stream',
			returnFullResponse: true,
		})) as {
			body: NodeJS.ReadableStream;
		};
		let read = 0;
		for await (const chunk of response.body) read += (chunk as Buffer).length;
		return [[{ json: { bytes: read } }]];
	}
}
