import {
	empty,
	isRecord,
	json,
	parseJsonBody,
	type EmuResponse,
	type RequestContext,
} from '../http';
import type { JwtPayload } from '../tokens';
import { armError } from './auth';
import {
	acsResourceNotFound,
	findAcsResource,
	findSubscription,
	invalidRequest,
	page,
	requireRole,
	subscriptionNotFound,
} from './common';
import { ACS_EVENT_TYPES } from './eventTypes';
import type { ArmAcsResource } from './fixtures';
import {
	endpointBaseUrl,
	subscriptionKey,
	type ArmOperation,
	type EventDeliverySchema,
	type EventSubscriptionRecord,
} from './service';

const NAME = /^[A-Za-z0-9-]{3,64}$/;
const SCHEMAS: readonly EventDeliverySchema[] = [
	'EventGridSchema',
	'CloudEventSchemaV1_0',
	'CustomInputSchema',
];
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);
const CONTRIBUTOR = 'EventGrid EventSubscription Contributor' as const;
const ACTIONS = {
	read: 'Microsoft.EventGrid/eventSubscriptions/read',
	write: 'Microsoft.EventGrid/eventSubscriptions/write',
	delete: 'Microsoft.EventGrid/eventSubscriptions/delete',
	getFullUrl: 'Microsoft.EventGrid/eventSubscriptions/getFullUrl/action',
};

/** The ACS resource an event subscription path is on, as `{subscriptionId, resourceGroup, name}` raw segments. */
export interface ScopeSegments {
	subscriptionId: string;
	resourceGroup: string;
	name: string;
}

type Resolved = { ok: true; resource: ArmAcsResource } | { ok: false; response: EmuResponse };

/** Subscription, then the caller's role, then the resource: Resource Manager checks access before existence. */
function resolve(
	ctx: RequestContext,
	caller: JwtPayload,
	scope: ScopeSegments,
	roles: Array<typeof CONTRIBUTOR | 'Reader'>,
	action: string,
	eventSubscriptionName?: string,
): Resolved {
	const subscription = findSubscription(ctx, scope.subscriptionId);
	if (!subscription) return { ok: false, response: subscriptionNotFound(scope.subscriptionId) };
	const resourceId = `/subscriptions/${subscription.subscriptionId}/resourceGroups/${scope.resourceGroup}/providers/Microsoft.Communication/communicationServices/${scope.name}`;
	const denied = requireRole(
		ctx,
		caller,
		roles,
		action,
		eventSubscriptionName === undefined
			? resourceId
			: `${resourceId}/providers/Microsoft.EventGrid/eventSubscriptions/${eventSubscriptionName}`,
	);
	if (denied) return { ok: false, response: denied };
	const resource = findAcsResource(ctx, scope.subscriptionId, scope.resourceGroup, scope.name);
	if (!resource)
		return { ok: false, response: acsResourceNotFound(scope.resourceGroup, scope.name) };
	return { ok: true, resource };
}

function notFound(name: string): EmuResponse {
	return armError(
		404,
		'ResourceNotFound',
		`The Resource 'Microsoft.EventGrid/eventSubscriptions/${name}' was not found.`,
	);
}

function body(r: EventSubscriptionRecord) {
	return {
		id: `${r.scope}/providers/Microsoft.EventGrid/eventSubscriptions/${r.name}`,
		name: r.name,
		type: 'Microsoft.EventGrid/eventSubscriptions',
		properties: {
			topic: r.scope,
			provisioningState: r.provisioningState,
			destination: {
				endpointType: 'WebHook',
				properties: {
					endpointUrl: null,
					endpointBaseUrl: endpointBaseUrl(r.endpointUrl),
					maxEventsPerBatch: r.maxEventsPerBatch,
					preferredBatchSizeInKilobytes: r.preferredBatchSizeInKilobytes,
				},
			},
			filter: r.filter,
			labels: r.labels,
			eventDeliverySchema: r.eventDeliverySchema,
			retryPolicy: r.retryPolicy,
		},
	};
}

function operationHeaders(
	ctx: RequestContext,
	resource: ArmAcsResource,
	operation: ArmOperation,
	withLocation: boolean,
): Record<string, string> {
	const base = `${ctx.env.url}/subscriptions/${resource.subscriptionId}/providers/Microsoft.EventGrid/locations/global`;
	const version = `api-version=${ctx.query.get('api-version') ?? ''}`;
	return {
		'Azure-AsyncOperation': `${base}/operationsStatus/${operation.name}?${version}`,
		...(withLocation && { Location: `${base}/operationResults/${operation.name}?${version}` }),
	};
}

/** An integer in [min, max], `fallback` when absent; a message when neither. */
function integer(
	value: unknown,
	field: string,
	min: number,
	max: number,
	fallback: number,
): number | string {
	if (value === undefined || value === null) return fallback;
	return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
		? value
		: `${field} must be an integer from ${min} to ${max}.`;
}

type Settings = Omit<
	EventSubscriptionRecord,
	'name' | 'scope' | 'provisioningState' | 'generation'
>;

/** The PUT body's EventSubscriptionProperties, checked as Event Grid checks them; a message when wrong. */
function readProperties(input: unknown): Settings | string {
	if (!isRecord(input) || !isRecord(input.properties))
		return 'The request body must be a JSON object with "properties".';
	const p = input.properties;
	const destination = p.destination;
	if (!isRecord(destination) || typeof destination.endpointType !== 'string')
		return 'properties.destination.endpointType is required.';
	if (destination.endpointType.toLowerCase() !== 'webhook')
		return `properties.destination.endpointType '${destination.endpointType}' is not supported here; use WebHook.`;
	const target = isRecord(destination.properties) ? destination.properties : {};
	if (typeof target.endpointUrl !== 'string' || target.endpointUrl === '')
		return 'properties.destination.properties.endpointUrl is required.';
	let url: URL;
	try {
		url = new URL(target.endpointUrl);
	} catch {
		return 'properties.destination.properties.endpointUrl must be an absolute URL.';
	}
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK_HOSTS.has(url.hostname)))
		return `The endpoint URL ${url.origin}${url.pathname} is not https: Event Grid delivers only to HTTPS webhooks (the emulator also accepts http to 127.0.0.1, localhost or [::1]).`;
	const maxEventsPerBatch = integer(
		target.maxEventsPerBatch,
		'properties.destination.properties.maxEventsPerBatch',
		1,
		5000,
		1,
	);
	if (typeof maxEventsPerBatch === 'string') return maxEventsPerBatch;
	const preferredBatchSizeInKilobytes = integer(
		target.preferredBatchSizeInKilobytes,
		'properties.destination.properties.preferredBatchSizeInKilobytes',
		1,
		1024,
		64,
	);
	if (typeof preferredBatchSizeInKilobytes === 'string') return preferredBatchSizeInKilobytes;

	if (p.filter !== undefined && p.filter !== null && !isRecord(p.filter))
		return 'properties.filter must be an object.';
	const filter = isRecord(p.filter) ? p.filter : {};
	let includedEventTypes: string[] | null = null;
	if (filter.includedEventTypes !== undefined && filter.includedEventTypes !== null) {
		const types = filter.includedEventTypes;
		if (!Array.isArray(types) || types.some((t) => typeof t !== 'string'))
			return 'properties.filter.includedEventTypes must be an array of event type names.';
		const unknown = (types as string[]).filter((t) => !ACS_EVENT_TYPES.has(t));
		if (unknown.length > 0)
			return `Invalid event type(s) ${unknown.map((t) => `'${t}'`).join(', ')} for topic type Microsoft.Communication.CommunicationServices.`;
		includedEventTypes = [...new Set(types as string[])];
	}

	const schema = p.eventDeliverySchema ?? 'EventGridSchema';
	if (typeof schema !== 'string' || !(SCHEMAS as readonly string[]).includes(schema))
		return `properties.eventDeliverySchema must be one of ${SCHEMAS.join(', ')}.`;

	if (
		p.labels !== undefined &&
		p.labels !== null &&
		(!Array.isArray(p.labels) || p.labels.some((l) => typeof l !== 'string'))
	)
		return 'properties.labels must be an array of strings.';
	const retry = isRecord(p.retryPolicy) ? p.retryPolicy : {};
	const maxDeliveryAttempts = integer(
		retry.maxDeliveryAttempts,
		'properties.retryPolicy.maxDeliveryAttempts',
		1,
		30,
		30,
	);
	if (typeof maxDeliveryAttempts === 'string') return maxDeliveryAttempts;
	const eventTimeToLiveInMinutes = integer(
		retry.eventTimeToLiveInMinutes,
		'properties.retryPolicy.eventTimeToLiveInMinutes',
		1,
		1440,
		1440,
	);
	if (typeof eventTimeToLiveInMinutes === 'string') return eventTimeToLiveInMinutes;

	return {
		endpointUrl: target.endpointUrl,
		maxEventsPerBatch,
		preferredBatchSizeInKilobytes,
		includedEventTypes,
		filter: {
			subjectBeginsWith: '',
			subjectEndsWith: '',
			...filter,
			includedEventTypes,
		},
		eventDeliverySchema: schema as EventDeliverySchema,
		retryPolicy: { maxDeliveryAttempts, eventTimeToLiveInMinutes },
		labels: (p.labels as string[] | undefined | null) ?? [],
	};
}

/** PUT …/eventSubscriptions/{name}: 201 Creating (or Updating), then the handshake decides. */
export function putEventSubscription(
	ctx: RequestContext,
	caller: JwtPayload,
	scope: ScopeSegments,
	name: string,
): EmuResponse {
	const resolved = resolve(ctx, caller, scope, [CONTRIBUTOR], ACTIONS.write, name);
	if (!resolved.ok) return resolved.response;
	if (!NAME.test(name))
		return invalidRequest(
			`The event subscription name '${name}' is invalid: use 3 to 64 characters, letters, digits and hyphens only.`,
		);
	const parsed = parseJsonBody(ctx);
	if (!parsed.ok) return invalidRequest('The request body is not valid JSON.');
	const settings = readProperties(parsed.value);
	if (typeof settings === 'string') return invalidRequest(settings);
	const { arm } = ctx.env;
	const key = subscriptionKey(resolved.resource.id, name);
	const existing = arm.eventSubscriptions.get(key);
	let record: EventSubscriptionRecord;
	if (existing && existing.provisioningState !== 'Deleting') {
		record = Object.assign(existing, settings, {
			provisioningState: 'Updating',
			generation: existing.generation + 1,
		});
	} else {
		record = {
			...settings,
			name,
			scope: resolved.resource.id,
			provisioningState: 'Creating',
			generation: 0,
		};
		arm.eventSubscriptions.delete(key);
		arm.eventSubscriptions.set(key, record);
	}
	const operation = arm.startOperation();
	arm.validate(record, operation);
	return json(201, body(record), operationHeaders(ctx, resolved.resource, operation, false));
}

/** GET …/eventSubscriptions/{name}: the URL's query (the secret) is never shown. */
export function getEventSubscription(
	ctx: RequestContext,
	caller: JwtPayload,
	scope: ScopeSegments,
	name: string,
): EmuResponse {
	const resolved = resolve(ctx, caller, scope, [CONTRIBUTOR, 'Reader'], ACTIONS.read, name);
	if (!resolved.ok) return resolved.response;
	const record = ctx.env.arm.eventSubscriptions.get(subscriptionKey(resolved.resource.id, name));
	return record ? json(200, body(record)) : notFound(name);
}

/** POST …/eventSubscriptions/{name}/getFullUrl → `{endpointUrl}` with its query. */
export function getFullUrl(
	ctx: RequestContext,
	caller: JwtPayload,
	scope: ScopeSegments,
	name: string,
): EmuResponse {
	const resolved = resolve(ctx, caller, scope, [CONTRIBUTOR], ACTIONS.getFullUrl, name);
	if (!resolved.ok) return resolved.response;
	const record = ctx.env.arm.eventSubscriptions.get(subscriptionKey(resolved.resource.id, name));
	return record ? json(200, { endpointUrl: record.endpointUrl }) : notFound(name);
}

/** DELETE …/eventSubscriptions/{name}: 202 and a deletion that runs `deleteDelayMs`; 204 when absent. */
export function deleteEventSubscription(
	ctx: RequestContext,
	caller: JwtPayload,
	scope: ScopeSegments,
	name: string,
): EmuResponse {
	const resolved = resolve(ctx, caller, scope, [CONTRIBUTOR], ACTIONS.delete, name);
	if (!resolved.ok) return resolved.response;
	const { arm } = ctx.env;
	const key = subscriptionKey(resolved.resource.id, name);
	const record = arm.eventSubscriptions.get(key);
	if (!record) return empty(204);
	const operation = arm.startOperation();
	arm.remove(key, record, operation);
	return empty(202, operationHeaders(ctx, resolved.resource, operation, true));
}

/** `contains(name,'x')` or `name eq 'x'` (Event Grid filters on the name only). */
function nameFilter(filter: string): ((name: string) => boolean) | undefined {
	const contains = /^\s*contains\(\s*name\s*,\s*'((?:[^']|'')*)'\s*\)\s*$/i.exec(filter);
	if (contains) {
		const part = contains[1]!.replace(/''/g, "'").toLowerCase();
		return (name) => name.toLowerCase().includes(part);
	}
	const equals = /^\s*name\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(filter);
	if (equals) {
		const whole = equals[1]!.replace(/''/g, "'").toLowerCase();
		return (name) => name.toLowerCase() === whole;
	}
	return undefined;
}

/** GET {ACS resource ID}/providers/Microsoft.EventGrid/eventSubscriptions (`$top` 1–100, default 20; `$filter`). */
export function listEventSubscriptions(
	ctx: RequestContext,
	caller: JwtPayload,
	scope: ScopeSegments,
): EmuResponse {
	const resolved = resolve(ctx, caller, scope, [CONTRIBUTOR, 'Reader'], ACTIONS.read);
	if (!resolved.ok) return resolved.response;
	const topParam = ctx.query.get('$top');
	const top = topParam === null ? 20 : Number(topParam);
	if (!Number.isInteger(top) || top < 1 || top > 100)
		return invalidRequest(`$top must be an integer from 1 to 100; got '${topParam}'.`);
	const filterParam = ctx.query.get('$filter');
	const matches = filterParam === null ? () => true : nameFilter(filterParam);
	if (!matches)
		return invalidRequest(
			`The $filter '${filterParam}' is not supported; use contains(name,'…') or name eq '…'.`,
		);
	const records = [...ctx.env.arm.eventSubscriptions.values()].filter(
		(r) => r.scope === resolved.resource.id && matches(r.name),
	);
	return page(ctx, records.map(body), top);
}

/** GET …/locations/{location}/operationsStatus/{id} (and operationResults/{id}, the Location of a DELETE). */
export function getOperation(
	ctx: RequestContext,
	subscriptionId: string,
	id: string,
	kind: 'status' | 'result',
): EmuResponse {
	const subscription = findSubscription(ctx, subscriptionId);
	if (!subscription) return subscriptionNotFound(subscriptionId);
	const operation = ctx.env.arm.operations.get(id.toLowerCase());
	if (!operation)
		return armError(404, 'OperationNotFound', `The operation '${id}' could not be found.`);
	if (kind === 'result') {
		if (operation.status === 'InProgress')
			return empty(202, { Location: `${ctx.env.url}${ctx.rawPath}?${ctx.rawQuery}` });
		return operation.error
			? armError(400, operation.error.code, operation.error.message)
			: empty(204);
	}
	return json(200, {
		id: `/subscriptions/${subscription.subscriptionId}/providers/Microsoft.EventGrid/locations/global/operationsStatus/${operation.name}`,
		name: operation.name,
		status: operation.status,
		startTime: operation.startTime,
		...(operation.endTime && { endTime: operation.endTime }),
		...(operation.error && { error: operation.error }),
	});
}
