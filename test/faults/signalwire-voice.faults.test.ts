/* eslint-disable no-console -- prints the fault-injection summary */
import type { INodeExecutionData } from 'n8n-workflow';

import type { FaultKind } from '../../emulator';
import { createTestContext, pairedIndexes, type TestContext } from '../nodes/context';

/**
 * Call create under faults: 300 calls while the emulator injects a fault into 20% of the requests to
 * POST Calls.json. With Continue On Fail every item ends exactly once in input order (the call, or an
 * error item), and no call is placed twice: SignalWire has no idempotency key, so the node repeats a
 * create only when the answer proves nothing was done (429, 503 before processing) and otherwise
 * reports that the call may or may not have been placed. Each call carries its item's marker in the
 * spoken text, which is how the emulator's record of placed calls is matched to the items.
 */
const ITEMS = 300;
const KINDS: FaultKind[] = ['429', '503', '500', 'drop', 'slow', 'truncate', 'hang'];

let t: TestContext;
beforeAll(async () => (t = await createTestContext()));
afterAll(async () => await t.close());
beforeEach(() => {
	t.emulator.resetCounters();
	t.emulator.resetFixtures();
	t.emulator.faults.clear();
});

const marker = (index: number) => `marker-${index}-end`;
const items = Array.from({ length: ITEMS }, (_, i) => ({ text: marker(i) }));

/** How many placed calls carry each marker. */
function placedPerMarker(): Map<string, { count: number; sids: string[] }> {
	const placed = new Map<string, { count: number; sids: string[] }>();
	for (const call of t.emulator.signalwire.calls()) {
		const text = JSON.stringify(call);
		const found = /marker-\d+-end/.exec(text)?.[0];
		if (!found) continue;
		const entry = placed.get(found) ?? { count: 0, sids: [] };
		entry.count += 1;
		entry.sids.push(...(text.match(/"sid":"([^"]+)"/)?.slice(1) ?? []));
		placed.set(found, entry);
	}
	return placed;
}

it('places each call at most once under 20% faults, every item once and in order', async () => {
	t.emulator.faults.random({
		rate: 0.2,
		kinds: KINDS,
		seed: 42,
		endpoint: 'signalwire.calls.create',
		retryAfterMs: 20,
		delayMs: 200,
	});
	const started = Date.now();
	const result = await t.runSignalWire(
		{
			resource: 'call',
			operation: 'create',
			from: t.emulator.fixtures.signalwire.numbers.project,
			to: t.emulator.fixtures.signalwire.numbers.customer,
			answerWith: 'say',
			say: '={{ $json.text }}',
			options: { timeout: 3000 },
		},
		{ items, continueOnFail: true, timeoutMs: 280_000 },
	);
	const seconds = (Date.now() - started) / 1000;
	expect(result.error).toBeUndefined();
	expect(pairedIndexes(result.items)).toEqual(items.map((_, index) => index));

	const placed = placedPerMarker();
	expect([...placed].filter(([, entry]) => entry.count > 1)).toEqual([]);
	const failures: INodeExecutionData[] = [];
	for (const [index, item] of result.items.entries()) {
		if (item.json.error) {
			failures.push(item);
			expect(String(item.json.error)).toMatch(
				/^SignalWire returned \d{3} |^Could not reach SignalWire: /,
			);
			continue;
		}
		expect(placed.get(marker(index))?.sids ?? [item.json.sid]).toContain(item.json.sid);
		expect(placed.get(marker(index))?.count).toBe(1);
	}
	const byKind: Record<string, number> = {};
	for (const failure of failures) {
		const details = (failure.json.details ?? {}) as { httpStatus?: number; code?: string };
		const kind = details.httpStatus ? String(details.httpStatus) : (details.code ?? 'other');
		byKind[kind] = (byKind[kind] ?? 0) + 1;
	}
	console.log(
		`SignalWire call/create under faults: ${ITEMS} items, ${ITEMS - failures.length} calls, ${placed.size} placed, ${failures.length} errors (${JSON.stringify(byKind)}), faults ${JSON.stringify(t.emulator.faults.stats())}, ${seconds.toFixed(1)} s`,
	);
}, 300_000);
