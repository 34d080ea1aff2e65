/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only benchmark code: runs on Node and never ships in dist */
/**
 * The emulator in its own process, so that it neither competes with the measured process's event loop
 * nor counts towards its memory (it still shares the machine's CPUs). Prints one JSON line (`EmulatorInfo`)
 * on stdout once listening, and serves a small control API on loopback:
 *   GET /counts, POST /reset, GET /user-token?user=…
 * Large media come from the emulator's `generated-<bytes>` ids, for ACS and SignalWire alike.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { startEmulator } from '../../emulator';

export interface EmulatorInfo {
	pid: number;
	latencyMs: number;
	url: string;
	controlUrl: string;
	acs: {
		accessKey: string;
		memberUserId: string;
		threadId: string;
		messageId: string;
		generatedMediaPrefix: string;
	};
	signalwire: { projectId: string; apiToken: string; messageSid: string };
}

async function listen(
	handler: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<string> {
	const server = createServer(handler);
	server.keepAliveTimeout = 60_000;
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function send(res: ServerResponse, status: number, body: unknown): void {
	const text = JSON.stringify(body);
	res.writeHead(status, {
		'content-type': 'application/json',
		'content-length': Buffer.byteLength(text),
	});
	res.end(text);
}

async function main(): Promise<void> {
	const latencyMs = Number(process.env.BENCH_LATENCY_MS ?? 0);
	const emu = await startEmulator({ latencyMs, largeMediaBytes: 1024 });
	const f = emu.fixtures;
	const sw = emu.signalwire;

	const controlUrl = await listen((req, res) => {
		const url = new URL(req.url ?? '/', 'http://control');
		if (url.pathname === '/counts') return send(res, 200, emu.counts());
		if (url.pathname === '/reset') {
			emu.resetCounters();
			return send(res, 200, {});
		}
		if (url.pathname === '/user-token') {
			return send(
				res,
				200,
				emu.issueUserToken(url.searchParams.get('user') ?? f.acs.users.member, {
					expiresInMinutes: 120,
				}),
			);
		}
		return send(res, 404, {});
	});

	const info: EmulatorInfo = {
		pid: process.pid,
		latencyMs,
		url: emu.url,
		controlUrl,
		acs: {
			accessKey: emu.acs.accessKey,
			memberUserId: f.acs.users.member,
			threadId: f.acs.chat.threadIds.small,
			messageId: f.acs.chat.smallThread.textId,
			generatedMediaPrefix: f.acs.generatedMediaPrefix,
		},
		signalwire: {
			projectId: sw.projectId,
			apiToken: sw.apiToken,
			messageSid: f.signalwire.messageSids.small,
		},
	};
	process.stdout.write(`${JSON.stringify(info)}\n`);
	const stop = () => void emu.close().then(() => process.exit(0));
	process.on('SIGTERM', stop);
	process.on('SIGINT', stop);
	// The parent holds our stdin open; when it goes away, so do we.
	process.stdin.on('end', stop);
	process.stdin.resume();
}

main().catch((error: unknown) => {
	process.stderr.write(
		`bench emulator failed: ${error instanceof Error ? error.stack : String(error)}\n`,
	);
	process.exit(1);
});
