import { createTestContext, sha256, type TestContext } from './context';

let t: TestContext;
beforeAll(async () => {
	t = await createTestContext();
	// Warm up the engine, so the timings below measure waiting, not first-run start-up.
	await t.runAcs('accessKey', download());
});
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.faults.clear();
});

const png = () => t.emulator.fixtures.acs.media.png;
const download = (options: Record<string, unknown> = {}) => ({
	resource: 'media',
	operation: 'download',
	mediaId: png().id,
	options,
});
const startStreaming = () => ({
	resource: 'callMedia',
	operation: 'startMediaStreaming',
	callConnectionId: t.emulator.fixtures.acs.calls.activeCallConnectionId,
});
const chatGet = () => ({
	resource: 'chatMessage',
	operation: 'get',
	chatUserId: t.emulator.fixtures.acs.users.member,
	chatThreadId: t.emulator.fixtures.acs.chat.threadIds.small,
	chatMessageId: t.emulator.fixtures.acs.chat.smallThread.textId,
});
const count = (endpoint: string) => t.emulator.counts()[endpoint] ?? 0;
const timed = async <T>(run: () => Promise<T>) => {
	const started = Date.now();
	const value = await run();
	return { value, elapsed: Date.now() - started };
};

describe('retries', () => {
	it('waits exactly the retry-after-ms hint on 429, then succeeds', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.media.get', kind: '429', retryAfterMs: 300 });
		const { value: result, elapsed } = await timed(() => t.runAcs('accessKey', download()));
		expect(result.error).toBeUndefined();
		expect(sha256(await result.binary(result.items[0]))).toBe(png().sha256);
		expect(count('acs.media.get')).toBe(2);
		expect(elapsed).toBeGreaterThanOrEqual(300);
		expect(elapsed).toBeLessThan(1000);
		expect(t.harness.logs().map((entry) => entry.message)).toContain(
			'Azure Communication Services: HTTP 429 on item 0; retry 1 in 300 ms',
		);
	});

	it('honours Retry-After in seconds and signs the retry again with a fresh date', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.media.get', kind: '503', retryAfterSeconds: 1 });
		const { value: result, elapsed } = await timed(() => t.runAcs('accessKey', download()));
		expect(result.error).toBeUndefined();
		expect(elapsed).toBeGreaterThanOrEqual(1000);
		const [first, second] = t.emulator.requests();
		expect(second.status).toBe(200);
		expect(second.headers['x-ms-date']).not.toBe(first.headers['x-ms-date']);
		expect(second.headers.authorization).not.toBe(first.headers.authorization);
	});

	it('honours Retry-After as an HTTP date', async () => {
		// An HTTP date has whole seconds, so "now + 2 s" means a wait of more than 1 s and at most 2 s.
		t.emulator.faults.inject({
			endpoint: 'acs.media.get',
			kind: '429',
			retryAfterDate: true,
			retryAfterSeconds: 2,
		});
		const { value: result, elapsed } = await timed(() => t.runAcs('accessKey', download()));
		expect(result.error).toBeUndefined();
		expect(count('acs.media.get')).toBe(2);
		expect(elapsed).toBeGreaterThanOrEqual(950);
		expect(elapsed).toBeLessThan(2500);
	});

	it('backs off and retries a GET after a 500 and after a dropped connection', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.media.get', kind: '500' });
		t.emulator.faults.inject({ endpoint: 'acs.media.get', kind: 'drop' });
		const { value: result, elapsed } = await timed(() => t.runAcs('accessKey', download()));
		expect(result.error).toBeUndefined();
		expect(count('acs.media.get')).toBe(3);
		expect(elapsed).toBeGreaterThanOrEqual(800 + 1600);
	});

	it('retries a truncated download and keeps only the complete file', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.media.get', kind: 'truncate' });
		const result = await t.runAcs('accessKey', download());
		expect(result.error).toBeUndefined();
		expect(count('acs.media.get')).toBe(2);
		expect(sha256(await result.binary(result.items[0]))).toBe(png().sha256);
		expect(result.items[0].json.fileSize).toBe(png().size);
	});

	it('retries a POST on 429/503, which say the request was not processed', async () => {
		t.emulator.faults.inject({
			endpoint: 'acs.calling.startMediaStreaming',
			kind: '429',
			retryAfterMs: 50,
		});
		t.emulator.faults.inject({
			endpoint: 'acs.calling.startMediaStreaming',
			kind: '503',
			retryAfterMs: 50,
		});
		const result = await t.runAcs('accessKey', startStreaming());
		expect(result.items[0].json.status).toBe('accepted');
		expect(count('acs.calling.startMediaStreaming')).toBe(3);
	});

	it.each(['500', 'drop'] as const)(
		'does not repeat a POST that may have reached the service (%s)',
		async (kind) => {
			t.emulator.faults.inject({ endpoint: 'acs.calling.startMediaStreaming', kind });
			const result = await t.runAcs('accessKey', startStreaming());
			expect(result.error).toBeDefined();
			expect(result.error!.message).toMatch(
				kind === '500'
					? /returned 500 InternalServerError/
					: /^Could not reach Azure Communication Services: the connection was reset$/,
			);
			expect(count('acs.calling.startMediaStreaming')).toBe(1);
			if (kind === 'drop')
				expect(result.error!.description).toMatch(
					/may have reached the service, so it was not repeated/,
				);
		},
	);

	it('gives up after the configured number of retries and says so', async () => {
		t.emulator.faults.inject({
			endpoint: 'acs.media.get',
			kind: '429',
			retryAfterMs: 10,
			count: 10,
		});
		const result = await t.runAcs('accessKey', download({ maxRetries: 2 }));
		expect(result.error!.message).toBe(
			'Azure Communication Services returned 429 TooManyRequests: Rate limit exceeded. (after 2 retries)',
		);
		expect(count('acs.media.get')).toBe(3);
	});

	it('does not retry at all with Retries set to 0', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.media.get', kind: '503', retryAfterMs: 10 });
		const result = await t.runAcs('accessKey', download({ maxRetries: 0 }));
		expect(result.error).toMatchObject({ httpCode: '503' });
		expect(count('acs.media.get')).toBe(1);
	});

	it('abandons an attempt that hangs after the timeout, and retries it', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.media.get', kind: 'hang' });
		const { value: result, elapsed } = await timed(() =>
			t.runAcs('accessKey', download({ timeout: 1000 })),
		);
		expect(result.error).toBeUndefined();
		expect(count('acs.media.get')).toBe(2);
		expect(elapsed).toBeGreaterThanOrEqual(1000);
		expect(elapsed).toBeLessThan(5000);
	});

	it('issues one fresh chat token after a 401, retries once, and never loops', async () => {
		await t.runAcs('accessKey', chatGet());
		t.emulator.resetCounters();
		t.emulator.faults.inject({ endpoint: 'acs.chat.message.get', kind: '401' });
		const renewed = await t.runAcs('accessKey', chatGet());
		expect(renewed.error).toBeUndefined();
		expect(count('acs.identity.issueAccessToken')).toBe(1);
		expect(count('acs.chat.message.get')).toBe(2);

		t.emulator.resetCounters();
		t.emulator.faults.inject({ endpoint: 'acs.chat.message.get', kind: '401', count: 5 });
		const refused = await t.runAcs('accessKey', chatGet());
		expect(refused.error).toMatchObject({ httpCode: '401' });
		expect(count('acs.identity.issueAccessToken')).toBe(1);
		expect(count('acs.chat.message.get')).toBe(2);
	});

	it('fetches one fresh Entra token after a 401, retries once, and never loops', async () => {
		await t.runAcs('oAuth2', download());
		t.emulator.resetCounters();
		t.emulator.faults.inject({ endpoint: 'acs.media.get', kind: '401' });
		const renewed = await t.runAcs('oAuth2', download());
		expect(renewed.error).toBeUndefined();
		expect(count('entra.token')).toBe(1);
		expect(count('acs.media.get')).toBe(2);

		t.emulator.resetCounters();
		t.emulator.faults.inject({ endpoint: 'acs.media.get', kind: '401', count: 5 });
		const refused = await t.runAcs('oAuth2', download());
		expect(refused.error).toMatchObject({ httpCode: '401' });
		expect(count('entra.token')).toBe(1);
		expect(count('acs.media.get')).toBe(2);
	});

	it('does not renew an access key on 401: the key is wrong, a retry cannot help', async () => {
		t.emulator.faults.inject({ endpoint: 'acs.media.get', kind: '401' });
		const result = await t.runAcs('accessKey', download());
		expect(result.error).toMatchObject({ httpCode: '401' });
		expect(count('acs.media.get')).toBe(1);
	});

	it('retries SignalWire GETs and DELETEs', async () => {
		const media = t.emulator.fixtures.signalwire.media.small.direct;
		t.emulator.faults.inject({ endpoint: 'sw.media.delete', kind: '429', retryAfterMs: 20 });
		const result = await t.runSignalWire({
			resource: 'messageMedia',
			operation: 'delete',
			messageSid: media.messageSid,
			mediaSid: media.sid,
		});
		expect(result.items[0].json.deleted).toBe(true);
		expect(count('sw.media.delete')).toBe(2);
		t.emulator.resetFixtures();
	});
});
