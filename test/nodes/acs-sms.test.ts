import { createTestContext, pairedIndexes, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
	t.emulator.faults.clear();
});

const acs = () => t.emulator.fixtures.acs;
const send = (extra: Record<string, unknown> = {}) => ({
	resource: 'sms',
	operation: 'send',
	from: acs().phoneNumbers.main,
	to: `${acs().sms.customer}, +14255550124`,
	message: 'Your order has shipped.',
	...extra,
});
const requestsTo = (endpoint: string) =>
	t.emulator.requests().filter((r) => r.endpoint === endpoint);
const sendRequests = () => requestsTo('acs.sms.send');
const bodyOf = (index = 0) =>
	JSON.parse(sendRequests()[index].body.toString()) as {
		from: string;
		smsRecipients: Array<Record<string, string>>;
		message: string;
		smsSendOptions: Record<string, unknown>;
	};
const smsOutbox = () => t.emulator.outbox().filter((m) => m.service === 'sms');

describe('sms/send (Send SMS)', () => {
	it.each(['accessKey', 'oAuth2'] as const)(
		'sends to every recipient and returns one item per recipient (%s)',
		async (auth) => {
			const result = await t.runAcs(auth, send());
			expect(result.error).toBeUndefined();
			const outbox = smsOutbox();
			expect(outbox.map((m) => m.to)).toEqual([acs().sms.customer, '+14255550124']);
			expect(result.items.map((item) => item.json)).toEqual(
				outbox.map((m) => ({
					to: m.to,
					messageId: m.id,
					successful: true,
					httpStatusCode: 202,
					repeatabilityResult: 'accepted',
				})),
			);
			expect(pairedIndexes(result.items)).toEqual([0, 0]);
			const [request] = sendRequests();
			expect(request.method).toBe('POST');
			expect(request.path).toBe('/sms');
			expect(new URLSearchParams(request.query).get('api-version')).toBe('2026-01-23');
			const body = bodyOf();
			expect(Object.keys(body)).toEqual(['from', 'smsRecipients', 'message', 'smsSendOptions']);
			expect(body).toMatchObject({
				from: acs().phoneNumbers.main,
				message: 'Your order has shipped.',
				smsSendOptions: { enableDeliveryReport: false },
			});
			expect(body.smsRecipients.map((r) => r.to)).toEqual([acs().sms.customer, '+14255550124']);
			for (const recipient of body.smsRecipients) {
				expect(Object.keys(recipient)).toEqual([
					'to',
					'repeatabilityRequestId',
					'repeatabilityFirstSent',
				]);
				expect(recipient.repeatabilityRequestId).toMatch(
					/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
				);
				expect(recipient.repeatabilityFirstSent).toMatch(/ GMT$/);
			}
			expect(new Set(body.smsRecipients.map((r) => r.repeatabilityRequestId)).size).toBe(2);
		},
	);

	it('sends from the alphanumeric sender ID with the options, and reads a list from an expression', async () => {
		const result = await t.runAcs(
			'accessKey',
			send({
				from: acs().sms.alphanumericSenderId,
				to: '={{ $json.numbers }}',
				options: {
					enableDeliveryReport: true,
					tag: 'order-42',
					deliveryReportTimeoutInSeconds: 600,
				},
			}),
			{ items: [{ numbers: [acs().sms.customer] }] },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(1);
		expect(bodyOf()).toMatchObject({
			from: 'CONTOSO',
			smsSendOptions: {
				enableDeliveryReport: true,
				tag: 'order-42',
				deliveryReportTimeoutInSeconds: 600,
			},
		});
	});

	it('stops with the refused recipients named, and says the others were sent', async () => {
		const to = `${acs().sms.customer}; ${acs().sms.invalidRecipient}\n${acs().sms.optedOutRecipient}`;
		const result = await t.runAcs('accessKey', send({ to }));
		const [sent] = smsOutbox();
		expect(smsOutbox()).toHaveLength(1);
		expect(result.error!.message).toMatch(
			new RegExp(
				`^SMS refused for 2 of 3 recipient\\(s\\): \\${acs().sms.invalidRecipient} \\(.+\\), \\${acs().sms.optedOutRecipient} \\(.+\\)$`,
			),
		);
		expect(result.error!.description).toContain(
			`WERE sent the message, so do not send it to them again: ${acs().sms.customer} (message ID ${sent.id})`,
		);
	});

	it('emits the refused recipients as items with Continue On Fail', async () => {
		const to = `${acs().sms.customer},${acs().sms.invalidRecipient}`;
		const result = await t.runAcs('accessKey', send({ to }), { continueOnFail: true });
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([
			expect.objectContaining({ to: acs().sms.customer, successful: true, httpStatusCode: 202 }),
			expect.objectContaining({
				to: acs().sms.invalidRecipient,
				messageId: null,
				successful: false,
				httpStatusCode: 400,
				errorMessage: expect.any(String),
			}),
		]);
	});

	it.each([
		['a number', () => acs().sms.notOwnedNumber],
		['a short code (5 or 6 digits, no +)', () => '12345'],
	])(
		'sends %s the resource does not own to ACS and reports the service error',
		async (_what, from) => {
			const result = await t.runAcs('accessKey', send({ from: from() }));
			expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '401' });
			expect(JSON.parse(t.emulator.requests()[0].body.toString('utf8')).from).toBe(from());
			expect(smsOutbox()).toHaveLength(0);
		},
	);

	it.each([
		['Message is empty', { message: '  ' }],
		['Message is too long (2049 characters; at most 2048)', { message: 'x'.repeat(2049) }],
		[
			'To has 101 phone numbers; at most 100 are allowed',
			{
				to: Array.from({ length: 101 }, (_, i) => `+1425555${String(i).padStart(4, '0')}`).join(
					',',
				),
			},
		],
		['To "4255550124" is not a phone number in E.164 form', { to: '+14255550123, 4255550124' }],
		['To is empty', { to: ' , ' }],
		[
			'From "CONTOSO-LTD" is neither a phone number in E.164 form, a short code nor an alphanumeric sender ID',
			{ from: 'CONTOSO-LTD' },
		],
		[
			'From "1234" is neither a phone number in E.164 form, a short code nor an alphanumeric sender ID',
			{ from: '1234' },
		],
		[
			'From "CONTOSOLTD12" is neither a phone number in E.164 form, a short code nor an alphanumeric sender ID',
			{ from: 'CONTOSOLTD12' },
		],
		[
			'Delivery Report Timeout (Seconds) must be a whole number from 60 to 43200, but it is 30',
			{ options: { deliveryReportTimeoutInSeconds: '={{ 30 }}' } },
		],
	])('refuses bad input before sending anything: %s', async (message, extra) => {
		const result = await t.runAcs('accessKey', send(extra));
		expect(result.error?.message).toBe(message);
		expect(sendRequests()).toHaveLength(0);
	});
});

describe('sms/getDeliveryReport (Get SMS delivery report)', () => {
	it('returns the report of a message sent with delivery reports on', async () => {
		await t.runAcs(
			'accessKey',
			send({ to: acs().sms.customer, options: { enableDeliveryReport: true, tag: 'order-42' } }),
		);
		const [sent] = smsOutbox();
		const result = await t.runAcs('oAuth2', {
			resource: 'sms',
			operation: 'getDeliveryReport',
			messageId: sent.id,
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			deliveryStatus: 'Delivered',
			messageId: sent.id,
			from: acs().phoneNumbers.main,
			to: acs().sms.customer,
			tag: 'order-42',
		});
		const [request] = requestsTo('acs.sms.deliveryReport');
		expect(request.path).toBe(`/deliveryReports/${encodeURIComponent(sent.id)}`);
	});

	it('explains a 404: reports exist only with delivery reports on', async () => {
		await t.runAcs('accessKey', send({ to: acs().sms.customer }));
		const [sent] = smsOutbox();
		const result = await t.runAcs('accessKey', {
			resource: 'sms',
			operation: 'getDeliveryReport',
			messageId: sent.id,
		});
		expect(result.error).toMatchObject({ httpCode: '404' });
		expect(result.error!.description).toMatch(/Delivery Report option on/);
	});
});

describe('sms opt-outs (Add, Check, Remove)', () => {
	const optOut = (operation: string, to: string) => ({
		resource: 'sms',
		operation,
		from: acs().phoneNumbers.main,
		to,
	});

	it('adds, checks and removes opt-outs, one item per recipient', async () => {
		const to = `${acs().sms.customer}, +14255550124`;
		const added = await t.runAcs('accessKey', optOut('addOptOut', to));
		expect(added.items.map((item) => item.json)).toEqual([
			{ to: acs().sms.customer, httpStatusCode: 200 },
			{ to: '+14255550124', httpStatusCode: 200 },
		]);
		expect(JSON.parse(requestsTo('acs.sms.optouts.add')[0].body.toString())).toEqual({
			from: acs().phoneNumbers.main,
			recipients: [{ to: acs().sms.customer }, { to: '+14255550124' }],
		});
		expect(requestsTo('acs.sms.optouts.add')[0].path).toBe('/sms/optouts:add');
		const checked = await t.runAcs('oAuth2', optOut('checkOptOut', to));
		expect(checked.items.map((item) => item.json.isOptedOut)).toEqual([true, true]);
		await t.runAcs('accessKey', optOut('removeOptOut', acs().sms.customer));
		const again = await t.runAcs('accessKey', optOut('checkOptOut', to));
		expect(again.items.map((item) => item.json)).toEqual([
			{ to: acs().sms.customer, httpStatusCode: 200, isOptedOut: false },
			{ to: '+14255550124', httpStatusCode: 200, isOptedOut: true },
		]);
	});

	it('refuses a bad recipient before sending anything', async () => {
		const result = await t.runAcs('accessKey', optOut('checkOptOut', 'nobody'));
		expect(result.error?.message).toBe('To "nobody" is not a phone number in E.164 form');
		expect(requestsTo('acs.sms.optouts.check')).toHaveLength(0);
	});
});
