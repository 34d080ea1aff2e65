/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * The trigger half of `npm run e2e`: the example trigger workflows are published, `n8n start` serves
 * their production webhooks, and the emulator sends real deliveries to them, signed as the services
 * sign them: the Event Grid handshake, a WhatsApp notification, a Call Automation callback with its
 * JWT, and a signed SignalWire MMS to a number the trigger registered itself. Checked: each response,
 * the executions n8n recorded (and what their nodes produced), the files written, the number's
 * restored URL after deactivation, and that no secret appears in any response or in n8n's log.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import type { INodeType } from 'n8n-workflow';

import { deliver, type DeliveryKind, type DeliveryResult } from '../emulator/deliver';
import type { Emulator } from '../emulator/index';
import { assert, sameJson, sha256 } from './lib/checks';
import { itemsOf, type N8nInstance } from './lib/instance';
import { TRIGGER_EXAMPLES, type WorkflowFile, type WorkflowNode } from './lib/examples';
import { say, type Steps } from './lib/log';
import { CREDENTIALS } from './lib/credentials';
import { N8nServer, type Owner } from './lib/server';
import { checkAutomaticSubscription } from './subscription';
import { AzureCommunicationServicesTrigger } from '../nodes/AzureCommunicationServicesTrigger/AzureCommunicationServicesTrigger.node.ts';
import { SignalWireTrigger } from '../nodes/SignalWireTrigger/SignalWireTrigger.node.ts';

/** n8n wants a password with an upper-case letter and a digit; this one lives as long as the run. */
const OWNER: Owner = {
	email: 'e2e@example.com',
	password: `E2e-${randomBytes(12).toString('hex')}`,
};
/** The size of the phone menu's recording: a few chunks of the emulator's file, not a round number. */
const PHONE_MENU_RECORDING_BYTES = 3 * 1024 * 1024 + 17;
/** How many Call Automation callbacks the throughput check sends, and how many at a time. */
const LOAD = { deliveries: 200, concurrency: 8 };

export interface TriggerContext {
	n8n: N8nInstance;
	emu: Emulator;
	steps: Steps;
	filesRoot: string;
	/** The port n8n serves the production webhooks on (the call examples' callback URLs name it). */
	port: number;
	/** The example workflows by file name, as imported. */
	workflows: (file: string) => WorkflowFile;
	/** The trigger credential's webhook secret. */
	webhookSecret: string;
	/** Every secret that must not appear anywhere. */
	secrets: string[];
}

interface Throughput {
	deliveries: number;
	answeredSeconds: number;
	answeredPerSecond: number;
	executedSeconds: number;
	executedPerSecond: number;
}

export interface TriggerReport {
	deliveries: Array<{ what: string; status: number; executions: number; printed: string }>;
	throughput?: Array<{ name: string; result: Throughput }>;
}

const TRIGGER_TYPES: Record<string, INodeType> = {
	'n8n-nodes-acs-signalwire.azureCommunicationServicesTrigger':
		new AzureCommunicationServicesTrigger(),
	'n8n-nodes-acs-signalwire.signalWireTrigger': new SignalWireTrigger(),
};

/** The production URL n8n serves a trigger node on: `webhook/{webhookId}/{path of the node's webhook}`. */
function productionUrl(base: string, workflow: WorkflowFile, query = ''): string {
	const trigger = workflow.nodes.find((node) => TRIGGER_TYPES[node.type]);
	assert(trigger, `${workflow.name}: no trigger node of this package`);
	const path = TRIGGER_TYPES[trigger.type].description.webhooks?.[0]?.path;
	assert(path, `${trigger.type} declares no webhook`);
	const webhookId = (trigger as { webhookId?: string }).webhookId;
	assert(webhookId, `${workflow.name}: the trigger node has no webhookId`);
	return `${base}/webhook/${webhookId}/${path}${query}`;
}

/**
 * The production URLs of the example triggers, as a user pastes them into Azure: the ACS ones with the
 * credential's secret appended, the SignalWire one as the trigger registers it.
 */
export function triggerUrls(
	base: string,
	workflows: (file: string) => WorkflowFile,
	webhookSecret: string,
): Record<keyof typeof TRIGGER_EXAMPLES, string> {
	const secret = `?secret=${encodeURIComponent(webhookSecret)}`;
	return {
		whatsApp: productionUrl(base, workflows(TRIGGER_EXAMPLES.whatsApp), secret),
		callbacks: productionUrl(base, workflows(TRIGGER_EXAMPLES.callbacks), secret),
		signalWire: productionUrl(base, workflows(TRIGGER_EXAMPLES.signalWire)),
		whatsAppReply: productionUrl(base, workflows(TRIGGER_EXAMPLES.whatsAppReply), secret),
		signalWireReply: productionUrl(base, workflows(TRIGGER_EXAMPLES.signalWireReply)),
		// The Event Grid trigger of each call example (its first node); Call Automation posts to the other.
		phoneMenu: productionUrl(base, workflows(TRIGGER_EXAMPLES.phoneMenu), secret),
		streamAudio: productionUrl(base, workflows(TRIGGER_EXAMPLES.streamAudio), secret),
		smsReply: productionUrl(base, workflows(TRIGGER_EXAMPLES.smsReply), secret),
		documentByEmail: productionUrl(base, workflows(TRIGGER_EXAMPLES.documentByEmail), secret),
		voicemail: productionUrl(base, workflows(TRIGGER_EXAMPLES.voicemail)),
		reminderCall: productionUrl(base, workflows(TRIGGER_EXAMPLES.reminderCall)),
	};
}

export async function checkTriggers(ctx: TriggerContext): Promise<TriggerReport> {
	const { n8n, emu, steps, webhookSecret, secrets } = ctx;
	const report: TriggerReport = { deliveries: [] };
	const whatsApp = ctx.workflows(TRIGGER_EXAMPLES.whatsApp);
	const callbacks = ctx.workflows(TRIGGER_EXAMPLES.callbacks);
	const signalWire = ctx.workflows(TRIGGER_EXAMPLES.signalWire);
	const number = signalWire.nodes.find((node) => node.parameters.phoneNumber)?.parameters
		.phoneNumber as string;

	const { port } = ctx;
	const base = `http://127.0.0.1:${port}`;
	const numberBefore = await incomingNumber(emu, number);
	const server = await steps.run(
		`n8n start (production webhooks on ${base}), the ${Object.keys(TRIGGER_EXAMPLES).length} trigger examples published`,
		async () =>
			await N8nServer.start(n8n, {
				port,
				owner: OWNER,
				// The URL SignalWire signs, and the one n8n shows as the production URL.
				env: { WEBHOOK_URL: `${base}/`, N8N_LOG_LEVEL: 'debug' },
			}).then(async (started) => {
				await activateTriggers(started, ctx.workflows);
				return started;
			}),
	);
	const leaks = (text: string, what: string) => {
		for (const secret of secrets)
			assert(!text.includes(secret), `${what} contains a secret (${secret.slice(0, 4)}…)`);
	};
	const send = async (
		what: string,
		kind: DeliveryKind,
		url: string,
		options?: Parameters<typeof deliver>[3],
	): Promise<DeliveryResult> => {
		const result = await deliver(emu, kind, url, options);
		leaks(result.body, `the response to ${what}`);
		return result;
	};
	const record = (what: string, status: number, executions: number, printed: string) => {
		report.deliveries.push({ what, status, executions, printed });
		say(`  ${what}: ${printed}`);
	};

	try {
		const urls = triggerUrls(base, ctx.workflows, webhookSecret);
		const { whatsApp: eventGridUrl, callbacks: callbackUrl, signalWire: signalWireUrl } = urls;

		await steps.run('SignalWire automatic registration on activation', async () => {
			const now = await eventually(
				async () => await incomingNumber(emu, number),
				(current) => current.sms_url !== numberBefore.sms_url,
			);
			assert(
				now.sms_url === signalWireUrl && now.sms_method === 'POST',
				`${number} points at ${now.sms_url} (${now.sms_method}), expected ${signalWireUrl}`,
			);
			record(
				'activation',
				200,
				0,
				`${number}: SmsUrl ${numberBefore.sms_url} → ${now.sms_url} (POST)`,
			);
		});

		await steps.run('Event Grid: handshake, wrong secret, CloudEvents', async () => {
			// Publishing is asynchronous: until the webhook is registered n8n answers 404.
			const validation = await eventually(
				async () => await send('the validation', 'eventgrid-validation', eventGridUrl),
				(result) => result.status !== 404,
			);
			const code = (validation.sent as Array<{ data: { validationCode: string } }>)[0].data
				.validationCode;
			assert(
				validation.status === 200 &&
					(JSON.parse(validation.body) as { validationResponse?: string }).validationResponse ===
						code,
				`validation: ${validation.status} ${validation.body}`,
			);
			record('Event Grid validation', validation.status, 0, validation.body);

			const wrongSecret = await send(
				'a wrong secret',
				'eventgrid-advanced-message',
				eventGridUrl.replace(/secret=[^&]*/, 'secret=not-the-secret'),
			);
			assert(wrongSecret.status === 401, `wrong secret: ${wrongSecret.status}`);
			record('wrong secret', wrongSecret.status, 0, wrongSecret.body.slice(0, 200));

			const cloudEvents = await send(
				'a CloudEvents delivery',
				'eventgrid-cloudevents',
				eventGridUrl,
			);
			assert(
				cloudEvents.status === 400 && /Event Grid schema/i.test(cloudEvents.body),
				`CloudEvents: ${cloudEvents.status} ${cloudEvents.body}`,
			);
			record('CloudEvents schema', cloudEvents.status, 0, cloudEvents.body.slice(0, 200));

			const executions = await server.rest.executions(whatsApp.id);
			assert(
				executions.length === 0,
				`${executions.length} executions after the refused deliveries`,
			);
		});

		await steps.run('Event Grid: WhatsApp media received → download → file on disk', async () => {
			const folder = join(ctx.filesRoot, 'whatsapp-media');
			await rm(folder, { recursive: true, force: true });
			await mkdir(folder);
			const notification = await send(
				'the notification',
				'eventgrid-advanced-message',
				eventGridUrl,
			);
			assert(notification.status === 200, `notification: ${notification.status}`);
			const [execution] = await server.rest.waitForExecutions(whatsApp.id, 1);
			const run = await server.rest.execution(execution.id);
			assert(execution.status === 'success', `execution ${execution.id}: ${execution.status}`);
			const [event] = itemsOf(run, 'WhatsApp message received');
			const sentEvent = (notification.sent as Array<Record<string, unknown>>)[0];
			assert(
				JSON.stringify(event.json) === JSON.stringify(sentEvent),
				`the trigger's item differs from the event sent: ${JSON.stringify(event.json)}`,
			);
			const [downloaded] = itemsOf(run, 'Download WhatsApp media');
			const jpeg = emu.fixtures.acs.media.jpeg;
			const bytes = await readFile(join(folder, String(downloaded.json.fileName)));
			assert(
				sha256(bytes) === jpeg.sha256,
				`the written file has sha256 ${sha256(bytes)}, the fixture ${jpeg.sha256}`,
			);
			record(
				'WhatsApp notification',
				notification.status,
				1,
				`execution ${execution.id} (${execution.mode}): event ${String(event.json.id)} → ${String(downloaded.json.fileName)}, ${bytes.length} bytes, sha256 = fixture`,
			);
		});

		await steps.run('Call Automation: signed callback, then a foreign audience', async () => {
			const callback = await send('the callback', 'callautomation-media-streaming', callbackUrl);
			assert(callback.status === 200, `callback: ${callback.status} ${callback.body}`);
			const [execution] = await server.rest.waitForExecutions(callbacks.id, 1);
			const run = await server.rest.execution(execution.id);
			const [line] = itemsOf(run, 'Streaming status');
			const sent = (callback.sent as Array<{ id: string; data: { callConnectionId: string } }>)[0];
			assert(
				line.json.eventId === sent.id &&
					line.json.callConnectionId === sent.data.callConnectionId &&
					line.json.status === 'mediaStreamingStarted',
				`callback item: ${JSON.stringify(line.json)}`,
			);
			record(
				'Call Automation callback',
				callback.status,
				1,
				`execution ${execution.id}: ${JSON.stringify(line.json)}`,
			);
			const foreign = await send(
				'a token for another resource',
				'callautomation-media-streaming',
				callbackUrl,
				{ jwtAudience: '00000000-0000-0000-0000-000000000000' },
			);
			assert(foreign.status === 401, `foreign audience: ${foreign.status}`);
			assert(
				(await server.rest.executions(callbacks.id)).total === 1,
				'a callback with a foreign audience started an execution',
			);
			record('JWT for another resource', foreign.status, 0, foreign.body.slice(0, 200));
		});

		await steps.run(
			'SignalWire: signed MMS → download every file; tampered signature',
			async () => {
				const folder = join(ctx.filesRoot, 'signalwire-media');
				await rm(folder, { recursive: true, force: true });
				await mkdir(folder);
				const mms = await send('the MMS', 'signalwire-mms', signalWireUrl);
				assert(
					mms.status === 200 &&
						mms.contentType.startsWith('text/xml') &&
						mms.body.includes('<Response/>'),
					`MMS: ${mms.status} ${mms.contentType} ${mms.body}`,
				);
				const [execution] = await server.rest.waitForExecutions(signalWire.id, 1);
				assert(execution.status === 'success', `execution ${execution.id}: ${execution.status}`);
				const run = await server.rest.execution(execution.id);
				const [message] = itemsOf(run, 'MMS received');
				const form = mms.sent as Record<string, string>;
				const media = message.json.media as Array<{ sid: string }>;
				assert(
					message.json.MessageSid === form.MessageSid && media.length === Number(form.NumMedia),
					`MMS item: ${JSON.stringify(message.json)}`,
				);
				const fixtures = Object.values(emu.fixtures.signalwire.media.small);
				const downloads = itemsOf(run, 'Download each file');
				const written = await readdir(folder);
				assert(
					downloads.length === media.length && written.length === media.length,
					`${downloads.length} downloads, ${written.length} files for ${media.length} media`,
				);
				for (const item of downloads) {
					const fixture = fixtures.find((f) => f.sid === item.json.sid);
					assert(fixture, `downloaded an unknown media ${String(item.json.sid)}`);
					const bytes = await readFile(join(folder, String(item.json.fileName)));
					assert(sha256(bytes) === fixture.sha256, `${String(item.json.fileName)}: sha256 differs`);
				}
				record(
					'SignalWire MMS',
					mms.status,
					1,
					`execution ${execution.id}: ${form.MessageSid} with ${media.length} media → ${written.length} files, every sha256 = fixture; answered ${mms.body}`,
				);
				const tampered = await send('a tampered signature', 'signalwire-mms', signalWireUrl, {
					signingKey: 'PSK_not-the-signing-key',
				});
				assert(tampered.status === 403, `tampered signature: ${tampered.status}`);
				assert(
					(await server.rest.executions(signalWire.id)).total === 1,
					'a tampered MMS started an execution',
				);
				record('tampered signature', tampered.status, 0, tampered.body.slice(0, 200));
			},
		);

		await steps.run('replies: WhatsApp image → template; SignalWire MMS → SMS', async () => {
			const whatsAppReply = ctx.workflows(TRIGGER_EXAMPLES.whatsAppReply);
			const signalWireReply = ctx.workflows(TRIGGER_EXAMPLES.signalWireReply);
			const received = await send(
				'the WhatsApp image',
				'eventgrid-advanced-message',
				urls.whatsAppReply,
			);
			assert(received.status === 200, `WhatsApp image: ${received.status}`);
			const [waExecution] = await server.rest.waitForExecutions(whatsAppReply.id, 1);
			assert(
				waExecution.status === 'success',
				`execution ${waExecution.id}: ${waExecution.status}`,
			);
			const event = (received.sent as Array<{ data: { from: string } }>)[0];
			const mms = await send('the MMS', 'signalwire-mms', urls.signalWireReply);
			assert(mms.status === 200, `MMS: ${mms.status}`);
			const [swExecution] = await server.rest.waitForExecutions(signalWireReply.id, 1);
			assert(
				swExecution.status === 'success',
				`execution ${swExecution.id}: ${swExecution.status}`,
			);
			const form = mms.sent as Record<string, string>;
			const outbox = emu.outbox();
			const template = outbox.filter((m) => m.service === 'whatsapp');
			const sms = outbox.filter((m) => m.service === 'signalwire');
			assert(
				template.length === 1 && template[0].to === event.data.from,
				`WhatsApp outbox: ${JSON.stringify(template)}`,
			);
			assert(
				sms.length === 1 && sms[0].to === form.From && sms[0].request.From === form.To,
				`SignalWire outbox: ${JSON.stringify(sms)}`,
			);
			record(
				'WhatsApp reply',
				received.status,
				1,
				`execution ${waExecution.id}: a template went to ${template[0].to} (${JSON.stringify(template[0].request).slice(0, 160)}…)`,
			);
			record(
				'SignalWire reply',
				mms.status,
				1,
				`execution ${swExecution.id}: an SMS went from ${form.To} to ${sms[0].to}: "${String(sms[0].request.Body)}"`,
			);
		});

		await steps.run('SMS received at an ACS number → SMS reply from that number', async () => {
			const smsReply = ctx.workflows(TRIGGER_EXAMPLES.smsReply);
			const received = await send('the SMS', 'eventgrid-sms-received', urls.smsReply);
			assert(received.status === 200, `SMS received: ${received.status} ${received.body}`);
			const [execution] = await server.rest.waitForExecutions(smsReply.id, 1);
			assert(execution.status === 'success', `execution ${execution.id}: ${execution.status}`);
			const run = await server.rest.execution(execution.id);
			const [reply] = itemsOf(run, 'Reply by SMS');
			const event = (received.sent as Array<{ data: { from: string; to: string } }>)[0];
			const sent = emu.outbox().filter((m) => m.service === 'sms' && m.to === event.data.from);
			assert(
				sent.length === 1 &&
					sent[0].request.from === event.data.to &&
					reply.json.to === event.data.from &&
					reply.json.successful === true &&
					reply.json.messageId === sent[0].id,
				`reply ${JSON.stringify(reply.json)}; outbox ${JSON.stringify(sent)}`,
			);
			record(
				'SMS reply',
				received.status,
				1,
				`execution ${execution.id}: an SMS went from ${event.data.to} to ${event.data.from} (message ${String(reply.json.messageId)}): "${String(sent[0].request.message)}"`,
			);
		});

		await steps.run(
			'WhatsApp document received → download → emailed as an attachment',
			async () => {
				const documentByEmail = ctx.workflows(TRIGGER_EXAMPLES.documentByEmail);
				const pdf = emu.fixtures.acs.media.pdf;
				const emailsBefore = emu.outbox().filter((m) => m.service === 'email').length;
				const received = await send(
					'the WhatsApp document',
					'eventgrid-whatsapp-document',
					urls.documentByEmail,
				);
				assert(received.status === 200, `document: ${received.status} ${received.body}`);
				const [execution] = await server.rest.waitForExecutions(documentByEmail.id, 1);
				assert(execution.status === 'success', `execution ${execution.id}: ${execution.status}`);
				const run = await server.rest.execution(execution.id);
				const [emailed] = itemsOf(run, 'Email the document');
				const sent = emu
					.outbox()
					.filter((m) => m.service === 'email')
					.slice(emailsBefore);
				assert(sent.length === 1, `${sent.length} emails sent, expected 1`);
				const attachments = (sent[0].request.attachments ?? []) as Array<{
					name: string;
					contentType: string;
					contentInBase64: string;
				}>;
				const attached = Buffer.from(attachments[0]?.contentInBase64 ?? '', 'base64');
				assert(
					attachments.length === 1 &&
						attachments[0].name === pdf.fileName &&
						attachments[0].contentType === pdf.contentType &&
						sha256(attached) === pdf.sha256,
					`attachments ${JSON.stringify(attachments.map(({ name, contentType }) => ({ name, contentType })))}, sha256 ${sha256(attached)}`,
				);
				assert(
					emailed.json.id === sent[0].id && emailed.json.status === 'Succeeded',
					`email node output ${JSON.stringify(emailed.json)}`,
				);
				record(
					'WhatsApp document by email',
					received.status,
					1,
					`execution ${execution.id}: "${pdf.fileName}" (${attached.length} bytes, sha256 = fixture) emailed to ${sent[0].to}, operation ${String(emailed.json.id)} ${String(emailed.json.status)}`,
				);
			},
		);

		await steps.run(
			'Phone menu: incoming call → answer → greeting and a digit → recording → hang up → the recording on disk',
			async () => {
				const phoneMenu = ctx.workflows(TRIGGER_EXAMPLES.phoneMenu);
				const folder = join(ctx.filesRoot, 'call-recordings');
				await rm(folder, { recursive: true, force: true });
				await mkdir(folder);
				const tones = ['two'] as const;
				const incoming = await send(
					'the incoming call',
					'eventgrid-incoming-call',
					urls.phoneMenu,
					{
						recognizeTones: [...tones],
						recordingBytes: PHONE_MENU_RECORDING_BYTES,
					},
				);
				assert(incoming.status === 200, `incoming call: ${incoming.status} ${incoming.body}`);
				const { incomingCallContext } = (
					incoming.sent as Array<{ data: { incomingCallContext: string } }>
				)[0].data;
				// IncomingCall, CallConnected, RecognizeCompleted, PlayCompleted, RecordingFileStatusUpdated.
				const executions = await server.rest.waitForExecutions(phoneMenu.id, 5, 120_000);
				const runs = await Promise.all(
					executions.map(async (execution) => await server.rest.execution(execution.id)),
				);
				const failed = executions.filter((execution) => execution.status !== 'success');
				assert(failed.length === 0, `failed executions: ${JSON.stringify(failed)}`);
				const ran = (node: string) =>
					runs.filter((run) => run.data.resultData.runData[node]?.length);
				for (const node of [
					'Answer the call',
					'Greet and collect a digit',
					'Start recording',
					'Confirm the choice',
					'Hang up',
					'Download the recording',
				])
					assert(ran(node).length === 1, `"${node}" ran in ${ran(node).length} executions`);

				const call = emu.calls.list().find((c) => c.incomingCallContext === incomingCallContext);
				assert(call, 'the emulator has no call for the incoming call context');
				assert(
					call.answered === 1 && call.state === 'disconnected',
					`call ${call.callConnectionId}: answered ${call.answered} times, state ${call.state}`,
				);
				const [answered] = itemsOf(ran('Answer the call')[0], 'Answer the call');
				const [recognized] = itemsOf(
					ran('Greet and collect a digit')[0],
					'Greet and collect a digit',
				);
				const [confirmed] = itemsOf(ran('Confirm the choice')[0], 'Confirm the choice');
				assert(
					answered.json.callConnectionId === call.callConnectionId &&
						recognized.json.callConnectionId === call.callConnectionId,
					`answer ${JSON.stringify(answered.json)}, recognize ${JSON.stringify(recognized.json)}`,
				);
				const played = call.plays.map((p) => JSON.stringify(p.request));
				assert(
					played.some((text) => text.includes(`You pressed ${tones.join(' ')}.`)),
					`the confirmation played: ${played.join(', ')}`,
				);
				const recording = emu.calls
					.recordings()
					.find((r) => r.callConnectionId === call.callConnectionId);
				assert(
					recording?.documentId && recording.state === 'stopped',
					`recording: ${JSON.stringify(recording)}`,
				);
				const [downloaded] = itemsOf(ran('Download the recording')[0], 'Download the recording');
				const bytes = await readFile(join(folder, String(downloaded.json.fileName)));
				const expected = await emu.recordings.sha256(recording.documentId);
				assert(
					sha256(bytes) === expected && bytes.length === PHONE_MENU_RECORDING_BYTES,
					`the written recording (${bytes.length} bytes) has sha256 ${sha256(bytes)}, the emulator's file ${expected}`,
				);
				record(
					'Phone menu call',
					incoming.status,
					executions.length,
					`call ${call.callConnectionId}: answered once, digit "${tones.join(' ')}" → "${String(confirmed.json.operation ?? 'play')}" confirmation, recorded, hung up (${call.state}); ${String(downloaded.json.fileName)} (${bytes.length} bytes, ${String(downloaded.json.mimeType)}) written, sha256 = the emulator's recording`,
				);
			},
		);

		await steps.run(
			"Stream a call's audio: answer with media streaming → start → stop → hang up",
			async () => {
				const streamAudio = ctx.workflows(TRIGGER_EXAMPLES.streamAudio);
				const incoming = await send(
					'the incoming call',
					'eventgrid-incoming-call',
					urls.streamAudio,
				);
				assert(incoming.status === 200, `incoming call: ${incoming.status} ${incoming.body}`);
				const { incomingCallContext } = (
					incoming.sent as Array<{ data: { incomingCallContext: string } }>
				)[0].data;
				// IncomingCall, CallConnected, MediaStreamingStarted, MediaStreamingStopped.
				const executions = await server.rest.waitForExecutions(streamAudio.id, 4, 120_000);
				const failed = executions.filter((execution) => execution.status !== 'success');
				assert(failed.length === 0, `failed executions: ${JSON.stringify(failed)}`);
				const call = emu.calls.list().find((c) => c.incomingCallContext === incomingCallContext);
				assert(
					call?.mediaStreamingOptions?.transportUrl === 'wss://media.example.com/acs-audio' &&
						call.answered === 1 &&
						call.state === 'disconnected',
					`call: ${JSON.stringify(call)}`,
				);
				const events = emu.calls
					.callbacks()
					.filter((entry) => entry.callConnectionId === call.callConnectionId)
					.map((entry) => entry.type.replace('Microsoft.Communication.', ''));
				for (const event of ['MediaStreamingStarted', 'MediaStreamingStopped', 'CallDisconnected'])
					assert(events.includes(event), `no ${event} among ${events.join(', ')}`);
				record(
					'Streamed call',
					incoming.status,
					executions.length,
					`call ${call.callConnectionId}: answered with media streaming to ${call.mediaStreamingOptions.transportUrl}; callbacks ${events.join(' → ')}`,
				);
			},
		);

		await steps.run(
			"SignalWire voicemail: a call to the number's VoiceUrl → message → recording → the recording on disk",
			async () => {
				const voicemail = ctx.workflows(TRIGGER_EXAMPLES.voicemail);
				const folder = join(ctx.filesRoot, 'call-recordings');
				await rm(folder, { recursive: true, force: true });
				await mkdir(folder);
				const registered = await eventually(
					async () => await incomingNumber(emu, number),
					(current) => current.voice_url === urls.voicemail,
				);
				assert(
					registered.voice_url === urls.voicemail && registered.voice_method === 'POST',
					`${number}: VoiceUrl ${registered.voice_url} (${registered.voice_method}), expected ${urls.voicemail}`,
				);
				// No URL given: the call goes where the number's VoiceUrl points, as SignalWire sends it.
				const call = await emu.signalwire.inboundCall();
				leaks(call.webhook.body ?? '', 'the answer to the call');
				assert(
					call.webhook.url === urls.voicemail && call.webhook.status === 200,
					`the voice webhook: ${JSON.stringify(call.webhook)}`,
				);
				const verbs = call.log.map((entry) => entry.verb);
				assert(
					call.status === 'completed' &&
						call.errors.length === 0 &&
						verbs.join(' ') === 'Say Record Hangup',
					`call ${call.sid}: ${call.status}, verbs ${verbs.join(', ')}, errors ${JSON.stringify(call.errors)}`,
				);
				const [recordingSid] = call.recordingSids;
				assert(recordingSid, `call ${call.sid} made no recording`);
				// The answered call, then the recording callback.
				const executions = await server.rest.waitForExecutions(voicemail.id, 2);
				const failed = executions.filter((execution) => execution.status !== 'success');
				assert(failed.length === 0, `failed executions: ${JSON.stringify(failed)}`);
				const runs = await Promise.all(
					executions.map(async (execution) => await server.rest.execution(execution.id)),
				);
				const downloads = runs.filter(
					(run) => run.data.resultData.runData['Download the recording']?.length,
				);
				assert(downloads.length === 1, `the recording was downloaded ${downloads.length} times`);
				const [written] = itemsOf(downloads[0], 'Write the recording to disk');
				const path = join(folder, `${recordingSid}.wav`);
				assert(
					written.json.fileName === path && written.json.mimeType === 'audio/x-wav',
					`the write node: ${JSON.stringify(written.json)}`,
				);
				const bytes = await readFile(path);
				const expected = emu.signalwire.recordingSha256(recordingSid, 'wav');
				assert(
					sha256(bytes) === expected,
					`${path} (${bytes.length} bytes) has sha256 ${sha256(bytes)}, the emulator's recording ${expected}`,
				);
				const said = call.log.find((entry) => entry.verb === 'Say')?.text;
				record(
					'SignalWire voicemail',
					call.webhook.status,
					executions.length,
					`${number}: VoiceUrl ${numberBefore.voice_url} → ${registered.voice_url} (POST); call ${call.sid} from ${call.from}: ${verbs.join(' → ')} ("${said}"), ${call.status}; recording ${recordingSid} → ${path} (${bytes.length} bytes, ${String(written.json.mimeType)}), sha256 = the emulator's recording`,
				);
			},
		);

		await steps.run(
			'SignalWire reminder calls: "Try it now" → one call per person → the digit and the final status reach the trigger',
			async () => {
				const reminder = ctx.workflows(TRIGGER_EXAMPLES.reminderCall);
				const placedBefore = emu.signalwire.calls().length;
				const run = await server.rest.waitForExecution(
					await server.rest.runManually(reminder.id, 'Try it now'),
					60_000,
				);
				assert(run.status === 'success', `the manual run: ${run.status}`);
				const people = itemsOf(run, 'One item per person').map(
					(item) => item.json as { name: string; phone: string },
				);
				const placed = emu.signalwire.calls().slice(placedBefore);
				// The node places the calls of its items concurrently, so they may be in any order.
				assert(
					people.length > 1 &&
						sameJson(
							placed.map((call) => call.to).sort(),
							people.map((person) => person.phone).sort(),
						),
					`people ${JSON.stringify(people)}, calls placed to ${placed.map((call) => call.to).join(', ')}`,
				);
				const lines: string[] = [];
				for (const person of people) {
					const { sid } = placed.find((call) => call.to === person.phone)!;
					const call = await emu.signalwire.waitForCall(sid, 30_000);
					const said = call.log.find((entry) => entry.verb === 'Say')?.text ?? '';
					const digits = call.log.find((entry) => entry.verb === 'Gather')?.digits;
					assert(
						call.status === 'completed' &&
							call.errors.length === 0 &&
							said.includes(`Hello ${person.name},`) &&
							digits === '1',
						`call ${call.sid} to ${person.phone}: ${call.status}, said "${said}", digits ${digits}, errors ${JSON.stringify(call.errors)}`,
					);
					lines.push(`${call.sid} to ${call.to}: "${said}", pressed ${digits}, ${call.status}`);
				}
				// The manual run, then per call the digit (Gather action) and the final status callback.
				const executions = await server.rest.waitForExecutions(reminder.id, 1 + 2 * people.length);
				const failed = executions.filter((execution) => execution.status !== 'success');
				assert(failed.length === 0, `failed executions: ${JSON.stringify(failed)}`);
				const runs = await Promise.all(
					executions.map(async (execution) => await server.rest.execution(execution.id)),
				);
				const confirmations = runs
					.filter((trigger) => trigger.data.resultData.runData.Confirmation?.length)
					.map((trigger) => JSON.stringify(itemsOf(trigger, 'Confirmation')[0].json));
				for (const { phone } of people)
					for (const [confirmed, callStatus] of [
						[true, 'in-progress'],
						[false, 'completed'],
					])
						assert(
							confirmations.includes(JSON.stringify({ phone, confirmed, callStatus })),
							`no confirmation ${JSON.stringify({ phone, confirmed, callStatus })} among ${confirmations.join(', ')}`,
						);
				record(
					'SignalWire reminder calls',
					200,
					executions.length,
					`execution ${run.id}: ${people.length} calls placed once each: ${lines.join('; ')}; the trigger got ${confirmations.length} posts: ${confirmations.join(', ')}`,
				);
			},
		);

		await steps.run(
			`throughput: ${LOAD.deliveries} Call Automation callbacks, ${LOAD.concurrency} at a time, beside n8n's Webhook node`,
			async () => {
				const baseline = await createWebhookBaseline(server, callbacks);
				const statuses = await createStatusPair(server);
				// Rounds alternate between them, so machine load falls on all alike.
				const rounds: Array<{ name: string; result: Throughput }> = [];
				for (const round of [1, 2]) {
					for (const [name, url, workflowId, kind] of [
						['ACS trigger', callbackUrl, callbacks.id, 'callautomation-media-streaming'],
						["n8n's Webhook node", baseline.url, baseline.id, 'callautomation-media-streaming'],
						['SignalWire trigger', statuses.trigger.url, statuses.trigger.id, 'signalwire-status'],
						[
							"n8n's Webhook node (SignalWire statuses)",
							statuses.webhook.url,
							statuses.webhook.id,
							'signalwire-status',
						],
					] as const) {
						const result = await measureThroughput(
							server,
							workflowId,
							async () => await deliver(emu, kind, url),
						);
						rounds.push({ name, result });
						say(
							`  round ${round}, ${name}: ${LOAD.deliveries} deliveries answered in ${result.answeredSeconds.toFixed(1)} s (${result.answeredPerSecond}/s); all executions finished after ${result.executedSeconds.toFixed(1)} s (${result.executedPerSecond}/s)`,
						);
					}
				}
				report.throughput = rounds;
			},
		);

		await steps.run(
			'Event Grid subscription made by the trigger: publish → handshake → event → unpublish',
			async () => {
				const printed = await checkAutomaticSubscription(server, emu, base, webhookSecret);
				record('automatic subscription', 200, 1, printed);
			},
		);

		await steps.run('deactivation restores the SignalWire number', async () => {
			await server.rest.deactivate(signalWire.id);
			const after = await eventually(
				async () => await incomingNumber(emu, number),
				(current) => current.sms_url === numberBefore.sms_url,
			);
			assert(
				after.sms_url === numberBefore.sms_url && after.sms_method === numberBefore.sms_method,
				`after deactivation ${number} points at ${after.sms_url}, before it was ${numberBefore.sms_url}`,
			);
			record('deactivation', 200, 0, `${number}: SmsUrl back to ${after.sms_url}`);
		});

		await steps.run("deactivating the voicemail restores the number's VoiceUrl", async () => {
			await server.rest.deactivate(ctx.workflows(TRIGGER_EXAMPLES.voicemail).id);
			const after = await eventually(
				async () => await incomingNumber(emu, number),
				(current) => current.voice_url === numberBefore.voice_url,
			);
			assert(
				after.voice_url === numberBefore.voice_url &&
					after.voice_method === numberBefore.voice_method,
				`after deactivation ${number}'s VoiceUrl is ${after.voice_url} (${after.voice_method}), before it was ${numberBefore.voice_url} (${numberBefore.voice_method})`,
			);
			record(
				'voicemail deactivation',
				200,
				0,
				`${number}: VoiceUrl back to ${after.voice_url} (${after.voice_method})`,
			);
		});
	} finally {
		await server.stop();
	}
	leaks(server.log(), "n8n's log");
	say(`  n8n's log (${server.log().length} characters at level debug) holds no secret`);
	return report;
}

/** Publishes the example trigger workflows in a running n8n (which registers their webhooks). */
export async function activateTriggers(
	server: N8nServer,
	workflows: (file: string) => WorkflowFile,
): Promise<void> {
	for (const file of Object.values(TRIGGER_EXAMPLES))
		await server.rest.activate(workflows(file).id);
}

/**
 * The same Call Automation callbacks to a workflow of n8n's own Webhook node (POST, respond at once,
 * then the callbacks example's Edit Fields node), as the yardstick for what n8n itself costs per delivery.
 */
async function createWebhookBaseline(
	server: N8nServer,
	callbacks: WorkflowFile,
): Promise<{ id: string; url: string }> {
	// The example's own downstream node, so both workflows do the same work per delivery.
	const streamingStatus = callbacks.nodes.find((node) => node.name === 'Streaming status')!;
	const path = `baseline-${randomBytes(6).toString('hex')}`;
	const workflow = {
		id: '',
		name: "e2e: n8n's Webhook node (throughput yardstick)",
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: 'Webhook',
				type: 'n8n-nodes-base.webhook',
				typeVersion: 2,
				position: [0, 0],
				webhookId: randomUUID(),
				parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
			},
			{
				...streamingStatus,
				id: randomUUID(),
				// The same assignments, read from the Webhook node's `body` (the delivered array).
				parameters: JSON.parse(
					JSON.stringify(streamingStatus.parameters).split('$json.').join('$json.body[0].'),
				) as WorkflowNode['parameters'],
			},
		],
		connections: { Webhook: { main: [[{ node: 'Streaming status', type: 'main', index: 0 }]] } },
	};
	// Node ids are n8n's own field, which the examples' WorkflowNode type leaves out.
	const id = await server.rest.createWorkflow(workflow as WorkflowFile);
	await server.rest.activate(id);
	return { id, url: `${server.url}/webhook/${path}` };
}

/**
 * SignalWire message status callbacks to a SignalWire Trigger (manual registration, Message Status) and,
 * as the yardstick, to n8n's Webhook node; both workflows end in a No Operation node.
 */
async function createStatusPair(
	server: N8nServer,
): Promise<Record<'trigger' | 'webhook', { id: string; url: string }>> {
	const path = `statuses-${randomBytes(6).toString('hex')}`;
	const webhookId = randomUUID();
	const make = async (name: string, first: Record<string, unknown>) => {
		const workflow = {
			id: '',
			name,
			active: false,
			settings: { executionOrder: 'v1' },
			nodes: [
				{ id: randomUUID(), position: [0, 0], ...first },
				{
					id: randomUUID(),
					name: 'Done',
					type: 'n8n-nodes-base.noOp',
					typeVersion: 1,
					position: [200, 0],
					parameters: {},
				},
			],
			connections: { [String(first.name)]: { main: [[{ node: 'Done', type: 'main', index: 0 }]] } },
		};
		const id = await server.rest.createWorkflow(workflow as unknown as WorkflowFile);
		await server.rest.activate(id);
		return id;
	};
	const triggerId = await make('e2e: SignalWire statuses (throughput)', {
		name: 'Message status',
		type: 'n8n-nodes-acs-signalwire.signalWireTrigger',
		typeVersion: 1.1,
		webhookId,
		parameters: { events: ['messageStatus'], registration: 'manual' },
		credentials: {
			signalWireApi: { id: CREDENTIALS.signalWire.id, name: CREDENTIALS.signalWire.name },
		},
	});
	const webhookWorkflowId = await make("e2e: n8n's Webhook node (SignalWire statuses yardstick)", {
		name: 'Webhook',
		type: 'n8n-nodes-base.webhook',
		typeVersion: 2,
		webhookId: randomUUID(),
		parameters: { httpMethod: 'POST', path, responseMode: 'onReceived', options: {} },
	});
	return {
		trigger: { id: triggerId, url: `${server.url}/webhook/${webhookId}/webhook` },
		webhook: { id: webhookWorkflowId, url: `${server.url}/webhook/${path}` },
	};
}

/** Sends LOAD.deliveries deliveries, LOAD.concurrency at a time; times the answers and the executions. */
async function measureThroughput(
	server: N8nServer,
	workflowId: string,
	sendOne: () => Promise<{ status: number }>,
): Promise<Throughput> {
	const before = (await server.rest.executions(workflowId)).total;
	const started = Date.now();
	let next = 0;
	const statuses: number[] = [];
	await Promise.all(
		Array.from({ length: LOAD.concurrency }, async () => {
			while (next < LOAD.deliveries) {
				next++;
				statuses.push((await sendOne()).status);
			}
		}),
	);
	const answeredSeconds = (Date.now() - started) / 1000;
	assert(
		statuses.every((status) => status === 200),
		`workflow ${workflowId}: statuses ${[...new Set(statuses)].join(', ')}`,
	);
	await server.rest.waitForExecutions(workflowId, before + LOAD.deliveries, 300_000);
	const executedSeconds = (Date.now() - started) / 1000;
	return {
		deliveries: LOAD.deliveries,
		answeredSeconds,
		answeredPerSecond: Math.round(LOAD.deliveries / answeredSeconds),
		executedSeconds,
		executedPerSecond: Math.round(LOAD.deliveries / executedSeconds),
	};
}

/** Polls `read` until `done` holds (n8n registers webhooks a moment after it publishes), for up to 30 s. */
export async function eventually<T>(
	read: () => Promise<T>,
	done: (value: T) => boolean,
): Promise<T> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const value = await read();
		if (done(value) || Date.now() > deadline) return value;
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

interface IncomingNumber {
	sms_url: string;
	sms_method: string;
	voice_url: string;
	voice_method: string;
}

/** The number as SignalWire's Compatibility API shows it (what the trigger registered or restored). */
async function incomingNumber(emu: Emulator, phoneNumber: string): Promise<IncomingNumber> {
	const { projectId, apiToken } = emu.signalwire;
	const response = await fetch(
		`${emu.url}/api/laml/2010-04-01/Accounts/${projectId}/IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(phoneNumber)}`,
		{
			headers: {
				authorization: `Basic ${Buffer.from(`${projectId}:${apiToken}`).toString('base64')}`,
			},
		},
	);
	assert(response.ok, `IncomingPhoneNumbers: ${response.status}`);
	const page = (await response.json()) as {
		incoming_phone_numbers: IncomingNumber[];
	};
	assert(page.incoming_phone_numbers.length === 1, `${phoneNumber} is not on the emulator`);
	return page.incoming_phone_numbers[0];
}
