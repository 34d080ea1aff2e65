import {
	NodeOperationError,
	sleep,
	type IDataObject,
	type IExecuteFunctions,
	type IHttpRequestOptions,
	type IN8nHttpFullResponse,
} from 'n8n-workflow';

import {
	classifyFailure,
	describeFailure,
	networkApiError,
	serviceApiError,
	unexpectedRequestError,
	type HttpFailure,
	type ServiceProfile,
} from '../errors';
import { discardBody, normalizeHeaders, parseBody } from './response';
import { retryDelay } from './retry';

/**
 * The one path every request of this package takes: per-item retries with fresh authentication on each
 * attempt, and a single renewal of the authentication after a 401.
 */

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/**
 * `json` parses the body (empty gives undefined); `stream` hands the open body to `consume`; `none`
 * decides on the status alone and discards the body, so a body cut short cannot fail a done request.
 */
export type ResponseType = 'json' | 'stream' | 'none';

/** What sending needs of a node's context: execution, webhook lifecycle and webhook contexts all have it. */
export type RequestContext = Pick<IExecuteFunctions, 'getNode' | 'logger'>;

interface RequestSpec {
	method: HttpMethod;
	url: string;
	body?: IDataObject;
	/** Sent as application/x-www-form-urlencoded instead of a JSON body. */
	form?: Record<string, string>;
	headers?: IDataObject;
	responseType?: ResponseType;
	/** Off: a 3xx is returned to the caller instead of being followed. */
	followRedirects?: boolean;
}

export interface ServiceResponse<T = unknown> {
	statusCode: number;
	headers: Record<string, string>;
	body: T;
}

/** Sends one attempt with some authentication (a credential, a token, or none). */
export type Sender = (options: IHttpRequestOptions) => Promise<IN8nHttpFullResponse>;

export interface Transport {
	service: ServiceProfile;
	send: Sender;
	maxRetries: number;
	timeoutMs: number;
	/** Called once after a 401; returns true when fresh authentication is worth one more attempt. */
	renewAuthentication?: () => Promise<boolean>;
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
	} else if (spec.form !== undefined) {
		options.body = new URLSearchParams(spec.form).toString();
		headers['content-type'] = 'application/x-www-form-urlencoded';
	}
	if (spec.followRedirects === false) options.disableFollowRedirect = true;
	return options;
}

type Attempt<T> = { done: true; value: T } | { done: false; failure: HttpFailure };

/** A failure worth deciding about (retry or report); anything else ends the item as it is. */
function failureOf(
	ctx: RequestContext,
	transport: Transport,
	error: unknown,
	itemIndex: number,
): HttpFailure {
	if (error instanceof NodeOperationError) throw error;
	const failure = classifyFailure(error);
	if (!failure) throw unexpectedRequestError(ctx.getNode(), transport.service, error, itemIndex);
	return failure;
}

async function attempt<T>(
	ctx: RequestContext,
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
	const headers = normalizeHeaders(raw.headers);
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
				? parseBody(raw.body)
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
	ctx: RequestContext,
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
			`${transport.service.name}: ${describeFailure(failure)} on item ${itemIndex}; retry ${retries} in ${delayMs} ms`,
		);
		await sleep(delayMs);
	}
}

async function finalError(
	ctx: RequestContext,
	transport: Transport,
	spec: RequestSpec,
	failure: HttpFailure,
	itemIndex: number,
	retries: number,
) {
	const error =
		failure.kind === 'status'
			? await serviceApiError(ctx.getNode(), transport.service, failure, itemIndex)
			: networkApiError(
					ctx.getNode(),
					transport.service,
					failure,
					itemIndex,
					failure.requestMayHaveBeenSent && retryDelay(spec.method, failure, 0) === undefined,
				);
	if (retries > 0) error.message += ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})`;
	return error;
}
