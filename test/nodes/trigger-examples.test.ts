/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { deliver, type DeliveryKind, type DeliveryResult } from '../../emulator';
import { harnessEnv } from '../harness';
import { serveWorkflow, type ServedTrigger } from '../harness/webhook';
import { prepareWorkflow, readWorkflowFile } from '../harness/workflow-files';
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

async function serveExample(name: string): Promise<ServedTrigger> {
	const file = path.join(__dirname, '../../examples', `${name}.json`);
	const workflow = prepareWorkflow(
		readWorkflowFile(file),
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
