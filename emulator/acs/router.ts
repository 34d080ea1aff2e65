import type { Route } from '../http';
import {
	deleteMessage,
	getImage,
	getMessage,
	listMessages,
	listThreads,
	sendMessage,
	updateMessage,
} from './chat';
import { callingRoute } from './callingRouter';
import { callbackKeys, callbackOpenIdConfiguration } from './callbackKeys';
import { getEmailOperation, sendEmail } from './email';
import { createIdentity, issueAccessToken } from './identity';
import { getMedia } from './media';
import { listTemplates, sendNotification } from './messages';
import { listPhoneNumbers } from './phoneNumbers';
import { getDeliveryReport, optOuts, sendSms } from './sms';

const SEG = '([^/]+)';

/** Maps a raw (still percent-encoded) path to an ACS endpoint. Captured segments are decoded by the handlers. */
export function acsRoute(method: string, rawPath: string): Route | undefined {
	let m: RegExpExecArray | null;
	if (method === 'GET' && (m = new RegExp(`^/messages/streams/${SEG}$`).exec(rawPath))) {
		const id = m[1]!;
		return { endpoint: 'acs.media.get', handle: (ctx) => getMedia(ctx, id) };
	}
	if (method === 'GET' && rawPath === '/calling/keys')
		return { endpoint: 'acs.callAutomation.keys', handle: callbackKeys };
	if (method === 'GET' && rawPath === '/calling/.well-known/acsopenidconfiguration')
		return {
			endpoint: 'acs.callAutomation.openidConfiguration',
			handle: callbackOpenIdConfiguration,
		};
	if (method === 'POST' && /^\/messages\/notifications(?::|%3A)send$/i.test(rawPath))
		return { endpoint: 'acs.messages.send', handle: sendNotification };
	if (method === 'GET' && (m = new RegExp(`^/messages/channels/${SEG}/templates$`).exec(rawPath))) {
		const channelId = m[1]!;
		return {
			endpoint: 'acs.messages.templates.list',
			handle: (ctx) => listTemplates(ctx, channelId),
		};
	}
	if (method === 'POST' && rawPath === '/identities')
		return { endpoint: 'acs.identity.create', handle: createIdentity };
	if (
		method === 'POST' &&
		(m = new RegExp(`^/identities/${SEG}/(?::|%3A)issueAccessToken$`, 'i').exec(rawPath))
	) {
		const id = m[1]!;
		return {
			endpoint: 'acs.identity.issueAccessToken',
			handle: (ctx) => issueAccessToken(ctx, id),
		};
	}
	if (method === 'GET' && rawPath === '/chat/threads')
		return { endpoint: 'acs.chat.thread.list', handle: listThreads };
	if ((m = new RegExp(`^/chat/threads/${SEG}/messages/${SEG}$`).exec(rawPath))) {
		const [thread, message] = [m[1]!, m[2]!];
		if (method === 'GET')
			return {
				endpoint: 'acs.chat.message.get',
				handle: (ctx) => getMessage(ctx, thread, message),
			};
		if (method === 'PATCH')
			return {
				endpoint: 'acs.chat.message.update',
				handle: (ctx) => updateMessage(ctx, thread, message),
			};
		if (method === 'DELETE')
			return {
				endpoint: 'acs.chat.message.delete',
				handle: (ctx) => deleteMessage(ctx, thread, message),
			};
	}
	if ((m = new RegExp(`^/chat/threads/${SEG}/messages$`).exec(rawPath))) {
		const thread = m[1]!;
		if (method === 'GET')
			return { endpoint: 'acs.chat.message.list', handle: (ctx) => listMessages(ctx, thread) };
		if (method === 'POST')
			return { endpoint: 'acs.chat.message.send', handle: (ctx) => sendMessage(ctx, thread) };
	}
	if (
		method === 'GET' &&
		(m = new RegExp(`^/chat/threads/${SEG}/images/${SEG}/views/${SEG}$`).exec(rawPath))
	) {
		const [thread, attachment, view] = [m[1]!, m[2]!, m[3]!];
		return {
			endpoint: 'acs.chat.image.get',
			handle: (ctx) => getImage(ctx, thread, attachment, view),
		};
	}
	if (method === 'POST' && rawPath === '/sms') return { endpoint: 'acs.sms.send', handle: sendSms };
	if (method === 'POST' && (m = /^\/sms\/optouts(?::|%3A)(add|remove|check)$/i.exec(rawPath))) {
		const action = m[1]!.toLowerCase() as 'add' | 'remove' | 'check';
		return { endpoint: `acs.sms.optouts.${action}`, handle: (ctx) => optOuts(ctx, action) };
	}
	if (method === 'GET' && (m = new RegExp(`^/deliveryReports/${SEG}$`).exec(rawPath))) {
		const id = m[1]!;
		return { endpoint: 'acs.sms.deliveryReport', handle: (ctx) => getDeliveryReport(ctx, id) };
	}
	if (method === 'POST' && /^\/emails(?::|%3A)send$/i.test(rawPath))
		return { endpoint: 'acs.email.send', handle: sendEmail };
	if (method === 'GET' && (m = new RegExp(`^/emails/operations/${SEG}$`).exec(rawPath))) {
		const id = m[1]!;
		return { endpoint: 'acs.email.operation', handle: (ctx) => getEmailOperation(ctx, id) };
	}
	const calling = callingRoute(method, rawPath);
	if (calling) return calling;
	if (method === 'GET' && rawPath === '/phoneNumbers')
		return { endpoint: 'acs.phoneNumbers.list', handle: listPhoneNumbers };
	return undefined;
}
