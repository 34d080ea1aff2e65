import { rfc2822 } from '../fixtures';
import { empty, json, swError, type EmuResponse, type RequestContext } from '../http';
import { authenticateProject } from './auth';
import { recordingUri, type SwRecording } from './callSimulator';
import { authenticateVoice, isHttpUrl, notFound, readForm } from './calls';
import { fileSignature, LAML_PREFIX } from './media';
import { listPage, matchesDateFilters, readDateFilters } from './paging';
import { RECORDING_MIME, recordingBytes, type RecordingFormat } from './voiceFixtures';

const FILE_URL_LIFETIME_S = 3600;
const RECORDING_EVENTS = ['in-progress', 'completed', 'absent'];

/** The Recording resource as SignalWire's reference defines it (price and duration are strings). */
export function recordingJson(r: SwRecording, accountSid: string) {
	const done = r.status === 'completed';
	return {
		sid: r.sid,
		account_sid: accountSid,
		api_version: '2010-04-01',
		call_sid: r.callSid,
		conference_sid: null,
		channels: r.channels,
		date_created: rfc2822(r.createdAt),
		date_updated: rfc2822(r.updatedAt),
		end_time: done ? rfc2822(new Date(r.startTime.getTime() + r.duration * 1000)) : null,
		duration: done ? String(r.duration) : '-1',
		price: done ? (-0.0025 * Math.ceil(r.duration / 60)).toFixed(4) : null,
		price_unit: 'USD',
		source: r.source,
		status: r.status,
		error_code: null,
		uri: recordingUri(accountSid, r.sid),
		subresource_uris: {
			transcriptions: `${LAML_PREFIX}/Accounts/${accountSid}/Recordings/${r.sid}/Transcriptions.json`,
		},
	};
}

/**
 * GET …/Recordings.json (CallSid, DateCreated(<,>)) and GET …/Calls/{CallSid}/Recordings.json:
 * newest first.
 */
export function listRecordings(
	ctx: RequestContext,
	accountSid: string | undefined,
	pathCallSid?: string,
): EmuResponse {
	const authError = authenticateVoice(ctx, accountSid);
	if (authError) return authError;
	const voice = ctx.env.swVoice;
	if (pathCallSid !== undefined && !voice.calls.has(pathCallSid)) return notFound(ctx);
	const filters = new URLSearchParams();
	const callSid = pathCallSid ?? ctx.query.get('CallSid');
	if (pathCallSid === undefined && callSid !== null) filters.set('CallSid', callSid);
	const problem = readDateFilters(ctx, 'DateCreated', filters);
	if (problem) return problem;
	const account = accountSid ?? '';
	const all = [...voice.recordings.values()]
		.reverse()
		.filter(
			(r) =>
				(callSid ?? r.callSid) === r.callSid &&
				matchesDateFilters(r.createdAt, 'DateCreated', filters),
		)
		.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
	const path =
		pathCallSid === undefined
			? `${LAML_PREFIX}/Accounts/${account}/Recordings.json`
			: `${LAML_PREFIX}/Accounts/${account}/Calls/${pathCallSid}/Recordings.json`;
	return listPage(ctx, path, filters, 'recordings', all, (r) => recordingJson(r, account));
}

function findRecording(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
	callSid?: string,
): { recording: SwRecording } | { response: EmuResponse } {
	const authError = authenticateVoice(ctx, accountSid);
	if (authError) return { response: authError };
	const recording = sid === undefined ? undefined : ctx.env.swVoice.recordings.get(sid);
	if (!recording || (callSid !== undefined && recording.callSid !== callSid))
		return { response: notFound(ctx) };
	return { recording };
}

export function getRecording(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
): EmuResponse {
	const found = findRecording(ctx, accountSid, sid);
	return 'response' in found
		? found.response
		: json(200, recordingJson(found.recording, accountSid ?? ''));
}

/** DELETE …/Recordings/{Sid}.json → 204; 422/20009 while the recording is still going. */
export function deleteRecording(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
): EmuResponse {
	const found = findRecording(ctx, accountSid, sid);
	if ('response' in found) return found.response;
	if (found.recording.status !== 'completed')
		return swError(422, 20009, 'Cannot delete a recording that is in progress');
	ctx.env.swVoice.recordings.delete(found.recording.sid);
	return empty(204);
}

/** The bytes of a completed recording, for the API host and the file hosts alike. */
export function recordingMedia(
	recording: SwRecording,
	format: RecordingFormat,
): { status: number; headers: Record<string, string>; body: Buffer } {
	return {
		status: 200,
		headers: { 'Content-Type': RECORDING_MIME[format] },
		body: recordingBytes(recording.sid, format, recording.duration),
	};
}

/**
 * GET …/Recordings/{Sid} (WAV), …/{Sid}.wav, …/{Sid}.mp3: open by default, as SignalWire serves
 * them; with `protectRecordingMedia` the project's Basic credentials are needed; with
 * `recordingMediaRedirect` the answer is a 302 to a pre-signed file-host URL (or the foreign host).
 */
export function getRecordingMedia(
	ctx: RequestContext,
	accountSid: string | undefined,
	sid: string | undefined,
	format: RecordingFormat,
): EmuResponse {
	const voice = ctx.env.swVoice;
	if (voice.settings.protectRecordingMedia) {
		const authError = authenticateProject(ctx, accountSid, false);
		if (authError) return authError;
	}
	const recording = sid === undefined ? undefined : voice.recordings.get(sid);
	if (
		accountSid !== ctx.env.secrets.signalwire.projectId ||
		!recording ||
		recording.status !== 'completed'
	)
		return notFound(ctx);
	const file = `${recording.sid}.${format}`;
	if (voice.settings.recordingMediaRedirect === 'foreign')
		return empty(302, { Location: `${ctx.env.foreignHostUrl}/recordings/${file}` });
	if (voice.settings.recordingMediaRedirect === 'filehost') {
		const expires = String(Math.floor(Date.now() / 1000) + FILE_URL_LIFETIME_S);
		const query = new URLSearchParams({
			Expires: expires,
			Signature: fileSignature(ctx, file, expires),
		});
		return empty(302, {
			Location: `${ctx.env.fileHostUrl}/recordings/${accountSid}/${file}?${query.toString()}`,
		});
	}
	return recordingMedia(recording, format);
}

/** POST …/Calls/{CallSid}/Recordings.json → 201, a recording of the live call, in progress. */
export function startRecording(
	ctx: RequestContext,
	accountSid: string | undefined,
	callSid: string | undefined,
): EmuResponse {
	const authError = authenticateVoice(ctx, accountSid);
	if (authError) return authError;
	const voice = ctx.env.swVoice;
	const call = callSid === undefined ? undefined : voice.calls.get(callSid);
	if (!call) return notFound(ctx);
	const form = readForm(ctx);
	if (!(form instanceof URLSearchParams)) return form;
	if (call.status !== 'in-progress')
		return swError(400, 21220, `Call is not in-progress (it is ${call.status}). Cannot record.`);
	const url = form.get('RecordingStatusCallback');
	if (url !== null && url !== '' && !isHttpUrl(url))
		return swError(400, 21402, `RecordingStatusCallback is not a valid URL: ${url}`);
	const method = (form.get('RecordingStatusCallbackMethod') ?? 'POST').toUpperCase();
	if (!['GET', 'POST'].includes(method))
		return swError(400, 21403, `RecordingStatusCallbackMethod must be GET or POST`);
	const events = form
		.getAll('RecordingStatusCallbackEvent')
		.flatMap((v) => v.split(/[\s,]+/).filter(Boolean));
	if (events.some((e) => !RECORDING_EVENTS.includes(e)))
		return swError(400, 13621, 'RecordingStatusCallbackEvent is not valid');
	const channels = form.get('RecordingChannels') ?? 'mono';
	if (!['mono', 'dual'].includes(channels))
		return swError(400, 10000, 'RecordingChannels must be mono or dual');
	const trim = form.get('Trim') ?? 'do-not-trim';
	if (!['trim-silence', 'do-not-trim'].includes(trim))
		return swError(400, 13699, 'Trim must be trim-silence or do-not-trim');
	const recording = voice.startRecording(call, {
		source: 'StartCallRecordingApi',
		callback:
			url === null || url === ''
				? undefined
				: { url, method, events: events.length > 0 ? events : ['completed'] },
		track: form.get('RecordingTrack') ?? 'both',
		trim,
		channels: channels === 'dual' ? 2 : 1,
	});
	return json(201, recordingJson(recording, accountSid ?? ''));
}

/** POST …/Calls/{CallSid}/Recordings/{Sid}.json with Status paused | in-progress | stopped. */
export function updateRecording(
	ctx: RequestContext,
	accountSid: string | undefined,
	callSid: string | undefined,
	sid: string | undefined,
): EmuResponse {
	const found = findRecording(ctx, accountSid, sid, callSid);
	if ('response' in found) return found.response;
	const form = readForm(ctx);
	if (!(form instanceof URLSearchParams)) return form;
	const status = form.get('Status');
	if (status !== 'paused' && status !== 'in-progress' && status !== 'stopped')
		return swError(400, 10000, `Status must be paused, in-progress or stopped, not ${status}`);
	const pauseBehavior = form.get('PauseBehavior');
	if (pauseBehavior !== null && !['skip', 'silence'].includes(pauseBehavior))
		return swError(400, 10000, 'PauseBehavior must be skip or silence');
	const { recording } = found;
	if (!ctx.env.swVoice.changeRecording(recording, status))
		return swError(400, 21220, `Recording is ${recording.status}: it cannot be set to ${status}`);
	return json(200, recordingJson(recording, accountSid ?? ''));
}
