import { InvalidCredentialError } from '../errors';

/**
 * ACS user access tokens are JWTs. Reading `exp` locally lets the node say when a pasted token expired
 * instead of sending it and getting a bare 401.
 */
function readJwtPayload(segment: string): { exp?: unknown } | undefined {
	try {
		const payload = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
		return payload && typeof payload === 'object' ? (payload as { exp?: unknown }) : undefined;
	} catch {
		return undefined;
	}
}

export function userTokenExpiry(token: string): Date {
	const parts = token.split('.');
	if (parts.length !== 3) {
		throw new InvalidCredentialError(
			'Access Token is not an ACS user access token (expected a JWT with three dot-separated parts)',
		);
	}
	const payload = readJwtPayload(parts[1]);
	if (!payload)
		throw new InvalidCredentialError('Access Token is malformed: its payload is not readable JSON');
	const { exp } = payload;
	if (typeof exp !== 'number' || !Number.isFinite(exp)) {
		throw new InvalidCredentialError(
			'Access Token has no expiry (exp) claim, so it is not an ACS user access token',
		);
	}
	return new Date(exp * 1000);
}

export function assertUserTokenUsable(token: string, now: Date): void {
	assertNotExpired(userTokenExpiry(token), now);
}

/** The expiry check alone, for a token whose expiry was read once for the run. */
export function assertNotExpired(expiresOn: Date, now: Date): void {
	if (expiresOn.getTime() <= now.getTime()) {
		throw new InvalidCredentialError(
			`The user access token expired at ${expiresOn.toISOString()}. Issue a new token (Identity API or Azure portal > Identities & User Access Tokens) and update the credential, or use the Access Key or Entra ID credential so the node issues tokens itself`,
		);
	}
}
