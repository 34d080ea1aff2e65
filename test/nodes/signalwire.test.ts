import { createHash } from 'crypto';

import { generatedMediaSha256 } from '../../emulator';
import { WorkflowTestHarness } from '../harness/workflow-files';
import { createTestContext, pairedIndexes, sha256, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
});

const sw = () => t.emulator.fixtures.signalwire;
const accountPath = () => `/api/laml/2010-04-01/Accounts/${t.emulator.signalwire.projectId}`;
const op = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'messageMedia',
	operation,
	...extra,
});

describe('SignalWire messageMedia/get (Retrieve Message Media)', () => {
	const workflows = new WorkflowTestHarness(() => t.workflows);

	workflows.setupTests({
		workflowFiles: ['workflows/signalwire.get-media.json'],
		title: 'returns the media resource with every field',
		output: () => {
			const media = sw().media.small.direct;
			return {
				nodeData: {
					'Retrieve message media': [
						{
							json: {
								account_sid: t.emulator.signalwire.projectId,
								content_type: media.contentType,
								date_created: media.dateCreated,
								date_updated: media.dateCreated,
								parent_sid: media.messageSid,
								sid: media.sid,
								uri: `${accountPath()}/Messages/${media.messageSid}/Media/${media.sid}.json`,
							},
						},
					],
				},
			};
		},
		customAssertions: () => {
			const media = sw().media.small.direct;
			const [request] = t.emulator.requests();
			expect(request.path).toBe(
				`${accountPath()}/Messages/${media.messageSid}/Media/${media.sid}.json`,
			);
			expect(request.headers.authorization).toBe(
				`Basic ${Buffer.from(`${t.emulator.signalwire.projectId}:${t.emulator.signalwire.apiToken}`).toString('base64')}`,
			);
		},
	});

	workflows.setupTests({
		workflowFiles: ['workflows/signalwire.get-unknown-media.json'],
		title: 'turns a SignalWire error body into an error with its code, message and status',
		output: () => ({
			error: {
				node: 'Retrieve message media',
				httpCode: '404',
				message: expect.stringMatching(/^SignalWire returned 404 20404: /),
			},
		}),
		customAssertions: () => expect(t.emulator.counts()['sw.media.get']).toBe(1),
	});

	it('reports a wrong token as an authentication error', async () => {
		const credential = {
			type: 'signalWireApi',
			ref: t.harness.addCredential('signalWireApi', {
				spaceUrl: t.emulator.url,
				projectId: t.emulator.signalwire.projectId,
				apiToken: 'PTwrong',
			}),
		};
		const result = await t.runSignalWire(
			op('get', { messageSid: sw().messageSids.small, mediaSid: sw().media.small.direct.sid }),
			{ credential },
		);
		expect(result.error).toMatchObject({ httpCode: '401' });
		expect(result.error!.message).toMatch(/401 20003/);
		expect(result.error!.description).toMatch(/Messaging scope/);
	});

	it.each([
		[{ messageSid: '={{ "" }}' }, 'Message SID is empty'],
		[{ mediaSid: '={{ " " }}' }, 'Media SID is empty'],
		[
			{ mediaSid: '={{ "a\\nb" }}' },
			'Media SID contains a line break or another control character',
		],
	])('refuses %p before sending anything', async (override, message) => {
		const result = await t.runSignalWire(
			op('get', {
				messageSid: sw().messageSids.small,
				mediaSid: sw().media.small.direct.sid,
				...override,
			}),
		);
		expect(result.error?.message).toBe(message);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('encodes sids as single path segments', async () => {
		const result = await t.runSignalWire(op('get', { messageSid: '../x', mediaSid: 'a/b?c#d' }), {
			continueOnFail: true,
		});
		expect(result.items[0].json.details).toMatchObject({ httpStatus: 404 });
		expect(t.emulator.requests()[0].path).toBe(
			`${accountPath()}/Messages/..%2Fx/Media/a%2Fb%3Fc%23d.json`,
		);
	});
});

describe('SignalWire messageMedia/getAll', () => {
	const listed = (limit: number | 'all', pageSize: number) =>
		t.runSignalWire(
			op('getAll', {
				messageSid: sw().messageSids.many,
				...(limit === 'all' ? { returnAll: true } : { limit }),
				options: { pageSize },
			}),
		);

	it.each<[number | 'all', number, number, number]>([
		[30, 50, 30, 1],
		[70, 50, 70, 2],
		[125, 25, 125, 5],
		[500, 40, 125, 4],
		['all', 50, 125, 3],
	])(
		'limit %p with page size %p returns %p media in %p requests',
		async (limit, pageSize, expected, requests) => {
			const result = await listed(limit, pageSize);
			expect(result.error).toBeUndefined();
			expect(result.items).toHaveLength(expected);
			expect(new Set(result.items.map((item) => item.json.sid)).size).toBe(expected);
			expect(result.items.map((item) => item.json.sid)).toEqual(
				sw()
					.media.many.slice(0, expected)
					.map((m) => m.sid),
			);
			expect(t.emulator.counts()['sw.media.list']).toBe(requests);
			const queries = t.emulator.requests().map((request) => new URLSearchParams(request.query));
			expect(queries.slice(1).every((query) => query.get('PageToken'))).toBe(true);
			expect(new Set(pairedIndexes(result.items))).toEqual(new Set([0]));
		},
	);

	it('filters by creation date', async () => {
		const result = await t.runSignalWire(
			op('getAll', {
				messageSid: sw().messageSids.many,
				returnAll: true,
				filters: { dateCreatedAfter: '2025-03-02', dateCreatedBefore: '2025-03-05' },
			}),
		);
		const expected = sw().media.many.filter((m) => {
			const day = m.createdAt.toISOString().slice(0, 10);
			return day >= '2025-03-02' && day <= '2025-03-05';
		});
		expect(result.items.map((item) => item.json.sid)).toEqual(expected.map((m) => m.sid));
		const query = new URLSearchParams(t.emulator.requests()[0].query);
		expect(query.get('DateCreated>')).toBe('2025-03-02');
		expect(query.get('DateCreated<')).toBe('2025-03-05');
	});
});

describe('SignalWire messageMedia/delete', () => {
	it('deletes media and says so', async () => {
		const media = sw().media.small.redirect302;
		const result = await t.runSignalWire(
			op('delete', { messageSid: media.messageSid, mediaSid: media.sid }),
		);
		expect(result.items[0].json).toEqual({
			sid: media.sid,
			messageSid: media.messageSid,
			deleted: true,
		});
		expect(t.emulator.requests()[0].method).toBe('DELETE');
		const again = await t.runSignalWire(
			op('get', { messageSid: media.messageSid, mediaSid: media.sid }),
		);
		expect(again.error).toMatchObject({ httpCode: '404' });
	});

	it('says plainly that media of a message in progress cannot be deleted yet', async () => {
		const media = sw().media.inProgress;
		const result = await t.runSignalWire(
			op('delete', { messageSid: media.messageSid, mediaSid: media.sid }),
		);
		expect(result.error).toMatchObject({ httpCode: '422' });
		expect(result.error!.message).toMatch(/^SignalWire returned 422 20009: /);
		expect(result.error!.description).toMatch(/still queued or being sent/);
		expect(t.emulator.counts()['sw.media.delete']).toBe(1);
	});
});

describe('SignalWire messageMedia/download', () => {
	it.each(['direct', 'redirect302', 'redirect307'] as const)(
		'downloads %s media byte for byte',
		async (delivery) => {
			const media = sw().media.small[delivery];
			const result = await t.runSignalWire(
				op('download', { messageSid: media.messageSid, mediaSid: media.sid }),
			);
			expect(result.error).toBeUndefined();
			const [item] = result.items;
			expect(item.json).toEqual({
				sid: media.sid,
				messageSid: media.messageSid,
				mimeType: media.contentType,
				fileName: expect.stringContaining(media.sid),
				fileSize: media.size,
			});
			expect(sha256(await result.binary(item))).toBe(media.sha256);
			if (delivery !== 'direct') expect(t.emulator.counts()['filehost.get']).toBe(1);
		},
	);

	it("falls back to the media resource's content_type when the file comes as application/octet-stream", async () => {
		const media = sw().media.small.untyped;
		const result = await t.runSignalWire(
			op('download', { messageSid: media.messageSid, mediaSid: media.sid }),
		);
		expect(result.items[0].json).toMatchObject({
			mimeType: 'image/png',
			fileName: `${media.sid}.png`,
			fileSize: media.size,
		});
		expect(result.items[0].binary!.data).toMatchObject({
			mimeType: 'image/png',
			fileExtension: 'png',
		});
		expect(t.emulator.counts()['sw.media.get']).toBe(1);
		expect(sha256(await result.binary(result.items[0]))).toBe(media.sha256);
	});

	it('streams a large file intact', async () => {
		const size = 20 * 1024 * 1024 + 7;
		const result = await t.runSignalWire(
			op('download', { messageSid: sw().messageSids.small, mediaSid: `generated-${size}` }),
		);
		expect(result.items[0].json).toMatchObject({
			mimeType: 'video/mp4',
			fileSize: size,
			fileName: `generated-${size}.mp4`,
		});
		const hash = createHash('sha256');
		for await (const chunk of await result.binaryStream(result.items[0]))
			hash.update(chunk as Buffer);
		expect(hash.digest('hex')).toBe(await generatedMediaSha256(size));
	});

	it('never sends the Basic credentials to a foreign redirect host', async () => {
		const media = sw().media.small.foreign;
		const result = await t.runSignalWire(
			op('download', { messageSid: media.messageSid, mediaSid: media.sid }),
		);
		expect(result.error).toBeUndefined();
		expect(sha256(await result.binary(result.items[0]))).toBe(media.sha256);
		const foreign = t.emulator
			.requests()
			.filter((request) => request.endpoint.startsWith('foreign'));
		expect(foreign).toHaveLength(1);
		expect(foreign[0].headers.authorization).toBeUndefined();
	});

	it('downloads many media in input order with Continue On Fail', async () => {
		const small = sw().media.small;
		const sids = [small.direct.sid, sw().unknownMediaSid, small.redirect307.sid];
		const result = await t.runSignalWire(
			op('download', { messageSid: sw().messageSids.small, mediaSid: '={{ $json.sid }}' }),
			{
				items: sids.map((sid) => ({ sid })),
				continueOnFail: true,
			},
		);
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
		expect(result.items[0].json.sid).toBe(small.direct.sid);
		expect(result.items[1].json.details).toMatchObject({ httpStatus: 404 });
		expect(result.items[2].json.sid).toBe(small.redirect307.sid);
	});
});
