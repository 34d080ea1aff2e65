import { createTestContext, pairedIndexes, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
	t.emulator.faults.clear();
});

const whatsApp = () => t.emulator.fixtures.acs.whatsApp;
const send = (extra: Record<string, unknown> = {}) => ({
	resource: 'advancedMessage',
	operation: 'send',
	channelRegistrationId: whatsApp().channelRegistrationId,
	to: whatsApp().customers.recent,
	messageType: 'text',
	content: 'Thanks, we got your photo.',
	...extra,
});
const sendRequests = () => t.emulator.requests().filter((r) => r.endpoint === 'acs.messages.send');
const bodyOf = (index = 0) => JSON.parse(sendRequests()[index].body.toString()) as unknown;

describe('advancedMessage/send (Send WhatsApp message)', () => {
	it.each(['accessKey', 'oAuth2'] as const)(
		'sends a text and returns the receipt (%s)',
		async (auth) => {
			const result = await t.runAcs(auth, send());
			expect(result.error).toBeUndefined();
			const [outbox] = t.emulator.outbox();
			expect(result.items.map((item) => item.json)).toEqual([
				{
					messageId: outbox.id,
					to: whatsApp().customers.recent,
					status: 'accepted',
					repeatabilityResult: 'accepted',
				},
			]);
			const [request] = sendRequests();
			expect(request.path).toBe('/messages/notifications:send');
			expect(new URLSearchParams(request.query).get('api-version')).toBe('2024-08-30');
			expect(bodyOf()).toEqual({
				channelRegistrationId: whatsApp().channelRegistrationId,
				to: [whatsApp().customers.recent],
				kind: 'text',
				content: 'Thanks, we got your photo.',
			});
			expect(request.headers['repeatability-request-id']).toMatch(/^[0-9a-f-]{36}$/);
			expect(Date.parse(String(request.headers['repeatability-first-sent']))).not.toBeNaN();
		},
	);

	it.each([
		['image', { caption: 'Your ticket' }, { caption: 'Your ticket' }],
		[
			'document',
			{ caption: 'Invoice', fileName: 'invoice.pdf' },
			{ caption: 'Invoice', fileName: 'invoice.pdf' },
		],
		['video', {}, {}],
		['audio', { caption: 'ignored for audio' }, {}],
	])('sends %s media by URL', async (kind, parameters, expected) => {
		const mediaUrl = `https://example.com/files/a.${kind}`;
		const result = await t.runAcs(
			'accessKey',
			send({ messageType: kind, mediaUrl, ...parameters }),
		);
		expect(result.items[0].json.status).toBe('accepted');
		expect(bodyOf()).toEqual({
			channelRegistrationId: whatsApp().channelRegistrationId,
			to: [whatsApp().customers.recent],
			kind,
			mediaUri: mediaUrl,
			...expected,
		});
	});

	it('sends a template with body parameters, header media and both kinds of buttons', async () => {
		const result = await t.runAcs(
			'accessKey',
			send({
				to: whatsApp().customers.idle,
				messageType: 'template',
				templateName: 'sample_purchase_feedback',
				templateLanguage: 'en_US',
				templateParameters: {
					body: [{ name: 'product', text: 'Contoso headphones' }],
					headerMedia: [{ name: 'banner', kind: 'image', url: 'https://example.com/banner.jpg' }],
					quickReplyButton: [{ name: 'yes', payload: 'liked' }],
					urlButton: [{ name: 'survey', text: 'order-42' }],
				},
			}),
		);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('accepted');
		expect(bodyOf()).toEqual({
			channelRegistrationId: whatsApp().channelRegistrationId,
			to: [whatsApp().customers.idle],
			kind: 'template',
			template: {
				name: 'sample_purchase_feedback',
				language: 'en_US',
				values: [
					{ name: 'product', kind: 'text', text: 'Contoso headphones' },
					{ name: 'banner', kind: 'image', url: 'https://example.com/banner.jpg' },
					{ name: 'yes', kind: 'quickAction', payload: 'liked' },
					{ name: 'survey', kind: 'quickAction', text: 'order-42' },
				],
				bindings: {
					kind: 'whatsApp',
					header: [{ refValue: 'banner' }],
					body: [{ refValue: 'product' }],
					buttons: [
						{ subType: 'quickReply', refValue: 'yes' },
						{ subType: 'url', refValue: 'survey' },
					],
				},
			},
		});
	});

	it('sends a template without parameters as name and language only', async () => {
		await t.runAcs(
			'accessKey',
			send({
				messageType: 'template',
				templateName: 'sample_shipping_confirmation',
				templateLanguage: 'es',
			}),
		);
		expect(bodyOf()).toMatchObject({
			kind: 'template',
			template: { name: 'sample_shipping_confirmation', language: 'es' },
		});
		expect((bodyOf() as { template: object }).template).not.toHaveProperty('values');
	});

	it('refuses a free-form message outside the 24-hour window with the service error and a hint', async () => {
		const result = await t.runAcs('accessKey', send({ to: whatsApp().customers.idle }));
		expect(result.error).toMatchObject({ httpCode: '400' });
		expect(result.error!.message).toMatch(/^Azure Communication Services returned 400 131047: /);
		expect(result.error!.description).toMatch(/template/);
		expect(t.emulator.outbox()).toEqual([]);
	});

	it('reports an unknown channel with the service error', async () => {
		const result = await t.runAcs(
			'accessKey',
			send({ channelRegistrationId: whatsApp().unknownChannelRegistrationId }),
		);
		expect(result.error).toMatchObject({ httpCode: '404' });
		expect(result.error!.message).toMatch(/returned 404 NotFound/);
	});

	it('retries after a lost response with the same repeatability headers, and sends once', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.messages.send', kind: 'truncate' });
		t.emulator.faults.inject({ endpoint: 'acs.messages.send', kind: '500' });
		const result = await t.runAcs('accessKey', send());
		expect(result.error).toBeUndefined();
		const requests = sendRequests();
		expect(requests).toHaveLength(3);
		const ids = new Set(requests.map((r) => r.headers['repeatability-request-id']));
		const firstSent = new Set(requests.map((r) => r.headers['repeatability-first-sent']));
		expect(ids.size).toBe(1);
		expect(firstSent.size).toBe(1);
		expect(t.emulator.outbox()).toHaveLength(1);
		expect(result.items[0].json.messageId).toBe(t.emulator.outbox()[0].id);
	});

	it('says the message may have been sent when retries run out after a lost response', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.messages.send', kind: 'truncate' });
		t.emulator.faults.inject({
			endpoint: 'acs.messages.send',
			kind: '429',
			retryAfterMs: 10,
			count: 3,
		});
		const result = await t.runAcs('accessKey', send());
		expect(result.error!.message).toMatch(/returned 429 TooManyRequests: .* \(after 3 retries\)$/);
		expect(result.error!.description).toMatch(
			/An earlier attempt may have reached the service: the message may or may not have been sent\. Check before running it again\.$/,
		);
		expect(t.emulator.outbox()).toHaveLength(1);
	});

	it('gives every item its own repeatability ID, in input order', async () => {
		const items = [{ text: 'one' }, { text: 'two' }, { text: 'three' }];
		const result = await t.runAcs('accessKey', send({ content: '={{ $json.text }}' }), { items });
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2]);
		expect(new Set(sendRequests().map((r) => r.headers['repeatability-request-id'])).size).toBe(3);
		expect(t.emulator.outbox().map((m) => m.request.content)).toEqual(
			expect.arrayContaining(['one', 'two', 'three']),
		);
	});

	it('turns bad input into an error item and sends the others (Continue On Fail)', async () => {
		const items = [{ to: whatsApp().customers.recent }, { to: '555' }];
		const result = await t.runAcs('accessKey', send({ to: '={{ $json.to }}' }), {
			items,
			continueOnFail: true,
		});
		expect(result.items[0].json.status).toBe('accepted');
		expect(result.items[1].json.error).toBe('To "555" is not a phone number in E.164 form');
		expect(sendRequests()).toHaveLength(1);
	});
});

describe('advancedMessage/getTemplates (List WhatsApp templates)', () => {
	const getTemplates = (extra: Record<string, unknown> = {}) => ({
		resource: 'advancedMessage',
		operation: 'getTemplates',
		channelRegistrationId: whatsApp().channelRegistrationId,
		...extra,
	});

	it('returns every template over several pages, following nextLink', async () => {
		const result = await t.runAcs(
			'oAuth2',
			getTemplates({ returnAll: true, options: { maxpagesize: 4 } }),
		);
		expect(result.items.map((item) => item.json)).toEqual(whatsApp().templates);
		const requests = t.emulator
			.requests()
			.filter((r) => r.endpoint === 'acs.messages.templates.list');
		expect(requests).toHaveLength(Math.ceil(whatsApp().templates.length / 4));
		expect(requests[0].path).toBe(
			`/messages/channels/${whatsApp().channelRegistrationId}/templates`,
		);
		expect(new URLSearchParams(requests[0].query).get('maxpagesize')).toBe('4');
	});

	it('stops at the limit', async () => {
		const result = await t.runAcs('accessKey', getTemplates({ limit: 3 }));
		expect(result.items.map((item) => item.json.name)).toEqual(
			whatsApp()
				.templates.slice(0, 3)
				.map((template) => template.name),
		);
		expect(t.emulator.counts()['acs.messages.templates.list']).toBe(1);
	});

	it('reports an unknown channel', async () => {
		const result = await t.runAcs(
			'accessKey',
			getTemplates({ channelRegistrationId: whatsApp().unknownChannelRegistrationId }),
		);
		expect(result.error).toMatchObject({ httpCode: '404' });
	});
});
