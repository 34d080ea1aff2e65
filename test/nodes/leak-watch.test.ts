import { startEmulator, type Emulator } from '../../emulator';
import type { RunResult } from '../harness';
import { LeakWatch } from './context';

/** The leak check that every workflow test file runs at the end must itself catch leaks. */
let emulator: Emulator;
beforeAll(async () => (emulator = await startEmulator()));
afterAll(async () => await emulator.close());

const result = (json: object, error?: object) =>
	({ items: [{ json }], error }) as unknown as RunResult;

it.each([
	['the access key in an item', (e: Emulator) => result({ key: e.acs.accessKey })],
	[
		'the SignalWire token in an error description',
		(e: Emulator) => result({}, { message: 'x', description: `token ${e.signalwire.apiToken}` }),
	],
	[
		'a Basic header, base64',
		(e: Emulator) =>
			result({
				h: Buffer.from(`${e.signalwire.projectId}:${e.signalwire.apiToken}`).toString('base64'),
			}),
	],
	['the Entra client secret', (e: Emulator) => result({ s: e.acs.entra.clientSecret })],
])('catches %s', (_, make) => {
	const watch = new LeakWatch(emulator);
	watch.record(make(emulator));
	expect(() => watch.assertNothingLeaked([])).toThrow(/Secrets leaked/);
});

it('catches a bearer token seen on the wire, in the logs', async () => {
	const { token } = emulator.issueUserToken(emulator.fixtures.acs.users.member);
	emulator.resetCounters();
	await fetch(`${emulator.url}/chat/threads?api-version=2025-03-15`, {
		headers: { authorization: `Bearer ${token}` },
	});
	const watch = new LeakWatch(emulator);
	watch.record(result({ ok: true }));
	expect(() => watch.assertNothingLeaked([])).not.toThrow();
	expect(() => watch.assertNothingLeaked([{ message: `sent ${token}` }])).toThrow(/Secrets leaked/);
});
