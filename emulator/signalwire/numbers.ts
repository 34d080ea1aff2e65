import type { SwNumberFixture } from '../fixtures';
import { json, swError, type EmuResponse, type RequestContext } from '../http';
import { authenticateFullScope } from './auth';
import { LAML_PREFIX } from './media';
import { readListPage } from './messages';

const authenticateNumbers = (ctx: RequestContext, accountSid: string | undefined) =>
	authenticateFullScope(ctx, accountSid, 'Numbers');

function numberJson(n: SwNumberFixture, accountSid: string) {
	return {
		sid: n.sid,
		account_sid: accountSid,
		friendly_name: n.friendlyName,
		phone_number: n.phoneNumber,
		sms_url: n.smsUrl,
		sms_method: n.smsMethod,
		sms_fallback_url: null,
		voice_url: n.voiceUrl,
		voice_method: n.voiceMethod,
		voice_fallback_url: null,
		status_callback: n.statusCallback,
		status_callback_method: n.statusCallbackMethod,
		capabilities: n.capabilities,
		api_version: '2010-04-01',
		uri: `${LAML_PREFIX}/Accounts/${accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
	};
}

/**
 * SignalWire's filters: PhoneNumber matches any part of the number (digits, `*` for any one digit),
 * FriendlyName the whole name.
 */
function matchesFilters(n: SwNumberFixture, query: URLSearchParams): boolean {
	const pattern = query.get('PhoneNumber')?.replace(/[^\d*]/g, '');
	const friendlyName = query.get('FriendlyName');
	if (friendlyName !== null && n.friendlyName !== friendlyName) return false;
	if (pattern === undefined || pattern === '') return true;
	return new RegExp(pattern.replace(/\*/g, '\\d')).test(n.phoneNumber.replace(/\D/g, ''));
}

function listUri(
	ctx: RequestContext,
	accountSid: string,
	page: number,
	size: number,
	token?: string,
) {
	const query = new URLSearchParams();
	for (const name of ['PhoneNumber', 'FriendlyName']) {
		const value = ctx.query.get(name);
		if (value !== null) query.set(name, value);
	}
	query.set('PageSize', String(size));
	query.set('Page', String(page));
	if (token) query.set('PageToken', token);
	return `${LAML_PREFIX}/Accounts/${accountSid}/IncomingPhoneNumbers.json?${query.toString()}`;
}

/**
 * GET .../IncomingPhoneNumbers.json, filtered by PhoneNumber and FriendlyName, in pages of PageSize;
 * the next page's PageToken (`PA` + the last SID shown) comes only in next_page_uri.
 */
export function listNumbers(ctx: RequestContext, accountSid: string | undefined): EmuResponse {
	const authError = authenticateNumbers(ctx, accountSid);
	if (authError) return authError;
	const account = accountSid ?? '';
	const paging = readListPage(ctx);
	if ('error' in paging) return paging.error;
	const { size, page } = paging;
	const numbers = [...ctx.env.state.swNumbers.values()].filter((n) => matchesFilters(n, ctx.query));
	const start = page * size;
	const previous = numbers[start - 1];
	if (page > 0 && ctx.query.get('PageToken') !== `PA${previous?.sid ?? ''}`)
		return swError(400, 20001, 'Invalid PageToken: follow next_page_uri');
	const shown = numbers.slice(start, start + size);
	const last = shown.at(-1);
	return json(200, {
		uri: listUri(ctx, account, page, size, ctx.query.get('PageToken') ?? undefined),
		first_page_uri: listUri(ctx, account, 0, size),
		next_page_uri:
			last && start + size < numbers.length
				? listUri(ctx, account, page + 1, size, `PA${last.sid}`)
				: null,
		previous_page_uri: null,
		page,
		page_size: size,
		incoming_phone_numbers: shown.map((n) => numberJson(n, account)),
	});
}

/**
 * POST .../IncomingPhoneNumbers/{sid}.json with a form: SmsUrl/SmsMethod, VoiceUrl/VoiceMethod and
 * StatusCallback/StatusCallbackMethod change (a field left out keeps its value), nothing else.
 */
export function updateNumber(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
): EmuResponse {
	const authError = authenticateNumbers(ctx, accountSid);
	if (authError) return authError;
	const number = sid === undefined ? undefined : ctx.env.state.swNumbers.get(sid);
	if (!number) return swError(404, 20404, `The requested resource ${ctx.rawPath} was not found`);
	if (!/^application\/x-www-form-urlencoded\b/i.test(String(ctx.headers['content-type'] ?? ''))) {
		return swError(400, 21000, 'Expected a form body (application/x-www-form-urlencoded)');
	}
	const form = new URLSearchParams(ctx.body.toString('utf8'));
	const pairs = [
		['SmsUrl', 'SmsMethod', 'smsUrl', 'smsMethod'],
		['VoiceUrl', 'VoiceMethod', 'voiceUrl', 'voiceMethod'],
		['StatusCallback', 'StatusCallbackMethod', 'statusCallback', 'statusCallbackMethod'],
	] as const;
	for (const [urlField, methodField] of pairs) {
		const method = form.get(methodField);
		if (method !== null && !['GET', 'POST'].includes(method.toUpperCase()))
			return swError(400, 21401, `${methodField} must be GET or POST, not ${method}`);
		const url = form.get(urlField);
		if (url !== null && url !== '' && !URL.canParse(url))
			return swError(400, 21502, `${urlField} is not a valid URL: ${url}`);
	}
	for (const [urlField, methodField, urlKey, methodKey] of pairs) {
		const url = form.get(urlField);
		const method = form.get(methodField);
		if (url !== null) number[urlKey] = url;
		if (method !== null) number[methodKey] = method.toUpperCase();
	}
	return json(200, numberJson(number, accountSid ?? ''));
}
