import { randomUUID } from 'node:crypto';
import {
	acsError,
	decodeSegment,
	isRecord,
	json,
	parseJsonBody,
	type EmuResponse,
	type RequestContext,
} from '../http';
import { checkApiVersion } from './apiVersions';
import { authenticateService } from './auth';
import { mintUserToken, parseAcsUserId, USER_SCOPES, type UserScope } from './userTokens';

const DEFAULT_EXPIRES_MINUTES = 1440;

function guard(ctx: RequestContext): EmuResponse | undefined {
	return checkApiVersion(ctx, 'identity') ?? authenticateService(ctx);
}

type Parsed<T> = { ok: true; value: T } | { ok: false; response: EmuResponse };

function validationError(message: string): { ok: false; response: EmuResponse } {
	return { ok: false, response: acsError(400, 'ValidationError', message) };
}

function parseScopes(value: unknown, field: string): Parsed<UserScope[]> {
	if (!Array.isArray(value) || value.length === 0)
		return validationError(`${field} must be a non-empty array.`);
	const bad = value.find(
		(s) => typeof s !== 'string' || !(USER_SCOPES as readonly string[]).includes(s),
	);
	if (bad !== undefined)
		return validationError(
			`${field} contains an invalid scope: ${JSON.stringify(bad)}. Allowed: ${USER_SCOPES.join(', ')}.`,
		);
	return { ok: true, value: value as UserScope[] };
}

function parseExpiresInMinutes(value: unknown): Parsed<number> {
	if (value === undefined || value === null) return { ok: true, value: DEFAULT_EXPIRES_MINUTES };
	if (typeof value !== 'number' || !Number.isInteger(value) || value < 60 || value > 1440) {
		return validationError('expiresInMinutes must be an integer between 60 and 1440.');
	}
	return { ok: true, value };
}

function expiresIn(minutes: number): Date {
	return new Date(Date.now() + minutes * 60_000);
}

/** POST /identities/{id}/:issueAccessToken */
export function issueAccessToken(ctx: RequestContext, rawUserId: string): EmuResponse {
	const guardError = guard(ctx);
	if (guardError) return guardError;
	const userId = decodeSegment(rawUserId) ?? '';
	if (!parseAcsUserId(userId))
		return acsError(
			400,
			'ValidationError',
			'The identity is not a valid ACS user id (8:acs:<resourceId>_<guid>).',
		);
	const body = parseJsonBody(ctx);
	if (!body.ok || !isRecord(body.value))
		return acsError(400, 'ValidationError', 'The request body must be a JSON object.');
	const scopes = parseScopes(body.value.scopes, 'scopes');
	if (!scopes.ok) return scopes.response;
	const minutes = parseExpiresInMinutes(body.value.expiresInMinutes);
	if (!minutes.ok) return minutes.response;
	return json(200, mintUserToken(ctx.env.secrets, userId, scopes.value, expiresIn(minutes.value)));
}

/** POST /identities: create a user, optionally with a token. */
export function createIdentity(ctx: RequestContext): EmuResponse {
	const guardError = guard(ctx);
	if (guardError) return guardError;
	const body = parseJsonBody(ctx);
	if (!body.ok || (body.value !== undefined && !isRecord(body.value)))
		return acsError(400, 'ValidationError', 'The request body must be a JSON object.');
	const request = body.value ?? {};
	const id = `8:acs:${ctx.env.fixtures.acs.resourceId}_${randomUUID()}`;
	if (request.createTokenWithScopes === undefined) return json(201, { identity: { id } });
	const scopes = parseScopes(request.createTokenWithScopes, 'createTokenWithScopes');
	if (!scopes.ok) return scopes.response;
	const minutes = parseExpiresInMinutes(request.expiresInMinutes);
	if (!minutes.ok) return minutes.response;
	return json(201, {
		identity: { id },
		accessToken: mintUserToken(ctx.env.secrets, id, scopes.value, expiresIn(minutes.value)),
	});
}
