import type { RecordedRequest } from '../../emulator';
import { createTestContext, type TestContext } from '../nodes/context';
import {
	LAML_PREFIX,
	expectSameWire as expectSameWireOf,
	signalWireClient,
	withoutLamlPrefix,
} from './signalwireClient';
import { extraHeaderNames, recordRequests, wire, type Wire } from './wire';

/**
 * Wire conformance of the SignalWire node with the official @signalwire/compatibility-api client: both
 * send to the same emulator and the recorded requests must agree on method, path, query (multiset),
 * body, content type and auth (Basic, same project). The path difference is documented in
 * ./signalwireClient.
 */

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => t.emulator.resetFixtures());

const emu = () => t.emulator;
const sw = () => emu().fixtures.signalwire;
const client = () => signalWireClient(emu());

async function runNodeWithItems(
	parameters: Record<string, unknown>,
): Promise<{ requests: RecordedRequest[]; itemCount: number }> {
	let result: Awaited<ReturnType<TestContext['runSignalWire']>> | undefined;
	const requests = await recordRequests(emu(), async () => {
		result = await t.runSignalWire({ resource: 'messageMedia', ...parameters });
	});
	expect(result!.error).toBeUndefined();
	return { requests, itemCount: result!.items.length };
}

async function runNode(parameters: Record<string, unknown>): Promise<RecordedRequest[]> {
	return (await runNodeWithItems(parameters)).requests;
}

function expectSameWire(sdk: RecordedRequest, node: RecordedRequest) {
	expectSameWireOf(emu(), sdk, node);
}

const mediaPath = (messageSid: string, mediaSid?: string) =>
	`/2010-04-01/Accounts/${emu().signalwire.projectId}/Messages/${messageSid}/Media${mediaSid ? `/${mediaSid}` : ''}.json`;

describe('@signalwire/compatibility-api vs node messageMedia', () => {
	it('media(S).fetch() vs node get', async () => {
		const media = sw().media.small.direct;
		const [sdk] = await recordRequests(emu(), async () =>
			expect((await client().messages(media.messageSid).media(media.sid).fetch()).sid).toBe(
				media.sid,
			),
		);
		const [node] = await runNode({
			operation: 'get',
			messageSid: media.messageSid,
			mediaSid: media.sid,
		});
		expect(sdk!.path).toBe(mediaPath(media.messageSid, media.sid));
		expect(node!.path).toBe(`${LAML_PREFIX}${mediaPath(media.messageSid, media.sid)}`);
		expectSameWire(sdk!, node!);
		expect(wire(node!)).toMatchObject({ method: 'GET', query: [], body: undefined });
	});

	it.each([
		[70, 50],
		[125, 40],
		[30, 30],
	])(
		'media.list({limit: %p, pageSize: %p}) following next_page_uri vs node getAll',
		async (limit, pageSize) => {
			const messageSid = sw().messageSids.many;
			let sdkCount = 0;
			const sdk = await recordRequests(
				emu(),
				async () =>
					(sdkCount = (await client().messages(messageSid).media.list({ limit, pageSize })).length),
			);
			const node = await runNode({ operation: 'getAll', messageSid, limit, options: { pageSize } });
			expect(sdkCount).toBe(Math.min(limit, sw().manyMediaCount));
			expect(node.map((r) => r.endpoint)).toEqual(sdk.map((r) => r.endpoint));
			for (const [index, request] of node.entries()) expectSameWire(sdk[index]!, request);
			expect(sdk[0]!.path).toBe(mediaPath(messageSid));
			expect(wire(node[0]!)).toMatchObject({ method: 'GET', query: [`PageSize=${pageSize}`] });
			// Later pages: the next_page_uri exactly as served, /api/laml prefix and PageToken included.
			for (const request of sdk.slice(1))
				expect(request.path).toBe(`${LAML_PREFIX}${mediaPath(messageSid)}`);
		},
	);

	it('media(S).remove() vs node delete', async () => {
		const media = sw().media.small.redirect302;
		const [sdk] = await recordRequests(emu(), async () =>
			expect(await client().messages(media.messageSid).media(media.sid).remove()).toBe(true),
		);
		emu().resetFixtures();
		const [node] = await runNode({
			operation: 'delete',
			messageSid: media.messageSid,
			mediaSid: media.sid,
		});
		expect(sdk!.status).toBe(204);
		expectSameWire(sdk!, node!);
		expect(wire(node!)).toMatchObject({
			method: 'DELETE',
			path: `${LAML_PREFIX}${mediaPath(media.messageSid, media.sid)}`,
			query: [],
			body: undefined,
		});
	});

	it('headers the SDK and the node send beyond the compared ones (documented)', async () => {
		const media = sw().media.small.direct;
		const [sdk] = await recordRequests(
			emu(),
			async () => await client().messages(media.messageSid).media(media.sid).fetch(),
		);
		const [node] = await runNode({
			operation: 'get',
			messageSid: media.messageSid,
			mediaSid: media.sid,
		});
		// Accept-Charset: utf-8 is twilio-node's; the API answers UTF-8 JSON either way.
		expect({
			sdkOnly: extraHeaderNames(sdk!, node!),
			nodeOnly: extraHeaderNames(node!, sdk!),
		}).toEqual({ sdkOnly: ['accept-charset'], nodeOnly: [] });
	});
});

describe('@signalwire/compatibility-api vs node message', () => {
	const messagesPath = (sid?: string) =>
		`/2010-04-01/Accounts/${emu().signalwire.projectId}/Messages${sid ? `/${sid}` : ''}.json`;
	const message = (parameters: Record<string, unknown>) =>
		runNode({ resource: 'message', ...parameters });

	it('messages.create() with media, status callback and validity period vs node send', async () => {
		const mediaUrl = ['https://example.com/a.jpg', 'https://example.com/b.png'];
		const [sdk] = await recordRequests(emu(), async () =>
			expect(
				(
					await client().messages.create({
						from: sw().numbers.project,
						to: sw().numbers.customer,
						body: 'hi',
						mediaUrl,
						statusCallback: 'https://example.com/cb',
						validityPeriod: 600,
					})
				).status,
			).toBe('queued'),
		);
		const [node] = await message({
			operation: 'send',
			from: sw().numbers.project,
			to: sw().numbers.customer,
			body: 'hi',
			mediaUrls: mediaUrl,
			options: { statusCallback: 'https://example.com/cb', validityPeriod: 600 },
		});
		expect(sdk!.path).toBe(messagesPath());
		expectSameWire(sdk!, node!);
		// The same form fields in the same order, byte for byte (wire() compares parsed and raw bodies).
		expect(node!.body.toString()).toBe(sdk!.body.toString());
		expect(wire(node!)).toMatchObject({
			method: 'POST',
			contentType: 'application/x-www-form-urlencoded',
			query: [],
		});
	});

	it('messages(S).fetch() vs node get', async () => {
		const sid = sw().messageSids.small;
		const [sdk] = await recordRequests(emu(), async () =>
			expect((await client().messages(sid).fetch()).sid).toBe(sid),
		);
		const [node] = await message({ operation: 'get', messageSid: sid });
		expect(sdk!.path).toBe(messagesPath(sid));
		expectSameWire(sdk!, node!);
	});

	it('messages.list({to, from, pageSize}) following next_page_uri vs node getAll', async () => {
		const filter = { to: sw().numbers.customer, from: sw().numbers.project };
		let sdkCount = 0;
		const sdk = await recordRequests(
			emu(),
			async () => (sdkCount = (await client().messages.list({ ...filter, pageSize: 5 })).length),
		);
		const node = await message({
			operation: 'getAll',
			returnAll: true,
			filters: filter,
			options: { pageSize: 5 },
		});
		expect(sdkCount).toBeGreaterThan(5);
		expect(node.map((r) => r.endpoint)).toEqual(sdk.map((r) => r.endpoint));
		for (const [index, request] of node.entries()) expectSameWire(sdk[index]!, request);
		expect(wire(node[0]!).query).toEqual(['From=+15551234567', 'PageSize=5', 'To=+15557654321']);
	});

	it('messages(S).remove() vs node delete', async () => {
		const sid = sw().messageRecords[3]!.sid;
		const [sdk] = await recordRequests(emu(), async () =>
			expect(await client().messages(sid).remove()).toBe(true),
		);
		emu().resetFixtures();
		const [node] = await message({ operation: 'delete', messageSid: sid });
		expect(sdk!.status).toBe(204);
		expectSameWire(sdk!, node!);
		expect(wire(node!)).toMatchObject({ method: 'DELETE', body: undefined });
	});
});

describe('documented differences', () => {
	it('a SID with a reserved character: the node percent-encodes each path segment, the SDK interpolates it raw; the server decodes both to the same SID', async () => {
		// Real SIDs are hex/UUIDs, where both send identical bytes (above). ':' is where they part.
		const messageSid = 'MM:not-a-real-sid';
		const sdk = await recordRequests(emu(), async () =>
			expect(await client().messages(messageSid).media.list({ pageSize: 10 })).toEqual([]),
		);
		const node = await runNode({ operation: 'getAll', messageSid, limit: 10 });
		expect(sdk[0]!.path).toBe(mediaPath('MM:not-a-real-sid'));
		expect(node[0]!.path).toBe(`${LAML_PREFIX}${mediaPath('MM%3Anot-a-real-sid')}`);
		// Both accepted (200, empty list for an unknown message) and otherwise identical.
		expect(sdk[0]!.status).toBe(200);
		expectSameWire(sdk[0]!, { ...node[0]!, path: node[0]!.path.replace('MM%3A', 'MM:') });
	});

	it('date filters: the SDK sends date-times, the node calendar days (YYYY-MM-DD, as the API reference documents)', async () => {
		const messageSid = sw().messageSids.many;
		let sdkCount = 0;
		const sdk = await recordRequests(emu(), async () => {
			const list = await client()
				.messages(messageSid)
				.media.list({
					pageSize: 1000,
					dateCreatedAfter: new Date('2025-03-02T00:00:00Z'),
					dateCreatedBefore: new Date('2025-03-04T00:00:00Z'),
				});
			sdkCount = list.length;
		});
		const { requests: node, itemCount } = await runNodeWithItems({
			operation: 'getAll',
			messageSid,
			returnAll: true,
			filters: {
				dateCreatedAfter: '2025-03-02T00:00:00Z',
				dateCreatedBefore: '2025-03-04T00:00:00Z',
			},
			options: { pageSize: 1000 },
		});
		expect(wire(sdk[0]!).query).toEqual([
			'DateCreated<=2025-03-04T00:00:00Z',
			'DateCreated>=2025-03-02T00:00:00Z',
			'PageSize=1000',
		]);
		expect(wire(node[0]!).query).toEqual([
			'DateCreated<=2025-03-04',
			'DateCreated>=2025-03-02',
			'PageSize=1000',
		]);
		// With the date-time, "on or before 2025-03-04T00:00Z" excludes the media of 2025-03-04; with the day it includes them.
		expect({ sdk: sdkCount, node: itemCount }).toEqual({ sdk: 50, node: 75 });
		// Apart from the date values, the same request; the raw encoding of the names agrees too (DateCreated%3E=…).
		const sameButDates = (w: Wire) => ({
			...w,
			query: w.query.map((pair) => pair.replace(/T00:00:00Z$/, '')),
			rawQuery: w.rawQuery.map((pair) => pair.replace(/T00%3A00%3A00Z$/, '')),
		});
		expect(sameButDates(withoutLamlPrefix(sdk[0]!)(wire(node[0]!)))).toEqual(
			sameButDates(wire(sdk[0]!)),
		);
	});
});
