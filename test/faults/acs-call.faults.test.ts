/* eslint-disable no-console -- prints the fault-injection summary */
import type { INodeExecutionData } from 'n8n-workflow';

import type { FaultKind } from '../../emulator';
import { createTestContext, pairedIndexes, type TestContext } from '../nodes/context';

/**
 * Answer and Create under faults: 1,000 items each while the emulator injects a fault into 20% of the
 * requests to that endpoint. With Continue On Fail every item ends exactly once, in input order, and
 * no call is answered or placed twice: a retry after a lost or cut-off answer carries the same
 * Repeatability-Request-ID, which the emulator (like ACS) answers from the first attempt. Not part of
 * faults.ts's shared suite: it runs every operation twice on the same inputs, and a ringing call can
 * be answered only once.
 */
const ITEMS = 1000;
const KINDS: FaultKind[] = ['429', '503', '500', 'drop', 'slow', 'truncate', 'hang'];
/** Callbacks to a host that is not loopback are only logged by the emulator, not posted. */
const CALLBACK_URI = 'https://hooks.example.com/acs/calls?secret=s1';
const options = { timeout: 3000 };

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
	t.emulator.faults.clear();
});

const faultCount = () => Object.values(t.emulator.faults.stats()).reduce((a, b) => a + b, 0);

/** Injects faults into `endpoint`; returns how many were injected before (the stats add up over the file). */
function injectFaults(endpoint: string): number {
	const before = faultCount();
	t.emulator.faults.random({
		rate: 0.2,
		kinds: KINDS,
		seed: 19,
		endpoint,
		retryAfterMs: 20,
		delayMs: 200,
	});
	return before;
}

/** Each input's output items, checking that every input has exactly one, in order. */
function outcomes(items: INodeExecutionData[]): INodeExecutionData[] {
	expect(pairedIndexes(items)).toEqual(Array.from({ length: ITEMS }, (_, index) => index));
	for (const item of items.filter((i) => i.json.error))
		expect(String(item.json.error)).toMatch(
			/^Azure Communication Services returned \d{3} |^Could not reach Azure Communication Services: /,
		);
	return items;
}

/**
 * Retries of one item reuse its Repeatability-Request-ID: some IDs were sent more than once (the
 * faults made retries), and none was shared by two items.
 */
function expectRetriesReusedTheirId(endpoint: string, inputOf: (body: unknown) => unknown) {
	const inputsById = new Map<string, Set<unknown>>();
	for (const request of t.emulator.requests().filter((r) => r.endpoint === endpoint)) {
		const id = String(request.headers['repeatability-request-id']);
		const inputs = inputsById.get(id) ?? new Set();
		inputs.add(inputOf(JSON.parse(request.body.toString('utf8'))));
		inputsById.set(id, inputs);
	}
	expect([...inputsById.values()].filter((inputs) => inputs.size > 1)).toEqual([]);
	const sent = t.emulator.requests().filter((r) => r.endpoint === endpoint).length;
	expect(sent).toBeGreaterThan(inputsById.size);
	expect(inputsById.size).toBe(ITEMS);
}

function summary(
	name: string,
	endpoint: string,
	items: INodeExecutionData[],
	started: number,
	faultsBefore: number,
) {
	const errors = items.filter((item) => item.json.error).length;
	const faults = faultCount() - faultsBefore;
	const requests = t.emulator.counts()[endpoint] ?? 0;
	console.log(
		`${name}: ${ITEMS} items, ${KINDS.join('/')} at 20%: ${faults} faults, ${requests} requests (${requests - ITEMS} extra), ${ITEMS - errors} successes, ${errors} errors, ${((Date.now() - started) / 1000).toFixed(1)} s`,
	);
}

describe('Fault injection (ACS call)', () => {
	it('answer: 1,000 incoming calls, none answered twice', async () => {
		const incoming = Array.from({ length: ITEMS }, () => t.emulator.calls.incoming());
		const faultsBefore = injectFaults('acs.calling.answer');
		const started = Date.now();
		const result = await t.runAcs(
			'accessKey',
			{
				resource: 'call',
				operation: 'answer',
				incomingCallContext: '={{ $json.context }}',
				callbackUri: CALLBACK_URI,
				options,
			},
			{
				items: incoming.map((call) => ({ context: call.incomingCallContext })),
				continueOnFail: true,
				timeoutMs: 280_000,
			},
		);
		expect(result.error).toBeUndefined();
		const items = outcomes(result.items);

		const answered = t.emulator.calls.list().filter((call) => call.answered > 0);
		const byContext = new Map(answered.map((call) => [call.incomingCallContext, call]));
		expect(byContext.size).toBe(answered.length);
		for (const [index, call] of incoming.entries()) {
			expect(t.emulator.calls.answerCount(call.incomingCallContext)).toBeLessThanOrEqual(1);
			const item = items[index];
			if (item.json.error) continue;
			const connection = byContext.get(call.incomingCallContext);
			expect(t.emulator.calls.answerCount(call.incomingCallContext)).toBe(1);
			expect(item.json).toMatchObject({
				callConnectionId: connection?.callConnectionId,
				serverCallId: call.serverCallId,
			});
		}
		expect(items.filter((item) => !item.json.error).length).toBeGreaterThan(ITEMS * 0.9);
		expectRetriesReusedTheirId(
			'acs.calling.answer',
			(body) => (body as { incomingCallContext: string }).incomingCallContext,
		);
		summary('answer', 'acs.calling.answer', items, started, faultsBefore);
	}, 300_000);

	it('create: 1,000 calls, none placed twice', async () => {
		const faultsBefore = injectFaults('acs.calling.create');
		const started = Date.now();
		const users = [t.emulator.fixtures.acs.users.alice, t.emulator.fixtures.acs.users.bob];
		const result = await t.runAcs(
			'accessKey',
			{
				resource: 'call',
				operation: 'create',
				targets: '={{ $json.target }}',
				sourceCallerIdNumber: t.emulator.fixtures.acs.phoneNumbers.main,
				callbackUri: CALLBACK_URI,
				options: { ...options, operationContext: '={{ $json.context }}' },
			},
			{
				items: Array.from({ length: ITEMS }, (_, index) => ({
					target: index % 3 === 0 ? '+14255550123' : users[index % 2],
					context: `item ${index}`,
				})),
				continueOnFail: true,
				timeoutMs: 280_000,
			},
		);
		expect(result.error).toBeUndefined();
		const items = outcomes(result.items);

		const placed = new Map<string, string[]>();
		for (const call of t.emulator.calls.list().filter((c) => c.created > 0))
			placed.set(call.operationContext ?? '', [
				...(placed.get(call.operationContext ?? '') ?? []),
				call.callConnectionId,
			]);
		expect([...placed].filter(([, ids]) => ids.length > 1)).toEqual([]);
		for (const [index, item] of items.entries()) {
			if (item.json.error) continue;
			expect(placed.get(`item ${index}`)).toEqual([item.json.callConnectionId]);
		}
		expect(items.filter((item) => !item.json.error).length).toBeGreaterThan(ITEMS * 0.9);
		expectRetriesReusedTheirId(
			'acs.calling.create',
			(body) => (body as { operationContext: string }).operationContext,
		);
		summary('create', 'acs.calling.create', items, started, faultsBefore);
	}, 300_000);
});
