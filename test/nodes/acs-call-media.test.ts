import { pairedIndexes, type AcsAuth, type TestContext } from './context';
import { callbackSink, connectedCall, setUpCallTests, type CallbackSink } from './callSimulator';

/**
 * callMedia play, recognize, sendDtmf and cancelAllMediaOperations in workflows against the emulator's
 * call simulator: what the node sends, what it outputs, the callbacks the simulator posts for the call,
 * the ACS errors and the input refused before any request.
 */

let t: TestContext;
let sink: CallbackSink;
setUpCallTests((context, callbacks) => {
	t = context;
	sink = callbacks;
});

const calls = () => t.emulator.fixtures.acs.calls;
const FILE_URL = 'https://example.com/prompts/welcome.wav';
const COGNITIVE_SERVICES = 'https://my-speech.cognitiveservices.azure.com/';
/** The service request (the Entra token request of an oAuth2 run is left out). */
const requestTo = (endpoint: string) => t.emulator.requests().find((r) => r.endpoint === endpoint)!;
const sentBody = (endpoint: string) =>
	JSON.parse(requestTo(endpoint).body.toString('utf8')) as Record<string, unknown>;
const callMedia = (operation: string, parameters: Record<string, unknown>) => ({
	resource: 'callMedia',
	operation,
	callConnectionId: calls().activeCallConnectionId,
	...parameters,
});
/** The phone caller of the fixture call, as the raw ID the simulator lists. */
const participantOf = (callConnectionId: string) =>
	t.emulator.calls.get(callConnectionId)!.participants[0];

describe('callMedia play', () => {
	it.each<AcsAuth>(['accessKey', 'oAuth2'])(
		'with %s, plays a file to everyone: playTo [] and loop false, as the SDK sends',
		async (auth) => {
			const result = await t.runAcs(
				auth,
				callMedia('play', {
					playSource: 'file',
					fileUrl: FILE_URL,
					options: { operationContext: 'greeting' },
				}),
			);
			expect(result.error).toBeUndefined();
			expect(result.items.map((item) => item.json)).toEqual([
				{
					callConnectionId: calls().activeCallConnectionId,
					operation: 'play',
					status: 'accepted',
					operationContext: 'greeting',
				},
			]);
			expect(sentBody('acs.calling.play')).toEqual({
				playSources: [{ kind: 'file', file: { uri: FILE_URL } }],
				playTo: [],
				playOptions: { loop: false },
				operationContext: 'greeting',
			});
			expect(t.emulator.counts()['acs.calling.play']).toBe(1);
		},
	);

	it('plays text with a voice to one participant, looped and interrupting', async () => {
		const participant = participantOf(calls().activeCallConnectionId);
		const result = await t.runAcs(
			'accessKey',
			callMedia('play', {
				playSource: 'text',
				text: 'Welcome ✓',
				voiceName: 'en-US-JennyNeural',
				voiceKind: 'female',
				sourceLocale: 'en-US',
				options: { playTo: participant, loop: true, interruptCallMediaOperation: true },
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('accepted');
		const body = sentBody('acs.calling.play');
		expect(body).toMatchObject({
			playSources: [
				{
					kind: 'text',
					text: {
						text: 'Welcome ✓',
						sourceLocale: 'en-US',
						voiceKind: 'female',
						voiceName: 'en-US-JennyNeural',
					},
				},
			],
			interruptCallMediaOperation: true,
			playOptions: { loop: true },
		});
		expect((body.playTo as Array<{ rawId: string }>).map((p) => p.rawId)).toEqual([participant]);
	});

	it('reports an unknown call with the ACS error (404)', async () => {
		const result = await t.runAcs(
			'accessKey',
			callMedia('play', { callConnectionId: calls().unknownCallConnectionId, fileUrl: FILE_URL }),
		);
		expect(result.error).toMatchObject({ httpCode: '404' });
		expect(result.error!.message).toMatch(/^Azure Communication Services returned 404 8522: /);
		expect(t.emulator.counts()['acs.calling.play']).toBe(1);
	});

	it('is not repeated after a lost response, and says the audio may or may not have played', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.calling.play', kind: 'drop' });
		const result = await t.runAcs('accessKey', callMedia('play', { fileUrl: FILE_URL }));
		expect(result.error).toBeDefined();
		expect(result.error!.description).toMatch(/so it was not repeated/);
		expect(result.error!.description).toMatch(/the audio may or may not have been played/);
		expect(t.emulator.counts()['acs.calling.play']).toBe(1);
	});

	it.each([
		[{ playSource: 'file', fileUrl: '={{ "" }}' }, 'File URL is empty'],
		[
			{ playSource: 'file', fileUrl: 'http://example.com/a.wav' },
			'File URL "http://example.com/a.wav" is not an https URL',
		],
		[{ playSource: 'text', text: '  ' }, 'Text is empty'],
		[
			{ playSource: 'text', text: '={{ "é".repeat(4001) }}' },
			'Text is too long (4001 characters; at most 4000)',
		],
		[{ playSource: 'ssml', ssml: '={{ "" }}' }, 'SSML is empty'],
		[
			{ fileUrl: FILE_URL, options: { playTo: '+1425, 8:acs:x' } },
			'Play To "+1425" is neither a phone number nor an ACS or Teams ID',
		],
		[
			{ fileUrl: FILE_URL, options: { operationCallbackUri: 'http://hooks.example.com/acs' } },
			'Operation Callback URI "http://hooks.example.com/acs" is not an https URL',
		],
		[{ callConnectionId: ' ', fileUrl: FILE_URL }, 'Call Connection ID is empty'],
	])('refuses %p before sending anything', async (parameters, message) => {
		const result = await t.runAcs('accessKey', callMedia('play', parameters));
		expect(result.error?.message).toBe(message);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('runs items one by one with Continue On Fail', async () => {
		const ids = [
			calls().activeCallConnectionId,
			calls().unknownCallConnectionId,
			' ',
			calls().secondCallConnectionId,
		];
		const result = await t.runAcs(
			'accessKey',
			callMedia('play', { callConnectionId: '={{ $json.id }}', fileUrl: FILE_URL }),
			{ items: ids.map((id) => ({ id })), continueOnFail: true },
		);
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3]);
		expect(result.items.map((item) => item.json.status ?? item.json.error)).toEqual([
			'accepted',
			expect.stringMatching(/returned 404/),
			'Call Connection ID is empty',
			'accepted',
		]);
		expect(t.emulator.counts()['acs.calling.play']).toBe(3);
	});
});

describe('callMedia recognize', () => {
	it.each<AcsAuth>(['accessKey', 'oAuth2'])(
		'with %s, collects DTMF after a prompt, with the SDK defaults filled in',
		async (auth) => {
			const participant = participantOf(calls().activeCallConnectionId);
			const result = await t.runAcs(
				auth,
				callMedia('recognize', {
					targetParticipant: participant,
					inputType: 'dtmf',
					maxTonesToCollect: 4,
					playSource: 'file',
					fileUrl: FILE_URL,
					options: { stopTones: ['pound'], operationContext: 'menu' },
				}),
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({
				callConnectionId: calls().activeCallConnectionId,
				operation: 'recognize',
				status: 'accepted',
				inputType: 'dtmf',
				operationContext: 'menu',
			});
			const body = sentBody('acs.calling.recognize');
			expect(body).toMatchObject({
				recognizeInputType: 'dtmf',
				playPrompt: { kind: 'file', file: { uri: FILE_URL } },
				recognizeOptions: {
					initialSilenceTimeoutInSeconds: 5,
					targetParticipant: { rawId: participant },
					dtmfOptions: { interToneTimeoutInSeconds: 2, maxTonesToCollect: 4, stopTones: ['pound'] },
				},
				operationContext: 'menu',
			});
		},
	);

	it('sends choices with their phrases and tones, and no prompt when none is chosen', async () => {
		const result = await t.runAcs(
			'accessKey',
			callMedia('recognize', {
				targetParticipant: participantOf(calls().activeCallConnectionId),
				inputType: 'choices',
				choices: {
					choice: [
						{ label: 'sales', phrases: 'sales, buy ,', tone: 'one' },
						{ label: 'support', phrases: 'help', tone: '' },
					],
				},
			}),
		);
		expect(result.error).toBeUndefined();
		const body = sentBody('acs.calling.recognize');
		expect(body.playPrompt).toBeUndefined();
		expect((body.recognizeOptions as Record<string, unknown>).choices).toEqual([
			{ label: 'sales', phrases: ['sales', 'buy'], tone: 'one' },
			{ label: 'support', phrases: ['help'] },
		]);
	});

	it('reports an unknown call with the ACS error (404)', async () => {
		const result = await t.runAcs(
			'accessKey',
			callMedia('recognize', {
				callConnectionId: calls().unknownCallConnectionId,
				targetParticipant: '+14255550123',
			}),
		);
		expect(result.error).toMatchObject({ httpCode: '404' });
		expect(result.error!.message).toMatch(/ 404 8522: /);
		expect(t.emulator.counts()['acs.calling.recognize']).toBe(1);
	});

	it.each([
		[{ targetParticipant: '={{ "" }}' }, 'Target Participant is empty'],
		[
			{ targetParticipant: 'bob' },
			'Target Participant "bob" is neither a phone number nor an ACS or Teams ID',
		],
		[
			{ targetParticipant: '+14255550123', inputType: 'choices' },
			'Choices: add at least one choice',
		],
		[
			{
				targetParticipant: '+14255550123',
				inputType: 'choices',
				choices: { choice: [{ label: 'a', phrases: ' , ' }] },
			},
			'Choices: choice "a" has no phrase',
		],
		[{ targetParticipant: '+14255550123', playSource: 'text', text: '={{ "" }}' }, 'Text is empty'],
	])('refuses %p before sending anything', async (parameters, message) => {
		const result = await t.runAcs('accessKey', callMedia('recognize', parameters));
		expect(result.error?.message).toBe(message);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('runs items one by one with Continue On Fail', async () => {
		const participant = participantOf(calls().activeCallConnectionId);
		const targets = [participant, 'nobody', participant];
		const result = await t.runAcs(
			'accessKey',
			callMedia('recognize', { targetParticipant: '={{ $json.target }}' }),
			{ items: targets.map((target) => ({ target })), continueOnFail: true },
		);
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
		expect(result.items.map((item) => item.json.status ?? item.json.error)).toEqual([
			'accepted',
			'Target Participant "nobody" is neither a phone number nor an ACS or Teams ID',
			'accepted',
		]);
	});
});

describe('callMedia sendDtmf and cancelAllMediaOperations', () => {
	it.each<AcsAuth>(['accessKey', 'oAuth2'])(
		'with %s, sends tones in order (keys and names) with repeatability headers',
		async (auth) => {
			const participant = participantOf(calls().activeCallConnectionId);
			const result = await t.runAcs(
				auth,
				callMedia('sendDtmf', { tones: '12#, pound, A', targetParticipant: participant }),
			);
			expect(result.error).toBeUndefined();
			const tones = ['one', 'two', 'pound', 'pound', 'a'];
			expect(result.items[0].json).toEqual({
				callConnectionId: calls().activeCallConnectionId,
				operation: 'sendDtmfTones',
				status: 'accepted',
				tones,
			});
			expect(sentBody('acs.calling.sendDtmfTones')).toEqual({
				tones,
				targetParticipant: expect.objectContaining({ rawId: participant }),
			});
			const request = requestTo('acs.calling.sendDtmfTones');
			expect(request.headers['repeatability-request-id']).toMatch(/^[0-9a-f-]{36}$/);
			expect(request.headers['repeatability-first-sent']).toMatch(/ GMT$/);
		},
	);

	it('retries a lost sendDtmf response with the same repeatability headers, and ACS sends once', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.calling.sendDtmfTones', kind: 'drop' });
		const sentBefore = t.emulator.calls.get(calls().activeCallConnectionId)!.dtmfSent.length;
		const result = await t.runAcs(
			'accessKey',
			callMedia('sendDtmf', {
				tones: '5',
				targetParticipant: participantOf(calls().activeCallConnectionId),
			}),
		);
		expect(result.error).toBeUndefined();
		const requests = t.emulator
			.requests()
			.filter((r) => r.endpoint === 'acs.calling.sendDtmfTones');
		expect(requests).toHaveLength(2);
		expect(requests[1].headers['repeatability-request-id']).toBe(
			requests[0].headers['repeatability-request-id'],
		);
		expect(requests[1].headers['repeatability-first-sent']).toBe(
			requests[0].headers['repeatability-first-sent'],
		);
		expect(t.emulator.calls.get(calls().activeCallConnectionId)!.dtmfSent.length).toBe(
			sentBefore + 1,
		);
	});

	it.each([
		[{ tones: '={{ "" }}' }, 'Tones is empty'],
		[{ tones: '1, ten' }, 'Tones "ten" is not a DTMF tone'],
		[{ tones: '12x' }, 'Tones "12x" is not a DTMF tone'],
		[
			{ tones: '1', targetParticipant: '8:acs' },
			'Target Participant "8:acs" is neither a phone number nor an ACS or Teams ID',
		],
	])('refuses %p before sending anything', async (parameters, message) => {
		const result = await t.runAcs(
			'accessKey',
			callMedia('sendDtmf', { targetParticipant: '+14255550123', ...parameters }),
		);
		expect(result.error?.message).toBe(message);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it.each<AcsAuth>(['accessKey', 'oAuth2'])(
		'with %s, cancels all media operations without a body',
		async (auth) => {
			const result = await t.runAcs(auth, callMedia('cancelAllMediaOperations', {}));
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({
				callConnectionId: calls().activeCallConnectionId,
				operation: 'cancelAllMediaOperations',
				status: 'accepted',
			});
			const request = requestTo('acs.calling.cancelAllMediaOperations');
			expect(request.path).toBe(
				`/calling/callConnections/${calls().activeCallConnectionId}:cancelAllMediaOperations`,
			);
			expect(request.body.length).toBe(0);
		},
	);

	it.each(['sendDtmf', 'cancelAllMediaOperations'])(
		'%s runs items one by one with Continue On Fail',
		async (operation) => {
			const ids = [calls().activeCallConnectionId, calls().unknownCallConnectionId, ' '];
			const result = await t.runAcs(
				'accessKey',
				callMedia(operation, {
					callConnectionId: '={{ $json.id }}',
					tones: '1',
					targetParticipant: participantOf(calls().activeCallConnectionId),
				}),
				{ items: ids.map((id) => ({ id })), continueOnFail: true },
			);
			expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
			expect(result.items.map((item) => item.json.status ?? item.json.error)).toEqual([
				'accepted',
				expect.stringMatching(/returned 404 8522/),
				'Call Connection ID is empty',
			]);
		},
	);

	it('reports an unknown call with the ACS error (404) for each', async () => {
		for (const [operation, parameters] of [
			['cancelAllMediaOperations', {}],
			['sendDtmf', { tones: '1', targetParticipant: '+14255550123' }],
		] as const) {
			const result = await t.runAcs(
				'accessKey',
				callMedia(operation, { ...parameters, callConnectionId: calls().unknownCallConnectionId }),
			);
			expect(result.error).toMatchObject({ httpCode: '404' });
		}
	});
});

describe('callbacks the simulator posts for the media operations of an answered call', () => {
	it('PlayCompleted and RecognizeCompleted (with the tones set on the call) reach the callback URI', async () => {
		const call = await connectedCall(t, sink, { recognizeTones: ['four', 'two'] });
		const play = await t.runAcs(
			'accessKey',
			callMedia('play', {
				callConnectionId: call.callConnectionId,
				fileUrl: FILE_URL,
				options: { operationContext: 'greeting' },
			}),
		);
		expect(play.error).toBeUndefined();
		const played = await sink.waitFor(
			(event) => event.type === 'Microsoft.Communication.PlayCompleted',
		);
		expect(played.data).toMatchObject({
			callConnectionId: call.callConnectionId,
			operationContext: 'greeting',
		});
		expect(
			sink.events
				.filter((event) => event.data.callConnectionId === call.callConnectionId)
				.map((event) => event.type.replace('Microsoft.Communication.', '')),
		).toEqual(['CallConnected', 'ParticipantsUpdated', 'PlayStarted', 'PlayCompleted']);

		const recognize = await t.runAcs(
			'accessKey',
			callMedia('recognize', {
				callConnectionId: call.callConnectionId,
				targetParticipant: call.caller,
				maxTonesToCollect: 2,
				options: { operationContext: 'menu' },
			}),
		);
		expect(recognize.error).toBeUndefined();
		const recognized = await sink.waitFor(
			(event) => event.type === 'Microsoft.Communication.RecognizeCompleted',
		);
		expect(recognized.data).toMatchObject({
			callConnectionId: call.callConnectionId,
			operationContext: 'menu',
			recognitionType: 'dtmf',
			dtmfResult: { tones: ['four', 'two'] },
		});

		const dtmf = await t.runAcs(
			'accessKey',
			callMedia('sendDtmf', {
				callConnectionId: call.callConnectionId,
				tones: '9',
				targetParticipant: call.caller,
				options: { operationContext: 'keys' },
			}),
		);
		expect(dtmf.error).toBeUndefined();
		const sent = await sink.waitFor(
			(event) => event.type === 'Microsoft.Communication.SendDtmfTonesCompleted',
		);
		expect(sent.data).toMatchObject({ operationContext: 'keys' });
	});

	it('RecognizeCompleted of choices names the choice whose tone the caller pressed', async () => {
		const call = await connectedCall(
			t,
			sink,
			{ recognizeTones: ['two'] },
			{ cognitiveServicesEndpoint: COGNITIVE_SERVICES },
		);
		const result = await t.runAcs(
			'accessKey',
			callMedia('recognize', {
				callConnectionId: call.callConnectionId,
				targetParticipant: call.caller,
				inputType: 'choices',
				choices: {
					choice: [
						{ label: 'sales', phrases: 'sales', tone: 'one' },
						{ label: 'support', phrases: 'support, help', tone: 'two' },
					],
				},
				playSource: 'text',
				text: 'Sales or support?',
				options: { operationContext: 'choice' },
			}),
		);
		expect(result.error).toBeUndefined();
		const recognized = await sink.waitFor(
			(event) =>
				event.type === 'Microsoft.Communication.RecognizeCompleted' &&
				event.data.operationContext === 'choice',
		);
		expect(recognized.data).toMatchObject({
			callConnectionId: call.callConnectionId,
			recognitionType: 'choices',
			choiceResult: { label: 'support', recognizedPhrase: 'support' },
		});
	});

	it('text on a call without Cognitive Services is accepted, then PlayFailed says why', async () => {
		const call = await connectedCall(t, sink);
		const result = await t.runAcs(
			'accessKey',
			callMedia('play', {
				callConnectionId: call.callConnectionId,
				playSource: 'text',
				text: 'Hello',
				options: { operationContext: 'no-speech' },
			}),
		);
		expect(result.items[0].json.status).toBe('accepted');
		const failed = await sink.waitFor((event) => event.data.operationContext === 'no-speech');
		expect(failed.type).toBe('Microsoft.Communication.PlayFailed');
		expect(failed.data.resultInformation).toMatchObject({
			code: 400,
			message: expect.stringMatching(/Cognitive Services/),
		});
	});

	it('an operation callback URI overrides the call’s', async () => {
		const TRIGGER_SECRET = 'trigger-secret-of-the-operation-callback';
		const call = await connectedCall(t, sink);
		const other = await callbackSink();
		try {
			const result = await t.runAcs(
				'accessKey',
				callMedia('play', {
					callConnectionId: call.callConnectionId,
					fileUrl: FILE_URL,
					options: {
						operationCallbackUri: `${other.url}?secret=${TRIGGER_SECRET}`,
						operationContext: 'elsewhere',
					},
				}),
			);
			expect(result.error).toBeUndefined();
			// The item shows where the event goes without the trigger secret; the event still gets there.
			expect(result.items[0].json.operationCallbackUri).toBe(`${other.url}?secret=***`);
			expect(JSON.stringify(result.items)).not.toContain(TRIGGER_SECRET);
			const event = await other.waitFor((e) => e.type === 'Microsoft.Communication.PlayCompleted');
			expect(event.data).toMatchObject({ operationContext: 'elsewhere' });
		} finally {
			await other.close();
		}
	});
});
