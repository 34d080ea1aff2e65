import { createCommunicationAccessKeyCredentialPolicy } from '@azure/communication-common';
import {
	createHttpHeaders,
	createPipelineRequest,
	type PipelineRequest,
} from '@azure/core-rest-pipeline';

import type { Emulator, RecordedRequest } from '../../emulator';
import { contentHash, entraToken, signHmac } from '../emulator/helpers';

/**
 * Wire-level view of one recorded request: what the conformance tests compare between an official SDK
 * and the node. Everything else the clients send (user agent, request ids, accept, …) is left out on
 * purpose; headers an SDK adds beyond these are listed by `extraHeaderNames`.
 */
export interface Wire {
	method: string;
	/** Raw path as received, percent-encoding preserved. */
	path: string;
	/** Query as a multiset of decoded name=value pairs, sorted. */
	query: string[];
	/** Query as a multiset of raw (still percent-encoded) name=value pairs, sorted. */
	rawQuery: string[];
	/** Parsed JSON body; undefined when the body is empty. */
	body: unknown;
	/** The body bytes as hex (empty string for no body). */
	bodyHex: string;
	/** Content-Type header as sent (lower-cased), undefined when absent. */
	contentType: string | undefined;
	auth: AuthScheme;
}

export type AuthScheme =
	| { scheme: 'HMAC-SHA256'; signedHeaders: string }
	| { scheme: 'Bearer'; token: 'entra'; aud: unknown; tid: unknown; appid: unknown }
	| { scheme: 'Bearer'; token: 'acsUser'; skypeid: unknown; acsScope: unknown }
	| { scheme: 'Bearer'; token: 'other' }
	| { scheme: 'Basic'; user: string }
	| { scheme: 'none' }
	| { scheme: 'unknown'; value: string };

export function headerValue(request: RecordedRequest, name: string): string | undefined {
	const value = request.headers[name.toLowerCase()];
	return Array.isArray(value) ? value.join(', ') : value;
}

function jwtPayload(token: string): Record<string, unknown> | undefined {
	const parts = token.split('.');
	if (parts.length !== 3) return undefined;
	try {
		return JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Record<
			string,
			unknown
		>;
	} catch {
		return undefined;
	}
}

/** The auth scheme and, for Bearer and Basic, who it authenticates (never the secret itself). */
export function authSchemeOf(request: RecordedRequest): AuthScheme {
	const authorization = headerValue(request, 'authorization');
	if (!authorization) return { scheme: 'none' };
	const hmac = /^HMAC-SHA256 SignedHeaders=([^&]+)&Signature=\S+$/.exec(authorization);
	if (hmac) return { scheme: 'HMAC-SHA256', signedHeaders: hmac[1]! };
	const bearer = /^Bearer (\S+)$/.exec(authorization);
	if (bearer) {
		const payload = jwtPayload(bearer[1]!);
		if (payload && typeof payload.skypeid === 'string')
			return {
				scheme: 'Bearer',
				token: 'acsUser',
				skypeid: payload.skypeid,
				acsScope: payload.acsScope,
			};
		if (payload && payload.aud !== undefined)
			return {
				scheme: 'Bearer',
				token: 'entra',
				aud: payload.aud,
				tid: payload.tid,
				appid: payload.appid,
			};
		return { scheme: 'Bearer', token: 'other' };
	}
	const basic = /^Basic (\S+)$/.exec(authorization);
	if (basic) {
		const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
		return { scheme: 'Basic', user: decoded.slice(0, Math.max(0, decoded.indexOf(':'))) };
	}
	return { scheme: 'unknown', value: authorization.split(' ')[0] ?? '' };
}

function parseBody(body: Buffer): unknown {
	if (body.length === 0) return undefined;
	const text = body.toString('utf8');
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return { notJson: text };
	}
}

export function wire(request: RecordedRequest): Wire {
	const decoded = [...new URLSearchParams(request.query)]
		.map(([name, value]) => `${name}=${value}`)
		.sort();
	const raw = request.query === '' ? [] : request.query.split('&').sort();
	return {
		method: request.method,
		path: request.path,
		query: decoded,
		rawQuery: raw,
		body: parseBody(request.body),
		bodyHex: request.body.toString('hex'),
		contentType: headerValue(request, 'content-type')?.toLowerCase(),
		auth: authSchemeOf(request),
	};
}

/** Header names the first request carries and the second does not (both lower-case, sorted). */
export function extraHeaderNames(a: RecordedRequest, b: RecordedRequest): string[] {
	return Object.keys(a.headers)
		.filter((name) => !(name in b.headers))
		.sort();
}

/**
 * Runs `action` against a clean request log and returns the requests it made to the service (the Entra
 * token endpoint is left out: the SDK's credential and the node's OAuth2 flow get their tokens differently).
 */
export async function recordRequests(
	emu: Emulator,
	action: () => Promise<unknown>,
): Promise<RecordedRequest[]> {
	emu.resetCounters();
	await action();
	return emu.requests().filter((request) => !request.endpoint.startsWith('entra.'));
}

export const isSuccess = (request: RecordedRequest) =>
	request.status >= 200 && request.status < 300;

// ---------------------------------------------------------------------------------------------
// HMAC: independent recomputation and the official SDK policy

export const SIGNED_HEADERS = 'x-ms-date;host;x-ms-content-sha256';

/**
 * The signature recomputed from the request exactly as the server received it: METHOD, the raw path and
 * raw query, and the x-ms-date and host headers, with the SHA-256 of the received body bytes.
 */
export function recomputeHmac(
	request: RecordedRequest,
	accessKey: string,
): { authorization: string; contentHash: string; stringToSign: string } {
	const hash = contentHash(request.body);
	const pathAndQuery = request.query ? `${request.path}?${request.query}` : request.path;
	const [date, host] = [
		headerValue(request, 'x-ms-date') ?? '',
		headerValue(request, 'host') ?? '',
	];
	const stringToSign = `${request.method.toUpperCase()}\n${pathAndQuery}\n${date};${host};${hash}`;
	const authorization = signHmac({
		accessKey,
		method: request.method.toUpperCase(),
		pathAndQuery,
		host,
		date,
		contentHash: hash,
	});
	return { authorization, contentHash: hash, stringToSign };
}

/**
 * What `@azure/communication-common`'s access-key policy puts on the recorded request when it signs it at
 * the recorded x-ms-date. The policy reads the clock synchronously before its first await, so only Date
 * is faked, and only for that instant.
 */
export async function signWithSdkPolicy(
	request: RecordedRequest,
	accessKey: string,
): Promise<{ date: string; hash: string; authorization: string; host: string }> {
	const policy = createCommunicationAccessKeyCredentialPolicy({ key: accessKey });
	const url = `http://${headerValue(request, 'host') ?? ''}${request.path}${request.query ? `?${request.query}` : ''}`;
	const pipelineRequest = createPipelineRequest({
		url,
		method: request.method as PipelineRequest['method'],
		body: request.body.length ? request.body.toString('utf8') : undefined,
		headers: createHttpHeaders(),
	});
	const at = Date.parse(headerValue(request, 'x-ms-date') ?? '');
	let sent: PipelineRequest | undefined;
	jest.useFakeTimers({ now: at, doNotFake: [...FAKE_EVERYTHING_BUT_DATE] });
	let pending: Promise<unknown>;
	try {
		pending = policy.sendRequest(pipelineRequest, async (signed) => {
			sent = signed;
			return { request: signed, status: 200, headers: createHttpHeaders() };
		});
	} finally {
		jest.useRealTimers();
	}
	await pending;
	const headers = sent!.headers;
	return {
		date: headers.get('x-ms-date')!,
		hash: headers.get('x-ms-content-sha256')!,
		authorization: headers.get('authorization')!,
		host: headers.get('host')!,
	};
}

const FAKE_EVERYTHING_BUT_DATE = [
	'hrtime',
	'nextTick',
	'performance',
	'queueMicrotask',
	'requestAnimationFrame',
	'cancelAnimationFrame',
	'requestIdleCallback',
	'cancelIdleCallback',
	'setImmediate',
	'clearImmediate',
	'setInterval',
	'clearInterval',
	'setTimeout',
	'clearTimeout',
] as const;

// ---------------------------------------------------------------------------------------------
// Entra for the SDKs

/**
 * A TokenCredential for the SDKs: a client-credentials token from the emulator's Entra token endpoint.
 * It records the scopes each SDK asks for; the token is requested for the Communication `.default`
 * scope (the ACS SDKs ask for `https://communication.azure.com//.default`, which real Entra normalises).
 */
export class EmulatorEntraCredential {
	readonly requestedScopes: string[][] = [];

	constructor(private readonly emu: Emulator) {}

	async getToken(
		scopes: string | string[],
	): Promise<{ token: string; expiresOnTimestamp: number }> {
		this.requestedScopes.push(Array.isArray(scopes) ? scopes : [scopes]);
		const token = await entraToken(this.emu);
		return { token, expiresOnTimestamp: Date.now() + 50 * 60_000 };
	}
}

/** The emulator's URL as https: SDK bearer policies refuse http (see loopbackTlsShim). */
export const httpsUrl = (emu: Emulator) => emu.url.replace(/^http:/, 'https:');
