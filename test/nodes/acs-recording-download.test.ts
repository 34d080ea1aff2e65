import type { RecordingFormat } from '../../emulator';
import { createTestContext, pairedIndexes, sha256, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.faults.clear();
});

function recording(bytes = 200_000 + 3, format: RecordingFormat = 'wav', redirectTo?: string) {
	return t.emulator.recordings.create({ bytes, format, redirectTo });
}

const op = (operation: string, extra: Record<string, unknown>) => ({
	resource: 'recording',
	operation,
	...extra,
});

const acsHost = () => new URL(t.emulator.url).host;
/** The storage host's requests (the Entra token requests of oAuth2 runs left out). */
const storageRequests = () =>
	t.emulator.requests().filter((r) => r.endpoint.startsWith('recording.'));

describe('recording/download', () => {
	it.each([
		['accessKey', 'wav', 'audio/wav', 'wav'],
		['oAuth2', 'mp3', 'audio/mpeg', 'mp3'],
		['accessKey', 'mp4', 'video/mp4', 'mp4'],
	] as const)(
		'%s: %s into the binary store with its MIME type and name',
		async (auth, format, mime, ext) => {
			const { document, locations } = recording(200_003, format);
			const result = await t.runAcs(
				auth,
				op('download', { contentLocation: locations.contentLocation }),
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({
				documentId: document.documentId,
				contentLocation: locations.contentLocation,
				mimeType: mime,
				fileName: `${document.documentId}.${ext}`,
				fileSize: document.bytes,
			});
			const binary = await result.binary(result.items[0], 'data');
			expect(sha256(binary)).toBe(await t.emulator.recordings.sha256(document.documentId));
			const [request] = storageRequests();
			expect(request).toMatchObject({ endpoint: 'recording.content', status: 200, query: '' });
			expect(request.headers).toMatchObject({
				'x-ms-host': acsHost(),
				originalurl: locations.contentLocation,
				accept: 'application/json',
			});
			expect(request.headers.authorization).toMatch(
				auth === 'accessKey' ? /^HMAC-SHA256 / : /^Bearer /,
			);
		},
	);

	it('takes the location from the event by default', async () => {
		const { document, locations } = recording();
		const event = {
			data: {
				recordingStorageInfo: {
					recordingChunks: [{ ...locations, documentId: document.documentId }],
				},
			},
		};
		const result = await t.runAcs(
			'accessKey',
			op('download', { binaryPropertyName: 'recording' }),
			{
				items: [event],
			},
		);
		expect(result.error).toBeUndefined();
		expect(sha256(await result.binary(result.items[0], 'recording'))).toBe(
			await t.emulator.recordings.sha256(document.documentId),
		);
	});

	it('a deleted recording is a NodeApiError 404 with the host message and a hint', async () => {
		const { document, locations } = recording();
		document.deleted = true;
		const result = await t.runAcs(
			'accessKey',
			op('download', { contentLocation: locations.contentLocation }),
		);
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
		expect(result.error!.message).toContain(
			`Recording object ${document.documentId} was not found.`,
		);
		expect(result.error!.description).toMatch(/24 hours/);
	});

	it('a wrong access key is a NodeApiError 401, without the key', async () => {
		const wrongKey = Buffer.alloc(64, 1).toString('base64');
		const credential = {
			type: 'azureCommunicationServicesApi',
			ref: t.harness.addCredential('azureCommunicationServicesApi', {
				endpoint: t.emulator.url,
				accessKey: wrongKey,
			}),
		};
		const { locations } = recording();
		const result = await t.runAcs(
			'accessKey',
			op('download', { contentLocation: locations.contentLocation }),
			{
				credential,
			},
		);
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
		expect(JSON.stringify(result.error)).not.toContain(wrongKey);
	});

	it('oAuth2: renews the token once after a 401', async () => {
		const { document, locations } = recording();
		t.emulator.faults.inject({ endpoint: 'recording.content', kind: '401' });
		const result = await t.runAcs(
			'oAuth2',
			op('download', { contentLocation: locations.contentLocation }),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.fileSize).toBe(document.bytes);
		expect(t.emulator.counts()['recording.content']).toBe(2);
	});

	it('a truncated download is retried from the start and ends complete', async () => {
		const { document, locations } = recording(1_000_000);
		t.emulator.faults.inject({ endpoint: 'recording.content', kind: 'truncate' });
		const result = await t.runAcs(
			'accessKey',
			op('download', { contentLocation: locations.contentLocation }),
		);
		expect(result.error).toBeUndefined();
		expect(sha256(await result.binary(result.items[0], 'data'))).toBe(
			await t.emulator.recordings.sha256(document.documentId),
		);
		expect(t.emulator.requests().map((r) => [r.endpoint, r.headers.range])).toEqual([
			['recording.content', undefined],
			['recording.content', undefined],
		]);
	});

	it.each([
		['https://storage.example.com/v1/objects/x/content/audio', 'https://storage.example.com'],
		[
			'http://us-storage.asm.skype.com/v1/objects/x/content/audio',
			'http://us-storage.asm.skype.com',
		],
		[
			'https://us-storage.asm.skype.com.evil.example/v1/objects/x/content/audio',
			'https://us-storage.asm.skype.com.evil.example',
		],
		['ftp://127.0.0.1/v1/objects/x/content/audio', 'ftp://127.0.0.1'],
	])('refuses %s before any request', async (location, shown) => {
		const result = await t.runAcs('accessKey', op('download', { contentLocation: location }));
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toBe(
			`Content Location points to ${shown}, which is not a recording location of ACS (https on *.asm.skype.com, *.asyncgw.teams.microsoft.com, *.ams.gov.teams.microsoft.us); the credential was not sent`,
		);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('refuses an empty location and a non-URL, before any request', async () => {
		const result = await t.runAcs(
			'accessKey',
			op('download', { contentLocation: '={{ $json.location }}' }),
			{
				items: [{ location: '' }, { location: 'not a url' }, { location: 42 }],
				continueOnFail: true,
			},
		);
		expect(result.items.map((item) => item.json.error)).toEqual([
			'Content Location is empty',
			'Content Location is not an absolute URL; the credential was not sent',
			'Content Location must be text (a URL)',
		]);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('does not follow a redirect: the foreign host gets nothing', async () => {
		const { locations } = recording(1000, 'wav', `${t.emulator.foreignHostUrl}/recording.wav`);
		const result = await t.runAcs(
			'accessKey',
			op('download', { contentLocation: locations.contentLocation }),
		);
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toBe('The recording host answered 307 instead of 200');
		const counts = t.emulator.counts();
		expect(counts['recording.content']).toBe(1);
		expect(counts['foreign.get']).toBeUndefined();
		expect(counts['foreign.get.authorization']).toBeUndefined();
	});

	it('with Continue On Fail, keeps every item in order', async () => {
		const good = recording(5000);
		const gone = recording(5000);
		gone.document.deleted = true;
		const result = await t.runAcs(
			'accessKey',
			op('download', { contentLocation: '={{ $json.location }}' }),
			{
				items: [
					{ location: good.locations.contentLocation },
					{ location: 'https://example.com/x' },
					{ location: gone.locations.contentLocation },
					{ location: good.locations.contentLocation },
				],
				continueOnFail: true,
			},
		);
		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3]);
		expect(result.items[0].json.fileSize).toBe(5000);
		expect(result.items[1].json.error).toMatch(/^Content Location points to https:\/\/example.com/);
		expect(result.items[2].json.details).toMatchObject({ httpStatus: 404 });
		expect(result.items[3].json.fileSize).toBe(5000);
	});
});

describe('recording/downloadMetadata', () => {
	it.each(['accessKey', 'oAuth2'] as const)(
		'%s: the metadata document as one item',
		async (auth) => {
			const { document, locations } = recording();
			const result = await t.runAcs(
				auth,
				op('downloadMetadata', { metadataLocation: locations.metadataLocation }),
			);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(1);
			expect(result.items[0].json).toMatchObject({
				chunkDocumentId: document.documentId,
				resourceId: t.emulator.fixtures.acs.resourceId,
				recordingInfo: { format: 'wav' },
			});
			expect(storageRequests()[0]).toMatchObject({
				endpoint: 'recording.metadata',
				status: 200,
			});
		},
	);

	it('a deleted recording is a NodeApiError 404', async () => {
		const { document, locations } = recording();
		document.deleted = true;
		const result = await t.runAcs(
			'accessKey',
			op('downloadMetadata', { metadataLocation: locations.metadataLocation }),
		);
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
	});
});

describe('recording/delete', () => {
	it.each(['accessKey', 'oAuth2'] as const)(
		'%s: deletes; later downloads are 404',
		async (auth) => {
			const { locations } = recording();
			const result = await t.runAcs(
				auth,
				op('delete', { deleteLocation: locations.deleteLocation }),
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({
				deleted: true,
				deleteLocation: locations.deleteLocation,
			});
			expect(storageRequests()[0]).toMatchObject({
				endpoint: 'recording.delete',
				method: 'DELETE',
				status: 200,
			});
			const after = await t.runAcs(
				auth,
				op('download', { contentLocation: locations.contentLocation }),
			);
			expect(after.error).toMatchObject({ httpCode: '404' });
		},
	);

	it('a second delete is 404', async () => {
		const { locations } = recording();
		await t.runAcs('accessKey', op('delete', { deleteLocation: locations.deleteLocation }));
		const again = await t.runAcs(
			'accessKey',
			op('delete', { deleteLocation: locations.deleteLocation }),
		);
		expect(again.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
	});

	it('refuses a foreign delete location before any request', async () => {
		const result = await t.runAcs(
			'accessKey',
			op('delete', { deleteLocation: 'https://evil.example.com/v1/objects/x/content/deletedata' }),
		);
		expect(result.error!.message).toMatch(
			/^Delete Location points to https:\/\/evil\.example\.com, .*the credential was not sent$/,
		);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});
});
