import { createHmac, randomUUID } from 'node:crypto';
import {
	acsError,
	decodeSegment,
	header,
	isRecord,
	json,
	parseJsonBody,
	type EmuResponse,
	type RequestContext,
} from '../http';
import { checkApiVersion } from './apiVersions';
import { authenticateService } from './auth';
import { repeatable } from './repeatability';

const WINDOW_MS = 24 * 60 * 60 * 1000;
const DEFAULT_PAGE_SIZE = 10;
const MAX_PAGE_SIZE = 100;
const MEDIA_KINDS = ['image', 'document', 'video', 'audio'];
const TEMPLATE_VALUE_KINDS = ['text', 'image', 'document', 'video', 'location', 'quickAction'];
/** With or without the +, as ACS takes them (its own examples leave it out). */
const PHONE = /^\+?[1-9]\d{6,14}$/;

function badRequest(message: string, target?: string): EmuResponse {
	return json(
		400,
		{ error: { code: 'BadRequest', message, ...(target && { target }) } },
		{ 'x-ms-error-code': 'BadRequest' },
	);
}

function isAbsoluteUrl(value: unknown): boolean {
	if (typeof value !== 'string') return false;
	try {
		return ['https:', 'http:'].includes(new URL(value).protocol);
	} catch {
		return false;
	}
}

function guard(ctx: RequestContext): EmuResponse | undefined {
	return checkApiVersion(ctx, 'messages') ?? authenticateService(ctx);
}

/** `template` of a send: the template must exist, be approved, and its values and bindings agree. */
function checkTemplate(ctx: RequestContext, template: unknown): EmuResponse | undefined {
	if (!isRecord(template)) return badRequest('template is required for kind template.', 'template');
	const { name, language, values = [], bindings } = template;
	if (typeof name !== 'string' || typeof language !== 'string')
		return badRequest('template.name and template.language are required.', 'template');
	if (!Array.isArray(values))
		return badRequest('template.values must be an array.', 'template.values');
	const names = new Set<string>();
	for (const value of values) {
		if (!isRecord(value) || typeof value.name !== 'string' || value.name === '')
			return badRequest('Every template value needs a name.', 'template.values');
		if (!TEMPLATE_VALUE_KINDS.includes(String(value.kind)))
			return badRequest(`Template value ${value.name} has an unknown kind.`, 'template.values');
		if (['image', 'document', 'video'].includes(String(value.kind)) && !isAbsoluteUrl(value.url))
			return badRequest(`Template value ${value.name} needs an absolute url.`, 'template.values');
		names.add(value.name);
	}
	if (bindings !== undefined) {
		if (!isRecord(bindings) || bindings.kind !== 'whatsApp')
			return badRequest('template.bindings.kind must be whatsApp.', 'template.bindings');
		for (const part of ['header', 'body', 'footer', 'buttons'] as const) {
			const refs = bindings[part];
			if (refs === undefined) continue;
			if (!Array.isArray(refs)) return badRequest(`bindings.${part} must be an array.`);
			for (const ref of refs) {
				if (!isRecord(ref) || typeof ref.refValue !== 'string' || !names.has(ref.refValue))
					return badRequest(`bindings.${part} refers to a value that is not in template.values.`);
				if (part === 'buttons' && !['quickReply', 'url'].includes(String(ref.subType)))
					return badRequest('Every button binding needs subType quickReply or url.');
			}
		}
	}
	const found = ctx.env.fixtures.acs.whatsApp.templates.find(
		(t) => t.name === name && t.language === language,
	);
	if (!found || found.status !== 'approved')
		return badRequest(
			`Template ${name} (${language}) does not exist or is not approved.`,
			'template.name',
		);
	return undefined;
}

/** The kind-specific fields of a send (api-version 2024-08-30 shapes). */
function checkContent(
	ctx: RequestContext,
	request: Record<string, unknown>,
): EmuResponse | undefined {
	const { kind } = request;
	if (kind === 'text')
		return typeof request.content === 'string' && request.content !== ''
			? undefined
			: badRequest('content is required for kind text.', 'content');
	if (MEDIA_KINDS.includes(String(kind)))
		return isAbsoluteUrl(request.mediaUri)
			? undefined
			: badRequest('mediaUri must be an absolute URL.', 'mediaUri');
	if (kind === 'template') return checkTemplate(ctx, request.template);
	return badRequest(`Unsupported kind '${String(kind)}'.`, 'kind');
}

/** Whether the recipient wrote within 24 hours (free-form messages may only go to them). */
function insideWindow(ctx: RequestContext, to: string): boolean {
	const number = to.startsWith('+') ? to : `+${to}`;
	const ago = ctx.env.fixtures.acs.whatsApp.lastInboundAgoMs[number];
	return ago !== undefined && ago < WINDOW_MS;
}

function sendNow(ctx: RequestContext): EmuResponse {
	const parsed = parseJsonBody(ctx);
	if (!parsed.ok || !isRecord(parsed.value)) return badRequest('The request body must be JSON.');
	const request = parsed.value;
	const { channelRegistrationId, to } = request;
	if (typeof channelRegistrationId !== 'string')
		return badRequest('channelRegistrationId is required.', 'channelRegistrationId');
	if (!Array.isArray(to) || to.length !== 1 || typeof to[0] !== 'string')
		return badRequest('Only one phone number is currently supported in the recipient list.', 'to');
	if (!PHONE.test(to[0])) return badRequest(`'${to[0]}' is not a valid phone number.`, 'to');
	const contentError = checkContent(ctx, request);
	if (contentError) return contentError;
	const { whatsApp } = ctx.env.fixtures.acs;
	if (channelRegistrationId !== whatsApp.channelRegistrationId)
		return acsError(404, 'NotFound', 'The channel registration was not found.');
	if (request.kind !== 'template' && !insideWindow(ctx, to[0])) {
		return acsError(
			400,
			'131047',
			'Re-engagement message: more than 24 hours have passed since the recipient last replied to this number. Send a template message instead.',
		);
	}
	const messageId = randomUUID();
	ctx.env.state.outbox.push({ service: 'whatsapp', id: messageId, to: to[0], request });
	const clientRequestId = header(ctx, 'x-ms-client-request-id');
	return json(
		202,
		{ receipts: [{ messageId, to: to[0] }] },
		clientRequestId ? { 'x-ms-client-request-id': clientRequestId } : {},
	);
}

/** POST /messages/notifications:send → 202 `{receipts}`; repeatable by Repeatability-Request-ID. */
export async function sendNotification(ctx: RequestContext): Promise<EmuResponse> {
	const guardError = guard(ctx);
	if (guardError) return guardError;
	return await repeatable(ctx, () => sendNow(ctx));
}

function continuation(
	ctx: RequestContext,
	channelId: string,
	offset: number,
	size: number,
): string {
	const state = `${channelId}|${offset}|${size}`;
	const mac = createHmac('sha256', ctx.env.secrets.opaqueKey)
		.update(`templates:${state}`)
		.digest('base64url')
		.slice(0, 22);
	return Buffer.from(`${state}|${mac}`).toString('base64url');
}

function readContinuation(ctx: RequestContext, channelId: string, token: string) {
	const [channel, offset, size] = Buffer.from(token, 'base64url').toString('utf8').split('|');
	if (channel !== channelId || token !== continuation(ctx, channelId, Number(offset), Number(size)))
		return undefined;
	return { offset: Number(offset), size: Number(size) };
}

/** GET /messages/channels/{channelId}/templates → 200 `{value, nextLink}`. */
export function listTemplates(ctx: RequestContext, rawChannelId: string): EmuResponse {
	const guardError = guard(ctx);
	if (guardError) return guardError;
	const channelId = decodeSegment(rawChannelId) ?? '';
	const { whatsApp } = ctx.env.fixtures.acs;
	if (channelId !== whatsApp.channelRegistrationId)
		return acsError(404, 'NotFound', 'The channel registration was not found.');
	let offset = 0;
	let size = DEFAULT_PAGE_SIZE;
	const token = ctx.query.get('continuationToken');
	if (token !== null) {
		const state = readContinuation(ctx, channelId, token);
		if (!state) return badRequest('The continuationToken is invalid.');
		({ offset, size } = state);
	} else {
		const sizeParam = ctx.query.get('maxpagesize') ?? ctx.query.get('maxPageSize');
		if (sizeParam !== null) {
			size = Number(sizeParam);
			if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE)
				return badRequest(`maxpagesize must be an integer between 1 and ${MAX_PAGE_SIZE}.`);
		}
	}
	const value = whatsApp.templates.slice(offset, offset + size);
	// Absent on the last page: the official paginator refuses a null nextLink.
	let nextLink: string | undefined;
	if (offset + size < whatsApp.templates.length) {
		const next = new URLSearchParams({
			'api-version': ctx.query.get('api-version') ?? '',
			continuationToken: continuation(ctx, channelId, offset + size, size),
		});
		nextLink = `${ctx.env.url}/messages/channels/${encodeURIComponent(channelId)}/templates?${next.toString()}`;
	}
	return json(200, { value, nextLink });
}
