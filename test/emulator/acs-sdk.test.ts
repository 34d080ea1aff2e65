/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { CallAutomationClient } from '@azure/communication-call-automation';
import { ChatClient } from '@azure/communication-chat';
import {
	AzureCommunicationTokenCredential,
	type CommunicationUserIdentifier,
} from '@azure/communication-common';
import { CommunicationIdentityClient } from '@azure/communication-identity';
import MessageClient, { isUnexpected } from '@azure-rest/communication-messages';
import type { Readable } from 'node:stream';
import { startEmulator, type Emulator } from '../../emulator';
import { loopbackTlsShim, sha256Hex } from './helpers';

/** The official SDKs are the oracles: if they succeed against the emulator, it verifies like ACS. */
let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator({ largeMediaBytes: 3 * 1024 * 1024 + 7 });
});
afterAll(() => emu.close());
beforeEach(() => emu.resetCounters());

// The SDKs refuse plain http unless told otherwise (core-rest-pipeline allowInsecureConnection).
const insecure = { allowInsecureConnection: true };

async function readAll(stream: Readable): Promise<Buffer> {
	const chunks: Buffer[] = [];
	for await (const chunk of stream) chunks.push(chunk as Buffer);
	return Buffer.concat(chunks);
}

describe('@azure/communication-identity (HMAC signing by the real SDK)', () => {
	test('issues a chat token for a fixture user', async () => {
		const client = new CommunicationIdentityClient(emu.acs.connectionString, insecure);
		const user: CommunicationUserIdentifier = {
			communicationUserId: emu.fixtures.acs.users.member,
		};
		const result = await client.getToken(user, ['chat'], { tokenExpiresInMinutes: 60 });
		expect(result.token.split('.')).toHaveLength(3);
		const payload = JSON.parse(
			Buffer.from(result.token.split('.')[1]!, 'base64url').toString(),
		) as Record<string, unknown>;
		expect(payload).toMatchObject({
			skypeid: emu.fixtures.acs.users.member.slice(2),
			scp: 1792,
			acsScope: 'chat',
			resourceId: emu.fixtures.acs.resourceId,
		});
		expect(result.expiresOn.getTime() - Date.now()).toBeGreaterThan(59 * 60_000);
		expect(emu.counts()['acs.identity.issueAccessToken']).toBe(1);
		const recorded = emu.requests()[0]!;
		expect(recorded.path).toBe(
			`/identities/${encodeURIComponent(emu.fixtures.acs.users.member)}/:issueAccessToken`,
		);
		expect(JSON.parse(recorded.body.toString())).toEqual({
			scopes: ['chat'],
			expiresInMinutes: 60,
		});
	});

	test('creates a user with a token (201)', async () => {
		const client = new CommunicationIdentityClient(emu.acs.connectionString, insecure);
		const { user, token } = await client.createUserAndToken(['chat', 'voip']);
		expect(user.communicationUserId).toMatch(
			new RegExp(`^8:acs:${emu.fixtures.acs.resourceId}_[0-9a-f-]{36}$`),
		);
		expect(token).toBeTruthy();
	});

	test('rejects expiresInMinutes outside 60..1440 with ValidationError', async () => {
		const client = new CommunicationIdentityClient(emu.acs.connectionString, insecure);
		await expect(
			client.getToken({ communicationUserId: emu.fixtures.acs.users.member }, ['chat'], {
				tokenExpiresInMinutes: 59,
			}),
		).rejects.toMatchObject({
			statusCode: 400,
			code: 'ValidationError',
		});
	});

	test('a wrong access key fails with 401', async () => {
		const wrongKey = Buffer.alloc(64, 7).toString('base64');
		const client = new CommunicationIdentityClient(`endpoint=${emu.url}/;accesskey=${wrongKey}`, {
			...insecure,
			retryOptions: { maxRetries: 0 },
		});
		await expect(
			client.getToken({ communicationUserId: emu.fixtures.acs.users.member }, ['chat']),
		).rejects.toMatchObject({ statusCode: 401 });
	});
});

describe('@azure/communication-call-automation', () => {
	test('start and stop media streaming (202) with the body recorded', async () => {
		const client = new CallAutomationClient(emu.acs.connectionString, insecure);
		const media = client
			.getCallConnection(emu.fixtures.acs.calls.activeCallConnectionId)
			.getCallMedia();
		await media.startMediaStreaming({
			operationContext: 'ctx-1',
			operationCallbackUrl: 'https://example.com/callbacks',
		});
		await media.stopMediaStreaming();
		expect(emu.counts()).toMatchObject({
			'acs.calling.startMediaStreaming': 1,
			'acs.calling.stopMediaStreaming': 1,
		});
		const [start, stop] = emu.requests();
		expect(start!.path).toBe(
			`/calling/callConnections/${emu.fixtures.acs.calls.activeCallConnectionId}:startMediaStreaming`,
		);
		expect(start!.status).toBe(202);
		expect(JSON.parse(start!.body.toString())).toEqual({
			operationCallbackUri: 'https://example.com/callbacks',
			operationContext: 'ctx-1',
		});
		expect(stop!.status).toBe(202);
	});

	test('unknown call connection is 404', async () => {
		const client = new CallAutomationClient(emu.acs.connectionString, insecure);
		const media = client
			.getCallConnection(emu.fixtures.acs.calls.unknownCallConnectionId)
			.getCallMedia();
		await expect(media.startMediaStreaming()).rejects.toMatchObject({ statusCode: 404 });
	});
});

describe('@azure-rest/communication-messages (Get Media)', () => {
	test('downloads a fixture with the real content type and disposition', async () => {
		const client = MessageClient(emu.acs.connectionString, insecure);
		const pdf = emu.fixtures.acs.media.pdf;
		const response = await client.path('/messages/streams/{id}', pdf.id).get().asNodeStream();
		expect(response.status).toBe('200');
		expect(response.headers['content-type']).toBe('application/pdf');
		expect(response.headers['content-disposition']).toBe(pdf.contentDisposition);
		expect(response.headers['transfer-encoding']).toBe('chunked');
		const bytes = await readAll(response.body as Readable);
		expect(sha256Hex(bytes)).toBe(pdf.sha256);
		expect(emu.requests()[0]!.query).toMatch(/^api-version=\d{4}-\d{2}-\d{2}/);
	});

	test('streams the large fixture and its hash matches', async () => {
		const client = MessageClient(emu.acs.connectionString, insecure);
		const large = emu.fixtures.acs.largeMedia;
		const response = await client.path('/messages/streams/{id}', large.id).get().asNodeStream();
		const bytes = await readAll(response.body as Readable);
		expect(bytes.length).toBe(large.size);
		expect(sha256Hex(bytes)).toBe(await large.sha256());
	});

	test('unknown media is 404 MediaNotFound', async () => {
		const client = MessageClient(emu.acs.connectionString, insecure);
		const response = await client
			.path('/messages/streams/{id}', emu.fixtures.acs.unknownMediaId)
			.get();
		expect(isUnexpected(response)).toBe(true);
		expect(response.status).toBe('404');
		expect(response.headers['x-ms-error-code']).toBe('MediaNotFound');
	});
});

describe('@azure/communication-chat (user token)', () => {
	function threadClient(threadId: string) {
		const token = emu.issueUserToken(emu.fixtures.acs.users.member);
		const client = new ChatClient(
			emu.url.replace('http:', 'https:'),
			new AzureCommunicationTokenCredential(token.token),
			loopbackTlsShim(),
		);
		return client.getChatThreadClient(threadId);
	}

	test('gets a message in the API shape', async () => {
		const { small, threadIds } = {
			small: emu.fixtures.acs.chat.smallThread,
			threadIds: emu.fixtures.acs.chat.threadIds,
		};
		const message = await threadClient(threadIds.small).getMessage(small.textId);
		expect(message).toMatchObject({
			id: small.textId,
			type: 'text',
			sequenceId: '3',
			content: { message: "Let's head out for lunch in 15 minutes." },
			metadata: { someKey1: 'someValue1' },
		});
		expect(message.sender).toEqual({
			kind: 'communicationUser',
			communicationUserId: emu.fixtures.acs.users.alice,
		});
		expect(message.createdOn).toBeInstanceOf(Date);
		expect(emu.requests()[0]!.path).toBe(
			`/chat/threads/${encodeURIComponent(threadIds.small)}/messages/${small.textId}`,
		);
	});

	test('lists all 260 messages newest first, following nextLink', async () => {
		const seen: string[] = [];
		for await (const m of threadClient(emu.fixtures.acs.chat.threadIds.big).listMessages({
			maxPageSize: 50,
		}))
			seen.push(m.sequenceId);
		expect(seen).toHaveLength(260);
		expect(seen[0]).toBe('260');
		expect(seen[259]).toBe('1');
		expect(emu.counts()['acs.chat.message.list']).toBe(6);
	});

	test('the official SDK follows a foreign nextLink with its token (the leak our nodes must avoid)', async () => {
		const items = [];
		for await (const m of threadClient(
			emu.fixtures.acs.chat.threadIds.foreignNextLink,
		).listMessages())
			items.push(m);
		expect(items).toHaveLength(3);
		const foreign = emu.requests().filter((r) => r.endpoint === 'foreign.get');
		expect(foreign).toHaveLength(1);
		expect(foreign[0]!.headers.authorization).toMatch(/^Bearer /);
	});

	test('a non-participant gets 403', async () => {
		await expect(
			threadClient(emu.fixtures.acs.chat.threadIds.private).getMessage('1'),
		).rejects.toMatchObject({ statusCode: 403 });
	});
});
