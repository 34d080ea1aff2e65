/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { isLoopbackUrl } from '../acs/callModels';
import { signSignalWireRequest } from '../deliver';
import type { EmulatorEnv } from '../env';
import { rfc2822 } from '../fixtures';
import { LAML_PREFIX } from './media';

/**
 * SignalWire's voice side: the project's calls and recordings, and the simulator that runs a call the
 * way SignalWire does. After a create (or an inbound call) the call rings, answers, fetches or reads its
 * cXML, executes the verbs and ends; every request it makes (cXML fetches, verb actions, status and
 * recording callbacks) is signed with the project's Signing Key and sent one at a time per call, in
 * order, to loopback hosts only (anything else is logged `not-delivered`).
 */

export type SwCallStatus =
	| 'queued'
	| 'ringing'
	| 'in-progress'
	| 'completed'
	| 'busy'
	| 'no-answer'
	| 'failed'
	| 'canceled';

export const ENDED_STATUSES: readonly SwCallStatus[] = [
	'completed',
	'busy',
	'no-answer',
	'failed',
	'canceled',
];
export const CALL_EVENTS = ['initiated', 'ringing', 'answered', 'completed'] as const;
export type CallEvent = (typeof CALL_EVENTS)[number];

export type SwRecordingStatus = 'in-progress' | 'paused' | 'stopped' | 'completed';

interface Callback {
	url: string;
	method: string;
	events: string[];
}

/** Where a call's cXML comes from: a URL (with the parameters a verb adds) or an inline document. */
export type CxmlSource =
	| {
			kind: 'voice' | 'action' | 'redirect';
			url: string;
			method: string;
			params?: Record<string, string>;
	  }
	| { kind: 'inline'; twiml: string; base?: string };

/** One thing a call did, in order: a verb executed, or a problem SignalWire would log. */
export interface SwCallLogEntry {
	verb: string;
	attributes: Record<string, string>;
	/** Say: the text; Play: the URL; Redirect: the target. */
	text?: string;
	/** Gather: the digits pressed (cut at numDigits / finishOnKey). */
	digits?: string;
	/** Dial: the numbers or SIP addresses. */
	targets?: string[];
	/** Record (and Dial with record): the recording made. */
	recordingSid?: string;
	/** A verb nested in Gather. */
	within?: string;
	/** A verb the emulator logs but does not act on. */
	unsupported?: true;
}

export interface SwCallError {
	code: number;
	message: string;
}

export interface SwCall {
	sid: string;
	direction: 'inbound' | 'outbound-api';
	from: string;
	to: string;
	status: SwCallStatus;
	createdAt: Date;
	updatedAt: Date;
	startTime?: Date;
	endTime?: Date;
	/** Seconds between answer and end. */
	duration: number;
	phoneNumberSid: string | null;
	answeredBy: 'human' | 'machine_start' | null;
	/** From the project's history (never simulated). */
	fixture: boolean;
	source?: CxmlSource;
	statusCallback?: Callback;
	recordingStatusCallback?: Callback;
	record: boolean;
	timeoutS: number;
	machineDetection?: string;
	gatherDigits: string;
	recordSeconds: number;
	/** Signs this call's requests instead of the project's Signing Key (tests of signature checks). */
	signingKey?: string;
	log: SwCallLogEntry[];
	errors: SwCallError[];
	sequence: number;
	/** Aborted when an update hangs up or redirects the call; replaced for each document. */
	control: AbortController;
	/** What an API redirect asked for, picked up by the running script. */
	redirect?: CxmlSource;
	queue: Promise<unknown>;
	done: Promise<void>;
	resolveDone: () => void;
}

export interface SwRecording {
	sid: string;
	callSid: string;
	status: SwRecordingStatus;
	source: string;
	createdAt: Date;
	updatedAt: Date;
	startTime: Date;
	/** Whole seconds; fixed once the recording is completed. */
	duration: number;
	channels: number;
	track: string;
	trim: string;
	callback?: Callback;
	/** Since when the recording runs (real time), while in progress. */
	runningSince?: number;
	elapsedMs: number;
}

/** One request the simulator made, as the receiver answered it. */
export interface SwWebhookLogEntry {
	callSid: string;
	kind: 'voice' | 'action' | 'redirect' | 'status' | 'recording';
	url: string;
	method: string;
	params: Record<string, string>;
	/** The receiver's HTTP status; 0 when the request failed or timed out; 'not-delivered' for a non-loopback host. */
	status: number | 'not-delivered';
	contentType?: string;
	body?: string;
	error?: string;
}

/** The outbox of calls: one entry per call the API placed, with the form it was placed with. */
export interface SwPlacedCall {
	sid: string;
	to: string;
	from: string;
	request: Record<string, string | string[]>;
}

export interface SwVoiceSettings {
	/** Digits every Gather receives unless a call has its own (default '1'; '' = no input). */
	gatherDigits: string;
	/** Seconds of audio a Record verb captures, before maxLength (default 5). */
	recordSeconds: number;
	/** Recording media needs the project's Basic credentials ("Protect Recording Media URLs"). */
	protectRecordingMedia: boolean;
	/** Recording media answers with a 302 to the file host (or the foreign host) instead of the bytes. */
	recordingMediaRedirect: 'none' | 'filehost' | 'foreign';
	/** How long a call whose cXML URL is not on a loopback host stays in progress (default 60 s). */
	unreachableHoldMs: number;
	/**
	 * How long each Say and Play lasts (default 1000 ms): a call stays live while it speaks, as a real
	 * one does for seconds; 0 runs a document at once.
	 */
	speechMs: number;
}

export const DEFAULT_VOICE_SETTINGS: SwVoiceSettings = {
	gatherDigits: '1',
	recordSeconds: 5,
	protectRecordingMedia: false,
	recordingMediaRedirect: 'none',
	unreachableHoldMs: 60_000,
	speechMs: 1000,
};

/** SignalWire reads a cXML answer for about 5 s (read timeout), then gives up with 11200. */
const CXML_TIMEOUT_MS = 5_000;
const CALLBACK_TIMEOUT_MS = 15_000;
const MAX_CXML_BYTES = 64 * 1024;
const MAX_RECORD_SECONDS = 3600;

class CallError extends Error {
	constructor(
		readonly code: number,
		message: string,
	) {
		super(message);
	}
}

const parser = new XMLParser({
	preserveOrder: true,
	ignoreAttributes: false,
	attributeNamePrefix: '',
	parseTagValue: false,
	parseAttributeValue: false,
	trimValues: true,
});

type XmlNode = Record<string, unknown>;

function nodeName(node: XmlNode): string {
	return Object.keys(node).find((key) => key !== ':@') ?? '';
}

function children(node: XmlNode): XmlNode[] {
	const value = node[nodeName(node)];
	return Array.isArray(value) ? (value as XmlNode[]) : [];
}

function attributes(node: XmlNode): Record<string, string> {
	return { ...((node[':@'] as Record<string, string> | undefined) ?? {}) };
}

function textOf(node: XmlNode): string {
	return children(node)
		.filter((child) => nodeName(child) === '#text')
		.map((child) => String(child['#text']))
		.join('');
}

/** The verbs of a cXML document, or 12100 as SignalWire reports a document it cannot parse. */
export function parseCxml(document: string): XmlNode[] {
	if (XMLValidator.validate(document) !== true)
		throw new CallError(12100, 'Document parse failure: the cXML is not well-formed XML');
	const roots = (parser.parse(document) as XmlNode[]).filter(
		(node) => !['?xml', '#text', '#comment'].includes(nodeName(node)),
	);
	if (roots.length !== 1 || nodeName(roots[0]!) !== 'Response')
		throw new CallError(12100, 'Document parse failure: the root element must be <Response>');
	return children(roots[0]!).filter((node) => nodeName(node) !== '#text');
}

export function callUri(accountSid: string, sid: string): string {
	return `${LAML_PREFIX}/Accounts/${accountSid}/Calls/${sid}.json`;
}

export function recordingUri(accountSid: string, sid: string, suffix = '.json'): string {
	return `${LAML_PREFIX}/Accounts/${accountSid}/Recordings/${sid}${suffix}`;
}

export class SwVoice {
	calls = new Map<string, SwCall>();
	recordings = new Map<string, SwRecording>();
	placed: SwPlacedCall[] = [];
	webhooks: SwWebhookLogEntry[] = [];
	settings: SwVoiceSettings = { ...DEFAULT_VOICE_SETTINGS };
	private waiters = new Set<(entry: SwWebhookLogEntry) => void>();
	/** Aborted by reset() and stop(): whatever an earlier test started goes quiet. */
	private lifetime = new AbortController();

	constructor(private readonly env: () => EmulatorEnv) {}

	reset(): void {
		this.lifetime.abort();
		this.lifetime = new AbortController();
		this.calls.clear();
		this.recordings.clear();
		this.placed = [];
		this.webhooks = [];
		this.settings = { ...DEFAULT_VOICE_SETTINGS };
		const voice = this.env().fixtures.signalwire.voice;
		for (const c of voice.calls) {
			const endTime = new Date(c.startTime.getTime() + c.duration * 1000);
			const call = this.newCall({
				sid: c.sid,
				direction: c.direction,
				from: c.from,
				to: c.to,
				fixture: true,
				createdAt: new Date(c.startTime.getTime() - 2_000),
			});
			Object.assign(call, {
				status: c.status,
				startTime: c.duration > 0 ? c.startTime : undefined,
				endTime,
				updatedAt: endTime,
				duration: c.duration,
				answeredBy: c.duration > 0 ? 'human' : null,
			});
			call.resolveDone();
		}
		for (const r of voice.recordings) {
			const end = new Date(r.startTime.getTime() + r.duration * 1000);
			this.recordings.set(r.sid, {
				sid: r.sid,
				callSid: r.callSid,
				status: 'completed',
				source: r.source,
				createdAt: r.startTime,
				updatedAt: end,
				startTime: r.startTime,
				duration: r.duration,
				channels: 1,
				track: 'both',
				trim: 'do-not-trim',
				elapsedMs: r.duration * 1000,
			});
		}
	}

	stop(): void {
		this.lifetime.abort();
	}

	newCall(init: {
		sid?: string;
		direction: SwCall['direction'];
		from: string;
		to: string;
		fixture?: boolean;
		createdAt?: Date;
	}): SwCall {
		let resolveDone = () => {};
		const done = new Promise<void>((resolve) => (resolveDone = resolve));
		const createdAt = init.createdAt ?? new Date();
		const call: SwCall = {
			sid: init.sid ?? randomUUID(),
			direction: init.direction,
			from: init.from,
			to: init.to,
			status: 'queued',
			createdAt,
			updatedAt: createdAt,
			duration: 0,
			phoneNumberSid: null,
			answeredBy: null,
			fixture: init.fixture ?? false,
			record: false,
			timeoutS: 60,
			gatherDigits: this.settings.gatherDigits,
			recordSeconds: this.settings.recordSeconds,
			log: [],
			errors: [],
			sequence: 0,
			control: new AbortController(),
			queue: Promise.resolve(),
			done,
			resolveDone,
		};
		this.calls.set(call.sid, call);
		return call;
	}

	isEnded(call: SwCall): boolean {
		return ENDED_STATUSES.includes(call.status);
	}

	// ---- running a call --------------------------------------------------------------------------

	/**
	 * Runs an outbound call from queued to its end. It is dialled, rings and answers in the event-loop
	 * turn after the HTTP answer that created it, so the client's next request finds it in progress
	 * (a real call takes seconds, the emulator's tests do not wait); `noAnswer` rings until its Timeout.
	 */
	async runOutbound(call: SwCall): Promise<void> {
		const lifetime = this.lifetime.signal;
		try {
			await this.step(lifetime);
			if (this.isEnded(call)) return;
			this.statusCallback(call, 'initiated');
			this.setStatus(call, 'ringing');
			this.statusCallback(call, 'ringing');
			const { noAnswer, busy } = this.env().fixtures.signalwire.voice.numbers;
			if (call.to === busy) {
				this.finish(call, 'busy');
				return;
			}
			if (call.to === noAnswer) {
				await sleep(call.timeoutS * 1000, undefined, {
					signal: AbortSignal.any([lifetime, call.control.signal]),
				}).catch(() => undefined);
				this.finish(call, 'no-answer');
				return;
			}
			this.answer(call);
			await this.runScript(call, call.source!);
		} catch (error) {
			if (!lifetime.aborted) throw error;
			call.resolveDone();
		}
	}

	/** Runs an inbound call: the voice webhook first, then its cXML; resolves when the call ends. */
	async runInbound(call: SwCall, source: CxmlSource): Promise<void> {
		const lifetime = this.lifetime.signal;
		try {
			this.setStatus(call, 'ringing');
			await this.runScript(call, source);
		} catch (error) {
			if (!lifetime.aborted) throw error;
			call.resolveDone();
		}
	}

	/** One turn of the event loop: the HTTP answer that started the call is written first. */
	private step(signal: AbortSignal): Promise<void> {
		return nextTurn(undefined, { signal });
	}

	private setStatus(call: SwCall, status: SwCallStatus): void {
		call.status = status;
		call.updatedAt = new Date();
	}

	private answer(call: SwCall): void {
		this.setStatus(call, 'in-progress');
		call.startTime = new Date();
		if (call.machineDetection) call.answeredBy = 'human';
		this.statusCallback(call, 'answered');
		if (call.record)
			this.startRecording(call, {
				source: 'OutboundAPI',
				callback: call.recordingStatusCallback,
				track: 'both',
				trim: 'trim-silence',
				channels: 1,
			});
	}

	/** Documents one after another (verb actions and redirects replace the document) until the call ends. */
	private async runScript(call: SwCall, first: CxmlSource): Promise<void> {
		const lifetime = this.lifetime.signal;
		let next: CxmlSource | undefined = first;
		let verbsRun = 0;
		while (next && !this.isEnded(call)) {
			const control = new AbortController();
			call.control = control;
			const signal = AbortSignal.any([control.signal, lifetime]);
			try {
				const document = await this.loadDocument(call, next, signal);
				if (document === 'hold') {
					await sleep(this.settings.unreachableHoldMs, undefined, { signal });
					next = undefined;
					continue;
				}
				if (call.status === 'ringing') this.answerInbound(call);
				const result = await this.runVerbs(call, parseCxml(document), next, signal);
				verbsRun += result.verbs;
				next = result.next;
			} catch (error) {
				if (lifetime.aborted) {
					call.resolveDone();
					return;
				}
				if (control.signal.aborted) {
					next = call.redirect;
					call.redirect = undefined;
					continue;
				}
				if (!(error instanceof CallError)) throw error;
				call.errors.push({ code: error.code, message: error.message });
				this.finish(call, verbsRun === 0 && call.direction === 'inbound' ? 'failed' : 'completed');
				return;
			}
		}
		if (!this.isEnded(call)) this.finish(call, 'completed');
	}

	private answerInbound(call: SwCall): void {
		this.setStatus(call, 'in-progress');
		call.startTime = new Date();
	}

	/** The cXML text of a source: inline, or fetched (signed) from a loopback URL within 5 s. */
	private async loadDocument(
		call: SwCall,
		source: CxmlSource,
		signal: AbortSignal,
	): Promise<string | 'hold'> {
		if (source.kind === 'inline') return source.twiml;
		const params = { ...this.callParams(call), ...source.params };
		const entry = await this.send(
			call,
			source.kind,
			source.url,
			source.method,
			params,
			CXML_TIMEOUT_MS,
		);
		signal.throwIfAborted();
		if (entry.status === 'not-delivered') return 'hold';
		if (entry.status === 0 || entry.status < 200 || entry.status > 299)
			throw new CallError(
				11200,
				`HTTP retrieval failure: ${entry.status === 0 ? (entry.error ?? 'no answer') : `status ${entry.status}`} from ${source.url}`,
			);
		if (!entry.contentType)
			throw new CallError(11200, `HTTP retrieval failure: no Content-Type from ${source.url}`);
		if (Buffer.byteLength(entry.body ?? '') > MAX_CXML_BYTES)
			throw new CallError(11750, 'cXML response body too large (over 64 kB)');
		return entry.body ?? '';
	}

	/** Executes verbs in order; returns what comes next (an action's or Redirect's document) or nothing. */
	private async runVerbs(
		call: SwCall,
		verbs: XmlNode[],
		current: CxmlSource,
		signal: AbortSignal,
	): Promise<{ verbs: number; next?: CxmlSource }> {
		let count = 0;
		const resolve = (target: string): string => {
			try {
				return new URL(target, current.kind === 'inline' ? current.base : current.url).toString();
			} catch {
				throw new CallError(11100, `Invalid URL: ${target}`);
			}
		};
		const action = (
			attrs: Record<string, string>,
			params: Record<string, string>,
		): CxmlSource | undefined =>
			attrs.action
				? {
						kind: 'action',
						url: resolve(attrs.action),
						method: (attrs.method ?? 'POST').toUpperCase(),
						params,
					}
				: undefined;
		for (const node of verbs) {
			signal.throwIfAborted();
			count += 1;
			const verb = nodeName(node);
			const attrs = attributes(node);
			switch (verb) {
				case 'Say':
				case 'Play':
					call.log.push({ verb, attributes: attrs, text: textOf(node) });
					await this.speak(signal);
					break;
				case 'Pause': {
					call.log.push({ verb, attributes: attrs });
					const seconds = Number(attrs.length ?? 1);
					await sleep(Number.isFinite(seconds) ? seconds * 1000 : 1000, undefined, { signal });
					break;
				}
				case 'Gather': {
					for (const inner of children(node).filter((n) => nodeName(n) !== '#text')) {
						call.log.push({
							verb: nodeName(inner),
							attributes: attributes(inner),
							text: textOf(inner),
							within: 'Gather',
						});
						await this.speak(signal);
					}
					const digits = this.gathered(call.gatherDigits, attrs);
					call.log.push({ verb, attributes: attrs, digits });
					if (digits === '') break;
					const next = action(attrs, { Digits: digits });
					if (next) return { verbs: count, next };
					break;
				}
				case 'Record': {
					const maxLength = Number(attrs.maxLength ?? MAX_RECORD_SECONDS) || MAX_RECORD_SECONDS;
					const recording = this.startRecording(call, {
						source: 'RecordVerb',
						callback: this.verbRecordingCallback(attrs, resolve),
						track: 'inbound',
						trim: attrs.trim ?? 'trim-silence',
						channels: 1,
						duration: Math.min(maxLength, call.recordSeconds),
					});
					call.log.push({ verb, attributes: attrs, recordingSid: recording.sid });
					const next = action(attrs, {
						RecordingUrl: this.recordingUrl(recording.sid),
						RecordingDuration: String(recording.duration),
						RecordingSid: recording.sid,
						Digits: 'hangup',
					});
					// The action is the call flow; the recording callback follows once the file is ready.
					const fetched = next ? this.loadDocument(call, next, signal) : undefined;
					this.completeRecording(recording);
					if (fetched && next?.kind === 'action') {
						const document = await fetched;
						if (document === 'hold') return { verbs: count };
						return { verbs: count, next: { kind: 'inline', twiml: document, base: next.url } };
					}
					break;
				}
				case 'Dial': {
					const nouns = children(node).filter((n) => nodeName(n) !== '#text');
					const targets = nouns.length > 0 ? nouns.map(textOf) : [textOf(node)];
					const entry: SwCallLogEntry = { verb, attributes: attrs, targets };
					if (attrs.record?.startsWith('record-from')) {
						const recording = this.startRecording(call, {
							source: 'DialVerb',
							callback: this.verbRecordingCallback(attrs, resolve),
							track: 'both',
							trim: attrs.trim ?? 'do-not-trim',
							channels: attrs.record.endsWith('-dual') ? 2 : 1,
							duration: call.recordSeconds,
						});
						this.completeRecording(recording);
						entry.recordingSid = recording.sid;
					}
					call.log.push(entry);
					const next = action(attrs, {
						DialCallStatus: 'completed',
						DialCallSid: randomUUID(),
						DialCallDuration: String(call.recordSeconds),
					});
					if (next) return { verbs: count, next };
					break;
				}
				case 'Hangup':
					call.log.push({ verb, attributes: attrs });
					this.finish(call, 'completed');
					return { verbs: count };
				case 'Reject':
					call.log.push({ verb, attributes: attrs });
					this.finish(call, attrs.reason === 'busy' ? 'busy' : 'no-answer');
					return { verbs: count };
				case 'Redirect': {
					const target = textOf(node);
					call.log.push({ verb, attributes: attrs, text: target });
					return {
						verbs: count,
						next: {
							kind: 'redirect',
							url: resolve(target),
							method: (attrs.method ?? 'POST').toUpperCase(),
						},
					};
				}
				default:
					call.log.push({ verb, attributes: attrs, unsupported: true });
			}
		}
		return { verbs: count };
	}

	private async speak(signal: AbortSignal): Promise<void> {
		if (this.settings.speechMs > 0) await sleep(this.settings.speechMs, undefined, { signal });
	}

	private gathered(digits: string, attrs: Record<string, string>): string {
		let pressed = digits;
		const finishOnKey = attrs.finishOnKey ?? '#';
		if (finishOnKey && pressed.includes(finishOnKey))
			pressed = pressed.slice(0, pressed.indexOf(finishOnKey));
		const numDigits = Number(attrs.numDigits);
		return Number.isInteger(numDigits) && numDigits > 0 ? pressed.slice(0, numDigits) : pressed;
	}

	private verbRecordingCallback(
		attrs: Record<string, string>,
		resolve: (target: string) => string,
	): Callback | undefined {
		if (!attrs.recordingStatusCallback) return undefined;
		return {
			url: resolve(attrs.recordingStatusCallback),
			method: (attrs.recordingStatusCallbackMethod ?? 'POST').toUpperCase(),
			events: (attrs.recordingStatusCallbackEvent ?? 'completed').split(/[\s,]+/),
		};
	}

	// ---- API actions on a call ----------------------------------------------------------------

	/** Ends a call (hang-up, cancel, Hangup verb, end of cXML) and sends what SignalWire sends then. */
	finish(call: SwCall, status: SwCallStatus): void {
		if (this.isEnded(call)) return;
		const now = new Date();
		call.status = status;
		call.updatedAt = now;
		call.endTime = now;
		if (call.startTime && status === 'completed')
			call.duration = Math.max(1, Math.ceil((now.getTime() - call.startTime.getTime()) / 1000));
		for (const recording of this.recordings.values())
			if (recording.callSid === call.sid && ['in-progress', 'paused'].includes(recording.status))
				this.completeRecording(recording);
		this.statusCallback(call, 'completed');
		call.control.abort();
		void call.queue.then(() => call.resolveDone());
	}

	/** Redirect from the API: the running document stops and the new one runs. */
	redirect(call: SwCall, source: CxmlSource): void {
		call.redirect = source;
		call.control.abort();
	}

	// ---- recordings -----------------------------------------------------------------------------

	startRecording(
		call: SwCall,
		init: {
			source: string;
			callback?: Callback;
			track: string;
			trim: string;
			channels: number;
			/** Fixed length (verbs record in emulated time); otherwise real elapsed time. */
			duration?: number;
		},
	): SwRecording {
		const now = new Date();
		const recording: SwRecording = {
			sid: randomUUID(),
			callSid: call.sid,
			status: 'in-progress',
			source: init.source,
			createdAt: now,
			updatedAt: now,
			startTime: now,
			duration: init.duration ?? 0,
			channels: init.channels,
			track: init.track,
			trim: init.trim,
			callback: init.callback,
			runningSince: init.duration === undefined ? Date.now() : undefined,
			elapsedMs: (init.duration ?? 0) * 1000,
		};
		this.recordings.set(recording.sid, recording);
		this.recordingCallback(call, recording, 'in-progress');
		return recording;
	}

	/** in-progress ↔ paused, and stopped (then completed): the transitions SignalWire allows. */
	changeRecording(recording: SwRecording, status: 'paused' | 'in-progress' | 'stopped'): boolean {
		const allowed =
			(status === 'paused' && recording.status === 'in-progress') ||
			(status === 'in-progress' && recording.status === 'paused') ||
			(status === 'stopped' && ['in-progress', 'paused'].includes(recording.status));
		if (!allowed) return false;
		this.accumulate(recording);
		recording.status = status;
		recording.updatedAt = new Date();
		if (status === 'in-progress') recording.runningSince = Date.now();
		if (status === 'stopped') setImmediate(() => this.completeRecording(recording));
		return true;
	}

	private accumulate(recording: SwRecording): void {
		if (recording.runningSince !== undefined)
			recording.elapsedMs += Date.now() - recording.runningSince;
		recording.runningSince = undefined;
	}

	private completeRecording(recording: SwRecording): void {
		if (recording.status === 'completed' || !this.recordings.has(recording.sid)) return;
		this.accumulate(recording);
		recording.status = 'completed';
		recording.duration = Math.max(1, Math.ceil(recording.elapsedMs / 1000));
		recording.updatedAt = new Date();
		const call = this.calls.get(recording.callSid);
		if (call) this.recordingCallback(call, recording, 'completed');
	}

	recordingUrl(sid: string): string {
		const env = this.env();
		return `${env.url}${recordingUri(env.secrets.signalwire.projectId, sid, '')}`;
	}

	// ---- requests the simulator makes --------------------------------------------------------

	private callParams(call: SwCall): Record<string, string> {
		return {
			AccountSid: this.env().secrets.signalwire.projectId,
			ApiVersion: '2010-04-01',
			CallSid: call.sid,
			CallStatus: call.status,
			Direction: call.direction,
			From: call.from,
			To: call.to,
		};
	}

	private statusCallback(call: SwCall, event: CallEvent): void {
		const params = () => ({
			...this.callParams(call),
			CallStatus: event === 'initiated' ? 'initiated' : call.status,
			Timestamp: rfc2822(new Date()),
			CallbackSource: 'call-progress-events',
			SequenceNumber: String(call.sequence++),
			...(event === 'completed' ? { CallDuration: String(call.duration) } : {}),
		});
		const callback = call.statusCallback;
		if (callback?.events.includes(event)) {
			const sent = params();
			void this.send(call, 'status', callback.url, callback.method, sent, CALLBACK_TIMEOUT_MS);
		}
	}

	private recordingCallback(
		call: SwCall,
		recording: SwRecording,
		status: 'in-progress' | 'completed',
	): void {
		const callback = recording.callback;
		if (!callback?.events.includes(status)) return;
		const params: Record<string, string> = {
			AccountSid: this.env().secrets.signalwire.projectId,
			CallSid: call.sid,
			RecordingSid: recording.sid,
			RecordingUrl: this.recordingUrl(recording.sid),
			RecordingStatus: status,
			RecordingDuration: status === 'completed' ? String(recording.duration) : '0',
			RecordingChannels: String(recording.channels),
			RecordingSource: recording.source,
			RecordingStartTime: rfc2822(recording.startTime),
		};
		void this.send(call, 'recording', callback.url, callback.method, params, CALLBACK_TIMEOUT_MS);
	}

	/**
	 * One signed request, after every earlier request of the same call (the order SignalWire sends
	 * them in). A GET carries the parameters in the query and signs the full URL alone.
	 */
	send(
		call: SwCall,
		kind: SwWebhookLogEntry['kind'],
		url: string,
		method: string,
		params: Record<string, string>,
		timeoutMs: number,
	): Promise<SwWebhookLogEntry> {
		const lifetime = this.lifetime.signal;
		const result = call.queue.then(async () => {
			const entry: SwWebhookLogEntry = {
				callSid: call.sid,
				kind,
				url,
				method,
				params,
				status: 'not-delivered',
			};
			let target: URL | undefined;
			try {
				target = new URL(url);
			} catch {
				target = undefined;
			}
			if (lifetime.aborted) return entry;
			if (target && isLoopbackUrl(target)) {
				const get = method === 'GET';
				if (get)
					for (const [name, value] of Object.entries(params))
						target.searchParams.append(name, value);
				const signed = get ? target.toString() : url;
				const key = call.signingKey ?? this.env().secrets.signalwire.signingKey;
				try {
					const response = await fetch(signed, {
						method,
						headers: {
							...(get ? {} : { 'content-type': 'application/x-www-form-urlencoded' }),
							'x-signalwire-signature': signSignalWireRequest(key, signed, get ? {} : params),
						},
						body: get ? undefined : new URLSearchParams(params).toString(),
						redirect: 'manual',
						signal: AbortSignal.any([lifetime, AbortSignal.timeout(timeoutMs)]),
					});
					entry.status = response.status;
					entry.contentType = response.headers.get('content-type') ?? undefined;
					entry.body = await response.text();
				} catch (error) {
					entry.status = 0;
					entry.error = error instanceof Error ? error.message : String(error);
				}
			}
			if (lifetime.aborted) return entry;
			this.webhooks.push(entry);
			for (const waiter of [...this.waiters]) waiter(entry);
			return entry;
		});
		call.queue = result.catch(() => undefined);
		return result;
	}

	waitForWebhook(
		predicate: (entry: SwWebhookLogEntry) => boolean,
		timeoutMs: number,
	): Promise<SwWebhookLogEntry> {
		const found = this.webhooks.find(predicate);
		if (found) return Promise.resolve(found);
		return new Promise((resolve, reject) => {
			const waiter = (entry: SwWebhookLogEntry) => {
				if (!predicate(entry)) return;
				clearTimeout(timer);
				this.waiters.delete(waiter);
				resolve(entry);
			};
			const timer = setTimeout(() => {
				this.waiters.delete(waiter);
				reject(
					new Error(
						`No matching SignalWire webhook within ${timeoutMs} ms; sent so far: ${this.webhooks
							.map(
								(e) =>
									`${e.kind}${e.params.CallStatus ? `(${e.params.CallStatus})` : ''}→${e.status}`,
							)
							.join(', ')}`,
					),
				);
			}, timeoutMs);
			this.waiters.add(waiter);
		});
	}
}
