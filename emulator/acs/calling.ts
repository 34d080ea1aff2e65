import { randomUUID } from 'node:crypto';
import { decodeSegment, empty, json, type EmuResponse, type RequestContext } from '../http';
import {
	BadRequest,
	callbackUrl,
	handle,
	identifier,
	jsonObject,
	onCall,
	optionalArray,
	optionalBoolean,
	optionalEnum,
	optionalInteger,
	optionalRecord,
	optionalString,
	phoneIdentifier,
	phoneNumberModel,
	requiredString,
	serviceError,
	type ResolvedIdentifier,
} from './callModels';
import {
	ANSWER_WINDOW_MS,
	serverCallIdFor,
	type CallSimulator,
	type MediaStreamingOptionsModel,
	type SimCall,
} from './callSimulator';
import { stopCallRecordings } from './recordings';

/**
 * Call Automation call connections (api-version 2026-03-12): answer, reject, redirect, create, get,
 * hang up, terminate, transfer and participants. Requests are checked as the service checks them
 * (auth, api-version, body schema, service rules) and each accepted action queues its callbacks.
 */

function ownedNumber(ctx: RequestContext, value: string, field: string): void {
	const owned: string[] = Object.values(ctx.env.fixtures.acs.phoneNumbers);
	if (!owned.includes(value))
		throw new BadRequest(
			`Invalid request: ${field} ${value} is not a phone number of this Communication Services resource.`,
			'8523',
		);
}

/** Phone targets need a caller ID that is a number of the resource (as the service enforces). */
function callerIdFor(
	ctx: RequestContext,
	body: Record<string, unknown>,
	targets: ResolvedIdentifier[],
): string | undefined {
	const callerId = phoneNumberModel(body.sourceCallerIdNumber, 'sourceCallerIdNumber');
	if (callerId === undefined && targets.some((t) => t.kind === 'phoneNumber'))
		throw new BadRequest(
			'Invalid request: sourceCallerIdNumber is required to call a phone number.',
			'8523',
		);
	if (callerId !== undefined) ownedNumber(ctx, callerId, 'sourceCallerIdNumber');
	return callerId;
}

function mediaStreamingOptions(
	body: Record<string, unknown>,
): MediaStreamingOptionsModel | undefined {
	const options = optionalRecord(body, 'mediaStreamingOptions');
	if (!options) return undefined;
	const field = (name: string) => `mediaStreamingOptions.${name}`;
	const transportType = optionalEnum(options, 'transportType', ['websocket'] as const);
	if (!transportType) throw new BadRequest(`${field('transportType')} is required.`);
	const audioChannelType = optionalEnum(options, 'audioChannelType', ['mixed', 'unmixed'] as const);
	if (!audioChannelType) throw new BadRequest(`${field('audioChannelType')} is required.`);
	const transportUrl = optionalString(options, 'transportUrl');
	if (transportUrl !== undefined) {
		let url: URL | undefined;
		try {
			url = new URL(transportUrl);
		} catch {
			url = undefined;
		}
		const loopback = url && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(url.hostname);
		if (!url || !(url.protocol === 'wss:' || (url.protocol === 'ws:' && loopback)))
			throw new BadRequest(`${field('transportUrl')} must be an absolute wss URL.`);
	}
	return {
		transportType,
		audioChannelType,
		transportUrl,
		contentType: optionalEnum(options, 'contentType', ['audio'] as const),
		startMediaStreaming: optionalBoolean(options, 'startMediaStreaming'),
		enableBidirectional: optionalBoolean(options, 'enableBidirectional'),
		audioFormat: optionalEnum(options, 'audioFormat', ['pcm16KMono', 'pcm24KMono'] as const),
		enableDtmfTones: optionalBoolean(options, 'enableDtmfTones'),
	};
}

function cognitiveServicesEndpoint(body: Record<string, unknown>): string | undefined {
	const options = optionalRecord(body, 'callIntelligenceOptions');
	if (!options) return undefined;
	const endpoint = optionalString(options, 'cognitiveServicesEndpoint');
	if (endpoint === undefined) return undefined;
	try {
		if (new URL(endpoint).protocol === 'https:') return endpoint;
	} catch {
		// reported below
	}
	throw new BadRequest('callIntelligenceOptions.cognitiveServicesEndpoint must be an https URL.');
}

/** CallConnected, ParticipantsUpdated, and MediaStreamingStarted when streaming starts at once. */
function connect(calls: CallSimulator, call: SimCall): void {
	call.state = 'connected';
	calls.callback(call, 'CallConnected', {});
	participantsUpdated(calls, call);
	if (call.mediaStreamingOptions?.startMediaStreaming) {
		call.mediaStreaming = 'active';
		calls.callback(call, 'MediaStreamingStarted', streamingUpdate('started'));
	}
}

function streamingUpdate(status: 'started' | 'stopped'): Record<string, unknown> {
	return {
		mediaStreamingUpdate: {
			contentType: 'Audio',
			mediaStreamingStatus:
				status === 'started' ? 'mediaStreamingStarted' : 'mediaStreamingStopped',
			mediaStreamingStatusDetails:
				status === 'started' ? 'subscriptionStarted' : 'subscriptionStopped',
		},
	};
}

function participantsUpdated(calls: CallSimulator, call: SimCall, url?: string): void {
	call.participantsSequence += 1;
	calls.callback(
		call,
		'ParticipantsUpdated',
		{ participants: calls.participantModels(call), sequenceNumber: call.participantsSequence },
		{ url },
	);
}

/** The ringing call a context names, or why it cannot be acted on (400/8587 when used or too late). */
function ringing(ctx: RequestContext, body: Record<string, unknown>) {
	const context = requiredString(body, 'incomingCallContext');
	const incoming = ctx.env.calls.incoming.get(context);
	if (!incoming) throw new BadRequest('Invalid request: incomingCallContext is not valid.', '8523');
	if (incoming.status !== 'ringing')
		throw new BadRequest(
			`Incoming call not answered within time: the call was already ${incoming.status}.`,
			'8587',
		);
	if (Date.now() - incoming.receivedAt > (incoming.options.answerWithinMs ?? ANSWER_WINDOW_MS))
		throw new BadRequest('Incoming call not answered within time.', '8587');
	return incoming;
}

/** POST /calling/callConnections:answer → 200 CallConnectionProperties. */
export function answerCall(ctx: RequestContext): Promise<EmuResponse> | EmuResponse {
	return handle(
		ctx,
		() => {
			const body = jsonObject(ctx, true);
			const callbackUri = callbackUrl(body, 'callbackUri', true)!;
			const operationContext = optionalString(body, 'operationContext');
			const streaming = mediaStreamingOptions(body);
			const cognitive = cognitiveServicesEndpoint(body);
			optionalRecord(body, 'answeredBy');
			const incoming = ringing(ctx, body);
			const { calls } = ctx.env;
			incoming.status = 'answered';
			incoming.answers += 1;
			calls.counters.answered += 1;
			const caller = phoneIdentifier(incoming.from);
			const call = calls.newCall({
				serverCallId: incoming.serverCallId,
				correlationId: incoming.correlationId,
				origin: 'answered',
				callbackUri,
				operationContext,
				source: caller,
				targets: [phoneIdentifier(incoming.to)],
				answeredFor: incoming.to,
				mediaStreamingOptions: streaming,
				cognitiveServicesEndpoint: cognitive,
				participants: [caller],
				incomingCallContext: incoming.incomingCallContext,
				settings: incoming.options,
			});
			const answer = json(200, calls.properties(call, 'connecting'));
			connect(calls, call);
			return answer;
		},
		{ repeatable: true },
	);
}

/** POST /calling/callConnections:reject → 204 (no events). */
export function rejectCall(ctx: RequestContext): Promise<EmuResponse> | EmuResponse {
	return handle(
		ctx,
		() => {
			const body = jsonObject(ctx, true);
			optionalEnum(body, 'callRejectReason', ['none', 'busy', 'forbidden'] as const);
			const incoming = ringing(ctx, body);
			incoming.status = 'rejected';
			ctx.env.calls.counters.rejected += 1;
			return empty(204);
		},
		{ repeatable: true },
	);
}

/** POST /calling/callConnections:redirect → 204 (no events). */
export function redirectCall(ctx: RequestContext): Promise<EmuResponse> | EmuResponse {
	return handle(
		ctx,
		() => {
			const body = jsonObject(ctx, true);
			if (body.target === undefined) throw new BadRequest('target is required.');
			identifier(body.target, 'target');
			const incoming = ringing(ctx, body);
			incoming.status = 'redirected';
			ctx.env.calls.counters.redirected += 1;
			return empty(204);
		},
		{ repeatable: true },
	);
}

/** POST /calling/callConnections → 201 CallConnectionProperties; the call connects at once. */
export function createCall(ctx: RequestContext): Promise<EmuResponse> | EmuResponse {
	return handle(
		ctx,
		() => {
			const body = jsonObject(ctx, true);
			const rawTargets = optionalArray(body, 'targets');
			if (!rawTargets || rawTargets.length === 0)
				throw new BadRequest('targets is required and must not be empty.');
			const targets = rawTargets.map((t, i) => identifier(t, `targets[${i}]`));
			const callbackUri = callbackUrl(body, 'callbackUri', true)!;
			const operationContext = optionalString(body, 'operationContext');
			const streaming = mediaStreamingOptions(body);
			const cognitive = cognitiveServicesEndpoint(body);
			const sourceDisplayName = optionalString(body, 'sourceDisplayName');
			const source = optionalRecord(body, 'source');
			const callerId = callerIdFor(ctx, body, targets);
			const { calls } = ctx.env;
			calls.counters.created += 1;
			const correlationId = randomUUID();
			const call = calls.newCall({
				serverCallId: serverCallIdFor(correlationId),
				correlationId,
				origin: 'created',
				callbackUri,
				operationContext,
				source:
					source && typeof (source as { id?: unknown }).id === 'string'
						? identifier({ communicationUser: source }, 'source')
						: undefined,
				targets,
				sourceCallerIdNumber: callerId,
				sourceDisplayName,
				mediaStreamingOptions: streaming,
				cognitiveServicesEndpoint: cognitive,
				participants: targets,
			});
			const answer = json(201, calls.properties(call, 'connecting'));
			connect(calls, call);
			return answer;
		},
		{ repeatable: true },
	);
}

/** GET /calling/callConnections/{id} → 200 CallConnectionProperties. */
export function getCall(ctx: RequestContext, rawId: string) {
	return onCall(ctx, rawId, (_ctx, call) => json(200, ctx.env.calls.properties(call)));
}

/** Ends the call for the app: CallDisconnected, media operations stop, recordings stop. */
export function disconnect(calls: CallSimulator, call: SimCall): void {
	for (const op of call.media) {
		if (op.state !== 'running') continue;
		calls.cancelTimer(op.timer);
		op.state = 'canceled';
	}
	call.state = 'disconnected';
	// CallDisconnected is the last callback of a call: a running recording's state change comes first.
	const announceRecordingFiles = stopCallRecordings(calls, call);
	calls.callback(call, 'CallDisconnected', {});
	announceRecordingFiles();
}

/** DELETE /calling/callConnections/{id} (hang up) → 204. */
export function hangUp(ctx: RequestContext, rawId: string) {
	return onCall(ctx, rawId, (_ctx, call) => {
		disconnect(ctx.env.calls, call);
		return empty(204);
	});
}

/** POST /calling/callConnections/{id}:terminate → 204 (the call ends for everyone). */
export function terminate(ctx: RequestContext, rawId: string) {
	return onCall(
		ctx,
		rawId,
		(_ctx, call) => {
			disconnect(ctx.env.calls, call);
			return empty(204);
		},
		{ repeatable: true },
	);
}

/** POST …:transferToParticipant → 202 {operationContext}; CallTransferAccepted, then the app leaves. */
export function transfer(ctx: RequestContext, rawId: string) {
	return onCall(
		ctx,
		rawId,
		(_ctx, call) => {
			const body = jsonObject(ctx, true);
			if (body.targetParticipant === undefined)
				throw new BadRequest('targetParticipant is required.');
			const target = identifier(body.targetParticipant, 'targetParticipant');
			const transferee =
				body.transferee === undefined ? undefined : identifier(body.transferee, 'transferee');
			const url = callbackUrl(body, 'operationCallbackUri', false);
			const operationContext = optionalString(body, 'operationContext');
			const callerId = phoneNumberModel(body.sourceCallerIdNumber, 'sourceCallerIdNumber');
			if (callerId !== undefined) ownedNumber(ctx, callerId, 'sourceCallerIdNumber');
			optionalRecord(body, 'customCallingContext');
			if (transferee && !call.participants.some((p) => p.identifier.rawId === transferee.rawId))
				return serviceError(404, 8522, 'Transferee is not a participant of the call.');
			const { calls } = ctx.env;
			call.state = 'transferAccepted';
			calls.callback(
				call,
				'CallTransferAccepted',
				{
					transferTarget: target,
					transferee: transferee ?? call.participants[0]?.identifier,
				},
				{ url, operationContext },
			);
			disconnect(calls, call);
			return json(202, { operationContext });
		},
		{ repeatable: true },
	);
}

/** GET …/participants → 200 {value[]}. */
export function listParticipants(ctx: RequestContext, rawId: string) {
	return onCall(ctx, rawId, (_ctx, call) =>
		json(200, { value: ctx.env.calls.participantModels(call) }),
	);
}

/** GET …/participants/{rawId} → 200 CallParticipant, or 404/8522. */
export function getParticipant(ctx: RequestContext, rawId: string, rawParticipantId: string) {
	return onCall(ctx, rawId, (_ctx, call) => {
		const participantId = decodeSegment(rawParticipantId);
		const found = call.participants.find((p) => p.identifier.rawId === participantId);
		return found ? json(200, found) : serviceError(404, 8522, 'Participant not found.');
	});
}

/** POST …/participants:add → 202 {participant, invitationId, operationContext}; AddParticipantSucceeded. */
export function addParticipant(ctx: RequestContext, rawId: string) {
	return onCall(
		ctx,
		rawId,
		(_ctx, call) => {
			const body = jsonObject(ctx, true);
			if (body.participantToAdd === undefined)
				throw new BadRequest('participantToAdd is required.');
			const added = identifier(body.participantToAdd, 'participantToAdd');
			optionalInteger(body, 'invitationTimeoutInSeconds', 1, 180);
			optionalString(body, 'sourceDisplayName');
			optionalRecord(body, 'customCallingContext');
			const url = callbackUrl(body, 'operationCallbackUri', false);
			const operationContext = optionalString(body, 'operationContext');
			callerIdFor(ctx, body, [added]);
			if (call.participants.some((p) => p.identifier.rawId === added.rawId))
				return serviceError(400, 8523, 'Invalid request: the participant is already in the call.');
			const participant = { identifier: added, isMuted: false, isOnHold: false };
			const { calls } = ctx.env;
			call.participants.push(participant);
			calls.callback(
				call,
				'AddParticipantSucceeded',
				{ participant: added },
				{ url, operationContext },
			);
			participantsUpdated(calls, call, url);
			return json(202, { participant, invitationId: randomUUID(), operationContext });
		},
		{ repeatable: true },
	);
}

/** POST …/participants:remove → 202 {operationContext}; RemoveParticipantSucceeded. */
export function removeParticipant(ctx: RequestContext, rawId: string) {
	return onCall(
		ctx,
		rawId,
		(_ctx, call) => {
			const body = jsonObject(ctx, true);
			if (body.participantToRemove === undefined)
				throw new BadRequest('participantToRemove is required.');
			const removed = identifier(body.participantToRemove, 'participantToRemove');
			const url = callbackUrl(body, 'operationCallbackUri', false);
			const operationContext = optionalString(body, 'operationContext');
			const index = call.participants.findIndex((p) => p.identifier.rawId === removed.rawId);
			if (index < 0) return serviceError(404, 8522, 'Participant not found.');
			const { calls } = ctx.env;
			call.participants.splice(index, 1);
			calls.callback(
				call,
				'RemoveParticipantSucceeded',
				{ participant: removed },
				{ url, operationContext },
			);
			participantsUpdated(calls, call, url);
			return json(202, { operationContext });
		},
		{ repeatable: true },
	);
}

/** POST …:startMediaStreaming | :stopMediaStreaming → 202; needs media streaming options (405/8522). */
export function mediaStreaming(ctx: RequestContext, rawId: string, action: 'start' | 'stop') {
	return onCall(ctx, rawId, (_ctx, call) => {
		const body = jsonObject(ctx, false);
		const url = callbackUrl(body, 'operationCallbackUri', false);
		const operationContext = optionalString(body, 'operationContext');
		if (!call.mediaStreamingOptions)
			return serviceError(
				405,
				8522,
				'Missing configuration for media streaming: set mediaStreamingOptions when invoking the AnswerCall API (or CreateCall).',
			);
		call.mediaStreaming = action === 'start' ? 'active' : 'inactive';
		ctx.env.calls.callback(
			call,
			action === 'start' ? 'MediaStreamingStarted' : 'MediaStreamingStopped',
			streamingUpdate(action === 'start' ? 'started' : 'stopped'),
			{ url, operationContext },
		);
		return empty(202);
	});
}
