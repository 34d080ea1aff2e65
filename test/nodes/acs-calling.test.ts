import { createTestContext, pairedIndexes, type AcsAuth, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => t.emulator.resetCounters());

const calls = () => t.emulator.fixtures.acs.calls;
const streaming = (
	operation: string,
	callConnectionId: string,
	additionalFields: Record<string, unknown> = {},
) => ({
	resource: 'callMedia',
	operation,
	callConnectionId,
	additionalFields,
});

describe('callMedia start/stop media streaming (Call Automation)', () => {
	it.each<[AcsAuth, string]>([
		['accessKey', 'startMediaStreaming'],
		['oAuth2', 'startMediaStreaming'],
		['accessKey', 'stopMediaStreaming'],
		['oAuth2', 'stopMediaStreaming'],
	])(
		'with %s, %s is accepted and says what to match the callback with',
		async (auth, operation) => {
			const fields = {
				operationCallbackUri: 'https://hooks.example.com/acs',
				operationContext: 'order 42 ✓',
			};
			const result = await t.runAcs(
				auth,
				streaming(operation, calls().activeCallConnectionId, fields),
			);
			expect(result.error).toBeUndefined();
			expect(result.items[0].json).toEqual({
				callConnectionId: calls().activeCallConnectionId,
				operation,
				status: 'accepted',
				...fields,
			});
			const [request] = t.emulator
				.requests()
				.filter((r) => r.endpoint === `acs.calling.${operation}`);
			expect(request.method).toBe('POST');
			expect(request.path).toBe(
				`/calling/callConnections/${calls().activeCallConnectionId}:${operation}`,
			);
			expect(request.query).toBe('api-version=2026-03-12');
			expect(request.headers['content-type']).toBe('application/json');
			expect(JSON.parse(request.body.toString('utf8'))).toEqual(fields);
		},
	);

	it('sends {} when no field is set', async () => {
		const result = await t.runAcs(
			'accessKey',
			streaming('startMediaStreaming', calls().activeCallConnectionId),
		);
		expect(result.items[0].json).toEqual({
			callConnectionId: calls().activeCallConnectionId,
			operation: 'startMediaStreaming',
			status: 'accepted',
		});
		expect(t.emulator.requests()[0].body.toString()).toBe('{}');
	});

	it('reports an unknown call connection with the ACS error', async () => {
		const result = await t.runAcs(
			'accessKey',
			streaming('startMediaStreaming', calls().unknownCallConnectionId),
		);
		expect(result.error).toMatchObject({ httpCode: '404' });
		expect(result.error!.message).toMatch(/^Azure Communication Services returned 404 /);
		expect(t.emulator.counts()['acs.calling.startMediaStreaming']).toBe(1);
	});

	it.each([
		[
			{ operationCallbackUri: 'http://hooks.example.com/acs' },
			'Operation Callback URI "http://hooks.example.com/acs" is not an https URL',
		],
		[{ operationCallbackUri: 'hooks' }, 'Operation Callback URI "hooks" is not an https URL'],
	])('refuses %p before sending anything', async (fields, message) => {
		const result = await t.runAcs(
			'accessKey',
			streaming('startMediaStreaming', calls().activeCallConnectionId, fields),
		);
		expect(result.error?.message).toBe(message);
		expect(t.emulator.counts().total ?? 0).toBe(0);
	});

	it('runs items one by one with Continue On Fail', async () => {
		const ids = [
			calls().activeCallConnectionId,
			calls().unknownCallConnectionId,
			' ',
			calls().secondCallConnectionId,
		];
		const result = await t.runAcs('accessKey', streaming('stopMediaStreaming', '={{ $json.id }}'), {
			items: ids.map((id) => ({ id })),
			continueOnFail: true,
		});
		expect(pairedIndexes(result.items)).toEqual([0, 1, 2, 3]);
		expect(result.items.map((item) => item.json.status ?? item.json.error)).toEqual([
			'accepted',
			expect.stringMatching(/returned 404/),
			'Call Connection ID is empty',
			'accepted',
		]);
	});
});
