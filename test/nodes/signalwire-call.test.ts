import { XMLParser, XMLValidator } from 'fast-xml-parser';

import { createTestContext, pairedIndexes, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
});

const FROM = () => t.emulator.fixtures.signalwire.numbers.project;
const TO = '+15557654321'; // numbers.customer
const HOOK = 'https://example.com/webhook/voice';
const HOSTILE = `Hi</Say><Hangup/><Dial>+15550000000</Dial> 'x' & "y" ]]> <Say>`;

const op = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'call',
	operation,
	...extra,
});
const create = (extra: Record<string, unknown> = {}) =>
	op('create', { from: FROM(), to: TO, answerWith: 'say', say: 'Hello', ...extra });

/** The form the node posted to create the call. */
function createForm(): URLSearchParams {
	const posts = t.emulator.requests().filter((request) => request.method === 'POST');
	expect(posts).toHaveLength(1);
	return new URLSearchParams(posts[0].body.toString('utf8'));
}

/** The verbs of a cXML document, as a real XML parser reads them (names and text, nested). */
function verbsOf(document: string): unknown[] {
	expect(XMLValidator.validate(document)).toBe(true);
	const parsed = new XMLParser({
		preserveOrder: true,
		ignoreAttributes: false,
		attributeNamePrefix: '',
		parseTagValue: false,
		trimValues: false,
	}).parse(document) as Array<Record<string, unknown>>;
	const simplify = (nodes: Array<Record<string, unknown>>): unknown[] =>
		nodes.map((node) => {
			const name = Object.keys(node).find((key) => key !== ':@')!;
			if (name === '#text') return node[name];
			const children = simplify(node[name] as Array<Record<string, unknown>>);
			return { [name]: children, ...(node[':@'] ? { attributes: node[':@'] } : {}) };
		});
	const [root] = simplify(parsed.filter((node) => !('?xml' in node))) as Array<
		Record<string, unknown>
	>;
	expect(Object.keys(root)).toContain('Response');
	return root.Response as unknown[];
}

describe('SignalWire call: bad input is refused before any request', () => {
	it.each([
		['To', { to: '12345' }],
		['To', { to: 'sip:nobody' }],
		['To', { to: '={{ "" }}' }],
		['From', { from: 'my number' }],
		['answer with nothing', { say: '  ' }],
		['Play URL', { say: '', playUrl: 'not a url' }],
		['Gather Action URL', { gather: 2, gatherAction: '' }],
		['Gather Digits', { gather: 2.5, gatherAction: HOOK }],
		['cXML', { answerWith: 'cxml', cxml: '={{ "" }}' }],
		['cXML', { answerWith: 'cxml', cxml: '<Response><Say>Tom & Jerry</Say></Response>' }],
		['cXML', { answerWith: 'cxml', cxml: '<Say>Hi</Say>' }],
		['cXML', { answerWith: 'cxml', cxml: '<Response><Say>Hi</Response>' }],
		['URL', { answerWith: 'url', url: 'ftp://example.com/voice' }],
		['URL', { answerWith: 'url', url: '={{ " " }}' }],
		['Status Callback', { options: { statusCallback: 'javascript:alert(1)' } }],
		['Status Callback Events', { options: { statusCallbackEvent: ['answered'] } }],
		[
			'Status Callback Events',
			{ options: { statusCallback: HOOK, statusCallbackEvent: 'hungup' } },
		],
		['Ring Timeout', { options: { ringTimeout: 0 } }],
		['Ring Timeout', { options: { ringTimeout: 601 } }],
		['Recording Status Callback', { options: { recordingStatusCallback: 'example.com/r' } }],
	])('create: %s (%j)', async (field, parameters) => {
		const result = await t.runSignalWire(create(parameters));
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toContain(field);
		expect(t.emulator.requests()).toHaveLength(0);
	});

	it.each([
		['get', { callSid: '={{ "" }}' }, 'Call SID'],
		['delete', { callSid: ' ' }, 'Call SID'],
		['update', { callSid: '={{ "a\\nb" }}', action: 'hangUp' }, 'Call SID'],
		[
			'update',
			{ callSid: 'CA1', action: 'redirect', redirectWith: 'cxml', cxml: '<Response>' },
			'cXML',
		],
		['update', { callSid: 'CA1', action: 'redirect', redirectWith: 'url', url: 'nope' }, 'URL'],
		['getAll', { filters: { to: '555' } }, 'Filters: To'],
		['getAll', { filters: { startedAfter: 'yesterday-ish' } }, 'Started After'],
	])('%s: %j names %s', async (operation, parameters, field) => {
		const result = await t.runSignalWire(op(operation, parameters));
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toContain(field);
		expect(t.emulator.requests()).toHaveLength(0);
	});

	it('refuses each bad item on its own with Continue On Fail, in input order', async () => {
		const result = await t.runSignalWire(create({ to: '={{ $json.to }}' }), {
			items: [{ to: 'not a number' }, { to: 'sip:' }],
			continueOnFail: true,
		});
		expect(pairedIndexes(result.items)).toEqual([0, 1]);
		for (const item of result.items) expect(String(item.json.error)).toContain('To');
		expect(t.emulator.requests()).toHaveLength(0);
	});
});

describe('SignalWire call/create: the cXML the node builds', () => {
	it('speaks user text with < & " \' as text only: no verb is injected', async () => {
		await t.runSignalWire(
			create({
				say: HOSTILE,
				voice: 'woman" loop="99',
				language: 'en-US',
				playUrl: `${HOOK}?a=1&b=<2>`,
			}),
		);
		expect(verbsOf(createForm().get('Twiml')!)).toEqual([
			{ Say: [HOSTILE], attributes: { voice: 'woman" loop="99', language: 'en-US' } },
			{ Play: [`${HOOK}?a=1&b=<2>`] },
			{ Hangup: [] },
		]);
	});

	it('gathers digits around the prompt and posts them to the action URL, then records', async () => {
		await t.runSignalWire(
			create({ say: 'Press 1 & 2', gather: 2, gatherAction: HOOK, record: true }),
		);
		expect(verbsOf(createForm().get('Twiml')!)).toEqual([
			{ Gather: [{ Say: ['Press 1 & 2'] }], attributes: { numDigits: '2', action: HOOK } },
			{ Record: [] },
			{ Hangup: [] },
		]);
	});

	it('sends a user-written cXML document as written, and nothing of the other answers', async () => {
		const cxml = '<?xml version="1.0"?><Response><Say>Hi &amp; bye</Say></Response>';
		await t.runSignalWire(create({ answerWith: 'cxml', cxml, url: HOOK }));
		const form = createForm();
		expect(form.get('Twiml')).toBe(cxml);
		expect(form.has('Url')).toBe(false);
	});

	it('sends a URL with its method and no Twiml', async () => {
		await t.runSignalWire(
			create({ answerWith: 'url', url: HOOK, method: 'GET', cxml: '<Response/>' }),
		);
		const form = createForm();
		expect([form.get('Url'), form.get('Method'), form.has('Twiml')]).toEqual([HOOK, 'GET', false]);
	});

	it('repeats StatusCallbackEvent once per event and sends the other options', async () => {
		await t.runSignalWire(
			create({
				to: 'sip:alice@example.sip.signalwire.com',
				options: {
					statusCallback: HOOK,
					statusCallbackEvent: ['initiated', 'answered', 'completed'],
					ringTimeout: 25,
					recordCall: true,
					recordingStatusCallback: `${HOOK}/recording`,
					machineDetection: 'DetectMessageEnd',
				},
			}),
		);
		const form = createForm();
		expect(form.get('To')).toBe('sip:alice@example.sip.signalwire.com');
		expect(form.getAll('StatusCallbackEvent')).toEqual(['initiated', 'answered', 'completed']);
		expect({
			StatusCallback: form.get('StatusCallback'),
			Timeout: form.get('Timeout'),
			Record: form.get('Record'),
			RecordingStatusCallback: form.get('RecordingStatusCallback'),
			MachineDetection: form.get('MachineDetection'),
		}).toEqual({
			StatusCallback: HOOK,
			Timeout: '25',
			Record: 'true',
			RecordingStatusCallback: `${HOOK}/recording`,
			MachineDetection: 'DetectMessageEnd',
		});
	});
});

describe('SignalWire call against the emulator', () => {
	const accountPath = () => `/api/laml/2010-04-01/Accounts/${t.emulator.signalwire.projectId}`;

	it('create: places one call and returns the call resource, queued', async () => {
		const result = await t.runSignalWire(create());
		expect(result.error).toBeUndefined();
		const [placed] = t.emulator.signalwire.calls();
		expect(t.emulator.signalwire.calls()).toHaveLength(1);
		expect(result.items[0].json).toMatchObject({
			sid: expect.any(String),
			to: TO,
			from: FROM(),
			status: 'queued',
		});
		expect(JSON.stringify(placed)).toContain(String(result.items[0].json.sid));
		expect(t.emulator.requests()[0].path).toBe(`${accountPath()}/Calls.json`);
		expect(t.emulator.counts()['signalwire.calls.create']).toBe(1);
	});

	it('create: a From that is not a project number is an API error with its code', async () => {
		const result = await t.runSignalWire(
			create({ from: t.emulator.fixtures.signalwire.numbers.notOwned }),
		);
		expect(result.error).toMatchObject({ name: 'NodeApiError' });
		expect(result.error!.message).toMatch(/^SignalWire returned 4\d\d 21210: /);
		expect(t.emulator.signalwire.calls()).toHaveLength(0);
		expect(t.emulator.counts()['signalwire.calls.create']).toBe(1);
	});

	it('get and getAll: the call as created, and the list filtered and paged by next_page_uri', async () => {
		const sids: string[] = [];
		for (let i = 0; i < 3; i++)
			sids.push(String((await t.runSignalWire(create({ say: `call ${i}` }))).items[0].json.sid));
		const got = await t.runSignalWire(op('get', { callSid: sids[1] }));
		expect(got.items[0].json).toMatchObject({ sid: sids[1], to: TO, from: FROM() });
		t.emulator.resetCounters();
		const all = await t.runSignalWire(
			op('getAll', {
				returnAll: true,
				filters: { to: TO, from: FROM() },
				options: { pageSize: 2 },
			}),
		);
		expect(all.error).toBeUndefined();
		expect(all.items.map((item) => item.json.sid).sort()).toEqual([...sids].sort());
		expect(t.emulator.counts()['signalwire.calls.list']).toBe(2);
		const query = new URLSearchParams(t.emulator.requests()[0].query);
		expect([query.get('To'), query.get('From'), query.get('PageSize')]).toEqual([TO, FROM(), '2']);
	});

	it('get: an unknown call is an API error 404 20404', async () => {
		const result = await t.runSignalWire(op('get', { callSid: 'CA-not-there' }));
		expect(result.error).toMatchObject({ httpCode: '404' });
		expect(result.error!.message).toMatch(/^SignalWire returned 404 20404: /);
	});

	it('update: hangs up, redirects, and a second hang-up changes nothing', async () => {
		const sid = String((await t.runSignalWire(create())).items[0].json.sid);
		const redirected = await t.runSignalWire(
			op('update', { callSid: sid, action: 'redirect', redirectWith: 'url', url: HOOK }),
		);
		const redirect = t.emulator
			.requests()
			.find((request) => request.method === 'POST' && request.path.endsWith(`/Calls/${sid}.json`));
		if (redirected.error) expect(redirected.error.message).toMatch(/21220|10000/);
		else expect(new URLSearchParams(redirect!.body.toString()).get('Url')).toBe(HOOK);
		const hungUp = await t.runSignalWire(op('update', { callSid: sid, action: 'hangUp' }));
		expect(hungUp.error).toBeUndefined();
		expect(['canceled', 'completed']).toContain(hungUp.items[0].json.status);
		t.emulator.resetCounters();
		const again = await t.runSignalWire(op('update', { callSid: sid, action: 'hangUp' }));
		expect(again.items[0].json.status).toBe(hungUp.items[0].json.status);
		expect(t.emulator.counts()['signalwire.calls.update'] ?? 0).toBe(0);
	});

	it('delete: refused while the call is live (20009), done once it has ended', async () => {
		const sid = String((await t.runSignalWire(create())).items[0].json.sid);
		const early = await t.runSignalWire(op('delete', { callSid: sid }));
		if (early.error) expect(early.error.message).toMatch(/^SignalWire returned \d{3} 20009: /);
		await t.runSignalWire(op('update', { callSid: sid, action: 'hangUp' }));
		const result = await t.runSignalWire(op('delete', { callSid: sid }));
		expect(result.items[0].json).toEqual({ sid, deleted: true });
		expect((await t.runSignalWire(op('get', { callSid: sid }))).error).toMatchObject({
			httpCode: '404',
		});
	});
});
