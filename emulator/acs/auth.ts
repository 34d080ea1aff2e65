import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { acsError, header, type EmuResponse, type RequestContext } from '../http';
import { nowSeconds, verifyJwt, type JwtPayload } from '../tokens';

const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;
const DENIED = 'Denied by the resource provider.';
export const ENTRA_AUDIENCE = 'https://communication.azure.com';

function denied(detail: string): EmuResponse {
	return acsError(401, 'Denied', `${DENIED} ${detail}`);
}

/**
 * The candidate `pathAndQuery` strings: the raw query as received (Python/.NET sign this) and its
 * URLSearchParams re-serialisation (the JS SDK signs that); both are accepted.
 */
function signedPathCandidates(ctx: RequestContext): string[] {
	const raw = ctx.rawQuery ? `${ctx.rawPath}?${ctx.rawQuery}` : ctx.rawPath;
	const reserialised = ctx.query.toString();
	const normalised = reserialised ? `${ctx.rawPath}?${reserialised}` : ctx.rawPath;
	return raw === normalised ? [raw] : [raw, normalised];
}

/** Verify `Authorization: HMAC-SHA256 SignedHeaders=...&Signature=...` exactly as ACS does. */
function verifyHmac(ctx: RequestContext, authorization: string): EmuResponse | undefined {
	const m = /^HMAC-SHA256\s+SignedHeaders=([^&\s]+)&Signature=(\S+)$/i.exec(authorization.trim());
	if (!m) return denied('The Authorization header is not a valid HMAC-SHA256 header.');
	const signedHeaders = m[1]!.toLowerCase().split(';');
	for (const required of ['x-ms-date', 'host', 'x-ms-content-sha256']) {
		if (!signedHeaders.includes(required)) return denied(`SignedHeaders must include ${required}.`);
	}
	const date = header(ctx, 'x-ms-date');
	if (!date) return denied('The x-ms-date header is missing.');
	const when = Date.parse(date);
	if (Number.isNaN(when) || Math.abs(Date.now() - when) > MAX_CLOCK_SKEW_MS) {
		return denied('The x-ms-date header is invalid or more than 15 minutes from the server time.');
	}
	const bodyHash = createHash('sha256').update(ctx.body).digest('base64');
	if (header(ctx, 'x-ms-content-sha256') !== bodyHash) {
		return denied('The x-ms-content-sha256 header does not match the SHA-256 of the request body.');
	}
	const values = signedHeaders.map((name) => header(ctx, name) ?? '').join(';');
	const given = Buffer.from(m[2]!, 'base64');
	for (const pathAndQuery of signedPathCandidates(ctx)) {
		const stringToSign = `${ctx.method.toUpperCase()}\n${pathAndQuery}\n${values}`;
		const expected = createHmac('sha256', ctx.env.secrets.acs.accessKeyBytes)
			.update(stringToSign)
			.digest();
		if (given.length === expected.length && timingSafeEqual(given, expected)) return undefined;
	}
	// The string to sign carries no secret; showing it makes client bugs (host, path encoding) easy to spot.
	const shown = JSON.stringify(
		`${ctx.method.toUpperCase()}\n${signedPathCandidates(ctx)[0]}\n${values}`,
	);
	return denied(`The request signature does not match; the server's string to sign was ${shown}.`);
}

function bearerToken(ctx: RequestContext): string | undefined {
	const m = /^Bearer\s+(\S+)$/i.exec(header(ctx, 'authorization') ?? '');
	return m?.[1];
}

function verifyEntra(ctx: RequestContext, token: string): EmuResponse | undefined {
	const check = verifyJwt(token, ctx.env.secrets.entraTokenKey);
	const invalid = (message: string) =>
		acsError(401, 'InvalidAuthenticationToken', message, {
			'WWW-Authenticate': 'Bearer error="invalid_token"',
		});
	if (!check.ok) {
		const isUserToken = verifyJwt(token, ctx.env.secrets.userTokenKey).ok;
		return invalid(
			isUserToken
				? 'ACS user access tokens are not accepted here; use an access key or a Microsoft Entra token.'
				: 'The access token is invalid.',
		);
	}
	const p = check.payload;
	if (p.aud !== ENTRA_AUDIENCE)
		return invalid(`The access token audience is invalid; expected ${ENTRA_AUDIENCE}.`);
	if (p.tid !== ctx.env.secrets.entra.tenantId)
		return invalid('The access token was issued for another tenant.');
	if (typeof p.exp !== 'number' || p.exp <= nowSeconds())
		return invalid('The access token has expired.');
	return undefined;
}

/** Access-key (HMAC) or Microsoft Entra auth: Advanced Messaging, Identity, Call Automation, Phone Numbers. */
export function authenticateService(ctx: RequestContext): EmuResponse | undefined {
	const authorization = header(ctx, 'authorization');
	if (!authorization) return acsError(401, 'Unauthorized', 'The Authorization header is missing.');
	if (/^HMAC-SHA256\s/i.test(authorization)) return verifyHmac(ctx, authorization);
	const token = bearerToken(ctx);
	if (token) return verifyEntra(ctx, token);
	return acsError(401, 'Unauthorized', 'Unsupported authorization scheme.');
}

export type ChatAuth =
	| { ok: true; userId: string; scopes: string[]; payload: JwtPayload }
	| { ok: false; response: EmuResponse };

/** Chat accepts ACS user access tokens only (not access keys, not Entra tokens). */
export function authenticateChatUser(ctx: RequestContext): ChatAuth {
	const fail = (status: number, code: string, message: string): ChatAuth => ({
		ok: false,
		response: acsError(status, code, message),
	});
	const token = bearerToken(ctx);
	if (!token)
		return fail(
			401,
			'Unauthorized',
			'Request is not authorized. Chat requires an ACS user access token (Authorization: Bearer).',
		);
	const check = verifyJwt(token, ctx.env.secrets.userTokenKey);
	if (!check.ok || typeof check.payload.skypeid !== 'string') {
		return fail(
			401,
			'Unauthorized',
			'Request is not authorized. The token is not a valid ACS user access token.',
		);
	}
	const p = check.payload;
	if (typeof p.exp !== 'number' || p.exp <= nowSeconds())
		return fail(401, 'Unauthorized', 'Request is not authorized. The access token has expired.');
	const scopes = typeof p.acsScope === 'string' ? p.acsScope.split(',').filter(Boolean) : [];
	// chat, chat.join and chat.join.limited all allow reading messages of joined threads.
	if (!scopes.some((s) => s === 'chat' || s.startsWith('chat.')))
		return fail(
			403,
			'Forbidden',
			'User is not allowed to perform specified action. The token lacks the chat scope.',
		);
	return { ok: true, userId: `8:${p.skypeid as string}`, scopes, payload: p };
}
