import { createHash, randomUUID } from 'node:crypto';
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

/**
 * ACS Email (spec Email/stable/2025-09-01): `POST /emails:send` starts a long-running operation that the
 * client polls at `GET /emails/operations/{id}`; each poll moves it on (NotStarted → Running → Succeeded,
 * or Failed for the failing recipient fixture), and a poll sooner than the `retry-after` it was given is
 * answered 429, as the service's poll rate limit does.
 */

/** The whole request, base64 attachments included (the documented limit). */
export const MAX_EMAIL_REQUEST_BYTES = 10 * 1024 * 1024;
const MAX_RECIPIENTS = 50;
/** The first version with inline attachments (an attachment's contentId). */
const INLINE_ATTACHMENTS_VERSION = '2025-09-01';
const ADDRESS =
	/^[^\s@<>()[\]\\,;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export type EmailStatus = 'NotStarted' | 'Running' | 'Succeeded' | 'Failed' | 'Canceled';

export interface EmailOperation {
	id: string;
	/** Hash of the request body: a repeated Operation-Id must carry the same request. */
	bodyHash: string;
	polls: number;
	fails: boolean;
	/** When the client may poll again (ms since epoch). */
	notBefore: number;
}

export interface EmailSettings {
	/** `retry-after` (seconds) of the send and of every non-final poll; 0 turns the poll rate check off. */
	retryAfterSeconds: number;
}

export const DEFAULT_EMAIL_SETTINGS: EmailSettings = { retryAfterSeconds: 1 };

function statusAfter(operation: EmailOperation): EmailStatus {
	if (operation.polls <= 1) return 'NotStarted';
	if (operation.polls === 2) return 'Running';
	return operation.fails ? 'Failed' : 'Succeeded';
}

function statusBody(operation: EmailOperation, status: EmailStatus) {
	return {
		id: operation.id,
		status,
		...(status === 'Failed' && {
			error: {
				code: 'EmailDropped',
				message: 'The email has been dropped because the recipient address bounced.',
			},
		}),
	};
}

function retryAfter(ctx: RequestContext): Record<string, string> {
	return { 'retry-after': String(ctx.env.state.emailSettings.retryAfterSeconds) };
}

function invalid(message: string): EmuResponse {
	return acsError(400, 'BadRequest', message);
}

function readAddresses(value: unknown, field: string): string[] | EmuResponse {
	if (value === undefined) return [];
	if (!Array.isArray(value)) return invalid(`${field} must be an array.`);
	const addresses: string[] = [];
	for (const [i, entry] of value.entries()) {
		if (!isRecord(entry) || typeof entry.address !== 'string')
			return invalid(`${field}[${i}].address is required.`);
		if (!ADDRESS.test(entry.address))
			return invalid(`${field}[${i}].address '${entry.address}' is not a valid email address.`);
		if (entry.displayName !== undefined && typeof entry.displayName !== 'string')
			return invalid(`${field}[${i}].displayName must be a string.`);
		addresses.push(entry.address);
	}
	return addresses;
}

/** The request's problems as the service reports them (400), or its recipients. */
function checkRequest(
	ctx: RequestContext,
	request: Record<string, unknown>,
	apiVersion: string,
): string[] | EmuResponse {
	const { senderAddress, content, recipients, attachments, replyTo, headers } = request;
	if (typeof senderAddress !== 'string' || !ADDRESS.test(senderAddress))
		return invalid('senderAddress must be a valid email address.');
	if (!isRecord(content) || typeof content.subject !== 'string' || content.subject === '')
		return invalid('content.subject is required.');
	if (
		(typeof content.plainText !== 'string' || content.plainText === '') &&
		(typeof content.html !== 'string' || content.html === '')
	)
		return invalid('Either content.plainText or content.html is required.');
	if (!isRecord(recipients)) return invalid('recipients is required.');
	const all: string[] = [];
	for (const field of ['to', 'cc', 'bcc'] as const) {
		const addresses = readAddresses(recipients[field], `recipients.${field}`);
		if (!Array.isArray(addresses)) return addresses;
		all.push(...addresses);
	}
	if (!Array.isArray(recipients.to) || recipients.to.length === 0)
		return invalid('recipients.to must hold at least one recipient.');
	if (all.length > MAX_RECIPIENTS)
		return invalid(`An email may have at most ${MAX_RECIPIENTS} recipients in to, cc and bcc.`);
	const replyToAddresses = readAddresses(replyTo, 'replyTo');
	if (!Array.isArray(replyToAddresses)) return replyToAddresses;
	if (headers !== undefined && !isRecord(headers)) return invalid('headers must be an object.');
	if (attachments !== undefined) {
		if (!Array.isArray(attachments)) return invalid('attachments must be an array.');
		for (const [i, attachment] of attachments.entries()) {
			if (
				!isRecord(attachment) ||
				typeof attachment.name !== 'string' ||
				typeof attachment.contentType !== 'string' ||
				typeof attachment.contentInBase64 !== 'string'
			)
				return invalid(`attachments[${i}] needs name, contentType and contentInBase64.`);
			if (!BASE64.test(attachment.contentInBase64) || attachment.contentInBase64.length % 4 !== 0)
				return invalid(`attachments[${i}].contentInBase64 is not valid base64.`);
			if (attachment.contentId !== undefined && apiVersion < INLINE_ATTACHMENTS_VERSION)
				return invalid(
					`attachments[${i}].contentId is not supported in api-version ${apiVersion}; use ${INLINE_ATTACHMENTS_VERSION} or later.`,
				);
		}
	}
	const domain = senderAddress.slice(senderAddress.lastIndexOf('@') + 1).toLowerCase();
	if (domain !== ctx.env.fixtures.acs.email.domain)
		return acsError(
			400,
			'DomainNotLinked',
			`The specified sender domain has not been linked to the Communication Services resource: ${domain}.`,
		);
	return all;
}

/** POST /emails:send → 202 `{id, status: 'Running'}` with Operation-Location and retry-after. */
export function sendEmail(ctx: RequestContext): EmuResponse {
	const guardError = checkApiVersion(ctx, 'email') ?? authenticateService(ctx);
	if (guardError) return guardError;
	if (ctx.body.length > MAX_EMAIL_REQUEST_BYTES)
		return acsError(
			413,
			'RequestEntityTooLarge',
			`The request is ${ctx.body.length} bytes; an email request may be at most ${MAX_EMAIL_REQUEST_BYTES} bytes, attachments included.`,
		);
	const parsed = parseJsonBody(ctx);
	if (!parsed.ok || !isRecord(parsed.value))
		return invalid('The request body must be a JSON object.');
	const request = parsed.value;
	const apiVersion = ctx.query.get('api-version') ?? '';
	const recipients = checkRequest(ctx, request, apiVersion);
	if (!Array.isArray(recipients)) return recipients;

	const header = ctx.headers['operation-id'];
	const operationId = typeof header === 'string' && header !== '' ? header : randomUUID();
	if (!GUID.test(operationId)) return invalid('Operation-Id must be a UUID.');
	const { emailOperations, outbox } = ctx.env.state;
	const bodyHash = createHash('sha256').update(ctx.body).digest('base64');
	const location = {
		'Operation-Location': `${ctx.env.url}/emails/operations/${operationId}?api-version=${apiVersion}`,
		...retryAfter(ctx),
	};
	const known = emailOperations.get(operationId.toLowerCase());
	if (known) {
		if (known.bodyHash !== bodyHash)
			return acsError(
				409,
				'Conflict',
				`An operation with ID ${operationId} was already started with a different request.`,
			);
		return json(202, statusBody(known, 'Running'), location);
	}
	const operation: EmailOperation = {
		id: operationId,
		bodyHash,
		polls: 0,
		fails: recipients.includes(ctx.env.fixtures.acs.email.failedRecipient),
		notBefore: Date.now() + ctx.env.state.emailSettings.retryAfterSeconds * 1000,
	};
	emailOperations.set(operationId.toLowerCase(), operation);
	outbox.push({ service: 'email', id: operationId, to: recipients[0]!, request });
	return json(202, { id: operationId, status: 'Running' }, location);
}

/** GET /emails/operations/{operationId} → 200 `{id, status, error?}`; 429 when polled too soon; 404 unknown. */
export function getEmailOperation(ctx: RequestContext, rawId: string): EmuResponse {
	const guardError = checkApiVersion(ctx, 'email') ?? authenticateService(ctx);
	if (guardError) return guardError;
	const id = decodeSegment(rawId) ?? '';
	const operation = ctx.env.state.emailOperations.get(id.toLowerCase());
	if (!operation) return acsError(404, 'NotFound', `Operation ${id} was not found.`);
	const now = Date.now();
	if (now < operation.notBefore)
		return acsError(
			429,
			'TooManyRequests',
			'The operation status was requested too often; wait for the retry-after interval.',
			{ 'retry-after': String(Math.ceil((operation.notBefore - now) / 1000)) },
		);
	operation.polls++;
	const status = statusAfter(operation);
	const final = status === 'Succeeded' || status === 'Failed';
	operation.notBefore = final ? 0 : now + ctx.env.state.emailSettings.retryAfterSeconds * 1000;
	return json(200, statusBody(operation, status), final ? {} : retryAfter(ctx));
}
