import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Minimal HS256 JWTs. ACS user tokens and Entra access tokens are JWTs in production (RS256); clients
 * such as AzureCommunicationTokenCredential decode the payload for `exp`, so the shape must match even
 * though only this emulator can verify the signature.
 */
export type JwtPayload = Record<string, unknown> & { iat?: number; exp?: number };

function base64url(data: Buffer | string): string {
	return Buffer.from(data).toString('base64url');
}

export function signJwt(payload: JwtPayload, key: Buffer, kid: string): string {
	const head = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT', kid }));
	const body = base64url(JSON.stringify(payload));
	const signature = createHmac('sha256', key).update(`${head}.${body}`).digest('base64url');
	return `${head}.${body}.${signature}`;
}

export type JwtCheck =
	| { ok: true; payload: JwtPayload }
	| { ok: false; reason: 'malformed' | 'signature' };

export function verifyJwt(token: string, key: Buffer): JwtCheck {
	const parts = token.split('.');
	if (parts.length !== 3) return { ok: false, reason: 'malformed' };
	const [head, body, signature] = parts as [string, string, string];
	const expected = createHmac('sha256', key).update(`${head}.${body}`).digest();
	const given = Buffer.from(signature, 'base64url');
	if (given.length !== expected.length || !timingSafeEqual(given, expected))
		return { ok: false, reason: 'signature' };
	try {
		const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as unknown;
		if (typeof payload !== 'object' || payload === null) return { ok: false, reason: 'malformed' };
		return { ok: true, payload: payload as JwtPayload };
	} catch {
		return { ok: false, reason: 'malformed' };
	}
}

export function nowSeconds(): number {
	return Math.floor(Date.now() / 1000);
}
