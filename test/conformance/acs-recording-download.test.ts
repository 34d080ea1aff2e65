import { CallAutomationClient } from '@azure/communication-call-automation';

import type { RecordedRequest } from '../../emulator';
import { signHmac } from '../emulator/helpers';
import { asSkypeLocation, recordingStorageShim } from '../emulator/recordingStorageShim';
import { createTestContext, type TestContext } from '../nodes/context';
import {
	EmulatorEntraCredential,
	extraHeaderNames,
	headerValue,
	httpsUrl,
	isSuccess,
	recordRequests,
	wire,
	type Wire,
} from './wire';

/**
 * Wire conformance of the recording operations with `@azure/communication-call-automation`'s
 * CallRecording (downloadStreaming, delete): the SDK and the node download from the same storage host
 * and their requests must agree on method, path, query, body, content type, auth scheme, x-ms-host and
 * accept; OriginalUrl names the location each was given, and the HMAC is recomputed for the ACS host.
 */

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());

const emu = () => t.emulator;

type Op = 'download' | 'downloadMetadata' | 'delete';
const LOCATION: Record<Op, 'contentLocation' | 'metadataLocation' | 'deleteLocation'> = {
	download: 'contentLocation',
	downloadMetadata: 'metadataLocation',
	delete: 'deleteLocation',
};

const newLocation = (op: Op) =>
	emu().recordings.create({ bytes: 50_000, format: 'wav' }).locations[LOCATION[op]];

async function drain(stream: NodeJS.ReadableStream): Promise<void> {
	for await (const chunk of stream) void chunk;
}

const hmacSdk = () =>
	new CallAutomationClient(
		emu().acs.connectionString,
		recordingStorageShim(emu()),
	).getCallRecording();
const entraSdk = () =>
	new CallAutomationClient(
		httpsUrl(emu()),
		new EmulatorEntraCredential(emu()),
		recordingStorageShim(emu()),
	).getCallRecording();

async function sdkRequest(
	client: ReturnType<typeof hmacSdk>,
	op: Op,
	location: string,
): Promise<RecordedRequest> {
	const requests = await recordRequests(emu(), async () => {
		if (op === 'delete') await client.delete(location);
		else await drain(await client.downloadStreaming(location));
	});
	expect(requests).toHaveLength(1);
	return requests[0]!;
}

async function nodeRequest(auth: 'accessKey' | 'oAuth2', op: Op, location: string) {
	let error: unknown;
	const requests = await recordRequests(emu(), async () => {
		const result = await t.runAcs(auth, {
			resource: 'recording',
			operation: op,
			[LOCATION[op]]: location,
		});
		error = result.error;
	});
	expect(error).toBeUndefined();
	expect(requests).toHaveLength(1);
	return requests[0]!;
}

/** What both must agree on, beyond the wire: the storage headers of the SDK's content downloader. */
const storageView = (request: RecordedRequest) => ({
	wire: wire(request),
	xMsHost: headerValue(request, 'x-ms-host'),
	accept: headerValue(request, 'accept'),
	range: headerValue(request, 'range'),
});

/** The HMAC recomputed for the ACS host named in x-ms-host (the Host header names the storage host). */
function expectSignedForAcsHost(request: RecordedRequest) {
	const authorization = signHmac({
		accessKey: emu().acs.accessKey,
		method: request.method,
		pathAndQuery: request.query ? `${request.path}?${request.query}` : request.path,
		host: headerValue(request, 'x-ms-host') ?? '',
		date: headerValue(request, 'x-ms-date') ?? '',
		contentHash: headerValue(request, 'x-ms-content-sha256') ?? '',
	});
	expect(headerValue(request, 'authorization')).toBe(authorization);
	// sha256 of the empty body, as the SDK signs a GET/DELETE with body "".
	expect(headerValue(request, 'x-ms-content-sha256')).toBe(
		'47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=',
	);
}

const OPS: Op[] = ['download', 'downloadMetadata', 'delete'];

describe('recording operations vs CallRecording of @azure/communication-call-automation', () => {
	it.each(OPS)('HMAC: %s sends what the SDK sends', async (op) => {
		const sdkLocation = asSkypeLocation(emu(), newLocation(op));
		const sdk = await sdkRequest(hmacSdk(), op, sdkLocation);
		const nodeLocation = newLocation(op);
		const node = await nodeRequest('accessKey', op, nodeLocation);
		expect(isSuccess(sdk) && isSuccess(node)).toBe(true);
		expect(node.endpoint).toBe(sdk.endpoint);
		expect(storageView(node)).toEqual({
			...storageView(sdk),
			wire: { ...wire(sdk), path: node.path },
		});
		// Each names its own document; the path shape is the same.
		expect(node.path.replace(/objects\/[^/]+/, 'objects/X')).toBe(
			sdk.path.replace(/objects\/[^/]+/, 'objects/X'),
		);
		expect(storageView(node).xMsHost).toBe(new URL(emu().url).host);
		expect(headerValue(sdk, 'originalurl')).toBe(sdkLocation);
		expect(headerValue(node, 'originalurl')).toBe(nodeLocation);
		expectSignedForAcsHost(sdk);
		expectSignedForAcsHost(node);
	});

	it.each(OPS)('Entra: %s sends what the SDK sends', async (op) => {
		const sdk = await sdkRequest(entraSdk(), op, asSkypeLocation(emu(), newLocation(op)));
		const node = await nodeRequest('oAuth2', op, newLocation(op));
		expect(isSuccess(sdk) && isSuccess(node)).toBe(true);
		const withoutPath = (w: Wire) => ({ ...w, path: '' });
		expect({ ...storageView(node), wire: withoutPath(wire(node)) }).toEqual({
			...storageView(sdk),
			wire: withoutPath(wire(sdk)),
		});
		expect(wire(node).auth).toMatchObject({ scheme: 'Bearer', token: 'entra' });
	});

	it('headers one sends and the other does not (documented)', async () => {
		const sdk = await sdkRequest(
			hmacSdk(),
			'download',
			asSkypeLocation(emu(), newLocation('download')),
		);
		const node = await nodeRequest('accessKey', 'download', newLocation('download'));
		// The SDK's client request id (for tracing); the node sends nothing the SDK does not.
		expect(extraHeaderNames(sdk, node)).toEqual(['x-ms-client-request-id']);
		expect(extraHeaderNames(node, sdk)).toEqual([]);
	});
});
