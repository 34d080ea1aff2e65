/* eslint-disable @n8n/community-nodes/no-restricted-globals -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import type { RecordedRequest } from '../../emulator';
import { createTestContext, pairedIndexes, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
	t.emulator.faults.clear();
	// Polls answer at once; the tests of the poll rate set it back.
	t.emulator.email.configure({ retryAfterSeconds: 0 });
});

const fixtures = () => t.emulator.fixtures.acs.email;
const send = (extra: Record<string, unknown> = {}) => ({
	resource: 'email',
	operation: 'send',
	senderAddress: fixtures().senderAddress,
	to: fixtures().customer,
	subject: 'Your order has shipped',
	plainText: 'It arrives on Monday.',
	...extra,
});
const requestsTo = (endpoint: string) =>
	t.emulator.requests().filter((r) => r.endpoint === endpoint);
const sendRequests = () => requestsTo('acs.email.send');
const pollRequests = () => requestsTo('acs.email.operation');
const bodyOf = (request: RecordedRequest = sendRequests()[0]) =>
	JSON.parse(request.body.toString()) as Record<string, unknown>;
const emailOutbox = () => t.emulator.outbox().filter((m) => m.service === 'email');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** How late the watcher below may notice a request (it looks every 2 ms; a busy event loop delays it). */
const ARRIVAL_ACCURACY_MS = 25;

/**
 * When each request reached the emulator, as seen from the test: the request log is looked at every
 * 2 ms while the node runs, and each new entry gets the time it was first seen.
 */
function watchArrivals() {
	const seen = new Map<RecordedRequest, number>();
	const look = () => {
		for (const request of t.emulator.requests())
			if (!seen.has(request)) seen.set(request, Date.now());
	};
	const timer = setInterval(look, 2);
	return {
		stop: () => {
			clearInterval(timer);
			look();
		},
		timeOf: (request: RecordedRequest) => seen.get(request)!,
	};
}

describe('email/send (Send Email)', () => {
	it.each(['accessKey', 'oAuth2'] as const)(
		'sends a text email, waits until it Succeeded, and returns its status (%s)',
		async (auth) => {
			const result = await t.runAcs(auth, send());
			expect(result.error).toBeUndefined();
			const [sent] = emailOutbox();
			expect(emailOutbox()).toHaveLength(1);
			expect(result.items.map((item) => item.json)).toEqual([{ id: sent.id, status: 'Succeeded' }]);
			expect(pairedIndexes(result.items)).toEqual([0]);
			const [request] = sendRequests();
			expect(request.method).toBe('POST');
			expect(request.path).toBe('/emails:send');
			expect(new URLSearchParams(request.query).get('api-version')).toBe('2025-09-01');
			expect(request.headers['operation-id']).toMatch(UUID);
			expect(request.headers['operation-id']).toBe(sent.id);
			expect(bodyOf()).toEqual({
				senderAddress: fixtures().senderAddress,
				content: { subject: 'Your order has shipped', plainText: 'It arrives on Monday.' },
				recipients: { to: [{ address: fixtures().customer }] },
			});
			// NotStarted, Running, Succeeded: one poll each, of this operation.
			expect(pollRequests().map((r) => r.path)).toEqual(
				Array.from({ length: 3 }, () => `/emails/operations/${sent.id}`),
			);
		},
	);

	it.each([
		['text', { plainText: 'Plain only.' }, { plainText: 'Plain only.' }],
		['html', { html: '<p>HTML only.</p>' }, { html: '<p>HTML only.</p>' }],
		[
			'both',
			{ plainText: 'Plain version.', html: '<p>HTML version.</p>' },
			{ plainText: 'Plain version.', html: '<p>HTML version.</p>' },
		],
	])('sends the %s format', async (emailFormat, fields, content) => {
		const result = await t.runAcs('accessKey', send({ emailFormat, plainText: '', ...fields }));
		expect(result.error).toBeUndefined();
		expect(bodyOf().content).toEqual({ subject: 'Your order has shipped', ...content });
	});

	it('sends only the body of the chosen format', async () => {
		await t.runAcs('accessKey', send({ emailFormat: 'html', html: '<p>Hi</p>' }));
		expect(bodyOf().content).toEqual({ subject: 'Your order has shipped', html: '<p>Hi</p>' });
	});

	it('sends CC, BCC, Reply To, display names, custom headers and the tracking flag', async () => {
		const result = await t.runAcs(
			'accessKey',
			send({
				to: `"Doe, Jane" <${fixtures().customer}>; Ops <ops@fabrikam.example>`,
				options: {
					cc: 'cc1@fabrikam.example,\nCarol <cc2@fabrikam.example>',
					bcc: '={{ $json.bcc }}',
					replyTo: 'Support <support@contoso.example>',
					headers: {
						header: [
							{ name: 'x-priority', value: '1' },
							{ name: 'x-order', value: '42' },
						],
					},
					userEngagementTrackingDisabled: true,
				},
			}),
			{
				items: [
					{
						bcc: [
							{ address: 'audit@contoso.example', displayName: 'Audit' },
							'log@contoso.example',
						],
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		const body = bodyOf();
		expect(Object.keys(body)).toEqual([
			'headers',
			'senderAddress',
			'content',
			'recipients',
			'replyTo',
			'userEngagementTrackingDisabled',
		]);
		expect(body).toEqual({
			headers: { 'x-priority': '1', 'x-order': '42' },
			senderAddress: fixtures().senderAddress,
			content: { subject: 'Your order has shipped', plainText: 'It arrives on Monday.' },
			recipients: {
				to: [
					{ address: fixtures().customer, displayName: 'Doe, Jane' },
					{ address: 'ops@fabrikam.example', displayName: 'Ops' },
				],
				cc: [
					{ address: 'cc1@fabrikam.example' },
					{ address: 'cc2@fabrikam.example', displayName: 'Carol' },
				],
				bcc: [
					{ address: 'audit@contoso.example', displayName: 'Audit' },
					{ address: 'log@contoso.example' },
				],
			},
			replyTo: [{ address: 'support@contoso.example', displayName: 'Support' }],
			userEngagementTrackingDisabled: true,
		});
	});

	const invoice = Buffer.from('%PDF-1.4 invoice 42\n');
	const logo = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);

	it('attaches files from binary fields: their content, file name and MIME type', async () => {
		const notes = Buffer.from('no file name on this one');
		const result = await t.runAcs(
			'accessKey',
			send({ options: { attachments: 'invoice, notes' } }),
			{
				items: [
					{
						json: {},
						binary: {
							invoice: { data: invoice, fileName: 'invoice-42.pdf', mimeType: 'application/pdf' },
							notes: { data: notes, mimeType: 'text/plain' },
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(bodyOf().attachments).toEqual([
			{
				name: 'invoice-42.pdf',
				contentType: 'application/pdf',
				contentInBase64: invoice.toString('base64'),
			},
			{ name: 'notes', contentType: 'text/plain', contentInBase64: notes.toString('base64') },
		]);
		const [sent] = emailOutbox();
		expect(
			(sent.request.attachments as Array<{ contentInBase64: string }>).map((a) =>
				Buffer.from(a.contentInBase64, 'base64'),
			),
		).toEqual([invoice, notes]);
	});

	it('sends an inline attachment with its content ID', async () => {
		const result = await t.runAcs(
			'accessKey',
			send({
				emailFormat: 'html',
				html: '<img src="cid:logo">',
				options: {
					attachments: 'invoice',
					inlineAttachments: { attachment: [{ binaryPropertyName: 'logo', contentId: 'logo' }] },
				},
			}),
			{
				items: [
					{
						json: {},
						binary: {
							invoice: { data: invoice, fileName: 'invoice.pdf', mimeType: 'application/pdf' },
							logo: { data: logo, fileName: 'logo.png', mimeType: 'image/png' },
						},
					},
				],
			},
		);
		expect(result.error).toBeUndefined();
		expect(bodyOf().attachments).toEqual([
			{
				name: 'invoice.pdf',
				contentType: 'application/pdf',
				contentInBase64: invoice.toString('base64'),
			},
			{
				name: 'logo.png',
				contentType: 'image/png',
				contentInBase64: logo.toString('base64'),
				contentId: 'logo',
			},
		]);
	});

	it('sends 7 MB of files (about 9.3 MB in base64), under the 10 MB limit', async () => {
		const file = Buffer.alloc(7 * 1024 * 1024, 7);
		const result = await t.runAcs('accessKey', send({ options: { attachments: 'data' } }), {
			items: [{ json: {}, binary: { data: { data: file, fileName: 'big.bin' } } }],
		});
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('Succeeded');
		expect(sendRequests()[0].body.length).toBeLessThanOrEqual(10 * 1024 * 1024);
	});

	it('polls no sooner than retry-after asks, until Succeeded after NotStarted and Running', async () => {
		t.emulator.email.configure({ retryAfterSeconds: 1 });
		const arrivals = watchArrivals();
		const result = await t.runAcs('accessKey', send()).finally(arrivals.stop);
		expect(result.error).toBeUndefined();
		expect(result.items[0].json.status).toBe('Succeeded');
		const requests = t.emulator.requests();
		expect(requests.map((r) => [r.endpoint, r.status])).toEqual([
			['acs.email.send', 202],
			['acs.email.operation', 200],
			['acs.email.operation', 200],
			['acs.email.operation', 200],
		]);
		const times = requests.map(arrivals.timeOf);
		for (const [i, time] of times.slice(1).entries())
			expect(time - times[i]).toBeGreaterThanOrEqual(1000 - ARRIVAL_ACCURACY_MS);
	});

	it('returns the status at once without waiting: Running, one request', async () => {
		const result = await t.runAcs('accessKey', send({ options: { waitForCompletion: false } }));
		expect(result.error).toBeUndefined();
		const [sent] = emailOutbox();
		expect(result.items.map((item) => item.json)).toEqual([{ id: sent.id, status: 'Running' }]);
		expect(t.emulator.requests().map((r) => r.endpoint)).toEqual(['acs.email.send']);
	});

	it('returns the status last seen when Wait Timeout passes before the outcome', async () => {
		t.emulator.email.configure({ retryAfterSeconds: 1 });
		const result = await t.runAcs('accessKey', send({ options: { waitTimeout: 1.5 } }));
		expect(result.error).toBeUndefined();
		const [sent] = emailOutbox();
		// One poll after a second (NotStarted); the next would come after the timeout.
		expect(pollRequests()).toHaveLength(1);
		expect(result.items.map((item) => item.json)).toEqual([{ id: sent.id, status: 'NotStarted' }]);
	});

	it('stops with EmailDropped when ACS fails the send', async () => {
		const to = `${fixtures().customer}, ${fixtures().failedRecipient}`;
		const result = await t.runAcs('accessKey', send({ to }));
		const [sent] = emailOutbox();
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toMatch(
			/^The email was not sent: ACS reports Failed with EmailDropped: .+/,
		);
		expect(result.error!.description).toContain(`Operation ID ${sent.id}`);
	});

	it('outputs the failed status as an item with Continue On Fail', async () => {
		const result = await t.runAcs('accessKey', send({ to: '={{ $json.to }}' }), {
			items: [{ to: fixtures().customer }, { to: fixtures().failedRecipient }],
			continueOnFail: true,
		});
		expect(result.error).toBeUndefined();
		const ids = emailOutbox().map((m) => [m.to, m.id]);
		const idOf = (to: string) => ids.find(([address]) => address === to)![1];
		expect(result.items.map((item) => item.json)).toEqual([
			{ id: idOf(fixtures().customer), status: 'Succeeded' },
			{
				id: idOf(fixtures().failedRecipient),
				status: 'Failed',
				error: { code: 'EmailDropped', message: expect.any(String) },
			},
		]);
		expect(pairedIndexes(result.items)).toEqual([0, 1]);
	});

	it('reports the service error for a sender on a domain the resource does not have', async () => {
		const result = await t.runAcs(
			'accessKey',
			send({ senderAddress: 'DoNotReply@northwind.example' }),
		);
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '400' });
		expect(result.error!.message).toMatch(
			/^Azure Communication Services returned 400 DomainNotLinked: /,
		);
		expect(sendRequests()).toHaveLength(1);
		expect(emailOutbox()).toHaveLength(0);
	});

	describe('a send whose outcome is unknown is looked up before it is sent again', () => {
		it('an answer cut short: the email was accepted, so it is not sent again', async () => {
			t.emulator.faults.inject({ endpoint: 'acs.email.send', kind: 'truncate' });
			const result = await t.runAcs('accessKey', send());
			expect(result.error).toBeUndefined();
			const [sent] = emailOutbox();
			expect(emailOutbox()).toHaveLength(1);
			expect(sendRequests()).toHaveLength(1);
			expect(result.items.map((item) => item.json)).toEqual([{ id: sent.id, status: 'Succeeded' }]);
		});

		it.each(['drop', '500'] as const)(
			'%s: ACS knows no such operation, so it is sent again under the same Operation-Id',
			async (kind) => {
				t.emulator.faults.inject({ endpoint: 'acs.email.send', kind });
				const result = await t.runAcs('accessKey', send());
				expect(result.error).toBeUndefined();
				const [first, second] = sendRequests();
				expect(sendRequests()).toHaveLength(2);
				expect(second.headers['operation-id']).toBe(first.headers['operation-id']);
				expect(second.body.equals(first.body)).toBe(true);
				const [lookup] = pollRequests();
				expect(lookup.status).toBe(404);
				expect(lookup.path).toBe(`/emails/operations/${String(first.headers['operation-id'])}`);
				expect(emailOutbox()).toHaveLength(1);
				expect(result.items[0].json).toEqual({ id: emailOutbox()[0].id, status: 'Succeeded' });
			},
		);
	});

	const bigFile = (megabytes: number) => Buffer.alloc(megabytes * 1024 * 1024, 1);

	it.each([
		['Sender Address "contoso" is not an email address', { senderAddress: 'contoso' }],
		['To "jane@" is not an email address', { to: `${'jane@'}, info@fabrikam.example` }],
		['CC "Carol <carol>" is not an email address', { options: { cc: 'Carol <carol>' } }],
		['To is empty', { to: ' ; ' }],
		[
			'To, CC and BCC have 51 recipients together; at most 50 are allowed',
			{
				to: Array.from({ length: 40 }, (_, i) => `user${i}@fabrikam.example`).join(', '),
				options: {
					bcc: Array.from({ length: 11 }, (_, i) => `bcc${i}@fabrikam.example`).join('\n'),
				},
			},
		],
		['Text is empty', { plainText: ' ' }],
		['HTML is empty', { emailFormat: 'html' }],
		['Text and HTML are both empty', { emailFormat: 'both', plainText: '' }],
		['Subject is empty', { subject: '  ' }],
		[
			'Attachments: the input item has no binary field "invoice"',
			{ options: { attachments: 'data, invoice' } },
		],
		[
			'Inline Attachments need API Version 2025-09-01 or later, but the API Version option is 2023-03-31',
			{
				options: {
					apiVersion: '2023-03-31',
					inlineAttachments: { attachment: [{ binaryPropertyName: 'data', contentId: 'logo' }] },
				},
			},
		],
		[
			'Custom Headers: "x priority" is not a header name',
			{ options: { headers: { header: [{ name: 'x priority', value: '1' }] } } },
		],
	])('refuses bad input before sending anything: %s', async (message, extra) => {
		const result = await t.runAcs('accessKey', send(extra), {
			items: [{ json: {}, binary: { data: { data: invoice, fileName: 'invoice.pdf' } } }],
		});
		expect(result.error?.message).toBe(message);
		expect(t.emulator.requests()).toHaveLength(0);
	});

	it('refuses attachments over 10 MB, naming each file and its size, before sending anything', async () => {
		const result = await t.runAcs(
			'accessKey',
			send({ options: { attachments: 'report, photo' } }),
			{
				items: [
					{
						json: {},
						binary: {
							report: { data: bigFile(5), fileName: 'report.pdf', mimeType: 'application/pdf' },
							photo: { data: bigFile(3), fileName: 'photo.jpg', mimeType: 'image/jpeg' },
						},
					},
				],
			},
		);
		expect(result.error?.message).toMatch(
			/^The attachments are too large: report\.pdf \(5\.0 MB\), photo\.jpg \(3\.0 MB\) make the email about 10\.7 MB; ACS takes at most 10\.0 MB per email \(about 7\.5 MB of files\)$/,
		);
		expect(t.emulator.requests()).toHaveLength(0);
	});
});

describe('email/getSendStatus (Get Send Status)', () => {
	it('returns the status of a sent email in one request', async () => {
		await t.runAcs(
			'accessKey',
			send({ to: fixtures().failedRecipient, options: { waitForCompletion: false } }),
		);
		const [sent] = emailOutbox();
		t.emulator.resetCounters();
		const result = await t.runAcs('oAuth2', {
			resource: 'email',
			operation: 'getSendStatus',
			operationId: sent.id,
		});
		expect(result.error).toBeUndefined();
		expect(result.items.map((item) => item.json)).toEqual([{ id: sent.id, status: 'NotStarted' }]);
		expect(t.emulator.requests().map((r) => [r.endpoint, r.path])).toEqual([
			['acs.email.operation', `/emails/operations/${sent.id}`],
		]);
	});

	it('explains an unknown operation ID', async () => {
		const result = await t.runAcs('accessKey', {
			resource: 'email',
			operation: 'getSendStatus',
			operationId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301',
		});
		expect(result.error).toMatchObject({ name: 'NodeApiError', httpCode: '404' });
		expect(result.error!.description).toMatch(/^ACS knows no email send under this ID/);
	});
});
