import { rfc2822 } from '../fixtures';
import { empty, header, json, swError, type EmuResponse, type RequestContext } from '../http';
import { authenticateFullScope } from './auth';
import {
	CALL_EVENTS,
	callUri,
	type CxmlSource,
	type SwCall,
	type SwCallStatus,
} from './callSimulator';
import { LAML_PREFIX } from './media';
import { listPage, matchesDateFilters, readDateFilters } from './paging';

const E164 = /^\+[1-9]\d{6,14}$/;
const SIP = /^sip:[^@\s]+@[^@\s]+$/i;
const STATUSES: readonly SwCallStatus[] = [
	'queued',
	'ringing',
	'in-progress',
	'canceled',
	'completed',
	'busy',
	'failed',
	'no-answer',
];
const MACHINE_DETECTION = ['Enable', 'DetectMessageEnd', 'none'];
const RECORDING_EVENTS = ['in-progress', 'completed', 'absent'];

export const authenticateVoice = (ctx: RequestContext, accountSid: string | undefined) =>
	authenticateFullScope(ctx, accountSid, 'Voice');

export function notFound(ctx: RequestContext): EmuResponse {
	return swError(404, 20404, `The requested resource ${ctx.rawPath} was not found`);
}

export function isHttpUrl(value: string): boolean {
	try {
		return ['http:', 'https:'].includes(new URL(value).protocol);
	} catch {
		return false;
	}
}

/** The form of a POST, or the 400 SignalWire answers a body that is not form-encoded with. */
export function readForm(ctx: RequestContext): URLSearchParams | EmuResponse {
	if (!/^application\/x-www-form-urlencoded\b/i.test(header(ctx, 'content-type') ?? ''))
		return swError(400, 20001, 'The request body must be form-encoded.');
	return new URLSearchParams(ctx.body.toString('utf8'));
}

const date = (value: Date | undefined) => (value ? rfc2822(value) : null);

/** The Call resource as the Compatibility API renders it. */
export function callJson(call: SwCall, accountSid: string) {
	const ended = ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(call.status);
	const base = `${LAML_PREFIX}/Accounts/${accountSid}/Calls/${call.sid}`;
	return {
		sid: call.sid,
		account_sid: accountSid,
		date_created: rfc2822(call.createdAt),
		date_updated: rfc2822(call.updatedAt),
		parent_call_sid: null,
		to: call.to,
		formatted_to: call.to,
		from: call.from,
		formatted_from: call.from,
		phone_number_sid: call.phoneNumberSid,
		status: call.status,
		start_time: date(call.startTime),
		end_time: date(call.endTime),
		duration: ended ? call.duration : null,
		price: ended && call.duration > 0 ? -0.0025 * Math.ceil(call.duration / 60) : null,
		price_unit: 'USD',
		direction: call.direction,
		answered_by: call.answeredBy,
		api_version: '2010-04-01',
		forwarded_from: null,
		caller_name: null,
		uri: callUri(accountSid, call.sid),
		subresource_uris: {
			notifications: `${base}/Notifications.json`,
			recordings: `${base}/Recordings.json`,
		},
	};
}

function methodOf(form: URLSearchParams, name: string): string | EmuResponse {
	const method = (form.get(name) ?? 'POST').toUpperCase();
	return ['GET', 'POST'].includes(method)
		? method
		: swError(400, 21403, `${name} must be GET or POST, not ${form.get(name)}`);
}

/** Url or Twiml (Twiml wins when both are sent), with the Method for the Url. */
function readAnswer(form: URLSearchParams): CxmlSource | EmuResponse | undefined {
	const twiml = form.get('Twiml') ?? form.get('Laml');
	if (twiml !== null && twiml !== '') return { kind: 'inline', twiml };
	const url = form.get('Url');
	if (url === null || url === '') return undefined;
	if (!isHttpUrl(url)) return swError(400, 21205, `Url is not a valid URL: ${url}`);
	const method = methodOf(form, 'Method');
	return typeof method === 'string' ? { kind: 'voice', url, method } : method;
}

/** StatusCallback and its events (repeated key, or space-separated in one value). */
function readStatusCallback(form: URLSearchParams): SwCall['statusCallback'] | EmuResponse {
	const url = form.get('StatusCallback');
	if (url === null || url === '') return undefined;
	if (!isHttpUrl(url)) return swError(400, 21609, `StatusCallback is not a valid URL: ${url}`);
	const method = methodOf(form, 'StatusCallbackMethod');
	if (typeof method !== 'string') return method;
	const events = form.getAll('StatusCallbackEvent').flatMap((v) => v.split(/\s+/).filter(Boolean));
	const unknown = events.find((e) => !(CALL_EVENTS as readonly string[]).includes(e));
	if (unknown !== undefined)
		return swError(400, 10000, `StatusCallbackEvent "${unknown}" is not a call progress event`);
	return { url, method, events: events.length > 0 ? events : ['completed'] };
}

function readRecordingCallback(
	form: URLSearchParams,
	defaultEvents: string[],
): SwCall['recordingStatusCallback'] | EmuResponse {
	const url = form.get('RecordingStatusCallback');
	if (url === null || url === '') return undefined;
	if (!isHttpUrl(url))
		return swError(400, 21402, `RecordingStatusCallback is not a valid URL: ${url}`);
	const method = methodOf(form, 'RecordingStatusCallbackMethod');
	if (typeof method !== 'string') return method;
	const events = form
		.getAll('RecordingStatusCallbackEvent')
		.flatMap((v) => v.split(/[\s,]+/).filter(Boolean));
	const unknown = events.find((e) => !RECORDING_EVENTS.includes(e));
	if (unknown !== undefined)
		return swError(400, 13621, `RecordingStatusCallbackEvent "${unknown}" is not valid`);
	return { url, method, events: events.length > 0 ? events : defaultEvents };
}

const isResponse = (value: unknown): value is EmuResponse =>
	typeof value === 'object' && value !== null && 'status' in value && 'body' in value;

/** POST …/Calls.json → 201 with the queued call; the simulator then runs it. */
export function createCall(ctx: RequestContext, accountSid: string | undefined): EmuResponse {
	const authError = authenticateVoice(ctx, accountSid);
	if (authError) return authError;
	const form = readForm(ctx);
	if (!(form instanceof URLSearchParams)) return form;
	const { numbers } = ctx.env.fixtures.signalwire;
	const to = form.get('To') ?? '';
	const from = form.get('From') ?? '';
	if (to === '') return swError(400, 21201, "No 'To' number is specified");
	if (to.toLowerCase().startsWith('sip:') ? !SIP.test(to) : !E164.test(to))
		return swError(
			400,
			to.toLowerCase().startsWith('sip:') ? 21217 : 21211,
			`Invalid 'To' Phone Number: ${to}`,
		);
	if (from === '') return swError(400, 21213, "No 'From' number is specified");
	if (!E164.test(from)) return swError(400, 21212, `Invalid 'From' Phone Number: ${from}`);
	if (![numbers.main, numbers.project, numbers.secondProject].includes(from))
		return swError(
			400,
			21210,
			`The source phone number provided, ${from}, is not yet verified for your account.`,
		);
	const answer = readAnswer(form);
	if (answer === undefined)
		return swError(400, 21205, 'A call needs a cXML Url (or ApplicationSid) to answer with.');
	if (isResponse(answer)) return answer;
	const rawTimeout = form.get('Timeout');
	if (rawTimeout !== null && !(/^\d+$/.test(rawTimeout) && +rawTimeout >= 1 && +rawTimeout <= 600))
		return swError(400, 21208, `Timeout must be an integer between 1 and 600, not ${rawTimeout}`);
	const machineDetection = form.get('MachineDetection');
	if (machineDetection !== null && !MACHINE_DETECTION.includes(machineDetection))
		return swError(
			400,
			21234,
			`MachineDetection must be one of ${MACHINE_DETECTION.join(', ')}, not ${machineDetection}`,
		);
	const record = form.get('Record');
	if (record !== null && !['true', 'false'].includes(record.toLowerCase()))
		return swError(400, 10000, `Record must be true or false, not ${record}`);
	const statusCallback = readStatusCallback(form);
	if (isResponse(statusCallback)) return statusCallback;
	const recordingCallback = readRecordingCallback(form, ['completed']);
	if (isResponse(recordingCallback)) return recordingCallback;

	const voice = ctx.env.swVoice;
	const call = voice.newCall({ direction: 'outbound-api', from, to });
	Object.assign(call, {
		source: answer,
		statusCallback,
		recordingStatusCallback: recordingCallback,
		record: record?.toLowerCase() === 'true',
		timeoutS: rawTimeout === null ? 60 : Number(rawTimeout),
		machineDetection: machineDetection === 'none' ? undefined : (machineDetection ?? undefined),
	});
	const request: Record<string, string | string[]> = {};
	for (const name of new Set(form.keys())) {
		const values = form.getAll(name);
		request[name] = values.length > 1 ? values : values[0]!;
	}
	voice.placed.push({ sid: call.sid, to, from, request });
	void voice.runOutbound(call);
	return json(201, callJson(call, accountSid ?? ''));
}

/** The call of an authenticated request, or the answer that ends it (401, 404). */
function findCall(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
): { call: SwCall } | { response: EmuResponse } {
	const authError = authenticateVoice(ctx, accountSid);
	if (authError) return { response: authError };
	const call = sid === undefined ? undefined : ctx.env.swVoice.calls.get(sid);
	return call ? { call } : { response: notFound(ctx) };
}

export function getCall(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
): EmuResponse {
	const found = findCall(ctx, accountSid, sid);
	return 'response' in found ? found.response : json(200, callJson(found.call, accountSid ?? ''));
}

/**
 * POST …/Calls/{Sid}.json: Status canceled (a queued or ringing call) or completed (any live call;
 * a call not answered yet ends canceled), or Url/Twiml to redirect an in-progress call.
 */
export function updateCall(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
): EmuResponse {
	const found = findCall(ctx, accountSid, sid);
	if ('response' in found) return found.response;
	const { call } = found;
	const form = readForm(ctx);
	if (!(form instanceof URLSearchParams)) return form;
	const voice = ctx.env.swVoice;
	const status = form.get('Status');
	const answer = readAnswer(form);
	if (isResponse(answer)) return answer;
	const statusCallback = readStatusCallback(form);
	if (isResponse(statusCallback)) return statusCallback;
	if (status !== null && !['canceled', 'completed'].includes(status))
		return swError(400, 10000, `Status must be canceled or completed, not ${status}`);
	if (status === null && answer === undefined && statusCallback === undefined)
		return swError(400, 10000, 'Nothing to update: send Status, Url or Twiml');
	const ended = voice.isEnded(call);
	const answered = call.status === 'in-progress';
	if (status !== null) {
		if (ended) return swError(400, 10000, `Call is ${call.status}: it cannot be updated`);
		if (status === 'canceled' && answered)
			return swError(
				400,
				10000,
				'Call is in progress: cancel only applies to queued or ringing calls',
			);
	} else if (answer !== undefined && !answered) {
		return swError(400, 21220, `Call is not in-progress (it is ${call.status}). Cannot redirect.`);
	}
	if (statusCallback) call.statusCallback = statusCallback;
	if (status !== null) voice.finish(call, answered ? 'completed' : 'canceled');
	else if (answer !== undefined) voice.redirect(call, answer);
	return json(200, callJson(call, accountSid ?? ''));
}

/** DELETE …/Calls/{Sid}.json → 204; 422/20009 while the call is not finished. */
export function deleteCall(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
): EmuResponse {
	const found = findCall(ctx, accountSid, sid);
	if ('response' in found) return found.response;
	if (!ctx.env.swVoice.isEnded(found.call))
		return swError(422, 20009, 'Cannot delete a call that is in progress');
	ctx.env.swVoice.calls.delete(found.call.sid);
	return empty(204);
}

const LIST_FILTERS = ['To', 'From', 'Status', 'ParentCallSid'] as const;

/** GET …/Calls.json: newest first; To, From, Status, ParentCallSid, StartTime(<,>), EndTime(<,>). */
export function listCalls(ctx: RequestContext, accountSid: string | undefined): EmuResponse {
	const authError = authenticateVoice(ctx, accountSid);
	if (authError) return authError;
	const filters = new URLSearchParams();
	for (const name of LIST_FILTERS) {
		const value = ctx.query.get(name);
		if (value !== null) filters.set(name, value);
	}
	const status = filters.get('Status');
	if (status !== null && !(STATUSES as readonly string[]).includes(status))
		return swError(400, 20001, `Invalid Status: ${status}`);
	const problem =
		readDateFilters(ctx, 'StartTime', filters) ?? readDateFilters(ctx, 'EndTime', filters);
	if (problem) return problem;
	const account = accountSid ?? '';
	// Newest first; calls made in the same millisecond keep their reverse creation order (stable sort).
	const all = [...ctx.env.swVoice.calls.values()]
		.reverse()
		.filter(
			(c) =>
				(filters.get('To') ?? c.to) === c.to &&
				(filters.get('From') ?? c.from) === c.from &&
				(status ?? c.status) === c.status &&
				!filters.get('ParentCallSid') &&
				matchesDateFilters(c.startTime, 'StartTime', filters) &&
				matchesDateFilters(c.endTime, 'EndTime', filters),
		)
		.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
	return listPage(
		ctx,
		`${LAML_PREFIX}/Accounts/${account}/Calls.json`,
		filters,
		'calls',
		all,
		(c) => callJson(c, account),
	);
}
