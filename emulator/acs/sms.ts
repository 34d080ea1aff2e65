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
import { checkApiVersion, type AcsService } from './apiVersions';
import { authenticateService } from './auth';
import { REPEATABILITY_WINDOW_MS } from './repeatability';

/**
 * ACS SMS (spec Sms/stable/2026-01-23): send with per-recipient results and per-recipient repeatability
 * (in the body, not in headers), opt-outs, delivery reports.
 */

const E164 = /^\+[1-9]\d{6,14}$/;
/** Alphanumeric sender ID: 1–11 letters, digits and spaces, at least one letter. */
/** A short code: ACS takes it as its 5 or 6 digits, without + or country code. */
const SHORT_CODE = /^\d{5,6}$/;
const SENDER_ID = /^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const IMF_FIXDATE = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const MAX_RECIPIENTS = 100;
const MAX_MESSAGE = 2048;

export const INVALID_TO_MESSAGE = 'Invalid To phone number format.';
export const OPTED_OUT_MESSAGE =
	'Message sending failed: the recipient has opted out of messages from this sender.';

/** One recipient's answer inside the 202. */
export interface SmsSendResponseItem {
	to: string;
	messageId?: string;
	httpStatusCode: number;
	repeatabilityResult?: 'accepted' | 'rejected';
	successful: boolean;
	errorMessage?: string;
}

/** A message the emulator sent, for delivery reports. */
export interface SmsRecord {
	messageId: string;
	from: string;
	to: string;
	tag?: string;
	deliveryReport: boolean;
	sentAt: string;
	segments: number;
}

/**
 * 400 as the spec's BadRequestErrorResponse shows validation errors (RFC 9110 problem details with
 * `errors` by field); the `error` object beside it is the spec's "standard API error" part of the same
 * schema, so clients reading either shape find the message.
 */
function validationError(field: string, message: string): EmuResponse {
	return json(
		400,
		{
			type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
			title: 'One or more validation errors occurred.',
			status: 400,
			errors: { [field]: [message] },
			traceId: `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-00`,
			error: { code: 'BadRequest', message },
		},
		{ 'x-ms-error-code': 'BadRequest' },
	);
}

function notFound(): EmuResponse {
	return json(404, {
		type: 'https://tools.ietf.org/html/rfc9110#section-15.5.5',
		title: 'Not Found',
		status: 404,
		traceId: `00-${randomUUID().replace(/-/g, '')}-${randomUUID().replace(/-/g, '').slice(0, 16)}-00`,
	});
}

function guard(ctx: RequestContext, service: AcsService): EmuResponse | undefined {
	return checkApiVersion(ctx, service) ?? authenticateService(ctx);
}

/** `from`: well-formed (E.164, short code or sender ID), else 400; a number or ID of another resource, 401. */
function checkFrom(ctx: RequestContext, from: unknown): EmuResponse | undefined {
	if (typeof from !== 'string' || from === '')
		return validationError('from', 'The from field is required.');
	if (!E164.test(from) && !SHORT_CODE.test(from) && !SENDER_ID.test(from))
		return validationError('from', 'Invalid From phone number format.');
	const { phoneNumbers, sms } = ctx.env.fixtures.acs;
	const owned = [phoneNumbers.main, phoneNumbers.second, sms.alphanumericSenderId];
	if (!owned.includes(from))
		return acsError(
			401,
			'Unauthorized',
			`The sender ${from} is not a phone number or sender ID of this Communication Services resource.`,
		);
	return undefined;
}

function optOutKey(from: string, to: string): string {
	return `${from}\n${to}`;
}

function segmentCount(message: string): number {
	const gsm = /^[\x20-\x7E\n\r]*$/.test(message);
	const [single, multi] = gsm ? [160, 153] : [70, 67];
	return message.length <= single ? 1 : Math.ceil(message.length / multi);
}

function checkSendRequest(request: Record<string, unknown>): EmuResponse | undefined {
	const { smsRecipients, message, smsSendOptions } = request;
	if (!Array.isArray(smsRecipients) || smsRecipients.length === 0)
		return validationError('smsRecipients', 'At least one recipient is required.');
	if (smsRecipients.length > MAX_RECIPIENTS)
		return validationError(
			'smsRecipients',
			`At most ${MAX_RECIPIENTS} recipients are supported in one request.`,
		);
	for (const [i, recipient] of smsRecipients.entries()) {
		if (!isRecord(recipient) || typeof recipient.to !== 'string' || recipient.to === '')
			return validationError(`smsRecipients[${i}].to`, 'The to field is required.');
		for (const name of ['repeatabilityRequestId', 'repeatabilityFirstSent'] as const)
			if (recipient[name] !== undefined && typeof recipient[name] !== 'string')
				return validationError(`smsRecipients[${i}].${name}`, `${name} must be a string.`);
	}
	if (typeof message !== 'string' || message === '')
		return validationError('message', 'The message field is required.');
	if (message.length > MAX_MESSAGE)
		return validationError('message', `The message may be at most ${MAX_MESSAGE} characters.`);
	if (smsSendOptions !== undefined) {
		if (!isRecord(smsSendOptions) || typeof smsSendOptions.enableDeliveryReport !== 'boolean')
			return validationError(
				'smsSendOptions.enableDeliveryReport',
				'enableDeliveryReport is required in smsSendOptions.',
			);
		const { tag, deliveryReportTimeoutInSeconds: timeout } = smsSendOptions;
		if (tag !== undefined && typeof tag !== 'string')
			return validationError('smsSendOptions.tag', 'tag must be a string.');
		if (
			timeout !== undefined &&
			(typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 60 || timeout > 43200)
		)
			return validationError(
				'smsSendOptions.deliveryReportTimeoutInSeconds',
				'deliveryReportTimeoutInSeconds must be an integer between 60 and 43200.',
			);
	}
	return undefined;
}

/** What identifies a repeated recipient: the same sender, recipient, message, options and first-sent time. */
function recipientHash(request: Record<string, unknown>, to: string, firstSent: string): string {
	return createHash('sha256')
		.update(
			JSON.stringify([
				request.from,
				to,
				request.message,
				request.smsSendOptions ?? null,
				firstSent,
			]),
		)
		.digest('base64');
}

function refused(
	to: string,
	httpStatusCode: number,
	errorMessage: string,
	repeatabilityResult?: 'rejected',
): SmsSendResponseItem {
	return {
		to,
		httpStatusCode,
		...(repeatabilityResult && { repeatabilityResult }),
		successful: false,
		errorMessage,
	};
}

/** One recipient, sent now (or refused inside the 202). */
function sendOne(
	ctx: RequestContext,
	request: Record<string, unknown>,
	to: string,
): SmsSendResponseItem {
	const from = request.from as string;
	const { sms } = ctx.env.fixtures.acs;
	if (!E164.test(to) || to === sms.invalidRecipient) return refused(to, 400, INVALID_TO_MESSAGE);
	if (ctx.env.state.smsOptOuts.has(optOutKey(from, to))) return refused(to, 400, OPTED_OUT_MESSAGE);
	const messageId = `Outgoing_${new Date().toISOString().replace(/\D/g, '').slice(0, 14)}_noam_${randomUUID()}`;
	const options = isRecord(request.smsSendOptions) ? request.smsSendOptions : {};
	ctx.env.state.smsMessages.set(messageId, {
		messageId,
		from,
		to,
		tag: typeof options.tag === 'string' ? options.tag : undefined,
		deliveryReport: options.enableDeliveryReport === true,
		sentAt: new Date().toISOString(),
		segments: segmentCount(String(request.message)),
	});
	ctx.env.state.outbox.push({ service: 'sms', id: messageId, to, request });
	return { to, messageId, httpStatusCode: 202, successful: true };
}

/**
 * One recipient with ACS's repeatable-request rules applied per recipient: an ID needs a first-sent
 * time (RFC 1123) within 5 minutes; a known ID with the same sender, recipient, message, options and
 * first-sent time gets its stored result again (nothing sent); with anything different it is rejected.
 */
function sendRecipient(
	ctx: RequestContext,
	request: Record<string, unknown>,
	recipient: Record<string, unknown>,
): SmsSendResponseItem {
	const to = recipient.to as string;
	const id = recipient.repeatabilityRequestId as string | undefined;
	const firstSent = recipient.repeatabilityFirstSent as string | undefined;
	if (id === undefined && firstSent === undefined) return sendOne(ctx, request, to);
	if (id === undefined || !GUID.test(id))
		return refused(to, 400, 'repeatabilityRequestId must be a GUID.', 'rejected');
	const firstSentAt = firstSent === undefined ? NaN : Date.parse(firstSent);
	if (firstSent === undefined || !IMF_FIXDATE.test(firstSent) || Number.isNaN(firstSentAt))
		return refused(
			to,
			400,
			'repeatabilityFirstSent must be a date in RFC 1123 (IMF-fixdate) format.',
			'rejected',
		);
	if (Math.abs(Date.now() - firstSentAt) > REPEATABILITY_WINDOW_MS)
		return refused(
			to,
			412,
			'repeatabilityFirstSent is not within the 5 minute window.',
			'rejected',
		);
	const hash = recipientHash(request, to, firstSent);
	const known = ctx.env.state.smsRepeatable.get(id.toLowerCase());
	if (known && known.hash !== hash)
		return refused(
			to,
			400,
			'A recipient with this repeatabilityRequestId was already received with a different request.',
			'rejected',
		);
	if (known) return { ...known.item, repeatabilityResult: 'accepted' };
	const item = sendOne(ctx, request, to);
	if (item.httpStatusCode < 500) ctx.env.state.smsRepeatable.set(id.toLowerCase(), { hash, item });
	return { ...item, repeatabilityResult: 'accepted' };
}

/** POST /sms → 202 `{value:[…]}`, one item per recipient in request order. */
export function sendSms(ctx: RequestContext): EmuResponse {
	const guardError = guard(ctx, 'sms');
	if (guardError) return guardError;
	const parsed = parseJsonBody(ctx);
	if (!parsed.ok || !isRecord(parsed.value))
		return validationError('body', 'The request body must be a JSON object.');
	const request = parsed.value;
	const invalid = checkSendRequest(request) ?? checkFrom(ctx, request.from);
	if (invalid) return invalid;
	const value = (request.smsRecipients as Array<Record<string, unknown>>).map((recipient) =>
		sendRecipient(ctx, request, recipient),
	);
	return json(202, { value });
}

type OptOutAction = 'add' | 'remove' | 'check';

/** POST /sms/optouts:add|remove|check → 200 `{value:[{to, httpStatusCode, isOptedOut?, errorMessage?}]}`. */
export function optOuts(ctx: RequestContext, action: OptOutAction): EmuResponse {
	const guardError = guard(ctx, 'smsOptOuts');
	if (guardError) return guardError;
	const parsed = parseJsonBody(ctx);
	if (!parsed.ok || !isRecord(parsed.value))
		return validationError('body', 'The request body must be a JSON object.');
	const { from, recipients } = parsed.value;
	if (!Array.isArray(recipients) || recipients.length === 0)
		return validationError('recipients', 'At least one recipient is required.');
	if (recipients.length > MAX_RECIPIENTS)
		return validationError('recipients', `At most ${MAX_RECIPIENTS} recipients are supported.`);
	for (const [i, recipient] of recipients.entries())
		if (!isRecord(recipient) || typeof recipient.to !== 'string' || recipient.to === '')
			return validationError(`recipients[${i}].to`, 'The to field is required.');
	const fromError = checkFrom(ctx, from);
	if (fromError) return fromError;
	const { smsOptOuts } = ctx.env.state;
	const value = (recipients as Array<{ to: string }>).map(({ to }) => {
		if (!E164.test(to))
			return { to, httpStatusCode: 400, errorMessage: 'Invalid recipient phone number format' };
		const key = optOutKey(from as string, to);
		if (action === 'add') smsOptOuts.add(key);
		if (action === 'remove') smsOptOuts.delete(key);
		return action === 'check'
			? { to, httpStatusCode: 200, isOptedOut: smsOptOuts.has(key) }
			: { to, httpStatusCode: 200 };
	});
	return json(200, { value });
}

/** The report the emulator gives a message sent with enableDeliveryReport: delivered a second after sending. */
export function deliveryReportOf(record: SmsRecord) {
	const delivered = new Date(Date.parse(record.sentAt) + 1000).toISOString();
	return {
		deliveryStatus: 'Delivered',
		deliveryStatusDetails: 'No error.',
		deliveryAttempts: [
			{ timestamp: delivered, segmentsSucceeded: record.segments, segmentsFailed: 0 },
		],
		receivedTimestamp: delivered,
		...(record.tag !== undefined && { tag: record.tag }),
		messageId: record.messageId,
		from: record.from,
		to: record.to,
	};
}

/** GET /deliveryReports/{outgoingMessageId} (2026-01-23) → 200 report, or 404 problem details. */
export function getDeliveryReport(ctx: RequestContext, rawId: string): EmuResponse {
	const guardError = guard(ctx, 'smsDeliveryReports');
	if (guardError) return guardError;
	const record = ctx.env.state.smsMessages.get(decodeSegment(rawId) ?? '');
	if (!record || !record.deliveryReport) return notFound();
	return json(200, deliveryReportOf(record));
}
