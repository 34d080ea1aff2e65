import { createHmac, timingSafeEqual } from 'node:crypto';
import type { ChatMessageModel, ChatThreadFixture } from '../fixtures';
import {
	acsError,
	decodeSegment,
	empty,
	header,
	isRecord,
	json,
	parseJsonBody,
	type EmuResponse,
	type RequestContext,
} from '../http';
import { deterministicFile } from '../prng';
import { checkApiVersion } from './apiVersions';
import { authenticateChatUser } from './auth';

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 200;
const PNG_MAGIC = Buffer.from('89504e470d0a1a0a', 'hex');

type ThreadAccess =
	| { ok: true; thread: ChatThreadFixture; threadId: string; userId: string }
	| { ok: false; response: EmuResponse };

/** api-version, user token, thread existence, then membership — in the order ACS reports them. */
function openThread(ctx: RequestContext, rawThreadId: string): ThreadAccess {
	const versionError = checkApiVersion(ctx, 'chat');
	if (versionError) return { ok: false, response: versionError };
	const auth = authenticateChatUser(ctx);
	if (!auth.ok) return auth;
	const threadId = decodeSegment(rawThreadId);
	const thread = ctx.env.fixtures.acs.chat.threads.find((t) => t.id === threadId);
	if (!thread || threadId === undefined)
		return { ok: false, response: acsError(404, 'NotFound', 'The chat thread was not found.') };
	if (!thread.participants.includes(auth.userId)) {
		return {
			ok: false,
			response: acsError(
				403,
				'Forbidden',
				'User is not allowed to perform specified action. The user is not a participant of the thread.',
			),
		};
	}
	return { ok: true, thread, threadId, userId: auth.userId };
}

const MAX_MESSAGE_BYTES = 28 * 1024;
const SENDABLE_TYPES = ['text', 'html'];

function messageKey(threadId: string, messageId: string): string {
	return `${threadId}\n${messageId}`;
}

/** A message as it stands now: sent, edited or deleted through the API, else the fixture's. */
function findMessage(
	ctx: RequestContext,
	access: Extract<ThreadAccess, { ok: true }>,
	messageId: string | undefined,
): (ChatMessageModel & { senderId?: string }) | undefined {
	if (messageId === undefined) return undefined;
	const changed = ctx.env.state.chatMessages.get(messageKey(access.threadId, messageId));
	if (changed) return changed;
	const fixture = access.thread.messages.find((m) => m.id === messageId);
	return fixture && { ...fixture, senderId: fixture.senderCommunicationIdentifier?.rawId };
}

function badChatRequest(message: string): EmuResponse {
	return acsError(400, 'BadRequest', message);
}

/** content and metadata as send and update take them; undefined when they are well-formed. */
function checkMessageFields(request: Record<string, unknown>): EmuResponse | undefined {
	const { content, metadata } = request;
	if (content !== undefined && typeof content !== 'string')
		return badChatRequest('content must be a string.');
	if (typeof content === 'string' && Buffer.byteLength(content) > MAX_MESSAGE_BYTES)
		return badChatRequest('The message content exceeds the maximum size of 28 KB.');
	if (
		metadata !== undefined &&
		(!isRecord(metadata) || Object.values(metadata).some((v) => typeof v !== 'string'))
	)
		return badChatRequest('metadata must be an object of string values.');
	return undefined;
}

/** POST /chat/threads/{threadId}/messages → 201 `{id}` with a Location header. */
export function sendMessage(ctx: RequestContext, rawThreadId: string): EmuResponse {
	const access = openThread(ctx, rawThreadId);
	if (!access.ok) return access.response;
	const parsed = parseJsonBody(ctx);
	if (!parsed.ok || !isRecord(parsed.value))
		return badChatRequest('The request body must be JSON.');
	const request = parsed.value;
	if (typeof request.content !== 'string' || request.content === '')
		return badChatRequest('content is required.');
	const fieldError = checkMessageFields(request);
	if (fieldError) return fieldError;
	const type = request.type ?? 'text';
	if (!SENDABLE_TYPES.includes(String(type)))
		return badChatRequest(`type must be one of ${SENDABLE_TYPES.join(', ')}.`);
	if (request.senderDisplayName !== undefined && typeof request.senderDisplayName !== 'string')
		return badChatRequest('senderDisplayName must be a string.');
	const changed = [...ctx.env.state.chatMessages.values()];
	const sequence = access.thread.messages.length + changed.length + 1;
	const id = String(Date.now() * 1000 + (sequence % 1000));
	const createdOn = new Date().toISOString();
	const sender = { rawId: access.userId, communicationUser: { id: access.userId } };
	ctx.env.state.chatMessages.set(messageKey(access.threadId, id), {
		id,
		type: type as 'text' | 'html',
		sequenceId: String(sequence),
		version: id,
		content: { message: request.content },
		...(typeof request.senderDisplayName === 'string' && {
			senderDisplayName: request.senderDisplayName,
		}),
		createdOn,
		senderCommunicationIdentifier: sender,
		...(isRecord(request.metadata) && { metadata: request.metadata as Record<string, string> }),
		senderId: access.userId,
	});
	ctx.env.state.outbox.push({ service: 'chat', id, to: access.threadId, request });
	const location = `${ctx.env.url}/chat/threads/${encodeURIComponent(access.threadId)}/messages/${id}`;
	return json(201, { id }, { Location: location });
}

/** The message, if it exists and the token's user sent it (only the sender may change it). */
function ownMessage(
	ctx: RequestContext,
	rawThreadId: string,
	rawMessageId: string,
): { ok: true; key: string; message: ChatMessageModel } | { ok: false; response: EmuResponse } {
	const access = openThread(ctx, rawThreadId);
	if (!access.ok) return access;
	const messageId = decodeSegment(rawMessageId);
	const message = findMessage(ctx, access, messageId);
	if (!message || messageId === undefined)
		return { ok: false, response: acsError(404, 'NotFound', 'The chat message was not found.') };
	if (message.senderId !== access.userId)
		return {
			ok: false,
			response: acsError(403, 'Forbidden', 'Only the sender of a message can change it.'),
		};
	return { ok: true, key: messageKey(access.threadId, messageId), message };
}

/** PATCH /chat/threads/{threadId}/messages/{messageId} (merge patch) → 204. */
export function updateMessage(
	ctx: RequestContext,
	rawThreadId: string,
	rawMessageId: string,
): EmuResponse {
	const found = ownMessage(ctx, rawThreadId, rawMessageId);
	if (!found.ok) return found.response;
	if (!/^application\/merge-patch\+json\b/i.test(header(ctx, 'content-type') ?? ''))
		return acsError(
			415,
			'UnsupportedMediaType',
			'The request content type must be application/merge-patch+json.',
		);
	const parsed = parseJsonBody(ctx);
	if (!parsed.ok || !isRecord(parsed.value))
		return badChatRequest('The request body must be JSON.');
	const fieldError = checkMessageFields(parsed.value);
	if (fieldError) return fieldError;
	const { content, metadata } = parsed.value;
	const message = { ...found.message, editedOn: new Date().toISOString() };
	if (typeof content === 'string') message.content = { ...message.content, message: content };
	if (isRecord(metadata)) message.metadata = metadata as Record<string, string>;
	ctx.env.state.chatMessages.set(found.key, message);
	return empty(204);
}

/** DELETE /chat/threads/{threadId}/messages/{messageId} → 204. */
export function deleteMessage(
	ctx: RequestContext,
	rawThreadId: string,
	rawMessageId: string,
): EmuResponse {
	const found = ownMessage(ctx, rawThreadId, rawMessageId);
	if (!found.ok) return found.response;
	ctx.env.state.chatMessages.set(found.key, {
		...found.message,
		content: undefined,
		deletedOn: found.message.deletedOn ?? new Date().toISOString(),
	});
	return empty(204);
}

/** GET /chat/threads/{threadId}/messages/{messageId} */
export function getMessage(
	ctx: RequestContext,
	rawThreadId: string,
	rawMessageId: string,
): EmuResponse {
	const access = openThread(ctx, rawThreadId);
	if (!access.ok) return access.response;
	const found = findMessage(ctx, access, decodeSegment(rawMessageId));
	if (!found) return acsError(404, 'NotFound', 'The chat message was not found.');
	const message = { ...found };
	delete message.senderId;
	return json(200, message);
}

/** Opaque continuation state: which thread, where to resume, and the original filters. */
interface SyncState {
	thread: string;
	/** Resume with messages whose sequenceId is below this. */
	before: number;
	startTime: string | null;
	pageSize: number;
}

function signState(ctx: RequestContext, state: SyncState): string {
	const body = Buffer.from(JSON.stringify(state)).toString('base64url');
	const mac = createHmac('sha256', ctx.env.secrets.opaqueKey)
		.update(`chat:${body}`)
		.digest('base64url')
		.slice(0, 22);
	return `${body}.${mac}`;
}

function readState(ctx: RequestContext, token: string): SyncState | undefined {
	const [body, mac] = token.split('.');
	if (!body || !mac) return undefined;
	const expected = createHmac('sha256', ctx.env.secrets.opaqueKey)
		.update(`chat:${body}`)
		.digest('base64url')
		.slice(0, 22);
	if (mac.length !== expected.length || !timingSafeEqual(Buffer.from(mac), Buffer.from(expected)))
		return undefined;
	try {
		return JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as SyncState;
	} catch {
		return undefined;
	}
}

/** GET /chat/threads/{threadId}/messages: newest first, paged by a server-issued syncState. */
export function listMessages(ctx: RequestContext, rawThreadId: string): EmuResponse {
	const access = openThread(ctx, rawThreadId);
	if (!access.ok) return access.response;
	const { thread, threadId } = access;

	let state: SyncState;
	const token = ctx.query.get('syncState');
	if (token !== null) {
		const parsed = readState(ctx, token);
		if (!parsed || parsed.thread !== threadId)
			return acsError(400, 'BadRequest', 'The syncState continuation token is invalid.');
		state = parsed;
	} else {
		const sizeParam = ctx.query.get('maxPageSize');
		const pageSize = sizeParam === null ? DEFAULT_PAGE_SIZE : Number(sizeParam);
		if (!Number.isInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) {
			return acsError(
				400,
				'BadRequest',
				`maxPageSize must be an integer between 1 and ${MAX_PAGE_SIZE}.`,
			);
		}
		const startTime = ctx.query.get('startTime');
		if (startTime !== null && Number.isNaN(Date.parse(startTime)))
			return acsError(400, 'BadRequest', 'startTime must be an RFC 3339 date-time.');
		state = { thread: threadId, before: Number.MAX_SAFE_INTEGER, startTime, pageSize };
	}

	const since = state.startTime === null ? -Infinity : Date.parse(state.startTime);
	const eligible = thread.messages
		.filter((m) => Number(m.sequenceId) < state.before && Date.parse(m.createdOn) >= since)
		.sort((a, b) => Number(b.sequenceId) - Number(a.sequenceId));
	const page = eligible.slice(0, state.pageSize);
	const last = page[page.length - 1];
	const result: { value: typeof page; nextLink?: string } = { value: page };
	if (last && (eligible.length > page.length || thread.nextLinkOrigin)) {
		const next = new URLSearchParams({
			syncState: signState(ctx, { ...state, before: Number(last.sequenceId) }),
			maxPageSize: String(state.pageSize),
			'api-version': ctx.query.get('api-version') ?? '',
		});
		const origin = thread.nextLinkOrigin ?? ctx.env.url;
		result.nextLink = `${origin}/chat/threads/${encodeURIComponent(threadId)}/messages?${next.toString()}`;
	}
	return json(200, result);
}

/** GET /chat/threads/{threadId}/images/{attachmentId}/views/{original|small}: Teams-interop image attachments. */
export function getImage(
	ctx: RequestContext,
	rawThreadId: string,
	rawAttachmentId: string,
	view: string,
): EmuResponse {
	const access = openThread(ctx, rawThreadId);
	if (!access.ok) return access.response;
	const attachmentId = decodeSegment(rawAttachmentId);
	const exists = access.thread.messages.some((m) =>
		m.content?.attachments?.some((a) => a.id === attachmentId),
	);
	if (!exists || (view !== 'original' && view !== 'small'))
		return acsError(404, 'NotFound', 'The image was not found.');
	const bytes = deterministicFile(
		`chat-image:${access.threadId}:${attachmentId}:${view}`,
		view === 'small' ? 1_024 : 4_096,
		PNG_MAGIC,
	);
	return { status: 200, headers: { 'Content-Type': 'image/png' }, body: bytes };
}

/** GET /chat/threads: the threads the token's user is in (what the user-token credential test calls). */
export function listThreads(ctx: RequestContext): EmuResponse {
	const versionError = checkApiVersion(ctx, 'chat');
	if (versionError) return versionError;
	const auth = authenticateChatUser(ctx);
	if (!auth.ok) return auth.response;
	const value = ctx.env.fixtures.acs.chat.threads
		.filter((thread) => thread.participants.includes(auth.userId))
		.map((thread) => ({
			id: thread.id,
			topic: `Thread ${thread.id.slice(3, 20)}`,
			lastMessageReceivedOn: thread.messages[0]?.createdOn,
		}));
	return json(200, { value });
}
