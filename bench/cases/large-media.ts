/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only benchmark code: runs on Node and never ships in dist */
/**
 * One large download in a fresh process: wall time and peak RSS growth over the process's baseline
 * (taken after the harness is up and a 1 MB warm-up download of the same kind has run).
 *
 * Targets: the package's nodes (ACS `media/download`, SignalWire `download`), n8n's HTTP Request node
 * (file response), and probes that split a download in two: the socket read (plain `http.get`, `fetch`,
 * n8n's request helper, each thrown away) and the write (`http.get` piped to a file, `fs.writeFile` of
 * the response stream as n8n's filesystem store does, `prepareBinaryData` of a local stream).
 */
import { createWriteStream } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { get, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';

import type { EmulatorInfo } from '../lib/emulator-process';
import { startMemorySampler, type MemoryReport } from '../lib/memory';
import { PROBE_NODE } from '../lib/probe-node';
import { caseInput, report } from '../lib/processes';
import { ACS_NODE, createBenchSetup, HTTP_REQUEST_NODE, SIGNALWIRE_NODE } from '../lib/setup';

export const LARGE_TARGETS = [
	'nodeAcs',
	'nodeSignalWire',
	'httpRequest',
	'rawToNull',
	'fetchToNull',
	'helperToNull',
	'rawToFile',
	'rawWriteFile',
	'storeLocal',
] as const;
export type LargeTarget = (typeof LARGE_TARGETS)[number];

export interface LargeInput {
	emu: EmulatorInfo;
	target: LargeTarget;
	bytes: number;
}

export interface LargeOutput {
	seconds: number;
	bytes: number;
	memory: MemoryReport;
}

const input = caseInput<LargeInput>();
const s = createBenchSetup(input.emu);
const tmpFile = path.join(tmpdir(), `bench-large-${process.pid}.bin`);

function httpGet(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
	return new Promise((resolve, reject) => get(url, { headers }, resolve).on('error', reject));
}

async function download(target: LargeTarget, bytes: number): Promise<number> {
	const mediaId = `${input.emu.acs.generatedMediaPrefix}${bytes}`;
	const acsUrl = s.mediaUrl(mediaId);
	switch (target) {
		case 'nodeAcs': {
			const r = await s.run(
				ACS_NODE,
				{ authentication: 'accessKey', resource: 'media', operation: 'download', mediaId },
				{ azureCommunicationServicesApi: s.accessKeyCredential() },
				[{}],
			);
			return r.items[0].binary?.data?.bytes ?? -1;
		}
		case 'nodeSignalWire': {
			const r = await s.run(
				SIGNALWIRE_NODE,
				{
					resource: 'messageMedia',
					operation: 'download',
					messageSid: input.emu.signalwire.messageSid,
					mediaSid: mediaId,
				},
				{ signalWireApi: s.signalWireCredential },
				[{}],
			);
			return r.items[0].binary?.data?.bytes ?? -1;
		}
		case 'httpRequest': {
			const headers = s.presignedHeaders(acsUrl);
			const r = await s.run(
				HTTP_REQUEST_NODE,
				{
					method: 'GET',
					url: acsUrl,
					sendHeaders: true,
					headerParameters: {
						parameters: Object.entries(headers).map(([name, value]) => ({ name, value })),
					},
					options: { response: { response: { responseFormat: 'file' } } },
				},
				{},
				[{}],
			);
			return r.items[0].binary?.data?.bytes ?? -1;
		}
		case 'helperToNull':
		case 'storeLocal': {
			const r = await s.run(
				PROBE_NODE,
				{ mode: target, url: acsUrl, headers: JSON.stringify(s.presignedHeaders(acsUrl)), bytes },
				{},
				[{}],
			);
			return Number(r.items[0].json.bytes);
		}
		case 'rawToNull': {
			let read = 0;
			for await (const chunk of await httpGet(acsUrl, s.presignedHeaders(acsUrl)))
				read += (chunk as Buffer).length;
			return read;
		}
		case 'fetchToNull': {
			const response = await fetch(acsUrl, { headers: s.presignedHeaders(acsUrl) });
			let read = 0;
			for await (const chunk of response.body!) read += chunk.length;
			return read;
		}
		case 'rawToFile': {
			const response = await httpGet(acsUrl, s.presignedHeaders(acsUrl));
			const out = createWriteStream(tmpFile);
			await pipeline(response, out);
			return out.bytesWritten;
		}
		case 'rawWriteFile': {
			const response = await httpGet(acsUrl, s.presignedHeaders(acsUrl));
			let read = 0;
			response.on('data', (chunk: Buffer) => (read += chunk.length));
			await writeFile(tmpFile, response);
			return read;
		}
	}
}

async function main(): Promise<void> {
	const warmBytes = 1024 * 1024;
	if ((await download(input.target, warmBytes)) !== warmBytes)
		throw new Error(`${input.target}: warm-up size mismatch`);
	await rm(tmpFile, { force: true });
	const sampler = startMemorySampler(10);
	const started = performance.now();
	const bytes = await download(input.target, input.bytes);
	const seconds = (performance.now() - started) / 1000;
	const memory = sampler.stop();
	if (bytes !== input.bytes)
		throw new Error(`${input.target}: got ${bytes} bytes, expected ${input.bytes}`);
	await rm(tmpFile, { force: true });
	await s.close();
	const out: LargeOutput = { seconds, bytes, memory };
	report(out);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
