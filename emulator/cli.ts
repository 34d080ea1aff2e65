/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import {
	DELIVERY_KINDS,
	PUBLISH_KINDS,
	startEmulator,
	type DeliveryKind,
	type DeliveryOptions,
	type DeliveryResult,
	type PublishResult,
} from './index';

/** `npm run emulator`: start on EMULATOR_PORT (default 4010; file host +1, foreign host +2, recording storage host +3) and print what clients need. */
async function main(): Promise<void> {
	const port = Number(process.env.EMULATOR_PORT ?? 4010);
	const emu = await startEmulator({
		port,
		latencyMs: Number(process.env.EMULATOR_LATENCY_MS ?? 0),
	});
	const f = emu.fixtures;
	const summary = {
		url: emu.url,
		fileHostUrl: emu.fileHostUrl,
		foreignHostUrl: emu.foreignHostUrl,
		acs: emu.acs,
		signalwire: emu.signalwire,
		arm: { resourceManagerUrl: emu.arm.resourceManagerUrl, scope: emu.arm.scope },
		sampleUserToken: emu.issueUserToken(f.acs.users.member, { expiresInMinutes: 1440 }),
		fixtures: {
			acs: {
				resourceId: f.acs.resourceId,
				callAutomationIssuer: emu.url,
				users: f.acs.users,
				media: Object.fromEntries(
					Object.entries(f.acs.media).map(([k, m]) => [
						k,
						{
							id: m.id,
							contentType: m.contentType,
							size: m.size,
							fileName: m.fileName,
							sha256: m.sha256,
						},
					]),
				),
				largeMedia: {
					id: f.acs.largeMedia.id,
					size: f.acs.largeMedia.size,
					contentType: f.acs.largeMedia.contentType,
				},
				generatedMedia: `${f.acs.generatedMediaPrefix}<bytes>`,
				unknownMediaId: f.acs.unknownMediaId,
				chat: {
					threadIds: f.acs.chat.threadIds,
					smallThread: f.acs.chat.smallThread,
					bigThreadMessageCount: f.acs.chat.bigThreadMessageCount,
				},
				phoneNumbers: f.acs.phoneNumbers,
				calls: f.acs.calls,
			},
			arm: {
				subscriptionId: f.arm.subscriptionId,
				testSubscriptionId: f.arm.testSubscriptionId,
				resourceGroup: f.arm.resourceGroup,
				acsResourceId: f.arm.acsResourceId,
				acsResourceCount: f.arm.acsResources.length,
			},
			signalwire: {
				messageSids: f.signalwire.messageSids,
				media: Object.fromEntries(
					Object.entries(f.signalwire.media.small).map(([k, m]) => [
						k,
						{ sid: m.sid, contentType: m.contentType, size: m.size },
					]),
				),
				inProgressMediaSid: f.signalwire.media.inProgress.sid,
				numbers: f.signalwire.numbers,
				manyMediaCount: f.signalwire.manyMediaCount,
				unknownMediaSid: f.signalwire.unknownMediaSid,
				voice: {
					numbers: f.signalwire.voice.numbers,
					callSids: f.signalwire.voice.calls.map((c) => c.sid),
					recordingSids: f.signalwire.voice.recordings.map((r) => r.sid),
				},
			},
		},
	};
	process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
	const stop = () => {
		void emu.close().then(() => process.exit(0));
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

const USAGE = `usage: npm run emulator -- deliver <kind> <webhook URL> [option=value …]
       npm run emulator -- publish <kind> [option=value …]  (to the Event Grid subscriptions the emulator holds)
  kinds: ${DELIVERY_KINDS.join(', ')}
  publish kinds: ${PUBLISH_KINDS.join(', ')}
  options (eventgrid-incoming-call): tones=one,two  speech=text  recordingBytes=N  eventGridUrl=URL  answerWithinMs=N
  options (eventgrid-email-delivery-report): messageId=<send operation ID>  recipient=<address>
  options (signalwire-inbound-call): from=+1…  to=<project number>  digits=<what Gather receives>`;

function emulatorUrl(): string {
	return (
		process.env.EMULATOR_URL ?? `http://127.0.0.1:${Number(process.env.EMULATOR_PORT ?? 4010)}`
	);
}

/** `key=value` arguments as DeliveryOptions. */
function deliveryOptions(args: string[]): DeliveryOptions {
	const options: DeliveryOptions = {};
	for (const arg of args) {
		const [key, value] = [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)];
		if (key === 'tones')
			options.recognizeTones = value
				.split(',')
				.filter(Boolean) as DeliveryOptions['recognizeTones'];
		else if (key === 'speech') options.recognizeSpeech = value;
		else if (key === 'recordingBytes' && /^\d+$/.test(value))
			options.recordingBytes = Number(value);
		else if (key === 'eventGridUrl') options.eventGridUrl = value;
		else if (key === 'answerWithinMs' && /^\d+$/.test(value))
			options.answerWithinMs = Number(value);
		else if (key === 'messageId') options.emailMessageId = value;
		else if (key === 'recipient') options.emailRecipient = value;
		else if (key === 'from') options.from = value;
		else if (key === 'to') options.to = value;
		else if (key === 'digits') options.gatherDigits = value;
		else throw new Error(`unknown option "${arg}"\n${USAGE}`);
	}
	return options;
}

/**
 * `npm run emulator -- deliver <kind> <webhook URL> [option=value …]`: asks the running emulator
 * (EMULATOR_URL, default http://127.0.0.1:EMULATOR_PORT) to send one delivery, signed with its keys,
 * and prints the answer.
 */
async function deliverCommand(
	kind: string | undefined,
	webhookUrl: string | undefined,
	args: string[],
): Promise<void> {
	if (!kind || !DELIVERY_KINDS.includes(kind as DeliveryKind) || !webhookUrl)
		throw new Error(USAGE);
	const options = deliveryOptions(args);
	const response = await fetch(`${emulatorUrl()}/emulator/deliver`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ kind, webhookUrl, options }),
	});
	if (!response.ok)
		throw new Error(
			`the emulator at ${emulatorUrl()} answered ${response.status}: ${await response.text()}`,
		);
	const result = (await response.json()) as DeliveryResult;
	const context = (result.sent as Array<{ data?: { incomingCallContext?: string } }>)[0]?.data
		?.incomingCallContext;
	if (context) process.stdout.write(`incomingCallContext: ${context}\n`);
	process.stdout.write(
		`${kind} → ${webhookUrl}\nstatus: ${result.status}\ncontent-type: ${result.contentType}\nbody: ${result.body}\n`,
	);
	if (result.call) {
		const { sid, status, log, errors, recordingSids } = result.call;
		process.stdout.write(
			`call ${sid}: ${status}\nverbs: ${log.map((entry) => entry.verb).join(', ') || '(none)'}\nerrors: ${errors.map((e) => `${e.code} ${e.message}`).join('; ') || '(none)'}\nrecordings: ${recordingSids.join(', ') || '(none)'}\n`,
		);
	}
}

/**
 * `npm run emulator -- publish <kind> [option=value …]`: asks the running emulator to send one event of
 * its ACS resource through the Event Grid subscriptions it holds, and prints what each webhook answered.
 */
async function publishCommand(kind: string | undefined, args: string[]): Promise<void> {
	if (!kind || !PUBLISH_KINDS.includes(kind as DeliveryKind)) throw new Error(USAGE);
	const response = await fetch(`${emulatorUrl()}/emulator/publish`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ kind, options: deliveryOptions(args) }),
	});
	if (!response.ok)
		throw new Error(
			`the emulator at ${emulatorUrl()} answered ${response.status}: ${await response.text()}`,
		);
	const results = (await response.json()) as PublishResult[];
	if (results.length === 0)
		process.stdout.write(`${kind}: no Succeeded event subscription includes this event type\n`);
	for (const result of results)
		process.stdout.write(
			`${kind} → ${result.subscription}\nstatus: ${result.status}\nbody: ${result.body}\n`,
		);
}

const [command, ...args] = process.argv.slice(2);
const run =
	command === 'deliver'
		? deliverCommand(args[0], args[1], args.slice(2))
		: command === 'publish'
			? publishCommand(args[0], args.slice(1))
			: main();
run.catch((error: unknown) => {
	process.stderr.write(
		`${command === 'deliver' || command === 'publish' ? `${command} failed` : 'emulator failed to start'}: ${error instanceof Error ? error.message : String(error)}\n`,
	);
	process.exit(1);
});
