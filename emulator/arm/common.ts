import { json, type EmuResponse, type Handler, type RequestContext } from '../http';
import type { JwtPayload } from '../tokens';
import { armError, authenticateArm, authorizationFailed, type ArmRole } from './auth';
import type { ArmAcsResource, ArmSubscription } from './fixtures';

/** Accepted api-versions per resource provider (the newest GA ones and those of the official SDKs). */
export const ARM_API_VERSIONS = {
	subscriptions: ['2022-12-01'],
	communication: ['2026-03-18', '2025-09-01', '2025-05-01', '2023-04-01'],
	eventGrid: ['2025-02-15', '2022-06-15'],
} as const;
export type ArmApi = keyof typeof ARM_API_VERSIONS;

export type ArmHandler = (
	ctx: RequestContext,
	caller: JwtPayload,
) => EmuResponse | Promise<EmuResponse>;

/** Authentication first (as Resource Manager), then the api-version, then the handler. */
export function armHandler(api: ArmApi, handler: ArmHandler): Handler {
	return (ctx) => {
		const auth = authenticateArm(ctx);
		if (!auth.ok) return auth.response;
		const version = ctx.query.get('api-version');
		if (!version)
			return armError(
				400,
				'MissingApiVersionParameter',
				'The api-version query parameter (?api-version=) is required for all requests.',
			);
		const supported: readonly string[] = ARM_API_VERSIONS[api];
		if (!supported.includes(version))
			return armError(
				400,
				'InvalidApiVersionParameter',
				`The api-version '${version}' is invalid. The supported versions are '${supported.join(',')}'.`,
			);
		return handler(ctx, auth.payload);
	};
}

/** 403 unless the configured roles include one of `roles`. */
export function requireRole(
	ctx: RequestContext,
	caller: JwtPayload,
	roles: ArmRole[],
	action: string,
	scope: string,
): EmuResponse | undefined {
	const held = ctx.env.arm.settings.roles;
	return roles.some((role) => held.includes(role))
		? undefined
		: authorizationFailed(caller, action, scope);
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function findSubscription(ctx: RequestContext, id: string): ArmSubscription | undefined {
	return ctx.env.fixtures.arm.subscriptions.find((s) => same(s.subscriptionId, id));
}

export function subscriptionNotFound(id: string): EmuResponse {
	return armError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
}

export function findResourceGroup(ctx: RequestContext, name: string): string | undefined {
	return ctx.env.fixtures.arm.resourceGroups.find((g) => same(g, name));
}

export function resourceGroupNotFound(name: string): EmuResponse {
	return armError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
}

export function findAcsResource(
	ctx: RequestContext,
	subscriptionId: string,
	resourceGroup: string,
	name: string,
): ArmAcsResource | undefined {
	return ctx.env.fixtures.arm.acsResources.find(
		(r) =>
			same(r.subscriptionId, subscriptionId) &&
			same(r.resourceGroup, resourceGroup) &&
			same(r.name, name),
	);
}

export function acsResourceNotFound(resourceGroup: string, name: string): EmuResponse {
	return armError(
		404,
		'ResourceNotFound',
		`The Resource 'Microsoft.Communication/communicationServices/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
	);
}

export function invalidRequest(message: string): EmuResponse {
	return armError(400, 'InvalidRequest', message);
}

/**
 * One page of `items` as `{value, nextLink?}`; the nextLink is absolute on the emulator and repeats the
 * request's query with a `$skipToken` (the offset, opaque to clients).
 */
export function page<T>(ctx: RequestContext, items: T[], size: number): EmuResponse {
	const token = ctx.query.get('$skipToken');
	const offset = token === null ? 0 : Number(Buffer.from(token, 'base64url').toString('utf8'));
	if (!Number.isInteger(offset) || offset < 0 || offset > items.length)
		return invalidRequest(`The $skipToken '${token}' is invalid.`);
	const value = items.slice(offset, offset + size);
	const body: { value: T[]; nextLink?: string } = { value };
	if (offset + size < items.length) {
		const kept = ctx.rawQuery
			.split('&')
			.filter((part) => part !== '' && !/^(\$|%24)skipToken=/i.test(part));
		const next = Buffer.from(String(offset + size)).toString('base64url');
		body.nextLink = `${ctx.env.url}${ctx.rawPath}?${[...kept, `$skipToken=${next}`].join('&')}`;
	}
	return json(200, body);
}
