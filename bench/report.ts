/**
 * BENCHMARKS.md from one run's results. Every figure is the median of the rounds with (min–max); ratios
 * are taken within a round (same process, back to back) and then summarised.
 */
import type { ItemsOutput, Workload } from './cases/items';
import type { LargeOutput, LargeTarget } from './cases/large-media';
import type { SigningOutput } from './cases/signing';
import type { Machine } from './lib/machine';
import { httpRequestVersionLabel } from './lib/versions';
import { fmt, ratio, summarize, type Summary } from './lib/stats';

export type LargeRuns = Partial<Record<LargeTarget, LargeOutput[]>>;
export interface CurlRun {
	seconds: number;
	maxRssBytes?: number;
}

export interface BenchResults {
	machine: Machine;
	plan: Record<string, unknown>;
	signing?: SigningOutput;
	/** By emulator latency (ms). */
	items: Record<number, ItemsOutput>;
	/** By file size (bytes). */
	large: Record<number, LargeRuns>;
	breakdown: Record<number, LargeRuns>;
	curl: Record<number, CurlRun[]>;
	durationSeconds?: number;
	/** The machine's 1-minute load average during the run, sampled every 10 s. */
	load?: { mean: number; max: number };
}

const MIB = 1024 * 1024;
const LARGE_NAMES: Record<LargeTarget, string> = {
	nodeAcs: 'ACS node `media/download`',
	nodeSignalWire: 'SignalWire node `download`',
	httpRequest: 'HTTP Request node (file response)',
	rawToNull: 'socket read only: `http.get`, bytes discarded',
	fetchToNull: 'socket read only: `fetch`, bytes discarded',
	helperToNull: 'socket read only: n8n’s `httpRequest` helper (axios stream), bytes discarded',
	rawToFile: '`http.get` piped to a file (`fs.createWriteStream`)',
	rawWriteFile: '`http.get` into `fs.writeFile(path, stream)` (what n8n’s filesystem store does)',
	storeLocal: '`prepareBinaryData` of a stream generated in-process (binary store write only)',
};

function throughput(bytes: number, runs: { seconds: number }[]): Summary {
	return summarize(runs.map((r) => bytes / 1e6 / r.seconds));
}

function mib(s: Summary): Summary {
	return {
		median: s.median / MIB,
		min: s.min / MIB,
		max: s.max / MIB,
		runs: s.runs.map((x) => x / MIB),
	};
}

function verdict(ok: boolean | undefined): string {
	return ok === undefined ? 'n/a' : ok ? '**met**' : '**missed**';
}

function cpu(out: ItemsOutput, w: Workload): string {
	const c = out.cpuPerItem?.[w];
	if (!c) return 'n/a';
	return (['node', 'httpRequest', 'fetch'] as const)
		.map((t) => summarize(c[t]).median.toFixed(0))
		.join(' / ');
}

function itemsSection(results: BenchResults, lines: string[]): void {
	lines.push('## 1. Items per second', '');
	lines.push(
		`2,000 items per run through n8n's execution engine (n8n-core \`WorkflowExecute\`, Input node → tested node). Chat: \`chatMessage/get\` with Bearer (the node mints one chat token with the access key and reuses it; HTTP Request and fetch send a token minted beforehand with \`httpHeaderAuth\`). Media: \`media/download\` of a 50 KiB file with HMAC (the node signs each request and streams into the binary store; HTTP Request — which cannot sign — and fetch send the headers of one signature made beforehand, and HTTP Request stores a file response). Concurrency: node 32 items at a time (the default of its Max Concurrent Requests option), HTTP Request all 2,000 at once (it starts every item's request before awaiting any), fetch as many workers. \`fetch\` reads the body and discards it (no binary store).`,
		'',
	);
	lines.push(
		'| Workload | Latency | Node items/s | HTTP Request items/s | fetch items/s | node / HTTP Request | node / fetch | CPU µs per item in the n8n process: node / HTTP Request / fetch |',
	);
	lines.push('|---|---|---|---|---|---|---|---|');
	for (const [latency, out] of Object.entries(results.items)) {
		for (const w of ['chat', 'media'] as Workload[]) {
			const r = out.rates[w];
			lines.push(
				`| ${w === 'chat' ? 'chatMessage/get (Bearer)' : 'media/download 50 KiB (HMAC)'} | ${latency} ms | ${fmt(summarize(r.node), 0)} | ${fmt(summarize(r.httpRequest), 0)} | ${fmt(summarize(r.fetch), 0)} | ${fmt(ratio(r.node, r.httpRequest))} | ${fmt(ratio(r.node, r.fetch))} | ${cpu(out, w)} |`,
			);
		}
	}
	lines.push('');
	lines.push('### 4. Token reuse', '');
	lines.push(
		'| Latency | Identity `issueAccessToken` requests per 2,000 chat items (each round) | All requests the emulator saw per round |',
	);
	lines.push('|---|---|---|');
	for (const [latency, out] of Object.entries(results.items)) {
		lines.push(
			`| ${latency} ms | ${out.identityRequests.join(', ')} | ${out.requestsPerRound.chat.join(', ')} |`,
		);
	}
	lines.push('');
	lines.push('### Concurrency sweep', '');
	lines.push(
		"The package's node with its per-item bound set to N (the same operations, only the bound differs; what a `maxConcurrency` option would do) and a `fetch` loop with N workers. Median items/s (min–max).",
		'',
	);
	for (const [latency, out] of Object.entries(results.items)) {
		const concurrencies = Object.keys(out.sweep.chat.node);
		if (concurrencies.length === 0) continue;
		lines.push(
			`Latency ${latency} ms, ${results.plan[Number(latency) ? 'sweepItemsLatency' : 'sweepItems'] as number} items per run:`,
			'',
		);
		lines.push(`| Concurrency | ${concurrencies.join(' | ')} |`);
		lines.push(`|---|${concurrencies.map(() => '---').join('|')}|`);
		for (const w of ['chat', 'media'] as Workload[]) {
			for (const t of ['node', 'fetch'] as const) {
				lines.push(
					`| ${w} ${t === 'node' ? 'node' : 'fetch'} | ${concurrencies.map((c) => fmt(summarize(out.sweep[w][t][c]), 0)).join(' | ')} |`,
				);
			}
		}
		lines.push('');
	}
}

function largeSection(results: BenchResults, lines: string[]): void {
	lines.push('## 2. Large media', '');
	lines.push(
		"One download per fresh process, n8n binary data in filesystem mode (under the OS temp folder, on the same disk as `curl -o`). Peak RSS growth is over the process baseline taken after the harness is up, a 1 MiB warm-up download of the same kind and a full GC; it is the larger of a 10 ms `process.memoryUsage().rss` sampler and the kernel's peak RSS (VmHWM, reset at the baseline). `sync` runs before every download so that no run pays for the previous one's writeback. ACS media is served chunked (no Content-Length), SignalWire media with Content-Length. `curl` is timed from spawn to exit; its figure is its whole peak RSS.",
		'',
	);
	lines.push(
		'| Size | Client | Wall time s | MB/s | Peak RSS growth MiB | vs HTTP Request (time ratio) | share of curl speed |',
	);
	lines.push('|---|---|---|---|---|---|---|');
	for (const [size, runs] of Object.entries(results.large)) {
		const bytes = Number(size);
		const curl = results.curl[bytes] ?? [];
		const http = runs.httpRequest ?? [];
		for (const target of Object.keys(runs) as LargeTarget[]) {
			const r = runs[target]!;
			const secs = r.map((x) => x.seconds);
			const vsHttp =
				target === 'httpRequest'
					? '1'
					: fmt(
							ratio(
								http.map((x) => x.seconds),
								secs,
							),
						);
			const ofCurl = fmt(
				summarize(
					secs.map((s, i) => (curl[i] ? curl[i].seconds / s : NaN)).filter(Number.isFinite),
				),
			);
			lines.push(
				`| ${bytes / 1e6} MB | ${LARGE_NAMES[target]} | ${fmt(summarize(secs))} | ${fmt(throughput(bytes, r), 0)} | ${fmt(mib(summarize(r.map((x) => x.memory.peakGrowth))), 1)} | ${vsHttp} | ${ofCurl} |`,
			);
		}
		if (curl.length) {
			const rss = curl.map((c) => c.maxRssBytes).filter((x): x is number => x !== undefined);
			lines.push(
				`| ${bytes / 1e6} MB | \`curl -s -o\` | ${fmt(summarize(curl.map((c) => c.seconds)))} | ${fmt(throughput(bytes, curl), 0)} | ${rss.length ? `${fmt(mib(summarize(rss)), 1)} (whole process)` : 'n/a'} |  | 1 |`,
			);
		}
	}
	lines.push('');
	lines.push('### Where the download time goes', '');
	for (const [size, runs] of Object.entries(results.breakdown)) {
		const bytes = Number(size);
		lines.push(`${bytes / 1e6} MB of ACS media (chunked), each in a fresh process:`, '');
		lines.push('| Path | Wall time s | MB/s | Peak RSS growth MiB |');
		lines.push('|---|---|---|---|');
		for (const target of Object.keys(runs) as LargeTarget[]) {
			const r = runs[target]!;
			lines.push(
				`| ${LARGE_NAMES[target]} | ${fmt(summarize(r.map((x) => x.seconds)))} | ${fmt(throughput(bytes, r), 0)} | ${fmt(mib(summarize(r.map((x) => x.memory.peakGrowth))), 1)} |`,
			);
		}
		lines.push('');
	}
}

function signingSection(results: BenchResults, lines: string[]): void {
	if (!results.signing) return;
	lines.push('## 3. Signing cost', '');
	lines.push(
		'Microseconds per signature, same requests, same key (median of rounds, min–max). `@azure/communication-common` is timed through its pipeline policy including building the `PipelineRequest` it signs; "package authenticate" is the credential\'s whole `authenticate` (origin check, body serialisation, signing).',
		'',
	);
	lines.push(
		'| Request | package `signAcsRequest` µs | package credential `authenticate` µs | `@azure/communication-common` policy µs | signer / SDK |',
	);
	lines.push('|---|---|---|---|---|');
	for (const [kind, r] of Object.entries(results.signing)) {
		lines.push(
			`| ${kind === 'get' ? 'GET media (no body)' : 'POST issueAccessToken (JSON body)'} | ${fmt(summarize(r.package))} | ${fmt(summarize(r.packageAuthenticate))} | ${fmt(summarize(r.sdk))} | ${fmt(ratio(r.package, r.sdk))} |`,
		);
	}
	lines.push('');
}

function targetsSection(results: BenchResults, lines: string[]): void {
	lines.push('## Targets', '');
	lines.push('| Target | Measured | Verdict |');
	lines.push('|---|---|---|');
	const big = Math.max(...Object.keys(results.large).map(Number));
	const runs = results.large[big];
	if (runs) {
		for (const target of ['nodeAcs', 'nodeSignalWire'] as LargeTarget[]) {
			const r = runs[target];
			if (!r) continue;
			const growth = mib(summarize(r.map((x) => x.memory.peakGrowth)));
			lines.push(
				`| Peak RSS growth < 64 MB, ${big / 1e6} MB download (${LARGE_NAMES[target]}) | max ${growth.max.toFixed(1)} MiB (median ${growth.median.toFixed(1)}) | ${verdict(growth.max * MIB < 64e6)} |`,
			);
			const http = runs.httpRequest;
			if (http) {
				const speedup = ratio(
					http.map((x) => x.seconds),
					r.map((x) => x.seconds),
				);
				lines.push(
					`| Throughput ≥ 2× HTTP Request node, ${big / 1e6} MB (${LARGE_NAMES[target]}) | ${fmt(speedup)}× | ${verdict(speedup.median >= 2)} |`,
				);
			}
			const curl = results.curl[big];
			if (curl) {
				const share = summarize(r.map((x, i) => curl[i].seconds / x.seconds));
				lines.push(
					`| Stretch: ≥ 70% of \`curl -o\`, ${big / 1e6} MB (${LARGE_NAMES[target]}) | ${(share.median * 100).toFixed(0)}% (${(share.min * 100).toFixed(0)}–${(share.max * 100).toFixed(0)}%) | ${verdict(share.median >= 0.7)} |`,
				);
			}
		}
	}
	for (const [latency, out] of Object.entries(results.items)) {
		for (const w of ['chat', 'media'] as Workload[]) {
			const r = out.rates[w];
			const vsHttp = ratio(r.node, r.httpRequest);
			const vsFetch = ratio(r.fetch, r.node);
			lines.push(
				`| Items/s ≥ 1.2× HTTP Request, ${w}, ${latency} ms | ${fmt(vsHttp)}× | ${verdict(vsHttp.median >= 1.2)} |`,
			);
			lines.push(
				`| Items/s within 1.5× of fetch, ${w}, ${latency} ms | fetch is ${fmt(vsFetch)}× the node | ${verdict(vsFetch.median <= 1.5)} |`,
			);
		}
	}
	if (results.signing) {
		for (const [kind, r] of Object.entries(results.signing)) {
			const s = ratio(r.package, r.sdk);
			lines.push(
				`| Signing no slower than the SDK (${kind}) | signer / SDK = ${fmt(s)} | ${verdict(s.median <= 1)} |`,
			);
		}
	}
	const identity = Object.values(results.items).flatMap((o) => o.identityRequests);
	if (identity.length)
		lines.push(
			`| 1 Identity request per 2,000 chat items | ${identity.join(', ')} | ${verdict(identity.every((n) => n === 1))} |`,
		);
	lines.push('');
}

export function renderReport(results: BenchResults): string {
	const m = results.machine;
	const lines: string[] = [
		'# Benchmarks',
		'',
		'Generated by `npm run bench` (`bench/run.ts`); do not edit by hand. Raw figures of this run: `bench/results.json`. The section "In a real n8n" comes from `npm run bench:n8n` (`bench/n8n.ts`, a real n8n 2.41.1 server process per run); every other figure comes from the in-process harness described below.',
		'',
		`Run ${m.date}: ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB memory, ${m.os}; Node ${m.node}; n8n-core ${m.n8nCore}, n8n-workflow ${m.n8nWorkflow}, n8n-nodes-base ${m.n8nNodesBase} (HTTP Request node ${httpRequestVersionLabel()}); ${m.curl.split(' ').slice(0, 2).join(' ')}.${results.durationSeconds ? ` The whole run took ${(results.durationSeconds / 60).toFixed(1)} min.` : ''}`,
		'',
		results.load
			? `Machine load during the run (1-minute load average): mean ${results.load.mean.toFixed(1)}, max ${results.load.max.toFixed(1)}. The bench itself keeps about 2 CPUs busy; a higher load means other work competed with it and the figures are noisier.`
			: 'Machine load during the run was not recorded.',
		'',
		"Everything runs on loopback against the emulator (`emulator/`), which runs in its own process so it does not share the measured event loop or count in its memory; it does share the machine's CPUs. Nodes run through n8n-core's real execution engine (the in-process harness of `test/harness`), not through a full n8n server. Each figure is the median of several rounds with (min–max); ratios are taken within each round and then summarised.",
		'',
	];
	targetsSection(results, lines);
	itemsSection(results, lines);
	largeSection(results, lines);
	signingSection(results, lines);
	return `${lines.join('\n')}\n`;
}
