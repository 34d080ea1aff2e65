import { randomUUID } from 'node:crypto';

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { resolveWebhookDescriptionField, type INode } from 'n8n-workflow';

import { deliver, type DeliveryResult } from '../../emulator';
import { signSignalWireRequest } from '../../emulator/deliver';
import { APOLOGY_CXML } from '../../nodes/SignalWireTrigger/answer';
import {
	EMPTY_CXML,
	SignalWireTrigger,
} from '../../nodes/SignalWireTrigger/SignalWireTrigger.node';
import { cxmlProblem } from '../../shared/signalwire/cxml';
import { expectSameWire, signalWireClient } from '../conformance/signalwireClient';
import { recordRequests } from '../conformance/wire';
import { TRIGGER_NODE_NAME, type ServedTrigger } from '../harness/webhook';
import { createTestContext, SIGNALWIRE_TRIGGER_NODE, type TestContext } from './context';
import { triggerTestKit } from './triggers';

let t: TestContext;
beforeAll(async () => {
	t = await createTestContext();
});
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetFixtures();
	// Spoken verbs take no time, so calls end as soon as their cXML is done.
	t.emulator.signalwire.configureVoice({ speechMs: 0 });
});

const kit = triggerTestKit(
	() => t,
	SIGNALWIRE_TRIGGER_NODE,
	(c) => c.credentials.signalWire,
);
afterAll(kit.closeAll);

const sw = () => t.emulator.fixtures.signalwire;
const HOSTILE = `Hi</Say><Hangup/><Dial>+15550000000</Dial> 'x' & "y" ]]> <Say>`;

async function inboundCall(
	url: string,
	options: Parameters<typeof deliver>[3] = {},
): Promise<DeliveryResult & { call: NonNullable<DeliveryResult['call']> }> {
	const result = await deliver(t.emulator, 'signalwire-inbound-call', url, options);
	t.watchDelivery(result);
	expect(result.body).not.toContain(t.emulator.signalwire.signingKey);
	return result as DeliveryResult & { call: NonNullable<DeliveryResult['call']> };
}

function expectCxml(result: { status: number; contentType: string; body: string }, body: string) {
	expect(result.status).toBe(200);
	expect(result.contentType).toMatch(/^text\/xml/);
	expect(result.body).toBe(body);
}

const verbs = (call: Pick<NonNullable<DeliveryResult['call']>, 'log'>) =>
	call.log.map((entry) => (entry.within ? `${entry.within}/${entry.verb}` : entry.verb));

/** A Set node after the trigger that gives its first item these fields (and nothing else). */
function setNode(fields: Record<string, string | { value: string; type: string }>): INode {
	return {
		id: randomUUID(),
		name: 'Answer',
		type: 'n8n-nodes-base.set',
		typeVersion: 3.4,
		position: [200, 0],
		parameters: {
			assignments: {
				assignments: Object.entries(fields).map(([name, field]) => ({
					id: randomUUID(),
					name,
					...(typeof field === 'string' ? { value: field, type: 'string' } : field),
				})),
			},
			options: {},
		},
	};
}

const answeredBy = (node: INode) => ({
	downstream: {
		nodes: [node],
		connections: {
			[TRIGGER_NODE_NAME]: { main: [[{ node: node.name, type: 'main' as const, index: 0 }]] },
		},
	},
});

describe('SignalWire Trigger: call events', () => {
	it('an inbound call starts a run with the call’s fields and is answered with the simple fields', async () => {
		const trigger = await kit.serve({
			events: ['inboundCall'],
			registration: 'manual',
			respond: 'immediately',
			answerWith: 'say',
			say: HOSTILE,
			voice: 'woman" loop="99',
			language: 'en-US',
		});
		const result = await inboundCall(trigger.url);
		expect(result.status).toBe(200);
		expect(result.contentType).toMatch(/^text\/xml/);
		// An XML parser reads one Say holding the text as written, and the hang-up: nothing injected.
		expect(XMLValidator.validate(result.body)).toBe(true);
		const parsed = new XMLParser({
			ignoreAttributes: false,
			attributeNamePrefix: '',
			parseTagValue: false,
			trimValues: false,
		}).parse(result.body) as { Response: Record<string, unknown> };
		expect(parsed.Response).toEqual({
			Say: { '#text': HOSTILE, voice: 'woman" loop="99', language: 'en-US' },
			Hangup: '',
		});
		// The simulator ran the same: one Say with the text as written, then the hang-up.
		expect(result.call).toMatchObject({ status: 'completed', errors: [] });
		expect(verbs(result.call)).toEqual(['Say', 'Hangup']);
		expect(result.call.log[0]).toMatchObject({
			text: HOSTILE,
			attributes: { voice: 'woman" loop="99', language: 'en-US' },
		});
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.items.map((item) => item.json)).toEqual([result.sent]);
		expect(result.sent).toMatchObject({
			CallSid: result.call.sid,
			CallStatus: 'ringing',
			Direction: 'inbound',
			From: sw().numbers.customer,
			To: sw().mainNumber.phoneNumber,
		});
	});

	it('a call status callback and a recording callback are answered <Response/> and start runs', async () => {
		const trigger = await kit.serve({
			events: ['inboundCall', 'callStatus', 'recordingStatus'],
			registration: 'automatic',
			phoneNumber: sw().mainNumber.phoneNumber,
			respond: 'immediately',
			answerWith: 'say',
			say: 'Leave a message after the beep.',
			record: true,
		});
		await trigger.lifecycle('create');
		try {
			// No URL: the call goes where the number points, as a real call would.
			const call = await t.emulator.signalwire.inboundCall();
			expect(verbs(call)).toEqual(['Say', 'Record', 'Hangup']);
			const recording = await t.emulator.signalwire.waitForWebhook(
				(entry) => entry.callSid === call.sid && entry.kind === 'recording',
			);
			const status = await t.emulator.signalwire.waitForWebhook(
				(entry) => entry.callSid === call.sid && entry.kind === 'status',
			);
			for (const callback of [recording, status]) {
				expect(callback).toMatchObject({ url: trigger.url, status: 200, body: EMPTY_CXML });
				expect(callback.contentType).toMatch(/^text\/xml/);
			}
			expect(recording.params).toMatchObject({
				RecordingSid: call.recordingSids[0],
				RecordingStatus: 'completed',
			});
			expect(status.params.CallStatus).toBe('completed');
			const executions = await trigger.waitForExecutions(3);
			const byKind = (predicate: (json: Record<string, unknown>) => boolean) =>
				executions.filter((run) => predicate(run.items[0]!.json));
			expect(byKind((json) => json.CallStatus === 'ringing')).toHaveLength(1);
			expect(byKind((json) => json.RecordingStatus === 'completed')[0]!.items[0]!.json).toEqual(
				recording.params,
			);
			expect(byKind((json) => json.CallStatus === 'completed')[0]!.items[0]!.json).toEqual(
				status.params,
			);
		} finally {
			await trigger.lifecycle('delete');
		}
	});

	it('status callbacks of a call the SignalWire node placed are Call Status events', async () => {
		const trigger = await kit.serve({
			events: ['inboundCall', 'callStatus'],
			registration: 'manual',
		});
		const placed = await t.runSignalWire({
			resource: 'call',
			operation: 'create',
			from: sw().numbers.project,
			to: sw().numbers.customer,
			answerWith: 'say',
			say: 'Your appointment is tomorrow.',
			options: {
				statusCallback: trigger.url,
				statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
			},
		});
		expect(placed.error).toBeUndefined();
		const sid = String(placed.items[0]!.json.sid);
		await t.emulator.signalwire.waitForCall(sid);
		const executions = await trigger.waitForExecutions(4);
		expect(executions.map((run) => run.items[0]!.json.CallStatus).sort()).toEqual(
			['completed', 'in-progress', 'initiated', 'ringing'].sort(),
		);
		for (const run of executions) {
			expect(run.items[0]!.json).toMatchObject({ CallSid: sid, Direction: 'outbound-api' });
		}
		const callbacks = t.emulator.signalwire
			.webhooks()
			.filter((entry) => entry.callSid === sid && entry.kind === 'status');
		expect(callbacks.map((entry) => entry.body)).toEqual(Array(4).fill(EMPTY_CXML));
	});

	it('answers but starts nothing for call events that are not selected', async () => {
		const trigger = await kit.serve({ events: ['inboundMessage'], registration: 'manual' });
		const result = await inboundCall(trigger.url);
		expectCxml(result, EMPTY_CXML);
		expect(result.call.status).toBe('completed');
		expect(trigger.started()).toBe(0);
	});

	it('refuses a call signed with another key (403) and starts nothing', async () => {
		const trigger = await kit.serve({ events: ['inboundCall'], registration: 'manual' });
		const result = await inboundCall(trigger.url, { signingKey: 'PSK_not-the-project-key' });
		expect(result.status).toBe(403);
		expect(result.body).toBe('Invalid signature');
		expect(result.call.status).not.toBe('completed');
		const unsigned = await kit.post(
			trigger.url,
			new URLSearchParams({ CallSid: 'CA-unsigned', CallStatus: 'ringing' }).toString(),
			{ 'content-type': 'application/x-www-form-urlencoded' },
		);
		expect(unsigned.status).toBe(403);
		expect(trigger.started()).toBe(0);
	});
});

describe('SignalWire Trigger: Respond Immediately', () => {
	it('gather, play, record and dial run in that order, with the actions and the recording', async () => {
		const trigger = await kit.serve({
			events: ['inboundCall'],
			registration: 'manual',
			respond: 'immediately',
			answerWith: 'say',
			say: 'Press 1 for sales',
			playUrl: 'https://example.com/hold.mp3',
			gather: 1,
			gatherAction: 'http://127.0.0.1:9/never-reached',
			record: true,
			dial: sw().numbers.secondProject,
			hangUp: true,
		});
		// No digits pressed: the call goes on past Gather without its action.
		const result = await inboundCall(trigger.url, { gatherDigits: '' });
		expect(cxmlProblem(result.body)).toBeUndefined();
		expect(verbs(result.call)).toEqual([
			'Gather/Say',
			'Gather/Play',
			'Gather',
			'Record',
			'Dial',
			'Hangup',
		]);
		expect(result.call.log[1]!.text).toBe('https://example.com/hold.mp3');
		expect(result.call.log[2]!.attributes).toMatchObject({
			numDigits: '1',
			action: 'http://127.0.0.1:9/never-reached',
		});
		expect(result.call.log[4]!.targets).toEqual([sw().numbers.secondProject]);
		expect(result.call.recordingSids).toHaveLength(1);
		await trigger.waitForExecutions(1);
	});

	it('an inline cXML document is answered as written', async () => {
		const document =
			'<?xml version="1.0" encoding="UTF-8"?><Response><Say>Closed today</Say><Hangup/></Response>';
		const trigger = await kit.serve({
			events: ['inboundCall'],
			registration: 'manual',
			respond: 'immediately',
			answerWith: 'cxml',
			cxml: document,
		});
		const result = await inboundCall(trigger.url);
		expectCxml(result, document);
		expect(verbs(result.call)).toEqual(['Say', 'Hangup']);
		await trigger.waitForExecutions(1);
	});

	it.each([
		[
			'an inline document that is not well-formed',
			{ answerWith: 'cxml', cxml: '<Response><Say>Hi</Response>' },
			/cXML is not valid cXML: <\/Response> closes <Say>/,
		],
		[
			'an empty inline document',
			{ answerWith: 'cxml', cxml: '  ' },
			/cXML is not valid cXML: it is empty/,
		],
		[
			'simple fields that say nothing',
			{ answerWith: 'say', hangUp: false },
			/answered with nothing/,
		],
		['a Dial target that is no number', { answerWith: 'say', dial: '555-0100' }, /Dial "555-0100"/],
		[
			'gathering without an action URL',
			{ answerWith: 'say', say: 'Hi', gather: 2 },
			/Gather Action URL is empty/,
		],
	])('refuses to activate with %s, before any request', async (_, answer, message) => {
		const trigger = await kit.serve({
			events: ['inboundCall'],
			registration: 'automatic',
			phoneNumber: sw().mainNumber.phoneNumber,
			respond: 'immediately',
			...answer,
		});
		const before = t.emulator.counts().total ?? 0;
		await expect(trigger.lifecycle('create')).rejects.toThrow(message);
		expect(t.emulator.counts().total ?? 0).toBe(before);
	});
});

describe('SignalWire Trigger: Respond When Last Node Finishes', () => {
	const lastNode = (fields: Record<string, unknown> = {}) => ({
		events: ['inboundCall'],
		registration: 'manual',
		respond: 'lastNode',
		...fields,
	});

	it('answers with the last node’s cxml field as text/xml, computed from the call', async () => {
		const trigger = await kit.serve(
			lastNode(),
			answeredBy(
				setNode({
					cxml: '={{ "<Response><Say>You called from " + $json.From + "</Say><Hangup/></Response>" }}',
				}),
			),
		);
		const result = await inboundCall(trigger.url);
		const expected = `<Response><Say>You called from ${sw().numbers.customer}</Say><Hangup/></Response>`;
		expectCxml(result, expected);
		expect(result.call.log[0]!.text).toBe(`You called from ${sw().numbers.customer}`);
		expect(verbs(result.call)).toEqual(['Say', 'Hangup']);
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.run.data.resultData.error).toBeUndefined();
		expect(execution!.items[0]!.json).toEqual(result.sent);
	});

	it('reads the field named in cXML Field (an expression: n8n evaluates the description)', async () => {
		const document = '<Response><Say>Renamed</Say></Response>';
		const trigger = await kit.serve(
			lastNode({ cxmlField: '={{ "ans" + "wer" }}' }),
			answeredBy(setNode({ answer: document, cxml: 'not this one' })),
		);
		expectCxml(await inboundCall(trigger.url), document);
		await trigger.waitForExecutions(1);
	});

	it.each([
		// A text where a number is declared: the Set node fails, and so does the run.
		['the workflow fails', { cxml: { value: 'not a number', type: 'number' } }, true],
		['the field is missing', { other: '<Response/>' }, false],
		['the field is empty', { cxml: '' }, false],
		['the field is not cXML', { cxml: 'Hello there' }, false],
		['the field is XML of another kind', { cxml: '<html><body>Hi</body></html>' }, false],
	])('when %s, the caller hears an apology and the call ends', async (_, fields, fails) => {
		const trigger = await kit.serve(lastNode(), answeredBy(setNode(fields)));
		const result = await inboundCall(trigger.url);
		expectCxml(result, APOLOGY_CXML);
		expect(result.call).toMatchObject({ status: 'completed', errors: [] });
		expect(verbs(result.call)).toEqual(['Say', 'Hangup']);
		const [execution] = await trigger.waitForExecutions(1);
		expect(execution!.run.data.resultData.error !== undefined).toBe(fails);
	});

	it('a run that ends with no item is answered with the apology', async () => {
		const trigger = await kit.serve(lastNode(), {
			downstream: {
				nodes: [
					{
						id: randomUUID(),
						name: 'Drop all',
						type: 'n8n-nodes-base.filter',
						typeVersion: 2.2,
						position: [200, 0],
						parameters: {
							conditions: {
								options: { caseSensitive: true, leftValue: '', typeValidation: 'strict' },
								conditions: [
									{
										id: randomUUID(),
										leftValue: '={{ $json.CallSid }}',
										rightValue: 'no call has this SID',
										operator: { type: 'string', operation: 'equals' },
									},
								],
								combinator: 'and',
							},
							options: {},
						},
					},
				],
				connections: {
					[TRIGGER_NODE_NAME]: { main: [[{ node: 'Drop all', type: 'main', index: 0 }]] },
				},
			},
		});
		expectCxml(await inboundCall(trigger.url), APOLOGY_CXML);
		await trigger.waitForExecutions(1);
	});

	it('a message to a trigger that answers calls from the last node is answered <Response/> at once', async () => {
		const trigger = await kit.serve(
			lastNode({ events: ['inboundCall', 'inboundMessage'] }),
			answeredBy(setNode({ cxml: '<Response/>' })),
		);
		const params = { MessageSid: 'SM-on-lastnode', Body: 'hi' };
		const signature = signSignalWireRequest(t.emulator.signalwire.signingKey, trigger.url, params);
		const answer = await kit.post(trigger.url, new URLSearchParams(params).toString(), {
			'content-type': 'application/x-www-form-urlencoded',
			'x-signalwire-signature': signature,
		});
		expectCxml(answer, EMPTY_CXML);
		await trigger.waitForExecutions(1);
	});
});

describe('SignalWire Trigger: automatic registration of call URLs', () => {
	const number = () => sw().mainNumber;
	const current = async () => {
		const response = await fetch(
			`${t.emulator.url}/api/laml/2010-04-01/Accounts/${t.emulator.signalwire.projectId}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(number().phoneNumber)}`,
			{
				headers: {
					authorization: `Basic ${Buffer.from(`${t.emulator.signalwire.projectId}:${t.emulator.signalwire.apiToken}`).toString('base64')}`,
				},
			},
		);
		const body = (await response.json()) as {
			incoming_phone_numbers: Array<Record<string, string>>;
		};
		return body.incoming_phone_numbers[0]!;
	};
	// The emulator's request log spans the file: only this test's updates count.
	let seen = 0;
	beforeEach(() => {
		seen = t.emulator.requests().length;
	});
	const updates = () =>
		t.emulator
			.requests()
			.slice(seen)
			.filter((request) => request.endpoint === 'sw.numbers.update')
			.map((request) => Object.fromEntries(new URLSearchParams(request.body.toString())));
	const previous = () => ({
		sms_url: number().smsUrl,
		sms_method: number().smsMethod,
		voice_url: number().voiceUrl,
		voice_method: number().voiceMethod,
		status_callback: number().statusCallback,
		status_callback_method: number().statusCallbackMethod,
	});

	async function serve(events: string[]): Promise<ServedTrigger> {
		return await kit.serve({
			events,
			registration: 'automatic',
			phoneNumber: number().phoneNumber,
			respond: 'immediately',
			answerWith: 'say',
			say: 'Hello',
		});
	}

	it('messages and calls: SmsUrl, VoiceUrl and StatusCallback, all restored on deactivation', async () => {
		const trigger = await serve(['inboundMessage', 'inboundCall', 'callStatus']);
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await current()).toMatchObject({
			sms_url: trigger.url,
			sms_method: 'POST',
			voice_url: trigger.url,
			voice_method: 'POST',
			status_callback: trigger.url,
			status_callback_method: 'POST',
		});
		expect(await trigger.lifecycle('checkExists')).toBe(true);
		// A second activation must not remember this trigger's own URLs as "previous".
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(await current()).toMatchObject(previous());
		const registered = {
			SmsUrl: trigger.url,
			SmsMethod: 'POST',
			VoiceUrl: trigger.url,
			VoiceMethod: 'POST',
			StatusCallback: trigger.url,
			StatusCallbackMethod: 'POST',
		};
		expect(updates()).toEqual([
			registered,
			registered,
			{
				SmsUrl: number().smsUrl,
				SmsMethod: number().smsMethod,
				VoiceUrl: number().voiceUrl,
				VoiceMethod: number().voiceMethod,
				StatusCallback: number().statusCallback,
				StatusCallbackMethod: number().statusCallbackMethod,
			},
		]);
	});

	it('calls only: the VoiceUrl alone, the message URL untouched; a call reaches the trigger', async () => {
		const trigger = await serve(['inboundCall']);
		await trigger.lifecycle('create');
		expect(await current()).toMatchObject({
			...previous(),
			voice_url: trigger.url,
			voice_method: 'POST',
		});
		const call = await t.emulator.signalwire.inboundCall();
		expect(call.webhook).toMatchObject({ url: trigger.url, status: 200 });
		expect(call.log.map((entry) => entry.verb)).toEqual(['Say', 'Hangup']);
		await trigger.waitForExecutions(1);
		await trigger.lifecycle('delete');
		expect(await current()).toMatchObject(previous());
		expect(updates()).toEqual([
			{ VoiceUrl: trigger.url, VoiceMethod: 'POST' },
			{ VoiceUrl: number().voiceUrl, VoiceMethod: number().voiceMethod },
		]);
	});

	it('adding call events to a registered trigger remembers the numbers’ own call URLs', async () => {
		const messages = await serve(['inboundMessage']);
		await messages.lifecycle('create');
		// The same workflow, now with calls (static data carried over, as n8n keeps it).
		const withCalls = await serve(['inboundMessage', 'inboundCall']);
		Object.assign(
			withCalls.staticData(),
			JSON.parse(JSON.stringify(messages.staticData())) as object,
		);
		await withCalls.lifecycle('create');
		expect(await current()).toMatchObject({ sms_url: withCalls.url, voice_url: withCalls.url });
		await withCalls.lifecycle('delete');
		expect(await current()).toMatchObject(previous());
		expect(updates().at(-1)).toEqual({
			SmsUrl: number().smsUrl,
			SmsMethod: number().smsMethod,
			VoiceUrl: number().voiceUrl,
			VoiceMethod: number().voiceMethod,
		});
	});

	it('the number update is the official client’s request, byte for byte', async () => {
		const trigger = await serve(['inboundMessage', 'inboundCall', 'callStatus']);
		const [node] = (
			await recordRequests(t.emulator, async () => await trigger.lifecycle('create'))
		).filter((request) => request.endpoint === 'sw.numbers.update');
		const [sdk] = await recordRequests(
			t.emulator,
			async () =>
				await signalWireClient(t.emulator).incomingPhoneNumbers(number().sid).update({
					smsUrl: trigger.url,
					smsMethod: 'POST',
					voiceUrl: trigger.url,
					voiceMethod: 'POST',
					statusCallback: trigger.url,
					statusCallbackMethod: 'POST',
				}),
		);
		expectSameWire(t.emulator, sdk!, node!);
		await trigger.lifecycle('delete');
	});

	it('recording statuses alone change nothing on the number (they come from the Record verb)', async () => {
		const trigger = await serve(['recordingStatus']);
		expect(await trigger.lifecycle('checkExists')).toBe(false);
		expect(await trigger.lifecycle('create')).toBe(true);
		expect(await trigger.lifecycle('delete')).toBe(true);
		expect(await current()).toMatchObject(previous());
		expect(updates()).toEqual([]);
	});

	it('leaves a call URL someone set since activation alone', async () => {
		const trigger = await serve(['inboundMessage', 'inboundCall']);
		await trigger.lifecycle('create');
		const other = 'https://example.com/someone-else';
		const form = new URLSearchParams({ VoiceUrl: other }).toString();
		await fetch(
			`${t.emulator.url}/api/laml/2010-04-01/Accounts/${t.emulator.signalwire.projectId}/IncomingPhoneNumbers/${number().sid}.json`,
			{
				method: 'POST',
				headers: {
					authorization: `Basic ${Buffer.from(`${t.emulator.signalwire.projectId}:${t.emulator.signalwire.apiToken}`).toString('base64')}`,
					'content-type': 'application/x-www-form-urlencoded',
				},
				body: form,
			},
		);
		await trigger.lifecycle('delete');
		expect(await current()).toMatchObject({
			sms_url: number().smsUrl,
			sms_method: number().smsMethod,
			voice_url: other,
		});
		expect(updates().at(-1)).toEqual({ SmsUrl: number().smsUrl, SmsMethod: number().smsMethod });
	});
});

describe('SignalWire Trigger: earlier versions', () => {
	it.each([1, 1.1])(
		'a version %s message workflow is answered and run as before',
		async (typeVersion) => {
			const trigger = await kit.serve(
				{ events: ['inboundMessage'], registration: 'manual' },
				{ typeVersion },
			);
			const result = await deliver(t.emulator, 'signalwire-mms', trigger.url);
			t.watchDelivery(result);
			expectCxml(result, EMPTY_CXML);
			const [execution] = await trigger.waitForExecutions(1);
			expect(execution!.items[0]!.json).toMatchObject(result.sent as object);
		},
	);
});

describe('SignalWire Trigger: response fields without the expression engine', () => {
	const [description] = new SignalWireTrigger().description.webhooks!;
	it.each([
		[{ events: ['inboundCall'], respond: 'lastNode', cxmlField: 'answer' }, 'lastNode', 'answer'],
		[{ events: ['inboundCall'], respond: 'lastNode', cxmlField: '' }, 'lastNode', 'cxml'],
		[{ events: ['inboundCall'], respond: 'immediately' }, 'onReceived', 'cxml'],
		[{ events: ['inboundMessage'], respond: 'lastNode' }, 'onReceived', 'cxml'],
	])('static parameters %j: %s, field %s', (parameters, mode, field) => {
		const node = { parameters } as unknown as INode;
		expect(resolveWebhookDescriptionField(node, description!, 'responseMode')).toEqual({
			resolved: true,
			value: mode,
		});
		expect(resolveWebhookDescriptionField(node, description!, 'responsePropertyName')).toEqual({
			resolved: true,
			value: field,
		});
	});
});
