import { createHmac, randomUUID } from 'node:crypto';
import { rfc2822, type SwMessageRecord } from '../fixtures';
import { empty, header, json, swError, type EmuResponse, type RequestContext } from '../http';
import { authenticateProject } from './auth';
import { LAML_PREFIX } from './media';

const DEFAULT_PAGE_SIZE = 50;
const MAX_PAGE_SIZE = 1000;
const MAX_MEDIA = 8;
const MAX_BODY_CHARACTERS = 1600;
const E164 = /^\+[1-9]\d{6,14}$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
/** File types SignalWire does not send by MMS (by extension, as far as the emulator can tell). */
const UNSUPPORTED_MEDIA = /\.(exe|zip|dmg|iso|bin)$/i;

function messageUri(accountSid: string, sid: string): string {
	return `${LAML_PREFIX}/Accounts/${accountSid}/Messages/${sid}.json`;
}

/** The Message resource as the Compatibility API renders it. */
function messageJson(m: SwMessageRecord, accountSid: string) {
	const date = rfc2822(m.createdAt);
	const sent = m.status === 'queued' ? null : date;
	return {
		account_sid: accountSid,
		api_version: '2010-04-01',
		body: m.body,
		num_segments: Math.max(1, Math.ceil([...m.body].length / 153)),
		num_media: m.numMedia,
		date_created: date,
		date_sent: sent,
		date_updated: date,
		direction: m.direction,
		error_code: m.status === 'failed' ? 30003 : null,
		error_message: m.status === 'failed' ? 'Unreachable destination handset' : null,
		from: m.from,
		to: m.to,
		price: m.status === 'queued' ? null : -0.0079,
		price_unit: 'USD',
		sid: m.sid,
		status: m.status,
		messaging_service_sid: null,
		uri: messageUri(accountSid, m.sid),
		subresource_uris: {
			media: `${LAML_PREFIX}/Accounts/${accountSid}/Messages/${m.sid}/Media.json`,
		},
	};
}

function isHttpUrl(value: string): boolean {
	try {
		return ['http:', 'https:'].includes(new URL(value).protocol);
	} catch {
		return false;
	}
}

/** The checks SignalWire makes on a new message, in its error codes (all answered with 400). */
function checkNewMessage(ctx: RequestContext, form: URLSearchParams): EmuResponse | undefined {
	const { numbers } = ctx.env.fixtures.signalwire;
	const to = form.get('To');
	const from = form.get('From');
	const body = form.get('Body') ?? '';
	const media = form.getAll('MediaUrl');
	if (to === null || to === '') return swError(400, 21604, "A 'To' phone number is required.");
	if (!E164.test(to))
		return swError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);
	if (from === null || from === '')
		return swError(400, 21705, "A 'From' phone number or a number group is required.");
	if (!E164.test(from))
		return swError(400, 21212, `The 'From' number ${from} is not a valid phone number.`);
	const smsCapable = [...ctx.env.state.swNumbers.values()].filter((n) => n.capabilities.sms);
	if (!smsCapable.some((n) => n.phoneNumber === from))
		return swError(
			400,
			21210,
			`The source phone number provided, ${from}, is not yet verified for your account.`,
		);
	if (body === '' && media.length === 0) return swError(400, 21602, 'Message body is required.');
	if ([...body].length > MAX_BODY_CHARACTERS)
		return swError(400, 21617, 'The concatenated message body exceeds the 1600 character limit.');
	if (media.length > MAX_MEDIA)
		return swError(400, 21623, `Too many media URLs: at most ${MAX_MEDIA} are allowed.`);
	const badMedia = media.find((url) => !isHttpUrl(url));
	if (badMedia !== undefined) return swError(400, 21620, `Invalid media URL: ${badMedia}`);
	if (media.some((url) => UNSUPPORTED_MEDIA.test(new URL(url).pathname)))
		return swError(400, 21612, 'The media type is not supported for MMS.');
	const validity = form.get('ValidityPeriod');
	if (validity !== null && !(/^\d+$/.test(validity) && +validity >= 1 && +validity <= 172800))
		return swError(400, 21000, 'ValidityPeriod must be an integer between 1 and 172800.');
	const callback = form.get('StatusCallback');
	if (callback !== null && !isHttpUrl(callback))
		return swError(400, 21609, 'The StatusCallback URL is not valid.');
	if (to === numbers.landline)
		return swError(400, 21606, `The 'To' phone number ${to} is not a mobile number.`);
	if (to === numbers.optedOut)
		return swError(
			400,
			21610,
			'Attempt to send to unsubscribed recipient: the recipient has replied STOP.',
		);
	return undefined;
}

/** POST …/Messages(.json), form-encoded → 201 with the queued message. */
export function createMessage(ctx: RequestContext, accountSid: string | undefined): EmuResponse {
	const authError = authenticateProject(ctx, accountSid, true);
	if (authError) return authError;
	if (!/^application\/x-www-form-urlencoded\b/i.test(header(ctx, 'content-type') ?? ''))
		return swError(400, 20001, 'The request body must be form-encoded.');
	const form = new URLSearchParams(ctx.body.toString('utf8'));
	const problem = checkNewMessage(ctx, form);
	if (problem) return problem;
	const record: SwMessageRecord = {
		sid: randomUUID(),
		from: form.get('From')!,
		to: form.get('To')!,
		body: form.get('Body') ?? '',
		status: 'queued',
		direction: 'outbound-api',
		numMedia: form.getAll('MediaUrl').length,
		createdAt: new Date(),
	};
	ctx.env.state.swMessages.set(record.sid, record);
	const request: Record<string, unknown> = {};
	for (const name of new Set(form.keys()))
		request[name] = name === 'MediaUrl' ? form.getAll(name) : form.get(name);
	ctx.env.state.outbox.push({ service: 'signalwire', id: record.sid, to: record.to, request });
	return json(201, messageJson(record, accountSid ?? ''));
}

/** The message of an authenticated request, or the answer that ends it (401, 404). */
function findMessage(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
): { record: SwMessageRecord } | { response: EmuResponse } {
	const authError = authenticateProject(ctx, accountSid, true);
	if (authError) return { response: authError };
	const record = sid === undefined ? undefined : ctx.env.state.swMessages.get(sid);
	if (record) return { record };
	return {
		response: swError(404, 20404, `The requested resource ${ctx.rawPath} was not found`),
	};
}

/** GET …/Messages/{Sid}(.json) */
export function getMessage(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
): EmuResponse {
	const found = findMessage(ctx, accountSid, sid);
	return 'response' in found
		? found.response
		: json(200, messageJson(found.record, accountSid ?? ''));
}

/** DELETE …/Messages/{Sid}(.json) → 204; 422/20009 while the message is queued. */
export function deleteMessage(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
): EmuResponse {
	const found = findMessage(ctx, accountSid, sid);
	if ('response' in found) return found.response;
	const { record } = found;
	if (record.status === 'queued')
		return swError(422, 20009, 'Cannot delete a message that is in progress');
	ctx.env.state.swMessages.delete(record.sid);
	return empty(204);
}

const FILTERS = ['To', 'From', 'Status', 'DateSent', 'DateSent<', 'DateSent>'] as const;

function pageToken(ctx: RequestContext, filters: URLSearchParams, page: number, size: number) {
	const mac = createHmac('sha256', ctx.env.secrets.opaqueKey)
		.update(`sw-messages:${filters.toString()}|${page}|${size}`)
		.digest('base64url');
	return `PA${mac.slice(0, 32)}`;
}

function listUri(
	accountSid: string,
	ctx: RequestContext,
	filters: URLSearchParams,
	page: number,
	size: number,
) {
	const q = new URLSearchParams(filters);
	q.set('PageSize', String(size));
	q.set('Page', String(page));
	if (page > 0) q.set('PageToken', pageToken(ctx, filters, page, size));
	return `${LAML_PREFIX}/Accounts/${accountSid}/Messages.json?${q.toString()}`;
}

function matches(m: SwMessageRecord, filters: URLSearchParams): boolean {
	const day = m.createdAt.toISOString().slice(0, 10);
	const checks: Record<(typeof FILTERS)[number], (value: string) => boolean> = {
		To: (value) => m.to === value,
		From: (value) => m.from === value,
		Status: (value) => m.status === value,
		DateSent: (value) => day === value,
		'DateSent<': (value) => day <= value,
		'DateSent>': (value) => day >= value,
	};
	return FILTERS.every((name) => {
		const value = filters.get(name);
		return value === null || checks[name](value);
	});
}

/** PageSize and Page of a list request, or the 400 SignalWire answers for bad ones. */
export function readListPage(
	ctx: RequestContext,
): { size: number; page: number } | { error: EmuResponse } {
	const size = Number(ctx.query.get('PageSize') ?? DEFAULT_PAGE_SIZE);
	if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
		return {
			error: swError(
				400,
				20001,
				`Invalid PageSize: must be an integer between 1 and ${MAX_PAGE_SIZE}`,
			),
		};
	const page = Number(ctx.query.get('Page') ?? 0);
	if (!Number.isInteger(page) || page < 0)
		return { error: swError(400, 20001, 'Invalid Page: must be a non-negative integer') };
	return { size, page };
}

/** GET …/Messages(.json): newest first, paged by the server's next_page_uri. */
export function listMessages(ctx: RequestContext, accountSid: string | undefined): EmuResponse {
	const authError = authenticateProject(ctx, accountSid, true);
	if (authError) return authError;
	const paging = readListPage(ctx);
	if ('error' in paging) return paging.error;
	const { size, page } = paging;
	const filters = new URLSearchParams();
	for (const name of FILTERS) {
		const value = ctx.query.get(name);
		if (value === null) continue;
		if (name.startsWith('DateSent') && !DAY.test(value))
			return swError(400, 20001, `Invalid ${name}: expected YYYY-MM-DD`);
		filters.set(name, value);
	}
	if (page > 0 && ctx.query.get('PageToken') !== pageToken(ctx, filters, page, size))
		return swError(
			400,
			20001,
			'Invalid PageToken: follow next_page_uri instead of building Page=N yourself',
		);
	const account = accountSid ?? '';
	const all = [...ctx.env.state.swMessages.values()]
		.filter((m) => matches(m, filters))
		.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || a.sid.localeCompare(b.sid));
	const start = page * size;
	const items = all.slice(start, start + size);
	return json(200, {
		uri: listUri(account, ctx, filters, page, size),
		first_page_uri: listUri(account, ctx, filters, 0, size),
		next_page_uri:
			start + size < all.length ? listUri(account, ctx, filters, page + 1, size) : null,
		previous_page_uri: page > 0 ? listUri(account, ctx, filters, page - 1, size) : null,
		page,
		page_size: size,
		start,
		end: items.length > 0 ? start + items.length - 1 : start,
		messages: items.map((m) => messageJson(m, account)),
	});
}
