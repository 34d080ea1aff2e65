import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import type { CallSimulator } from './acs/callSimulator';
import type { ArmService } from './arm/service';
import { DEFAULT_EMAIL_SETTINGS, type EmailOperation, type EmailSettings } from './acs/email';
import type { RecordingDocument } from './acs/recordingDocuments';
import type { SmsRecord, SmsSendResponseItem } from './acs/sms';
import type { SwVoice } from './signalwire/callSimulator';
import type { DeliverySource } from './deliver';
import type {
	ChatMessageModel,
	Fixtures,
	SwMediaFixture,
	SwMessageRecord,
	SwNumberFixture,
} from './fixtures';

/** Emulator-only secrets, derived from fixed labels so `npm run emulator` prints the same values every run. */
function derive(label: string, bytes = 32): Buffer {
	return createHash('sha512')
		.update(`acs-signalwire-emulator:${label}`)
		.digest()
		.subarray(0, bytes);
}

export function createSecrets() {
	const accessKeyBytes = derive('acs-access-key', 64);
	return {
		acs: {
			accessKey: accessKeyBytes.toString('base64'),
			accessKeyBytes,
		},
		entra: {
			tenantId: '72f988bf-0000-4000-8000-00000000e17a',
			clientId: '4b9e1c2d-3f40-4a51-8b62-7c8d9e0f1a2b',
			clientSecret: `emu~${derive('entra-client-secret', 24).toString('base64url')}`,
		},
		signalwire: {
			projectId: '3f6c7a2e-1b4d-4c8e-9f0a-5b6c7d8e9f10',
			apiToken: `PT${derive('signalwire-api-token', 24).toString('hex')}`,
			/** A token without the Messaging, Numbers and Voice scopes: account lookups work, media, number and voice endpoints answer 401. */
			apiTokenWithoutMessagingScope: `PT${derive('signalwire-api-token-no-messaging', 24).toString('hex')}`,
			/** The project's Signing Key: webhooks the emulator delivers are signed with it. */
			signingKey: `PSK_${derive('signalwire-signing-key', 12).toString('hex')}`,
		},
		/** Signing keys: user tokens and Entra tokens use different keys so one can never pass as the other. */
		userTokenKey: derive('user-token-key'),
		entraTokenKey: derive('entra-token-key'),
		/** Keys the opaque paging tokens and file-host URL signatures. */
		opaqueKey: derive('opaque-key'),
	};
}

export type Secrets = ReturnType<typeof createSecrets>;

/** Call Automation's callback signing key: RSA, made fresh on every start and published at /calling/keys. */
export interface CallbackSigningKey {
	kid: string;
	privateKey: KeyObject;
	publicJwk: { kty: 'RSA'; kid: string; use: 'sig'; alg: 'RS256'; n: string; e: string };
}

export function createCallbackSigningKey(): CallbackSigningKey {
	const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
	const kid = randomBytes(16).toString('hex');
	const jwk = publicKey.export({ format: 'jwk' });
	return {
		kid,
		privateKey,
		publicJwk: { kty: 'RSA', kid, use: 'sig', alg: 'RS256', n: String(jwk.n), e: String(jwk.e) },
	};
}

export interface ResolvedOptions {
	latencyMs: number;
	entraTokenLifetimeSeconds: number;
}

/** A message the emulator accepted for delivery: what tests count to prove nothing was sent twice. */
export interface SentMessage {
	service: 'whatsapp' | 'chat' | 'signalwire' | 'sms' | 'email';
	id: string;
	to: string;
	/** The request body as the service received it (JSON object or form fields). */
	request: Record<string, unknown>;
}

/** What a repeatable request (Repeatability-Request-ID) was answered with, to answer a retry alike. */
export interface RepeatableRecord {
	bodyHash: string;
	firstSent: number;
	response: { status: number; headers: Record<string, string>; body: Buffer };
}

/** Mutable state; resetFixtures() rebuilds it. */
export interface EmulatorState {
	/** Every message sent, in order. */
	outbox: SentMessage[];
	/** ACS repeatable requests by Repeatability-Request-ID. */
	repeatable: Map<string, RepeatableRecord>;
	/** ACS SMS per-recipient repeatability records by lower-cased repeatabilityRequestId. */
	smsRepeatable: Map<string, { hash: string; item: SmsSendResponseItem }>;
	/** ACS SMS opt-outs, `${from}\n${to}`. */
	smsOptOuts: Set<string>;
	/** ACS SMS messages sent, by messageId (delivery reports). */
	smsMessages: Map<string, SmsRecord>;
	/** ACS Email send operations by lower-cased operation ID. */
	emailOperations: Map<string, EmailOperation>;
	/** How the Email operations answer (retry-after); `emu.email.configure` changes it. */
	emailSettings: EmailSettings;
	/** Chat messages sent, edited or deleted through the API, by `${threadId}\n${messageId}`. */
	chatMessages: Map<string, ChatMessageModel & { senderId?: string }>;
	/** SignalWire messages by sid; sends add, DELETE removes. */
	swMessages: Map<string, SwMessageRecord>;
	/** SignalWire media by sid; DELETE removes entries. */
	swMedia: Map<string, SwMediaFixture>;
	/** SignalWire phone numbers by sid; updates change SmsUrl/SmsMethod. */
	swNumbers: Map<string, SwNumberFixture>;
	/** Entra authorization codes awaiting redemption. */
	authCodes: Map<
		string,
		{
			clientId: string;
			redirectUri: string;
			scope: string;
			codeChallenge?: string;
			codeChallengeMethod?: string;
			expiresAt: number;
		}
	>;
	/** Entra refresh tokens that are still valid (rotated on use). */
	refreshTokens: Map<string, { clientId: string; scope: string }>;
	/** Recording files the recording storage host serves, by document ID. */
	recordingDocuments: Map<string, RecordingDocument>;
}

export interface EmulatorEnv {
	url: string;
	fileHostUrl: string;
	foreignHostUrl: string;
	/** The recording storage host (ACS's `*.asm.skype.com`), a loopback server of its own. */
	recordingStorageUrl: string;
	secrets: Secrets;
	callbackSigningKey: CallbackSigningKey;
	/** The key before the last rotation, still published. */
	previousCallbackSigningKey?: CallbackSigningKey;
	/** The emulator's handle, for deliveries asked for over HTTP (`POST /emulator/deliver`). */
	deliverySource?: DeliverySource;
	options: ResolvedOptions;
	fixtures: Fixtures;
	state: EmulatorState;
	/** Call Automation: incoming and connected calls, recordings, callbacks. */
	calls: CallSimulator;
	/** Resource Manager: Event Grid subscriptions, their operations and settings. */
	arm: ArmService;
	/** SignalWire voice: calls, recordings, the call simulator's webhooks. */
	swVoice: SwVoice;
}

export function freshState(fixtures: Fixtures): EmulatorState {
	return {
		outbox: [],
		repeatable: new Map(),
		smsRepeatable: new Map(),
		smsOptOuts: new Set(
			[
				fixtures.acs.phoneNumbers.main,
				fixtures.acs.phoneNumbers.second,
				fixtures.acs.sms.alphanumericSenderId,
			].map((from) => `${from}\n${fixtures.acs.sms.optedOutRecipient}`),
		),
		smsMessages: new Map(),
		emailOperations: new Map(),
		emailSettings: { ...DEFAULT_EMAIL_SETTINGS },
		chatMessages: new Map(),
		swMessages: new Map(fixtures.signalwire.messageRecords.map((m) => [m.sid, { ...m }])),
		swMedia: new Map(fixtures.signalwire.allMedia.map((m) => [m.sid, m])),
		swNumbers: new Map(fixtures.signalwire.incomingNumbers.map((n) => [n.sid, { ...n }])),
		authCodes: new Map(),
		refreshTokens: new Map(),
		recordingDocuments: new Map(),
	};
}
