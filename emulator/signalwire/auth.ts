import { timingSafeEqual } from 'node:crypto';
import { header, swError, type EmuResponse, type RequestContext } from '../http';

export const SW_AUTH_CHALLENGE = { 'WWW-Authenticate': 'Basic realm="SignalWire"' };

function safeEqual(a: string, b: string): boolean {
	const [x, y] = [Buffer.from(a), Buffer.from(b)];
	return x.length === y.length && timingSafeEqual(x, y);
}

export function authenticationError(): EmuResponse {
	return swError(401, 20003, 'Authentication Error - invalid username', SW_AUTH_CHALLENGE);
}

export function parseBasic(ctx: RequestContext): { user: string; password: string } | undefined {
	const m = /^Basic\s+(\S+)$/i.exec(header(ctx, 'authorization') ?? '');
	if (!m) return undefined;
	const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
	const colon = decoded.indexOf(':');
	return colon < 0
		? undefined
		: { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * Basic projectId:apiToken. The AccountSid in the path must be the authenticated project.
 * `needsMessaging`: media endpoints require a token with the Messaging scope.
 */
/**
 * The limited token has neither the Numbers nor the Voice scope: like SignalWire, number and voice
 * endpoints refuse it.
 */
export function authenticateFullScope(
	ctx: RequestContext,
	accountSid: string | undefined,
	scope: 'Numbers' | 'Voice',
): EmuResponse | undefined {
	const authError = authenticateProject(ctx, accountSid, false);
	if (authError) return authError;
	if (parseBasic(ctx)?.password === ctx.env.secrets.signalwire.apiToken) return undefined;
	return swError(
		401,
		20003,
		`Authentication Error - the API token does not have the ${scope} scope`,
		SW_AUTH_CHALLENGE,
	);
}

export function authenticateProject(
	ctx: RequestContext,
	accountSid: string | undefined,
	needsMessaging: boolean,
): EmuResponse | undefined {
	const sw = ctx.env.secrets.signalwire;
	const creds = parseBasic(ctx);
	if (!creds || !safeEqual(creds.user, sw.projectId)) return authenticationError();
	const full = safeEqual(creds.password, sw.apiToken);
	const limited = safeEqual(creds.password, sw.apiTokenWithoutMessagingScope);
	if (!full && !limited) return authenticationError();
	if (accountSid !== sw.projectId) return authenticationError();
	if (needsMessaging && !full)
		return swError(
			401,
			20003,
			'Authentication Error - the API token does not have the Messaging scope',
			SW_AUTH_CHALLENGE,
		);
	return undefined;
}
