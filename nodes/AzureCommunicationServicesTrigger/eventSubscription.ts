import { createHash } from 'crypto';
import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IHookFunctions,
	type JsonObject,
} from 'n8n-workflow';

import { foreignOriginProblem, isLoopbackHostname } from '../../shared/endpoint';
import type { Connection } from '../../shared/http/connection';
import { retryHintMs } from '../../shared/http/retry';
import { secretMatches } from '../../shared/webhooks/secret';

/**
 * The trigger's own Event Grid subscription on the ACS resource (Subscription: Automatic): created on
 * activation with the webhook URL plus `?secret=`, compared on every activation, deleted on
 * deactivation. Event Grid validates the URL while the creation runs; n8n already serves the webhook
 * then, and the webhook answers the handshake.
 */

export const EVENT_GRID_API_VERSION = '2025-02-15';
/** How long activation waits for the creation (Event Grid's handshake allows 30 s plus a retry). */
const CREATE_TIMEOUT_MS = 120_000;
const DELETE_TIMEOUT_MS = 30_000;
const DEFAULT_POLL_MS = 2_000;

const ACS_RESOURCE_ID =
	/^\/subscriptions\/([0-9a-fA-F-]{36})\/resourceGroups\/([-\w.()]{1,90})\/providers\/Microsoft\.Communication\/communicationServices\/([-\w]{1,63})$/i;

export interface AcsResource {
	subscriptionId: string;
	resourceGroup: string;
	name: string;
}

export function parseAcsResourceId(value: unknown): AcsResource | undefined {
	const match = typeof value === 'string' ? ACS_RESOURCE_ID.exec(value.trim()) : null;
	if (!match) return undefined;
	return { subscriptionId: match[1]!, resourceGroup: match[2]!, name: match[3]! };
}

function resourcePath(resource: AcsResource): string[] {
	return [
		'subscriptions',
		resource.subscriptionId,
		'resourceGroups',
		resource.resourceGroup,
		'providers',
		'Microsoft.Communication',
		'communicationServices',
		resource.name,
	];
}

function subscriptionPath(resource: AcsResource, name: string): string[] {
	return [
		...resourcePath(resource),
		'providers',
		'Microsoft.EventGrid',
		'eventSubscriptions',
		name,
	];
}

/** One name per workflow, node and webhook URL, so the test and production subscriptions coexist. */
export function eventSubscriptionName(workflowId: string, nodeId: string, webhookUrl: string) {
	const digest = createHash('sha256').update(`${workflowId}\n${nodeId}\n${webhookUrl}`).digest();
	return `n8n-${digest.toString('hex').slice(0, 40)}`;
}

/** Event Grid delivers only to https; the emulator and local tests use loopback http. */
export function webhookUrlProblem(webhookUrl: string): string | undefined {
	if (!URL.canParse(webhookUrl)) return `the webhook URL "${webhookUrl}" is not a URL`;
	const url = new URL(webhookUrl);
	if (url.protocol === 'https:') return undefined;
	if (url.protocol === 'http:' && isLoopbackHostname(url.hostname)) return undefined;
	return `Event Grid delivers only to https URLs, and this n8n's webhook URL is ${url.origin}`;
}

export interface DesiredSubscription {
	webhookUrl: string;
	secret: string;
	/** Undefined: every event type of the resource. */
	eventTypes: string[] | undefined;
}

function subscriptionBody(desired: DesiredSubscription): IDataObject {
	const endpointUrl = new URL(desired.webhookUrl);
	endpointUrl.searchParams.set('secret', desired.secret);
	return {
		properties: {
			destination: {
				endpointType: 'WebHook',
				properties: {
					endpointUrl: endpointUrl.href,
					maxEventsPerBatch: 1,
					preferredBatchSizeInKilobytes: 64,
				},
			},
			filter: { includedEventTypes: desired.eventTypes ?? null },
			eventDeliverySchema: 'EventGridSchema',
			retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 },
			labels: ['n8n'],
		},
	};
}

function isNotFound(error: unknown): error is NodeApiError {
	return error instanceof NodeApiError && String(error.httpCode) === '404';
}

/** The subscription as Resource Manager has it (without the URL's query), or undefined. */
async function readSubscription(arm: Connection, resource: AcsResource, name: string) {
	return await arm
		.request({
			method: 'GET',
			path: subscriptionPath(resource, name),
			query: { 'api-version': EVENT_GRID_API_VERSION },
		})
		.then(
			(response) => response.body as IDataObject,
			(error: unknown) => {
				if (isNotFound(error)) return undefined;
				throw error;
			},
		);
}

const sameTypes = (a: unknown, b: string[] | undefined) => {
	const left = Array.isArray(a) ? (a as string[]) : undefined;
	if (!left || !b) return !left === !b;
	return left.length === b.length && [...left].sort().join() === [...b].sort().join();
};

/** Whether the subscription exists, succeeded, and delivers the selected events to this webhook. */
export async function subscriptionIsCurrent(
	arm: Connection,
	resource: AcsResource,
	name: string,
	desired: DesiredSubscription,
): Promise<boolean> {
	const existing = await readSubscription(arm, resource, name);
	const properties = (existing?.properties ?? {}) as IDataObject;
	const destination = ((properties.destination as IDataObject | undefined)?.properties ??
		{}) as IDataObject;
	const filter = (properties.filter ?? {}) as IDataObject;
	const baseUrl = new URL(desired.webhookUrl);
	baseUrl.search = '';
	const sameSettings =
		existing !== undefined &&
		properties.provisioningState === 'Succeeded' &&
		properties.eventDeliverySchema === 'EventGridSchema' &&
		destination.endpointBaseUrl === baseUrl.href &&
		sameTypes(filter.includedEventTypes, desired.eventTypes);
	return sameSettings && (await deliversSecret(arm, resource, name, desired.secret));
}

/**
 * Whether the subscription still sends the credential's current secret (it changes when the user
 * rotates it). Resource Manager hides the URL's query except through getFullUrl; the URL is compared
 * here and goes nowhere else.
 */
async function deliversSecret(
	arm: Connection,
	resource: AcsResource,
	name: string,
	secret: string,
): Promise<boolean> {
	const response = await arm.request({
		method: 'POST',
		path: subscriptionPath(resource, name),
		suffix: '/getFullUrl',
		query: { 'api-version': EVENT_GRID_API_VERSION },
	});
	const endpointUrl = (response.body as IDataObject | undefined)?.endpointUrl;
	if (typeof endpointUrl !== 'string' || !URL.canParse(endpointUrl)) return false;
	return secretMatches(new URL(endpointUrl).searchParams.get('secret'), secret);
}

/** Removes every trace of the secret from a text Resource Manager or Event Grid wrote. */
function redact(text: string, secret: string): string {
	const withoutQuery = text.replace(/([?&]secret=)[^\s&"'#]*/gi, '$1***');
	return secret ? withoutQuery.split(secret).join('***') : withoutQuery;
}

/**
 * Follows an `Azure-AsyncOperation` until it ends. The link must be on the Resource Manager host: the
 * token goes nowhere else.
 */
async function waitForOperation(
	ctx: IHookFunctions,
	arm: Connection,
	headers: Record<string, string>,
	timeoutMs: number,
): Promise<{ status: string; error?: IDataObject }> {
	const link = headers['azure-asyncoperation'];
	if (!link) return { status: 'Succeeded' };
	const foreign = foreignOriginProblem(link, arm.origin, 'The operation status link');
	if (foreign) throw new NodeOperationError(ctx.getNode(), foreign);
	const deadline = Date.now() + timeoutMs;
	let wait = retryHintMs(headers, Date.now()) ?? DEFAULT_POLL_MS;
	for (;;) {
		await sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
		const response = await arm.request({ method: 'GET', url: link });
		const body = (response.body ?? {}) as IDataObject;
		const status = String(body.status ?? '');
		if (status === 'Succeeded' || status === 'Failed' || status === 'Canceled') {
			return { status, error: body.error as IDataObject | undefined };
		}
		if (Date.now() >= deadline) return { status: status || 'InProgress' };
		wait = retryHintMs(response.headers, Date.now()) ?? DEFAULT_POLL_MS;
	}
}

/** PUT the subscription and wait until Event Grid has validated the webhook. */
export async function createSubscription(
	ctx: IHookFunctions,
	arm: Connection,
	resource: AcsResource,
	name: string,
	desired: DesiredSubscription,
): Promise<void> {
	let response;
	try {
		response = await arm.request({
			method: 'PUT',
			path: subscriptionPath(resource, name),
			query: { 'api-version': EVENT_GRID_API_VERSION },
			body: subscriptionBody(desired),
		});
	} catch (error) {
		throw redactedError(ctx, error, desired.secret);
	}
	const outcome = await waitForOperation(ctx, arm, response.headers, CREATE_TIMEOUT_MS);
	if (outcome.status === 'Succeeded') return;
	const reason = redact(String(outcome.error?.message ?? ''), desired.secret);
	if (outcome.status === 'Failed' || outcome.status === 'Canceled') {
		throw new NodeOperationError(
			ctx.getNode(),
			`Event Grid could not create the subscription: ${reason || outcome.status}`,
			{
				description: /validation|handshake/i.test(reason)
					? "Event Grid could not validate this n8n's webhook URL. Check that n8n is reachable from the internet over https at its webhook URL (WEBHOOK_URL), with a certificate from a public authority, and that nothing in front of n8n (a proxy or firewall) blocks Event Grid's POST."
					: 'Check the Communication Services resource and the selected events, then activate again.',
			},
		);
	}
	throw new NodeOperationError(
		ctx.getNode(),
		`Event Grid did not finish creating the subscription within ${CREATE_TIMEOUT_MS / 1000} s`,
		{
			description:
				'Event Grid validates the webhook URL while it creates the subscription. Check in the Azure portal (the resource > Events > Event Subscriptions) whether it succeeded, then activate again.',
		},
	);
}

/** DELETE the subscription; one that is already gone is fine. */
export async function deleteSubscription(
	ctx: IHookFunctions,
	arm: Connection,
	resource: AcsResource,
	name: string,
): Promise<void> {
	const response = await arm
		.request({
			method: 'DELETE',
			path: subscriptionPath(resource, name),
			query: { 'api-version': EVENT_GRID_API_VERSION },
		})
		.catch((error: unknown) => {
			if (isNotFound(error)) return undefined;
			throw error;
		});
	if (response) await waitForOperation(ctx, arm, response.headers, DELETE_TIMEOUT_MS);
}

/** A Resource Manager error with the secret taken out of every text it carries. */
function redactedError(ctx: IHookFunctions, error: unknown, secret: string): Error {
	if (!(error instanceof NodeApiError)) return error as Error;
	const clean = (text: unknown) => (typeof text === 'string' ? redact(text, secret) : text);
	const copy = new NodeApiError(ctx.getNode(), {} as JsonObject, {
		message: clean(error.message) as string,
		description: clean(error.description) as string,
		httpCode: error.httpCode ?? undefined,
	});
	return copy;
}
