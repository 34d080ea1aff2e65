/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions, no-console -- dev-only benchmark code: runs on Node and never ships in dist */
/**
 * Why a download is slower inside n8n than in a small process. The loop n8n's filesystem binary store
 * runs (`fs.promises.writeFile(file, response)` over loopback HTTP) is timed in this process twice: with
 * its own small heap, then with about 400 MB of live objects added (an n8n process holds about 200 MB).
 * Every socket read is a buffer outside V8's heap; on Node 24 (the Node n8n 2.41 runs on) V8 answers
 * that growth with full (mark-compact) collections, and each one marks the whole heap, so the same
 * collections cost far more in a big process. Prints MB/s and the full collections of each download.
 *
 *   <n8n's node> node_modules/tsx/dist/cli.mjs bench/download-heap.ts [MB]
 */
import { fork } from 'node:child_process';
import { writeFile, rm } from 'node:fs/promises';
import { get, createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PerformanceObserver, constants } from 'node:perf_hooks';

const serving = process.argv[2] === 'serve';
const bytes = Number(process.argv[serving ? 3 : 2] ?? 500) * 1e6;

function serve(): void {
	const block = Buffer.alloc(1 << 20, 7);
	const server = createServer((_request, response) => {
		response.writeHead(200, { 'content-length': bytes });
		let sent = 0;
		const pump = () => {
			while (sent < bytes) {
				const size = Math.min(block.length, bytes - sent);
				sent += size;
				if (!response.write(size === block.length ? block : block.subarray(0, size))) {
					response.once('drain', pump);
					return;
				}
			}
			response.end();
		};
		pump();
	});
	server.listen(0, '127.0.0.1', () => {
		const address = server.address();
		process.send?.(typeof address === 'object' && address ? address.port : 0);
	});
}

async function download(port: number): Promise<{ mbps: number; fullCollections: number }> {
	let fullCollections = 0;
	const observer = new PerformanceObserver((list) => {
		for (const entry of list.getEntries()) {
			const { detail } = entry as unknown as { detail?: { kind?: number } };
			if (detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) fullCollections += 1;
		}
	});
	observer.observe({ entryTypes: ['gc'] });
	const file = join(tmpdir(), `download-heap-${process.pid}.bin`);
	const started = process.hrtime.bigint();
	await new Promise<void>((resolve, reject) => {
		get(`http://127.0.0.1:${port}/`, (response) => {
			writeFile(file, response).then(resolve, reject);
		}).on('error', reject);
	});
	const seconds = Number(process.hrtime.bigint() - started) / 1e9;
	observer.disconnect();
	await rm(file, { force: true });
	return { mbps: bytes / seconds / 1e6, fullCollections };
}

async function main(): Promise<void> {
	const server = fork(__filename, ['serve', String(bytes / 1e6)], { stdio: 'inherit' });
	const port = await new Promise<number>((resolve) =>
		server.once('message', (m) => resolve(Number(m))),
	);
	try {
		const small = await download(port);
		// Live objects the collector has to mark, as n8n's own are.
		const ballast = Array.from({ length: 3e6 }, (_, i) => ({ i, text: `x${i}`, list: [i] }));
		const big = await download(port);
		const heapMb = process.memoryUsage().heapUsed / 2 ** 20;
		console.log(
			[
				`${bytes / 1e6} MB through fs.promises.writeFile(file, response), Node ${process.version}:`,
				`  small heap: ${small.mbps.toFixed(0)} MB/s, ${small.fullCollections} full collections`,
				`  heap of ${heapMb.toFixed(0)} MB: ${big.mbps.toFixed(0)} MB/s, ${big.fullCollections} full collections`,
			].join('\n'),
		);
		void ballast.length;
	} finally {
		server.kill();
	}
}

if (serving) {
	serve();
} else {
	main().catch((error: unknown) => {
		console.error(error);
		process.exit(1);
	});
}
