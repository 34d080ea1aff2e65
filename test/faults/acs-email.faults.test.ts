/* eslint-disable no-console -- prints the fault-injection summary */
import type { FaultKind } from '../../emulator';
import { createTestContext, pairedIndexes, type TestContext } from '../nodes/context';

/**
 * Email send under faults: 1,000 items, each one email waited for until it Succeeded, while the
 * emulator injects a fault into 20% of the sends and of the status polls. A send whose answer was lost
 * (cut short, dropped, timed out, a 5xx) is looked up under its Operation-Id before it is sent again, so
 * the outbox must hold exactly one email per item. Retries is raised to 10 so that no item runs out of
 * attempts (four faults in a row would otherwise end about 2 in 1,000 items as error items): each item
 * then has a known outcome to check against the outbox; error items are covered by the node tests.
 */
const ITEMS = 1000;
const KINDS: FaultKind[] = ['429', '503', '500', 'drop', 'slow', 'truncate', 'hang'];

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());

it('Email send: 1,000 items under 20% faults, each item once in order, one email per item', async () => {
	t.emulator.resetFixtures();
	t.emulator.email.configure({ retryAfterSeconds: 0 });
	t.emulator.faults.random({
		rate: 0.2,
		kinds: KINDS,
		seed: 20,
		endpoint: /^acs\.email\.(send|operation)$/,
		retryAfterMs: 20,
		delayMs: 200,
	});
	const items = Array.from({ length: ITEMS }, (_, i) => ({ subject: `item ${i}` }));
	const started = Date.now();
	const result = await t.runAcs(
		'accessKey',
		{
			resource: 'email',
			operation: 'send',
			senderAddress: t.emulator.fixtures.acs.email.senderAddress,
			to: t.emulator.fixtures.acs.email.customer,
			subject: '={{ $json.subject }}',
			plainText: 'Your order has shipped.',
			options: { timeout: 3000, maxRetries: 10 },
		},
		{ items, continueOnFail: true, timeoutMs: 280_000 },
	);
	const seconds = (Date.now() - started) / 1000;
	expect(result.error).toBeUndefined();
	expect(pairedIndexes(result.items)).toEqual(items.map((_, index) => index));

	const sentBySubject = new Map<string, string[]>();
	for (const email of t.emulator.outbox().filter((m) => m.service === 'email')) {
		const { subject } = email.request.content as { subject: string };
		sentBySubject.set(subject, [...(sentBySubject.get(subject) ?? []), email.id]);
	}
	expect([...sentBySubject].filter(([, ids]) => ids.length > 1)).toEqual([]);
	expect(sentBySubject.size).toBe(ITEMS);
	for (const [index, item] of result.items.entries()) {
		expect(item.json).toEqual({
			id: sentBySubject.get(items[index].subject)![0],
			status: 'Succeeded',
		});
	}

	const sends = t.emulator.requests().filter((r) => r.endpoint === 'acs.email.send');
	const lostAnswers = sends.filter((r) => r.fault === 'truncate').length;
	const neverArrived = sends.filter((r) => r.fault === 'drop' || r.fault === 'hang').length;
	// The faults this test is about did happen: answers lost after the email was accepted, and sends
	// that never arrived and had to be sent again.
	expect(lostAnswers).toBeGreaterThan(0);
	expect(neverArrived).toBeGreaterThan(0);
	const faults = Object.values(t.emulator.faults.stats()).reduce((a, b) => a + b, 0);
	console.log(
		`Email send under faults: ${ITEMS} items, ${faults} faults injected, ${t.emulator.requests().length} requests (${sends.length} sends: ${lostAnswers} answers lost, ${neverArrived} never arrived), ${sentBySubject.size} emails in the outbox, ${seconds.toFixed(1)} s`,
	);
}, 300_000);
