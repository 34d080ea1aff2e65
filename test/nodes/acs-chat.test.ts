import { createTestContext, pairedIndexes, type AcsAuth, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => t.emulator.resetCounters());

const chat = () => t.emulator.fixtures.acs.chat;
const member = () => t.emulator.fixtures.acs.users.member;
const thread = (id: string) => chat().threads.find((candidate) => candidate.id === id)!;
const getMessage = (threadId: string, messageId: string, extra: Record<string, unknown> = {}) => ({
	resource: 'chatMessage',
	operation: 'get',
	chatUserId: member(),
	chatThreadId: threadId,
	chatMessageId: messageId,
	...extra,
});
const listMessages = (threadId: string, extra: Record<string, unknown> = {}) => ({
	resource: 'chatMessage',
	operation: 'getAll',
	chatUserId: member(),
	chatThreadId: threadId,
	...extra,
});

describe('chatMessage/get (Chat Get Chat Message)', () => {
	// Getting a message with every field, with each authentication, is the acs-chat-messages
	// example workflows, in examples.test.ts.

	it('issues one chat token per user and credential, and reuses it across items and runs', async () => {
		const { small } = chat().threadIds;
		const ids = thread(small).messages.map((message) => message.id);
		const items = Array.from({ length: 40 }, (_, index) => ({ id: ids[index % ids.length] }));
		const freshCredential = {
			type: 'azureCommunicationServicesApi',
			ref: t.harness.addCredential('azureCommunicationServicesApi', {
				endpoint: t.emulator.url,
				accessKey: t.emulator.acs.accessKey,
			}),
		};
		for (let run = 0; run < 3; run++) {
			const result = await t.runAcs('accessKey', getMessage(small, '={{ $json.id }}'), {
				items,
				credential: freshCredential,
			});
			expect(result.items).toHaveLength(40);
			expect(result.items.map((item) => item.json.id)).toEqual(items.map((item) => item.id));
		}
		expect(t.emulator.counts()['acs.identity.issueAccessToken']).toBe(1);

		const otherCredential = {
			type: 'azureCommunicationServicesApi',
			ref: t.harness.addCredential('azureCommunicationServicesApi', {
				endpoint: t.emulator.url,
				accessKey: t.emulator.acs.accessKey,
			}),
		};
		await t.runAcs('accessKey', getMessage(small, ids[0]), { credential: otherCredential });
		expect(t.emulator.counts()['acs.identity.issueAccessToken']).toBe(2);
		const issue = t.emulator
			.requests()
			.find((r) => r.endpoint === 'acs.identity.issueAccessToken')!;
		expect(issue.path).toBe(`/identities/${encodeURIComponent(member())}/:issueAccessToken`);
		expect(JSON.parse(issue.body.toString())).toEqual({ scopes: ['chat'], expiresInMinutes: 60 });
	});

	it('reads a Chat User ID given by an expression per item, and a fixed one once per run', async () => {
		const { small } = chat().threadIds;
		const alice = t.emulator.fixtures.acs.users.alice;
		const ids = thread(small).messages.map((message) => message.id);
		const items = Array.from({ length: 6 }, (_, index) => ({
			id: ids[index % ids.length],
			user: index % 2 ? alice : member(),
		}));
		const credential = {
			type: 'azureCommunicationServicesApi',
			ref: t.harness.addCredential('azureCommunicationServicesApi', {
				endpoint: t.emulator.url,
				accessKey: t.emulator.acs.accessKey,
			}),
		};
		const perItem = await t.runAcs(
			'accessKey',
			getMessage(small, '={{ $json.id }}', { chatUserId: '={{ $json.user }}' }),
			{ items, credential },
		);
		expect(perItem.error).toBeUndefined();
		const issued = t.emulator
			.requests()
			.filter((r) => r.endpoint === 'acs.identity.issueAccessToken')
			.map((r) => decodeURIComponent(r.path.split('/')[2]));
		expect(issued.sort()).toEqual([alice, member()].sort());

		const fixed = await t.runAcs('accessKey', getMessage(small, '={{ $json.id }}'), {
			items,
			credential,
		});
		expect(fixed.items.map((item) => item.json.id)).toEqual(items.map((item) => item.id));
		expect(t.emulator.counts()['acs.identity.issueAccessToken']).toBe(2);
	});

	it('reports a message that does not exist, and a thread the user is not in', async () => {
		const missing = await t.runAcs(
			'accessKey',
			getMessage(chat().threadIds.small, chat().unknownMessageId),
		);
		expect(missing.error).toMatchObject({ httpCode: '404' });
		expect(missing.error!.message).toMatch(/^Azure Communication Services returned 404 NotFound/);
		const forbidden = await t.runAcs('accessKey', getMessage(chat().threadIds.private, '1'));
		expect(forbidden.error).toMatchObject({ httpCode: '403' });
		expect(forbidden.error!.description).toMatch(/participant/);
	});

	it('says when a pasted user token expired, before sending anything', async () => {
		const expiresAt = new Date(Date.now() - 60_000);
		const expired = t.emulator.issueUserToken(member(), { expiresAt }).token;
		const credential = {
			type: 'azureCommunicationServicesUserTokenApi',
			ref: t.harness.addCredential('azureCommunicationServicesUserTokenApi', {
				endpoint: t.emulator.url,
				accessToken: expired,
			}),
		};
		const result = await t.runAcs('userAccessToken', getMessage(chat().threadIds.small, '1'), {
			credential,
		});
		expect(result.error?.message).toContain(
			`The user access token expired at ${new Date(Math.floor(expiresAt.getTime() / 1000) * 1000).toISOString()}`,
		);
		expect(JSON.stringify(result.error)).not.toContain(expired);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it.each([
		[{ chatUserId: 'not-a-user' }, 'Chat User ID "not-a-user" is not an ACS user ID'],
		[{ chatUserId: '={{ "" }}' }, 'Chat User ID is empty'],
		[{ chatThreadId: '={{ "  " }}' }, 'Chat Thread ID is empty'],
		[{ chatMessageId: '={{ ["1"] }}' }, 'Chat Message ID must be text, but it is a list'],
	])('refuses %p before sending anything', async (override, message) => {
		const result = await t.runAcs('accessKey', {
			...getMessage(chat().threadIds.small, '1'),
			...override,
		});
		expect(result.error?.message).toBe(message);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('accepts a numeric message id from an expression', async () => {
		const { small } = chat().threadIds;
		const id = chat().smallThread.textId;
		const result = await t.runAcs('accessKey', getMessage(small, `={{ ${Number(id)} }}`));
		expect(result.items[0].json.id).toBe(id);
	});
});

describe('chatMessage/getAll', () => {
	it.each<AcsAuth>(['accessKey', 'userAccessToken'])(
		'returns every message of a thread across pages, with %s',
		async (auth) => {
			const { big } = chat().threadIds;
			const result = await t.runAcs(
				auth,
				listMessages(big, { returnAll: true, options: { maxPageSize: 100 } }),
			);
			expect(result.error).toBeUndefined();
			const expected = [...thread(big).messages].sort(
				(a, b) => Date.parse(b.createdOn) - Date.parse(a.createdOn),
			);
			expect(result.items.map((item) => item.json)).toEqual(JSON.parse(JSON.stringify(expected)));
			expect(t.emulator.counts()['acs.chat.message.list']).toBe(3);
			expect(new Set(pairedIndexes(result.items))).toEqual(new Set([0]));
		},
	);

	it('stops at the limit without fetching pages it does not need', async () => {
		const result = await t.runAcs('accessKey', listMessages(chat().threadIds.big, { limit: 30 }));
		expect(result.items).toHaveLength(30);
		expect(t.emulator.counts()['acs.chat.message.list']).toBe(1);
		expect(
			t.emulator.requests().find((r) => r.endpoint === 'acs.chat.message.list')!.query,
		).toContain('maxPageSize=30');
	});

	it('filters by start time', async () => {
		const { big } = chat().threadIds;
		const sorted = [...thread(big).messages].sort(
			(a, b) => Date.parse(a.createdOn) - Date.parse(b.createdOn),
		);
		const startTime = sorted[200].createdOn;
		const result = await t.runAcs(
			'accessKey',
			listMessages(big, { returnAll: true, options: { startTime } }),
		);
		expect(result.items.length).toBe(
			sorted.filter((m) => Date.parse(m.createdOn) >= Date.parse(startTime)).length,
		);
		expect(t.emulator.requests()[1]?.query ?? t.emulator.requests()[0].query).toContain(
			`startTime=${encodeURIComponent(new Date(startTime).toISOString())}`,
		);
	});

	it('does not send the chat token to a nextLink on another host', async () => {
		const result = await t.runAcs(
			'accessKey',
			listMessages(chat().threadIds.foreignNextLink, {
				returnAll: true,
				options: { maxPageSize: 1 },
			}),
		);
		expect(result.error?.message).toMatch(
			/The next page link points to http:\/\/127\.0\.0\.1:\d+, but the credential is for/,
		);
		expect(t.emulator.counts()['foreign.get'] ?? 0).toBe(0);
	});
});
