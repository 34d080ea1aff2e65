import {
	NodeApiError,
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
	type JsonObject,
} from 'n8n-workflow';

import { classifyFailure, type HttpFailure } from './failure';
import { retryDelay } from './retry';
import { serviceApiError, type ServiceProfile } from './serviceError';

/**
 * The one path every request of this package takes: per-item retries with fresh authentication on each
 * attempt, a single token refresh on 401, service errors turned into NodeApiErrors, and nothing of the
 * request's credentials copied into an error.
 */

export interface RequestSpec {
	method: 'GET' | 'POST' | 'DELETE';
	url: string;
	body?: IDataObject;
	headers?: IDataObject;
	/**
	 * `json` parses the body (empty gives undefined); `stream` hands the open body to `consume`; `none`
	 * decides on the status alone and discards the body, so a body cut short cannot fail a done request.
	 */
	responseType?: 'json' | 'stream' | 'none';
	/** Off: a 3xx is returned to the caller instead of being followed. */
	followRedirects?: boolean;
}

export interface ServiceResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string>;
	body: T;
}

/** Sends one attempt with some authentication (a credential, a minted token, or none). */
export type Sender = (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>;

export interface Transport {
	service: ServiceProfile;
	send: Sender;
	maxRetries: number;
	timeoutMs: number;
	/** Called once after a 401; returns true when fresh authentication is worth one more attempt. */
	renewAuthentication?: () => Promise<boolean>;
}

function lowerCaseHeaders(headers: unknown): Record<string, string> {
	const record: Record<string, string> = {};
	for (const [name, value] of Object.entries((headers ?? {}) as Record<string, unknown>)) {
		if (value !== undefined && value !== null) record[name.toLowerCase()] = String(value);
	}
	return record;
}

/** Parsed JSON; a body that is not JSON is kept as text, for the caller to report. */
function parseJsonBody(body: unknown): unknown {
	const text = Buffer.isBuffer(body)
		? body.toString('utf8')
		: typeof body === 'string'
			? body
			: undefined;
	if (text === undefined) return body;
	if (text.trim() === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return text;
	}
}

/** Frees an unread streamed body (a no-op for bodies already read into memory). */
function discardBody(body: unknown): void {
	const stream = body as { destroy?: () => void } | undefined;
	if (stream && typeof stream.destroy === 'function') stream.destroy();
}

function describe(failure: HttpFailure): string {
	return failure.kind === 'status' ? `HTTP ${failure.status}` : failure.code;
}

function buildOptions(spec: RequestSpec, timeoutMs: number): IHttpRequestOptions {
	const headers: IDataObject = { accept: 'application/json', ...spec.headers };
	const options: IHttpRequestOptions = {
		method: spec.method,
		url: spec.url,
		headers,
		returnFullResponse: true,
		encoding:
			spec.responseType === 'json' || spec.responseType === undefined ? 'arraybuffer' : 'stream',
		timeout: timeoutMs,
		// Statuses come back as responses so that retries and the single 401 renewal are decided here.
		ignoreHttpStatusErrors: true,
		// A redirect to another origin must never carry this package's credentials.
		sendCredentialsOnCrossOriginRedirect: false,
	};
	if (spec.body !== undefined) {
		options.body = JSON.stringify(spec.body);
		headers['content-type'] = 'application/json';
	}
	if (spec.followRedirects === false) options.disableFollowRedirect = true;
	return options;
}

type Attempt<T> = { done: true; value: T } | { done: false; failure: HttpFailure };

/** A failure worth deciding about (retry or report); anything else ends the item as it is. */
function failureOf(
	ctx: IExecuteFunctions,
	transport: Transport,
	error: unknown,
	itemIndex: number,
): HttpFailure {
	if (error instanceof NodeOperationError) throw error;
	const failure = classifyFailure(error);
	if (!failure) throw unexpectedError(ctx, transport.service, error, itemIndex);
	return failure;
}

async function attempt<T>(
	ctx: IExecuteFunctions,
	transport: Transport,
	spec: RequestSpec,
	itemIndex: number,
	consume?: (response: ServiceResponse) => Promise<T>,
): Promise<Attempt<T>> {
	let raw: IN8nHttpFullResponse;
	try {
		raw = await transport.send(buildOptions(spec, transport.timeoutMs));
	} catch (error) {
		return { done: false, failure: failureOf(ctx, transport, error, itemIndex) };
	}
	const headers = lowerCaseHeaders(raw.headers);
	if (raw.statusCode >= 400)
		return {
			done: false,
			failure: { kind: 'status', status: raw.statusCode, headers, body: raw.body },
		};
	if (spec.responseType === 'none') discardBody(raw.body);
	const response: ServiceResponse = {
		statusCode: raw.statusCode,
		headers,
		body:
			spec.responseType === 'json' || spec.responseType === undefined
				? parseJsonBody(raw.body)
				: raw.body,
	};
	try {
		return { done: true, value: consume ? await consume(response) : (response as T) };
	} catch (error) {
		return { done: false, failure: failureOf(ctx, transport, error, itemIndex) };
	}
}

/**
 * Sends `spec` and hands the response to `consume` (default: the parsed JSON). A failure while consuming
 * a streamed body (a dropped or truncated download) is retried like a failed request.
 */
export async function sendRequest<T = ServiceResponse>(
	ctx: IExecuteFunctions,
	transport: Transport,
	spec: RequestSpec,
	itemIndex: number,
	consume?: (response: ServiceResponse) => Promise<T>,
): Promise<T> {
	let retries = 0;
	let renewed = false;
	for (;;) {
		const result = await attempt(ctx, transport, spec, itemIndex, consume);
		if (result.done) return result.value;
		const { failure } = result;
		if (
			failure.kind === 'status' &&
			failure.status === 401 &&
			!renewed &&
			transport.renewAuthentication
		) {
			renewed = true;
			if (await transport.renewAuthentication()) {
				discardBody(failure.body);
				continue;
			}
		}
		const delayMs =
			retries < transport.maxRetries ? retryDelay(spec.method, failure, retries) : undefined;
		if (delayMs === undefined)
			throw await finalError(ctx, transport, spec, failure, itemIndex, retries);
		if (failure.kind === 'status') discardBody(failure.body);
		retries += 1;
		ctx.logger.info(
			`${transport.service.name}: ${describe(failure)} on item ${itemIndex}; retry ${retries} in ${delayMs} ms`,
		);
		await sleep(delayMs);
	}
}

async function finalError(
	ctx: IExecuteFunctions,
	transport: Transport,
	spec: RequestSpec,
	failure: HttpFailure,
	itemIndex: number,
	retries: number,
): Promise<NodeApiError> {
	const node = ctx.getNode();
	const afterRetries =
		retries > 0 ? ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})` : '';
	if (failure.kind === 'status') {
		const error = await serviceApiError(node, transport.service, failure, itemIndex);
		error.message += afterRetries;
		return error;
	}
	// Not under `code`: NodeApiError would swap its message for a generic one when it sees a network code there.
	const errorResponse: JsonObject = { networkError: failure.code, message: failure.message };
	const notRepeated =
		failure.requestMayHaveBeenSent && retryDelay(spec.method, failure, 0) === undefined
			? ' The request may have reached the service, so it was not repeated: check its effect before running it again.'
			: '';
	// The wording avoids the raw code for the same reason.
	return new NodeApiError(node, errorResponse, {
		message: `Could not reach ${transport.service.name}: ${NETWORK_FAILURES[failure.code] ?? 'the connection failed'}${afterRetries}`,
		description: `Network error ${failure.code}. Check the endpoint and your network; if the service is slow, raise the Timeout option.${notRepeated}`,
		itemIndex,
	});
}

const NETWORK_FAILURES: Record<string, string> = {
	ECONNRESET: 'the connection was reset',
	EPIPE: 'the connection was reset',
	ECONNREFUSED: 'the connection was refused',
	ETIMEDOUT: 'the request timed out',
	ECONNABORTED: 'the request timed out',
	ESOCKETTIMEDOUT: 'the request timed out',
	ERR_SOCKET_CONNECTION_TIMEOUT: 'the request timed out',
	ENOTFOUND: 'the host name could not be resolved',
	EAI_AGAIN: 'the host name could not be resolved',
	EHOSTUNREACH: 'the host is unreachable',
	ENETUNREACH: 'the network is unreachable',
	ERR_STREAM_PREMATURE_CLOSE: 'the response ended before it was complete',
};

/** Only the message survives: a wrapped cause may hold the request config and its credentials. */
function unexpectedError(
	ctx: IExecuteFunctions,
	service: ServiceProfile,
	error: unknown,
	itemIndex: number,
) {
	const message = error instanceof Error ? error.message : String(error);
	const identityProviderSaid = tokenEndpointExplanation(error);
	return new NodeOperationError(ctx.getNode(), `Request to ${service.name} failed: ${message}`, {
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
