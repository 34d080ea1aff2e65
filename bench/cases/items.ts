/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev-only benchmark code: runs on Node and never ships in dist */
/**
 * Items per second: the package's node, n8n's HTTP Request node and a plain `fetch` loop doing the same
 * 2,000 requests, round by round (so the ratios come from the same round), in a fresh process.
 *
 * - chat: `chatMessage/get` with Bearer. The node uses the access-key credential and a Chat User ID, so it
 *   mints one user token per round (a new credential each round) and reuses it; the HTTP Request node and
 *   fetch send a token minted beforehand.
 * - media: `media/download` of `generated-<bytes>` with HMAC. The node signs every request; HTTP Request
 *   cannot sign, so it and fetch send the headers of one signature made beforehand (all items fetch the
 *   same URL, so one signature fits all): the equivalent unsigned request.
 */
import { performance } from 'node:perf_hooks';

import type { EmulatorInfo } from '../lib/emulator-process';
import { caseInput, connectEmulator, report } from '../lib/processes';
import {
	ACS_NODE,
	ACS_SWEEP_NODE,
	createBenchSetup,
	emptyItems,
	HTTP_REQUEST_NODE,
	type BenchSetup,
} from '../lib/setup';
import { DEFAULT_MAX_CONCURRENCY } from '../../shared/reliability';

export interface ItemsInput {
	emu: EmulatorInfo;
	items: number;
	rounds: number;
	mediaBytes: number;
	/** Concurrencies for the sweep (node with that bound, fetch with that many workers); [] skips it. */
	sweep: number[];
	sweepItems: number;
	sweepRounds: number;
}

export type Target = 'node' | 'httpRequest' | 'fetch';
export type Workload = 'chat' | 'media';

export interface ItemsOutput {
	/** items/s per workload, target and round. */
	rates: Record<Workload, Record<Target, number[]>>;
	/** CPU microseconds per item in the measured process, per workload, target and round. */
	cpuPerItem: Record<Workload, Record<Target, number[]>>;
	/** Identity issueAccessToken requests per node chat round. */
	identityRequests: number[];
	/** Requests the emulator saw per node round (items + token), as a check. */
	requestsPerRound: Record<Workload, number[]>;
	/** sweep[workload][target][concurrency] = items/s per round. */
	sweep: Record<Workload, Record<'node' | 'fetch', Record<string, number[]>>>;
}

const input = caseInput<ItemsInput>();
const emulator = connectEmulator(input.emu);

async function fetchLoop(
	n: number,
	concurrency: number,
	url: string,
	headers: Record<string, string>,
	media: boolean,
): Promise<void> {
	let next = 0;
	const worker = async () => {
		while (next < n) {
			next++;
			const response = await fetch(url, { headers });
			if (response.status !== 200) throw new Error(`fetch: HTTP ${response.status}`);
			if (media) await response.arrayBuffer();
			else await response.json();
		}
	};
	await Promise.all(Array.from({ length: Math.min(concurrency, n) }, worker));
}

/** CPU time of this (the measured) process per item of the last timed run, in microseconds. */
let lastCpuPerItem = 0;

async function timed(n: number, work: () => Promise<void>): Promise<number> {
	(globalThis as { gc?: () => void }).gc?.();
	const cpu = process.cpuUsage();
	const started = performance.now();
	await work();
	const seconds = (performance.now() - started) / 1000;
	const used = process.cpuUsage(cpu);
	lastCpuPerItem = (used.user + used.system) / n;
	return n / seconds;
}

function expectItems(count: number, n: number, what: string): void {
	if (count !== n) throw new Error(`${what}: ${count} output items, expected ${n}`);
}

async function main(): Promise<void> {
	const s: BenchSetup = createBenchSetup(input.emu);
	const { acs } = input.emu;
	const token = await emulator.userToken(acs.memberUserId);
	const bearer = s.bearerCredential(token);
	const chatUrl = s.chatUrl();
	const mediaUrl = s.mediaUrl(`${acs.generatedMediaPrefix}${input.mediaBytes}`);
	const chatParams = (extra = {}) => ({
		authentication: 'accessKey',
		resource: 'chatMessage',
		operation: 'get',
		chatUserId: acs.memberUserId,
		chatThreadId: acs.threadId,
		chatMessageId: acs.messageId,
		...extra,
	});
	const mediaParams = {
		authentication: 'accessKey',
		resource: 'media',
		operation: 'download',
		mediaId: `${acs.generatedMediaPrefix}${input.mediaBytes}`,
	};

	const runners: Record<Workload, Record<Target, (n: number) => Promise<number>>> = {
		chat: {
			node: async (n) =>
				await timed(n, async () => {
					const r = await s.run(
						ACS_NODE,
						chatParams(),
						{ azureCommunicationServicesApi: s.accessKeyCredential() },
						emptyItems(n),
					);
					expectItems(r.items.length, n, 'node chat');
				}),
			httpRequest: async (n) =>
				await timed(n, async () => {
					const r = await s.run(
						HTTP_REQUEST_NODE,
						{
							method: 'GET',
							url: chatUrl,
							authentication: 'genericCredentialType',
							genericAuthType: 'httpHeaderAuth',
							options: {},
						},
						{ httpHeaderAuth: bearer },
						emptyItems(n),
					);
					expectItems(r.items.length, n, 'HTTP Request chat');
				}),
			fetch: async (n) =>
				await timed(
					n,
					async () =>
						await fetchLoop(
							n,
							DEFAULT_MAX_CONCURRENCY,
							chatUrl,
							{ authorization: `Bearer ${token}` },
							false,
						),
				),
		},
		media: {
			node: async (n) =>
				await timed(n, async () => {
					const r = await s.run(
						ACS_NODE,
						mediaParams,
						{ azureCommunicationServicesApi: s.accessKeyCredential() },
						emptyItems(n),
					);
					expectItems(r.items.length, n, 'node media');
					if (r.items[0].json.fileSize !== input.mediaBytes)
						throw new Error('node media: wrong size');
				}),
			httpRequest: async (n) => {
				const headers = s.presignedHeaders(mediaUrl);
				return await timed(n, async () => {
					const r = await s.run(
						HTTP_REQUEST_NODE,
						{
							method: 'GET',
							url: mediaUrl,
							sendHeaders: true,
							headerParameters: {
								parameters: Object.entries(headers).map(([name, value]) => ({ name, value })),
							},
							options: { response: { response: { responseFormat: 'file' } } },
						},
						{},
						emptyItems(n),
					);
					expectItems(r.items.length, n, 'HTTP Request media');
					if (r.items[0].binary?.data?.bytes !== input.mediaBytes)
						throw new Error('HTTP Request media: wrong size');
				});
			},
			fetch: async (n) => {
				const headers = s.presignedHeaders(mediaUrl);
				return await timed(
					n,
					async () => await fetchLoop(n, DEFAULT_MAX_CONCURRENCY, mediaUrl, headers, true),
				);
			},
		},
	};

	const out: ItemsOutput = {
		rates: {
			chat: { node: [], httpRequest: [], fetch: [] },
			media: { node: [], httpRequest: [], fetch: [] },
		},
		cpuPerItem: {
			chat: { node: [], httpRequest: [], fetch: [] },
			media: { node: [], httpRequest: [], fetch: [] },
		},
		identityRequests: [],
		requestsPerRound: { chat: [], media: [] },
		sweep: { chat: { node: {}, fetch: {} }, media: { node: {}, fetch: {} } },
	};
	const targets: Target[] = ['node', 'httpRequest', 'fetch'];

	// Warm-up, full size: module loading and JIT of every path, in this process and in the emulator's.
	for (const workload of ['chat', 'media'] as const)
		for (const t of targets) await runners[workload][t](input.items);

	for (const workload of ['chat', 'media'] as const) {
		for (let round = 0; round < input.rounds; round++) {
			// The order rotates from round to round, so that no target always runs first or last.
			for (const t of [...targets.slice(round % 3), ...targets.slice(0, round % 3)]) {
				await emulator.reset();
				out.rates[workload][t].push(await runners[workload][t](input.items));
				out.cpuPerItem[workload][t].push(lastCpuPerItem);
				if (t === 'node') {
					const counts = await emulator.counts();
					out.requestsPerRound[workload].push(counts.total ?? 0);
					if (workload === 'chat')
						out.identityRequests.push(counts['acs.identity.issueAccessToken'] ?? 0);
				}
			}
			process.stderr.write(
				`  items ${workload} latency=${input.emu.latencyMs}ms round ${round + 1}: ${targets.map((t) => `${t} ${out.rates[workload][t][round].toFixed(0)}/s`).join(', ')}\n`,
			);
		}
	}

	for (const workload of ['chat', 'media'] as const) {
		for (const c of input.sweep) {
			for (let round = 0; round < input.sweepRounds; round++) {
				const n = input.sweepItems;
				s.setSweepConcurrency(c);
				await emulator.reset();
				const nodeRate = await timed(n, async () => {
					const params = workload === 'chat' ? chatParams() : mediaParams;
					const r = await s.run(
						ACS_SWEEP_NODE,
						params,
						{ azureCommunicationServicesApi: s.accessKeyCredential() },
						emptyItems(n),
					);
					expectItems(r.items.length, n, `sweep node ${workload}`);
				});
				const url = workload === 'chat' ? chatUrl : mediaUrl;
				const headers =
					workload === 'chat' ? { authorization: `Bearer ${token}` } : s.presignedHeaders(mediaUrl);
				const fetchRate = await timed(
					n,
					async () => await fetchLoop(n, c, url, headers, workload === 'media'),
				);
				(out.sweep[workload].node[c] ??= []).push(nodeRate);
				(out.sweep[workload].fetch[c] ??= []).push(fetchRate);
			}
			process.stderr.write(
				`  sweep ${workload} latency=${input.emu.latencyMs}ms c=${c}: node ${out.sweep[workload].node[c].map((x) => x.toFixed(0)).join('/')}, fetch ${out.sweep[workload].fetch[c].map((x) => x.toFixed(0)).join('/')}\n`,
			);
		}
	}

	await s.close();
	report(out);
}

main().catch((error: unknown) => {
	process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
	process.exit(1);
});
