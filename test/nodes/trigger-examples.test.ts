/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { deliver, type DeliveryKind, type DeliveryResult } from '../../emulator';
import { harnessEnv } from '../harness';
import { serveWorkflow, type ServedTrigger } from '../harness/webhook';
import { prepareWorkflow, readWorkflowFile, type WorkflowFile } from '../harness/workflow-files';
import { ACS_TRIGGER_SECRET, createTestContext, sha256, type TestContext } from './context';

/**
 * The examples that start from the package's triggers, served as n8n serves them once published: the
 * emulator delivers an event signed as the service signs it, and what the workflow does with it (files
 * written, replies sent) must match the emulator's fixtures.
 */

const EXAMPLE_FILES_ROOT = '/tmp/n8n-acs-signalwire';

let t: TestContext;
const served: ServedTrigger[] = [];
beforeAll(async () => {
	t = await createTestContext();
});
afterAll(async () => {
	await Promise.all(served.map(async (trigger) => await trigger.close()));
	await t.close();
});
beforeEach(() => t.emulator.resetFixtures());

async function serveExample(
	name: string,
	edit: (text: string) => string = (text) => text,
): Promise<ServedTrigger> {
	const file = path.join(__dirname, '../../examples', `${name}.json`);
	const workflow = prepareWorkflow(
		JSON.parse(edit(JSON.stringify(readWorkflowFile(file)))) as WorkflowFile,
		file,
		t.workflows.credentials,
		EXAMPLE_FILES_ROOT,
		harnessEnv().filesPath,
	);
	const trigger = await serveWorkflow(t.harness, workflow as never);
	served.push(trigger);
	return trigger;
}

async function send(kind: DeliveryKind, url: string): Promise<DeliveryResult> {
	const result = await deliver(t.emulator, kind, url);
	t.watchDelivery(result);
	return result;
}

/**
 * An output folder holding only the files the example will write, empty: Read/Write Files from Disk
 * writes only into folders that exist, and under jest it needs the files too (see examples.test.ts).
 * The hashes checked afterwards are the fixtures', so a file left unwritten still fails.
 */
async function outputFolder(name: string, fileNames: string[]): Promise<string> {
	const folder = path.join(harnessEnv().filesPath, name);
	await rm(folder, { recursive: true, force: true });
	await mkdir(folder, { recursive: true });
	for (const fileName of fileNames) await writeFile(path.join(folder, fileName), '');
	return folder;
}

/** The extension the SignalWire node gives a file that arrives without a name. */
const EXTENSIONS: Record<string, string> = { 'image/jpeg': 'jpg', 'image/png': 'png' };

const withSecret = (url: string) => `${url}?secret=${encodeURIComponent(ACS_TRIGGER_SECRET)}`;

test('acs-trigger.whatsapp-media: a WhatsApp image from Event Grid is downloaded and written to disk', async () => {
	const jpeg = t.emulator.fixtures.acs.media.jpeg;
	const folder = await outputFolder('whatsapp-media', [String(jpeg.fileName)]);
	const trigger = await serveExample('acs-trigger.whatsapp-media');
	const delivery = await send('eventgrid-advanced-message', withSecret(trigger.url));
	expect(delivery.status).toBe(200);
	const [execution] = await trigger.waitForExecutions(1);
	expect(execution.items.map((item) => item.json)).toEqual(delivery.sent);
	const [downloaded] = execution.outputOf('Download WhatsApp media');
	expect(downloaded.json).toEqual({
		mediaId: jpeg.id,
		mimeType: jpeg.contentType,
		fileName: jpeg.fileName,
		fileSize: jpeg.size,
	});
	const bytes = await readFile(path.join(folder, String(jpeg.fileName)));
	expect({ sha256: sha256(bytes), size: bytes.length }).toEqual({
		sha256: jpeg.sha256,
		size: jpeg.size,
	});
});

test('acs-trigger.call-media-streaming: a signed MediaStreamingStarted callback becomes one status line', async () => {
	const trigger = await serveExample('acs-trigger.call-media-streaming');
	const delivery = await send('callautomation-media-streaming', withSecret(trigger.url));
	expect(delivery.status).toBe(200);
	const [execution] = await trigger.waitForExecutions(1);
	const [event] = delivery.sent as Array<{
		id: string;
		type: string;
		data: {
			callConnectionId: string;
			operationContext?: string;
			mediaStreamingUpdate: { mediaStreamingStatus: string; mediaStreamingStatusDetails: string };
		};
	}>;
	expect(execution.outputOf('Streaming status').map((item) => item.json)).toEqual([
		{
			eventId: event.id,
			event: event.type,
			callConnectionId: event.data.callConnectionId,
			status: event.data.mediaStreamingUpdate.mediaStreamingStatus,
			details: event.data.mediaStreamingUpdate.mediaStreamingStatusDetails,
			operationContext: event.data.operationContext ?? '',
		},
	]);
});

test('signalwire-trigger.mms-media: registration points the number at the trigger; every file of the MMS is written', async () => {
	const { direct, redirect302 } = t.emulator.fixtures.signalwire.media.small;
	const fixtures = [direct, redirect302];
	const folder = await outputFolder(
		'signalwire-media',
		fixtures.map((media) => `${media.sid}.${EXTENSIONS[media.contentType]}`),
	);
	const trigger = await serveExample('signalwire-trigger.mms-media');
	await expect(trigger.lifecycle('create', 'activate')).resolves.toBe(true);
	expect(t.emulator.fixtures.signalwire.mainNumber.phoneNumber).toBe('+15550001111');
	const delivery = await send('signalwire-mms', trigger.url);
	expect(delivery).toMatchObject({ status: 200, body: expect.stringContaining('<Response/>') });
	const [execution] = await trigger.waitForExecutions(1);
	const form = delivery.sent as Record<string, string>;
	const downloads = execution.outputOf('Download each file');
	expect(execution.run.data.resultData.error).toBeUndefined();
	expect(downloads).toHaveLength(Number(form.NumMedia));
	expect((await readdir(folder)).sort()).toEqual(
		downloads.map((item) => String(item.json.fileName)).sort(),
	);
	for (const item of downloads) {
		const fixture = fixtures.find((candidate) => candidate.sid === item.json.sid);
		expect(fixture).toBeDefined();
		const bytes = await readFile(path.join(folder, String(item.json.fileName)));
		expect(sha256(bytes)).toBe(fixture!.sha256);
	}
	await expect(trigger.lifecycle('delete', 'activate')).resolves.toBe(true);
});

test('whatsapp-reply: the sender of a WhatsApp image gets the template back, once', async () => {
	const trigger = await serveExample('whatsapp-reply');
	const delivery = await send('eventgrid-advanced-message', withSecret(trigger.url));
	const [execution] = await trigger.waitForExecutions(1);
	const [event] = delivery.sent as Array<{ data: { from: string; to: string } }>;
	const sent = t.emulator.outbox();
	expect(sent).toHaveLength(1);
	expect(sent[0]).toMatchObject({ service: 'whatsapp', to: event.data.from });
	expect(sent[0].request).toMatchObject({
		channelRegistrationId: event.data.to,
		to: [event.data.from],
		kind: 'template',
		template: { name: 'sample_shipping_confirmation', language: 'en_US' },
	});
	expect(execution.outputOf('Reply with a template')[0].json).toMatchObject({
		messageId: sent[0].id,
		to: event.data.from,
		status: 'accepted',
	});
});

test('signalwire-mms-reply: the sender of an MMS gets an SMS back from the number it wrote to', async () => {
	const trigger = await serveExample('signalwire-mms-reply');
	const delivery = await send('signalwire-mms', trigger.url);
	expect(delivery.status).toBe(200);
	const [execution] = await trigger.waitForExecutions(1);
	const form = delivery.sent as Record<string, string>;
	const sent = t.emulator.outbox();
	expect(sent).toHaveLength(1);
	expect(sent[0]).toMatchObject({ service: 'signalwire', to: form.From });
	expect(sent[0].request).toMatchObject({ From: form.To, To: form.From });
	const [downloaded] = execution.outputOf('Download the first picture');
	expect(String(sent[0].request.Body)).toContain(String(downloaded.json.fileName));
});

test('signalwire-voicemail: a call to the number gets the message and is recorded; the recording is written to disk', async () => {
	// The file is named after the recording, which does not exist before the call; under jest the file
	// must (see outputFolder), so this run writes it under a name chosen here.
	const fileName = 'voicemail.wav';
	const folder = await outputFolder('call-recordings', [fileName]);
	const trigger = await serveExample('signalwire-voicemail', (text) =>
		text.replace('{{ $json.sid }}.{{ $json.format }}', fileName),
	);
	const { mainNumber } = t.emulator.fixtures.signalwire;
	await expect(trigger.lifecycle('create', 'activate')).resolves.toBe(true);
	const call = await t.emulator.signalwire.inboundCall();
	expect(call.webhook).toMatchObject({ url: trigger.url, status: 200 });
	expect(call).toMatchObject({ status: 'completed', errors: [] });
	expect(call.log.map((entry) => entry.verb)).toEqual(['Say', 'Record', 'Hangup']);
	const [recordingSid] = call.recordingSids;
	// The answered call, then the recording callback.
	const [answered, recorded] = await trigger.waitForExecutions(2);
	expect(answered.items[0].json).toMatchObject({ CallSid: call.sid, To: mainNumber.phoneNumber });
	expect(answered.outputOf('Download the recording')).toEqual([]);
	expect(recorded.items[0].json).toMatchObject({
		RecordingSid: recordingSid,
		RecordingStatus: 'completed',
	});
	expect(recorded.run.data.resultData.error).toBeUndefined();
	const [downloaded] = recorded.outputOf('Write the recording to disk');
	expect(downloaded.json).toMatchObject({
		sid: recordingSid,
		format: 'wav',
		mimeType: 'audio/x-wav',
		fileName: path.join(folder, fileName),
	});
	const bytes = await readFile(path.join(folder, fileName));
	expect(sha256(bytes)).toBe(t.emulator.signalwire.recordingSha256(recordingSid, 'wav'));
	await expect(trigger.lifecycle('delete', 'activate')).resolves.toBe(true);
});

test('signalwire-reminder-call: each person is called once with their name; the digit and the final status reach the trigger', async () => {
	const file = path.join(__dirname, '../../examples/signalwire-reminder-call.json');
	const original = readWorkflowFile(file);
	const placeholder = 'https://your-n8n.example.com/webhook/';
	const trigger = await serveExample('signalwire-reminder-call');
	const triggerNode = original.nodes.find((node) => node.name === 'Digit or call status')!;
	// The user pastes the trigger's Production URL where the example holds a placeholder.
	const workflow = JSON.parse(
		JSON.stringify(original)
			.split(`${placeholder}${triggerNode.webhookId}/webhook`)
			.join(trigger.url),
	) as typeof original;
	const prepared = prepareWorkflow(workflow, file, t.workflows.credentials, undefined, '');
	const result = await t.harness.runWorkflow({
		nodes: prepared.nodes,
		connections: prepared.connections,
		settings: prepared.settings,
		startNode: 'Try it now',
	});
	expect(result.error).toBeUndefined();
	const people = result
		.outputOf('One item per person')
		.map((item) => item.json as { name: string; phone: string });
	expect(people.length).toBeGreaterThan(1);
	const placed = t.emulator.signalwire.calls();
	// The node places the calls of its items concurrently, so they may be in any order.
	expect(placed.map((call) => call.to).sort()).toEqual(people.map((person) => person.phone).sort());
	for (const person of people) {
		const { sid } = placed.find((call) => call.to === person.phone)!;
		const call = await t.emulator.signalwire.waitForCall(sid, 15_000);
		expect(call.status).toBe('completed');
		expect(call.errors).toEqual([]);
		expect(call.log.find((entry) => entry.verb === 'Say')?.text).toContain(`Hello ${person.name},`);
		expect(call.log.find((entry) => entry.verb === 'Gather')?.digits).toBe('1');
	}
	// Per call: the digit (Gather action) and the completed status callback.
	const executions = await trigger.waitForExecutions(2 * people.length);
	const confirmations = executions.map((execution) => execution.outputOf('Confirmation')[0].json);
	for (const person of people) {
		expect(confirmations).toContainEqual({
			phone: person.phone,
			confirmed: true,
			callStatus: 'in-progress',
		});
		expect(confirmations).toContainEqual({
			phone: person.phone,
			confirmed: false,
			callStatus: 'completed',
		});
	}
});
