import { header, json, type EmuResponse, type RequestContext } from '../http';
import { nowSeconds, verifyJwt, type JwtPayload } from '../tokens';

/** The audience of Resource Manager tokens, as Entra issues them for `https://management.azure.com/.default`. */
export const ARM_AUDIENCE = 'https://management.azure.com/';
export const ARM_SCOPE = 'https://management.azure.com/.default';

export const ARM_ROLES = ['EventGrid EventSubscription Contributor', 'Reader'] as const;
export type ArmRole = (typeof ARM_ROLES)[number];

/**
 * A client-credentials scope for Resource Manager: the public one (also with the double slash the Azure
 * SDKs produce from an endpoint with a trailing slash) or the emulator's own URL, which is what a
 * credential configured with a custom Resource Manager URL asks for.
 */
export function isResourceManagerScope(ctx: RequestContext, scope: string | null): boolean {
	const resources = (scope ?? '').split(' ').filter(Boolean);
	if (resources.length !== 1) return false;
	const origins = [
		'https://management.azure.com',
		ctx.env.url,
		ctx.env.url.replace(/^http:/, 'https:'),
	];
	return origins.some((origin) =>
		[`${origin}/.default`, `${origin}//.default`].includes(resources[0]!),
	);
}

/** Resource Manager's error shape. */
export function armError(
	status: number,
	code: string,
	message: string,
	headers: Record<string, string> = {},
): EmuResponse {
	return json(status, { error: { code, message } }, headers);
}

export type ArmAuth = { ok: true; payload: JwtPayload } | { ok: false; response: EmuResponse };

/** Bearer tokens for `https://management.azure.com/` only, signed by the emulator's Entra, unexpired. */
export function authenticateArm(ctx: RequestContext): ArmAuth {
	const authority = `${ctx.env.url}/${ctx.env.secrets.entra.tenantId}`;
	const fail = (code: string, message: string): ArmAuth => ({
		ok: false,
		response: armError(401, code, message, {
			'WWW-Authenticate': `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${message}"`,
		}),
	});
	const authorization = header(ctx, 'authorization');
	if (!authorization)
		return fail(
			'AuthenticationFailed',
			"Authentication failed. The 'Authorization' header is missing.",
		);
	const token = /^Bearer\s+(\S+)$/i.exec(authorization)?.[1];
	if (!token)
		return fail(
			'AuthenticationFailed',
			"Authentication failed. The 'Authorization' header is provided in an invalid format.",
		);
	const check = verifyJwt(token, ctx.env.secrets.entraTokenKey);
	if (!check.ok) return fail('InvalidAuthenticationToken', 'The access token is invalid.');
	const p = check.payload;
	if (p.aud !== ARM_AUDIENCE)
		return fail(
			'InvalidAuthenticationToken',
			`The access token is invalid: it was issued for '${String(p.aud)}', not '${ARM_AUDIENCE}'.`,
		);
	if (p.tid !== ctx.env.secrets.entra.tenantId)
		return fail(
			'InvalidAuthenticationToken',
			'The access token is invalid: it is from another tenant.',
		);
	if (typeof p.exp !== 'number' || p.exp <= nowSeconds())
		return fail('InvalidAuthenticationToken', 'The access token has expired.');
	return { ok: true, payload: p };
}

/** 403 as Resource Manager words it when the caller's roles do not grant `action` on `scope`. */
export function authorizationFailed(
	payload: JwtPayload,
	action: string,
	scope: string,
): EmuResponse {
	return armError(
		403,
		'AuthorizationFailed',
		`The client '${String(payload.appid)}' with object id '${String(payload.oid)}' does not have authorization to perform action '${action}' over scope '${scope}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
	);
}
