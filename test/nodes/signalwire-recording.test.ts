import { createTestContext, type TestContext } from './context';

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
