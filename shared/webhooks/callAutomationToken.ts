import { createPublicKey, verify, type JsonWebKey, type KeyObject } from 'crypto';

/**
 * Call Automation signs every callback with an RS256 JWT (`Authorization: Bearer …`) from its issuer,
 * whose audience is the ACS resource's Immutable Resource ID. This checks one token against keys
 * already fetched; it is pure, so it can be tested with any key and clock.
 */

export interface TokenExpectation {
	/** The ACS resource's Immutable Resource ID. */
	audience: string;
	issuer: string;
	nowSeconds: number;
	/** Allowed clock difference for `exp` and `nbf`. */
	skewSeconds: number;
}

export type TokenVerification =
	| { ok: true; claims: Record<string, unknown> }
	| { ok: false; reason: string; unknownKeyId?: string };

/** Signing keys by `kid`. */
export type SigningKeys = ReadonlyMap<string, KeyObject>;

function decodeJson(segment: string): Record<string, unknown> | undefined {
	try {
		const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
		return value !== null && typeof value === 'object' && !Array.isArray(value)
			? (value as Record<string, unknown>)
			: undefined;
	} catch {
		return undefined;
	}
}

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/** The bearer token of an Authorization header, or undefined. */
export function bearerToken(authorization: unknown): string | undefined {
	const value = Array.isArray(authorization) ? authorization[0] : authorization;
	if (typeof value !== 'string') return undefined;
	const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
	return match?.[1];
}

export function verifyCallAutomationToken(
	token: string,
	keys: SigningKeys,
	expected: TokenExpectation,
): TokenVerification {
	const parts = token.split('.');
	if (parts.length !== 3 || parts.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) {
		return { ok: false, reason: 'the token is not a signed JWT' };
	}
	const [encodedHeader, encodedClaims, encodedSignature] = parts as [string, string, string];
	const header = decodeJson(encodedHeader);
	const claims = decodeJson(encodedClaims);
	if (!header || !claims) return { ok: false, reason: 'the token is not a signed JWT' };
	if (header.alg !== 'RS256') return { ok: false, reason: 'the token is not signed with RS256' };
	if (typeof header.kid !== 'string' || header.kid === '') {
		return { ok: false, reason: 'the token names no signing key' };
	}
	const key = keys.get(header.kid);
	if (!key) {
		return {
			ok: false,
			reason: 'the token is signed with an unknown key',
			unknownKeyId: header.kid,
		};
	}
	const signed = verify(
		'RSA-SHA256',
		Buffer.from(`${encodedHeader}.${encodedClaims}`, 'utf8'),
		key,
		Buffer.from(encodedSignature, 'base64url'),
	);
	if (!signed) return { ok: false, reason: 'the token signature is invalid' };

	const audiences = Array.isArray(claims.aud) ? claims.aud : [claims.aud];
	if (
		!audiences.some(
			(aud) => typeof aud === 'string' && aud.toLowerCase() === expected.audience.toLowerCase(),
		)
	) {
		return { ok: false, reason: 'the token is for another resource (audience)' };
	}
	if (
		typeof claims.iss !== 'string' ||
		withoutTrailingSlash(claims.iss) !== withoutTrailingSlash(expected.issuer)
	) {
		return { ok: false, reason: 'the token comes from another issuer' };
	}
	if (typeof claims.exp !== 'number') return { ok: false, reason: 'the token has no expiry' };
	if (expected.nowSeconds > claims.exp + expected.skewSeconds) {
		return { ok: false, reason: 'the token has expired' };
	}
	if (typeof claims.nbf === 'number' && expected.nowSeconds < claims.nbf - expected.skewSeconds) {
		return { ok: false, reason: 'the token is not valid yet' };
	}
	return { ok: true, claims };
}

/** The RSA signing keys of a JWKS document (`{keys:[{kty,kid,n,e}]}`) by `kid`; others are skipped. */
export function readSigningKeys(jwks: unknown): Map<string, KeyObject> {
	const keys = new Map<string, KeyObject>();
	const list = (jwks as { keys?: unknown } | null)?.keys;
	if (!Array.isArray(list)) return keys;
	for (const entry of list as Array<Record<string, unknown>>) {
		if (!entry || entry.kty !== 'RSA' || typeof entry.kid !== 'string') continue;
		if (entry.use !== undefined && entry.use !== 'sig') continue;
		try {
			keys.set(
				entry.kid,
				createPublicKey({
					key: { kty: 'RSA', n: entry.n, e: entry.e } as JsonWebKey,
					format: 'jwk',
				}),
			);
		} catch {
			// A malformed key cannot verify anything; the others still can.
		}
	}
	return keys;
}
