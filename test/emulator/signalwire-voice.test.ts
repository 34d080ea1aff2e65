/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { RestClient } from '@signalwire/compatibility-api';
import { deliver, startEmulator, type Emulator } from '../../emulator';
import { basic, rawRequest, sha256Hex, signalWireClient } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());
beforeEach(() => {
	emu.resetCounters();
	emu.resetFixtures();
});

const client = (token = emu.signalwire.apiToken) => signalWireClient(emu, token);
const sw = () => emu.fixtures.signalwire;
const auth = () => ({ authorization: basic(emu.signalwire.projectId, emu.signalwire.apiToken) });
const accountBase = () => `${emu.url}/api/laml/2010-04-01/Accounts/${emu.signalwire.projectId}`;
const HOOK = 'https://example.com/voice';
const LIVE = '<Response><Pause length="30"/></Response>';

/** The SDK's RestException (code, status), or fails the test when the call succeeds. */
async function refused(promise: Promise<unknown>): Promise<{ code: number; status: number }> {
	try {
		await promise;
	} catch (error) {
		const { code, status } = error as { code: number; status: number };
		return { code: Number(code), status };
	}
	throw new Error('expected the request to be refused');
}

const place = (extra: Record<string, unknown> = {}) =>
	client().calls.create({
		to: sw().numbers.customer,
		from: sw().numbers.project,
		twiml: LIVE,
		...extra,
	} as Parameters<ReturnType<typeof client>['calls']['create']>[0]);

describe('Calls REST (official client)', () => {
	test('create answers 201 with the queued call; the outbox lists it with its form', async () => {
		const call = await place({
			url: HOOK,
			twiml: undefined,
			statusCallbackEvent: ['initiated', 'completed'],
		});
		expect(call).toMatchObject({
			to: sw().numbers.customer,
			from: sw().numbers.project,
			status: 'queued',
			direction: 'outbound-api',
			accountSid: emu.signalwire.projectId,
		});
		expect(emu.requests()[0]).toMatchObject({ endpoint: 'signalwire.calls.create', status: 201 });
		expect(emu.signalwire.calls()).toEqual([
			{
				sid: call.sid,
				to: sw().numbers.customer,
				from: sw().numbers.project,
				request: expect.objectContaining({ Url: HOOK }),
			},
		]);
		// The official client repeats the key once per event: the outbox keeps every value.
		expect(emu.signalwire.calls()[0]!.request.StatusCallbackEvent).toEqual([
			'initiated',
			'completed',
		]);
		const fetched = await client().calls(call.sid).fetch();
		expect(fetched.sid).toBe(call.sid);
		expect(fetched.status).toBe('in-progress');
	});

	test.each([
		['no Url or Twiml', { twiml: undefined }, 21205],
		['To not a number', { to: '12345' }, 21211],
		['To a malformed SIP address', { to: 'sip:nobody' }, 21217],
		['From malformed', { from: 'my number' }, 21212],
		['From not a project number', { from: '+15559990000' }, 21210],
		['Timeout above 600', { timeout: 601 }, 21208],
		['MachineDetection unknown', { machineDetection: 'Maybe' }, 21234],
		['StatusCallback not a URL', { statusCallback: 'nope' }, 21609],
		[
			'StatusCallbackEvent unknown',
			{ statusCallback: HOOK, statusCallbackEvent: ['hungup'] },
			10000,
		],
	])('create refuses %s with 400 %s and places nothing', async (_, extra, code) => {
		expect(await refused(place(extra))).toEqual({ code, status: 400 });
		expect(emu.signalwire.calls()).toHaveLength(0);
	});

	test('authentication: 401/20003 for a wrong token and for a token without the Voice scope', async () => {
		expect(await refused(signalWireClient(emu, 'PTwrong').calls.list())).toEqual({
			code: 20003,
			status: 401,
		});
		expect(
			await refused(client(emu.signalwire.apiTokenWithoutMessagingScope).calls.list()),
		).toEqual({
			code: 20003,
			status: 401,
		});
		expect(await refused(client().calls(sw().voice.unknownCallSid).fetch())).toEqual({
			code: 20404,
			status: 404,
		});
	});

	test('list: newest first, filtered, paged through next_page_uri with its PageToken', async () => {
		const sids: string[] = [];
		for (let i = 0; i < 5; i++) sids.push((await place()).sid);
		emu.resetCounters();
		const listed = await client().calls.list({
			from: sw().numbers.project,
			to: sw().numbers.customer,
			pageSize: 2,
		});
		expect(listed.map((c) => c.sid)).toEqual([...sids].reverse());
		expect(emu.counts()['signalwire.calls.list']).toBe(3);
		expect(emu.requests()[1]!.query).toMatch(/PageToken=PA/);
		// A page built by hand instead of followed is refused.
		const forged = await rawRequest(`${accountBase()}/Calls.json?PageSize=2&Page=1`, {
			headers: auth(),
		});
		expect(forged.status).toBe(400);
		expect(JSON.parse(forged.body.toString())).toMatchObject({ code: 21481 });
	});

	test('list: the call history by status and start time (days or the client’s date-times)', async () => {
		const history = sw().voice.calls;
		expect(await client().calls.list({ status: 'busy' })).toHaveLength(
			history.filter((c) => c.status === 'busy').length,
		);
		const day = await client().calls.list({ startTime: new Date('2025-06-03T00:00:00Z') });
		expect(day.map((c) => c.sid).sort()).toEqual(
			history
				.filter((c) => c.duration > 0 && c.startTime.toISOString().startsWith('2025-06-03'))
				.map((c) => c.sid)
				.sort(),
		);
		const after = await rawRequest(
			`${accountBase()}/Calls.json?${new URLSearchParams({ 'StartTime>': '2025-06-04' }).toString()}`,
			{ headers: auth() },
		);
		const calls = (JSON.parse(after.body.toString()) as { calls: Array<{ sid: string }> }).calls;
		expect(calls.map((c) => c.sid).sort()).toEqual(
			history
				.filter((c) => c.duration > 0 && c.startTime.toISOString() >= '2025-06-04')
				.map((c) => c.sid)
				.sort(),
		);
	});

	test('update: cancel a ringing call; a queued/ringing call cannot be redirected', async () => {
		const ringing = await place({ to: sw().voice.numbers.noAnswer, timeout: 30 });
		await new Promise((resolve) => setImmediate(resolve));
		expect((await client().calls(ringing.sid).fetch()).status).toBe('ringing');
		expect(await refused(client().calls(ringing.sid).update({ url: HOOK }))).toEqual({
			code: 21220,
			status: 400,
		});
		expect(await refused(client().calls(ringing.sid).remove())).toEqual({
			code: 20009,
			status: 422,
		});
		const canceled = await client().calls(ringing.sid).update({ status: 'canceled' });
		expect(canceled.status).toBe('canceled');
		expect(await refused(client().calls(ringing.sid).update({ status: 'completed' }))).toEqual({
			code: 10000,
			status: 400,
		});
		expect(await client().calls(ringing.sid).remove()).toBe(true);
		expect(await refused(client().calls(ringing.sid).fetch())).toMatchObject({ code: 20404 });
	});

	test('update: an answered call cannot be canceled, only completed; a busy line ends busy', async () => {
		const live = await place();
		expect(await refused(client().calls(live.sid).update({ status: 'canceled' }))).toEqual({
			code: 10000,
			status: 400,
		});
		const ended = await client().calls(live.sid).update({ status: 'completed' });
		expect([ended.status, ended.endTime instanceof Date]).toEqual(['completed', true]);
		const busy = await place({ to: sw().voice.numbers.busy });
		expect((await emu.signalwire.waitForCall(busy.sid)).status).toBe('busy');
	});
});

describe('Recordings REST', () => {
	const history = () => [...sw().voice.recordings].sort((a, b) => +b.startTime - +a.startTime);

	test('list newest first, by call, fetch, and the official client’s per-call list', async () => {
		const all = await client().recordings.list();
		expect(all.map((r) => r.sid)).toEqual(history().map((r) => r.sid));
		const callSid = history().find((r) => r.source === 'StartCallRecordingApi')!.callSid;
		const ofCall = await client().recordings.list({ callSid });
		expect(ofCall.map((r) => r.callSid)).toEqual([callSid, callSid]);
		expect((await client().calls(callSid).recordings.list()).map((r) => r.sid)).toEqual(
			ofCall.map((r) => r.sid),
		);
		const one = await client().recordings(ofCall[0]!.sid).fetch();
		expect(one).toMatchObject({ sid: ofCall[0]!.sid, status: 'completed', callSid });
		expect(emu.requests().map((r) => r.endpoint)).toEqual([
			'signalwire.recordings.list',
			'signalwire.recordings.list',
			'signalwire.recordings.list',
			'signalwire.recordings.get',
		]);
	});

	test.each([
		['', 'audio/x-wav', 'wav'],
		['.wav', 'audio/x-wav', 'wav'],
		['.mp3', 'audio/mpeg', 'mp3'],
	] as const)(
		'media %s: %s, the bytes recordingSha256 names, no credentials needed',
		async (suffix, type, format) => {
			const { sid } = history()[0]!;
			const media = await rawRequest(`${accountBase()}/Recordings/${sid}${suffix}`);
			expect([media.status, media.headers['content-type']]).toEqual([200, type]);
			expect(sha256Hex(media.body)).toBe(emu.signalwire.recordingSha256(sid, format));
			expect(media.body.subarray(0, 4).toString('latin1')).toBe(
				format === 'wav' ? 'RIFF' : 'ID3\u0004',
			);
			expect(emu.requests()[0]!.endpoint).toBe('signalwire.recordings.media');
		},
	);

	test('protected media needs the Basic credentials; the redirect goes to a pre-signed file host URL', async () => {
		const { sid } = history()[0]!;
		const url = `${accountBase()}/Recordings/${sid}.mp3`;
		emu.signalwire.configureVoice({ protectRecordingMedia: true });
		expect((await rawRequest(url)).status).toBe(401);
		expect((await rawRequest(url, { headers: auth() })).status).toBe(200);
		emu.signalwire.configureVoice({
			protectRecordingMedia: false,
			recordingMediaRedirect: 'filehost',
		});
		const redirect = await rawRequest(url);
		expect(redirect.status).toBe(302);
		const location = String(redirect.headers.location);
		expect(location.startsWith(`${emu.fileHostUrl}/recordings/`)).toBe(true);
		const file = await rawRequest(location);
		expect([file.status, file.headers['content-type']]).toEqual([200, 'audio/mpeg']);
		expect(sha256Hex(file.body)).toBe(emu.signalwire.recordingSha256(sid, 'mp3'));
		expect((await rawRequest(location.replace(/Signature=[^&]+/, 'Signature=forged'))).status).toBe(
			403,
		);
		emu.signalwire.configureVoice({ recordingMediaRedirect: 'foreign' });
		const foreign = await rawRequest(url);
		expect(String(foreign.headers.location).startsWith(emu.foreignHostUrl)).toBe(true);
		expect((await rawRequest(String(foreign.headers.location))).status).toBe(200);
	});

	test('delete: 204, then the recording and its media are gone; resetFixtures brings them back', async () => {
		const { sid } = history()[0]!;
		expect(await client().recordings(sid).remove()).toBe(true);
		expect(await refused(client().recordings(sid).fetch())).toEqual({ code: 20404, status: 404 });
		expect((await rawRequest(`${accountBase()}/Recordings/${sid}.wav`)).status).toBe(404);
		emu.resetFixtures();
		expect((await client().recordings(sid).fetch()).sid).toBe(sid);
	});

	test('start, pause, resume, stop on a live call; a wrong state is 21220', async () => {
		const call = await place();
		const recording = await client().calls(call.sid).recordings.create();
		expect(recording).toMatchObject({
			status: 'in-progress',
			callSid: call.sid,
			source: 'StartCallRecordingApi',
		});
		const change = (status: string) =>
			client()
				.calls(call.sid)
				.recordings(recording.sid)
				.update({ status } as { status: 'paused' });
		expect((await change('paused')).status).toBe('paused');
		expect(await refused(change('paused'))).toEqual({ code: 21220, status: 400 });
		expect((await change('in-progress')).status).toBe('in-progress');
		expect((await change('stopped')).status).toBe('stopped');
		expect(await refused(change('in-progress'))).toEqual({ code: 21220, status: 400 });
		await new Promise((resolve) => setImmediate(resolve));
		const done = await client().recordings(recording.sid).fetch();
		expect([done.status, Number(done.duration) >= 1]).toEqual(['completed', true]);
		const media = await rawRequest(`${accountBase()}/Recordings/${recording.sid}.wav`);
		expect(sha256Hex(media.body)).toBe(emu.signalwire.recordingSha256(recording.sid, 'wav'));
		await client().calls(call.sid).update({ status: 'completed' });
		expect(await refused(client().calls(call.sid).recordings.create())).toEqual({
			code: 21220,
			status: 400,
		});
	});

	test('a fault on a voice endpoint answers in SignalWire’s error shape', async () => {
		emu.faults.inject({ endpoint: 'signalwire.calls.create', kind: '503' });
		expect(await refused(place())).toEqual({ code: 20503, status: 503 });
		expect(emu.signalwire.calls()).toHaveLength(0);
	});
});

// ---- the call simulator ------------------------------------------------------------------------

interface Received {
	method: string;
	path: string;
	params: Record<string, string>;
	signatureValid: boolean;
}

type Answer = { status?: number; type?: string | null; body?: string; delayMs?: number };

/** A loopback webhook receiver: answers per path, records what arrived and checks its signature. */
class Receiver {
	received: Received[] = [];
	answers = new Map<string, Answer>();
	private server: Server = createServer((req, res) => void this.handle(req, res));
	url = '';

	reset(): void {
		this.received = [];
		this.answers.clear();
	}

	async start(): Promise<void> {
		await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
		this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
	}

	close(): Promise<void> {
		this.server.closeAllConnections();
		return new Promise((resolve) => this.server.close(() => resolve()));
	}

	/** Answers `path` with a cXML document (application/xml, as SignalWire's examples do). */
	cxml(path: string, body: string): string {
		this.answers.set(path, { body, type: 'application/xml' });
		return `${this.url}${path}`;
	}

	at(path: string): Received[] {
		return this.received.filter((r) => r.path === path);
	}

	private async handle(req: IncomingMessage, res: import('node:http').ServerResponse) {
		const chunks: Buffer[] = [];
		for await (const chunk of req) chunks.push(chunk as Buffer);
		const full = new URL(req.url ?? '/', this.url);
		const get = req.method === 'GET';
		const params = Object.fromEntries(
			get ? full.searchParams : new URLSearchParams(Buffer.concat(chunks).toString()),
		);
		const signature = String(req.headers['x-signalwire-signature'] ?? '');
		this.received.push({
			method: req.method ?? '',
			path: full.pathname,
			params,
			signatureValid: RestClient.validateRequest(
				emu.signalwire.signingKey,
				signature,
				full.toString(),
				get ? {} : params,
			),
		});
		const answer = this.answers.get(full.pathname) ?? {
			body: '<Response/>',
			type: 'application/xml',
		};
		if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
		res.writeHead(answer.status ?? 200, answer.type ? { 'content-type': answer.type } : {});
		res.end(answer.body ?? '');
	}
}

/** A fresh receiver per test (and calls that speak without delay). */
function useReceiver(): Receiver {
	const hooks = new Receiver();
	beforeEach(async () => {
		hooks.reset();
		await hooks.start();
		emu.signalwire.configureVoice({ speechMs: 0 });
	});
	afterEach(() => hooks.close());
	return hooks;
}

describe('call simulator', () => {
	const hooks = useReceiver();

	test('fetches the cXML (signed), posts status callbacks in order, runs Say/Play and ends', async () => {
		const url = hooks.cxml(
			'/voice',
			'<?xml version="1.0"?><Response><Say voice="woman">Hi &amp; bye</Say><Play>https://cdn.example.com/a.mp3</Play></Response>',
		);
		const call = await place({
			twiml: undefined,
			url,
			statusCallback: `${hooks.url}/status`,
			statusCallbackEvent: ['initiated', 'ringing', 'answered', 'completed'],
		});
		const done = await emu.signalwire.waitForCall(call.sid);
		expect(done).toMatchObject({ status: 'completed', errors: [] });
		expect(done.log).toEqual([
			{ verb: 'Say', attributes: { voice: 'woman' }, text: 'Hi & bye' },
			{ verb: 'Play', attributes: {}, text: 'https://cdn.example.com/a.mp3' },
		]);
		const [voice] = hooks.at('/voice');
		expect(voice).toMatchObject({ method: 'POST', signatureValid: true });
		expect(voice!.params).toEqual({
			AccountSid: emu.signalwire.projectId,
			ApiVersion: '2010-04-01',
			CallSid: call.sid,
			CallStatus: 'in-progress',
			Direction: 'outbound-api',
			From: sw().numbers.project,
			To: sw().numbers.customer,
		});
		const statuses = hooks.at('/status');
		expect(statuses.map((r) => [r.params.CallStatus, r.params.SequenceNumber])).toEqual([
			['initiated', '0'],
			['ringing', '1'],
			['in-progress', '2'],
			['completed', '3'],
		]);
		expect(statuses.every((r) => r.signatureValid)).toBe(true);
		expect(statuses[3]!.params.CallDuration).toMatch(/^\d+$/);
		// The voice fetch comes after `answered`, before `completed`.
		expect(hooks.received.map((r) => r.path)).toEqual([
			'/status',
			'/status',
			'/status',
			'/voice',
			'/status',
		]);
	});

	test('Gather posts the digits to its action; Record makes a recording, posts the action and the recording callback', async () => {
		emu.signalwire.configureVoice({ gatherDigits: '42#9', recordSeconds: 7 });
		hooks.cxml(
			'/menu',
			`<Response><Say>Leave a message</Say><Record action="/recorded" maxLength="30" recordingStatusCallback="/recording"/></Response>`,
		);
		hooks.cxml('/recorded', '<Response><Say>Thanks</Say><Hangup/></Response>');
		const call = await place({
			twiml: `<Response><Gather numDigits="3" action="${hooks.url}/menu"><Say>Press</Say></Gather><Say>never</Say></Response>`,
		});
		const done = await emu.signalwire.waitForCall(call.sid);
		expect(done.log.map((e) => e.verb)).toEqual([
			'Say',
			'Gather',
			'Say',
			'Record',
			'Say',
			'Hangup',
		]);
		expect(done.log[1]).toMatchObject({ digits: '42' });
		expect(hooks.at('/menu')[0]!.params.Digits).toBe('42');
		const [recordingSid] = done.recordingSids;
		const recorded = hooks.at('/recorded')[0]!.params;
		expect(recorded).toMatchObject({
			RecordingSid: recordingSid,
			RecordingDuration: '7',
			RecordingUrl: `${accountBase()}/Recordings/${recordingSid}`,
		});
		const [callback] = hooks.at('/recording');
		expect(callback!.params).toMatchObject({
			CallSid: call.sid,
			RecordingSid: recordingSid,
			RecordingStatus: 'completed',
			RecordingDuration: '7',
			RecordingSource: 'RecordVerb',
		});
		expect(hooks.received.map((r) => r.path)).toEqual(['/menu', '/recorded', '/recording']);
		const media = await rawRequest(recorded.RecordingUrl!);
		expect(media.headers['content-type']).toBe('audio/x-wav');
		expect(sha256Hex(media.body)).toBe(emu.signalwire.recordingSha256(recordingSid!, 'wav'));
	});

	test('Record=true records the whole call; GET callbacks carry the parameters in the signed URL', async () => {
		const call = await place({
			twiml: '<Response><Pause length="1"/></Response>',
			record: true,
			recordingStatusCallback: `${hooks.url}/recording`,
			recordingStatusCallbackMethod: 'GET',
			statusCallback: `${hooks.url}/status?source=test`,
			statusCallbackMethod: 'GET',
		});
		const done = await emu.signalwire.waitForCall(call.sid, 5000);
		expect(done.recordingSids).toHaveLength(1);
		const [recording] = hooks.at('/recording');
		expect(recording).toMatchObject({ method: 'GET', signatureValid: true });
		expect(recording!.params).toMatchObject({
			RecordingStatus: 'completed',
			RecordingSource: 'OutboundAPI',
			RecordingSid: done.recordingSids[0],
		});
		const [status] = hooks.at('/status');
		expect(status).toMatchObject({ method: 'GET', signatureValid: true });
		expect(status!.params).toMatchObject({ source: 'test', CallStatus: 'completed' });
	});

	test.each([
		[
			'not well-formed XML',
			{ body: '<Response><Say>a & b</Say></Response>', type: 'application/xml' },
			12100,
		],
		['a root other than Response', { body: '<Say>Hi</Say>', type: 'application/xml' }, 12100],
		['an HTTP error', { status: 500, body: 'oops', type: 'text/plain' }, 11200],
		['no Content-Type', { body: '<Response/>', type: null }, 11200],
		[
			'a body over 64 kB',
			{ body: `<Response><Say>${'a'.repeat(70_000)}</Say></Response>`, type: 'text/xml' },
			11750,
		],
	])('cXML with %s is refused as SignalWire does', async (_, answer, code) => {
		hooks.answers.set('/voice', answer);
		const call = await place({ twiml: undefined, url: `${hooks.url}/voice` });
		const done = await emu.signalwire.waitForCall(call.sid);
		expect(done.errors.map((e) => e.code)).toEqual([code]);
		expect(done.log).toEqual([]);
		expect(done.status).toBe('completed');
	});

	test('a redirect from the API replaces the running document; a hang-up ends a pause', async () => {
		const call = await place();
		await client()
			.calls(call.sid)
			.update({ twiml: '<Response><Say>Moved</Say><Pause length="30"/></Response>' });
		// The new document starts in the event-loop turn after the answer.
		await new Promise((resolve) => setImmediate(resolve));
		expect(emu.signalwire.call(call.sid)!.log.map((e) => e.text ?? e.verb)).toEqual([
			'Pause',
			'Moved',
			'Pause',
		]);
		const ended = await client().calls(call.sid).update({ status: 'completed' });
		expect(ended.status).toBe('completed');
		expect((await emu.signalwire.waitForCall(call.sid)).status).toBe('completed');
	});

	test('a cXML URL off loopback is not fetched: the call stays in progress until hung up', async () => {
		const call = await place({ twiml: undefined, url: HOOK });
		await emu.signalwire.waitForWebhook((w) => w.callSid === call.sid, 1000);
		expect(emu.signalwire.webhooks()).toEqual([
			expect.objectContaining({ kind: 'voice', url: HOOK, status: 'not-delivered' }),
		]);
		expect((await client().calls(call.sid).fetch()).status).toBe('in-progress');
		await client().calls(call.sid).update({ status: 'completed' });
	});
});

describe('inbound calls', () => {
	const hooks = useReceiver();

	const numberUrl = () => `${accountBase()}/IncomingPhoneNumbers/${sw().mainNumber.sid}.json`;

	test('the number’s VoiceUrl and StatusCallback: set, used by an inbound call, restorable', async () => {
		const before = JSON.parse(
			(
				await rawRequest(`${accountBase()}/IncomingPhoneNumbers.json`, { headers: auth() })
			).body.toString(),
		) as {
			incoming_phone_numbers: Array<Record<string, unknown>>;
		};
		expect(before.incoming_phone_numbers[0]).toMatchObject({
			voice_url: sw().mainNumber.voiceUrl,
			voice_method: sw().mainNumber.voiceMethod,
			status_callback: sw().mainNumber.statusCallback,
		});
		const update = (form: Record<string, string>) =>
			rawRequest(numberUrl(), {
				method: 'POST',
				headers: { ...auth(), 'content-type': 'application/x-www-form-urlencoded' },
				body: new URLSearchParams(form).toString(),
			});
		const voiceUrl = hooks.cxml(
			'/incoming',
			'<Response><Gather numDigits="1" action="/choice"><Say>Press a key</Say></Gather></Response>',
		);
		hooks.cxml(
			'/choice',
			'<Response><Record action="/done" recordingStatusCallback="/recording"/></Response>',
		);
		const updated = await update({
			VoiceUrl: voiceUrl,
			VoiceMethod: 'POST',
			StatusCallback: `${hooks.url}/status`,
			StatusCallbackMethod: 'POST',
		});
		expect(JSON.parse(updated.body.toString())).toMatchObject({
			voice_url: voiceUrl,
			sms_url: sw().mainNumber.smsUrl,
		});
		expect((await update({ VoiceMethod: 'PUT' })).status).toBe(400);

		const result = await emu.signalwire.inboundCall({ gatherDigits: '7' });
		expect(result).toMatchObject({
			direction: 'inbound',
			to: sw().mainNumber.phoneNumber,
			from: sw().numbers.customer,
			status: 'completed',
			errors: [],
			webhook: { status: 200, contentType: 'application/xml' },
		});
		expect(result.log.map((e) => e.verb)).toEqual(['Say', 'Gather', 'Record']);
		expect(hooks.at('/incoming')[0]).toMatchObject({
			signatureValid: true,
			params: expect.objectContaining({
				Direction: 'inbound',
				CallStatus: 'ringing',
				CallSid: result.sid,
			}),
		});
		expect(hooks.at('/choice')[0]!.params.Digits).toBe('7');
		expect(hooks.at('/recording')[0]!.params.RecordingSid).toBe(result.recordingSids[0]);
		// The number's status callback: completed only.
		expect(hooks.at('/status').map((r) => r.params.CallStatus)).toEqual(['completed']);
		expect((await client().calls(result.sid).fetch()).direction).toBe('inbound');

		await update({
			VoiceUrl: sw().mainNumber.voiceUrl,
			VoiceMethod: sw().mainNumber.voiceMethod,
			StatusCallback: sw().mainNumber.statusCallback,
		});
		const restored = JSON.parse(
			(
				await rawRequest(`${accountBase()}/IncomingPhoneNumbers.json`, { headers: auth() })
			).body.toString(),
		) as typeof before;
		expect(restored).toEqual(before);
	});

	test('deliver signalwire-inbound-call: the answer, what the call did; a wrong key still signs', async () => {
		const url = hooks.cxml('/hook', '<Response><Say>Hello</Say><Hangup/></Response>');
		const result = await deliver(emu, 'signalwire-inbound-call', url, { from: '+15550001234' });
		expect(result).toMatchObject({
			status: 200,
			contentType: 'application/xml',
			body: '<Response><Say>Hello</Say><Hangup/></Response>',
		});
		expect(result.sent).toMatchObject({ From: '+15550001234', Direction: 'inbound' });
		expect(result.call!.log.map((e) => e.verb)).toEqual(['Say', 'Hangup']);
		await deliver(emu, 'signalwire-inbound-call', url, { signingKey: 'PSK_other' });
		expect(hooks.at('/hook').map((r) => r.signatureValid)).toEqual([true, false]);
	});

	test('no cXML within 5 s: 11200 recorded, the call fails', async () => {
		hooks.answers.set('/slow', { body: '<Response/>', type: 'application/xml', delayMs: 6000 });
		const result = await emu.signalwire.inboundCall({ url: `${hooks.url}/slow` });
		expect(result.errors.map((e) => e.code)).toEqual([11200]);
		expect([result.status, result.webhook.status]).toEqual(['failed', 0]);
	}, 15_000);
});
