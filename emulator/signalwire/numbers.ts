import type { SwNumberFixture } from '../fixtures';
import { json, swError, type EmuResponse, type RequestContext } from '../http';
import { authenticateFullScope } from './auth';
import { LAML_PREFIX } from './media';

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
		capabilities: { voice: true, sms: true, mms: true, fax: false },
		api_version: '2010-04-01',
		uri: `${LAML_PREFIX}/Accounts/${accountSid}/IncomingPhoneNumbers/${n.sid}.json`,
	};
}

/** GET .../IncomingPhoneNumbers.json, optionally filtered by PhoneNumber (exact E.164). */
export function listNumbers(ctx: RequestContext, accountSid: string | undefined): EmuResponse {
	const authError = authenticateNumbers(ctx, accountSid);
	if (authError) return authError;
	const wanted = ctx.query.get('PhoneNumber');
	const numbers = [...ctx.env.state.swNumbers.values()].filter(
		(n) => wanted === null || n.phoneNumber === wanted,
	);
	const uri = `${LAML_PREFIX}/Accounts/${accountSid}/IncomingPhoneNumbers.json?${ctx.rawQuery}`;
	return json(200, {
		uri,
		first_page_uri: uri,
		next_page_uri: null,
		previous_page_uri: null,
		page: 0,
		page_size: 50,
		incoming_phone_numbers: numbers.map((n) => numberJson(n, accountSid ?? '')),
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
