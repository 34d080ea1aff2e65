/* eslint-disable no-console -- prints the fault-injection summary */
import type { FaultKind } from '../../emulator';
import { createTestContext, pairedIndexes, sha256, type TestContext } from '../nodes/context';

/**
 * 1,000 recording downloads while the recording storage host injects a fault into 20% of requests,
 * truncated bodies included. With Continue On Fail every item ends exactly once in input order, every
 * successful item's file has its document's sha256, and every failure is a clear error.
 */
const ITEMS = 1000;
const KINDS: FaultKind[] = ['429', '503', '500', 'drop', 'slow', 'truncate', 'hang'];

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());

it('downloads stay intact and in order under 20% faults', async () => {
	const documents = Array.from({ length: 8 }, (_, i) =>
		t.emulator.recordings.create({ bytes: 20_000 + i * 25_013, format: i % 2 ? 'mp3' : 'wav' }),
	);
	const items = Array.from({ length: ITEMS }, (_, i) => ({ n: i, ...documents[i % 8]!.locations }));
	const hashes = new Map<string, string>();
	for (const { document } of documents)
		hashes.set(document.documentId, await t.emulator.recordings.sha256(document.documentId));

	t.emulator.resetCounters();
	t.emulator.faults.random({
		rate: 0.2,
		kinds: KINDS,
		seed: 7,
		endpoint: 'recording.content',
		retryAfterMs: 20,
		delayMs: 200,
	});
	const started = Date.now();
	const result = await t.runAcs(
		'accessKey',
		{
			resource: 'recording',
			operation: 'download',
			contentLocation: '={{ $json.contentLocation }}',
			options: { timeout: 3000 },
		},
		{ items, continueOnFail: true, timeoutMs: 55_000 },
	);
	const seconds = (Date.now() - started) / 1000;
	t.emulator.faults.clear();
	expect(result.error).toBeUndefined();

	expect(pairedIndexes(result.items)).toEqual(items.map((_, index) => index));
	const failures = result.items.filter((item) => item.json.error);
	for (const failure of failures)
		expect(String(failure.json.error)).toMatch(
			/^Azure Communication Services recording storage returned \d{3} |^Could not reach Azure Communication Services recording storage: /,
		);
	for (const [index, item] of result.items.entries()) {
		if (item.json.error) continue;
		expect(item.json.contentLocation).toBe(items[index]!.contentLocation);
		expect(sha256(await result.binary(item, 'data'))).toBe(
			hashes.get(String(item.json.documentId)),
		);
	}
	const stats = t.emulator.faults.stats();
	const injected = Object.values(stats).reduce((a, b) => a + b, 0);
	expect(stats.truncate).toBeGreaterThan(0);
	console.log(
		`Recording download under faults: ${ITEMS} items, ${injected} faults injected (${JSON.stringify(stats)}), ${t.emulator.requests().length} requests, ${ITEMS - failures.length} successes, ${failures.length} errors, ${seconds.toFixed(1)} s`,
	);
	expect(seconds).toBeLessThan(60);
}, 90_000);
