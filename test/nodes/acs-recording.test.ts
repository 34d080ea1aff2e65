import { CallAutomationClient } from '@azure/communication-call-automation';

import { callbackSink, connectedCall, setUpCallTests, type CallbackSink } from './callSimulator';
import { pairedIndexes, type AcsAuth, type TestContext } from './context';

/**
 * recording start/get/pause/resume/stop in workflows against the emulator's call simulator: what the
 * node sends and outputs, RecordingStateChanged callbacks, ACS errors, input refused before any request.
 */

let t: TestContext;
let sink: CallbackSink;
setUpCallTests((context, callbacks) => {
	t = context;
	sink = callbacks;
});

const calls = () => t.emulator.fixtures.acs.calls;
/** The service request (the Entra token request of an oAuth2 run is left out). */
const requestTo = (endpoint: string) => t.emulator.requests().find((r) => r.endpoint === endpoint)!;
const sdkRecordings = () =>
	new CallAutomationClient(t.emulator.acs.connectionString, {
		allowInsecureConnection: true,
	}).getCallRecording();

/** Recordings a test started; stopped after it, since a call has one recording at a time. */
const started: string[] = [];
afterEach(async () => {
	for (const id of started.splice(0))
		await sdkRecordings()
			.stop(id)
			.catch(() => undefined);
});
async function startWithSdk(callConnectionId = calls().activeCallConnectionId) {
	const { recordingId } = await sdkRecordings().start({ callConnectionId });
	started.push(recordingId);
	t.emulator.resetCounters();
	return recordingId;
}

const recording = (operation: string, parameters: Record<string, unknown>) => ({
	resource: 'recording',
	operation,
	...parameters,
});

describe('recording start', () => {
	it.each<AcsAuth>(['accessKey', 'oAuth2'])(
		'with %s, starts by call connection ID with repeatability headers and outputs the recording',
		async (auth) => {
			const result = await t.runAcs(
				auth,
				recording('start', {
					callConnectionId: calls().activeCallConnectionId,
					recordingContent: 'audio',
					recordingChannel: 'unmixed',
					recordingFormat: 'wav',
				}),
			);
			expect(result.error).toBeUndefined();
			const json = result.items[0].json;
			started.push(json.recordingId as string);
			expect(json).toEqual({
				recordingId: expect.any(String),
				recordingState: 'active',
				recordingKind: 'azureCommunicationServices',
			});
			expect(t.emulator.calls.get(calls().activeCallConnectionId)!.recordings).toContain(
				json.recordingId,
			);
			const request = requestTo('acs.recording.start');
			expect(request).toMatchObject({ endpoint: 'acs.recording.start', method: 'POST' });
			expect(request.path).toBe('/calling/recordings');
			expect(JSON.parse(request.body.toString('utf8'))).toEqual({
				callConnectionId: calls().activeCallConnectionId,
				recordingContentType: 'audio',
				recordingChannelType: 'unmixed',
				recordingFormatType: 'wav',
			});
			expect(request.headers['repeatability-request-id']).toMatch(/^[0-9a-f-]{36}$/);
			expect(request.headers['repeatability-first-sent']).toMatch(/ GMT$/);
		},
	);

	it('starts by server call ID, paused, with a state callback URI', async () => {
		const { serverCallId } = t.emulator.calls.get(calls().secondCallConnectionId)!;
		const result = await t.runAcs(
			'accessKey',
			recording('start', {
				callLocator: 'serverCallId',
				serverCallId,
				recordingContent: 'audioVideo',
				recordingFormat: 'mp4',
				recordingStateCallbackUri: 'https://hooks.example.com/recordings',
				options: { pauseOnStart: true },
			}),
		);
		expect(result.error).toBeUndefined();
		started.push(result.items[0].json.recordingId as string);
		expect(JSON.parse(requestTo('acs.recording.start').body.toString('utf8'))).toEqual({
			callLocator: { serverCallId, kind: 'serverCallLocator' },
			recordingStateCallbackUri: 'https://hooks.example.com/recordings',
			recordingContentType: 'audioVideo',
			recordingChannelType: 'mixed',
			recordingFormatType: 'mp4',
			pauseOnStart: true,
		});
		expect(t.emulator.calls.get(calls().secondCallConnectionId)!.recordings).toEqual([
			result.items[0].json.recordingId,
		]);
	});

	it('a retry after a lost response reuses the repeatability headers: one recording', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.recording.start', kind: 'drop' });
		const before = t.emulator.calls.get(calls().activeCallConnectionId)!.recordings.length;
		const result = await t.runAcs(
			'accessKey',
			recording('start', { callConnectionId: calls().activeCallConnectionId }),
		);
		expect(result.error).toBeUndefined();
		started.push(result.items[0].json.recordingId as string);
		const requests = t.emulator.requests().filter((r) => r.endpoint === 'acs.recording.start');
		expect(requests).toHaveLength(2);
		expect(requests[1].headers['repeatability-request-id']).toBe(
			requests[0].headers['repeatability-request-id'],
		);
		expect(t.emulator.calls.get(calls().activeCallConnectionId)!.recordings.length).toBe(
			before + 1,
		);
	});

	it('runs items one by one with Continue On Fail', async () => {
		const ids = [calls().noStreamingCallConnectionId, ' ', calls().unknownCallConnectionId];
		const result = await t.runAcs(
			'accessKey',
			recording('start', { callConnectionId: '={{ $json.id }}' }),
			{ items: ids.map((id) => ({ id })), continueOnFail: true },
		);
		if (typeof result.items[0].json.recordingId === 'string')
			started.push(result.items[0].json.recordingId);
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
		expect(result.items.map((item) => item.json.recordingState ?? item.json.error)).toEqual([
			'active',
			'Call Connection ID is empty',
			expect.stringMatching(/returned 404 8522/),
		]);
	});

	it('reports a second recording of the same call with the ACS error (400/8559)', async () => {
		await startWithSdk();
		const result = await t.runAcs(
			'accessKey',
			recording('start', { callConnectionId: calls().activeCallConnectionId }),
		);
		expect(result.error).toMatchObject({ httpCode: '400' });
		expect(result.error!.message).toMatch(/^Azure Communication Services returned 400 8559: /);
	});

	it('reports an unknown call with the ACS error (404)', async () => {
		const result = await t.runAcs(
			'accessKey',
			recording('start', { callConnectionId: calls().unknownCallConnectionId }),
		);
		expect(result.error).toMatchObject({ httpCode: '404' });
		expect(result.error!.message).toMatch(/^Azure Communication Services returned 404 8522: /);
	});

	it.each([
		[{ callConnectionId: '={{ "" }}' }, 'Call Connection ID is empty'],
		[{ callLocator: 'serverCallId', serverCallId: ' ' }, 'Server Call ID is empty'],
		[
			{
				callConnectionId: '18dea47f-b081-4107-9a5c-4300819d2c6c',
				recordingStateCallbackUri: 'http://hooks.example.com/r',
			},
			'Recording State Callback URI "http://hooks.example.com/r" is not an https URL',
		],
	])('refuses %p before sending anything', async (parameters, message) => {
		const result = await t.runAcs('accessKey', recording('start', parameters));
		expect(result.error?.message).toBe(message);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});
});

describe('recording get, pause, resume, stop', () => {
	it.each<AcsAuth>(['accessKey', 'oAuth2'])(
		'with %s, follows one recording through pause, resume and stop (ID encoded as one path segment)',
		async (auth) => {
			const recordingId = await startWithSdk();
			const segment = encodeURIComponent(recordingId);
			// ACS recording IDs are padded base64: the '=' travels percent-encoded, as the SDK sends it.
			expect(recordingId).toMatch(/=$/);
			expect(segment).toMatch(/%3D$/);
			const run = async (operation: string) => {
				const result = await t.runAcs(auth, recording(operation, { recordingId }));
				expect(result.error).toBeUndefined();
				return result.items[0].json;
			};
			expect(await run('get')).toEqual({
				recordingId,
				recordingState: 'active',
				recordingKind: 'azureCommunicationServices',
			});
			expect(await run('pause')).toEqual({ recordingId, operation: 'pause', status: 'accepted' });
			expect(await run('get')).toMatchObject({ recordingState: 'inactive' });
			expect(await run('resume')).toEqual({
				recordingId,
				operation: 'resume',
				status: 'accepted',
			});
			expect(await run('get')).toMatchObject({ recordingState: 'active' });
			expect(await run('stop')).toEqual({ recordingId, status: 'stopped' });
			expect(
				t.emulator.requests().map((r) => [r.endpoint, r.method, r.path, r.body.length]),
			).toEqual([
				['acs.recording.get', 'GET', `/calling/recordings/${segment}`, 0],
				['acs.recording.pause', 'POST', `/calling/recordings/${segment}:pause`, 0],
				['acs.recording.get', 'GET', `/calling/recordings/${segment}`, 0],
				['acs.recording.resume', 'POST', `/calling/recordings/${segment}:resume`, 0],
				['acs.recording.get', 'GET', `/calling/recordings/${segment}`, 0],
				['acs.recording.stop', 'DELETE', `/calling/recordings/${segment}`, 0],
			]);
			const getAfterStop = await t.runAcs(auth, recording('get', { recordingId }));
			expect(getAfterStop.error).toMatchObject({ httpCode: '404' });
		},
	);

	it.each(['get', 'pause', 'resume', 'stop'])(
		'%s of an unknown recording reports the ACS error (404)',
		async (operation) => {
			const unknown = Buffer.from('{"unknown":"recording"}').toString('base64');
			const result = await t.runAcs('accessKey', recording(operation, { recordingId: unknown }));
			expect(result.error).toMatchObject({ httpCode: '404' });
		},
	);

	it.each(['get', 'pause', 'resume', 'stop'])(
		'%s refuses an empty recording ID before sending anything',
		async (operation) => {
			const result = await t.runAcs(
				'accessKey',
				recording(operation, { recordingId: '={{ "" }}' }),
			);
			expect(result.error?.message).toBe('Recording ID is empty');
			expect(t.emulator.counts().total ?? 0).toBe(0);
		},
	);

	it.each(['pause', 'resume'])(
		'%s runs items one by one with Continue On Fail',
		async (operation) => {
			const recordingId = await startWithSdk();
			const ids = [recordingId, ' ', Buffer.from('{"x":2}').toString('base64')];
			const result = await t.runAcs(
				'accessKey',
				recording(operation, { recordingId: '={{ $json.id }}' }),
				{ items: ids.map((id) => ({ id })), continueOnFail: true },
			);
			expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
			expect(result.items.map((item) => item.json.status ?? item.json.error)).toEqual([
				'accepted',
				'Recording ID is empty',
				expect.stringMatching(/returned 404/),
			]);
		},
	);

	it('get runs items one by one with Continue On Fail', async () => {
		const recordingId = await startWithSdk();
		const ids = [recordingId, '', Buffer.from('{"x":1}').toString('base64'), recordingId];
		const result = await t.runAcs(
			'accessKey',
			recording('get', { recordingId: '={{ $json.id }}' }),
			{
				items: ids.map((id) => ({ id })),
				continueOnFail: true,
			},
		);
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3]);
		expect(result.items.map((item) => item.json.recordingState ?? item.json.error)).toEqual([
			'active',
			'Recording ID is empty',
			expect.stringMatching(/returned 404/),
			'active',
		]);
	});
});

describe('RecordingStateChanged callbacks of an answered call', () => {
	it('start, pause, resume and stop each report the state to the recording state callback URI', async () => {
		const call = await connectedCall(t, sink);
		const states = await callbackSink();
		try {
			const start = await t.runAcs(
				'accessKey',
				recording('start', {
					callConnectionId: call.callConnectionId,
					recordingStateCallbackUri: states.url,
				}),
			);
			expect(start.error).toBeUndefined();
			const { recordingId } = start.items[0].json as { recordingId: string };
			for (const operation of ['pause', 'resume', 'stop']) {
				const result = await t.runAcs('accessKey', recording(operation, { recordingId }));
				expect(result.error).toBeUndefined();
			}
			await t.emulator.calls.idle();
			const changes = states.events.filter(
				(event) => event.type === 'Microsoft.Communication.RecordingStateChanged',
			);
			expect(changes.map((event) => [event.data.recordingId, event.data.state])).toEqual([
				[recordingId, 'active'],
				[recordingId, 'inactive'],
				[recordingId, 'active'],
				[recordingId, 'inactive'],
			]);
			expect(changes.every((event) => event.authorization?.startsWith('Bearer '))).toBe(true);
		} finally {
			await states.close();
		}
	});

	it("without a state callback URI the events go to the call's callback URI", async () => {
		const call = await connectedCall(t, sink);
		const start = await t.runAcs(
			'accessKey',
			recording('start', { callConnectionId: call.callConnectionId }),
		);
		expect(start.error).toBeUndefined();
		const { recordingId } = start.items[0].json as { recordingId: string };
		started.push(recordingId);
		const event = await sink.waitFor(
			(e) =>
				e.type === 'Microsoft.Communication.RecordingStateChanged' &&
				e.data.recordingId === recordingId,
		);
		expect(event.data).toMatchObject({ callConnectionId: call.callConnectionId, state: 'active' });
	});
});
