import { json, type EmuResponse, type RequestContext } from '../http';
import type { JwtPayload } from '../tokens';
import {
	acsResourceNotFound,
	findAcsResource,
	findResourceGroup,
	findSubscription,
	page,
	requireRole,
	resourceGroupNotFound,
	subscriptionNotFound,
} from './common';
import type { ArmAcsResource } from './fixtures';

const PAGE_SIZE = 10;
const READ_ACS = 'Microsoft.Communication/communicationServices/read';

function resourceBody(r: ArmAcsResource) {
	return {
		id: r.id,
		name: r.name,
		type: 'Microsoft.Communication/CommunicationServices',
		location: 'global',
		tags: {},
		properties: {
			hostName: r.hostName,
			immutableResourceId: r.immutableResourceId,
			dataLocation: r.dataLocation,
			provisioningState: 'Succeeded',
			version: '0.2.0',
			linkedDomains: [],
			disableLocalAuth: false,
		},
	};
}

/** GET /subscriptions: the tenant's subscriptions (Reader needed here, as the picker needs it). */
export function listSubscriptions(ctx: RequestContext, caller: JwtPayload): EmuResponse {
	const denied = requireRole(
		ctx,
		caller,
		['Reader'],
		'Microsoft.Resources/subscriptions/read',
		'/',
	);
	if (denied) return denied;
	const { tenantId } = ctx.env.secrets.entra;
	return json(200, {
		value: ctx.env.fixtures.arm.subscriptions.map((s) => ({
			id: `/subscriptions/${s.subscriptionId}`,
			authorizationSource: 'RoleBased',
			managedByTenants: [],
			subscriptionId: s.subscriptionId,
			tenantId,
			displayName: s.displayName,
			state: s.state,
			subscriptionPolicies: {
				locationPlacementId: 'Public_2014-09-01',
				quotaId: 'PayAsYouGo_2014-09-01',
				spendingLimit: 'Off',
			},
		})),
		count: { type: 'Total', value: ctx.env.fixtures.arm.subscriptions.length },
	});
}

/** GET /subscriptions/{sub}[/resourceGroups/{rg}]/providers/Microsoft.Communication/communicationServices */
export function listAcsResources(
	ctx: RequestContext,
	caller: JwtPayload,
	subscriptionId: string,
	resourceGroup?: string,
): EmuResponse {
	const subscription = findSubscription(ctx, subscriptionId);
	if (!subscription) return subscriptionNotFound(subscriptionId);
	const scope =
		`/subscriptions/${subscription.subscriptionId}` +
		(resourceGroup === undefined ? '' : `/resourceGroups/${resourceGroup}`);
	const denied = requireRole(ctx, caller, ['Reader'], READ_ACS, scope);
	if (denied) return denied;
	let group: string | undefined;
	if (resourceGroup !== undefined) {
		group = findResourceGroup(ctx, resourceGroup);
		if (!group || subscription.subscriptionId !== ctx.env.fixtures.arm.subscriptionId)
			return resourceGroupNotFound(resourceGroup);
	}
	const resources = ctx.env.fixtures.arm.acsResources.filter(
		(r) =>
			r.subscriptionId === subscription.subscriptionId &&
			(group === undefined || r.resourceGroup === group),
	);
	return page(ctx, resources.map(resourceBody), PAGE_SIZE);
}

/** GET {ACS resource ID} */
export function getAcsResource(
	ctx: RequestContext,
	caller: JwtPayload,
	subscriptionId: string,
	resourceGroup: string,
	name: string,
): EmuResponse {
	const subscription = findSubscription(ctx, subscriptionId);
	if (!subscription) return subscriptionNotFound(subscriptionId);
	const denied = requireRole(
		ctx,
		caller,
		['Reader'],
		READ_ACS,
		`/subscriptions/${subscription.subscriptionId}/resourceGroups/${resourceGroup}/providers/Microsoft.Communication/communicationServices/${name}`,
	);
	if (denied) return denied;
	const resource = findAcsResource(ctx, subscriptionId, resourceGroup, name);
	return resource ? json(200, resourceBody(resource)) : acsResourceNotFound(resourceGroup, name);
}
