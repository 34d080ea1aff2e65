import { createTestContext, pairedIndexes, sha256, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => t.emulator.resetCounters());

const download = (mediaId: unknown, extra: Record<string, unknown> = {}) => ({
	resource: 'media',
	operation: 'download',
	mediaId,
	...extra,
});

describe('media/download (Advanced Messaging Get Media)', () => {
	// Downloading with each authentication (access key, connection string, Entra ID) is the
	// acs-media-download example workflows, in examples.test.ts.

	it('names files from Content-Disposition, or from the id and MIME type, never as a path', async () => {
		const { pdf, ogg, png, unsafeFileName } = t.emulator.fixtures.acs.media;
		const result = await t.runAcs(
			'accessKey',
			download('={{ $json.id }}', { binaryPropertyName: 'file' }),
			{
				items: [{ id: pdf.id }, { id: ogg.id }, { id: png.id }, { id: unsafeFileName.id }],
			},
		);
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => [item.json.fileName, item.json.mimeType])).toEqual([
			['€ rates.pdf', 'application/pdf'],
			[`${ogg.id}.ogg`, 'audio/ogg'],
			[`${png.id}.png`, 'image/png'],
			[expect.not.stringContaining('/'), 'text/plain'],
		]);
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3]);
		for (const [index, fixture] of [pdf, ogg, png, unsafeFileName].entries()) {
			expect(sha256(await result.binary(result.items[index], 'file'))).toBe(fixture.sha256);
		}
	});

	it('streams a 100 MB file into the binary store intact', async () => {
		const large = t.emulator.fixtures.acs.largeMedia;
		const result = await t.runAcs('accessKey', download(large.id));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			fileSize: large.size,
			mimeType: 'application/zip',
			fileName: 'archive.zip',
		});
		const { createHash } = await import('crypto');
		const hash = createHash('sha256');
		for await (const chunk of await result.binaryStream(result.items[0]))
			hash.update(chunk as Buffer);
		expect(hash.digest('hex')).toBe(await large.sha256());
	}, 120_000);

	it("keeps the input item's other files and refuses to overwrite one", async () => {
		const { png } = t.emulator.fixtures.acs.media;
		const input = {
			json: { id: png.id },
			binary: {
				original: { data: Buffer.from('keep me'), fileName: 'a.txt', mimeType: 'text/plain' },
			},
		};
		const kept = await t.runAcs('accessKey', download(png.id), { items: [input] });
		expect(Object.keys(kept.items[0].binary!).sort()).toEqual(['data', 'original']);
		expect((await kept.binary(kept.items[0], 'original')).toString()).toBe('keep me');

		t.emulator.resetCounters();
		const clash = await t.runAcs(
			'accessKey',
			download(png.id, { binaryPropertyName: 'original' }),
			{ items: [input] },
		);
		expect(clash.error?.message).toBe(
			'Put Output File in Field "original" is already used by a file on the input item',
		);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('turns MediaNotFound into an error with the ACS code, message and status', async () => {
		const result = await t.runAcs('accessKey', download(t.emulator.fixtures.acs.unknownMediaId));
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
		expect(result.error!.message).toMatch(
			/^Azure Communication Services returned 404 MediaNotFound: /,
		);
		expect(result.error!.description).toMatch(/Check the ID/);
	});

	it('reports a wrong access key as the service does, without the key', async () => {
		const wrongKey = Buffer.alloc(64, 1).toString('base64');
		const credential = {
			type: 'azureCommunicationServicesApi',
			ref: t.harness.addCredential('azureCommunicationServicesApi', {
				endpoint: t.emulator.url,
				accessKey: wrongKey,
			}),
		};
		const result = await t.runAcs('accessKey', download(t.emulator.fixtures.acs.media.png.id), {
			credential,
		});
		expect(result.error).toMatchObject({ httpCode: '401' });
		expect(result.error!.message).toMatch(/401 Denied/);
		expect(JSON.stringify(result.error)).not.toContain(wrongKey);
	});

	it('reports a wrong Entra client secret with what Entra said, without the secret', async () => {
		const { entra } = t.emulator.acs;
		const credential = {
			type: 'azureCommunicationServicesOAuth2Api',
			ref: t.harness.addCredential('azureCommunicationServicesOAuth2Api', {
				endpoint: t.emulator.url,
				grantType: 'clientCredentials',
				tenantId: entra.tenantId,
				authorityHost: entra.authorityHost,
				clientId: entra.clientId,
				clientSecret: 'wrong-secret-value',
			}),
		};
		const result = await t.runAcs('oAuth2', download(t.emulator.fixtures.acs.media.png.id), {
			credential,
		});
		expect(result.error!.message).toMatch(/Failed to acquire OAuth2 access token/);
		expect(result.error!.description).toMatch(/^The identity provider said: AADSTS7000215/);
		expect(JSON.stringify(result.error)).not.toContain('wrong-secret-value');
		expect(t.emulator.counts()['acs.media.get'] ?? 0).toBe(0);
	});

	it.each<[unknown, string]>([
		['', 'Media ID is empty'],
		['   ', 'Media ID is empty'],
		[null, 'Media ID must be text, but it is null'],
		[{ id: 1 }, 'Media ID must be text, but it is an object'],
		['..', 'Media ID cannot be ".."'],
		['a\r\nb', 'Media ID contains a line break or another control character'],
		['x'.repeat(10_000), 'Media ID is too long (10000 characters; at most 1024)'],
	])('refuses media id %p from an expression before sending anything', async (mediaId, message) => {
		const result = await t.runAcs('accessKey', download('={{ $json.id }}'), {
			items: [{ id: mediaId } as never],
		});
		expect(result.error?.message).toBe(message);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('encodes an id as one path segment', async () => {
		const result = await t.runAcs('accessKey', download('a/../b?x=1#y'), { continueOnFail: true });
		expect(result.items[0].json.details).toMatchObject({ httpStatus: 404 });
		const [request] = t.emulator.requests();
		expect(request.path).toBe('/messages/streams/a%2F..%2Fb%3Fx%3D1%23y');
		expect(request.query).toBe('api-version=2024-02-01');
	});

	it('refuses the user access token for media', async () => {
		const result = await t.runAcs(
			'userAccessToken',
			download(t.emulator.fixtures.acs.media.png.id),
		);
		expect(result.error?.message).toBe('A user access token works only for chat operations');
	});

	it('with Continue On Fail, keeps every item in order', async () => {
		const { png, jpeg } = t.emulator.fixtures.acs.media;
		const ids = [png.id, '', t.emulator.fixtures.acs.unknownMediaId, jpeg.id];
		const result = await t.runAcs('accessKey', download('={{ $json.id }}'), {
			items: ids.map((id) => ({ id })),
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3]);
		expect(result.items[0].json.mediaId).toBe(png.id);
		expect(result.items[1].json.error).toBe('Media ID is empty');
		expect(result.items[2].json.details).toMatchObject({ httpStatus: 404, code: 'MediaNotFound' });
		expect(result.items[3].json.mediaId).toBe(jpeg.id);
	});

	it('uses the api-version option', async () => {
		await t.runAcs(
			'accessKey',
			download(t.emulator.fixtures.acs.media.png.id, { options: { apiVersion: '2024-08-30' } }),
		);
		expect(t.emulator.requests()[0].query).toBe('api-version=2024-08-30');
		const bad = await t.runAcs(
			'accessKey',
			download(t.emulator.fixtures.acs.media.png.id, { options: { apiVersion: 'latest' } }),
		);
		expect(bad.error?.message).toBe('API Version "latest" is not an API version');
	});
});
