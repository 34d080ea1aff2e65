/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals';
import { startEmulator, type Emulator } from '../../emulator';
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
