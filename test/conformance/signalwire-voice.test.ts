import type { RecordedRequest } from '../../emulator';
import { buildCxml } from '../../shared/signalwire/cxml';
import { createTestContext, type TestContext } from '../nodes/context';
import { expectSameWire, signalWireClient } from './signalwireClient';
import { recordRequests, wire } from './wire';

/**
 * Wire conformance of the SignalWire node's call and recording resources with the official
 * @signalwire/compatibility-api client (see ./signalwireClient for what is compared).
 */

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => t.emulator.resetFixtures());

const emu = () => t.emulator;
const sw = () => emu().fixtures.signalwire;
const client = () => signalWireClient(emu());
const HOOK = 'https://example.com/webhook/voice';

async function runNode(resource: string, parameters: Record<string, unknown>) {
	let error: unknown;
	const requests = await recordRequests(emu(), async () => {
		error = (await t.runSignalWire({ resource, ...parameters })).error;
	});
	expect(error).toBeUndefined();
	return requests;
}

const same = (sdk: RecordedRequest, node: RecordedRequest) => {
	expectSameWire(emu(), sdk, node);
	// The same form fields in the same order, byte for byte.
	expect(node.body.toString()).toBe(sdk.body.toString());
};

describe('@signalwire/compatibility-api vs node call', () => {
	const options = {
		statusCallback: `${HOOK}/status`,
		statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
		ringTimeout: 30,
		recordCall: true,
		recordingStatusCallback: `${HOOK}/recording`,
		machineDetection: 'Enable',
	};
	const sdkOptions = {
		statusCallback: options.statusCallback,
		statusCallbackEvent: options.statusCallbackEvent,
		timeout: 30,
		record: true,
		recordingStatusCallback: options.recordingStatusCallback,
		machineDetection: 'Enable',
	};

	it('calls.create({url, method, callbacks…}) vs node create answering with a URL', async () => {
		const [sdk] = await recordRequests(emu(), async () =>
			expect(
				(
					await client().calls.create({
						to: sw().numbers.customer,
						from: sw().numbers.project,
						url: HOOK,
						method: 'GET',
						...sdkOptions,
					})
				).status,
			).toBe('queued'),
		);
		const [node] = await runNode('call', {
			operation: 'create',
			from: sw().numbers.project,
			to: sw().numbers.customer,
			answerWith: 'url',
			url: HOOK,
			method: 'GET',
			options,
		});
		same(sdk!, node!);
		expect(new URLSearchParams(node!.body.toString()).getAll('StatusCallbackEvent')).toEqual(
			options.statusCallbackEvent,
		);
	});

	it('calls.create({twiml}) vs node create answering with the simple fields', async () => {
		const twiml = buildCxml([
			{ verb: 'Say', text: 'Your code is 1 2 3 & 4', voice: 'woman', language: 'en-US' },
			{ verb: 'Hangup' },
		]);
		const [sdk] = await recordRequests(emu(), async () =>
			client().calls.create({ to: sw().numbers.customer, from: sw().numbers.project, twiml }),
		);
		const [node] = await runNode('call', {
			operation: 'create',
			from: sw().numbers.project,
			to: sw().numbers.customer,
			answerWith: 'say',
			say: 'Your code is 1 2 3 & 4',
			voice: 'woman',
			language: 'en-US',
		});
		same(sdk!, node!);
	});

	it('calls(S).fetch() vs node get, and calls.page({to, from, status, pageSize}) vs node getAll', async () => {
		const created = await client().calls.create({
			to: sw().numbers.customer,
			from: sw().numbers.project,
			url: HOOK,
		});
		const [sdkGet] = await recordRequests(emu(), async () => client().calls(created.sid).fetch());
		const [nodeGet] = await runNode('call', { operation: 'get', callSid: created.sid });
		same(sdkGet!, nodeGet!);

		const filter = { to: sw().numbers.customer, from: sw().numbers.project };
		const [sdkList] = await recordRequests(emu(), async () =>
			client().calls.page({ ...filter, status: 'queued', pageSize: 5 }),
		);
		const [nodeList] = await runNode('call', {
			operation: 'getAll',
			limit: 5,
			filters: { ...filter, status: 'queued' },
		});
		same(sdkList!, nodeList!);
		expect(wire(nodeList!).query).toEqual([
			'From=+15551234567',
			'PageSize=5',
			'Status=queued',
			'To=+15557654321',
		]);
	});

	it('calls(S).update({twiml}) vs node update redirecting to cXML', async () => {
		const twiml = '<Response><Say>Moved</Say></Response>';
		const place = async () =>
			(
				await client().calls.create({
					to: sw().numbers.customer,
					from: sw().numbers.project,
					url: HOOK,
				})
			).sid;
		const first = await place();
		const [sdk] = await recordRequests(emu(), async () => client().calls(first).update({ twiml }));
		const second = await place();
		const [node] = await runNode('call', {
			operation: 'update',
			callSid: second,
			action: 'redirect',
			redirectWith: 'cxml',
			cxml: twiml,
		});
		same(sdk!, { ...node!, path: node!.path.replace(second, first) });
	});
});

describe('@signalwire/compatibility-api vs node recording', () => {
	async function anyRecording() {
		const [recording] = await client().recordings.list({ limit: 1 });
		expect(recording).toBeDefined();
		return recording;
	}

	it('recordings(S).fetch() vs node get', async () => {
		const { sid } = await anyRecording();
		const [sdk] = await recordRequests(emu(), async () => client().recordings(sid).fetch());
		const [node] = await runNode('recording', { operation: 'get', recordingSid: sid });
		same(sdk!, node!);
	});

	it('recordings.page({callSid, pageSize}) vs node getAll of one call', async () => {
		const { callSid } = await anyRecording();
		const [sdk] = await recordRequests(emu(), async () =>
			client().recordings.page({ callSid, pageSize: 10 }),
		);
		const [node] = await runNode('recording', {
			operation: 'getAll',
			limit: 10,
			filters: { callSid },
		});
		same(sdk!, node!);
	});

	it('recordings(S).remove() vs node delete', async () => {
		const { sid } = await anyRecording();
		const [sdk] = await recordRequests(emu(), async () => client().recordings(sid).remove());
		emu().resetFixtures();
		const [node] = await runNode('recording', { operation: 'delete', recordingSid: sid });
		expect(sdk!.status).toBe(204);
		same(sdk!, node!);
	});
});

describe('@signalwire/compatibility-api vs node recording of a live call', () => {
	const liveCall = async () =>
		(
			await client().calls.create({
				to: sw().numbers.customer,
				from: sw().numbers.project,
				twiml: '<Response><Pause length="30"/></Response>',
			})
		).sid;

	it('calls(C).recordings.create() vs node start, and recordings(R).update({status}) vs pause', async () => {
		const [first, second] = [await liveCall(), await liveCall()];
		let sdkRecording = '';
		const [sdkStart] = await recordRequests(emu(), async () => {
			sdkRecording = (
				await client()
					.calls(first)
					.recordings.create({ recordingStatusCallback: `${HOOK}/recording` })
			).sid;
		});
		const [nodeStart] = await runNode('recording', {
			operation: 'start',
			callSid: second,
			options: { recordingStatusCallback: `${HOOK}/recording` },
		});
		same(sdkStart!, { ...nodeStart!, path: nodeStart!.path.replace(second, first) });

		const [sdkPause] = await recordRequests(emu(), async () =>
			client().calls(first).recordings(sdkRecording).update({ status: 'paused' }),
		);
		const nodeRecording = String(
			(await client().calls(second).recordings.list({ limit: 1 }))[0]?.sid,
		);
		const [nodePause] = await runNode('recording', {
			operation: 'pause',
			callSid: second,
			recordingSid: nodeRecording,
		});
		same(sdkPause!, {
			...nodePause!,
			path: nodePause!.path.replace(second, first).replace(nodeRecording, sdkRecording),
		});
	});
});
