import {
	NodeApiError,
	NodeOperationError,
	type IExecuteFunctions,
	type INode,
	type JsonObject,
} from 'n8n-workflow';

import { normalizeHeaders, readBody } from './http/response';

/**
 * Every error this package shows a user is shaped here: a credential that cannot be used, a service's
 * error response, a network failure, and anything unexpected from n8n's request helpers. Nothing of a
 * request's configuration (and so of its credentials) is ever copied into an error.
 */

/** A credential field that cannot be used as it is (thrown before anything is sent). */
export class InvalidCredentialError extends Error {}

/** The node error for an unusable credential, or the error itself when it is something else. */
export function credentialProblem(
	ctx: Pick<IExecuteFunctions, 'getNode'>,
	itemIndex: number,
	error: unknown,
) {
	if (!(error instanceof InvalidCredentialError)) return error;
	return new NodeOperationError(ctx.getNode(), `Credential problem: ${error.message}`, {
		itemIndex,
		description: 'Open the credential and correct it. Nothing was sent.',
	});
}

/** The error a service put in its response body, in whatever shape that service uses. */
export interface ServiceErrorDetail {
	code?: string;
	message?: string;
	moreInfo?: string;
}

export interface ServiceProfile {
	/** Shown to users, e.g. "Azure Communication Services". */
	name: string;
	readError(body: unknown, headers: Record<string, string>): ServiceErrorDetail;
	/** What to do about a status, in the service's terms. */
	hint(status: number, detail: ServiceErrorDetail): string | undefined;
}

/**
 * What went wrong with one HTTP attempt: a status the service answered with, or a network failure.
 * Only status, headers, body and error code are kept.
 */
export type HttpFailure =
	| { kind: 'status'; status: number; headers: Record<string, string>; body: unknown }
	| { kind: 'network'; code: string; message: string; requestMayHaveBeenSent: boolean };

/** The network error codes this package recognises, how to say them, and which never carried the request. */
const NETWORK_ERRORS: Record<string, { wording: string; neverSent?: true }> = {
	ECONNREFUSED: { wording: 'the connection was refused', neverSent: true },
	ENOTFOUND: { wording: 'the host name could not be resolved', neverSent: true },
	EAI_AGAIN: { wording: 'the host name could not be resolved', neverSent: true },
	EHOSTUNREACH: { wording: 'the host is unreachable', neverSent: true },
	ENETUNREACH: { wording: 'the network is unreachable', neverSent: true },
	EADDRNOTAVAIL: { wording: 'the connection failed', neverSent: true },
	ECONNRESET: { wording: 'the connection was reset' },
	EPIPE: { wording: 'the connection was reset' },
	ETIMEDOUT: { wording: 'the request timed out' },
	ECONNABORTED: { wording: 'the request timed out' },
	ESOCKETTIMEDOUT: { wording: 'the request timed out' },
	ERR_SOCKET_CONNECTION_TIMEOUT: { wording: 'the request timed out' },
	ERR_STREAM_PREMATURE_CLOSE: { wording: 'the response ended before it was complete' },
	UND_ERR_SOCKET: { wording: 'the connection failed' },
};

export class TruncatedBodyError extends Error {
	code = 'ERR_STREAM_PREMATURE_CLOSE';
}

interface AxiosLike {
	code?: unknown;
	message?: unknown;
	response?: { status?: unknown; headers?: unknown; data?: unknown };
	cause?: unknown;
}

/**
 * Reads whatever n8n's request helpers threw (an AxiosError, possibly wrapped in a NodeApiError's
 * `cause`) as an HttpFailure, or undefined when it is neither a status nor a known network failure.
 */
export function classifyFailure(error: unknown): HttpFailure | undefined {
	const seen = new Set<unknown>();
	let current: unknown = error;
	while (current && typeof current === 'object' && !seen.has(current)) {
		seen.add(current);
		const candidate = current as AxiosLike;
		const status = candidate.response?.status;
		// A success status whose body then broke off: the exchange failed like a dropped connection.
		if (typeof status === 'number' && status < 400) {
			return {
				kind: 'network',
				code: 'ERR_STREAM_PREMATURE_CLOSE',
				message: 'The response ended before it was complete',
				requestMayHaveBeenSent: true,
			};
		}
		if (typeof status === 'number') {
			return {
				kind: 'status',
				status,
				headers: normalizeHeaders(candidate.response?.headers),
				body: candidate.response?.data,
			};
		}
		const code = typeof candidate.code === 'string' ? candidate.code : undefined;
		if (code && NETWORK_ERRORS[code]) {
			return {
				kind: 'network',
				code,
				message: typeof candidate.message === 'string' ? candidate.message : code,
				requestMayHaveBeenSent: !NETWORK_ERRORS[code].neverSent,
			};
		}
		if (candidate.message === 'aborted' || candidate.message === 'socket hang up') {
			return {
				kind: 'network',
				code: 'ECONNRESET',
				message: String(candidate.message),
				requestMayHaveBeenSent: true,
			};
		}
		current = candidate.cause;
	}
	return undefined;
}

/** A short name for a failure, for log lines. */
export function describeFailure(failure: HttpFailure): string {
	return failure.kind === 'status' ? `HTTP ${failure.status}` : failure.code;
}

const MAX_SHOWN_TEXT_BODY = 500;

/** A service's error response as a NodeApiError with its code, message, status and a hint. */
export async function serviceApiError(
	node: INode,
	service: ServiceProfile,
	failure: Extract<HttpFailure, { kind: 'status' }>,
	itemIndex: number,
): Promise<NodeApiError> {
	const parsed = await readBody(failure.body);
	const body = typeof parsed === 'string' ? parsed.trim().slice(0, MAX_SHOWN_TEXT_BODY) : parsed;
	const detail = service.readError(body, failure.headers);
	const code = detail.code ?? `HTTP ${failure.status}`;
	const message =
		detail.message ??
		(typeof body === 'string' && body ? body : 'no error message in the response');
	const errorResponse: JsonObject = { code, message, httpStatus: failure.status };
	if (detail.moreInfo) errorResponse.moreInfo = detail.moreInfo;
	return new NodeApiError(node, errorResponse, {
		message: `${service.name} returned ${failure.status} ${code}: ${message}`,
		description: service.hint(failure.status, detail),
		httpCode: String(failure.status),
		itemIndex,
	});
}

/** A network failure as a NodeApiError. */
export function networkApiError(
	node: INode,
	service: ServiceProfile,
	failure: Extract<HttpFailure, { kind: 'network' }>,
	itemIndex: number,
): NodeApiError {
	// Not under `code`: NodeApiError would swap its message for a generic one when it sees a network code there.
	const errorResponse: JsonObject = { networkError: failure.code, message: failure.message };
	// The wording avoids the raw code for the same reason.
	return new NodeApiError(node, errorResponse, {
		message: `Could not reach ${service.name}: ${NETWORK_ERRORS[failure.code]?.wording ?? 'the connection failed'}`,
		description: `Network error ${failure.code}. Check the endpoint and your network; if the service is slow, raise the Timeout option.`,
		itemIndex,
	});
}

/** Anything else a request threw. Only the message survives: a wrapped cause may hold the request config. */
export function unexpectedRequestError(
	node: INode,
	service: ServiceProfile,
	error: unknown,
	itemIndex: number,
): NodeOperationError {
	const message = error instanceof Error ? error.message : String(error);
	const identityProviderSaid = tokenEndpointExplanation(error);
	return new NodeOperationError(node, `Request to ${service.name} failed: ${message}`, {
		itemIndex,
		description: identityProviderSaid
			? `The identity provider said: ${identityProviderSaid} Check the credential's tenant ID, client ID, client secret and authority host.`
			: undefined,
	});
}

/**
 * n8n's OAuth2 client replaces the token endpoint's own explanation (Entra's AADSTS… text) with a
 * generic one; the original is still in the error's body, and it says what to fix.
 */
function tokenEndpointExplanation(error: unknown): string | undefined {
	const seen = new Set<unknown>();
	for (
		let current = error;
		current && typeof current === 'object' && !seen.has(current);
		current = (current as { cause?: unknown }).cause
	) {
		seen.add(current);
		const description = (current as { body?: { error_description?: unknown } }).body
			?.error_description;
		if (typeof description === 'string' && description.trim()) return description.trim();
	}
	return undefined;
}
