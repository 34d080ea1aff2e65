/* eslint-disable no-console -- prints the fault-injection summary */
import type { INodeExecutionData } from 'n8n-workflow';

import type { FaultKind } from '../../emulator';
import { createTestContext, pairedIndexes, type TestContext } from '../nodes/context';

/**
 * SMS send under faults: 1,000 recipients (100 items × 10 recipients) while the emulator injects a fault
 * into 20% of the requests to POST /sms. With Continue On Fail every item ends in input order (ten
 * recipient items or one error item), and no recipient gets the SMS twice: a retry after a lost or
 * cut-off answer carries the same per-recipient repeatabilityRequestId and repeatabilityFirstSent, which
 * the emulator (like ACS) answers from the first attempt. Not part of faults.ts's shared suite: an item
 * gives ten output items and ten messages.
 */
const ITEMS = 100;
const RECIPIENTS = 10;
const KINDS: FaultKind[] = ['429', '503', '500', 'drop', 'slow', 'truncate', 'hang'];
const options = { timeout: 3000 };

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
	t.emulator.faults.clear();
});

const items = Array.from({ length: ITEMS }, (_, i) => ({
	text: `item ${i}`,
	to: Array.from(
		{ length: RECIPIENTS },
		(_, r) => `+1425${String(i * RECIPIENTS + r).padStart(7, '0')}`,
	),
}));

const run = () =>
	t.runAcs(
		'accessKey',
		{
			resource: 'sms',
			operation: 'send',
			from: t.emulator.fixtures.acs.phoneNumbers.main,
			to: '={{ $json.to }}',
			message: '={{ $json.text }}',
			options,
		},
		{ items, continueOnFail: true, timeoutMs: 280_000 },
	);

it('SMS send: 1,000 recipients under 20% faults, each item once in order, no SMS sent twice', async () => {
	t.emulator.faults.random({
		rate: 0.2,
		kinds: KINDS,
		seed: 42,
		endpoint: 'acs.sms.send',
		retryAfterMs: 20,
		delayMs: 200,
	});
	const started = Date.now();
	const result = await run();
	const seconds = (Date.now() - started) / 1000;
	expect(result.error).toBeUndefined();

	const perInput = new Map<number, INodeExecutionData[]>();
	for (const item of result.items) {
		const [index] = pairedIndexes([item]);
		perInput.set(index, [...(perInput.get(index) ?? []), item]);
	}
	expect([...perInput.keys()]).toEqual(items.map((_, index) => index));

	// Each (message, recipient) at most once in the outbox.
	const sent = new Map<string, string[]>();
	for (const message of t.emulator.outbox().filter((m) => m.service === 'sms')) {
		const key = `${String(message.request.message)}|${message.to}`;
		sent.set(key, [...(sent.get(key) ?? []), message.id]);
	}
	expect([...sent].filter(([, ids]) => ids.length > 1)).toEqual([]);

	let errors = 0;
	for (const [index, input] of items.entries()) {
		const list = perInput.get(index)!;
		if (list[0].json.error) {
			errors++;
			expect(list).toHaveLength(1);
			expect(String(list[0].json.error)).toMatch(
				/^Azure Communication Services returned \d{3} |^Could not reach Azure Communication Services: /,
			);
			continue;
		}
		// Every recipient once, successful, with the message ID of its one SMS in the outbox.
		expect(list.map((item) => item.json.to)).toEqual(input.to);
		for (const item of list) {
			expect(item.json.successful).toBe(true);
			expect(sent.get(`${input.text}|${String(item.json.to)}`)).toEqual([item.json.messageId]);
		}
	}
	const faults = Object.values(t.emulator.faults.stats()).reduce((a, b) => a + b, 0);
	console.log(
		`SMS send under faults: ${ITEMS} items × ${RECIPIENTS} recipients, ${faults} faults injected, ${t.emulator.requests().length} requests, ${ITEMS - errors} items sent, ${errors} error items, ${sent.size} SMS in the outbox, ${seconds.toFixed(1)} s`,
	);
	expect(errors).toBeLessThan(ITEMS);
}, 300_000);
