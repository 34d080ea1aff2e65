/* eslint-disable no-console -- prints the fault-injection summary table */
import type { INodeExecutionData } from 'n8n-workflow';

import type { FaultKind, SentMessage } from '../../emulator';
import type { RunResult } from '../harness';
import { createTestContext, pairedIndexes, sha256, type TestContext } from '../nodes/context';

/**
 * 1,000 items per operation while the emulator injects a fault into 20% of requests at random. With
 * Continue On Fail every item must end exactly once (a success or a clear error item) in input order
 * with its own pairedItem, no success may carry a corrupted file, and nothing may hang past the timeout.
 * For the sends, the emulator's outbox must hold no message twice, and every success's message once.
 */
const ITEMS = 1000;
const TIMEOUT_MS = 3000;
const KINDS: FaultKind[] = ['429', '503', '500', 'drop', 'slow', 'truncate', 'hang'];

function table(rows: Array<Record<string, string | number>>): string {
	const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
	const line = (cells: Array<string | number>) => `| ${cells.join(' | ')} |`;
	return [
		line(columns),
		line(columns.map(() => '---')),
		...rows.map((row) => line(columns.map((column) => row[column] ?? 0))),
	].join('\n');
}

function errorKind(item: INodeExecutionData): string {
	const details = (item.json.details ?? {}) as { code?: string; httpStatus?: number };
	return details.httpStatus
		? `${details.httpStatus} ${details.code ?? ''}`.trim()
		: (details.code ?? 'other');
}

export interface Operation {
	name: string;
	endpoint: string | RegExp;
	run: (t: TestContext, items: Array<Record<string, unknown>>) => Promise<RunResult>;
	items: (t: TestContext) => Array<Record<string, unknown>>;
	/** For a send: which input item a message in the emulator's outbox came from. */
	sentBy?: (message: SentMessage) => string;
	/** Checks one successful item against what its input asked for. */
	verify: (
		t: TestContext,
		result: RunResult,
		item: INodeExecutionData,
		input: Record<string, unknown>,
	) => Promise<void>;
}

const options = { timeout: TIMEOUT_MS };
const marked = () => Array.from({ length: ITEMS }, (_, i) => ({ text: `item ${i}` }));
/** The one message in the outbox that carries this input's text. */
const sentFor = (
	t: TestContext,
	input: Record<string, unknown>,
	text: (m: SentMessage) => unknown,
) => t.emulator.outbox().filter((message) => text(message) === input.text);
export const operations: Operation[] = [
	{
		name: 'ACS media/download',
		endpoint: 'acs.media.get',
		items: (t) =>
			Array.from({ length: ITEMS }, (_, i) => ({
				id: Object.values(t.emulator.fixtures.acs.media)[i % 6].id,
			})),
		run: (t, items) =>
			t.runAcs(
				'accessKey',
				{ resource: 'media', operation: 'download', mediaId: '={{ $json.id }}', options },
				{ items, continueOnFail: true, timeoutMs: 280_000 },
			),
		verify: async (t, result, item, input) => {
			const fixture = Object.values(t.emulator.fixtures.acs.media).find(
				(media) => media.id === input.id,
			)!;
			expect(item.json.mediaId).toBe(input.id);
			expect(sha256(await result.binary(item))).toBe(fixture.sha256);
		},
	},
	{
		name: 'ACS chatMessage/get',
		endpoint: /^acs\.(chat\.message\.get|identity\.issueAccessToken)$/,
		items: (t) => {
			const thread = t.emulator.fixtures.acs.chat.threads[1];
			return Array.from({ length: ITEMS }, (_, i) => ({
				id: thread.messages[i % thread.messages.length].id,
			}));
		},
		run: (t, items) =>
			t.runAcs(
				'accessKey',
				{
					resource: 'chatMessage',
					operation: 'get',
					chatUserId: t.emulator.fixtures.acs.users.member,
					chatThreadId: t.emulator.fixtures.acs.chat.threadIds.small,
					chatMessageId: '={{ $json.id }}',
					options,
				},
				{ items, continueOnFail: true, timeoutMs: 280_000 },
			),
		verify: async (_, __, item, input) => expect(item.json.id).toBe(input.id),
	},
	{
		name: 'ACS callMedia/startMediaStreaming',
		endpoint: 'acs.calling.startMediaStreaming',
		items: () => Array.from({ length: ITEMS }, (_, i) => ({ context: `item ${i}` })),
		run: (t, items) =>
			t.runAcs(
				'accessKey',
				{
					resource: 'callMedia',
					operation: 'startMediaStreaming',
					callConnectionId: t.emulator.fixtures.acs.calls.activeCallConnectionId,
					additionalFields: { operationContext: '={{ $json.context }}' },
					options,
				},
				{ items, continueOnFail: true, timeoutMs: 280_000 },
			),
		verify: async (_, __, item, input) =>
			expect(item.json).toMatchObject({ status: 'accepted', operationContext: input.context }),
	},
	{
		name: 'ACS advancedMessage/send',
		endpoint: 'acs.messages.send',
		items: marked,
		sentBy: (message) => String(message.request.content),
		run: (t, items) =>
			t.runAcs(
				'accessKey',
				{
					resource: 'advancedMessage',
					operation: 'send',
					channelRegistrationId: t.emulator.fixtures.acs.whatsApp.channelRegistrationId,
					to: t.emulator.fixtures.acs.whatsApp.customers.recent,
					messageType: 'text',
					content: '={{ $json.text }}',
					options,
				},
				{ items, continueOnFail: true, timeoutMs: 280_000 },
			),
		verify: async (t, _, item, input) => {
			const [sent] = sentFor(t, input, (message) => message.request.content);
			expect(item.json).toMatchObject({ messageId: sent!.id, status: 'accepted' });
		},
	},
	{
		name: 'ACS chatMessage/send',
		endpoint: 'acs.chat.message.send',
		items: marked,
		sentBy: (message) => String(message.request.content),
		run: (t, items) =>
			t.runAcs(
				'userAccessToken',
				{
					resource: 'chatMessage',
					operation: 'send',
					chatThreadId: t.emulator.fixtures.acs.chat.threadIds.small,
					content: '={{ $json.text }}',
					options,
				},
				{ items, continueOnFail: true, timeoutMs: 280_000 },
			),
		verify: async (t, _, item, input) => {
			const [sent] = sentFor(t, input, (message) => message.request.content);
			expect(item.json.id).toBe(sent!.id);
		},
	},
	{
		name: 'SignalWire message/send',
		endpoint: 'sw.message.create',
		items: marked,
		sentBy: (message) => String(message.request.Body),
		run: (t, items) =>
			t.runSignalWire(
				{
					resource: 'message',
					operation: 'send',
					from: t.emulator.fixtures.signalwire.numbers.project,
					to: t.emulator.fixtures.signalwire.numbers.customer,
					body: '={{ $json.text }}',
					options,
				},
				{ items, continueOnFail: true, timeoutMs: 280_000 },
			),
		verify: async (t, _, item, input) => {
			const [sent] = sentFor(t, input, (message) => message.request.Body);
			expect(item.json).toMatchObject({ sid: sent!.id, body: input.text });
		},
	},
	{
		name: 'SignalWire messageMedia/get',
		endpoint: 'sw.media.get',
		items: (t) =>
			Array.from({ length: ITEMS }, (_, i) => ({
				sid: t.emulator.fixtures.signalwire.media.many[i % 125].sid,
			})),
		run: (t, items) =>
			t.runSignalWire(
				{
					resource: 'messageMedia',
					operation: 'get',
					messageSid: t.emulator.fixtures.signalwire.messageSids.many,
					mediaSid: '={{ $json.sid }}',
					options,
				},
				{ items, continueOnFail: true, timeoutMs: 280_000 },
			),
		verify: async (_, __, item, input) => expect(item.json.sid).toBe(input.sid),
	},
	{
		name: 'SignalWire messageMedia/getAll',
		endpoint: 'sw.media.list',
		items: () => Array.from({ length: ITEMS }, (_, i) => ({ limit: 1 + (i % 3) })),
		run: (t, items) =>
			t.runSignalWire(
				{
					resource: 'messageMedia',
					operation: 'getAll',
					messageSid: t.emulator.fixtures.signalwire.messageSids.small,
					limit: '={{ $json.limit }}',
					options: { ...options, pageSize: 2 },
				},
				{ items, continueOnFail: true, timeoutMs: 280_000 },
			),
		verify: async () => undefined,
	},
	{
		name: 'SignalWire messageMedia/download',
		endpoint: /^(sw\.media\.content|filehost\.get|foreign\.get)$/,
		items: (t) => {
			const { direct, redirect302, redirect307, foreign } =
				t.emulator.fixtures.signalwire.media.small;
			const media = [direct, redirect302, redirect307, foreign];
			return Array.from({ length: ITEMS }, (_, i) => ({ sid: media[i % media.length].sid }));
		},
		run: (t, items) =>
			t.runSignalWire(
				{
					resource: 'messageMedia',
					operation: 'download',
					messageSid: t.emulator.fixtures.signalwire.messageSids.small,
					mediaSid: '={{ $json.sid }}',
					options,
				},
				{ items, continueOnFail: true, timeoutMs: 280_000 },
			),
		verify: async (t, result, item, input) => {
			const fixture = Object.values(t.emulator.fixtures.signalwire.media.small).find(
				(media) => media.sid === input.sid,
			)!;
			expect(sha256(await result.binary(item))).toBe(fixture.sha256);
		},
	},
];

/** Registers one test per operation and prints their summary table when the file ends. */
export function faultInjectionSuite(title: string, selected: Operation[]): void {
	let t: TestContext;
	const summary: Array<Record<string, string | number>> = [];
	beforeAll(async () => (t = await createTestContext()));
	afterAll(async () => {
		console.log(
			`\n${title}: ${ITEMS} items per operation, ${KINDS.join('/')} at 20%\n${table(summary)}`,
		);
		await t.close();
	});
	beforeEach(() => {
		t.emulator.resetCounters();
		t.emulator.resetFixtures();
		t.emulator.faults.clear();
	});

	describe(title, () => {
		it.each(selected.map((operation) => [operation.name, operation] as const))(
			'%s',
			async (name, operation) => {
				const items = operation.items(t);
				expect((await operation.run(t, items)).items.filter((item) => item.json.error)).toEqual([]);
				const requestsWithoutFaults = t.emulator.requests().length;
				t.emulator.resetCounters();
				t.emulator.resetFixtures();
				t.emulator.faults.random({
					rate: 0.2,
					kinds: KINDS,
					seed: 42,
					endpoint: operation.endpoint,
					retryAfterMs: 20,
					delayMs: 200,
				});
				const faultsBefore = Object.values(t.emulator.faults.stats()).reduce((a, b) => a + b, 0);
				const started = Date.now();
				// A 'hang' that outlived the Timeout option would stall this run past the harness's own limit.
				const result = await operation.run(t, items);
				const seconds = (Date.now() - started) / 1000;
				expect(result.error).toBeUndefined();

				// Every item exactly once, in input order, paired with its own input.
				const perInput = new Map<number, INodeExecutionData[]>();
				for (const item of result.items)
					perInput.set(pairedIndexes([item])[0], [
						...(perInput.get(pairedIndexes([item])[0]) ?? []),
						item,
					]);
				expect([...perInput.keys()]).toEqual(items.map((_, index) => index));
				const outcomes = items.map((_, index) => perInput.get(index)!);
				const successes = outcomes.filter((list) => !list[0].json.error);
				const failures = outcomes.filter((list) => list[0].json.error).map((list) => list[0]);
				for (const list of outcomes) if (list[0].json.error) expect(list).toHaveLength(1);

				for (const [index, list] of outcomes.entries()) {
					if (list[0].json.error) continue;
					for (const item of list) await operation.verify(t, result, item, items[index]);
				}
				for (const failure of failures)
					expect(String(failure.json.error)).toMatch(
						/^(Azure Communication Services|SignalWire) returned \d{3} |^Could not reach (Azure Communication Services|SignalWire): /,
					);

				const sent = new Map<string, number>();
				if (operation.sentBy) {
					for (const message of t.emulator.outbox()) {
						const by = operation.sentBy(message);
						sent.set(by, (sent.get(by) ?? 0) + 1);
					}
					// No message twice; every success's message exactly once.
					expect([...sent].filter(([, count]) => count > 1)).toEqual([]);
					for (const [index, list] of outcomes.entries())
						if (!list[0].json.error) expect(sent.get(String(items[index].text))).toBe(1);
				}

				const requests = t.emulator.requests().length;
				const errorsByKind: Record<string, number> = {};
				for (const failure of failures)
					errorsByKind[errorKind(failure)] = (errorsByKind[errorKind(failure)] ?? 0) + 1;
				summary.push({
					operation: name,
					items: items.length,
					'faults injected':
						Object.values(t.emulator.faults.stats()).reduce((a, b) => a + b, 0) - faultsBefore,
					'retries (extra requests)': requests - requestsWithoutFaults,
					successes: successes.length,
					'messages sent': operation.sentBy ? sent.size : '-',
					errors: failures.length,
					'errors by kind':
						Object.entries(errorsByKind)
							.map(([kind, n]) => `${kind}: ${n}`)
							.join(', ') || '-',
					seconds: seconds.toFixed(1),
				});
			},
			300_000,
		);
	});
}
