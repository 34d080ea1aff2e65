/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import type { EmulatorEnv } from '../env';
import type {
	SwCall,
	SwCallError,
	SwCallLogEntry,
	SwCallStatus,
	SwPlacedCall,
	SwRecordingStatus,
	SwVoiceSettings,
	SwWebhookLogEntry,
} from './callSimulator';
import { recordingBytesSha256, type RecordingFormat } from './voiceFixtures';

export interface SwCallSnapshot {
	sid: string;
	direction: 'inbound' | 'outbound-api';
	from: string;
	to: string;
	status: SwCallStatus;
	/** Seconds between answer and end. */
	duration: number;
	/** Verbs executed, in order (Say text, Play URL, Gather digits, Record's recording, Dial targets…). */
	log: SwCallLogEntry[];
	/** What SignalWire would report in the call's debugger log (11200, 11750, 12100…). */
	errors: SwCallError[];
	recordingSids: string[];
}

export interface SwRecordingSnapshot {
	sid: string;
	callSid: string;
	status: SwRecordingStatus;
	source: string;
	duration: number;
}

export interface InboundCallOptions {
	/** The called number (default the main number, `fixtures.signalwire.mainNumber`). */
	to?: string;
	/** The caller (default `fixtures.signalwire.numbers.customer`). */
	from?: string;
	/** Where the voice webhook goes instead of the number's VoiceUrl. */
	url?: string;
	/** With `url`: GET or POST (default POST); otherwise the number's VoiceMethod. */
	method?: string;
	/** Digits this call's Gather verbs receive (default the voice settings' `gatherDigits`). */
	gatherDigits?: string;
	/** Seconds this call's Record verbs capture. */
	recordSeconds?: number;
	/** Sign the call's requests with this key instead of the project's Signing Key. */
	signingKey?: string;
}

export interface InboundCallResult extends SwCallSnapshot {
	/** How the voice webhook answered (status 0: no answer in 5 s or no connection). */
	webhook: Pick<SwWebhookLogEntry, 'url' | 'method' | 'params' | 'status' | 'contentType' | 'body'>;
}

/** The test API of SignalWire voice (`emu.signalwire`, beside the project's credentials). */
export interface SignalWireVoiceApi {
	/** Every call the REST API placed (POST Calls.json accepted), in order, with the form it got. */
	calls(): SwPlacedCall[];
	/** A call's state and what it did; undefined for an unknown (or deleted) call. */
	call(sid: string): SwCallSnapshot | undefined;
	/** Resolves once the call has ended and its last callbacks were sent; rejects after timeoutMs (5000). */
	waitForCall(sid: string, timeoutMs?: number): Promise<SwCallSnapshot>;
	/** Every request the call simulator made (cXML fetches, actions, status and recording callbacks). */
	webhooks(): SwWebhookLogEntry[];
	/** The first webhook (past or future) matching `predicate`; rejects after timeoutMs (5000). */
	waitForWebhook(
		predicate: (entry: SwWebhookLogEntry) => boolean,
		timeoutMs?: number,
	): Promise<SwWebhookLogEntry>;
	recordings(): SwRecordingSnapshot[];
	/** Hex SHA-256 of a recording's media in that format. */
	recordingSha256(recordingSid: string, format: RecordingFormat): string;
	/** Changes the voice settings until resetFixtures(). */
	configureVoice(settings: Partial<SwVoiceSettings>): void;
	/** Digits and recording length of one call's later verbs. */
	configureCall(sid: string, settings: { gatherDigits?: string; recordSeconds?: number }): void;
	/** An incoming call to a project number: the signed voice webhook, then its cXML; resolves when it ends. */
	inboundCall(options?: InboundCallOptions): Promise<InboundCallResult>;
}

function snapshot(env: EmulatorEnv, call: SwCall): SwCallSnapshot {
	return {
		sid: call.sid,
		direction: call.direction,
		from: call.from,
		to: call.to,
		status: call.status,
		duration: call.duration,
		log: call.log.map((entry) => ({ ...entry })),
		errors: [...call.errors],
		recordingSids: [...env.swVoice.recordings.values()]
			.filter((r) => r.callSid === call.sid)
			.map((r) => r.sid),
	};
}

export function signalWireVoiceApi(getEnv: () => EmulatorEnv): SignalWireVoiceApi {
	const voice = () => getEnv().swVoice;
	const known = (sid: string): SwCall => {
		const call = voice().calls.get(sid);
		if (!call) throw new Error(`no SignalWire call ${sid}`);
		return call;
	};
	return {
		calls: () => voice().placed.map((placed) => ({ ...placed })),
		call: (sid) => {
			const call = voice().calls.get(sid);
			return call && snapshot(getEnv(), call);
		},
		async waitForCall(sid, timeoutMs = 5000) {
			const call = known(sid);
			let timer: NodeJS.Timeout | undefined;
			const timeout = new Promise<never>((_, reject) => {
				timer = setTimeout(
					() => reject(new Error(`call ${sid} still ${call.status} after ${timeoutMs} ms`)),
					timeoutMs,
				);
			});
			try {
				await Promise.race([call.done, timeout]);
			} finally {
				clearTimeout(timer);
			}
			return snapshot(getEnv(), call);
		},
		webhooks: () => [...voice().webhooks],
		waitForWebhook: (predicate, timeoutMs = 5000) => voice().waitForWebhook(predicate, timeoutMs),
		recordings: () =>
			[...voice().recordings.values()].map((r) => ({
				sid: r.sid,
				callSid: r.callSid,
				status: r.status,
				source: r.source,
				duration: r.duration,
			})),
		recordingSha256(recordingSid, format) {
			const recording = voice().recordings.get(recordingSid);
			if (!recording) throw new Error(`no SignalWire recording ${recordingSid}`);
			return recordingBytesSha256(recording.sid, format, recording.duration);
		},
		configureVoice(settings) {
			voice().settings = { ...voice().settings, ...settings };
		},
		configureCall(sid, settings) {
			Object.assign(known(sid), settings);
		},
		async inboundCall(options = {}) {
			const env = getEnv();
			const sw = env.fixtures.signalwire;
			const to = options.to ?? sw.mainNumber.phoneNumber;
			const number = [...env.state.swNumbers.values()].find((n) => n.phoneNumber === to);
			const url = options.url ?? number?.voiceUrl;
			if (!url) throw new Error(`${to} has no VoiceUrl and no url was given`);
			const call = voice().newCall({
				direction: 'inbound',
				from: options.from ?? sw.numbers.customer,
				to,
			});
			call.phoneNumberSid = number?.sid ?? null;
			if (options.gatherDigits !== undefined) call.gatherDigits = options.gatherDigits;
			if (options.recordSeconds !== undefined) call.recordSeconds = options.recordSeconds;
			call.signingKey = options.signingKey;
			if (number?.statusCallback)
				call.statusCallback = {
					url: number.statusCallback,
					method: number.statusCallbackMethod,
					events: ['completed'],
				};
			const method = options.url ? (options.method ?? 'POST') : (number?.voiceMethod ?? 'POST');
			await voice().runInbound(call, { kind: 'voice', url, method: method.toUpperCase() });
			await call.done;
			const webhook = voice().webhooks.find((w) => w.callSid === call.sid && w.kind === 'voice');
			return {
				...snapshot(env, call),
				webhook: {
					url,
					method: method.toUpperCase(),
					params: webhook?.params ?? {},
					status: webhook?.status ?? 0,
					contentType: webhook?.contentType,
					body: webhook?.body,
				},
			};
		},
	};
}
