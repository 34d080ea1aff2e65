import {
	decodeSegment,
	empty,
	isRecord,
	json,
	type EmuResponse,
	type RequestContext,
} from '../http';
import {
	BadRequest,
	callbackUrl,
	handle,
	identifier,
	jsonObject,
	optionalArray,
	optionalBoolean,
	optionalEnum,
	optionalRecord,
	optionalString,
	serviceError,
} from './callModels';
import {
	newRecordingId,
	RECORDING_FILE_DELAY_MS,
	type CallSimulator,
	type SimCall,
	type SimRecording,
} from './callSimulator';
import { createRecordingDocument } from './recordingDocuments';

/**
 * Call recording (api-version 2026-03-12): start, get, stop, pause, resume. State changes post
 * RecordingStateChanged to the recording's state callback URI (else the call's callback URI). When a
 * recording stops (DELETE, or its call ends) its file appears on the recording storage host and
 * RecordingFileStatusUpdated goes to the call's Event Grid URL, as ACS announces finished files.
 */

const PASCAL = {
	audio: 'Audio',
	audioVideo: 'AudioVideo',
	mixed: 'Mixed',
	unmixed: 'Unmixed',
	wav: 'Wav',
	mp3: 'Mp3',
	mp4: 'Mp4',
} as const;

function stateChanged(calls: CallSimulator, call: SimCall, recording: SimRecording): void {
	calls.callback(
		call,
		'RecordingStateChanged',
		{
			recordingId: recording.recordingId,
			state: recording.state === 'active' ? 'active' : 'inactive',
			startDateTime: recording.startedAt.toISOString(),
			recordingKind: 'azureCommunicationServices',
		},
		{ url: recording.recordingStateCallbackUri },
	);
}

function state(recording: SimRecording) {
	return {
		recordingId: recording.recordingId,
		recordingState: recording.state === 'active' ? 'active' : 'inactive',
		recordingKind: 'azureCommunicationServices',
	};
}

/** The call a start request names: callConnectionId, or a serverCallLocator (exactly one of them). */
function recordedCall(ctx: RequestContext, body: Record<string, unknown>): SimCall | undefined {
	const callConnectionId = optionalString(body, 'callConnectionId');
	const locator = optionalRecord(body, 'callLocator');
	if ((callConnectionId === undefined) === (locator === undefined))
		throw new BadRequest('Exactly one of callLocator and callConnectionId is required.');
	const { calls } = ctx.env;
	if (callConnectionId !== undefined) return calls.live(callConnectionId);
	const kind = optionalEnum(locator!, 'kind', [
		'serverCallLocator',
		'groupCallLocator',
		'roomCallLocator',
	] as const);
	if (kind === 'roomCallLocator')
		throw new BadRequest('callLocator kind roomCallLocator is not supported for Start Recording.');
	if (kind === 'groupCallLocator') {
		optionalString(locator!, 'groupCallId');
		return undefined;
	}
	const serverCallId = optionalString(locator!, 'serverCallId');
	if (!serverCallId) throw new BadRequest('callLocator.serverCallId is required.');
	return [...calls.calls.values()].find(
		(call) => call.serverCallId === serverCallId && call.state !== 'disconnected',
	);
}

/** POST /calling/recordings → 200 {recordingId, recordingState, recordingKind}. */
export function startRecording(ctx: RequestContext): Promise<EmuResponse> | EmuResponse {
	return handle(
		ctx,
		() => {
			const body = jsonObject(ctx, true);
			const contentType =
				optionalEnum(body, 'recordingContentType', ['audio', 'audioVideo'] as const) ??
				'audioVideo';
			const channelType =
				optionalEnum(body, 'recordingChannelType', ['mixed', 'unmixed'] as const) ?? 'mixed';
			const formatType =
				optionalEnum(body, 'recordingFormatType', ['wav', 'mp3', 'mp4'] as const) ??
				(contentType === 'audioVideo' ? 'mp4' : 'wav');
			if ((contentType === 'audioVideo') !== (formatType === 'mp4'))
				throw new BadRequest(
					'recordingFormatType mp4 goes with recordingContentType audioVideo, and only with it.',
				);
			if (channelType === 'unmixed' && formatType !== 'wav')
				throw new BadRequest('recordingChannelType unmixed needs recordingFormatType wav.');
			const stateCallbackUri = callbackUrl(body, 'recordingStateCallbackUri', false);
			const pauseOnStart = optionalBoolean(body, 'pauseOnStart') ?? false;
			(optionalArray(body, 'audioChannelParticipantOrdering') ?? []).forEach((p, i) =>
				identifier(p, `audioChannelParticipantOrdering[${i}]`),
			);
			(optionalArray(body, 'channelAffinity') ?? []).forEach((a, i) => {
				if (!isRecord(a)) throw new BadRequest(`channelAffinity[${i}] must be an object.`);
				identifier(a.participant, `channelAffinity[${i}].participant`);
			});
			const storage = optionalRecord(body, 'externalStorage');
			if (storage) {
				const kind = optionalEnum(storage, 'recordingStorageKind', [
					'azureCommunicationServices',
					'azureBlobStorage',
				] as const);
				if (!kind) throw new BadRequest('externalStorage.recordingStorageKind is required.');
				if (
					kind === 'azureBlobStorage' &&
					!optionalString(storage, 'recordingDestinationContainerUrl')
				)
					throw new BadRequest('externalStorage.recordingDestinationContainerUrl is required.');
			}
			const call = recordedCall(ctx, body);
			if (!call) return serviceError(404, 8522, 'Call not found.');
			const { calls } = ctx.env;
			const running = call.recordingIds
				.map((id) => calls.recordings.get(id))
				.some((r) => r && r.state !== 'stopped');
			if (running)
				return serviceError(400, 8559, 'Duplicate recording: the call is already being recorded.');
			const now = Date.now();
			const recording: SimRecording = {
				recordingId: newRecordingId(),
				callConnectionId: call.callConnectionId,
				serverCallId: call.serverCallId,
				state: pauseOnStart ? 'inactive' : 'active',
				contentType,
				channelType,
				formatType,
				recordingStateCallbackUri: stateCallbackUri,
				startedAt: new Date(now),
				recordedMs: 0,
				activeSince: pauseOnStart ? undefined : now,
			};
			calls.recordings.set(recording.recordingId, recording);
			call.recordingIds.push(recording.recordingId);
			stateChanged(calls, call, recording);
			return json(200, state(recording));
		},
		{ repeatable: true },
	);
}

/** A recording the API can act on (not stopped), with its call; else 404/8522. */
function onRecording(
	ctx: RequestContext,
	rawRecordingId: string,
	run: (recording: SimRecording, call: SimCall) => EmuResponse,
) {
	return handle(ctx, () => {
		const recording = ctx.env.calls.recordings.get(decodeSegment(rawRecordingId) ?? '');
		const call = recording && ctx.env.calls.calls.get(recording.callConnectionId);
		if (!recording || !call || recording.state === 'stopped')
			return serviceError(404, 8522, 'Recording not found.');
		return run(recording, call);
	});
}

export function getRecording(ctx: RequestContext, rawRecordingId: string) {
	return onRecording(ctx, rawRecordingId, (recording) => json(200, state(recording)));
}

export function pauseOrResume(
	ctx: RequestContext,
	rawRecordingId: string,
	action: 'pause' | 'resume',
) {
	return onRecording(ctx, rawRecordingId, (recording, call) => {
		const wanted = action === 'pause' ? 'inactive' : 'active';
		if (recording.state !== wanted) {
			const now = Date.now();
			if (wanted === 'inactive') recording.recordedMs += now - (recording.activeSince ?? now);
			recording.activeSince = wanted === 'active' ? now : undefined;
			recording.state = wanted;
			stateChanged(ctx.env.calls, call, recording);
		}
		return empty(202);
	});
}

/** DELETE /calling/recordings/{id} → 204. */
export function stopRecording(ctx: RequestContext, rawRecordingId: string) {
	return onRecording(ctx, rawRecordingId, (recording, call) => {
		end(ctx.env.calls, call, recording, 'SessionEnded')();
		return empty(204);
	});
}

/**
 * Stops the call's running recording when the call ends (RecordingStateChanged now); the returned
 * function announces the file, after the call's CallDisconnected.
 */
export function stopCallRecordings(calls: CallSimulator, call: SimCall): () => void {
	const ended = call.recordingIds
		.map((id) => calls.recordings.get(id))
		.filter((recording) => recording !== undefined && recording.state !== 'stopped')
		.map((recording) => end(calls, call, recording!, 'CallEnded'));
	return () => ended.forEach((announce) => announce());
}

/** Stops a recording: RecordingStateChanged; the returned function queues its file's announcement. */
function end(
	calls: CallSimulator,
	call: SimCall,
	recording: SimRecording,
	sessionEndReason: 'SessionEnded' | 'CallEnded',
): () => void {
	const now = Date.now();
	if (recording.state === 'active') recording.recordedMs += now - (recording.activeSince ?? now);
	const wasActive = recording.state === 'active';
	recording.state = 'stopped';
	recording.activeSince = undefined;
	// A paused recording ended by its call was already announced inactive.
	if (wasActive || sessionEndReason === 'SessionEnded') stateChanged(calls, call, recording);
	return () =>
		calls.eventGrid(
			call.callConnectionId,
			'Microsoft.Communication.RecordingFileStatusUpdated',
			RECORDING_FILE_DELAY_MS,
			() => recordingFile(calls, call, recording, sessionEndReason),
		);
}

/** Makes the recording's file on the storage host; the RecordingFileStatusUpdated to announce it, if anyone listens. */
function recordingFile(
	calls: CallSimulator,
	call: SimCall,
	recording: SimRecording,
	sessionEndReason: string,
) {
	const { document, locations } = createRecordingDocument(calls.environment(), {
		bytes: call.recordingBytes,
		format: recording.formatType,
		recordingId: recording.recordingId,
		serverCallId: recording.serverCallId,
	});
	recording.documentId = document.documentId;
	const url = call.eventGridUrl ?? calls.defaultEventGridUrl;
	if (!url) return undefined;
	return {
		url,
		subject: `/recording/call/${call.correlationId}/recordingId/${recording.recordingId}`,
		data: {
			recordingStorageInfo: {
				recordingChunks: [
					{
						documentId: document.documentId,
						index: 0,
						endReason: sessionEndReason,
						...locations,
					},
				],
			},
			recordingStartTime: recording.startedAt.toISOString(),
			recordingDurationMs: recording.recordedMs,
			sessionEndReason,
			recordingContentType: PASCAL[recording.contentType],
			recordingChannelType: PASCAL[recording.channelType],
			recordingFormatType: PASCAL[recording.formatType],
		},
	};
}
