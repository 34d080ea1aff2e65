import {
	NodeConnectionTypes,
	NodeOperationError,
	type ICredentialDataDecryptedObject,
	type IDataObject,
	type IHookFunctions,
	type INodeType,
	type INodeTypeDescription,
	type IWebhookFunctions,
	type IWebhookResponseData,
} from 'n8n-workflow';

import { InvalidCredentialError } from '../../shared/errors';
import {
	callAutomationIssuer,
	callAutomationSigningKeys,
} from '../../shared/webhooks/callAutomationKeys';
import { bearerToken, verifyCallAutomationToken } from '../../shared/webhooks/callAutomationToken';
import { headerOf, rawBodyOf, respondJson } from '../../shared/webhooks/request';
import { secretMatches } from '../../shared/webhooks/secret';
import { withFreshCredentials } from '../../shared/webhooks/triggerCredentials';
import { ARM_CREDENTIAL_TYPE, connectArm } from '../../shared/arm/connect';
import { acsResourceProperty, automaticSubscription } from './automaticSubscription';
import { searchAcsResources } from './acsResources';
import {
	createSubscription,
	deleteSubscription,
	parseAcsResourceId,
	subscriptionIsCurrent,
} from './eventSubscription';
import { CALL_AUTOMATION_EVENTS, EVENT_GRID_EVENTS, isSelected } from './events';

export const ACS_TRIGGER_CREDENTIAL_TYPE = 'azureCommunicationServicesTriggerApi';

/** Event Grid sends at most 1 MB per event and about 1 MB per batch; this leaves room for large batches. */
export const MAX_DELIVERY_BYTES = 12 * 1024 * 1024;
/** Clock difference allowed between Call Automation and this n8n for a token's exp and nbf. */
const TOKEN_SKEW_SECONDS = 300;

const VALIDATION_EVENT = 'Microsoft.EventGrid.SubscriptionValidationEvent';
const DELETION_EVENT = 'Microsoft.EventGrid.SubscriptionDeletedEvent';

type Source = 'eventGrid' | 'callAutomation';
type Event = Record<string, unknown>;

const isEvent = (value: unknown): value is Event =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

function refuse(ctx: IWebhookFunctions, status: number, reason: string): IWebhookResponseData {
	ctx.logger.debug(`Azure Communication Services Trigger refused a request: ${reason}`);
	return respondJson(ctx.getResponseObject(), status, { error: reason });
}

/** Parses the body as JSON and returns its events, or the reason it cannot be a delivery. */
function readEvents(raw: Buffer): Event[] | string {
	let parsed: unknown;
	try {
		parsed = JSON.parse(raw.toString('utf8'));
	} catch {
		return 'The body is not JSON';
	}
	const list = Array.isArray(parsed) ? parsed : [parsed];
	if (!Array.isArray(parsed) && !isEvent(parsed)) return 'The body is not a JSON array or object';
	const notAnEvent = list.findIndex((event) => !isEvent(event));
	if (notAnEvent >= 0) return `Event ${notAnEvent} is not a JSON object`;
	return list as Event[];
}

interface Refusal {
	status: number;
	reason: string;
}

/** The issuer's keys, or a 503 (the sender retries) when they cannot be fetched right now. */
async function signingKeys(
	ctx: IWebhookFunctions,
	issuer: URL,
	refresh: boolean,
): Promise<Awaited<ReturnType<typeof callAutomationSigningKeys>> | Refusal> {
	try {
		return await callAutomationSigningKeys(ctx, issuer, refresh);
	} catch (error) {
		ctx.logger.warn(
			`Azure Communication Services Trigger could not fetch the Call Automation keys from ${issuer.origin}: ${(error as Error).message}`,
		);
		return {
			status: 503,
			reason: "Could not fetch the Call Automation issuer's keys; try again later",
		};
	}
}

/** A Call Automation callback must carry a valid token when the credential names the resource. */
async function tokenProblem(
	ctx: IWebhookFunctions,
	immutableResourceId: string,
	issuerSetting: unknown,
): Promise<Refusal | undefined> {
	const token = bearerToken(headerOf(ctx.getRequestObject(), 'authorization'));
	if (!token)
		return { status: 401, reason: 'Missing Call Automation token (Authorization: Bearer)' };
	let issuer: URL;
	try {
		issuer = callAutomationIssuer(issuerSetting);
	} catch (error) {
		return { status: 401, reason: `Credential problem: ${(error as Error).message}` };
	}
	const expected = {
		audience: immutableResourceId,
		issuer: issuer.origin,
		nowSeconds: Math.floor(Date.now() / 1000),
		skewSeconds: TOKEN_SKEW_SECONDS,
	};
	let keys = await signingKeys(ctx, issuer, false);
	if (!(keys instanceof Map)) return keys;
	let verification = verifyCallAutomationToken(token, keys, expected);
	if (!verification.ok && verification.unknownKeyId !== undefined) {
		keys = await signingKeys(ctx, issuer, true);
		if (!(keys instanceof Map)) return keys;
		verification = verifyCallAutomationToken(token, keys, expected);
	}
	return verification.ok
		? undefined
		: { status: 401, reason: `Invalid Call Automation token: ${verification.reason}` };
}

/** Whether the request comes from the service: the secret in the URL, and a Call Automation token when required. */
async function deliveryRefusal(
	ctx: IWebhookFunctions,
	source: Source,
	credentials: ICredentialDataDecryptedObject,
): Promise<Refusal | undefined> {
	if (!secretMatches((ctx.getQueryData() as IDataObject).secret, String(credentials.secret ?? '')))
		return { status: 401, reason: 'Missing or wrong secret query parameter' };
	const immutableResourceId = String(credentials.immutableResourceId ?? '').trim();
	if (source !== 'callAutomation' || !immutableResourceId) return undefined;
	return await tokenProblem(ctx, immutableResourceId, credentials.callAutomationIssuer);
}

function eventGridControl(
	ctx: IWebhookFunctions,
	events: Event[],
): IWebhookResponseData | undefined {
	const kind = (headerOf(ctx.getRequestObject(), 'aeg-event-type') ?? '').toLowerCase();
	const validation = events.find((event) => event.eventType === VALIDATION_EVENT);
	if (kind === 'subscriptionvalidation' || validation) {
		const code = (validation?.data as IDataObject | undefined)?.validationCode;
		if (typeof code !== 'string' || code === '') {
			return refuse(ctx, 400, 'Subscription validation request without data.validationCode');
		}
		return respondJson(ctx.getResponseObject(), 200, { validationResponse: code });
	}
	if (
		kind === 'subscriptiondeletion' ||
		events.some((event) => event.eventType === DELETION_EVENT)
	) {
		return respondJson(ctx.getResponseObject(), 200, {});
	}
	return undefined;
}

export class AzureCommunicationServicesTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'Azure Communication Services Trigger',
		name: 'azureCommunicationServicesTrigger',
		icon: { light: 'file:../../icons/acs.svg', dark: 'file:../../icons/acs.dark.svg' },
		group: ['trigger'],
		version: [1, 1.1, 2],
		defaultVersion: 2,
		subtitle: '={{$parameter["source"] === "callAutomation" ? "Call Automation" : "Event Grid"}}',
		description:
			'Starts the workflow on Azure Communication Services events: WhatsApp and SMS messages, chat, incoming calls and recordings (through Event Grid), and Call Automation callbacks',
		defaults: { name: 'Azure Communication Services Trigger' },
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		credentials: [
			{ name: ACS_TRIGGER_CREDENTIAL_TYPE, required: true },
			{
				name: ARM_CREDENTIAL_TYPE,
				required: true,
				displayOptions: { show: { source: ['eventGrid'], subscription: ['automatic'] } },
			},
		],
		webhooks: [
			{
				name: 'default',
				httpMethod: 'POST',
				responseMode: 'onReceived',
				responseData: 'noData',
				path: 'webhook',
			},
		],
		properties: [
			{
				displayName:
					'In the ACS resource, create an Event Grid subscription (Events > + Event Subscription) with Endpoint Type "Web Hook", Event Schema "Event Grid Schema" (CloudEvents cannot work with n8n), and as endpoint this node\'s URL followed by ?secret= and the credential\'s Secret.',
				name: 'eventGridNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { source: ['eventGrid'] }, hide: { subscription: ['automatic'] } },
			},
			{
				displayName:
					"On activation the trigger creates an Event Grid subscription on the resource for this node's URL and the selected events, and deletes it on deactivation. The Azure Resource Manager credential's app needs the role EventGrid EventSubscription Contributor on the resource, and Reader to pick it from the list. n8n must be reachable over https at its webhook URL.",
				name: 'automaticSubscriptionNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { source: ['eventGrid'], subscription: ['automatic'] } },
			},
			{
				displayName:
					"Use this node's URL followed by ?secret= and the credential's Secret as the callback URI when you create or answer the call (or as the operation callback URI of a media streaming request).",
				name: 'callAutomationNotice',
				type: 'notice',
				default: '',
				displayOptions: { show: { source: ['callAutomation'] } },
			},
			{
				displayName: 'Source',
				name: 'source',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Event Grid',
						value: 'eventGrid',
						description: 'Resource events delivered by an Azure Event Grid subscription',
					},
					{
						name: 'Call Automation',
						value: 'callAutomation',
						description: "Mid-call events posted to a call's callback URI",
					},
				],
				default: 'eventGrid',
			},
			{
				displayName: 'Subscription',
				name: 'subscription',
				type: 'options',
				noDataExpression: true,
				options: [
					{
						name: 'Automatic',
						value: 'automatic',
						description:
							'The trigger creates the Event Grid subscription on activation and deletes it on deactivation',
					},
					{
						name: 'Manual',
						value: 'manual',
						description: 'You create the Event Grid subscription in the Azure portal',
					},
				],
				default: 'automatic',
				displayOptions: { show: { source: ['eventGrid'], '@version': [{ _cnd: { gte: 2 } }] } },
			},
			{
				...acsResourceProperty,
				displayOptions: { show: { source: ['eventGrid'], subscription: ['automatic'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: EVENT_GRID_EVENTS,
				default: ['*'],
				required: true,
				description: 'Which event types start the workflow; others are acknowledged and dropped',
				displayOptions: { show: { source: ['eventGrid'] } },
			},
			{
				displayName: 'Events',
				name: 'events',
				type: 'multiOptions',
				options: CALL_AUTOMATION_EVENTS,
				default: ['*'],
				required: true,
				description: 'Which callback types start the workflow; others are acknowledged and dropped',
				displayOptions: { show: { source: ['callAutomation'] } },
			},
		],
	};

	methods = { listSearch: { searchAcsResources } };

	webhookMethods = {
		default: {
			// Manual: the user pastes the URL, so there is never anything to find.
			async checkExists(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials(ACS_TRIGGER_CREDENTIAL_TYPE);
				const automatic = await automaticSubscription(this, String(credentials.secret ?? ''));
				if (!automatic) return false;
				return await subscriptionIsCurrent(
					automatic.arm,
					automatic.resource,
					automatic.name,
					automatic.desired,
				);
			},
			// The credential is checked first, so a workflow with an unusable one does not go live.
			async create(this: IHookFunctions): Promise<boolean> {
				const credentials = await this.getCredentials(ACS_TRIGGER_CREDENTIAL_TYPE);
				const problem =
					String(credentials.secret ?? '').trim() === ''
						? 'the Secret is empty'
						: issuerProblem(credentials.callAutomationIssuer);
				if (problem) {
					throw new NodeOperationError(this.getNode(), `Credential problem: ${problem}`, {
						description:
							'Open the Azure Communication Services Trigger API credential and correct it.',
					});
				}
				const automatic = await automaticSubscription(this, String(credentials.secret ?? ''));
				if (automatic) {
					await createSubscription(
						this,
						automatic.arm,
						automatic.resource,
						automatic.name,
						automatic.desired,
					);
					this.getWorkflowStaticData('node').eventSubscription = {
						resourceId: automatic.resourceId,
						name: automatic.name,
					};
				}
				return true;
			},
			async delete(this: IHookFunctions): Promise<boolean> {
				const staticData = this.getWorkflowStaticData('node');
				const created = staticData.eventSubscription as
					| { resourceId?: string; name?: string }
					| undefined;
				const resource = parseAcsResourceId(created?.resourceId);
				if (resource && created?.name) {
					await deleteSubscription(this, await connectArm(this), resource, created.name);
				}
				delete staticData.eventSubscription;
				return true;
			},
		},
	};

	async webhook(this: IWebhookFunctions): Promise<IWebhookResponseData> {
		const source = this.getNodeParameter('source', 'eventGrid') as Source;
		const refusal = await withFreshCredentials(
			this,
			ACS_TRIGGER_CREDENTIAL_TYPE,
			async (credentials) => await deliveryRefusal(this, source, credentials),
		);
		if (refusal) return refuse(this, refusal.status, refusal.reason);

		const raw = await rawBodyOf(this.getRequestObject());
		if (raw.length > MAX_DELIVERY_BYTES) {
			return refuse(this, 413, `The body is larger than ${MAX_DELIVERY_BYTES} bytes`);
		}
		const events = readEvents(raw);
		if (typeof events === 'string') return refuse(this, 400, events);

		if (source === 'eventGrid') {
			if (events.some((event) => 'specversion' in event)) {
				return refuse(
					this,
					400,
					'This is a CloudEvents delivery. n8n cannot answer its handshake: edit the Event Grid subscription and choose the Event Grid Schema.',
				);
			}
			const control = eventGridControl(this, events);
			if (control) return control;
		} else if (events.some((event) => 'eventType' in event && !('type' in event))) {
			return refuse(
				this,
				400,
				'This is an Event Grid delivery; set the trigger\'s Source to "Event Grid" for it',
			);
		}

		const selected = this.getNodeParameter('events', ['*']) as string[];
		const typeField = source === 'eventGrid' ? 'eventType' : 'type';
		const items = events
			.filter((event) => isSelected(selected, event[typeField]))
			.map((event) => ({ json: event as IDataObject }));
		if (items.length === 0)
			return respondJson(this.getResponseObject(), 200, { received: events.length, accepted: 0 });
		return { workflowData: [items] };
	}
}

function issuerProblem(issuer: unknown): string | undefined {
	try {
		callAutomationIssuer(issuer);
		return undefined;
	} catch (error) {
		// parseServiceOrigin throws only InvalidCredentialError, whose message names the field.
		return (error as InvalidCredentialError).message;
	}
}
