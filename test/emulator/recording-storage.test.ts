/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { CallAutomationClient } from '@azure/communication-call-automation';
import { readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator, type Emulator } from '../../emulator';
import { entraToken, rawRequest, sha256Hex } from './helpers';
import { asSkypeLocation, recordingStorageShim, SDK_STORAGE_HOST } from './recordingStorageShim';

/** The SDK is the oracle: what it downloads, deletes and is refused is what the storage host must do. */
let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => emu.resetCounters());

const BYTES = 256 * 1024 + 17;

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

const hmacClient = () =>
	new CallAutomationClient(emu.acs.connectionString, recordingStorageShim(emu)).getCallRecording();

function recording(format: 'wav' | 'mp3' | 'mp4' = 'wav', bytes = BYTES) {
	const { document, locations } = emu.recordings.create({ bytes, format });
	return {
		document,
		content: asSkypeLocation(emu, locations.contentLocation),
		metadata: asSkypeLocation(emu, locations.metadataLocation),
		delete: asSkypeLocation(emu, locations.deleteLocation),
	};
}

describe('recording storage host, driven by @azure/communication-call-automation', () => {
	test('downloadStreaming (HMAC): the bytes of the document, signed for the ACS host', async () => {
		const { document, content } = recording();
		const body = await readAll(await hmacClient().downloadStreaming(content));
		expect(body).toHaveLength(BYTES);
		expect(sha256Hex(body)).toBe(await emu.recordings.sha256(document.documentId));
		expect(emu.counts()['recording.content']).toBe(1);
		const [request] = emu.requests();
		expect(request).toMatchObject({
			status: 200,
			path: `/v1/objects/${document.documentId}/content/audio`,
		});
		expect(request!.headers).toMatchObject({
			host: SDK_STORAGE_HOST,
			'x-ms-host': new URL(emu.url).host,
			originalurl: content,
			authorization: expect.stringMatching(/^HMAC-SHA256 /) as unknown as string,
		});
	});

	test('downloadToPath writes the same file; mp4 is served as video', async () => {
		const { document, content } = recording('mp4');
		expect(content).toMatch(/\/content\/video$/);
		const path = join(tmpdir(), `rec-${document.documentId}.mp4`);
		try {
			await hmacClient().downloadToPath(content, path);
			expect(sha256Hex(await readFile(path))).toBe(
				await emu.recordings.sha256(document.documentId),
			);
		} finally {
			await rm(path, { force: true });
		}
		expect(emu.requests()[0]!.status).toBe(200);
	});

	test('offset and offset+length: 206 with the right slice', async () => {
		const { document, content } = recording();
		const whole = await readAll(await hmacClient().downloadStreaming(content));
		const tail = await readAll(await hmacClient().downloadStreaming(content, { offset: 1000 }));
		expect(tail.equals(whole.subarray(1000))).toBe(true);
		const slice = await readAll(
			await hmacClient().downloadStreaming(content, { offset: 70_000, length: 5000 }),
		);
		expect(slice.equals(whole.subarray(70_000, 75_000))).toBe(true);
		const ranged = emu.requests().slice(1);
		expect(ranged.map((r) => [r.status, r.headers.range])).toEqual([
			[206, 'bytes=1000-'],
			[206, 'bytes=70000-74999'],
		]);
		expect(document.bytes).toBe(BYTES);
	});

	test('a range beyond the end is 416 with the size', async () => {
		const { content } = recording();
		await expect(hmacClient().downloadStreaming(content, { offset: BYTES })).rejects.toMatchObject({
			status: 416,
		});
		const [request] = emu.requests();
		expect(request!.status).toBe(416);
	});

	test('Entra token: downloads too', async () => {
		const { document, content } = recording('mp3');
		const client = new CallAutomationClient(
			emu.url.replace(/^http:/, 'https:'),
			{
				getToken: async () => ({
					token: await entraToken(emu),
					expiresOnTimestamp: Date.now() + 600_000,
				}),
			},
			recordingStorageShim(emu),
		).getCallRecording();
		const body = await readAll(await client.downloadStreaming(content));
		expect(sha256Hex(body)).toBe(await emu.recordings.sha256(document.documentId));
		const request = emu.requests().find((r) => r.endpoint === 'recording.content')!;
		expect(request.headers.authorization).toMatch(/^Bearer /);
		expect(request.headers['content-type']).toBeUndefined();
	});

	test('metadata: the ACS metadata document of the chunk', async () => {
		const { document, metadata } = recording();
		const response = await rawRequest(`${emu.recordingStorageUrl}/`, { path: '/' });
		expect(response.status).toBe(404);
		const body = await readAll(await hmacClient().downloadStreaming(metadata));
		expect(JSON.parse(body.toString())).toMatchObject({
			resourceId: emu.fixtures.acs.resourceId,
			chunkDocumentId: document.documentId,
			chunkIndex: 0,
			recordingInfo: { format: 'wav', audioConfiguration: { channels: 1 } },
		});
		expect(emu.counts()['recording.metadata']).toBe(1);
	});

	test('delete: 200 (the only status the SDK accepts), then the content is 404', async () => {
		const { content, delete: deleteLocation } = recording();
		await hmacClient().delete(deleteLocation);
		expect(emu.requests().at(-1)).toMatchObject({ endpoint: 'recording.delete', status: 200 });
		await expect(hmacClient().downloadStreaming(content)).rejects.toMatchObject({ status: 404 });
	});

	test('a wrong key, a wrong x-ms-host or no credential: 401', async () => {
		const { content } = recording();
		const otherKey = Buffer.alloc(32, 7).toString('base64');
		const wrong = new CallAutomationClient(
			`endpoint=${emu.url}/;accesskey=${otherKey}`,
			recordingStorageShim(emu),
		).getCallRecording();
		await expect(wrong.downloadStreaming(content)).rejects.toMatchObject({ status: 401 });
		const path = new URL(content).pathname;
		const anonymous = await rawRequest(emu.recordingStorageUrl, { path });
		expect(anonymous.status).toBe(401);
		const otherHost = await rawRequest(emu.recordingStorageUrl, {
			path,
			headers: { 'x-ms-host': 'evil.example.com' },
		});
		expect(otherHost.status).toBe(401);
		expect(JSON.parse(otherHost.body.toString())).toMatchObject({ status: 401 });
		expect(emu.counts()['recording.content']).toBe(3);
	});
});
