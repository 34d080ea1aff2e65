import { decodeSegment, type Route } from '../http';
import { armError } from './auth';
import { armHandler } from './common';
import {
	deleteEventSubscription,
	getEventSubscription,
	getFullUrl,
	getOperation,
	listEventSubscriptions,
	putEventSubscription,
	type ScopeSegments,
} from './eventSubscriptions';
import { getAcsResource, listAcsResources, listSubscriptions } from './resources';

const SEG = '([^/]+)';
const SUB = `/subscriptions/${SEG}`;
const ACS_LIST = '/providers/Microsoft\\.Communication/communicationServices';
const ACS = `${SUB}/resourceGroups/${SEG}${ACS_LIST}/${SEG}`;
const EVENT_SUBSCRIPTIONS = `${ACS}/providers/Microsoft\\.EventGrid/eventSubscriptions`;
// Resource Manager paths are case-insensitive.
const path = (pattern: string) => new RegExp(`^${pattern}/?$`, 'i');
const ROUTES = {
	subscriptions: path('/subscriptions'),
	acsBySubscription: path(`${SUB}${ACS_LIST}`),
	acsByResourceGroup: path(`${SUB}/resourceGroups/${SEG}${ACS_LIST}`),
	acs: path(ACS),
	eventSubscriptions: path(EVENT_SUBSCRIPTIONS),
	eventSubscription: path(`${EVENT_SUBSCRIPTIONS}/${SEG}`),
	fullUrl: path(`${EVENT_SUBSCRIPTIONS}/${SEG}/getFullUrl`),
	operation: path(
		`${SUB}/providers/Microsoft\\.EventGrid/locations/${SEG}/(operationsStatus|operationResults)/${SEG}`,
	),
};

const decode = (segment: string) => decodeSegment(segment) ?? segment;

function scopeOf(m: RegExpExecArray): ScopeSegments {
	return { subscriptionId: decode(m[1]!), resourceGroup: decode(m[2]!), name: decode(m[3]!) };
}

/** Azure Resource Manager on the emulator's main origin (it stands in for https://management.azure.com). */
export function armRoute(method: string, rawPath: string): Route | undefined {
	if (!/^\/subscriptions(\/|$)/i.test(rawPath)) return undefined;
	let m: RegExpExecArray | null;
	if (method === 'GET' && ROUTES.subscriptions.test(rawPath))
		return {
			endpoint: 'arm.subscriptions.list',
			handle: armHandler('subscriptions', listSubscriptions),
		};
	if (method === 'GET' && (m = ROUTES.acsBySubscription.exec(rawPath))) {
		const subscriptionId = decode(m[1]!);
		return {
			endpoint: 'arm.communicationServices.list',
			handle: armHandler('communication', (ctx, caller) =>
				listAcsResources(ctx, caller, subscriptionId),
			),
		};
	}
	if (method === 'GET' && (m = ROUTES.acsByResourceGroup.exec(rawPath))) {
		const [subscriptionId, resourceGroup] = [decode(m[1]!), decode(m[2]!)];
		return {
			endpoint: 'arm.communicationServices.list',
			handle: armHandler('communication', (ctx, caller) =>
				listAcsResources(ctx, caller, subscriptionId, resourceGroup),
			),
		};
	}
	if (method === 'GET' && (m = ROUTES.acs.exec(rawPath))) {
		const scope = scopeOf(m);
		return {
			endpoint: 'arm.communicationServices.get',
			handle: armHandler('communication', (ctx, caller) =>
				getAcsResource(ctx, caller, scope.subscriptionId, scope.resourceGroup, scope.name),
			),
		};
	}
	if (method === 'GET' && (m = ROUTES.eventSubscriptions.exec(rawPath))) {
		const scope = scopeOf(m);
		return {
			endpoint: 'arm.eventSubscriptions.list',
			handle: armHandler('eventGrid', (ctx, caller) => listEventSubscriptions(ctx, caller, scope)),
		};
	}
	if (method === 'POST' && (m = ROUTES.fullUrl.exec(rawPath))) {
		const [scope, name] = [scopeOf(m), decode(m[4]!)];
		return {
			endpoint: 'arm.eventSubscriptions.getFullUrl',
			handle: armHandler('eventGrid', (ctx, caller) => getFullUrl(ctx, caller, scope, name)),
		};
	}
	if ((m = ROUTES.eventSubscription.exec(rawPath))) {
		const [scope, name] = [scopeOf(m), decode(m[4]!)];
		const handlers = {
			PUT: ['put', putEventSubscription],
			GET: ['get', getEventSubscription],
			DELETE: ['delete', deleteEventSubscription],
		} as const;
		const found = handlers[method as keyof typeof handlers];
		if (found)
			return {
				endpoint: `arm.eventSubscriptions.${found[0]}`,
				handle: armHandler('eventGrid', (ctx, caller) => found[1](ctx, caller, scope, name)),
			};
	}
	if (method === 'GET' && (m = ROUTES.operation.exec(rawPath))) {
		const [subscriptionId, kind, id] = [decode(m[1]!), m[3]!, decode(m[4]!)];
		return {
			endpoint: 'arm.operations.get',
			handle: armHandler('eventGrid', (ctx) =>
				getOperation(
					ctx,
					subscriptionId,
					id,
					kind.toLowerCase() === 'operationsstatus' ? 'status' : 'result',
				),
			),
		};
	}
	return {
		endpoint: 'arm.unknown',
		handle: () => armError(404, 'NotFound', `The emulator does not serve ${method} ${rawPath}.`),
	};
}
