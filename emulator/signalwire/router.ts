import { decodeSegment, json, type EmuResponse, type RequestContext, type Route } from '../http';
import { authenticateProject } from './auth';
import { listNumbers, updateNumber } from './numbers';
import { createMessage, deleteMessage, getMessage, listMessages } from './messages';
import {
	deleteMedia,
	getMedia,
	getMediaContent,
	LAML_PREFIX,
	listMedia,
	type MediaPath,
} from './media';
import { voiceRoute } from './voiceRouter';

/** GET /Accounts/{projectId}(.json): what a credential test calls. */
function getAccount(ctx: RequestContext, accountSid: string | undefined): EmuResponse {
	const authError = authenticateProject(ctx, accountSid, false);
	if (authError) return authError;
	const sid = ctx.env.secrets.signalwire.projectId;
	return json(200, {
		sid,
		friendly_name: 'ACS/SignalWire emulator project',
		status: 'active',
		type: 'Full',
		owner_account_sid: sid,
		date_created: 'Mon, 13 Aug 2018 21:38:46 +0000',
		date_updated: 'Mon, 13 Aug 2018 21:38:46 +0000',
		uri: `${LAML_PREFIX}/Accounts/${sid}.json`,
		subresource_uris: {
			messages: `${LAML_PREFIX}/Accounts/${sid}/Messages.json`,
			calls: `${LAML_PREFIX}/Accounts/${sid}/Calls.json`,
			recordings: `${LAML_PREFIX}/Accounts/${sid}/Recordings.json`,
		},
	});
}

/**
 * SignalWire paths, with or without the `/api/laml` prefix (the official client omits it) and with or
 * without `.json`. Without `.json`, a single media URI answers with the media content itself.
 */
export function signalwireRoute(method: string, rawPath: string): Route | undefined {
	return (
		voiceRoute(method, rawPath) ??
		numberRoute(method, rawPath) ??
		messageRoute(method, rawPath) ??
		mediaRoute(method, rawPath)
	);
}

/** …/IncomingPhoneNumbers.json (list, by PhoneNumber) and …/IncomingPhoneNumbers/{Sid}.json (update). */
function numberRoute(method: string, rawPath: string): Route | undefined {
	const numbers =
		/^(?:\/api\/laml)?\/2010-04-01\/Accounts\/([^/]+?)\/IncomingPhoneNumbers(?:\/([^/]+?))?\.json$/.exec(
			rawPath,
		);
	if (!numbers) return undefined;
	const account = decodeSegment(numbers[1]!);
	const sid = numbers[2] === undefined ? undefined : decodeSegment(numbers[2]);
	if (method === 'GET' && numbers[2] === undefined)
		return { endpoint: 'sw.numbers.list', handle: (ctx) => listNumbers(ctx, account) };
	if (method === 'POST' && numbers[2] !== undefined)
		return { endpoint: 'sw.numbers.update', handle: (ctx) => updateNumber(ctx, account, sid) };
	return undefined;
}

/** …/Messages(.json) and …/Messages/{Sid}(.json). */
function messageRoute(method: string, rawPath: string): Route | undefined {
	const m =
		/^(?:\/api\/laml)?\/2010-04-01\/Accounts\/([^/]+?)\/Messages(?:\/([^/]+?))?(?:\.json)?$/.exec(
			rawPath,
		);
	if (!m) return undefined;
	const account = decodeSegment(m[1]!);
	if (m[2] === undefined) {
		if (method === 'POST')
			return { endpoint: 'sw.message.create', handle: (ctx) => createMessage(ctx, account) };
		if (method === 'GET')
			return { endpoint: 'sw.message.list', handle: (ctx) => listMessages(ctx, account) };
		return undefined;
	}
	const sid = decodeSegment(m[2]);
	if (method === 'GET')
		return { endpoint: 'sw.message.get', handle: (ctx) => getMessage(ctx, account, sid) };
	if (method === 'DELETE')
		return { endpoint: 'sw.message.delete', handle: (ctx) => deleteMessage(ctx, account, sid) };
	return undefined;
}

function mediaRoute(method: string, rawPath: string): Route | undefined {
	const m =
		/^(?:\/api\/laml)?\/2010-04-01\/Accounts\/([^/]+?)(?:\/Messages\/([^/]+)\/Media(?:\/([^/]+?))?)?(\.json)?$/.exec(
			rawPath,
		);
	if (!m) return undefined;
	const [, rawAccount, rawMessage, rawMedia, dotJson] = m;
	const path: MediaPath = {
		accountSid: decodeSegment(rawAccount!),
		messageSid: rawMessage === undefined ? undefined : decodeSegment(rawMessage),
		mediaSid: rawMedia === undefined ? undefined : decodeSegment(rawMedia),
	};
	if (rawMessage === undefined) {
		return method === 'GET'
			? { endpoint: 'sw.account.get', handle: (ctx) => getAccount(ctx, path.accountSid) }
			: undefined;
	}
	if (rawMedia === undefined) {
		return method === 'GET'
			? { endpoint: 'sw.media.list', handle: (ctx) => listMedia(ctx, path) }
			: undefined;
	}
	if (method === 'DELETE')
		return { endpoint: 'sw.media.delete', handle: (ctx) => deleteMedia(ctx, path) };
	if (method !== 'GET') return undefined;
	return dotJson
		? { endpoint: 'sw.media.get', handle: (ctx) => getMedia(ctx, path) }
		: { endpoint: 'sw.media.content', handle: (ctx) => getMediaContent(ctx, path) };
}
