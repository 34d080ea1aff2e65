import type { EmuResponse, RequestContext, Route } from '../http';
import {
	addParticipant,
	answerCall,
	createCall,
	getCall,
	getParticipant,
	hangUp,
	listParticipants,
	mediaStreaming,
	redirectCall,
	rejectCall,
	removeParticipant,
	terminate,
	transfer,
} from './calling';
import { cancelAllMediaOperations, play, recognize, sendDtmfTones } from './callMedia';
import { getRecording, pauseOrResume, startRecording, stopRecording } from './recordings';

type Action = (ctx: RequestContext, id: string) => EmuResponse | Promise<EmuResponse>;

/** `POST /calling/callConnections/{id}:<action>`: endpoint key and handler per action. */
const CALL_ACTIONS: Record<string, [string, Action]> = {
	terminate: ['acs.calling.terminate', terminate],
	transferToParticipant: ['acs.calling.transfer', transfer],
	play: ['acs.calling.play', play],
	recognize: ['acs.calling.recognize', recognize],
	cancelAllMediaOperations: ['acs.calling.cancelAllMediaOperations', cancelAllMediaOperations],
	sendDtmfTones: ['acs.calling.sendDtmfTones', sendDtmfTones],
	startMediaStreaming: [
		'acs.calling.startMediaStreaming',
		(c, id) => mediaStreaming(c, id, 'start'),
	],
	stopMediaStreaming: ['acs.calling.stopMediaStreaming', (c, id) => mediaStreaming(c, id, 'stop')],
};

// The ':' before an action may arrive raw or percent-encoded; ids never contain a raw ':' or '/'.
const COLON = '(?::|%3A)';

/** Call Automation routes: call connections, participants, media actions and recordings. */
export function callingRoute(method: string, rawPath: string): Route | undefined {
	if (!rawPath.startsWith('/calling/')) return undefined;
	let m: RegExpExecArray | null;
	if (
		method === 'POST' &&
		(m = new RegExp(`^/calling/callConnections${COLON}(answer|reject|redirect)$`, 'i').exec(
			rawPath,
		))
	) {
		const action = m[1]!.toLowerCase();
		const handler =
			action === 'answer' ? answerCall : action === 'reject' ? rejectCall : redirectCall;
		return { endpoint: `acs.calling.${action}`, handle: handler };
	}
	if (method === 'POST' && rawPath === '/calling/callConnections')
		return { endpoint: 'acs.calling.create', handle: createCall };
	if ((m = /^\/calling\/callConnections\/([^/]+)$/.exec(rawPath))) {
		const id = m[1]!;
		if (method === 'GET') return { endpoint: 'acs.calling.get', handle: (ctx) => getCall(ctx, id) };
		if (method === 'DELETE')
			return { endpoint: 'acs.calling.hangUp', handle: (ctx) => hangUp(ctx, id) };
	}
	if (
		method === 'POST' &&
		(m = new RegExp(`^/calling/callConnections/([^/]+?)${COLON}(\\w+)$`, 'i').exec(rawPath))
	) {
		const id = m[1]!;
		const action = Object.keys(CALL_ACTIONS).find((a) => a.toLowerCase() === m![2]!.toLowerCase());
		if (action) {
			const [endpoint, run] = CALL_ACTIONS[action]!;
			return { endpoint, handle: (ctx) => run(ctx, id) };
		}
	}
	if (
		method === 'GET' &&
		(m = /^\/calling\/callConnections\/([^/]+)\/participants$/.exec(rawPath))
	) {
		const id = m[1]!;
		return {
			endpoint: 'acs.calling.participants.list',
			handle: (ctx) => listParticipants(ctx, id),
		};
	}
	if (
		method === 'GET' &&
		(m = /^\/calling\/callConnections\/([^/]+)\/participants\/([^/]+)$/.exec(rawPath))
	) {
		const [id, participant] = [m[1]!, m[2]!];
		return {
			endpoint: 'acs.calling.participants.get',
			handle: (ctx) => getParticipant(ctx, id, participant),
		};
	}
	if (
		method === 'POST' &&
		(m = new RegExp(
			`^/calling/callConnections/([^/]+)/participants${COLON}(add|remove)$`,
			'i',
		).exec(rawPath))
	) {
		const [id, action] = [m[1]!, m[2]!.toLowerCase()];
		return {
			endpoint: `acs.calling.participants.${action}`,
			handle: (ctx) => (action === 'add' ? addParticipant(ctx, id) : removeParticipant(ctx, id)),
		};
	}
	if (method === 'POST' && rawPath === '/calling/recordings')
		return { endpoint: 'acs.recording.start', handle: startRecording };
	if ((m = /^\/calling\/recordings\/([^/:]+?)(?:(?::|%3A)(pause|resume))?$/i.exec(rawPath))) {
		const [id, action] = [m[1]!, m[2]?.toLowerCase() as 'pause' | 'resume' | undefined];
		if (action && method === 'POST')
			return {
				endpoint: `acs.recording.${action}`,
				handle: (ctx) => pauseOrResume(ctx, id, action),
			};
		if (!action && method === 'GET')
			return { endpoint: 'acs.recording.get', handle: (ctx) => getRecording(ctx, id) };
		if (!action && method === 'DELETE')
			return { endpoint: 'acs.recording.stop', handle: (ctx) => stopRecording(ctx, id) };
	}
	return undefined;
}
