import { decodeSegment, type Route } from '../http';
import { createCall, deleteCall, getCall, listCalls, updateCall } from './calls';
import {
	deleteRecording,
	getRecording,
	getRecordingMedia,
	listRecordings,
	startRecording,
	updateRecording,
} from './recordings';

const ACCOUNT = /^(?:\/api\/laml)?\/2010-04-01\/Accounts\/([^/]+)\/(.+)$/;

/** Calls and Recordings, with or without the `/api/laml` prefix (the official client omits it). */
export function voiceRoute(method: string, rawPath: string): Route | undefined {
	const m = ACCOUNT.exec(rawPath);
	if (!m) return undefined;
	const account = decodeSegment(m[1]!);
	const rest = m[2]!;
	return callRoute(method, account, rest) ?? recordingRoute(method, account, rest);
}

function callRoute(method: string, account: string | undefined, rest: string): Route | undefined {
	if (rest === 'Calls.json') {
		if (method === 'POST')
			return { endpoint: 'signalwire.calls.create', handle: (ctx) => createCall(ctx, account) };
		if (method === 'GET')
			return { endpoint: 'signalwire.calls.list', handle: (ctx) => listCalls(ctx, account) };
		return undefined;
	}
	const call = /^Calls\/([^/]+)\.json$/.exec(rest);
	if (call) {
		const sid = decodeSegment(call[1]!);
		if (method === 'GET')
			return { endpoint: 'signalwire.calls.get', handle: (ctx) => getCall(ctx, account, sid) };
		if (method === 'POST')
			return {
				endpoint: 'signalwire.calls.update',
				handle: (ctx) => updateCall(ctx, account, sid),
			};
		if (method === 'DELETE')
			return {
				endpoint: 'signalwire.calls.delete',
				handle: (ctx) => deleteCall(ctx, account, sid),
			};
		return undefined;
	}
	const ofCall = /^Calls\/([^/]+)\/Recordings(?:\/([^/]+))?\.json$/.exec(rest);
	if (!ofCall) return undefined;
	const callSid = decodeSegment(ofCall[1]!);
	if (ofCall[2] === undefined) {
		if (method === 'POST')
			return {
				endpoint: 'signalwire.recordings.start',
				handle: (ctx) => startRecording(ctx, account, callSid),
			};
		if (method === 'GET')
			return {
				endpoint: 'signalwire.recordings.list',
				handle: (ctx) => listRecordings(ctx, account, callSid),
			};
		return undefined;
	}
	const sid = decodeSegment(ofCall[2]);
	if (method === 'POST')
		return {
			endpoint: 'signalwire.recordings.update',
			handle: (ctx) => updateRecording(ctx, account, callSid, sid),
		};
	return undefined;
}

function recordingRoute(
	method: string,
	account: string | undefined,
	rest: string,
): Route | undefined {
	if (rest === 'Recordings.json')
		return method === 'GET'
			? { endpoint: 'signalwire.recordings.list', handle: (ctx) => listRecordings(ctx, account) }
			: undefined;
	const m = /^Recordings\/([^/.]+)(\.json|\.wav|\.mp3)?$/.exec(rest);
	if (!m) return undefined;
	const sid = decodeSegment(m[1]!);
	const suffix = m[2];
	if (suffix === '.json') {
		if (method === 'GET')
			return {
				endpoint: 'signalwire.recordings.get',
				handle: (ctx) => getRecording(ctx, account, sid),
			};
		if (method === 'DELETE')
			return {
				endpoint: 'signalwire.recordings.delete',
				handle: (ctx) => deleteRecording(ctx, account, sid),
			};
		return undefined;
	}
	if (method !== 'GET') return undefined;
	const format = suffix === '.mp3' ? 'mp3' : 'wav';
	return {
		endpoint: 'signalwire.recordings.media',
		handle: (ctx) => getRecordingMedia(ctx, account, sid, format),
	};
}
