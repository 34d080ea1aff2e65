import { empty, isRecord, json, type EmuResponse, type RequestContext } from '../http';
import {
	BadRequest,
	callbackUrl,
	identifier,
	jsonObject,
	onCall,
	optionalArray,
	optionalBoolean,
	optionalEnum,
	optionalInteger,
	optionalRecord,
	optionalString,
	requiredString,
	serviceError,
	tones,
	type DtmfTone,
} from './callModels';
import type { CallSimulator, MediaOperation, ResultInformation, SimCall } from './callSimulator';

/**
 * Call media actions: play, recognize, cancel all, send DTMF. A play completes at once (PlayStarted,
 * PlayCompleted) unless it loops; a recognition completes at once with the call's tones or speech, or
 * runs until its initial silence timeout when the call has no tones. Cancel All cancels what runs.
 */

const COGNITIVE_MISSING: ResultInformation = {
	code: 400,
	subCode: 8565,
	message:
		'Action failed, Cognitive Services is not configured for this call: set callIntelligenceOptions.cognitiveServicesEndpoint when answering or creating the call.',
};

/** A PlaySource as the swagger defines it; says whether it needs Cognitive Services (text, SSML). */
function playSource(value: unknown, field: string): { needsCognitive: boolean } {
	if (!isRecord(value)) throw new BadRequest(`${field} must be a play source.`);
	const kind = optionalEnum(value, 'kind', ['file', 'text', 'ssml'] as const);
	if (!kind) throw new BadRequest(`${field}.kind is required.`);
	optionalString(value, 'playSourceCacheId');
	const source = optionalRecord(value, kind);
	if (!source) throw new BadRequest(`${field}.${kind} is required for kind '${kind}'.`);
	if (kind === 'file') {
		const uri = requiredString(source, 'uri');
		let url: URL | undefined;
		try {
			url = new URL(uri);
		} catch {
			url = undefined;
		}
		if (!url || !/^https?:$/.test(url.protocol))
			throw new BadRequest(`${field}.file.uri must be an absolute http(s) URL.`);
		return { needsCognitive: false };
	}
	if (kind === 'text') {
		requiredString(source, 'text');
		optionalString(source, 'sourceLocale');
		optionalString(source, 'voiceName');
		optionalEnum(source, 'voiceKind', ['male', 'female'] as const);
		return { needsCognitive: true };
	}
	requiredString(source, 'ssmlText');
	return { needsCognitive: true };
}

function participantIn(call: SimCall, value: unknown, field: string): string {
	const target = identifier(value, field);
	if (!call.participants.some((p) => p.identifier.rawId === target.rawId))
		throw new BadRequest(
			`Invalid request: ${field} ${target.rawId} is not a participant of the call.`,
			'8523',
		);
	return target.rawId;
}

function cancelRunning(calls: CallSimulator, call: SimCall): void {
	for (const op of call.media) {
		if (op.state !== 'running') continue;
		calls.cancelTimer(op.timer);
		op.state = 'canceled';
		calls.callback(
			call,
			op.kind === 'play' ? 'PlayCanceled' : 'RecognizeCanceled',
			{},
			{
				url: op.callbackUri,
				operationContext: op.operationContext,
			},
		);
	}
}

function startOperation(
	call: SimCall,
	kind: MediaOperation['kind'],
	body: Record<string, unknown>,
): MediaOperation {
	const op: MediaOperation = {
		kind,
		operationContext: optionalString(body, 'operationContext'),
		callbackUri: callbackUrl(body, 'operationCallbackUri', false) ?? call.callbackUri,
		state: 'running',
		request: body,
	};
	return op;
}

/** POST …:play → 202. */
export function play(ctx: RequestContext, rawId: string) {
	return onCall(ctx, rawId, (_ctx, call) => {
		const body = jsonObject(ctx, true);
		const sources = optionalArray(body, 'playSources');
		if (!sources || sources.length === 0)
			throw new BadRequest('playSources is required and must not be empty.');
		const needsCognitive = sources
			.map((s, i) => playSource(s, `playSources[${i}]`).needsCognitive)
			.some(Boolean);
		(optionalArray(body, 'playTo') ?? []).forEach((p, i) => participantIn(call, p, `playTo[${i}]`));
		const interrupt = optionalBoolean(body, 'interruptCallMediaOperation');
		const loop = optionalBoolean(optionalRecord(body, 'playOptions') ?? {}, 'loop') ?? false;
		const op = startOperation(call, 'play', body);
		const { calls } = ctx.env;
		const where = { url: op.callbackUri, operationContext: op.operationContext };
		if (interrupt) cancelRunning(calls, call);
		call.media.push(op);
		if (needsCognitive && !call.cognitiveServicesEndpoint) {
			op.state = 'failed';
			calls.callback(
				call,
				'PlayFailed',
				{ failedPlaySourceIndex: 0 },
				{
					...where,
					result: COGNITIVE_MISSING,
				},
			);
			return empty(202);
		}
		calls.callback(call, 'PlayStarted', {}, where);
		// A looping prompt plays until cancelled or the call ends.
		if (!loop) {
			op.state = 'completed';
			calls.callback(call, 'PlayCompleted', {}, where);
		}
		return empty(202);
	});
}

interface Outcome {
	event: 'RecognizeCompleted' | 'RecognizeFailed';
	data: Record<string, unknown>;
	result?: ResultInformation;
}

const SILENCE: ResultInformation = {
	code: 400,
	subCode: 8510,
	message: 'Action failed, initial silence timeout reached.',
};

/** The tones a DTMF recognition collects from `pressed`: up to a stop tone, at most maxTonesToCollect. */
function collect(pressed: DtmfTone[], dtmfOptions: Record<string, unknown>): DtmfTone[] {
	const stop = tones(dtmfOptions.stopTones, 'recognizeOptions.dtmfOptions.stopTones', false) ?? [];
	const max =
		optionalInteger(dtmfOptions, 'maxTonesToCollect', 1, 1000) ?? Number.POSITIVE_INFINITY;
	const stopAt = pressed.findIndex((t) => stop.includes(t));
	return (stopAt < 0 ? pressed : pressed.slice(0, stopAt)).slice(0, max);
}

function outcome(
	call: SimCall,
	inputType: string,
	options: Record<string, unknown>,
	choices: Array<{ label: string; phrases: string[]; tone?: DtmfTone }>,
): Outcome | undefined {
	const dtmfOptions = optionalRecord(options, 'dtmfOptions') ?? {};
	const pressed = call.recognizeTones;
	const speech = () => ({
		event: 'RecognizeCompleted' as const,
		data: {
			recognitionType: 'speech',
			speechResult: { speech: call.recognizeSpeech, confidence: 0.92 },
		},
	});
	if (inputType === 'dtmf' || (inputType === 'speechOrDtmf' && pressed.length > 0)) {
		const collected = collect(pressed, dtmfOptions);
		if (collected.length === 0) return undefined;
		return {
			event: 'RecognizeCompleted',
			data: { recognitionType: 'dtmf', dtmfResult: { tones: collected } },
		};
	}
	if (inputType === 'speech' || inputType === 'speechOrDtmf') return speech();
	// choices: a pressed tone picks the choice with that tone; otherwise the speech must match a phrase.
	const heard = call.recognizeSpeech.toLowerCase();
	const byTone = pressed.length > 0 ? choices.find((c) => c.tone === pressed[0]) : undefined;
	const bySpeech =
		pressed.length === 0
			? choices.find((c) => c.phrases.some((p) => heard.includes(p.toLowerCase())))
			: undefined;
	const choice = byTone ?? bySpeech;
	if (!choice) {
		if (pressed.length === 0 && heard === '') return undefined;
		return {
			event: 'RecognizeFailed',
			data: {},
			result: {
				code: 400,
				subCode: 8547,
				message: 'Action failed, recognized phrase does not match a valid option.',
			},
		};
	}
	const phrase = bySpeech
		? choice.phrases.find((p) => heard.includes(p.toLowerCase()))!
		: choice.phrases[0]!;
	return {
		event: 'RecognizeCompleted',
		data: {
			recognitionType: 'choices',
			choiceResult: { label: choice.label, recognizedPhrase: phrase, confidence: 0.95 },
		},
	};
}

function readChoices(
	options: Record<string, unknown>,
	required: boolean,
): Array<{ label: string; phrases: string[]; tone?: DtmfTone }> {
	const list = optionalArray(options, 'choices');
	if (!list || list.length === 0) {
		if (required) throw new BadRequest('recognizeOptions.choices is required for choices.');
		return [];
	}
	return list.map((choice, i) => {
		const field = `recognizeOptions.choices[${i}]`;
		if (!isRecord(choice)) throw new BadRequest(`${field} must be an object.`);
		const label = requiredString(choice, 'label');
		const phrases = optionalArray(choice, 'phrases');
		if (!phrases || phrases.length === 0 || phrases.some((p) => typeof p !== 'string' || p === ''))
			throw new BadRequest(`${field}.phrases must be a non-empty array of strings.`);
		const tone =
			choice.tone === undefined ? undefined : tones([choice.tone], `${field}.tone`, true)![0];
		return { label, phrases: phrases as string[], tone };
	});
}

/** POST …:recognize → 202. */
export function recognize(ctx: RequestContext, rawId: string) {
	return onCall(ctx, rawId, (_ctx, call) => {
		const body = jsonObject(ctx, true);
		const inputType = optionalEnum(body, 'recognizeInputType', [
			'dtmf',
			'speech',
			'speechOrDtmf',
			'choices',
		] as const);
		if (!inputType) throw new BadRequest('recognizeInputType is required.');
		const options = optionalRecord(body, 'recognizeOptions');
		if (!options) throw new BadRequest('recognizeOptions is required.');
		if (options.targetParticipant === undefined)
			throw new BadRequest('recognizeOptions.targetParticipant is required.');
		optionalBoolean(options, 'interruptPrompt');
		const silence = optionalInteger(options, 'initialSilenceTimeoutInSeconds', 0, 300) ?? 5;
		optionalString(options, 'speechLanguage');
		optionalString(options, 'speechRecognitionModelEndpointId');
		const dtmfOptions = optionalRecord(options, 'dtmfOptions') ?? {};
		optionalInteger(dtmfOptions, 'interToneTimeoutInSeconds', 1, 60);
		collect([], dtmfOptions);
		optionalInteger(
			optionalRecord(options, 'speechOptions') ?? {},
			'endSilenceTimeoutInMs',
			0,
			10_000_000,
		);
		const choices = readChoices(options, inputType === 'choices');
		const prompts = [
			...(body.playPrompt === undefined ? [] : [body.playPrompt]),
			...(optionalArray(body, 'playPrompts') ?? []),
		].map((p, i) => playSource(p, `playPrompts[${i}]`));
		const interrupt = optionalBoolean(body, 'interruptCallMediaOperation');
		participantIn(call, options.targetParticipant, 'recognizeOptions.targetParticipant');
		const op = startOperation(call, 'recognize', body);
		const { calls } = ctx.env;
		const where = { url: op.callbackUri, operationContext: op.operationContext };
		if (interrupt) cancelRunning(calls, call);
		call.media.push(op);
		const needsCognitive = inputType !== 'dtmf' || prompts.some((p) => p.needsCognitive);
		if (needsCognitive && !call.cognitiveServicesEndpoint) {
			op.state = 'failed';
			calls.callback(call, 'RecognizeFailed', {}, { ...where, result: COGNITIVE_MISSING });
			return empty(202);
		}
		const result = outcome(call, inputType, options, choices);
		if (!result) {
			// Nobody presses or says anything: the recognition runs until its initial silence timeout.
			op.timer = calls.later(silence * 1000, () => {
				op.state = 'failed';
				calls.callback(call, 'RecognizeFailed', {}, { ...where, result: SILENCE });
			});
			return empty(202);
		}
		op.state = result.event === 'RecognizeCompleted' ? 'completed' : 'failed';
		calls.callback(call, result.event, result.data, { ...where, result: result.result });
		return empty(202);
	});
}

/** POST …:cancelAllMediaOperations → 202; PlayCanceled / RecognizeCanceled for what runs. */
export function cancelAllMediaOperations(ctx: RequestContext, rawId: string) {
	return onCall(ctx, rawId, (_ctx, call) => {
		jsonObject(ctx, false);
		cancelRunning(ctx.env.calls, call);
		return empty(202);
	});
}

/** POST …:sendDtmfTones → 202 {operationContext}; SendDtmfTonesCompleted. */
export function sendDtmfTones(
	ctx: RequestContext,
	rawId: string,
): Promise<EmuResponse> | EmuResponse {
	return onCall(
		ctx,
		rawId,
		(_ctx, call) => {
			const body = jsonObject(ctx, true);
			const sent = tones(body.tones, 'tones', true)!;
			if (sent.length > 18) throw new BadRequest('tones must hold at most 18 tones.');
			if (body.targetParticipant === undefined)
				throw new BadRequest('targetParticipant is required.');
			const target = participantIn(call, body.targetParticipant, 'targetParticipant');
			const url = callbackUrl(body, 'operationCallbackUri', false);
			const operationContext = optionalString(body, 'operationContext');
			if (!target.startsWith('4:'))
				return serviceError(
					400,
					8523,
					'Invalid request: DTMF tones can only be sent to a phone participant.',
				);
			call.dtmfSent.push({ tones: sent, targetParticipant: target, operationContext });
			ctx.env.calls.callback(call, 'SendDtmfTonesCompleted', {}, { url, operationContext });
			return json(202, { operationContext });
		},
		{ repeatable: true },
	);
}
