import { createTestContext, pairedIndexes, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
	t.emulator.faults.clear();
});

const sw = () => t.emulator.fixtures.signalwire;
const accountPath = () => `/api/laml/2010-04-01/Accounts/${t.emulator.signalwire.projectId}`;
const op = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'message',
	operation,
	...extra,
});
const send = (extra: Record<string, unknown> = {}) =>
	op('send', {
		from: sw().numbers.project,
		to: sw().numbers.customer,
		body: 'Got it, thanks!',
		...extra,
	});
const requestsTo = (endpoint: string) =>
	t.emulator.requests().filter((r) => r.endpoint === endpoint);

describe('message/send (Send Message)', () => {
	it('sends an MMS form-encoded and returns the message resource', async () => {
		const mediaUrls = ['https://example.com/a.jpg', 'https://example.com/b.png'];
		const result = await t.runSignalWire(
			send({
				mediaUrls,
				options: { statusCallback: 'https://example.com/status', validityPeriod: 600 },
			}),
		);
		expect(result.error).toBeUndefined();
		const [sent] = t.emulator.outbox();
		expect(result.items[0].json).toMatchObject({
			sid: sent.id,
			from: sw().numbers.project,
			to: sw().numbers.customer,
			body: 'Got it, thanks!',
			num_media: 2,
			status: 'queued',
			direction: 'outbound-api',
			uri: `${accountPath()}/Messages/${sent.id}.json`,
		});
		const [request] = requestsTo('sw.message.create');
		expect(request.method).toBe('POST');
		expect(request.path).toBe(`${accountPath()}/Messages.json`);
		expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
		const fields: Array<[string, string]> = [
			['To', sw().numbers.customer],
			['From', sw().numbers.project],
			['Body', 'Got it, thanks!'],
			['MediaUrl', mediaUrls[0]],
			['MediaUrl', mediaUrls[1]],
			['StatusCallback', 'https://example.com/status'],
			['ValidityPeriod', '600'],
		];
		// Percent-encoded as the official client encodes it (a space is %20).
		expect(request.body.toString()).toBe(
			fields.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&'),
		);
		expect([...new URLSearchParams(request.body.toString())]).toEqual(fields);
	});

	it('sends media without a body', async () => {
		await t.runSignalWire(send({ body: '', mediaUrls: ['https://example.com/a.jpg'] }));
		expect(t.emulator.outbox()[0].request).toEqual({
			To: sw().numbers.customer,
			From: sw().numbers.project,
			MediaUrl: ['https://example.com/a.jpg'],
		});
	});

	it.each([
		['landline', 'landline', 21606, /mobile number/],
		['opted-out recipient', 'optedOut', 21610, /STOP/],
	] as const)('turns SignalWire error codes into hints (%s)', async (_, number, code, hint) => {
		const result = await t.runSignalWire(send({ to: sw().numbers[number] }));
		expect(result.error).toMatchObject({ httpCode: '400' });
		expect(result.error!.message).toMatch(new RegExp(`^SignalWire returned 400 ${code}: `));
		expect(result.error!.description).toMatch(hint);
	});

	it('reports a From number the project does not own (21210)', async () => {
		const result = await t.runSignalWire(send({ from: sw().numbers.notOwned }));
		expect(result.error!.message).toMatch(/^SignalWire returned 400 21210: /);
		expect(result.error!.description).toMatch(/one of your SignalWire phone numbers/);
	});

	it('does not repeat a send after a server error, and says the message may have been sent', async () => {
		t.emulator.faults.inject({ endpoint: 'sw.message.create', kind: '500' });
		const result = await t.runSignalWire(send());
		expect(result.error!.message).toMatch(/^SignalWire returned 500 /);
		expect(result.error!.description).toMatch(
			/may have reached the service, so it was not repeated: the message may or may not have been sent/,
		);
		expect(requestsTo('sw.message.create')).toHaveLength(1);
	});

	it('retries a send the service throttled (429 means it was not processed)', async () => {
		t.emulator.faults.inject({ endpoint: 'sw.message.create', kind: '429', retryAfterMs: 20 });
		const result = await t.runSignalWire(send());
		expect(result.error).toBeUndefined();
		expect(requestsTo('sw.message.create')).toHaveLength(2);
		expect(t.emulator.outbox()).toHaveLength(1);
	});
});

describe('message/get, getAll and delete', () => {
	it('gets a message', async () => {
		const result = await t.runSignalWire(op('get', { messageSid: sw().messageSids.small }));
		expect(result.items[0].json).toMatchObject({
			sid: sw().messageSids.small,
			status: 'delivered',
			num_media: 6,
		});
		expect(requestsTo('sw.message.get')[0].path).toBe(
			`${accountPath()}/Messages/${sw().messageSids.small}.json`,
		);
	});

	it('reports an unknown message', async () => {
		const result = await t.runSignalWire(op('get', { messageSid: sw().messageSids.unknown }));
		expect(result.error).toMatchObject({ httpCode: '404' });
	});

	it('lists every message over several pages, newest first, following next_page_uri', async () => {
		const result = await t.runSignalWire(
			op('getAll', { returnAll: true, options: { pageSize: 25 } }),
		);
		const all = sw().messageRecords;
		expect(result.items).toHaveLength(all.length);
		const dates = result.items.map((item) => Date.parse(String(item.json.date_created)));
		expect([...dates].sort((a, b) => b - a)).toEqual(dates);
		const requests = requestsTo('sw.message.list');
		expect(requests).toHaveLength(Math.ceil(all.length / 25));
		expect(new URLSearchParams(requests[1].query).get('PageToken')).toMatch(/^PA/);
	});

	it('filters by number, status and date sent', async () => {
		const result = await t.runSignalWire(
			op('getAll', {
				returnAll: true,
				filters: {
					to: sw().numbers.project,
					status: 'received',
					dateSentAfter: '2025-05-02T00:00:00Z',
					dateSentBefore: '2025-05-02T00:00:00Z',
				},
			}),
		);
		const expected = sw().messageRecords.filter(
			(m) =>
				m.to === sw().numbers.project &&
				m.status === 'received' &&
				m.createdAt.toISOString().startsWith('2025-05-02'),
		);
		expect(expected.length).toBeGreaterThan(0);
		expect(result.items.map((item) => item.json.sid).sort()).toEqual(
			expected.map((m) => m.sid).sort(),
		);
		const query = new URLSearchParams(requestsTo('sw.message.list')[0].query);
		expect(query.get('To')).toBe(sw().numbers.project);
		expect(query.get('Status')).toBe('received');
		expect(query.get('DateSent>')).toBe('2025-05-02');
		expect(query.get('DateSent<')).toBe('2025-05-02');
	});

	it('stops at the limit', async () => {
		const result = await t.runSignalWire(op('getAll', { limit: 7 }));
		expect(result.items).toHaveLength(7);
		expect(new URLSearchParams(requestsTo('sw.message.list')[0].query).get('PageSize')).toBe('7');
	});

	it('deletes messages and reports a queued one (20009) as a per-item error', async () => {
		const items = [{ sid: sw().messageRecords[1].sid }, { sid: sw().messageSids.inProgress }];
		const result = await t.runSignalWire(op('delete', { messageSid: '={{ $json.sid }}' }), {
			items,
			continueOnFail: true,
		});
		expect(pairedIndexes(result.items)).toEqual([0, 1]);
		expect(result.items[0].json).toEqual({ sid: items[0].sid, deleted: true });
		expect(result.items[1].json.error).toMatch(/^SignalWire returned 422 20009: /);
		const gone = await t.runSignalWire(op('get', { messageSid: items[0].sid }));
		expect(gone.error).toMatchObject({ httpCode: '404' });
	});
});
