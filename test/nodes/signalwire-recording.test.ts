import { createTestContext, sha256, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
});

const op = (operation: string, extra: Record<string, unknown> = {}) => ({
	resource: 'recording',
	operation,
	...extra,
});

describe('SignalWire recording: bad input is refused before any request', () => {
	it.each([
		['get', { recordingSid: '={{ "" }}' }, 'Recording SID'],
		['delete', { recordingSid: '={{ "../x\\n" }}' }, 'Recording SID'],
		['download', { recordingSid: 'RE1', format: '={{ "ogg" }}' }, 'Format'],
		['download', { recordingSid: '={{ " " }}' }, 'Recording SID'],
		['getAll', { filters: { callSid: '={{ "a\\nb" }}' } }, 'Filters: Call SID'],
		['getAll', { filters: { dateCreatedAfter: 'not a day' } }, 'Created On or After'],
		['start', { callSid: '={{ "" }}' }, 'Call SID'],
		[
			'start',
			{ callSid: 'CA1', options: { recordingStatusCallback: 'mailto:a@b.c' } },
			'Recording Status Callback',
		],
		['pause', { callSid: 'CA1', recordingSid: '={{ "" }}' }, 'Recording SID'],
		['resume', { callSid: '={{ "" }}', recordingSid: 'RE1' }, 'Call SID'],
		['stop', { callSid: 'CA1', recordingSid: '={{ "\\u0000" }}' }, 'Recording SID'],
	])('%s: %j names %s', async (operation, parameters, field) => {
		const result = await t.runSignalWire(op(operation, parameters));
		expect(result.error).toMatchObject({ name: 'NodeOperationError' });
		expect(result.error!.message).toContain(field);
		expect(t.emulator.requests()).toHaveLength(0);
	});
});

describe('SignalWire recording against the emulator', () => {
	async function anyRecording(): Promise<{ sid: string; callSid: string }> {
		const listed = await t.runSignalWire(op('getAll', { limit: 1 }));
		expect(listed.error).toBeUndefined();
		expect(listed.items).toHaveLength(1);
		t.emulator.resetCounters();
		return listed.items[0].json as { sid: string; callSid: string };
	}

	it('get, getAll of one call, and delete', async () => {
		const { sid } = await anyRecording();
		const got = await t.runSignalWire(op('get', { recordingSid: sid }));
		expect(got.items[0].json.sid).toBe(sid);
		const callSid = String(got.items[0].json.call_sid);
		const ofCall = await t.runSignalWire(op('getAll', { returnAll: true, filters: { callSid } }));
		expect(ofCall.items.map((item) => item.json.call_sid)).toEqual(ofCall.items.map(() => callSid));
		expect(ofCall.items.map((item) => item.json.sid)).toContain(sid);
		expect(new URLSearchParams(t.emulator.requests()[1].query).get('CallSid')).toBe(callSid);
		const deleted = await t.runSignalWire(op('delete', { recordingSid: sid }));
		expect(deleted.items[0].json).toEqual({ sid, deleted: true });
		expect((await t.runSignalWire(op('get', { recordingSid: sid }))).error).toMatchObject({
			httpCode: '404',
		});
	});

	it.each([
		['wav', 'audio/x-wav'],
		['mp3', 'audio/mpeg'],
	] as const)('download %s: the audio byte for byte, as %s', async (format, mimeType) => {
		const { sid } = await anyRecording();
		const result = await t.runSignalWire(op('download', { recordingSid: sid, format }));
		expect(result.error).toBeUndefined();
		expect(result.items[0].json).toMatchObject({
			sid,
			format,
			mimeType,
			fileName: `${sid}.${format}`,
		});
		expect(sha256(await result.binary(result.items[0]))).toBe(
			t.emulator.signalwire.recordingSha256(sid, format),
		);
		const [request] = t.emulator.requests();
		expect(request.path.endsWith(`/Recordings/${sid}.${format}`)).toBe(true);
	});

	it('start, pause, resume and stop a recording of a live call', async () => {
		const call = await t.runSignalWire({
			resource: 'call',
			operation: 'create',
			from: t.emulator.fixtures.signalwire.numbers.project,
			to: t.emulator.fixtures.signalwire.numbers.customer,
			answerWith: 'cxml',
			cxml: '<Response><Pause length="30"/></Response>',
		});
		const callSid = String(call.items[0].json.sid);
		const started = await t.runSignalWire(op('start', { callSid }));
		expect(started.error).toBeUndefined();
		const recordingSid = String(started.items[0].json.sid);
		for (const [operation, status] of [
			['pause', 'paused'],
			['resume', 'in-progress'],
			['stop', 'stopped'],
		] as const) {
			const changed = await t.runSignalWire(op(operation, { callSid, recordingSid }));
			expect(changed.error).toBeUndefined();
			const form = new URLSearchParams(t.emulator.requests().at(-1)!.body.toString());
			expect(form.get('Status')).toBe(status);
		}
		const again = await t.runSignalWire(op('pause', { callSid, recordingSid }));
		expect(again.error!.message).toMatch(/21220/);
	});
});
