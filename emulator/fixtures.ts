import { createHash } from 'node:crypto';
import { armFixtures } from './arm/fixtures';
import { deterministicFile, deterministicSha256, sha256Hex } from './prng';
import { signalWireVoiceFixtures } from './signalwire/voiceFixtures';

/** Deterministic UUID (v4 layout) so fixture ids are stable across restarts and printable by the CLI. */
export function fixtureUuid(label: string): string {
	const h = createHash('sha256').update(`fixture:${label}`).digest('hex');
	const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

// ---------------------------------------------------------------------------------------------
// File-type magic headers: fixture bytes start like real files so type sniffers agree with Content-Type.
const MAGIC = {
	jpeg: Buffer.from('ffd8ffe000104a46494600010101004800480000', 'hex'),
	png: Buffer.from('89504e470d0a1a0a0000000d49484452000000100000001008060000001ff3ff61', 'hex'),
	gif: Buffer.from('GIF89a', 'latin1'),
	pdf: Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'),
	ogg: Buffer.from('OggS\x00\x02\x00\x00\x00\x00\x00\x00\x00\x00', 'latin1'),
	mp4: Buffer.from('00000018667479706d7034320000000069736f6d6d703432', 'hex'),
	zip: Buffer.from('504b0304140000000800', 'hex'),
	text: Buffer.from('root:x:0:0:root:/root:/bin/sh\n', 'latin1'),
};

export interface FileFixture {
	size: number;
	sha256: string;
	bytes: Buffer;
}

function file(label: string, size: number, magic: Buffer): FileFixture {
	const bytes = deterministicFile(label, size, magic);
	return { size, sha256: sha256Hex(bytes), bytes };
}

// ---------------------------------------------------------------------------------------------
// ACS Advanced Messaging media

export interface AcsMediaFixture extends FileFixture {
	id: string;
	contentType: string;
	/** The decoded file name the Content-Disposition header carries, if any. */
	fileName?: string;
	contentDisposition?: string;
}

export interface AcsLargeMediaFixture {
	id: string;
	contentType: string;
	fileName: string;
	contentDisposition: string;
	size: number;
	/** Streams the content once to hash it (cached). */
	sha256: () => Promise<string>;
}

const LARGE_MEDIA_LABEL = 'acs-large-media';
export const GENERATED_MEDIA_PREFIX = 'generated-';
/** Generated media larger than this are refused, so a typo cannot stream forever. */
export const MAX_GENERATED_BYTES = 8 * 1024 ** 3;
const GENERATED_LABEL = 'generated-media';

function acsMedia(
	id: string,
	contentType: string,
	size: number,
	magic: Buffer,
	disposition?: { header: string; fileName: string },
): AcsMediaFixture {
	return {
		id,
		contentType,
		...file(`acs-media:${id}`, size, magic),
		...(disposition
			? { fileName: disposition.fileName, contentDisposition: disposition.header }
			: {}),
	};
}

export function largeMediaStreamParams(size: number): {
	label: string;
	length: number;
	prefix: Buffer;
} {
	return { label: LARGE_MEDIA_LABEL, length: size, prefix: MAGIC.zip };
}

export function generatedMediaStreamParams(size: number): { label: string; length: number } {
	return { label: GENERATED_LABEL, length: size };
}

/** SHA-256 (hex) of the large-media fixture of `bytes` bytes; streamed once, then cached. */
export function largeMediaSha256(bytes: number): Promise<string> {
	const p = largeMediaStreamParams(bytes);
	return deterministicSha256(p.label, p.length, p.prefix);
}

/** SHA-256 (hex) of `generated-<bytes>` media; streamed once, then cached. */
export function generatedMediaSha256(bytes: number): Promise<string> {
	return deterministicSha256(GENERATED_LABEL, bytes);
}

// ---------------------------------------------------------------------------------------------
// ACS identities, chat, calls

export const ACS_RESOURCE_ID = 'c8f4b1e2-3a5d-4e6f-9a7b-1c2d3e4f5a6b';
const acsUser = (guid: string) => `8:acs:${ACS_RESOURCE_ID}_${guid}`;

export interface CommunicationIdentifierModel {
	rawId: string;
	communicationUser: { id: string };
}

export interface ChatParticipantModel {
	communicationIdentifier: CommunicationIdentifierModel;
	displayName?: string;
	shareHistoryTime?: string;
}

export interface ChatAttachmentModel {
	id: string;
	attachmentType: 'image' | 'file';
	name?: string;
	url?: string;
	previewUrl?: string;
}

/** ChatMessage exactly as the REST API returns it (api-version 2025-03-15). */
export interface ChatMessageModel {
	id: string;
	type: 'text' | 'html' | 'topicUpdated' | 'participantAdded' | 'participantRemoved';
	sequenceId: string;
	version: string;
	content?: {
		message?: string;
		topic?: string;
		participants?: ChatParticipantModel[];
		attachments?: ChatAttachmentModel[];
		initiatorCommunicationIdentifier?: CommunicationIdentifierModel;
	};
	senderDisplayName?: string;
	createdOn: string;
	senderCommunicationIdentifier?: CommunicationIdentifierModel;
	deletedOn?: string;
	editedOn?: string;
	metadata?: Record<string, string>;
}

export interface ChatThreadFixture {
	id: string;
	participants: string[];
	/** Oldest first; the API lists newest first. */
	messages: ChatMessageModel[];
	/** When set, the first list page's nextLink points at this origin instead of the emulator. */
	nextLinkOrigin?: string;
}

function identifier(id: string): CommunicationIdentifierModel {
	return { rawId: id, communicationUser: { id } };
}

interface ChatBuildContext {
	url: string;
	users: { member: string; alice: string; bob: string };
}

function attachmentFor(
	ctx: ChatBuildContext,
	threadId: string,
	attachmentId: string,
): ChatAttachmentModel {
	const base = `${ctx.url}/chat/threads/${encodeURIComponent(threadId)}/images/${attachmentId}/views`;
	return {
		id: attachmentId,
		attachmentType: 'image',
		name: `${attachmentId}.png`,
		url: `${base}/original?api-version=2025-03-15`,
		previewUrl: `${base}/small?api-version=2025-03-15`,
	};
}

function bigThreadMessages(
	ctx: ChatBuildContext,
	threadId: string,
	count: number,
): ChatMessageModel[] {
	const start = Date.parse('2025-01-06T09:00:00.000Z');
	const messages: ChatMessageModel[] = [];
	for (let i = 0; i < count; i++) {
		const created = start + i * 37 * 60_000 + (i % 5) * 1_013;
		const sender = i % 2 === 0 ? ctx.users.member : ctx.users.alice;
		const base = {
			id: String(created),
			sequenceId: String(i + 1),
			version: String(created),
			createdOn: new Date(created).toISOString(),
		};
		if (i === 0 || i % 100 === 60) {
			messages.push({
				...base,
				type: 'topicUpdated',
				content: {
					topic: `Topic revision ${i}`,
					initiatorCommunicationIdentifier: identifier(ctx.users.alice),
				},
			});
			continue;
		}
		if (i === 1 || i % 50 === 49) {
			const removed = i % 100 === 99;
			messages.push({
				...base,
				type: removed ? 'participantRemoved' : 'participantAdded',
				content: {
					participants: [
						{
							communicationIdentifier: identifier(ctx.users.bob),
							displayName: 'Bob Example',
							shareHistoryTime: new Date(start).toISOString(),
						},
					],
					initiatorCommunicationIdentifier: identifier(ctx.users.alice),
				},
			});
			continue;
		}
		const html = i % 7 === 3 || i % 13 === 6;
		const message: ChatMessageModel = {
			...base,
			type: html ? 'html' : 'text',
			content: {
				message: html ? `<p>Message <b>${i}</b></p>` : `Message ${i}: the quick brown fox`,
			},
			senderDisplayName: sender === ctx.users.member ? 'Emu Tester' : 'Alice Example',
			senderCommunicationIdentifier: identifier(sender),
		};
		if (i % 13 === 6)
			message.content = {
				...message.content,
				attachments: [attachmentFor(ctx, threadId, `img-${i}`)],
			};
		if (i % 9 === 2) message.metadata = { priority: 'high', ticket: `T-${i}` };
		if (i % 11 === 5) {
			const edited = created + 90_000;
			message.editedOn = new Date(edited).toISOString();
			message.version = String(edited);
		}
		if (i % 17 === 8) {
			// Deleted messages keep their envelope but lose their content.
			const deleted = created + 120_000;
			message.deletedOn = new Date(deleted).toISOString();
			message.version = String(deleted);
			delete message.content;
		}
		messages.push(message);
	}
	return messages;
}

function smallThreadMessages(ctx: ChatBuildContext, threadId: string): ChatMessageModel[] {
	const at = (iso: string) => ({
		id: String(Date.parse(iso)),
		version: String(Date.parse(iso)),
		createdOn: new Date(iso).toISOString(),
	});
	return [
		{
			...at('2025-02-03T08:00:00.000Z'),
			sequenceId: '1',
			type: 'topicUpdated',
			content: {
				topic: 'Support case 42',
				initiatorCommunicationIdentifier: identifier(ctx.users.alice),
			},
		},
		{
			...at('2025-02-03T08:00:01.000Z'),
			sequenceId: '2',
			type: 'participantAdded',
			content: {
				participants: [
					{
						communicationIdentifier: identifier(ctx.users.member),
						displayName: 'Emu Tester',
						shareHistoryTime: '1970-01-01T00:00:00.000Z',
					},
				],
				initiatorCommunicationIdentifier: identifier(ctx.users.alice),
			},
		},
		{
			...at('2025-02-03T08:01:00.000Z'),
			sequenceId: '3',
			type: 'text',
			content: { message: "Let's head out for lunch in 15 minutes." },
			senderDisplayName: 'Alice Example',
			senderCommunicationIdentifier: identifier(ctx.users.alice),
			metadata: { someKey1: 'someValue1', someKey2: 'someValue2' },
		},
		{
			...at('2025-02-03T08:02:00.000Z'),
			sequenceId: '4',
			type: 'html',
			content: {
				message: '<p>See the <b>photo</b> ✓</p>',
				attachments: [attachmentFor(ctx, threadId, 'img-small-1')],
			},
			senderDisplayName: 'Emu Tester',
			senderCommunicationIdentifier: identifier(ctx.users.member),
		},
		{
			...at('2025-02-03T08:03:00.000Z'),
			version: String(Date.parse('2025-02-03T08:10:00.000Z')),
			sequenceId: '5',
			type: 'text',
			content: { message: 'Edited: make it 20 minutes 🍕' },
			senderDisplayName: 'Alice Example',
			senderCommunicationIdentifier: identifier(ctx.users.alice),
			editedOn: '2025-02-03T08:10:00.000Z',
		},
	];
}

// ---------------------------------------------------------------------------------------------
// SignalWire message media

export type SwDelivery =
	/** 200 with the bytes from the API host. */
	| 'direct'
	/** 200 with the bytes, but only the generic application/octet-stream as Content-Type. */
	| 'untyped'
	/** 302 to the file host. */
	| 'redirect302'
	/** 307 to the file host. */
	| 'redirect307'
	/** 302 to the file host, which requires the project's Basic credentials ("Media URL Protection"). */
	| 'protected'
	/** 302 to the foreign host (must never receive credentials). */
	| 'foreign';

export interface SwMediaFixture extends FileFixture {
	sid: string;
	messageSid: string;
	contentType: string;
	delivery: SwDelivery;
	/** RFC 2822, as the API renders date_created/date_updated. */
	dateCreated: string;
	createdAt: Date;
}

export interface SwMessageFixture {
	sid: string;
	status: 'delivered' | 'received' | 'queued';
	mediaSids: string[];
}

/** A message of the project as the emulator keeps it (rendered as the Message JSON on the way out). */
export interface SwMessageRecord {
	sid: string;
	from: string;
	to: string;
	body: string;
	status: 'queued' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';
	direction: 'inbound' | 'outbound-api';
	numMedia: number;
	createdAt: Date;
}

export function rfc2822(date: Date): string {
	return date.toUTCString().replace('GMT', '+0000');
}

const SW_TYPES: Array<[string, Buffer]> = [
	['image/jpeg', MAGIC.jpeg],
	['image/png', MAGIC.png],
	['image/gif', MAGIC.gif],
];

function swMedia(
	messageSid: string,
	label: string,
	contentType: string,
	magic: Buffer,
	size: number,
	delivery: SwDelivery,
	createdAt: Date,
): SwMediaFixture {
	const sid = fixtureUuid(`sw-media:${label}`);
	return {
		sid,
		messageSid,
		contentType,
		delivery,
		createdAt,
		dateCreated: rfc2822(createdAt),
		...file(`sw-media:${sid}`, size, magic),
	};
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// ACS Advanced Messaging (WhatsApp)

/** A WhatsApp template as GET …/templates returns it (api-version 2024-08-30). */
export interface WhatsAppTemplateModel {
	name: string;
	language: string;
	status: 'approved' | 'rejected' | 'pending' | 'paused';
	kind: 'whatsApp';
	content: unknown[];
}

function whatsAppFixtures() {
	const channelRegistrationId = fixtureUuid('whatsapp-channel:main');
	const templates: WhatsAppTemplateModel[] = [
		{
			name: 'sample_shipping_confirmation',
			language: 'en_US',
			status: 'approved',
			kind: 'whatsApp',
			content: [
				{
					type: 'BODY',
					text: 'Your package has been shipped. It will be delivered in {{1}} business days.',
				},
				{ type: 'FOOTER', text: 'This message is from an unverified business.' },
			],
		},
		{
			name: 'sample_movie_ticket_confirmation',
			language: 'en_US',
			status: 'approved',
			kind: 'whatsApp',
			content: [
				{ type: 'HEADER', format: 'IMAGE' },
				{
					type: 'BODY',
					text: 'Your ticket for *{{1}}*\n*Time* - {{2}}\n*Venue* - {{3}}\n*Seats* - {{4}}',
				},
			],
		},
		{
			name: 'sample_issue_resolution',
			language: 'en_US',
			status: 'approved',
			kind: 'whatsApp',
			content: [
				{ type: 'BODY', text: 'Hi {{1}}, were we able to solve the issue that you were facing?' },
				{
					type: 'BUTTONS',
					buttons: [
						{ type: 'QUICK_REPLY', text: 'Yes' },
						{ type: 'QUICK_REPLY', text: 'No' },
					],
				},
			],
		},
		{
			name: 'sample_purchase_feedback',
			language: 'en_US',
			status: 'approved',
			kind: 'whatsApp',
			content: [
				{ type: 'HEADER', format: 'IMAGE' },
				{ type: 'BODY', text: 'Thank you for purchasing {{1}}! We value your feedback.' },
				{
					type: 'BUTTONS',
					buttons: [{ type: 'URL', text: 'Take Survey', url: 'https://www.example.com/{{1}}' }],
				},
			],
		},
		{
			name: 'sample_shipping_confirmation',
			language: 'es',
			status: 'approved',
			kind: 'whatsApp',
			content: [
				{ type: 'BODY', text: 'Su paquete ha sido enviado. Llegará en {{1}} días hábiles.' },
			],
		},
		{
			name: 'spring_sale',
			language: 'en_US',
			status: 'rejected',
			kind: 'whatsApp',
			content: [{ type: 'BODY', text: 'Our spring sale starts now!' }],
		},
		{
			name: 'appointment_reminder',
			language: 'en_US',
			status: 'pending',
			kind: 'whatsApp',
			content: [{ type: 'BODY', text: 'Reminder: your appointment is on {{1}}.' }],
		},
	];
	// Enough further templates for several pages.
	for (let i = 1; i <= 18; i++) {
		templates.push({
			name: `order_update_${String(i).padStart(2, '0')}`,
			language: 'en_US',
			status: 'approved',
			kind: 'whatsApp',
			content: [{ type: 'BODY', text: `Order update ${i}: {{1}}` }],
		});
	}
	return {
		channelRegistrationId,
		/** A channel id the resource does not have: sends and template lists answer 404. */
		unknownChannelRegistrationId: fixtureUuid('whatsapp-channel:unknown'),
		templates,
		customers: {
			/** Wrote to the business an hour ago: inside the 24-hour window, any message kind goes. */
			recent: '+14255550101',
			/** Last wrote three days ago: only templates go. */
			idle: '+14255550102',
		},
		/** When each customer last wrote; numbers not listed never wrote. */
		lastInboundAgoMs: {
			'+14255550101': 60 * 60 * 1000,
			'+14255550102': 3 * 24 * 60 * 60 * 1000,
		} as Record<string, number>,
	};
}

export interface FixtureOptions {
	url: string;
	foreignHostUrl: string;
	largeMediaBytes: number;
}

/** A number as GET /phoneNumbers returns it (api-version 2022-12-01 and later). */
export interface PurchasedPhoneNumber {
	id: string;
	phoneNumber: string;
	countryCode: string;
	phoneNumberType: 'geographic' | 'tollFree';
	assignmentType: 'application';
	capabilities: { calling: PhoneCapability; sms: PhoneCapability };
	purchaseDate: string;
	cost: { amount: number; currencyCode: string; billingFrequency: 'monthly' };
}
type PhoneCapability = 'none' | 'inbound' | 'outbound' | 'inbound+outbound';

function phoneNumberInventory(owned: string[]): PurchasedPhoneNumber[] {
	const kinds: Array<PurchasedPhoneNumber['capabilities']> = [
		{ calling: 'inbound+outbound', sms: 'none' },
		{ calling: 'none', sms: 'inbound+outbound' },
		{ calling: 'inbound', sms: 'inbound' },
	];
	const numbers = [...owned];
	for (let i = 0; i < 128; i++) numbers.push(`+1833203${String(i).padStart(4, '0')}`);
	return numbers.map((phoneNumber, index) => ({
		id: phoneNumber.slice(1),
		phoneNumber,
		countryCode: 'US',
		phoneNumberType: 'tollFree',
		assignmentType: 'application',
		capabilities:
			index < owned.length
				? { calling: 'inbound+outbound', sms: 'inbound+outbound' }
				: kinds[index % kinds.length]!,
		purchaseDate: new Date(Date.UTC(2026, 0, 1 + (index % 28))).toISOString(),
		cost: { amount: 2, currencyCode: 'USD', billingFrequency: 'monthly' },
	}));
}

export function buildFixtures(options: FixtureOptions) {
	const users = {
		/** Participant of the big, small and foreign-nextLink threads; the identity the tests sign in as. */
		member: acsUser('0e59221d-0c1d-46ae-9544-c963ce56c10b'),
		/** Well-formed ACS user that is a participant of no thread except `private`. */
		outsider: acsUser('7f3a9c10-2b4d-4e8f-a1c2-d3e4f5061728'),
		alice: acsUser('1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9'),
		bob: acsUser('2c3d4e5f-6071-4829-93a4-b5c6d7e8f90a'),
	};
	const chatCtx: ChatBuildContext = { url: options.url, users };
	const threadIds = {
		big: '19:acsemuBigThread0000000000000001@thread.v2',
		small: '19:acsemuSmallThread00000000000002@thread.v2',
		/** Its first list page's nextLink points at foreignHostUrl (credential-leak test). */
		foreignNextLink: '19:acsemuForeignNextLink0000000003@thread.v2',
		/** `member` is NOT a participant: 403 for member, 200 for outsider. */
		private: '19:acsemuPrivateThread000000000004@thread.v2',
		unknown: '19:acsemuNoSuchThread0000000000099@thread.v2',
	};
	const threads: ChatThreadFixture[] = [
		{
			id: threadIds.big,
			participants: [users.member, users.alice],
			messages: bigThreadMessages(chatCtx, threadIds.big, 260),
		},
		{
			id: threadIds.small,
			participants: [users.member, users.alice],
			messages: smallThreadMessages(chatCtx, threadIds.small),
		},
		{
			id: threadIds.foreignNextLink,
			participants: [users.member, users.alice],
			messages: bigThreadMessages(chatCtx, threadIds.foreignNextLink, 3),
			nextLinkOrigin: options.foreignHostUrl,
		},
		{
			id: threadIds.private,
			participants: [users.outsider, users.alice],
			messages: smallThreadMessages(chatCtx, threadIds.private),
		},
	];

	const acsMediaFixtures = {
		jpeg: acsMedia('d19e68ec-bdd6-4a50-8dfb-cbb1642df6ab', 'image/jpeg', 24_576, MAGIC.jpeg, {
			header: 'attachment; filename="photo.jpg"',
			fileName: 'photo.jpg',
		}),
		png: acsMedia('4a7f0c1e-9b2d-4c3e-8f5a-6b7c8d9e0f1a', 'image/png', 8_192, MAGIC.png),
		pdf: acsMedia('0c2b9f1d-7e3a-4b5c-9d6e-8f7a6b5c4d3e', 'application/pdf', 40_000, MAGIC.pdf, {
			header: `attachment; filename="EUR rates.pdf"; filename*=UTF-8''%E2%82%AC%20rates.pdf`,
			fileName: '€ rates.pdf',
		}),
		/** WhatsApp voice notes carry a codecs parameter and no file name. */
		ogg: acsMedia(
			'5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9',
			'audio/ogg; codecs=opus',
			12_000,
			MAGIC.ogg,
		),
		mp4: acsMedia('9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', 'video/mp4', 65_536, MAGIC.mp4, {
			header: 'attachment; filename="clip.mp4"',
			fileName: 'clip.mp4',
		}),
		/** A hostile file name: clients must not use it as a path. */
		unsafeFileName: acsMedia(
			'2f3e4d5c-6b7a-4890-a1b2-c3d4e5f60718',
			'text/plain',
			2_048,
			MAGIC.text,
			{
				header: 'attachment; filename="../../etc/passwd"',
				fileName: '../../etc/passwd',
			},
		),
	};
	const large: AcsLargeMediaFixture = {
		id: '7d1c2b3a-4e5f-4061-8273-94a5b6c7d8e9',
		contentType: 'application/zip',
		fileName: 'archive.zip',
		contentDisposition: 'attachment; filename="archive.zip"',
		size: options.largeMediaBytes,
		sha256: () => largeMediaSha256(options.largeMediaBytes),
	};

	const sw = buildSignalWireFixtures();

	return {
		acs: {
			resourceId: ACS_RESOURCE_ID,
			whatsApp: whatsAppFixtures(),
			users,
			media: acsMediaFixtures,
			largeMedia: large,
			/** `generated-<bytes>` streams that many deterministic application/octet-stream bytes. */
			generatedMediaPrefix: GENERATED_MEDIA_PREFIX,
			unknownMediaId: '00000000-dead-4bad-8bad-000000000000',
			chat: {
				threadIds,
				threads,
				bigThreadMessageCount: 260,
				/** Message ids in the small thread by role. */
				smallThread: {
					topicUpdatedId: threads[1]!.messages[0]!.id,
					participantAddedId: threads[1]!.messages[1]!.id,
					textId: threads[1]!.messages[2]!.id,
					htmlWithAttachmentId: threads[1]!.messages[3]!.id,
					editedId: threads[1]!.messages[4]!.id,
				},
				unknownMessageId: '1111111111111',
			},
			/** Phone numbers of the ACS resource: valid caller IDs (sourceCallerIdNumber); incoming calls ring `main`. */
			phoneNumbers: { main: '+18332020100', second: '+18332020101' },
			/**
			 * Every number GET /phoneNumbers lists (main and second first, able to do everything), more than
			 * one page of 100: the others in turn calling only, SMS only, and inbound only.
			 */
			phoneNumberInventory: phoneNumberInventory(['+18332020100', '+18332020101']),
			/** SMS (`POST /sms`): senders are `phoneNumbers.main`/`.second` and `alphanumericSenderId`. */
			sms: {
				/** The resource's alphanumeric sender ID, a valid `from`. */
				alphanumericSenderId: 'CONTOSO',
				/** Refused inside the 202: httpStatusCode 400, "Invalid To phone number format.". */
				invalidRecipient: '+15550009999',
				/** Opted out of every sender at start (resetFixtures restores it): refused inside the 202, 400. */
				optedOutRecipient: '+15550008888',
				/** A customer that texts the resource (eventgrid-sms-received `from`). */
				customer: '+14255550123',
				/** Well-formed, not a number of the resource: refused as `from` (401). */
				notOwnedNumber: '+14255550199',
			},
			/** Email (`POST /emails:send`): senders must be on `domain`, the resource's verified domain. */
			email: {
				domain: 'contoso.example',
				senderAddress: 'DoNotReply@contoso.example',
				/** An email with this recipient ends Failed (EmailDropped) instead of Succeeded. */
				failedRecipient: 'bounce@fabrikam.example',
				/** The recipient of eventgrid-email-delivery-report by default. */
				customer: 'customer@fabrikam.example',
			},
			calls: {
				/**
				 * Connected calls (caller `callerPhoneNumber` on `phoneNumbers.main`, plus the ACS user
				 * `users.alice`), with Cognitive Services; active and second were answered with media
				 * streaming options, noStreaming without (start streaming → 405/8522).
				 */
				activeCallConnectionId: '18dea47f-b081-4107-9a5c-4300819d2c6c',
				secondCallConnectionId: '401f3500-62bd-46a0-a2a6-8c1c6dd9d4c5',
				noStreamingCallConnectionId: '5b0c7d2e-8f14-4a36-9b57-0c1d2e3f4a5b',
				unknownCallConnectionId: 'aaaaaaaa-0000-4000-8000-000000000000',
				/** The phone caller of the fixture calls and, by default, of incoming calls. */
				callerPhoneNumber: '+14255550100',
				/** Well-formed, not a number of the resource: refused as caller ID. */
				notOwnedPhoneNumber: '+14255550199',
			},
		},
		signalwire: sw,
		/** Azure Resource Manager: subscriptions and ACS resources (see emulator/arm/fixtures.ts). */
		arm: armFixtures(options.url, ACS_RESOURCE_ID),
	};
}

function buildSignalWireFixtures() {
	const messageSids = {
		/** 125 media over 5 days (25 per day, 2025-03-01..05), all delivered directly. */
		many: fixtureUuid('sw-message:many'),
		/** One media per delivery kind (direct, 302, 307, protected, foreign). */
		small: fixtureUuid('sw-message:small'),
		/** Status queued: deleting its media answers 422 / 20009. */
		inProgress: fixtureUuid('sw-message:in-progress'),
		/** Unknown to the emulator: lists are empty, Media/{sid} is 404. */
		unknown: fixtureUuid('sw-message:unknown'),
	};
	const many: SwMediaFixture[] = [];
	for (let i = 0; i < 125; i++) {
		const day = Math.floor(i / 25);
		const createdAt = new Date(Date.UTC(2025, 2, 1 + day, 8, 0, 0) + (i % 25) * 17 * 60_000);
		const [type, magic] = SW_TYPES[i % SW_TYPES.length]!;
		many.push(
			swMedia(
				messageSids.many,
				`many-${i}`,
				type,
				magic,
				1_024 + ((i * 97) % 3_000),
				'direct',
				createdAt,
			),
		);
	}
	const smallAt = (minute: number) => new Date(Date.UTC(2025, 3, 2, 14, minute, 5));
	const small = {
		direct: swMedia(
			messageSids.small,
			'small-direct',
			'image/jpeg',
			MAGIC.jpeg,
			20_000,
			'direct',
			smallAt(0),
		),
		redirect302: swMedia(
			messageSids.small,
			'small-302',
			'image/png',
			MAGIC.png,
			15_000,
			'redirect302',
			smallAt(1),
		),
		redirect307: swMedia(
			messageSids.small,
			'small-307',
			'application/pdf',
			MAGIC.pdf,
			30_000,
			'redirect307',
			smallAt(2),
		),
		protected: swMedia(
			messageSids.small,
			'small-protected',
			'image/jpeg',
			MAGIC.jpeg,
			10_000,
			'protected',
			smallAt(3),
		),
		foreign: swMedia(
			messageSids.small,
			'small-foreign',
			'image/gif',
			MAGIC.gif,
			5_000,
			'foreign',
			smallAt(4),
		),
		untyped: swMedia(
			messageSids.small,
			'small-untyped',
			'image/png',
			MAGIC.png,
			3_000,
			'untyped',
			smallAt(5),
		),
	};
	const inProgress = swMedia(
		messageSids.inProgress,
		'in-progress',
		'image/jpeg',
		MAGIC.jpeg,
		4_096,
		'direct',
		smallAt(10),
	);
	const messages: SwMessageFixture[] = [
		{ sid: messageSids.many, status: 'received', mediaSids: many.map((m) => m.sid) },
		{
			sid: messageSids.small,
			status: 'delivered',
			mediaSids: Object.values(small).map((m) => m.sid),
		},
		{ sid: messageSids.inProgress, status: 'queued', mediaSids: [inProgress.sid] },
	];
	const numbers = {
		/** The number the SignalWire Trigger registers itself on (IncomingPhoneNumbers). */
		main: '+15550001111',
		project: '+15551234567',
		secondProject: '+15551234568',
		customer: '+15557654321',
		/** A landline: 21606. */
		landline: '+15557650000',
		/** Replied STOP: 21610. */
		optedOut: '+15557650001',
		/** Well-formed, not a number of the project: 21210 as From. */
		notOwned: '+15559990000',
		/** Numbers of the project with one capability: a sender picker lists each for one use only. */
		smsOnly: '+15551234570',
		voiceOnly: '+15551234569',
	};
	const record = (
		sid: string,
		inbound: boolean,
		status: SwMessageRecord['status'],
		numMedia: number,
		createdAt: Date,
		body: string,
		other = numbers.customer,
		own = numbers.project,
	): SwMessageRecord => ({
		sid,
		from: inbound ? other : own,
		to: inbound ? own : other,
		body,
		status,
		direction: inbound ? 'inbound' : 'outbound-api',
		numMedia,
		createdAt,
	});
	/** 60 messages on 2025-05-01..03 (20 a day), alternating direction, two customers, two own numbers. */
	const history: SwMessageRecord[] = Array.from({ length: 60 }, (_, i) =>
		record(
			fixtureUuid(`sw-message:history-${i}`),
			i % 2 === 0,
			i % 2 === 0 ? 'received' : i % 10 === 9 ? 'failed' : 'delivered',
			0,
			new Date(Date.UTC(2025, 4, 1 + Math.floor(i / 20), 9, (i % 20) * 3, 0)),
			`History message ${i}`,
			i % 3 === 0 ? numbers.landline : numbers.customer,
			i % 4 < 2 ? numbers.project : numbers.secondProject,
		),
	);
	const records = [
		...history,
		record(messageSids.many, true, 'received', many.length, new Date(Date.UTC(2025, 2, 1, 8)), ''),
		record(
			messageSids.small,
			false,
			'delivered',
			Object.keys(small).length,
			smallAt(0),
			'Photos attached',
		),
		record(messageSids.inProgress, false, 'queued', 1, smallAt(10), 'On its way'),
	];
	const incomingNumbers: SwNumberFixture[] = [
		{
			sid: fixtureUuid('sw-number:main'),
			phoneNumber: numbers.main,
			friendlyName: 'Emulator main number',
			smsUrl: 'https://example.com/previous-sms-handler',
			smsMethod: 'GET',
			capabilities: { voice: true, sms: true, mms: true, fax: false },
			voiceUrl: 'https://example.com/previous-voice-handler',
			voiceMethod: 'GET',
			statusCallback: 'https://example.com/previous-call-status',
			statusCallbackMethod: 'POST',
		},
		...(
			[
				['project', numbers.project, 'Support line', { voice: true, sms: true, mms: true }],
				[
					'second-project',
					numbers.secondProject,
					'Sales line',
					{ voice: true, sms: true, mms: true },
				],
				['sms-only', numbers.smsOnly, 'Text-only line', { voice: false, sms: true, mms: true }],
				['voice-only', numbers.voiceOnly, 'Voice hotline', { voice: true, sms: false, mms: false }],
			] as const
		).map(([label, phoneNumber, friendlyName, capabilities]) => ({
			sid: fixtureUuid(`sw-number:${label}`),
			phoneNumber,
			friendlyName,
			smsUrl: '',
			smsMethod: 'POST',
			voiceUrl: '',
			voiceMethod: 'POST',
			statusCallback: '',
			statusCallbackMethod: 'POST',
			capabilities: { ...capabilities, fax: false },
		})),
	];
	return {
		/** Numbers of the project (valid From), and recipients the service refuses. */
		numbers,
		/** Every message of the project, for get, list and delete. */
		messageRecords: records,
		messageSids,
		messages,
		/** IncomingPhoneNumbers of the project; the main number starts with an SmsUrl (GET), a VoiceUrl (GET) and a StatusCallback of its own. */
		incomingNumbers,
		mainNumber: incomingNumbers[0]!,
		media: { small, inProgress, many },
		unknownMediaSid: fixtureUuid('sw-media:unknown'),
		manyMediaCount: many.length,
		allMedia: [...many, ...Object.values(small), inProgress],
		/** Voice: the project's call history and recordings, and voice-only destinations. */
		voice: signalWireVoiceFixtures(numbers),
	};
}

export type Fixtures = ReturnType<typeof buildFixtures>;

export interface SwNumberFixture {
	sid: string;
	phoneNumber: string;
	friendlyName: string;
	smsUrl: string;
	smsMethod: string;
	capabilities: { voice: boolean; sms: boolean; mms: boolean; fax: boolean };
	voiceUrl: string;
	voiceMethod: string;
	statusCallback: string;
	statusCallbackMethod: string;
}
