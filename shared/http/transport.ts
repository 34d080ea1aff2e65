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
import { isSafeToRepeat, retryDelay } from './retry';

/**
 * The one path every request of this package takes: per-item retries with fresh authentication on each
 * attempt, and a single renewal of the authentication after a 401.
 */

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/**
 * `json` parses the body (empty gives undefined); `stream` hands the open body to `consume`; `none`
 * decides on the status alone and discards the body, so a body cut short cannot fail a done request.
 */
export type ResponseType = 'json' | 'stream' | 'none';

/** What sending needs of a node's context: execution, webhook lifecycle and webhook contexts all have it. */
export type RequestContext = Pick<IExecuteFunctions, 'getNode' | 'logger'>;

export interface RequestSpec {
	method: HttpMethod;
	url: string;
	/** Sent as JSON. */
	body?: IDataObject;
	/** Sent form-encoded instead of `body`; a list repeats the field. */
	form?: FormFields;
	headers?: IDataObject;
	responseType?: ResponseType;
	/** Off: a 3xx is returned to the caller instead of being followed. */
	followRedirects?: boolean;
	/** The request carries an idempotency key the service deduplicates on, so repeating it is safe. */
	idempotencyKey?: boolean;
	/**
	 * What is in doubt when a failure leaves open whether the request had its effect, in a user's words
	 * (e.g. "the message may or may not have been sent"); the error says it.
	 */
	effect?: string;
}

export type FormFields = Record<string, string | string[] | undefined>;

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
	if (spec.form !== undefined) {
		options.body = formEncode(spec.form);
		headers['content-type'] = 'application/x-www-form-urlencoded';
	} else if (spec.body !== undefined) {
		options.body = JSON.stringify(spec.body);
		// A JSON variant such as application/merge-patch+json, when the request names one.
		headers['content-type'] ??= 'application/json';
	}
	if (spec.followRedirects === false) options.disableFollowRedirect = true;
	return options;
}

/** Percent-encoded as the official clients encode forms (a space is %20, not +). */
function formEncode(fields: FormFields): string {
	const pairs: string[] = [];
	for (const [name, value] of Object.entries(fields)) {
		for (const single of Array.isArray(value) ? value : value === undefined ? [] : [value])
			pairs.push(`${encodeURIComponent(name)}=${encodeURIComponent(single)}`);
	}
	return pairs.join('&');
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
	const safeToRepeat = isSafeToRepeat(spec.method, spec.idempotencyKey);
	let retries = 0;
	let renewed = false;
	// A repeated attempt of a request that changes something may have had its effect already.
	let earlierAttemptInDoubt = false;
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
			retries < transport.maxRetries ? retryDelay(safeToRepeat, failure, retries) : undefined;
		if (delayMs === undefined)
			throw await finalError(
				ctx,
				transport,
				spec,
				failure,
				itemIndex,
				retries,
				earlierAttemptInDoubt,
			);
		if (!isSafeToRepeat(spec.method) && leavesEffectInDoubt(failure)) earlierAttemptInDoubt = true;
		if (failure.kind === 'status') discardBody(failure.body);
		retries += 1;
		ctx.logger.info(
			`${transport.service.name}: ${describeFailure(failure)} on item ${itemIndex}; retry ${retries} in ${delayMs} ms`,
		);
		await sleep(delayMs);
	}
}

/** A failure after which the request may or may not have been carried out (a safe one would be retried). */
function leavesEffectInDoubt(failure: HttpFailure): boolean {
	return retryDelay(true, failure, 0) !== undefined && retryDelay(false, failure, 0) === undefined;
}

async function finalError(
	ctx: RequestContext,
	transport: Transport,
	spec: RequestSpec,
	failure: HttpFailure,
	itemIndex: number,
	retries: number,
	earlierAttemptInDoubt: boolean,
) {
	const error =
		failure.kind === 'status'
			? await serviceApiError(ctx.getNode(), transport.service, failure, itemIndex)
			: networkApiError(ctx.getNode(), transport.service, failure, itemIndex);
	const doubt = spec.effect ?? 'it may or may not have had its effect';
	const withheld =
		leavesEffectInDoubt(failure) && !isSafeToRepeat(spec.method, spec.idempotencyKey);
	const note = withheld
		? `The request may have reached the service, so it was not repeated: ${doubt}.`
		: earlierAttemptInDoubt
			? `An earlier attempt may have reached the service: ${doubt}.`
			: undefined;
	if (note)
		error.description = `${error.description ? `${error.description} ` : ''}${note} Check before running it again.`;
	if (retries > 0) error.message += ` (after ${retries} ${retries === 1 ? 'retry' : 'retries'})`;
	return error;
}
