import {
	CallAutomationClient,
	DtmfTone,
	VoiceKind,
	type CallMedia,
	type CallRecording,
} from '@azure/communication-call-automation';

import type { RecordedRequest } from '../../emulator';
import { loopbackTlsShim } from '../emulator/helpers';
import { createTestContext, type AcsAuth, type TestContext } from '../nodes/context';
import {
	authSchemeOf,
	EmulatorEntraCredential,
	extraHeaderNames,
	headerValue,
	httpsUrl,
	isSuccess,
	recomputeHmac,
	recordRequests,
	SIGNED_HEADERS,
	wire,
} from './wire';

/**
 * Wire conformance of the Call Automation media and recording operations with
 * `@azure/communication-call-automation`: each SDK call and the matching node operation go to the same
 * emulator, and the recorded requests must agree on method, raw path, query, body (parsed and as bytes,
 * so key order too), content type and auth scheme. Repeatability headers are compared by presence and
 * form only: their values are fresh on every request by design.
 */

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());

const emu = () => t.emulator;
const calls = () => emu().fixtures.acs.calls;
const API_VERSION = '2026-03-12';
/** A participant of the fixture calls, and a callback URL the emulator records but does not call. */
const caller = () => emu().calls.get(calls().activeCallConnectionId)!;
const CALLBACK = 'https://hooks.example.com/acs?x=1';
const CONTEXT = 'order 42 ✓ "quoted"';
const FILE_URL = 'https://example.com/prompts/welcome.wav';

const nodeHmacRequests: RecordedRequest[] = [];

type Client = () => CallAutomationClient;
const hmacClient: Client = () =>
	new CallAutomationClient(emu().acs.connectionString, { allowInsecureConnection: true });
const entraClient: Client = () =>
	new CallAutomationClient(httpsUrl(emu()), new EmulatorEntraCredential(emu()), loopbackTlsShim());

async function runNode(auth: AcsAuth, parameters: Record<string, unknown>) {
	let result: Awaited<ReturnType<TestContext['runAcs']>> | undefined;
	const requests = await recordRequests(emu(), async () => {
		result = await t.runAcs(auth, parameters);
	});
	expect(result!.error).toBeUndefined();
	if (auth !== 'oAuth2') nodeHmacRequests.push(...requests);
	return { requests, json: result!.items[0].json };
}

/** The last request of each run is the one compared (earlier ones only set the scene). */
function expectSameRequest(sdk: RecordedRequest, node: RecordedRequest) {
	expect({ endpoint: node.endpoint, ok: isSuccess(node) }).toEqual({
		endpoint: sdk.endpoint,
		ok: true,
	});
	expect(isSuccess(sdk)).toBe(true);
	expect(wire(node)).toEqual(wire(sdk));
	const repeatability = ['repeatability-request-id', 'repeatability-first-sent'];
	for (const name of repeatability) {
		expect(headerValue(node, name) === undefined).toBe(headerValue(sdk, name) === undefined);
	}
	if (headerValue(node, repeatability[0]) !== undefined) {
		expect(headerValue(node, repeatability[0])).toMatch(/^[0-9a-f-]{36}$/);
		expect(new Date(headerValue(node, repeatability[1])!).toUTCString()).toBe(
			headerValue(node, repeatability[1]),
		);
	}
	// Beyond the compared ones, the SDK adds only its client request id (echoed by the service for tracing).
	expect(extraHeaderNames(sdk, node)).toEqual(['x-ms-client-request-id']);
	expect(extraHeaderNames(node, sdk)).toEqual([]);
}

const AUTH_PAIRS: Array<[string, Client, AcsAuth]> = [
	['connection string (HMAC) vs accessKey', hmacClient, 'accessKey'],
	['connection string (HMAC) vs connectionString', hmacClient, 'connectionString'],
	['TokenCredential (Entra) vs oAuth2', entraClient, 'oAuth2'],
];

// ---------------------------------------------------------------------------------------------

interface MediaCase {
	name: string;
	endpoint: string;
	sdk: (media: CallMedia) => Promise<unknown>;
	node: () => Record<string, unknown>;
}

const media = (operation: string, parameters: Record<string, unknown>) => ({
	resource: 'callMedia',
	operation,
	callConnectionId: calls().activeCallConnectionId,
	...parameters,
});
const participant = () => caller().participants[0];
const sdkParticipant = () => {
	const rawId = participant();
	return rawId.startsWith('4:') ? { phoneNumber: rawId.slice(2) } : { communicationUserId: rawId };
};

const MEDIA_CASES: MediaCase[] = [
	{
		name: 'play a file to one participant, looped, with context and callback',
		endpoint: 'acs.calling.play',
		sdk: (m) =>
			m.play([{ kind: 'fileSource', url: FILE_URL }], [sdkParticipant()], {
				loop: true,
				operationContext: CONTEXT,
				operationCallbackUrl: CALLBACK,
			}),
		node: () =>
			media('play', {
				playSource: 'file',
				fileUrl: FILE_URL,
				options: {
					playTo: participant(),
					loop: true,
					operationContext: CONTEXT,
					operationCallbackUri: CALLBACK,
				},
			}),
	},
	{
		name: 'play text to everyone, interrupting',
		endpoint: 'acs.calling.play',
		sdk: (m) =>
			m.playToAll(
				[
					{
						kind: 'textSource',
						text: 'Hello ✓',
						sourceLocale: 'en-US',
						voiceKind: VoiceKind.Female,
						voiceName: 'en-US-JennyNeural',
					},
				],
				{ operationContext: CONTEXT, interruptCallMediaOperation: true },
			),
		node: () =>
			media('play', {
				playSource: 'text',
				text: 'Hello ✓',
				sourceLocale: 'en-US',
				voiceKind: 'female',
				voiceName: 'en-US-JennyNeural',
				options: { operationContext: CONTEXT, interruptCallMediaOperation: true },
			}),
	},
	{
		name: 'play SSML to everyone',
		endpoint: 'acs.calling.play',
		sdk: (m) =>
			m.playToAll([{ kind: 'ssmlSource', ssmlText: '<speak>Hi</speak>' }], {
				operationContext: CONTEXT,
			}),
		node: () =>
			media('play', {
				playSource: 'ssml',
				ssml: '<speak>Hi</speak>',
				options: { operationContext: CONTEXT },
			}),
	},
	{
		name: 'recognize DTMF with a file prompt and every DTMF option',
		endpoint: 'acs.calling.recognize',
		sdk: (m) =>
			m.startRecognizing(sdkParticipant(), {
				kind: 'callMediaRecognizeDtmfOptions',
				maxTonesToCollect: 3,
				stopDtmfTones: [DtmfTone.Pound, DtmfTone.Asterisk],
				interToneTimeoutInSeconds: 4,
				initialSilenceTimeoutInSeconds: 10,
				interruptPrompt: false,
				interruptCallMediaOperation: true,
				playPrompt: { kind: 'fileSource', url: FILE_URL },
				operationContext: CONTEXT,
				operationCallbackUrl: CALLBACK,
			}),
		node: () =>
			media('recognize', {
				targetParticipant: participant(),
				inputType: 'dtmf',
				maxTonesToCollect: 3,
				playSource: 'file',
				fileUrl: FILE_URL,
				options: {
					stopTones: ['pound', 'asterisk'],
					interToneTimeoutInSeconds: 4,
					initialSilenceTimeoutInSeconds: 10,
					interruptPrompt: false,
					interruptCallMediaOperation: true,
					operationContext: CONTEXT,
					operationCallbackUri: CALLBACK,
				},
			}),
	},
	{
		name: 'recognize DTMF with the defaults',
		endpoint: 'acs.calling.recognize',
		sdk: (m) =>
			m.startRecognizing(sdkParticipant(), {
				kind: 'callMediaRecognizeDtmfOptions',
				maxTonesToCollect: 1,
				operationContext: CONTEXT,
			}),
		node: () =>
			media('recognize', {
				targetParticipant: participant(),
				inputType: 'dtmf',
				options: { operationContext: CONTEXT },
			}),
	},
	{
		name: 'recognize choices with a text prompt',
		endpoint: 'acs.calling.recognize',
		sdk: (m) =>
			m.startRecognizing(sdkParticipant(), {
				kind: 'callMediaRecognizeChoiceOptions',
				choices: [
					{ label: 'sales', phrases: ['sales', 'buy'], tone: DtmfTone.One },
					{ label: 'support', phrases: ['help'] },
				],
				speechLanguage: 'en-US',
				playPrompt: {
					kind: 'textSource',
					text: 'Sales or support?',
					voiceName: 'en-US-JennyNeural',
				},
				operationContext: CONTEXT,
			}),
		node: () =>
			media('recognize', {
				targetParticipant: participant(),
				inputType: 'choices',
				choices: {
					choice: [
						{ label: 'sales', phrases: 'sales, buy', tone: 'one' },
						{ label: 'support', phrases: 'help', tone: '' },
					],
				},
				playSource: 'text',
				text: 'Sales or support?',
				voiceName: 'en-US-JennyNeural',
				options: { speechLanguage: 'en-US', operationContext: CONTEXT },
			}),
	},
	{
		name: 'recognize speech with an SSML prompt',
		endpoint: 'acs.calling.recognize',
		sdk: (m) =>
			m.startRecognizing(sdkParticipant(), {
				kind: 'callMediaRecognizeSpeechOptions',
				endSilenceTimeoutInSeconds: 3,
				speechLanguage: 'de-DE',
				playPrompt: { kind: 'ssmlSource', ssmlText: '<speak>Sag was</speak>' },
				operationContext: CONTEXT,
				operationCallbackUrl: CALLBACK,
			}),
		node: () =>
			media('recognize', {
				targetParticipant: participant(),
				inputType: 'speech',
				playSource: 'ssml',
				ssml: '<speak>Sag was</speak>',
				options: {
					endSilenceTimeoutInMs: 3000,
					speechLanguage: 'de-DE',
					operationContext: CONTEXT,
					operationCallbackUri: CALLBACK,
				},
			}),
	},
	{
		name: 'recognize speech or DTMF',
		endpoint: 'acs.calling.recognize',
		sdk: (m) =>
			m.startRecognizing(sdkParticipant(), {
				kind: 'callMediaRecognizeSpeechOrDtmfOptions',
				maxTonesToCollect: 2,
				stopDtmfTones: [DtmfTone.Pound],
				initialSilenceTimeoutInSeconds: 7,
				operationContext: CONTEXT,
			}),
		node: () =>
			media('recognize', {
				targetParticipant: participant(),
				inputType: 'speechOrDtmf',
				maxTonesToCollect: 2,
				options: {
					stopTones: ['pound'],
					initialSilenceTimeoutInSeconds: 7,
					operationContext: CONTEXT,
				},
			}),
	},
	{
		name: 'cancel all media operations',
		endpoint: 'acs.calling.cancelAllMediaOperations',
		sdk: (m) => m.cancelAllOperations(),
		node: () => media('cancelAllMediaOperations', {}),
	},
	{
		name: 'send DTMF tones',
		endpoint: 'acs.calling.sendDtmfTones',
		sdk: (m) =>
			m.sendDtmfTones([DtmfTone.One, DtmfTone.Two, DtmfTone.Pound, DtmfTone.A], sdkParticipant(), {
				operationContext: CONTEXT,
				operationCallbackUrl: CALLBACK,
			}),
		node: () =>
			media('sendDtmf', {
				tones: '1, two #A',
				targetParticipant: participant(),
				options: { operationContext: CONTEXT, operationCallbackUri: CALLBACK },
			}),
	},
];

describe('call media: @azure/communication-call-automation CallMedia vs node callMedia', () => {
	const cases = AUTH_PAIRS.flatMap(([pair, client, auth]) =>
		MEDIA_CASES.map((c) => [c.name, pair, client, auth, c] as const),
	);
	it.each(cases)('%s: %s', async (_name, _pair, client, auth, c) => {
		const sdk = await recordRequests(emu(), () =>
			c.sdk(client().getCallConnection(calls().activeCallConnectionId).getCallMedia()),
		);
		const { requests: node } = await runNode(auth, c.node());
		expect(sdk.map((r) => r.endpoint)).toEqual([c.endpoint]);
		expectSameRequest(sdk[0], node[0]);
		expect(wire(node[0]).query).toEqual([`api-version=${API_VERSION}`]);
		expect(wire(node[0]).auth.scheme).toBe(auth === 'oAuth2' ? 'Bearer' : 'HMAC-SHA256');
	});
});

// ---------------------------------------------------------------------------------------------

interface RecordingCase {
	name: string;
	endpoint: string;
	sdk: (recording: CallRecording, recordingId: string) => Promise<unknown>;
	node: (recordingId: string) => Record<string, unknown>;
}

const recordingOp = (operation: string, recordingId: string) => ({
	resource: 'recording',
	operation,
	recordingId,
});

const RECORDING_CASES: RecordingCase[] = [
	{
		name: 'start by server call ID, unmixed WAV, paused, with a state callback',
		endpoint: 'acs.recording.start',
		sdk: (r) =>
			r.start({
				callLocator: { id: caller().serverCallId, kind: 'serverCallLocator' },
				recordingContent: 'audio',
				recordingChannel: 'unmixed',
				recordingFormat: 'wav',
				recordingStateCallbackEndpointUrl: CALLBACK,
				pauseOnStart: true,
			}),
		node: () => ({
			resource: 'recording',
			operation: 'start',
			callLocator: 'serverCallId',
			serverCallId: caller().serverCallId,
			recordingContent: 'audio',
			recordingChannel: 'unmixed',
			recordingFormat: 'wav',
			recordingStateCallbackUri: CALLBACK,
			options: { pauseOnStart: true },
		}),
	},
	{
		name: 'start by call connection ID, mixed MP4 audio and video',
		endpoint: 'acs.recording.start',
		sdk: (r) =>
			r.start({
				callConnectionId: calls().activeCallConnectionId,
				recordingContent: 'audioVideo',
				recordingChannel: 'mixed',
				recordingFormat: 'mp4',
			}),
		node: () => ({
			resource: 'recording',
			operation: 'start',
			callLocator: 'callConnectionId',
			callConnectionId: calls().activeCallConnectionId,
			recordingContent: 'audioVideo',
			recordingChannel: 'mixed',
			recordingFormat: 'mp4',
		}),
	},
	{
		name: 'get',
		endpoint: 'acs.recording.get',
		sdk: (r, id) => r.getState(id),
		node: (id) => recordingOp('get', id),
	},
	{
		name: 'pause',
		endpoint: 'acs.recording.pause',
		sdk: (r, id) => r.pause(id),
		node: (id) => recordingOp('pause', id),
	},
	{
		name: 'resume',
		endpoint: 'acs.recording.resume',
		sdk: (r, id) => r.resume(id),
		node: (id) => recordingOp('resume', id),
	},
	{
		name: 'stop',
		endpoint: 'acs.recording.stop',
		sdk: (r, id) => r.stop(id),
		node: (id) => recordingOp('stop', id),
	},
];

describe('recording: @azure/communication-call-automation CallRecording vs node recording', () => {
	const recordings = () => hmacClient().getCallRecording();
	/**
	 * One side's run with a recording of its own, stopped afterwards: ACS keeps one recording per call, so
	 * the SDK's and the node's runs take turns on the same call.
	 */
	async function side(
		isStart: boolean,
		run: (recordingId: string) => Promise<{ requests: RecordedRequest[]; started?: unknown }>,
	) {
		const recordingId = isStart
			? ''
			: (await recordings().start({ callConnectionId: calls().activeCallConnectionId }))
					.recordingId;
		const { requests, started } = await run(recordingId);
		const toStop = typeof started === 'string' ? started : recordingId;
		if (toStop !== '')
			await recordings()
				.stop(toStop)
				.catch(() => undefined);
		return { requests, recordingId };
	}

	const cases = AUTH_PAIRS.flatMap(([pair, client, auth]) =>
		RECORDING_CASES.map((c) => [c.name, pair, client, auth, c] as const),
	);
	it.each(cases)('%s: %s', async (_name, _pair, client, auth, c) => {
		const isStart = c.endpoint === 'acs.recording.start';
		const sdkSide = await side(isStart, async (id) => {
			let result: unknown;
			const requests = await recordRequests(emu(), async () => {
				result = await c.sdk(client().getCallRecording(), id);
			});
			return { requests, started: (result as { recordingId?: unknown } | undefined)?.recordingId };
		});
		const nodeSide = await side(isStart, async (id) => {
			const { requests, json } = await runNode(auth, c.node(id));
			return { requests, started: json.recordingId };
		});
		const [sdk, node] = [sdkSide.requests, nodeSide.requests];
		const [sdkRecordingId, nodeRecordingId] = [sdkSide.recordingId, nodeSide.recordingId];
		expect(sdk.map((r) => r.endpoint)).toEqual([c.endpoint]);
		// The IDs differ; the path must encode each the same way ('=' as %3D, as the SDK does).
		const path = node[0].path.replace(
			encodeURIComponent(nodeRecordingId),
			encodeURIComponent(sdkRecordingId),
		);
		expectSameRequest(sdk[0], { ...node[0], path });
		if (!isStart) expect(node[0].path).toContain(encodeURIComponent(nodeRecordingId));
	});
});

// ---------------------------------------------------------------------------------------------

describe('HMAC signatures the node sent for call media and recording, re-verified', () => {
	it('every signature equals the one recomputed from the recorded request', () => {
		expect(nodeHmacRequests.length).toBeGreaterThan(0);
		for (const request of nodeHmacRequests) {
			const recomputed = recomputeHmac(request, emu().acs.accessKey);
			expect(authSchemeOf(request)).toEqual({
				scheme: 'HMAC-SHA256',
				signedHeaders: SIGNED_HEADERS,
			});
			expect({
				endpoint: request.endpoint,
				hash: headerValue(request, 'x-ms-content-sha256'),
				authorization: headerValue(request, 'authorization'),
			}).toEqual({
				endpoint: request.endpoint,
				hash: recomputed.contentHash,
				authorization: recomputed.authorization,
			});
		}
	});
});
