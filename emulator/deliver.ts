import { createHmac, randomUUID, sign } from 'node:crypto';
import type { DtmfTone } from './acs/callModels';
import type { IncomingCallInfo, IncomingCallOptions } from './acs/callSimulator';
import type { CallbackSigningKey } from './env';
import type { Fixtures } from './fixtures';
import type { InboundCallOptions, InboundCallResult } from './signalwire/voiceApi';

/**
 * Deliveries as the real services send them, to a trigger's webhook URL: Event Grid (Event Grid schema,
 * `aeg-event-type` header), Call Automation callbacks (CloudEvents array with an RS256 bearer token from
 * the key at /calling/keys) and SignalWire messaging webhooks (form POST with X-SignalWire-Signature).
 */

export type DeliveryKind =
	| 'eventgrid-validation'
	| 'eventgrid-deletion'
	| 'eventgrid-advanced-message'
	| 'eventgrid-whatsapp-document'
	| 'eventgrid-batch'
	| 'eventgrid-cloudevents'
	| 'eventgrid-incoming-call'
	| 'eventgrid-sms-received'
	| 'eventgrid-sms-delivery-report'
	| 'eventgrid-email-delivery-report'
	| 'callautomation-media-streaming'
	| 'signalwire-mms'
	| 'signalwire-status'
	| 'signalwire-inbound-call';

export const DELIVERY_KINDS: readonly DeliveryKind[] = [
	'eventgrid-validation',
	'eventgrid-deletion',
	'eventgrid-advanced-message',
	'eventgrid-whatsapp-document',
	'eventgrid-batch',
	'eventgrid-cloudevents',
	'eventgrid-incoming-call',
	'eventgrid-sms-received',
	'eventgrid-sms-delivery-report',
	'eventgrid-email-delivery-report',
	'callautomation-media-streaming',
	'signalwire-mms',
	'signalwire-status',
	'signalwire-inbound-call',
];

export interface DeliveryResult {
	status: number;
	contentType: string;
	body: string;
	/** The JSON array (or object) or the form parameters sent. */
	sent: unknown;
	/** signalwire-inbound-call: what the call did once answered (verbs, errors, recordings). */
	call?: InboundCallResult;
}

export interface DeliveryOptions {
	/** SignalWire: sign with this key instead of the project's. */
	signingKey?: string;
	/** Call Automation: the token's audience instead of the resource's Immutable Resource ID. */
	jwtAudience?: string;
	/** eventgrid-batch: how many events (default 3). */
	events?: number;
	/** Added to (and overriding) the delivery's own headers. */
	headers?: Record<string, string>;
	/** eventgrid-incoming-call: tones RecognizeCompleted reports for this call (default ['one']). */
	recognizeTones?: DtmfTone[];
	/** eventgrid-incoming-call: what speech recognition hears on this call. */
	recognizeSpeech?: string;
	/** eventgrid-incoming-call: size of the file a stopped recording of this call makes. */
	recordingBytes?: number;
	/** eventgrid-incoming-call: where RecordingFileStatusUpdated goes (default: the URL delivered to). */
	eventGridUrl?: string;
	/** eventgrid-incoming-call: how long the call may ring before answering fails (default 60 s). */
	answerWithinMs?: number;
	/** eventgrid-email-delivery-report: the email (its send operation ID; default a new ID). */
	emailMessageId?: string;
	/** eventgrid-email-delivery-report: the recipient reported on (default `fixtures.acs.email.customer`). */
	emailRecipient?: string;
	/** signalwire-inbound-call: the caller, the called project number, the digits Gather receives. */
	from?: string;
	to?: string;
	gatherDigits?: string;
}

/** What a delivery needs of an emulator; `Emulator` has all of it. */
export interface DeliverySource {
	url: string;
	fixtures: Fixtures;
	signalwire: {
		projectId: string;
		signingKey: string;
		/** signalwire-inbound-call runs the call through the voice simulator. */
		inboundCall(options?: InboundCallOptions): Promise<InboundCallResult>;
	};
	callbackSigningKey: Pick<CallbackSigningKey, 'kid' | 'privateKey'>;
	/** The call simulator: eventgrid-incoming-call registers the call it announces. */
	calls: { incoming(options?: IncomingCallOptions): IncomingCallInfo };
}

/** What signing a Call Automation token needs. */
export type TokenSource = Pick<DeliverySource, 'url' | 'fixtures' | 'callbackSigningKey'>;

export interface CallAutomationTokenOptions {
	audience?: string;
	issuer?: string;
	/** Seconds from now; negative for an expired token (default 300, as the service issues them). */
	expiresIn?: number;
	notBefore?: number;
	kid?: string;
}

/** Events come from the emulated ACS resource, as Resource Manager lists it. */
function acsTopic(fixtures: Fixtures): string {
	return fixtures.arm.acsResourceId;
}

/** A Call Automation callback token: RS256, signed with the emulator's published key. */
export function signCallAutomationToken(
	emu: TokenSource,
	options: CallAutomationTokenOptions = {},
): string {
	const now = Math.floor(Date.now() / 1000);
	const header = { alg: 'RS256', typ: 'JWT', kid: options.kid ?? emu.callbackSigningKey.kid };
	const claims = {
		aud: options.audience ?? emu.fixtures.acs.resourceId,
		iss: options.issuer ?? emu.url,
		iat: now,
		nbf: now + (options.notBefore ?? 0),
		exp: now + (options.expiresIn ?? 300),
	};
	const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
	const signed = `${encode(header)}.${encode(claims)}`;
	const signature = sign('RSA-SHA256', Buffer.from(signed), emu.callbackSigningKey.privateKey);
	return `${signed}.${signature.toString('base64url')}`;
}

/** base64 HMAC-SHA1 over the URL and the sorted parameters, as SignalWire signs its webhooks. */
export function signSignalWireRequest(
	signingKey: string,
	url: string,
	params: Record<string, string>,
): string {
	const data = Object.keys(params)
		.sort()
		.reduce((acc, name) => acc + name + params[name], url);
	return createHmac('sha1', signingKey).update(data, 'utf8').digest('base64');
}

export function eventGridEvent(
	fixtures: Fixtures,
	eventType: string,
	subject: string,
	data: Record<string, unknown>,
): Record<string, unknown> {
	return {
		id: randomUUID(),
		topic: acsTopic(fixtures),
		subject,
		data,
		eventType,
		dataVersion: '1.0',
		metadataVersion: '1',
		eventTime: new Date().toISOString(),
	};
}

/**
 * A WhatsApp message with media: an image (the emulator's jpeg fixture) or a document (its pdf fixture,
 * whose file name is not ASCII).
 */
function advancedMessageReceived(
	fixtures: Fixtures,
	index = 0,
	messageType: 'image' | 'document' = 'image',
): Record<string, unknown> {
	const media = messageType === 'image' ? fixtures.acs.media.jpeg : fixtures.acs.media.pdf;
	const { channelRegistrationId, customers } = fixtures.acs.whatsApp;
	return eventGridEvent(
		fixtures,
		'Microsoft.Communication.AdvancedMessageReceived',
		`advancedMessage/sender/${customers.recent.slice(1)}/recipient/${channelRegistrationId}`,
		{
			channelType: 'whatsapp',
			from: customers.recent,
			to: channelRegistrationId,
			receivedTimestamp: new Date().toISOString(),
			messageId: randomUUID(),
			messageType,
			media: {
				mimeType: media.contentType,
				id: media.id,
				fileName: media.fileName,
				caption: `${messageType} ${index}`,
			},
		},
	);
}

function deliveryStatusUpdated(fixtures: Fixtures): Record<string, unknown> {
	const { channelRegistrationId, customers } = fixtures.acs.whatsApp;
	return eventGridEvent(
		fixtures,
		'Microsoft.Communication.AdvancedMessageDeliveryStatusUpdated',
		`advancedMessage/${randomUUID()}/status/delivered`,
		{
			channelType: 'whatsapp',
			from: channelRegistrationId,
			to: customers.recent,
			receivedTimestamp: new Date().toISOString(),
			messageId: randomUUID(),
			status: 'delivered',
		},
	);
}

/** SMSReceived: a customer texts the resource's main number (subject as the docs' example: no +). */
function smsReceived(fixtures: Fixtures): Record<string, unknown> {
	const to = fixtures.acs.phoneNumbers.main;
	return eventGridEvent(
		fixtures,
		'Microsoft.Communication.SMSReceived',
		`/phonenumber/${to.slice(1)}`,
		{
			messageId: `Incoming_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_noam_${randomUUID()}`,
			from: fixtures.acs.sms.customer,
			to,
			message: 'Hello from a customer',
			receivedTimestamp: new Date().toISOString(),
			segmentCount: 1,
		},
	);
}

/** SMSDeliveryReportReceived: a message from the main number was delivered to the customer. */
function smsDeliveryReport(fixtures: Fixtures): Record<string, unknown> {
	const from = fixtures.acs.phoneNumbers.main;
	const to = fixtures.acs.sms.customer;
	const now = new Date().toISOString();
	return eventGridEvent(
		fixtures,
		'Microsoft.Communication.SMSDeliveryReportReceived',
		`/phonenumber/${from.slice(1)}`,
		{
			messageId: `Outgoing_${now.replace(/\D/g, '').slice(0, 14)}_noam_${randomUUID()}`,
			from,
			to,
			deliveryStatus: 'Delivered',
			deliveryStatusDetails: 'No error.',
			deliveryAttempts: [{ timestamp: now, segmentsSucceeded: 1, segmentsFailed: 0 }],
			receivedTimestamp: now,
			tag: 'emulator',
		},
	);
}

/** EmailDeliveryReportReceived: an email from the fixture sender reached a recipient's mail server. */
function emailDeliveryReport(
	fixtures: Fixtures,
	options: DeliveryOptions,
): Record<string, unknown> {
	const { senderAddress, customer } = fixtures.acs.email;
	const messageId = options.emailMessageId ?? randomUUID();
	const recipient = options.emailRecipient ?? customer;
	return eventGridEvent(
		fixtures,
		'Microsoft.Communication.EmailDeliveryReportReceived',
		`sender/${senderAddress}/message/${messageId}`,
		{
			sender: senderAddress,
			recipient,
			internetMessageId: `<${randomUUID()}@${fixtures.acs.email.domain}>`,
			messageId,
			status: 'Delivered',
			deliveryStatusDetails: {
				statusMessage: 'Delivered to the recipient mail server.',
				recipientMailServerHostName: `mx.${recipient.slice(recipient.indexOf('@') + 1)}`,
			},
			deliveryAttemptTimestamp: new Date().toISOString(),
		},
	);
}

export function eventGridHeaders(
	kind: 'SubscriptionValidation' | 'Notification' | 'SubscriptionDeletion',
) {
	return {
		'content-type': 'application/json; charset=utf-8',
		'aeg-event-type': kind,
		'aeg-subscription-name': 'N8N-TRIGGER',
		'aeg-delivery-count': '0',
		'aeg-data-version': '1.0',
		'aeg-metadata-version': '1',
	};
}

function mmsParams(emu: DeliverySource): Record<string, string> {
	const messageSid = emu.fixtures.signalwire.messageSids.small;
	const { direct, redirect302 } = emu.fixtures.signalwire.media.small;
	const mediaUrl = (sid: string) =>
		`${emu.url}/api/laml/2010-04-01/Accounts/${emu.signalwire.projectId}/Messages/${messageSid}/Media/${sid}`;
	return {
		MessageSid: messageSid,
		SmsMessageSid: messageSid,
		SmsSid: messageSid,
		AccountSid: emu.signalwire.projectId,
		From: '+15557654321',
		To: emu.fixtures.signalwire.mainNumber.phoneNumber,
		Body: 'Two files',
		NumMedia: '2',
		NumSegments: '1',
		MediaUrl0: mediaUrl(direct.sid),
		MediaContentType0: direct.contentType,
		MediaUrl1: mediaUrl(redirect302.sid),
		MediaContentType1: redirect302.contentType,
		SmsStatus: 'received',
		ApiVersion: '2010-04-01',
	};
}

function statusParams(emu: DeliverySource): Record<string, string> {
	const messageSid = emu.fixtures.signalwire.messageSids.small;
	return {
		MessageSid: messageSid,
		SmsSid: messageSid,
		AccountSid: emu.signalwire.projectId,
		From: emu.fixtures.signalwire.mainNumber.phoneNumber,
		To: '+15557654321',
		Body: 'Two files',
		NumMedia: '2',
		NumSegments: '1',
		MessageStatus: 'delivered',
		SmsStatus: 'delivered',
		ApiVersion: '2010-04-01',
	};
}

/** A Call Automation callback event: a CloudEvent as the service posts it (in a JSON array). */
export function callAutomationEvent(
	callConnectionId: string,
	type: string,
	data: Record<string, unknown>,
): Record<string, unknown> {
	return {
		id: randomUUID(),
		source: `calling/callConnections/${callConnectionId}`,
		type,
		data,
		time: new Date().toISOString(),
		specversion: '1.0',
		datacontenttype: 'application/json',
		subject: `calling/callConnections/${callConnectionId}`,
	};
}

/** An Event Grid schema event as Event Grid maps it to CloudEvents 1.0. */
export function toCloudEvent(event: Record<string, unknown>): Record<string, unknown> {
	return {
		id: event.id,
		source: event.topic,
		subject: event.subject,
		type: event.eventType,
		time: event.eventTime,
		data: event.data,
		specversion: '1.0',
		datacontenttype: 'application/json',
	};
}

/** An Event Grid phone identifier as @azure/eventgrid maps it (kind, rawId, phoneNumber). */
function phoneModel(value: string) {
	return { kind: 'phoneNumber', rawId: `4:${value}`, phoneNumber: { value } };
}

export interface PreparedDelivery {
	headers: Record<string, string>;
	body: string;
	sent: unknown;
}

/** The headers and body of one delivery of `kind` to `webhookUrl` (the handshake and `publish` send it themselves). */
export function prepareDelivery(
	emu: DeliverySource,
	kind: Exclude<DeliveryKind, 'signalwire-inbound-call'>,
	webhookUrl: string,
	options: DeliveryOptions,
): PreparedDelivery {
	const { fixtures } = emu;
	const asJson = (sent: unknown, headers: Record<string, string>): PreparedDelivery => ({
		headers,
		body: JSON.stringify(sent),
		sent,
	});
	switch (kind) {
		case 'eventgrid-validation': {
			const code = randomUUID().toUpperCase();
			const event = eventGridEvent(
				fixtures,
				'Microsoft.EventGrid.SubscriptionValidationEvent',
				'',
				{
					validationCode: code,
					validationUrl: `https://rp-westus.eventgrid.azure.net:553/eventsubscriptions/n8n-trigger/validate?id=${code}&t=${new Date().toISOString()}&apiVersion=2025-02-15&token=emulated`,
				},
			);
			return asJson(
				[{ ...event, dataVersion: '2', topic: `${acsTopic(fixtures)}` }],
				eventGridHeaders('SubscriptionValidation'),
			);
		}
		case 'eventgrid-deletion':
			return asJson(
				[
					eventGridEvent(fixtures, 'Microsoft.EventGrid.SubscriptionDeletedEvent', '', {
						eventSubscriptionId: `${acsTopic(fixtures)}/providers/Microsoft.EventGrid/eventSubscriptions/n8n-trigger`,
					}),
				],
				eventGridHeaders('SubscriptionDeletion'),
			);
		case 'eventgrid-advanced-message':
			return asJson([advancedMessageReceived(fixtures)], eventGridHeaders('Notification'));
		case 'eventgrid-whatsapp-document':
			return asJson(
				[advancedMessageReceived(fixtures, 0, 'document')],
				eventGridHeaders('Notification'),
			);
		case 'eventgrid-sms-received':
			return asJson([smsReceived(fixtures)], eventGridHeaders('Notification'));
		case 'eventgrid-sms-delivery-report':
			return asJson([smsDeliveryReport(fixtures)], eventGridHeaders('Notification'));
		case 'eventgrid-email-delivery-report':
			return asJson([emailDeliveryReport(fixtures, options)], eventGridHeaders('Notification'));
		case 'eventgrid-batch': {
			const count = options.events ?? 3;
			const events = Array.from({ length: count }, (_, i) =>
				i % 2 === 0 ? advancedMessageReceived(fixtures, i) : deliveryStatusUpdated(fixtures),
			);
			return asJson(events, eventGridHeaders('Notification'));
		}
		case 'eventgrid-cloudevents': {
			const cloudEvent = toCloudEvent(advancedMessageReceived(fixtures));
			return asJson(cloudEvent, { 'content-type': 'application/cloudevents+json; charset=utf-8' });
		}
		case 'eventgrid-incoming-call': {
			const call = emu.calls.incoming({
				recognizeTones: options.recognizeTones,
				recognizeSpeech: options.recognizeSpeech,
				recordingBytes: options.recordingBytes,
				eventGridUrl: options.eventGridUrl ?? webhookUrl,
				answerWithinMs: options.answerWithinMs,
			});
			const from = phoneModel(call.from);
			const to = phoneModel(call.to);
			const event = eventGridEvent(
				fixtures,
				'Microsoft.Communication.IncomingCall',
				`/caller/${from.rawId}/recipient/${to.rawId}`,
				{
					to,
					from,
					serverCallId: call.serverCallId,
					callerDisplayName: call.callerDisplayName,
					incomingCallContext: call.incomingCallContext,
					correlationId: call.correlationId,
				},
			);
			return asJson([event], eventGridHeaders('Notification'));
		}
		case 'callautomation-media-streaming': {
			const callConnectionId = fixtures.acs.calls.activeCallConnectionId;
			const sent = [
				callAutomationEvent(callConnectionId, 'Microsoft.Communication.MediaStreamingStarted', {
					mediaStreamingUpdate: {
						contentType: 'Audio',
						mediaStreamingStatus: 'mediaStreamingStarted',
						mediaStreamingStatusDetails: 'subscriptionStarted',
					},
					callConnectionId,
					serverCallId: Buffer.from(`emulator-server-call:${callConnectionId}`).toString(
						'base64url',
					),
					correlationId: randomUUID(),
					operationContext: 'n8n',
					resultInformation: { code: 200, subCode: 0, message: 'Action completed successfully.' },
				}),
			];
			const token = signCallAutomationToken(emu, { audience: options.jwtAudience });
			return asJson(sent, {
				'content-type': 'application/json; charset=utf-8',
				authorization: `Bearer ${token}`,
			});
		}
		case 'signalwire-mms':
		case 'signalwire-status': {
			const params = kind === 'signalwire-mms' ? mmsParams(emu) : statusParams(emu);
			const signature = signSignalWireRequest(
				options.signingKey ?? emu.signalwire.signingKey,
				webhookUrl,
				params,
			);
			return {
				headers: {
					'content-type': 'application/x-www-form-urlencoded',
					'x-signalwire-signature': signature,
				},
				body: new URLSearchParams(params).toString(),
				sent: params,
			};
		}
	}
}

/** Sends one delivery of `kind` to `webhookUrl` and returns what the receiver answered. */
export async function deliver(
	emu: DeliverySource,
	kind: DeliveryKind,
	webhookUrl: string,
	options: DeliveryOptions = {},
): Promise<DeliveryResult> {
	if (!DELIVERY_KINDS.includes(kind)) throw new Error(`Unknown delivery kind "${String(kind)}"`);
	if (kind === 'signalwire-inbound-call') {
		// The voice webhook is the first request of a simulated call, which goes on after the answer.
		const call = await emu.signalwire.inboundCall({
			url: webhookUrl,
			from: options.from,
			to: options.to,
			gatherDigits: options.gatherDigits,
			signingKey: options.signingKey,
		});
		const { webhook } = call;
		return {
			status: webhook.status === 'not-delivered' ? 0 : webhook.status,
			contentType: webhook.contentType ?? '',
			body: webhook.body ?? '',
			sent: webhook.params,
			call,
		};
	}
	const prepared = prepareDelivery(emu, kind, webhookUrl, options);
	const response = await fetch(webhookUrl, {
		method: 'POST',
		headers: { ...prepared.headers, ...options.headers },
		body: prepared.body,
		redirect: 'manual',
	});
	return {
		status: response.status,
		contentType: response.headers.get('content-type') ?? '',
		body: await response.text(),
		sent: prepared.sent,
	};
}
