/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { CallAutomationClient } from '@azure/communication-call-automation';
import { createServer } from 'http';
import type { AddressInfo } from 'net';

import { createTestContext, type TestContext } from './context';

/**
 * The lifecycle of a call test file: a test context and a callback sink made before its tests, request
 * counters reset before each test, both closed after (the context's close runs the leak check).
 */
export function setUpCallTests(use: (t: TestContext, sink: CallbackSink) => void): void {
	let t: TestContext | undefined;
	let sink: CallbackSink | undefined;
	beforeAll(async () => {
		t = await createTestContext();
		sink = await callbackSink();
		use(t, sink);
	});
	afterAll(async () => {
		await sink?.close();
		await t?.close();
	});
	beforeEach(() => t!.emulator.resetCounters());
}

/** One Call Automation callback event as posted (a CloudEvent of the posted array). */
export interface CallbackEvent {
	type: string;
	data: Record<string, unknown>;
	authorization?: string;
}

export interface CallbackSink {
	/** A loopback http URL: the emulator delivers callbacks to loopback hosts only. */
	url: string;
	events: CallbackEvent[];
	waitFor(predicate: (event: CallbackEvent) => boolean, timeoutMs?: number): Promise<CallbackEvent>;
	close(): Promise<void>;
}

/** A tiny HTTP server that collects the CloudEvents arrays posted to it. */
export async function callbackSink(): Promise<CallbackSink> {
	const events: CallbackEvent[] = [];
	const waiters: Array<() => void> = [];
	const server = createServer((request, response) => {
		const chunks: Buffer[] = [];
		request.on('data', (chunk: Buffer) => chunks.push(chunk));
		request.on('end', () => {
			const posted = JSON.parse(Buffer.concat(chunks).toString('utf8')) as CallbackEvent[];
			for (const event of posted)
				events.push({ ...event, authorization: request.headers.authorization });
			response.writeHead(200).end();
			for (const wake of waiters.splice(0)) wake();
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as AddressInfo;
	return {
		url: `http://127.0.0.1:${port}/callbacks`,
		events,
		async waitFor(predicate, timeoutMs = 5000) {
			const deadline = Date.now() + timeoutMs;
			for (;;) {
				const found = events.find(predicate);
				if (found) return found;
				const left = deadline - Date.now();
				if (left <= 0) {
					throw new Error(
						`No matching callback within ${timeoutMs} ms; got ${events.map((e) => e.type).join(', ')}`,
					);
				}
				await new Promise<void>((resolve) => {
					const timer = setTimeout(resolve, left);
					waiters.push(() => {
						clearTimeout(timer);
						resolve();
					});
				});
			}
		},
		close: () => new Promise<void>((resolve) => server.close(() => resolve())),
	};
}

/**
 * An incoming call of the simulator, answered with the official SDK so that its callbacks go to `sink`
 * (the node's own answer operation belongs to the `call` resource), with Cognitive Services if given
 * (text, SSML and speech need it); resolves once CallConnected arrived.
 */
export async function connectedCall(
	t: TestContext,
	sink: CallbackSink,
	options: Parameters<TestContext['emulator']['calls']['incoming']>[0] = {},
	answer: { cognitiveServicesEndpoint?: string } = {},
) {
	const incoming = t.emulator.calls.incoming(options);
	const client = new CallAutomationClient(t.emulator.acs.connectionString, {
		allowInsecureConnection: true,
	});
	const answered = await client.answerCall(
		incoming.incomingCallContext,
		sink.url,
		answer.cognitiveServicesEndpoint
			? { callIntelligenceOptions: { cognitiveServicesEndpoint: answer.cognitiveServicesEndpoint } }
			: {},
	);
	const { callConnectionId, serverCallId } = answered.callConnectionProperties;
	await sink.waitFor(
		(event) =>
			event.type === 'Microsoft.Communication.CallConnected' &&
			event.data.callConnectionId === callConnectionId,
	);
	return {
		callConnectionId: callConnectionId!,
		serverCallId: serverCallId!,
		caller: incoming.from,
	};
}
