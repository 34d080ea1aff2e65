/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, no-console, @n8n/community-nodes/no-dangerous-functions -- dev-only benchmark code: runs on Node and never ships in dist */
/**
 * `npm run bench`: every comparison of BENCHMARKS.md against the emulator on loopback. The emulator runs
 * in its own process; every case runs in a fresh child process (so one case's memory and JIT state do not
 * leak into the next). Prints the tables and writes BENCHMARKS.md.
 *
 *   npm run bench              full run (13–20 minutes on 2 CPUs, depending on what else the machine runs)
 *   npm run bench -- --quick   smaller run to try the machinery (not written to BENCHMARKS.md unless --write)
 *   npm run bench -- --render  rewrite BENCHMARKS.md from bench/results.json
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

import { signAcsRequest } from '../shared/acs/signer';
import type { ItemsInput, ItemsOutput } from './cases/items';
import type { LargeInput, LargeOutput, LargeTarget } from './cases/large-media';
import type { SigningInput, SigningOutput } from './cases/signing';
import { machine } from './lib/machine';
import { realN8nSectionOf, withRealN8nSection } from './lib/real-n8n-section';
import { REPO_DIR, runCase, startEmulatorProcess, type EmulatorProcess } from './lib/processes';
import { renderReport, type BenchResults, type CurlRun, type LargeRuns } from './report';
import { MEDIA_API_VERSION } from './lib/setup';

const quick = process.argv.includes('--quick');
const write = !quick || process.argv.includes('--write');

const plan = quick
	? {
			items: 300,
			rounds: 2,
			sweep: [1, 8, 2000],
			sweepItems: 200,
			sweepItemsLatency: 100,
			sweepRounds: 1,
			sizes: [10e6],
			largeRounds: [2],
			breakdownBytes: 10e6,
			breakdownRounds: 1,
			signIterations: 5000,
			signRounds: 3,
		}
	: {
			items: 2000,
			rounds: 5,
			sweep: [1, 4, 8, 16, 32, 2000],
			sweepItems: 1000,
			sweepItemsLatency: 500,
			sweepRounds: 3,
			sizes: [10e6, 100e6, 500e6],
			largeRounds: [5, 5, 3],
			breakdownBytes: 500e6,
			breakdownRounds: 3,
			signIterations: 20000,
			signRounds: 7,
		};

const PRODUCT_TARGETS: LargeTarget[] = ['nodeAcs', 'nodeSignalWire', 'httpRequest'];
const PROBE_TARGETS: LargeTarget[] = [
	'rawToNull',
	'fetchToNull',
	'helperToNull',
	'rawToFile',
	'rawWriteFile',
	'storeLocal',
];

function log(line: string): void {
	process.stderr.write(`${line}\n`);
}

/** Lets the previous run's file writes reach the disk, so each download starts from the same state. */
function settleDisk(): void {
	try {
		execFileSync('sync');
	} catch {
		// Not available: the figures then depend a bit more on what the previous run left in the page cache.
	}
}

function curlVersion(): string {
	try {
		return execFileSync('curl', ['--version'], { encoding: 'utf8' }).split('\n')[0];
	} catch {
		return 'not installed';
	}
}

/** `curl -s -o <file>` of the same ACS media (pre-signed headers), timed from spawn to exit. */
async function curlDownload(emu: EmulatorProcess, bytes: number): Promise<CurlRun> {
	const url = `${emu.info.url}/messages/streams/${emu.info.acs.generatedMediaPrefix}${bytes}?api-version=${MEDIA_API_VERSION}`;
	const signed = signAcsRequest({ method: 'GET', url }, emu.info.acs.accessKey, new Date());
	const file = path.join(tmpdir(), `bench-curl-${process.pid}.bin`);
	const headers = Object.entries(signed.headers).flatMap(([name, value]) => [
		'-H',
		`${name}: ${value}`,
	]);
	const useTime = existsSync('/usr/bin/time');
	const [command, args] = useTime
		? [
				'/usr/bin/time',
				['-f', 'maxrss=%M', 'curl', '-s', '-S', '-f', '-o', file, ...headers, signed.url],
			]
		: ['curl', ['-s', '-S', '-f', '-o', file, ...headers, signed.url]];
	const started = performance.now();
	const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
	let stderr = '';
	child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	const seconds = (performance.now() - started) / 1000;
	await rm(file, { force: true });
	if (code !== 0) throw new Error(`curl failed (${code}): ${stderr}`);
	const maxRss = /maxrss=(\d+)/.exec(stderr);
	return { seconds, maxRssBytes: maxRss ? Number(maxRss[1]) * 1024 : undefined };
}

async function main(): Promise<void> {
	const started = performance.now();
	const results: BenchResults = {
		machine: machine(curlVersion()),
		plan,
		items: {},
		large: {},
		breakdown: {},
		curl: {},
		signing: undefined,
	};

	// The machine's 1-minute load, every 10 s: the bench itself keeps about 2 CPUs busy (case + emulator),
	// so a load well above that means something else competed with this run.
	const loads: number[] = [loadavg()[0]];
	const loadTimer = setInterval(() => loads.push(loadavg()[0]), 10_000);

	log('signing…');
	results.signing = await runCase<SigningOutput>('cases/signing.ts', {
		iterations: plan.signIterations,
		rounds: plan.signRounds,
	} satisfies SigningInput);

	for (const latencyMs of [0, 20]) {
		const emu = await startEmulatorProcess(latencyMs);
		try {
			log(`items per second, ${latencyMs} ms latency…`);
			const input: ItemsInput = {
				emu: emu.info,
				items: plan.items,
				rounds: plan.rounds,
				mediaBytes: 50 * 1024,
				sweep: plan.sweep,
				sweepItems: latencyMs ? plan.sweepItemsLatency : plan.sweepItems,
				sweepRounds: plan.sweepRounds,
			};
			results.items[latencyMs] = await runCase<ItemsOutput>('cases/items.ts', input);
		} finally {
			await emu.close();
		}
	}

	const emu = await startEmulatorProcess(0);
	try {
		for (const [i, bytes] of plan.sizes.entries()) {
			const runs: LargeRuns = {};
			const curl: CurlRun[] = [];
			for (let round = 0; round < plan.largeRounds[i]; round++) {
				for (const target of PRODUCT_TARGETS) {
					settleDisk();
					const out = await runCase<LargeOutput>('cases/large-media.ts', {
						emu: emu.info,
						target,
						bytes,
					} satisfies LargeInput);
					(runs[target] ??= []).push(out);
				}
				settleDisk();
				curl.push(await curlDownload(emu, bytes));
				log(
					`large ${bytes / 1e6} MB round ${round + 1}: ${PRODUCT_TARGETS.map((t) => `${t} ${runs[t]!.at(-1)!.seconds.toFixed(2)} s`).join(', ')}, curl ${curl.at(-1)!.seconds.toFixed(2)} s`,
				);
			}
			results.large[bytes] = runs;
			results.curl[bytes] = curl;
		}
		const bytes = plan.breakdownBytes;
		const runs: LargeRuns = {};
		for (let round = 0; round < plan.breakdownRounds; round++) {
			for (const target of PROBE_TARGETS) {
				settleDisk();
				(runs[target] ??= []).push(
					await runCase<LargeOutput>('cases/large-media.ts', {
						emu: emu.info,
						target,
						bytes,
					} satisfies LargeInput),
				);
			}
			log(
				`breakdown ${bytes / 1e6} MB round ${round + 1}: ${PROBE_TARGETS.map((t) => `${t} ${runs[t]!.at(-1)!.seconds.toFixed(2)} s`).join(', ')}`,
			);
		}
		results.breakdown[bytes] = runs;
	} finally {
		await emu.close();
	}

	clearInterval(loadTimer);
	results.load = { mean: loads.reduce((a, b) => a + b, 0) / loads.length, max: Math.max(...loads) };
	results.durationSeconds = (performance.now() - started) / 1000;
	writeOut(results);
}

function writeOut(results: BenchResults): void {
	const markdown = renderReport(results);
	console.log(markdown);
	if (write) {
		const file = path.join(REPO_DIR, 'BENCHMARKS.md');
		const realN8n = realN8nSectionOf(file);
		writeFileSync(file, realN8n ? withRealN8nSection(markdown, realN8n) : markdown);
		writeFileSync(
			path.join(REPO_DIR, 'bench', 'results.json'),
			`${JSON.stringify(results, null, '\t')}\n`,
		);
		log('wrote BENCHMARKS.md and bench/results.json');
	}
}

/** `--render`: rewrite BENCHMARKS.md from bench/results.json (after a change to the report's layout). */
function render(): void {
	writeOut(
		JSON.parse(readFileSync(path.join(REPO_DIR, 'bench', 'results.json'), 'utf8')) as BenchResults,
	);
}

(process.argv.includes('--render') ? Promise.resolve().then(render) : main()).catch(
	(error: unknown) => {
		console.error(error);
		process.exit(1);
	},
);
