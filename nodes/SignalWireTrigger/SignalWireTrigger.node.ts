import {
	NodeConnectionTypes,
	NodeOperationError,
	type IDataObject,
	type IHookFunctions,
	type INodeParameters,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
	type WEBHOOK_RESOLVERS,
} from 'n8n-workflow';

import { changedInVersion } from '../../shared/resourceLocator';
import { SIGNALWIRE_CREDENTIAL_TYPE } from '../../shared/signalwire/connect';
import { searchSmsNumbers } from '../../shared/signalwire/listSearch';
import { phoneNumberPicker } from '../../shared/signalwire/pickers';
import { headerOf, rawBodyOf, requestTarget, respond } from '../../shared/webhooks/request';
import { withFreshCredentials } from '../../shared/webhooks/triggerCredentials';
import {
	signalWireSignatureValid,
	type FormParameters,
} from '../../shared/webhooks/signalWireSignature';
import {
	answerProperties,
	APOLOGY_CXML,
	guardLastNodeAnswer,
	immediateAnswer,
	respondsWhenLastNodeFinishes,
} from './answer';
import { isRegistered, register, unregister } from './registration';

/** SignalWire's webhooks are small forms; anything this large is not one. */
export const MAX_REQUEST_BYTES = 1024 * 1024;

/** An empty cXML document: SignalWire logs an error for any other answer, and it sends no reply. */
export const EMPTY_CXML = '<?xml version="1.0" encoding="UTF-8"?><Response/>';

type EventKind =
	| 'inboundMessage'
	| 'messageStatus'
	| 'inboundCall'
	| 'callStatus'
	| 'recordingStatus';

interface MediaEntry extends IDataObject {
	sid: string;
	url: string;
	contentType: string;
}

/** `MediaUrl0…N` with their content types, in index order; the SID is the URL's last path segment. */
export function mediaOf(params: FormParameters): MediaEntry[] {
	return Object.keys(params)
		.map((name) => /^MediaUrl(\d+)$/.exec(name))
		.filter((match): match is RegExpExecArray => match !== null)
		.map((match) => Number(match[1]))
		.sort((a, b) => a - b)
		.map((index) => {
			const url = String(params[`MediaUrl${index}`] ?? '');
			const path = URL.canParse(url) ? new URL(url).pathname : url.split('?')[0]!;
			const sid = decodeURIComponent(path.split('/').filter(Boolean).pop() ?? '').replace(
				/\.json$/,
				'',
			);
			return { sid, url, contentType: String(params[`MediaContentType${index}`] ?? '') };
		});
}

function first(value: string | string[] | undefined): string | undefined {
	return Array.isArray(value) ? value[0] : value;
}

/**
 * Recording callbacks carry RecordingStatus; call requests carry CallSid and CallStatus, and the one
 * that asks how to answer a new call is the `ringing` one of an `inbound` call (status callbacks come
 * later in the call, or from calls you placed). Message status callbacks carry MessageStatus (queued …
 * delivered, failed); inbound messages carry none, or `received`/`receiving` (Twilio-style SmsStatus).
 */
export function eventKindOf(params: FormParameters): EventKind {
	if (first(params.RecordingStatus) !== undefined) return 'recordingStatus';
	const callStatus = first(params.CallStatus)?.toLowerCase();
	if (first(params.CallSid) !== undefined && callStatus !== undefined) {
		return callStatus === 'ringing' && first(params.Direction)?.toLowerCase() === 'inbound'
			? 'inboundCall'
			: 'callStatus';
	}
	const value = first(params.MessageStatus ?? params.SmsStatus)?.toLowerCase();
	return value === undefined || value === 'received' || value === 'receiving'
		? 'inboundMessage'
		: 'messageStatus';
}

/** n8n's public URL of the webhook this request came to: the test URL in test mode. */
function servedUrl(ctx: IWebhookFunctions): string {
	const production = ctx.getNodeWebhookUrl('default') ?? '';
	return requestTarget(ctx.getRequestObject()).includes('/webhook-test/')
		? production.replace('/webhook/', '/webhook-test/')
		: production;
}

/** The URL SignalWire posted to: the served URL and the query as sent. */
function signedUrl(ctx: IWebhookFunctions): string {
	const target = requestTarget(ctx.getRequestObject());
	const query = target.indexOf('?');
	return query >= 0 ? `${servedUrl(ctx)}${target.slice(query)}` : servedUrl(ctx);
}

/**
 * Respond "Immediately": the cXML of the parameters (checked at activation, so a failure here means an
 * expression gave something else now). With Recording Status selected, recordings of the Record verb
 * are announced to this trigger.
 */
function immediateCallAnswer(ctx: IWebhookFunctions, selected: EventKind[]): string {
	try {
		return immediateAnswer(ctx, selected.includes('recordingStatus') ? servedUrl(ctx) : undefined);
	} catch (error) {
		ctx.logger.warn(
			`SignalWire Trigger answered a call with an apology: ${(error as Error).message}`,
		);
		return APOLOGY_CXML;
	}
}

/**
 * n8n 2.41 reads a webhook description field without its expression engine when the field carries
 * a resolver under this registered symbol (n8n-workflow's WEBHOOK_RESOLVERS), its template is the
 * field's value and the node's parameters hold no expression; other versions evaluate the template.
 * Each resolver computes what its template does, so both give the same answer.
 */
const RESOLVERS = Symbol.for('n8n.webhookDescriptionResolvers') as typeof WEBHOOK_RESOLVERS;

const RESPONSE_MODE =
	'={{$parameter["respond"] === "lastNode" && ($parameter["events"] || []).includes("inboundCall") ? "lastNode" : "onReceived"}}';
/**
 * When last node: its first item's field. Otherwise n8n answers a delivery that starts a run with the
 * empty cXML document once the run is registered (in queue mode: queued), so deliveries do not pile up
 * ahead of their runs.
 */
const RESPONSE_DATA = `={{$parameter["respond"] === "lastNode" && ($parameter["events"] || []).includes("inboundCall") ? "firstEntryJson" : ${JSON.stringify(EMPTY_CXML)}}}`;
/** n8n applies a description's responseHeaders (webhook-helpers `evaluateResponseHeaders`); its type leaves them out. */
const XML_CONTENT_TYPE = {
	entries: [{ name: 'content-type', value: 'text/xml; charset=utf-8' }],
} as unknown as string;
const RESPONSE_PROPERTY_NAME = '={{$parameter["cxmlField"] || "cxml"}}';

function respondsWhenLastNodeFinishesIn(parameters: INodeParameters): boolean {
	return (
		parameters.respond === 'lastNode' &&
		Array.isArray(parameters.events) &&
		(parameters.events as unknown[]).includes('inboundCall')
	);
}

const responseResolvers = {
	responseMode: {
		template: RESPONSE_MODE,
		resolve: (parameters: INodeParameters) =>
			respondsWhenLastNodeFinishesIn(parameters) ? 'lastNode' : 'onReceived',
	},
	responseData: {
		template: RESPONSE_DATA,
		resolve: (parameters: INodeParameters) =>
			respondsWhenLastNodeFinishesIn(parameters) ? 'firstEntryJson' : EMPTY_CXML,
	},
	responsePropertyName: {
		template: RESPONSE_PROPERTY_NAME,
		resolve: (parameters: INodeParameters) => parameters.cxmlField || 'cxml',
	},
};

function missingSigningKey(ctx: IHookFunctions): NodeOperationError {
	return new NodeOperationError(
		ctx.getNode(),
		'The SignalWire credential has no Signing Key, so requests cannot be checked',
		{
			description:
				"Copy the project's Signing Key from the SignalWire Dashboard > API Credentials > Signing Key into the credential's Signing Key field.",
		},
	);
}

export class SignalWireTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'SignalWire Trigger',
		name: 'signalWireTrigger',
		icon: {
			light: 'file:../../icons/signalwire.svg',
			dark: 'file:../../icons/signalwire.dark.svg',
		},
		group: ['trigger'],
		version: [1, 1.1, 2],
		defaultVersion: 2,
		// Version 2 keeps the number in a picker's value; older versions keep the text itself.
		subtitle:
			'={{$parameter["registration"] === "automatic" ? ($parameter["phoneNumber"].value ?? $parameter["phoneNumber"]) : ""}}',
		description:
			'Starts the workflow when a SignalWire number receives a message or a call, or a message, call or recording status changes',
		defaults: { name: 'SignalWire Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: SIGNALWIRE_CREDENTIAL_TYPE, required: true }],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				path: 'webhook',
				// n8n's own response modes, as its Webhook node sets them: with Respond "When Last Node
				// Finishes", n8n answers with the last node's first item's cXML field as text/xml. The
				// trigger answers every other request itself (see guardLastNodeAnswer for failed runs).
				responseMode: RESPONSE_MODE,
				responseData: RESPONSE_DATA,
				responseHeaders: XML_CONTENT_TYPE,
				responsePropertyName: RESPONSE_PROPERTY_NAME,
				responseContentType: 'text/xml',
				[RESOLVERS]: responseResolvers,
			},
		],
		properties: [
			{
				displayName:
					'Every request must be signed by SignalWire: the credential needs the Signing Key (Dashboard > API Credentials). For Manual registration, set the number\'s "When a message comes in" handler (messages) or "When a call comes in" handler as a cXML webhook (calls) to this URL, method POST, and its status callback to it for call statuses. For message, call and recording statuses of your own messages and calls, pass this URL as their status callback.',
				name: 'notice',
				type: 'notice',
				default: '',
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: [
					{
						name: 'Call Status',
						value: 'callStatus',
						description:
							'A status callback of a call (initiated, ringing, answered, completed, busy, no-answer, failed)',
					},
					{
						name: 'Inbound Call',
						value: 'inboundCall',
						description: 'A call to the number; the trigger answers it with cXML (see Respond)',
					},
					{
						name: 'Inbound Message',
						value: 'inboundMessage',
						description: 'A message (SMS or MMS) arrived at the number',
					},
					{
						name: 'Message Status',
						value: 'messageStatus',
						description:
							'A status callback of a message you sent (queued, sent, delivered, undelivered, failed)',
					},
					{
						name: 'Recording Status',
						value: 'recordingStatus',
						description: 'A recording of a call is in progress, completed or absent',
					},
				],
				default: ['inboundMessage'],
				required: true,
			},
			{
				displayName: 'Registration',
				name: 'registration',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Manual',
						value: 'manual',
						description: 'You set the number\'s "When a message comes in" URL in the Dashboard',
					},
					{
						name: 'Automatic',
						value: 'automatic',
						description:
							"The trigger sets the number's message URL, call URL (Inbound Call) and status callback (Call Status) on activation and restores the previous ones on deactivation (the API token needs the Numbers scope)",
					},
				],
				default: 'manual',
			},
			...changedInVersion(
				2,
				{
					displayName: 'Phone Number',
					name: 'phoneNumber',
					type: 'string',
					default: '',
					required: true,
					placeholder: '+15550001111',
					description: 'The SignalWire number, in E.164 form',
					displayOptions: { show: { registration: ['automatic'] } },
				},
				phoneNumberPicker({
					displayName: 'Phone Number',
					name: 'phoneNumber',
					description:
						"The SignalWire number whose messages start the workflow: pick one of the project's numbers that can receive SMS (search by part of the number or by its whole friendly name), or enter it in E.164 form",
					searchListMethod: 'searchSmsNumbers',
					displayOptions: { show: { registration: ['automatic'] } },
				}),
			),
			...answerProperties,
		],
	};

	methods = { listSearch: { searchSmsNumbers } };

	webhookMethods = {
		default: {
			async checkExists(this: IHookFunctions): Promise<boolean> {
				if (this.getNodeParameter('registration', 'manual') !== 'automatic') return false;
				return await isRegistered(this, this.getNodeWebhookUrl('default') ?? '');
			},
			async create(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials(SIGNALWIRE_CREDENTIAL_TYPE);
				if (String(credentials.signingKey ?? '').trim() === '') throw missingSigningKey(this);
				const events = this.getNodeParameter('events', []) as string[];
				// A document SignalWire could not run is refused now, not when a caller is on the line.
				if (events.includes('inboundCall') && !respondsWhenLastNodeFinishes(this)) {
					immediateAnswer(this);
				}
				if (this.getNodeParameter('registration', 'manual') === 'automatic') {
					await register(this, this.getNodeWebhookUrl('default') ?? '');
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				await unregister(this, this.getNodeWebhookUrl('default') ?? '');
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const req = this.getRequestObject();
		const res = this.getResponseObject();
		const refuse = (status: number, reason: string) => {
			this.logger.debug(`SignalWire Trigger refused a request: ${reason}`);
			return respond(res, status, 'text/plain; charset=utf-8', reason);
		};
		const raw = await rawBodyOf(req);
		if (raw.length > MAX_REQUEST_BYTES) {
			return refuse(413, `The body is larger than ${MAX_REQUEST_BYTES} bytes`);
		}
		const body = this.getBodyData() as unknown;
		if (body === null || typeof body !== 'object' || Array.isArray(body)) {
			return refuse(400, 'Expected a form (application/x-www-form-urlencoded) body');
		}
		const params = body as FormParameters;
		const signature =
			headerOf(req, 'x-signalwire-signature') ?? headerOf(req, 'x-twilio-signature');
		const refusal = await withFreshCredentials(
			this,
			SIGNALWIRE_CREDENTIAL_TYPE,
			async (credentials) =>
				signalWireSignatureValid(
					String(credentials.signingKey ?? '').trim(),
					signedUrl(this),
					params,
					signature,
				)
					? undefined
					: signature
						? 'Invalid signature'
						: 'Missing signature',
		);
		if (refusal) return refuse(403, refusal);

		const kind = eventKindOf(params);
		const selected = this.getNodeParameter('events', ['inboundMessage']) as EventKind[];
		if (!selected.includes(kind)) {
			return respond(res, 200, 'text/xml; charset=utf-8', EMPTY_CXML);
		}
		const isMessage = kind === 'inboundMessage' || kind === 'messageStatus';
		const workflowData = [
			[{ json: isMessage ? { ...(params as IDataObject), media: mediaOf(params) } : params }],
		] as IWebhookResponseData['workflowData'];
		const lastNode = respondsWhenLastNodeFinishes(this);
		if (kind !== 'inboundCall') {
			// n8n answers the empty document once the run is registered (responseData), unless it waits
			// for the last node, which is only for calls.
			return lastNode
				? { ...respond(res, 200, 'text/xml; charset=utf-8', EMPTY_CXML), workflowData }
				: { workflowData };
		}
		if (lastNode) {
			guardLastNodeAnswer(this, res, String(first(params.CallSid)));
			return { workflowData };
		}
		return {
			...respond(res, 200, 'text/xml; charset=utf-8', immediateCallAnswer(this, selected)),
			workflowData,
		};
	}
}
