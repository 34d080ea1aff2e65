import { createTestContext, type AcsAuth, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
	t.emulator.faults.clear();
});

const chat = () => t.emulator.fixtures.acs.chat;
const member = () => t.emulator.fixtures.acs.users.member;
const operation = (name: string, extra: Record<string, unknown> = {}) => ({
	resource: 'chatMessage',
	operation: name,
	chatUserId: member(),
	chatThreadId: chat().threadIds.small,
	...extra,
});
const requestsTo = (endpoint: string) =>
	t.emulator.requests().filter((r) => r.endpoint === endpoint);

describe('chatMessage/send (Chat Send Chat Message)', () => {
	it.each(['accessKey', 'oAuth2', 'userAccessToken'] as AcsAuth[])(
		'posts the message as the chat user and returns its id (%s)',
		async (auth) => {
			const result = await t.runAcs(
				auth,
				operation('send', {
					content: '<b>Order shipped</b>',
					options: {
						senderDisplayName: 'Order bot',
						type: 'html',
						metadata: { entry: [{ key: 'orderId', value: '42' }] },
					},
				}),
			);
			expect(result.error).toBeUndefined();
			const [sent] = t.emulator.outbox();
			expect(result.items.map((item) => item.json)).toEqual([
				{ id: sent.id, chatThreadId: chat().threadIds.small },
			]);
			const [request] = requestsTo('acs.chat.message.send');
			expect(request.path).toBe(
				`/chat/threads/${encodeURIComponent(chat().threadIds.small)}/messages`,
			);
			expect(JSON.parse(request.body.toString())).toEqual({
				content: '<b>Order shipped</b>',
				senderDisplayName: 'Order bot',
				type: 'html',
				metadata: { orderId: '42' },
			});
			expect(String(request.headers.authorization)).toMatch(/^Bearer /);
		},
	);

	it('sends the message the chat can then get', async () => {
		const sent = await t.runAcs('accessKey', operation('send', { content: 'hello' }));
		const id = sent.items[0].json.id as string;
		const got = await t.runAcs('accessKey', operation('get', { chatMessageId: id }));
		expect(got.items[0].json).toMatchObject({ id, type: 'text', content: { message: 'hello' } });
	});

	it('does not repeat a send whose response was lost, and says the message may have been posted', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.chat.message.send', kind: 'truncate' });
		const result = await t.runAcs('accessKey', operation('send', { content: 'once' }));
		expect(result.error).toBeDefined();
		expect(result.error!.description).toMatch(
			/may have reached the service, so it was not repeated: the message may or may not have been posted/,
		);
		expect(requestsTo('acs.chat.message.send')).toHaveLength(1);
		expect(t.emulator.outbox()).toHaveLength(1);
	});

	it('reports a thread the user is not in', async () => {
		const result = await t.runAcs(
			'accessKey',
			operation('send', { chatThreadId: chat().threadIds.private, content: 'hi' }),
		);
		expect(result.error).toMatchObject({ httpCode: '403' });
	});

	it('refuses content over 28 KB before sending', async () => {
		const result = await t.runAcs(
			'accessKey',
			operation('send', { content: 'é'.repeat(15 * 1024) }),
		);
		expect(result.error!.message).toBe(
			'Content is too long (30720 bytes; a chat message holds at most 28672 bytes, 28 KB)',
		);
		expect(t.emulator.requests()).toEqual([]);
	});
});

describe('chatMessage/update and delete', () => {
	const sendOne = async (content = 'draft') => {
		const result = await t.runAcs('accessKey', operation('send', { content }));
		return result.items[0].json.id as string;
	};

	it('updates content and metadata with a merge patch', async () => {
		const id = await sendOne();
		const result = await t.runAcs(
			'accessKey',
			operation('update', {
				chatMessageId: id,
				updateFields: { content: 'final', metadata: { entry: [{ key: 'k', value: 'v' }] } },
			}),
		);
		expect(result.items[0].json).toEqual({
			id,
			chatThreadId: chat().threadIds.small,
			updated: true,
		});
		const [request] = requestsTo('acs.chat.message.update');
		expect(request.method).toBe('PATCH');
		expect(request.headers['content-type']).toBe('application/merge-patch+json');
		expect(JSON.parse(request.body.toString())).toEqual({ content: 'final', metadata: { k: 'v' } });
		const got = await t.runAcs('accessKey', operation('get', { chatMessageId: id }));
		expect(got.items[0].json).toMatchObject({
			content: { message: 'final' },
			metadata: { k: 'v' },
		});
		expect(got.items[0].json.editedOn).toEqual(expect.any(String));
	});

	it('deletes a message', async () => {
		const id = await sendOne();
		const result = await t.runAcs('userAccessToken', operation('delete', { chatMessageId: id }));
		expect(result.items[0].json).toEqual({
			id,
			chatThreadId: chat().threadIds.small,
			deleted: true,
		});
		expect(requestsTo('acs.chat.message.delete')[0].method).toBe('DELETE');
		const got = await t.runAcs('accessKey', operation('get', { chatMessageId: id }));
		expect(got.items[0].json.deletedOn).toEqual(expect.any(String));
	});

	it('reports a message of someone else (403) and an unknown message (404)', async () => {
		const others = chat().threads[1].messages.find(
			(message) => message.senderCommunicationIdentifier?.rawId !== member(),
		)!;
		const forbidden = await t.runAcs(
			'accessKey',
			operation('delete', { chatMessageId: others.id }),
		);
		expect(forbidden.error).toMatchObject({ httpCode: '403' });
		const missing = await t.runAcs(
			'accessKey',
			operation('update', {
				chatMessageId: chat().unknownMessageId,
				updateFields: { content: 'x' },
			}),
		);
		expect(missing.error).toMatchObject({ httpCode: '404' });
	});

	it('refuses an update with nothing to change, before sending', async () => {
		const result = await t.runAcs('accessKey', operation('update', { chatMessageId: '1' }));
		expect(result.error!.message).toBe('Nothing to update');
		expect(t.emulator.requests()).toEqual([]);
	});
});
