/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { randomBytes, randomUUID } from 'node:crypto';
import {
	callAutomationEvent,
	eventGridEvent,
	eventGridHeaders,
	signCallAutomationToken,
} from '../deliver';
import type { EmulatorEnv } from '../env';
import type { RecordingFormat } from './recordingDocuments';
import {
	isLoopbackUrl,
	phoneIdentifier,
	userIdentifier,
	type DtmfTone,
	type ResolvedIdentifier,
} from './callModels';

/**
 * The Call Automation simulator's state: ringing incoming calls, call connections, recordings, and
 * the callbacks they cause. Callbacks go out after the HTTP answer, one at a time per call, in order,
 * and only to loopback hosts (anything else is logged as not delivered).
 */

export interface IncomingCallOptions {
	/** Tones RecognizeCompleted reports (default ['one']); [] makes a recognition time out (RecognizeFailed 8510). */
	recognizeTones?: DtmfTone[];
	/** What speech recognition hears (default 'I would like to talk to an agent'). */
	recognizeSpeech?: string;
	/** Size of the file a stopped recording of this call makes (default 512 KiB). */
	recordingBytes?: number;
	/** Where RecordingFileStatusUpdated goes (Event Grid subscription URL, `?secret=…` kept). */
	eventGridUrl?: string;
	/** The caller (E.164; default the caller fixture). */
	from?: string;
	callerDisplayName?: string;
	/** How long the call rings before an answer, reject or redirect fails with 8587 (default 60 s). */
	answerWithinMs?: number;
}

export interface IncomingCallInfo {
	incomingCallContext: string;
	serverCallId: string;
	correlationId: string;
	from: string;
	to: string;
	callerDisplayName: string;
}

interface IncomingRecord extends IncomingCallInfo {
	options: IncomingCallOptions;
	status: 'ringing' | 'answered' | 'rejected' | 'redirected';
	answers: number;
	receivedAt: number;
}

type CallConnectionState =
	| 'connecting'
	| 'connected'
	| 'transferAccepted'
	| 'disconnecting'
	| 'disconnected';

export interface MediaStreamingOptionsModel {
	transportType: 'websocket';
	audioChannelType: 'mixed' | 'unmixed';
	transportUrl?: string;
	contentType?: 'audio';
	startMediaStreaming?: boolean;
	enableBidirectional?: boolean;
	audioFormat?: 'pcm16KMono' | 'pcm24KMono';
	enableDtmfTones?: boolean;
}

export interface MediaOperation {
	kind: 'play' | 'recognize';
	operationContext?: string;
	callbackUri: string;
	state: 'running' | 'completed' | 'failed' | 'canceled';
	/** The request body as received. */
	request: Record<string, unknown>;
	timer?: NodeJS.Timeout;
}

export interface Participant {
	identifier: ResolvedIdentifier;
	isMuted: boolean;
	isOnHold: boolean;
}

export interface SimCall {
	callConnectionId: string;
	serverCallId: string;
	correlationId: string;
	origin: 'answered' | 'created' | 'fixture';
	state: CallConnectionState;
	callbackUri: string;
	operationContext?: string;
	source?: ResolvedIdentifier;
	targets: ResolvedIdentifier[];
	sourceCallerIdNumber?: string;
	sourceDisplayName?: string;
	answeredFor?: string;
	mediaStreamingOptions?: MediaStreamingOptionsModel;
	mediaStreamingSubscriptionId?: string;
	mediaStreaming: 'inactive' | 'active';
	cognitiveServicesEndpoint?: string;
	participants: Participant[];
	participantsSequence: number;
	recognizeTones: DtmfTone[];
	recognizeSpeech: string;
	recordingBytes: number;
	eventGridUrl?: string;
	incomingCallContext?: string;
	media: MediaOperation[];
	dtmfSent: Array<{ tones: DtmfTone[]; targetParticipant: string; operationContext?: string }>;
	recordingIds: string[];
}

type RecordingContentType = 'audio' | 'audioVideo';
type RecordingChannelType = 'mixed' | 'unmixed';

export interface SimRecording {
	recordingId: string;
	callConnectionId: string;
	serverCallId: string;
	state: 'active' | 'inactive' | 'stopped';
	contentType: RecordingContentType;
	channelType: RecordingChannelType;
	formatType: RecordingFormat;
	recordingStateCallbackUri?: string;
	startedAt: Date;
	/** Milliseconds recorded before the last pause (the running stretch is added on stop). */
	recordedMs: number;
	activeSince?: number;
	documentId?: string;
}

export interface CallbackLogEntry {
	/** `callback`: a Call Automation callback (CloudEvents + JWT); `eventgrid`: an Event Grid notification. */
	channel: 'callback' | 'eventgrid';
	callConnectionId: string;
	url: string;
	/** Full event type, e.g. `Microsoft.Communication.CallConnected`. */
	type: string;
	data: Record<string, unknown>;
	/** The receiver's HTTP status; 0 when the POST failed; 'not-delivered' for a non-loopback host. */
	status: number | 'not-delivered';
	error?: string;
}

export interface CallSnapshot {
	callConnectionId: string;
	serverCallId: string;
	correlationId: string;
	origin: SimCall['origin'];
	state: CallConnectionState;
	callbackUri: string;
	operationContext?: string;
	mediaStreamingOptions?: MediaStreamingOptionsModel;
	mediaStreaming: SimCall['mediaStreaming'];
	cognitiveServicesEndpoint?: string;
	incomingCallContext?: string;
	/** 1 for an answered call (a retry the service recognised does not count again). */
	answered: number;
	/** 1 for a placed call. */
	created: number;
	participants: string[];
	plays: Array<Pick<MediaOperation, 'operationContext' | 'state' | 'request'>>;
	recognizes: Array<Pick<MediaOperation, 'operationContext' | 'state' | 'request'>>;
	dtmfSent: SimCall['dtmfSent'];
	recordings: string[];
}

/** Per-call settings a test may change after the call exists. */
export type CallSettings = Pick<
	IncomingCallOptions,
	'recognizeTones' | 'recognizeSpeech' | 'recordingBytes' | 'eventGridUrl'
>;

export interface ResultInformation {
	code: number;
	subCode: number;
	message: string;
}

const OK: ResultInformation = {
	code: 200,
	subCode: 0,
	message: 'Action completed successfully.',
};

const DEFAULT_RECORDING_BYTES = 512 * 1024;
const DEFAULT_SPEECH = 'I would like to talk to an agent';
/** How long a ringing call may wait for an answer before 8587 (the service's window is not documented). */
export const ANSWER_WINDOW_MS = 60_000;
/** Delay before a stopped recording's file is announced (ACS: minutes; here short). */
export const RECORDING_FILE_DELAY_MS = 50;

const base64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function serverCallIdFor(seed: string): string {
	return Buffer.from(`emulator-server-call:${seed}`).toString('base64url');
}

/** Recording IDs are base64 of ASCII JSON with '=' padding (never '+' or '/'), as ACS makes them. */
export function newRecordingId(): string {
	for (;;) {
		const id = Buffer.from(
			JSON.stringify({ PlatformEndpointId: randomUUID(), ResourceSpecificId: randomUUID() }),
		).toString('base64');
		if (id.endsWith('=') && !/[+/]/.test(id)) return id;
	}
}

export class CallSimulator {
	incoming = new Map<string, IncomingRecord>();
	calls = new Map<string, SimCall>();
	recordings = new Map<string, SimRecording>();
	log: CallbackLogEntry[] = [];
	defaultEventGridUrl?: string;
	counters = { answered: 0, created: 0, rejected: 0, redirected: 0 };
	private queues = new Map<string, Promise<void>>();
	private waiters = new Set<(entry: CallbackLogEntry) => void>();
	private timers = new Set<NodeJS.Timeout>();
	private generation = 0;
	private readonly shutdown = new AbortController();

	constructor(private readonly env: () => EmulatorEnv) {}

	environment(): EmulatorEnv {
		return this.env();
	}

	/** Forget every call, recording and callback, and restore the fixture calls. */
	reset(): void {
		this.generation += 1;
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
		this.incoming.clear();
		this.calls.clear();
		this.recordings.clear();
		this.log = [];
		this.defaultEventGridUrl = undefined;
		this.counters = { answered: 0, created: 0, rejected: 0, redirected: 0 };
		const { calls, users, phoneNumbers } = this.env().fixtures.acs;
		const caller = phoneIdentifier(calls.callerPhoneNumber);
		const fixture = (id: string, streaming: boolean) => {
			const call = this.newCall({
				callConnectionId: id,
				serverCallId: serverCallIdFor(id),
				origin: 'fixture',
				callbackUri: `https://callbacks.example.com/calls/${id}`,
				source: caller,
				targets: [phoneIdentifier(phoneNumbers.main)],
				answeredFor: phoneNumbers.main,
				cognitiveServicesEndpoint: 'https://emulator-cognitive.cognitiveservices.azure.com/',
				mediaStreamingOptions: streaming
					? {
							transportType: 'websocket',
							transportUrl: 'wss://media.example.com/stream',
							contentType: 'audio',
							audioChannelType: 'mixed',
							startMediaStreaming: false,
						}
					: undefined,
				participants: [caller, userIdentifier(users.alice)],
			});
			call.state = 'connected';
		};
		fixture(calls.activeCallConnectionId, true);
		fixture(calls.secondCallConnectionId, true);
		fixture(calls.noStreamingCallConnectionId, false);
	}

	stop(): void {
		this.shutdown.abort();
		for (const timer of this.timers) clearTimeout(timer);
		this.timers.clear();
	}

	later(ms: number, run: () => void): NodeJS.Timeout {
		const timer = setTimeout(() => {
			this.timers.delete(timer);
			run();
		}, ms);
		this.timers.add(timer);
		return timer;
	}

	cancelTimer(timer: NodeJS.Timeout | undefined): void {
		if (!timer) return;
		clearTimeout(timer);
		this.timers.delete(timer);
	}

	registerIncoming(options: IncomingCallOptions = {}): IncomingCallInfo {
		const { calls, phoneNumbers } = this.env().fixtures.acs;
		const correlationId = randomUUID();
		const info: IncomingCallInfo = {
			// Shaped like the service's (an unsigned JWT-like token); only its exact text matters.
			incomingCallContext: `${base64url({ alg: 'none', typ: 'JWT' })}.${base64url({
				cc: randomBytes(48).toString('base64'),
				shrToken: randomBytes(24).toString('base64url'),
			})}.`,
			serverCallId: serverCallIdFor(correlationId),
			correlationId,
			from: options.from ?? calls.callerPhoneNumber,
			to: phoneNumbers.main,
			callerDisplayName: options.callerDisplayName ?? '',
		};
		this.incoming.set(info.incomingCallContext, {
			...info,
			options,
			status: 'ringing',
			answers: 0,
			receivedAt: Date.now(),
		});
		return info;
	}

	newCall(init: {
		callConnectionId?: string;
		serverCallId: string;
		correlationId?: string;
		origin: SimCall['origin'];
		callbackUri: string;
		operationContext?: string;
		source?: ResolvedIdentifier;
		targets: ResolvedIdentifier[];
		sourceCallerIdNumber?: string;
		sourceDisplayName?: string;
		answeredFor?: string;
		mediaStreamingOptions?: MediaStreamingOptionsModel;
		cognitiveServicesEndpoint?: string;
		participants: ResolvedIdentifier[];
		incomingCallContext?: string;
		settings?: CallSettings;
	}): SimCall {
		const call: SimCall = {
			callConnectionId: init.callConnectionId ?? randomUUID(),
			serverCallId: init.serverCallId,
			correlationId: init.correlationId ?? randomUUID(),
			origin: init.origin,
			state: 'connecting',
			callbackUri: init.callbackUri,
			operationContext: init.operationContext,
			source: init.source,
			targets: init.targets,
			sourceCallerIdNumber: init.sourceCallerIdNumber,
			sourceDisplayName: init.sourceDisplayName,
			answeredFor: init.answeredFor,
			mediaStreamingOptions: init.mediaStreamingOptions,
			mediaStreamingSubscriptionId: init.mediaStreamingOptions ? randomUUID() : undefined,
			mediaStreaming: 'inactive',
			cognitiveServicesEndpoint: init.cognitiveServicesEndpoint,
			participants: init.participants.map((identifier) => ({
				identifier,
				isMuted: false,
				isOnHold: false,
			})),
			participantsSequence: 0,
			recognizeTones: init.settings?.recognizeTones ?? ['one'],
			recognizeSpeech: init.settings?.recognizeSpeech ?? DEFAULT_SPEECH,
			recordingBytes: init.settings?.recordingBytes ?? DEFAULT_RECORDING_BYTES,
			eventGridUrl: init.settings?.eventGridUrl,
			incomingCallContext: init.incomingCallContext,
			media: [],
			dtmfSent: [],
			recordingIds: [],
		};
		this.calls.set(call.callConnectionId, call);
		return call;
	}

	/** A call the API can act on: known and not disconnected. */
	live(callConnectionId: string | undefined): SimCall | undefined {
		const call = callConnectionId === undefined ? undefined : this.calls.get(callConnectionId);
		return call && call.state !== 'disconnected' ? call : undefined;
	}

	configure(callConnectionId: string, settings: CallSettings): void {
		const call = this.calls.get(callConnectionId);
		if (!call) throw new Error(`No call ${callConnectionId}`);
		if (settings.recognizeTones) call.recognizeTones = settings.recognizeTones;
		if (settings.recognizeSpeech !== undefined) call.recognizeSpeech = settings.recognizeSpeech;
		if (settings.recordingBytes !== undefined) call.recordingBytes = settings.recordingBytes;
		if (settings.eventGridUrl !== undefined) call.eventGridUrl = settings.eventGridUrl;
	}

	snapshot(call: SimCall): CallSnapshot {
		const ops = (kind: MediaOperation['kind']) =>
			call.media
				.filter((op) => op.kind === kind)
				.map(({ operationContext, state, request }) => ({ operationContext, state, request }));
		return {
			callConnectionId: call.callConnectionId,
			serverCallId: call.serverCallId,
			correlationId: call.correlationId,
			origin: call.origin,
			state: call.state,
			callbackUri: call.callbackUri,
			operationContext: call.operationContext,
			mediaStreamingOptions: call.mediaStreamingOptions,
			mediaStreaming: call.mediaStreaming,
			cognitiveServicesEndpoint: call.cognitiveServicesEndpoint,
			incomingCallContext: call.incomingCallContext,
			answered: call.origin === 'answered' ? 1 : 0,
			created: call.origin === 'created' ? 1 : 0,
			participants: call.participants.map((p) => p.identifier.rawId),
			plays: ops('play'),
			recognizes: ops('recognize'),
			dtmfSent: [...call.dtmfSent],
			recordings: [...call.recordingIds],
		};
	}

	/** CallConnectionProperties as the service answers them. */
	properties(call: SimCall, state: CallConnectionState = call.state): Record<string, unknown> {
		return {
			callConnectionId: call.callConnectionId,
			serverCallId: call.serverCallId,
			targets: call.targets,
			callConnectionState: state,
			callbackUri: call.callbackUri,
			...(call.sourceCallerIdNumber
				? { sourceCallerIdNumber: { value: call.sourceCallerIdNumber } }
				: {}),
			...(call.sourceDisplayName ? { sourceDisplayName: call.sourceDisplayName } : {}),
			...(call.source ? { source: call.source } : {}),
			correlationId: call.correlationId,
			...(call.answeredFor ? { answeredFor: { value: call.answeredFor } } : {}),
			...(call.mediaStreamingOptions
				? {
						mediaStreamingSubscription: {
							id: call.mediaStreamingSubscriptionId,
							state: call.mediaStreaming,
							subscribedContentTypes: ['audio'],
						},
					}
				: {}),
		};
	}

	participantModels(call: SimCall): Participant[] {
		return call.participants.map((p) => ({ ...p }));
	}

	/** Queue a Call Automation callback for `call` (to `url`, else the call's callback URI). */
	callback(
		call: SimCall,
		event: string,
		data: Record<string, unknown>,
		options: { url?: string; operationContext?: string; result?: ResultInformation } = {},
	): void {
		const url = options.url ?? call.callbackUri;
		const operationContext = options.operationContext ?? call.operationContext;
		const full: Record<string, unknown> = {
			...data,
			version: '2026-03-12',
			callConnectionId: call.callConnectionId,
			serverCallId: call.serverCallId,
			correlationId: call.correlationId,
			...(operationContext !== undefined ? { operationContext } : {}),
			resultInformation: options.result ?? OK,
			publicEventType: `Microsoft.Communication.${event}`,
		};
		this.enqueue(call.callConnectionId, 0, () => ({
			entry: {
				channel: 'callback',
				callConnectionId: call.callConnectionId,
				url,
				type: `Microsoft.Communication.${event}`,
				data: full,
			},
		}));
	}

	/**
	 * Queue an Event Grid notification (Event Grid schema) in the call's order, `delayMs` after the
	 * callbacks before it; `make` runs at its turn and gives the URL, subject and data (or nothing).
	 */
	eventGrid(
		callConnectionId: string,
		eventType: string,
		delayMs: number,
		make: () => { url: string; subject: string; data: Record<string, unknown> } | undefined,
	): void {
		this.enqueue(callConnectionId, delayMs, () => {
			const made = make();
			return (
				made && {
					entry: { channel: 'eventgrid', callConnectionId, type: eventType, ...made },
					subject: made.subject,
				}
			);
		});
	}

	private enqueue(
		key: string,
		delayMs: number,
		make: () => { entry: Omit<CallbackLogEntry, 'status' | 'error'>; subject?: string } | undefined,
	): void {
		const generation = this.generation;
		const current = () => generation === this.generation && !this.shutdown.signal.aborted;
		const previous = this.queues.get(key) ?? Promise.resolve();
		const next = previous.then(async () => {
			// At least a turn of the event loop: the HTTP answer that caused the event is written first.
			if (delayMs > 0) await new Promise((resolve) => setTimeout(resolve, delayMs));
			else await new Promise((resolve) => setImmediate(resolve));
			// After resetFixtures() (or close) what an earlier test queued is dropped.
			if (!current()) return;
			const made = make();
			if (!made) return;
			const { entry, subject } = made;
			const logged: CallbackLogEntry = { ...entry, status: 'not-delivered' };
			let target: URL | undefined;
			try {
				target = new URL(entry.url);
			} catch {
				target = undefined;
			}
			if (target && isLoopbackUrl(target)) {
				try {
					const response = await this.post(entry, subject);
					logged.status = response.status;
					await response.arrayBuffer().catch(() => undefined);
				} catch (error) {
					logged.status = 0;
					logged.error = error instanceof Error ? error.message : String(error);
				}
			}
			if (!current()) return;
			this.log.push(logged);
			for (const waiter of [...this.waiters]) waiter(logged);
		});
		this.queues.set(key, next);
		void next.finally(() => {
			if (this.queues.get(key) === next) this.queues.delete(key);
		});
	}

	private post(
		entry: Omit<CallbackLogEntry, 'status' | 'error'>,
		subject: string | undefined,
	): Promise<Response> {
		const env = this.env();
		const signal = AbortSignal.any([this.shutdown.signal, AbortSignal.timeout(30_000)]);
		if (entry.channel === 'eventgrid') {
			const event = eventGridEvent(env.fixtures, entry.type, subject ?? '', entry.data);
			return fetch(entry.url, {
				method: 'POST',
				headers: eventGridHeaders('Notification'),
				body: JSON.stringify([event]),
				redirect: 'manual',
				signal,
			});
		}
		const source = {
			url: env.url,
			fixtures: env.fixtures,
			callbackSigningKey: env.callbackSigningKey,
		};
		const event = callAutomationEvent(entry.callConnectionId, entry.type, entry.data);
		return fetch(entry.url, {
			method: 'POST',
			headers: {
				'content-type': 'application/json; charset=utf-8',
				authorization: `Bearer ${signCallAutomationToken(source)}`,
			},
			body: JSON.stringify([event]),
			redirect: 'manual',
			signal,
		});
	}

	waitFor(
		predicate: (entry: CallbackLogEntry) => boolean,
		timeoutMs: number,
	): Promise<CallbackLogEntry> {
		const found = this.log.find(predicate);
		if (found) return Promise.resolve(found);
		return new Promise((resolve, reject) => {
			const waiter = (entry: CallbackLogEntry) => {
				if (!predicate(entry)) return;
				clearTimeout(timer);
				this.waiters.delete(waiter);
				resolve(entry);
			};
			const timer = setTimeout(() => {
				this.waiters.delete(waiter);
				reject(
					new Error(
						`No matching callback within ${timeoutMs} ms; delivered so far: ${this.log
							.map((e) => `${e.type.replace('Microsoft.Communication.', '')}→${e.status}`)
							.join(', ')}`,
					),
				);
			}, timeoutMs);
			this.waiters.add(waiter);
		});
	}

	/** Wait until every queued callback has been posted (or logged as not delivered). */
	async idle(): Promise<void> {
		while (this.queues.size > 0) await Promise.all([...this.queues.values()]);
	}
}
