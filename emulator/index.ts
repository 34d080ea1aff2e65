/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/require-node-api-error -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { setMaxListeners } from 'node:events';
import type { Server } from 'node:http';
import { mintUserToken, USER_SCOPES, type IssuedUserToken, type UserScope } from './acs/userTokens';
import { acsRoute } from './acs/router';
import type { EmailSettings } from './acs/email';
import {
	CallSimulator,
	type CallbackLogEntry,
	type CallSettings,
	type CallSnapshot,
	type IncomingCallInfo,
	type IncomingCallOptions,
} from './acs/callSimulator';
import {
	createRecordingDocument,
	recordingSha256,
	type RecordingDocument,
	type RecordingFormat,
	type RecordingLocations,
} from './acs/recordingDocuments';
import { recordingStorageRoute, storageError } from './acs/recordingStorage';
import { ARM_ROLES, ARM_SCOPE } from './arm/auth';
import { armRoute } from './arm/router';
import {
	ArmService,
	type ArmSettings,
	type EventSubscriptionSnapshot,
	type PublishResult,
} from './arm/service';
import { entraRoute } from './entra';
import {
	deliver,
	signCallAutomationToken,
	type CallAutomationTokenOptions,
	type DeliveryKind,
	type DeliveryOptions,
	type DeliveryResult,
} from './deliver';
import {
	createCallbackSigningKey,
	createSecrets,
	freshState,
	type CallbackSigningKey,
	type EmulatorEnv,
	type SentMessage,
} from './env';
import { Faults, type FaultController } from './faults';
import { fileHostRoute, foreignHostRoute } from './filehosts';
import { buildFixtures, type Fixtures } from './fixtures';
import { acsError, json, parseJsonBody, swError, type Route } from './http';
import { Recorder, startServer, stopServer, type RecordedRequest, type ServerRole } from './server';
import { signalwireRoute } from './signalwire/router';
import { SwVoice } from './signalwire/callSimulator';
import { signalWireVoiceApi, type SignalWireVoiceApi } from './signalwire/voiceApi';

export type { FaultController, FaultKind, FaultOptions, RandomFaultOptions } from './faults';
export type {
	InboundCallOptions,
	InboundCallResult,
	SignalWireVoiceApi,
	SwCallSnapshot,
	SwRecordingSnapshot,
} from './signalwire/voiceApi';
export type {
	SwCallLogEntry,
	SwPlacedCall,
	SwVoiceSettings,
	SwWebhookLogEntry,
} from './signalwire/callSimulator';
export type { RecordedRequest } from './server';
export type { SentMessage } from './env';
export type {
	CallAutomationTokenOptions,
	DeliveryKind,
	DeliveryOptions,
	DeliveryResult,
} from './deliver';
export { deliver, DELIVERY_KINDS } from './deliver';
export type {
	Fixtures,
	AcsMediaFixture,
	AcsLargeMediaFixture,
	ChatMessageModel,
	SwMediaFixture,
	SwDelivery,
	SwNumberFixture,
} from './fixtures';
export { largeMediaSha256, generatedMediaSha256 } from './fixtures';
export { API_VERSIONS } from './acs/apiVersions';
export type {
	CallbackLogEntry,
	CallSettings,
	CallSnapshot,
	IncomingCallInfo,
	IncomingCallOptions,
} from './acs/callSimulator';
export type {
	RecordingDocument,
	RecordingFormat,
	RecordingLocations,
} from './acs/recordingDocuments';
export type { ArmRole } from './arm/auth';
export type { ArmAcsResource, ArmFixtures, ArmSubscription } from './arm/fixtures';
export type {
	ArmSettings,
	EventDeliverySchema,
	EventSubscriptionSnapshot,
	ProvisioningState,
	PublishResult,
} from './arm/service';
export { PUBLISH_KINDS } from './arm/service';

export const DEFAULT_LARGE_MEDIA_BYTES = 100 * 1024 * 1024 + 123;

export interface CallsApi {
	/** Registers a ringing incoming call (as an IncomingCall event announces it). */
	incoming(options?: IncomingCallOptions): IncomingCallInfo;
	/** How many times the context's call was answered (a recognised retry does not count again). */
	answerCount(incomingCallContext: string): number;
	/** Every call connection (fixture, answered, created), in creation order. */
	list(): CallSnapshot[];
	get(callConnectionId: string): CallSnapshot | undefined;
	/** Totals of executed answers, creates, rejects and redirects. */
	counts(): { answered: number; created: number; rejected: number; redirected: number };
	/** Change a call's tones, speech, recording size or Event Grid URL. */
	configure(callConnectionId: string, settings: CallSettings): void;
	/** Where RecordingFileStatusUpdated goes for calls without an Event Grid URL of their own. */
	setEventGridUrl(url: string | undefined): void;
	/** Every recording started, in order. */
	recordings(): RecordingSnapshot[];
	/** Every callback and Event Grid notification sent (or not delivered), in order. */
	callbacks(): CallbackLogEntry[];
	/** The first logged callback (past or future) matching `predicate`; rejects after timeoutMs (default 5000). */
	waitForCallback(
		predicate: (entry: CallbackLogEntry) => boolean,
		timeoutMs?: number,
	): Promise<CallbackLogEntry>;
	/** Resolves once every queued callback has been posted. */
	idle(): Promise<void>;
}

export interface RecordingSnapshot {
	recordingId: string;
	callConnectionId: string;
	serverCallId: string;
	state: 'active' | 'inactive' | 'stopped';
	contentType: 'audio' | 'audioVideo';
	channelType: 'mixed' | 'unmixed';
	formatType: RecordingFormat;
	recordingStateCallbackUri?: string;
	/** Set once the stopped recording's file exists on the storage host. */
	documentId?: string;
}

export interface EmulatorOptions {
	/**
	 * Main port; 0 (default) picks a free one. With a fixed port the file host, the foreign host and the
	 * recording storage host use port+1, port+2 and port+3.
	 */
	port?: number;
	/** Default '127.0.0.1'. */
	host?: string;
	/** Added to every response (benchmarks). */
	latencyMs?: number;
	/** Size of the large ACS media fixture; default 100 MiB + 123 bytes. */
	largeMediaBytes?: number;
	/** Lifetime of Entra access tokens; default 3600. */
	entraTokenLifetimeSeconds?: number;
}

export interface IssueUserTokenOptions {
	expiresInMinutes?: number;
	/** Absolute expiry; may be in the past to produce an expired token. */
	expiresAt?: Date;
	/** Default ['chat']. */
	scopes?: UserScope[];
}

export interface Emulator {
	/** ACS endpoint, SignalWire "space" and Entra authority host, all in one. */
	url: string;
	/** SignalWire file host (redirect target of media content). */
	fileHostUrl: string;
	/** A foreign host that records every request (credential-leak tests). */
	foreignHostUrl: string;
	/** The recording storage host (ACS's `*.asm.skype.com`), where recording files are downloaded from. */
	recordingStorageUrl: string;
	acs: {
		endpoint: string;
		/** Base64 access key. */
		accessKey: string;
		connectionString: string;
		entra: {
			tenantId: string;
			clientId: string;
			clientSecret: string;
			authorityHost: string;
			tokenUrl: string;
			authorizeUrl: string;
			scope: string;
		};
	};
	/** The SignalWire project's credentials and, for voice, its test API (README "SignalWire voice"). */
	signalwire: {
		projectId: string;
		apiToken: string;
		/** Also lacks the Numbers and Voice scopes. */
		apiTokenWithoutMessagingScope: string;
		/** The project's Signing Key (PSK_…) the emulator signs webhook deliveries with. */
		signingKey: string;
		spaceUrl: string;
	} & SignalWireVoiceApi;
	/** Call Automation's callback token key (fresh per start), published at `{url}/calling/keys`. */
	readonly callbackSigningKey: CallbackSigningKey;
	/** Signs with a new key from now on; /calling/keys publishes it beside the previous one, as during a rotation. */
	rotateCallbackSigningKey(): void;
	/** A Call Automation callback token; by default valid for this emulator's resource and issuer. */
	signCallAutomationToken(options?: CallAutomationTokenOptions): string;
	fixtures: Fixtures;
	issueUserToken(userId: string, opts?: IssueUserTokenOptions): IssuedUserToken;
	/** Requests per endpoint key plus 'total'. */
	counts(): Record<string, number>;
	requests(): RecordedRequest[];
	/** Clears counts() and requests(). */
	resetCounters(): void;
	/**
	 * Every message accepted for delivery (WhatsApp, chat, SignalWire, ACS SMS), in order; a retry the service
	 * recognised (same Repeatability-Request-ID, or an SMS recipient's repeatabilityRequestId) adds nothing.
	 */
	outbox(): SentMessage[];
	/** The Call Automation simulator (see README "Call simulator"). */
	calls: CallsApi;
	/** Azure Resource Manager (see README "Azure Resource Manager and Event Grid subscriptions"). */
	arm: {
		/** Stands in for https://management.azure.com (the emulator's main URL). */
		resourceManagerUrl: string;
		/** The client-credentials scope; same tenant, client ID and secret as `acs.entra`. */
		scope: string;
		/** Roles and timings until resetFixtures(). */
		configure(settings: Partial<ArmSettings>): void;
		/** Every event subscription held (full endpoint URL included), in creation order. */
		eventSubscriptions(): EventSubscriptionSnapshot[];
	};
	/** Event Grid as it delivers an ACS resource's events: only through the subscriptions held. */
	eventGrid: {
		/**
		 * Sends `kind` to every Succeeded subscription on `fixtures.arm.acsResourceId` whose event types
		 * include the delivery's; `[]` when none does. Throws for kinds that are not resource events.
		 */
		publish(kind: DeliveryKind, options?: DeliveryOptions): Promise<PublishResult[]>;
	};
	/** ACS Email's long-running send operations. */
	email: {
		/** Changes how operations answer until resetFixtures(); default `retryAfterSeconds` 1. */
		configure(settings: Partial<EmailSettings>): void;
	};
	/**
	 * Restores deleted SignalWire media and messages, empties the outbox, forgets chat edits,
	 * repeatability records, Entra codes/refresh tokens and Resource Manager event subscriptions
	 * (and restores `arm.configure`'s defaults); forgets SignalWire calls, recordings and voice settings
	 * (the call history fixtures come back).
	 */
	resetFixtures(): void;
	/** Recording files on the recording storage host, made by a test rather than by a stopped recording. */
	recordings: {
		create(options: { bytes: number; format?: RecordingFormat; redirectTo?: string }): {
			document: RecordingDocument;
			locations: RecordingLocations;
		};
		/** Hex SHA-256 of a document's bytes. */
		sha256(documentId: string): Promise<string>;
	};
	faults: FaultController;
	close(): Promise<void>;
}

function mainFallback(method: string, rawPath: string): Route {
	if (/^(\/api\/laml)?\/2010-04-01\//.test(rawPath)) {
		return {
			endpoint: 'sw.unknown',
			handle: () => swError(404, 20404, `The requested resource ${rawPath} was not found`),
		};
	}
	return {
		endpoint: 'acs.unknown',
		handle: () => acsError(404, 'NotFound', `No such endpoint: ${method} ${rawPath}`),
	};
}

/**
 * `POST /emulator/deliver {kind, webhookUrl, options}` and `POST /emulator/publish {kind, options}`:
 * `npm run emulator -- deliver|publish` asks the running emulator.
 */
function controlRoute(method: string, rawPath: string): Route | undefined {
	if (method === 'POST' && rawPath === '/emulator/publish')
		return {
			endpoint: 'emulator.publish',
			handle: async (ctx) => {
				const request = parseJsonBody(ctx);
				const input = (request.ok ? request.value : undefined) as
					| { kind?: DeliveryKind; options?: DeliveryOptions }
					| undefined;
				if (!input?.kind) return json(400, { error: 'Send {"kind": …, "options"?: …}' });
				try {
					const results = await ctx.env.arm.publish(
						ctx.env.fixtures.arm.acsResourceId,
						input.kind,
						input.options,
					);
					return json(200, results);
				} catch (error) {
					return json(400, { error: error instanceof Error ? error.message : String(error) });
				}
			},
		};
	if (method !== 'POST' || rawPath !== '/emulator/deliver') return undefined;
	return {
		endpoint: 'emulator.deliver',
		handle: async (ctx) => {
			const request = parseJsonBody(ctx);
			const input = (request.ok ? request.value : undefined) as
				| { kind?: DeliveryKind; webhookUrl?: string; options?: DeliveryOptions }
				| undefined;
			if (!input?.kind || !input.webhookUrl)
				return json(400, { error: 'Send {"kind": …, "webhookUrl": …, "options"?: …}' });
			const handle = ctx.env.deliverySource;
			if (!handle) return json(503, { error: 'emulator not ready' });
			const result: DeliveryResult = await deliver(
				handle,
				input.kind,
				input.webhookUrl,
				input.options,
			);
			return json(200, result);
		},
	};
}

const MAIN: ServerRole = {
	router: (method, rawPath) =>
		armRoute(method, rawPath) ??
		acsRoute(method, rawPath) ??
		signalwireRoute(method, rawPath) ??
		entraRoute(method, rawPath) ??
		controlRoute(method, rawPath),
	fallback: mainFallback,
};
const FILE_HOST: ServerRole = {
	router: fileHostRoute,
	fallback: () => ({
		endpoint: 'filehost.unknown',
		handle: () => ({ status: 404, body: Buffer.from('NoSuchKey') }),
	}),
	countAuthorization: true,
};
const FOREIGN_HOST: ServerRole = {
	router: foreignHostRoute,
	fallback: foreignHostRoute,
	countAuthorization: true,
};
const RECORDING_STORAGE: ServerRole = {
	router: recordingStorageRoute,
	fallback: () => ({
		endpoint: 'recording.unknown',
		handle: () => storageError(404, 'No such recording object.'),
	}),
};

export async function startEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
	const host = options.host ?? '127.0.0.1';
	const port = options.port ?? 0;
	const secrets = createSecrets();
	const callbackSigningKey = createCallbackSigningKey();
	const faults = new Faults();
	const recorder = new Recorder();
	const shutdown = new AbortController();
	// Every delayed response (latency, slow faults) listens on this signal; thousands may be pending at once.
	setMaxListeners(0, shutdown.signal);
	// Filled in once the servers listen (fixtures need their URLs); handlers only run after that.
	const ready: { env?: EmulatorEnv } = {};
	const shared = {
		env: () => {
			if (!ready.env) throw new Error('emulator not ready');
			return ready.env;
		},
		faults,
		recorder,
		shutdown: shutdown.signal,
	};

	const servers: Server[] = [];
	const listen = async (role: ServerRole, offset: number) => {
		const started = await startServer(role, shared, host, port === 0 ? 0 : port + offset);
		servers.push(started.server);
		return started.url;
	};
	let url: string, fileHostUrl: string, foreignHostUrl: string, recordingStorageUrl: string;
	try {
		url = await listen(MAIN, 0);
		fileHostUrl = await listen(FILE_HOST, 1);
		foreignHostUrl = await listen(FOREIGN_HOST, 2);
		recordingStorageUrl = await listen(RECORDING_STORAGE, 3);
	} catch (error) {
		await Promise.all(servers.map(stopServer));
		throw error;
	}

	const fixtures = buildFixtures({
		url,
		foreignHostUrl,
		largeMediaBytes: options.largeMediaBytes ?? DEFAULT_LARGE_MEDIA_BYTES,
	});
	const env: EmulatorEnv = {
		url,
		fileHostUrl,
		foreignHostUrl,
		recordingStorageUrl,
		secrets,
		callbackSigningKey,
		fixtures,
		state: freshState(fixtures),
		calls: new CallSimulator(() => env),
		arm: new ArmService(() => env.deliverySource),
		swVoice: new SwVoice(() => env),
		options: {
			latencyMs: options.latencyMs ?? 0,
			entraTokenLifetimeSeconds: options.entraTokenLifetimeSeconds ?? 3600,
		},
	};
	ready.env = env;
	env.calls.reset();
	env.swVoice.reset();

	const { tenantId, clientId, clientSecret } = secrets.entra;

	const emulator: Emulator = {
		url,
		fileHostUrl,
		foreignHostUrl,
		recordingStorageUrl,
		acs: {
			endpoint: url,
			accessKey: secrets.acs.accessKey,
			connectionString: `endpoint=${url}/;accesskey=${secrets.acs.accessKey}`,
			entra: {
				tenantId,
				clientId,
				clientSecret,
				authorityHost: url,
				tokenUrl: `${url}/${tenantId}/oauth2/v2.0/token`,
				authorizeUrl: `${url}/${tenantId}/oauth2/v2.0/authorize`,
				scope: 'https://communication.azure.com/.default',
			},
		},
		signalwire: { ...secrets.signalwire, spaceUrl: url, ...signalWireVoiceApi(() => env) },
		get callbackSigningKey() {
			return env.callbackSigningKey;
		},
		rotateCallbackSigningKey() {
			env.previousCallbackSigningKey = env.callbackSigningKey;
			env.callbackSigningKey = createCallbackSigningKey();
		},
		signCallAutomationToken: (tokenOptions) => signCallAutomationToken(emulator, tokenOptions),
		fixtures,
		issueUserToken(userId, opts = {}) {
			const scopes = opts.scopes ?? ['chat'];
			if (!scopes.every((s) => (USER_SCOPES as readonly string[]).includes(s)))
				throw new Error(`invalid scopes ${scopes.join(',')}`);
			const expiresAt =
				opts.expiresAt ?? new Date(Date.now() + (opts.expiresInMinutes ?? 60) * 60_000);
			return mintUserToken(secrets, userId, scopes, expiresAt);
		},
		counts: () => recorder.counts(),
		requests: () => [...recorder.log],
		resetCounters: () => recorder.reset(),
		outbox: () => [...env.state.outbox],
		calls: {
			incoming: (incomingOptions) => env.calls.registerIncoming(incomingOptions),
			answerCount: (context) => env.calls.incoming.get(context)?.answers ?? 0,
			list: () => [...env.calls.calls.values()].map((call) => env.calls.snapshot(call)),
			get: (id) => {
				const call = env.calls.calls.get(id);
				return call && env.calls.snapshot(call);
			},
			counts: () => ({ ...env.calls.counters }),
			configure: (id, settings) => env.calls.configure(id, settings),
			setEventGridUrl: (eventGridUrl) => {
				env.calls.defaultEventGridUrl = eventGridUrl;
			},
			recordings: () =>
				[...env.calls.recordings.values()].map((r) => ({
					recordingId: r.recordingId,
					callConnectionId: r.callConnectionId,
					serverCallId: r.serverCallId,
					state: r.state,
					contentType: r.contentType,
					channelType: r.channelType,
					formatType: r.formatType,
					recordingStateCallbackUri: r.recordingStateCallbackUri,
					documentId: r.documentId,
				})),
			callbacks: () => [...env.calls.log],
			waitForCallback: (predicate, timeoutMs = 5000) => env.calls.waitFor(predicate, timeoutMs),
			idle: () => env.calls.idle(),
		},
		arm: {
			resourceManagerUrl: url,
			scope: ARM_SCOPE,
			configure: (settings) => {
				const unknown = (settings.roles ?? []).filter(
					(role) => !(ARM_ROLES as readonly string[]).includes(role),
				);
				if (unknown.length > 0)
					throw new Error(`unknown roles ${unknown.join(', ')}; known: ${ARM_ROLES.join(', ')}`);
				env.arm.settings = {
					...env.arm.settings,
					...settings,
					roles: [...(settings.roles ?? env.arm.settings.roles)],
				};
			},
			eventSubscriptions: () => env.arm.snapshots(),
		},
		eventGrid: {
			publish: (kind, publishOptions) =>
				env.arm.publish(fixtures.arm.acsResourceId, kind, publishOptions),
		},
		email: {
			configure: (settings) => {
				env.state.emailSettings = { ...env.state.emailSettings, ...settings };
			},
		},
		resetFixtures: () => {
			env.state = freshState(fixtures);
			env.calls.reset();
			env.arm.reset();
			env.swVoice.reset();
		},
		recordings: {
			create: ({ bytes, format = 'wav', redirectTo }) =>
				createRecordingDocument(env, { bytes, format, redirectTo }),
			sha256: (documentId) => {
				const document = env.state.recordingDocuments.get(documentId);
				if (!document) throw new Error(`no recording document ${documentId}`);
				return recordingSha256(document);
			},
		},
		faults,
		async close() {
			shutdown.abort();
			env.calls.stop();
			env.arm.stop();
			env.swVoice.stop();
			await Promise.all(servers.map(stopServer));
		},
	};
	env.deliverySource = emulator;
	return emulator;
}
