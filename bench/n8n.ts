/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only benchmark code: runs on Node and never ships in dist */
/**
 * `npm run bench:n8n`: the package inside a real n8n 2.41.1 (the e2e's installation; the tarball installed
 * as a community package), side by side with n8n's HTTP Request node against the same emulator. Each
 * workflow runs with `n8n execute` in a fresh process; a figure is the measured node's own execution
 * time as n8n records it (`executionTime` of its run), so n8n's start-up is not counted. Rounds are
 * interleaved (every case once per round, in a rotated order) and ratios are taken within a round.
 * Peak memory: the `n8n execute` process with its children, sampled every 100 ms, minus the same for a
 * workflow with only its trigger in the same round. `curl -o` of the same signed request is the floor.
 * Writes bench/n8n-results.json and the "In a real n8n" section of BENCHMARKS.md.
 *
 *   npm run bench:n8n               3 rounds: chat get (2,000 items) per authentication, downloads 10/100/500 MB,
 *                                   a 100 MB call recording download
 *   npm run bench:n8n -- --quick    1 round, 10 MB only (to try the machinery; BENCHMARKS.md untouched)
 *   npm run bench:n8n -- --profile chat.userToken,chat.http
 *                                   runs the named cases once each with `--cpu-prof` and prints where the
 *                                   n8n process spent the measured node's time (BENCHMARKS.md untouched)
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';

import { format } from 'prettier';

import { startEmulator } from '../emulator/index';
import { ACS_API_VERSIONS } from '../shared/acs/apiVersion';
import { signAcsRequest } from '../shared/acs/signer';
import { credentialsForEmulator } from '../e2e/lib/credentials';
import { writeWorkflow, type WorkflowFile } from '../e2e/lib/examples';
import { N8nInstance } from '../e2e/lib/instance';
import { say } from '../e2e/lib/log';
import { MemoryWatch } from '../e2e/lib/memory';
import { ensureN8n, N8N_VERSION, NODE_VERSION } from '../e2e/lib/n8n';
import { buildAndPack, REPO } from '../e2e/lib/pack';
import { freePort, run } from '../e2e/lib/proc';
import { DEFAULT_MAX_CONCURRENCY as MAX_CONCURRENCY } from '../shared/reliability';
import {
	formatProfileSummary,
	markCompactsIn,
	summarizeProfile,
	type CpuProfile,
	type MarkCompacts,
	type ProfileSummary,
} from './lib/cpu-profile';
import { SECTION_END, SECTION_START, withRealN8nSection } from './lib/real-n8n-section';
import { summarize, type Summary } from './lib/stats';

const quick = process.argv.includes('--quick');
const profileArg = process.argv.indexOf('--profile');
const profiled = profileArg < 0 ? [] : (process.argv[profileArg + 1] ?? '').split(',');
const ROUNDS = quick ? 1 : 3;
const CHAT_ITEMS = quick ? 200 : 2000;
const SIZES = quick ? [10e6] : [10e6, 100e6, 500e6];
const SIGNALWIRE_BYTES = quick ? 10e6 : 100e6;
const RECORDING_BYTES = quick ? 10e6 : 100e6;
const MEASURED = 'Measured';
/** Cases a full run profiles once more for the report: chat and the 500 MB download, each with its yardsticks. */
const PROFILED_IN_REPORT = [
	'chat.userToken',
	'chat.probe',
	'chat.http',
	'acs.500000000',
	'probe.500000000',
	'http.500000000',
];
const RESULTS = join(REPO, 'bench', 'n8n-results.json');

type NodeSpec = Omit<WorkflowFile['nodes'][number], 'position'> & { typeVersion: number };

interface Case {
	key: string;
	label: string;
	group: string;
	/** Items (chat) or bytes (downloads) the measured node handles. */
	amount: number;
	/** Whose node is measured: this package's, n8n's HTTP Request node, or the minimal probe node. */
	runs: 'package' | 'httpRequest' | 'probe' | 'nothing';
	workflow: () => WorkflowFile;
}

interface Sample {
	seconds: number;
	peakRss: number;
}

/**
 * The measured node's executionTime and status from `n8n execute --rawOutput`. Read from the text, not
 * parsed: with 2,000 items the CLI may exit before the end of its output reaches the pipe, and both
 * fields come before the node's items.
 */
function measuredRun(stdout: string): { executionTime: number; status: string } | undefined {
	const at = stdout.indexOf(`"${MEASURED}": [`);
	if (at < 0) return undefined;
	const head = stdout.slice(at, at + 2000);
	const time = /"executionTime": (\d+)/.exec(head)?.[1];
	const status = /"executionStatus": "(\w+)"/.exec(head)?.[1];
	return time && status ? { executionTime: Number(time), status } : undefined;
}

function workflow(id: string, name: string, nodes: NodeSpec[]): WorkflowFile {
	const all = [
		{ name: 'Start', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, parameters: {} },
		...nodes,
	];
	const connections: Record<string, unknown> = {};
	for (let i = 0; i < all.length - 1; i++)
		connections[all[i].name] = { main: [[{ node: all[i + 1].name, type: 'main', index: 0 }]] };
	return {
		id,
		name,
		nodes: all.map((n, i) => ({ ...n, position: [i * 220, 0] })) as WorkflowFile['nodes'],
		connections,
		settings: { executionOrder: 'v1' },
		active: false,
	};
}

async function main(): Promise<void> {
	const work = await mkdtemp(join(tmpdir(), 'acs-sw-bench-n8n-'));
	const e = await startEmulator({ largeMediaBytes: 1024 });
	try {
		say(`bench:n8n: n8n ${N8N_VERSION} on Node ${NODE_VERSION}, ${ROUNDS} round(s); ${work}`);
		const packed = await buildAndPack(join(work, 'pack'));
		const install = await ensureN8n();
		const n8n = new N8nInstance(install, {
			userFolder: join(work, 'user'),
			fileAccess: [work],
			env: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
		});
		await n8n.installPackage(packed.tarball, packed.name);
		const probe = await packProbe(join(work, 'pack'));
		await n8n.installPackage(probe.tarball, probe.name);
		const { userToken, credentials } = credentialsForEmulator(e, 24 * 60);
		await n8n.importCredentials(Object.values(credentials), join(work, 'credentials.json'));

		const acsNode = `${packed.name}.azureCommunicationServices`;
		const swNode = `${packed.name}.signalWire`;
		const ref = (key: keyof typeof credentials) => ({
			[credentials[key].type]: { id: credentials[key].id, name: credentials[key].name },
		});
		const thread = e.fixtures.acs.chat.threads.find(
			(t) => t.id === e.fixtures.acs.chat.threadIds.big,
		)!;
		const ids = Array.from(
			{ length: CHAT_ITEMS },
			(_, i) => thread.messages[i % thread.messages.length].id,
		);
		// n8n's Split Out node turns one array into CHAT_ITEMS items before the measured node.
		const chatItems: NodeSpec[] = [
			{
				name: 'Ids',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					assignments: {
						assignments: [
							{ id: 'ids', name: 'ids', value: `={{ ${JSON.stringify(ids)} }}`, type: 'array' },
						],
					},
					options: {},
				},
			},
			{
				name: 'Items',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				parameters: { fieldToSplitOut: 'ids', options: {} },
			},
		];
		const chatGet = (authentication: string, key: keyof typeof credentials) =>
			({
				name: MEASURED,
				type: acsNode,
				typeVersion: 1,
				parameters: {
					authentication,
					resource: 'chatMessage',
					operation: 'get',
					chatThreadId: thread.id,
					chatMessageId: '={{ $json.ids }}',
					chatUserId: e.fixtures.acs.users.member,
					options: {},
				},
				credentials: ref(key),
			}) as NodeSpec;
		const chatUrl = `${e.url}/chat/threads/${encodeURIComponent(thread.id)}/messages/{{ encodeURIComponent($json.ids) }}?api-version=${ACS_API_VERSIONS.chat}`;
		const mediaUrl = (mediaId: string) =>
			`${e.url}/messages/streams/${encodeURIComponent(mediaId)}?api-version=${ACS_API_VERSIONS.media}`;
		const httpGet = (url: string, headers: Record<string, string>, file: boolean): NodeSpec => ({
			name: MEASURED,
			type: 'n8n-nodes-base.httpRequest',
			typeVersion: 4.2,
			parameters: {
				method: 'GET',
				url,
				sendHeaders: true,
				headerParameters: {
					parameters: Object.entries(headers).map(([name, value]) => ({ name, value })),
				},
				options: file ? { response: { response: { responseFormat: 'file' } } } : {},
			},
		});
		const probeNode = (mode: string, url: string, headers: Record<string, string>): NodeSpec => ({
			name: MEASURED,
			type: `${probe.name}.benchProbe`,
			typeVersion: 1,
			parameters: { mode, url, headers: JSON.stringify(headers) },
		});
		// HTTP Request cannot sign ACS requests: it (and curl, and the probe) send the headers of one
		// signature made when the round starts (the emulator accepts a signature for 15 minutes, as ACS does).
		const signedGetHeaders = (url: string) =>
			signAcsRequest({ method: 'GET', url }, e.acs.accessKey, new Date()).headers as Record<
				string,
				string
			>;
		const generated = (bytes: number) => `${e.fixtures.acs.generatedMediaPrefix}${bytes}`;
		// A recording on the storage host; the yardsticks send what the SDK sends there: signed for the ACS
		// endpoint over the location's path, x-ms-host naming the endpoint.
		const recordingUrl = e.recordings.create({ bytes: RECORDING_BYTES, format: 'wav' }).locations
			.contentLocation;
		const recordingHeaders = () => ({
			...signedGetHeaders(`${e.url}${new URL(recordingUrl).pathname}`),
			'x-ms-host': new URL(e.url).host,
			OriginalUrl: recordingUrl,
		});
		const swMessageSid = e.fixtures.signalwire.messageSids.many;
		const basic = Buffer.from(`${e.signalwire.projectId}:${e.signalwire.apiToken}`).toString(
			'base64',
		);
		const swMediaUrl = (sid: string) =>
			`${e.url}/api/laml/2010-04-01/Accounts/${e.signalwire.projectId}/Messages/${swMessageSid}/Media/${sid}`;

		const cases: Case[] = [
			{
				key: 'chat.accessKey',
				group: 'chat',
				label: 'chat get, Access Key + Chat User ID (node mints one chat token)',
				runs: 'package',
				amount: CHAT_ITEMS,
				workflow: () =>
					workflow('benchChatKey0001', 'bench chat key', [
						...chatItems,
						chatGet('accessKey', 'accessKey'),
					]),
			},
			{
				key: 'chat.entra',
				group: 'chat',
				label: 'chat get, Microsoft Entra ID + Chat User ID',
				runs: 'package',
				amount: CHAT_ITEMS,
				workflow: () =>
					workflow('benchChatEntra01', 'bench chat entra', [
						...chatItems,
						chatGet('oAuth2', 'entraId'),
					]),
			},
			{
				key: 'chat.userToken',
				group: 'chat',
				label: 'chat get, User Access Token credential',
				runs: 'package',
				amount: CHAT_ITEMS,
				workflow: () =>
					workflow('benchChatUser001', 'bench chat user token', [
						...chatItems,
						chatGet('userAccessToken', 'userToken'),
					]),
			},
			{
				key: 'chat.http',
				group: 'chat',
				label: 'chat get, HTTP Request node (Bearer header)',
				runs: 'httpRequest',
				amount: CHAT_ITEMS,
				workflow: () =>
					workflow('benchChatHttp001', 'bench chat http', [
						...chatItems,
						httpGet(`=${chatUrl}`, { Authorization: `Bearer ${userToken}` }, false),
					]),
			},
			{
				key: 'chat.probe',
				group: 'chat',
				label: `chat get, minimal node (n8n's request helper only, ${MAX_CONCURRENCY} items at a time)`,
				runs: 'probe',
				amount: CHAT_ITEMS,
				workflow: () =>
					workflow('benchChatProbe01', 'bench chat probe', [
						...chatItems,
						probeNode('json', `=${chatUrl}`, { Authorization: `Bearer ${userToken}` }),
					]),
			},
			...SIZES.flatMap((bytes): Case[] => [
				{
					key: `acs.${bytes}`,
					group: `download ${bytes / 1e6} MB`,
					label: `ACS media download ${bytes / 1e6} MB, this package`,
					runs: 'package',
					amount: bytes,
					workflow: () =>
						workflow(`benchAcsDl${String(bytes / 1e6).padStart(6, '0')}`, 'bench acs download', [
							{
								name: MEASURED,
								type: acsNode,
								typeVersion: 1,
								parameters: {
									authentication: 'accessKey',
									resource: 'media',
									operation: 'download',
									mediaId: generated(bytes),
								},
								credentials: ref('accessKey'),
							} as NodeSpec,
						]),
				},
				{
					key: `http.${bytes}`,
					group: `download ${bytes / 1e6} MB`,
					label: `ACS media download ${bytes / 1e6} MB, HTTP Request node (file response)`,
					runs: 'httpRequest',
					amount: bytes,
					workflow: () => {
						const url = mediaUrl(generated(bytes));
						return workflow(
							`benchHttpDl${String(bytes / 1e6).padStart(5, '0')}`,
							'bench http download',
							[httpGet(url, signedGetHeaders(url), true)],
						);
					},
				},
				{
					key: `probe.${bytes}`,
					group: `download ${bytes / 1e6} MB`,
					label: `ACS media download ${bytes / 1e6} MB, minimal node (request helper stream into prepareBinaryData)`,
					runs: 'probe',
					amount: bytes,
					workflow: () => {
						const url = mediaUrl(generated(bytes));
						return workflow(
							`benchProbeDl${String(bytes / 1e6).padStart(4, '0')}`,
							'bench probe download',
							[probeNode('download', url, signedGetHeaders(url))],
						);
					},
				},
			]),
			{
				key: `rec.${RECORDING_BYTES}`,
				group: `recording ${RECORDING_BYTES / 1e6} MB`,
				label: `ACS recording download ${RECORDING_BYTES / 1e6} MB, this package`,
				runs: 'package',
				amount: RECORDING_BYTES,
				workflow: () =>
					workflow('benchRecDownload', 'bench recording download', [
						{
							name: MEASURED,
							type: acsNode,
							typeVersion: 1,
							parameters: {
								authentication: 'accessKey',
								resource: 'recording',
								operation: 'download',
								contentLocation: recordingUrl,
							},
							credentials: ref('accessKey'),
						} as NodeSpec,
					]),
			},
			{
				key: `rechttp.${RECORDING_BYTES}`,
				group: `recording ${RECORDING_BYTES / 1e6} MB`,
				label: `ACS recording download ${RECORDING_BYTES / 1e6} MB, HTTP Request node (file response)`,
				runs: 'httpRequest',
				amount: RECORDING_BYTES,
				workflow: () =>
					workflow('benchRecHttpDl01', 'bench recording http', [
						httpGet(recordingUrl, recordingHeaders(), true),
					]),
			},
			{
				key: `recprobe.${RECORDING_BYTES}`,
				group: `recording ${RECORDING_BYTES / 1e6} MB`,
				label: `ACS recording download ${RECORDING_BYTES / 1e6} MB, minimal node (request helper stream into prepareBinaryData)`,
				runs: 'probe',
				amount: RECORDING_BYTES,
				workflow: () =>
					workflow('benchRecProbeDl1', 'bench recording probe', [
						probeNode('download', recordingUrl, recordingHeaders()),
					]),
			},
			{
				key: `sw.${SIGNALWIRE_BYTES}`,
				group: `SignalWire ${SIGNALWIRE_BYTES / 1e6} MB`,
				label: `SignalWire media download ${SIGNALWIRE_BYTES / 1e6} MB, this package`,
				runs: 'package',
				amount: SIGNALWIRE_BYTES,
				workflow: () =>
					workflow('benchSwDownload1', 'bench signalwire download', [
						{
							name: MEASURED,
							type: swNode,
							typeVersion: 1,
							parameters: {
								resource: 'messageMedia',
								operation: 'download',
								messageSid: swMessageSid,
								mediaSid: generated(SIGNALWIRE_BYTES),
							},
							credentials: ref('signalWire'),
						} as NodeSpec,
					]),
			},
			{
				key: `swhttp.${SIGNALWIRE_BYTES}`,
				group: `SignalWire ${SIGNALWIRE_BYTES / 1e6} MB`,
				label: `SignalWire media download ${SIGNALWIRE_BYTES / 1e6} MB, HTTP Request node (Basic auth header)`,
				runs: 'httpRequest',
				amount: SIGNALWIRE_BYTES,
				workflow: () =>
					workflow('benchSwHttpDl001', 'bench signalwire http', [
						httpGet(
							swMediaUrl(generated(SIGNALWIRE_BYTES)),
							{ Authorization: `Basic ${basic}` },
							true,
						),
					]),
			},
		];
		const baseline: Case = {
			key: 'baseline',
			group: 'baseline',
			label: 'trigger only (memory baseline)',
			runs: 'nothing',
			amount: 0,
			workflow: () => workflow('benchBaseline001', 'bench baseline', []),
		};

		if (profiled.length > 0) {
			await profileCases(
				n8n,
				cases.filter((c) => profiled.includes(c.key)),
				join(work, 'profile'),
				packed.name,
			);
			return;
		}

		const samples: Record<string, Sample[]> = {};
		const curl: Record<number, number[]> = {};
		const loads: number[] = [];
		/** Runs that printed a successful run but exited non-zero (n8n shutting down), for the record. */
		const exitCodes: string[] = [];
		for (let round = 0; round < ROUNDS; round++) {
			const dir = join(work, `round-${round}`);
			await mkdir(dir, { recursive: true });
			const order = [
				baseline,
				...cases.slice(round % cases.length),
				...cases.slice(0, round % cases.length),
			];
			for (const c of order) await writeWorkflow(c.workflow(), join(dir, `${c.key}.json`));
			await n8n.importWorkflowFolder(dir);
			for (const c of order) {
				const id = c.workflow().id;
				let watch: MemoryWatch | undefined;
				const result = await n8n.cli(['execute', `--id=${id}`, '--rawOutput'], {
					check: false,
					env: { N8N_LOG_LEVEL: 'info' },
					timeoutMs: 900_000,
					onSpawn: (child) => {
						watch = new MemoryWatch(new Map([['n8n', child.pid!]]), 100);
					},
				});
				const peak = watch?.report().n8n.treePeak ?? 0;
				watch?.stop();
				const measured = measuredRun(result.stdout);
				if (c !== baseline && (measured?.status !== 'success' || !measured.executionTime)) {
					throw new Error(
						`${c.label}: the run failed (exit ${result.code}): ${(result.stderr || result.stdout).slice(-1500)}`,
					);
				}
				if (result.code !== 0) exitCodes.push(`${c.key}: ${result.code}`);
				const seconds = (measured?.executionTime ?? 0) / 1000;
				(samples[c.key] ??= []).push({ seconds, peakRss: peak });
				say(
					`  round ${round + 1}: ${c.label}: ${seconds.toFixed(2)} s, peak RSS ${(peak / 2 ** 20).toFixed(0)} MB`,
				);
				loads.push(loadavg()[0]);
			}
			for (const bytes of SIZES) {
				const file = join(work, 'curl.bin');
				const url = mediaUrl(generated(bytes));
				const args = Object.entries(signedGetHeaders(url)).flatMap(([k, v]) => [
					'-H',
					`${k}: ${v}`,
				]);
				const started = process.hrtime.bigint();
				await run('curl', ['-s', '-S', '-f', '-o', file, ...args, url]);
				const seconds = Number(process.hrtime.bigint() - started) / 1e9;
				if ((await stat(file)).size !== bytes)
					throw new Error(`curl wrote the wrong size for ${bytes}`);
				await rm(file);
				(curl[bytes] ??= []).push(seconds);
			}
		}

		const rate = (c: Case, s: Sample) => c.amount / s.seconds;
		const growth = (key: string, round: number) =>
			samples[key][round].peakRss - samples.baseline[round].peakRss;
		const perRound = (key: string, against: string, c: Case, d: Case) =>
			samples[key].map((s, r) => rate(c, s) / rate(d, samples[against][r]));
		const byKey = new Map(cases.map((c) => [c.key, c]));
		const rows: string[][] = [];
		const fmt = (s: Summary, digits = 0) =>
			`${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
		for (const c of cases) {
			const isChat = c.group === 'chat';
			const unit = isChat ? 'items/s' : 'MB/s';
			const rates = samples[c.key].map((s) => rate(c, s) / (isChat ? 1 : 1e6));
			const recording = c.group.startsWith('recording');
			const reference = isChat
				? 'chat.http'
				: c.key.startsWith('sw')
					? `swhttp.${SIGNALWIRE_BYTES}`
					: recording
						? `rechttp.${c.amount}`
						: `http.${c.amount}`;
			const ratio =
				c.key === reference
					? '1'
					: fmt(summarize(perRound(c.key, reference, c, byKey.get(reference)!)), 2);
			const floor = isChat
				? 'chat.probe'
				: recording
					? `recprobe.${c.amount}`
					: `probe.${c.amount}`;
			const vsFloor =
				c.runs === 'package' && samples[floor]
					? `${fmt(summarize(perRound(c.key, floor, c, byKey.get(floor)!)), 2)}×`
					: '';
			const mem = summarize(samples[c.key].map((_, r) => growth(c.key, r) / 2 ** 20));
			rows.push([
				c.label,
				`${fmt(summarize(rates))} ${unit}`,
				`${ratio}×`,
				vsFloor,
				`${fmt(mem)} MB`,
			]);
		}
		const curlRows = SIZES.map((bytes) => {
			const mbps = curl[bytes].map((s) => bytes / s / 1e6);
			const vsNode = samples[`acs.${bytes}`].map(
				(s, r) => bytes / s.seconds / (bytes / curl[bytes][r]),
			);
			return `| \`curl -o\` ${bytes / 1e6} MB (same signed request) | ${fmt(summarize(mbps))} MB/s | this package reaches ${fmt(summarize(vsNode.map((x) => x * 100)))}% of it |`;
		});
		const profiledCases = quick
			? []
			: await profileCases(
					n8n,
					cases.filter((c) => PROFILED_IN_REPORT.includes(c.key)),
					join(work, 'profile'),
					packed.name,
				);
		const load = summarize(loads);
		const markdown = [
			SECTION_START,
			'## In a real n8n',
			'',
			`Generated by \`npm run bench:n8n\` (\`bench/n8n.ts\`); raw figures: \`bench/n8n-results.json\`. Run ${new Date().toISOString()}: n8n ${N8N_VERSION} on Node ${NODE_VERSION}, the package installed as a community package, ${ROUNDS} interleaved rounds; median (min–max). Each workflow ran with \`n8n execute\` in a fresh process; times are the measured node's own \`executionTime\` as n8n records it. The ratio compares with n8n's HTTP Request node in the same round (chat: the HTTP Request node sends a Bearer token minted beforehand; ACS downloads: the headers of one signature made beforehand, since it cannot sign (for the recording: signed for the ACS endpoint with \`x-ms-host\`, sent to the recording storage host, as the SDK does); SignalWire: a Basic auth header). "vs minimal node" compares with a dev-only node (\`bench/n8n-probe\`) that does the least any node can do for the same work through n8n's helpers (chat: the URL expression and one \`httpRequest\` per item, ${MAX_CONCURRENCY} at a time; downloads: the request helper's stream handed straight to \`prepareBinaryData\`): it is the ceiling n8n itself sets. Peak RSS growth: peak of the \`n8n execute\` process tree minus that of a trigger-only workflow in the same round, sampled every 100 ms. 1-minute load average during the run ${load.median.toFixed(1)} (max ${load.max.toFixed(1)}) on ${cpus().length} cores; the bench itself (n8n plus the emulator) accounts for about 2${load.max > 3 ? ': **other jobs shared the machine, so read the ratios rather than the absolute figures**' : ''}.`,
			'',
			'| Work | Throughput | vs HTTP Request node | vs minimal node | Peak RSS growth |',
			'| --- | --- | --- | --- | --- |',
			...rows.map((r) => `| ${r.join(' | ')} |`),
			'',
			'| Floor | Throughput | |',
			'| --- | --- | --- |',
			...curlRows,
			'',
			...(profiledCases.length > 0
				? [
						'### Where a real n8n spends the time',
						'',
						`After the rounds, one more run of each case below under V8's CPU profiler (\`npm run bench:n8n -- --profile <cases>\` prints the full breakdown by module and function), with \`--trace-gc\`. The window starts at the first sample running the measured node and lasts its \`executionTime\` (profiling slows a run down). Full collections: V8's mark-compact collections in that window, the main-thread time they took and the heap they had to mark.`,
						'',
						...profileTable(profiledCases),
						'',
					]
				: []),
			'The sections below are the in-process harness figures of `npm run bench` (n8n-core only, no n8n server).',
			SECTION_END,
		].join('\n');
		say(`\n${markdown}`);
		writeFileSync(
			RESULTS,
			`${JSON.stringify({ n8n: N8N_VERSION, node: NODE_VERSION, rounds: ROUNDS, samples, curl, loads, exitCodes }, null, 2)}\n`,
		);
		if (!quick) await writeRealN8nSection(markdown);
	} finally {
		await e.close();
		if (process.env.E2E_KEEP_WORK !== '1' && existsSync(work))
			await rm(work, { recursive: true, force: true });
	}
}

/**
 * Runs each case once with V8's CPU profiler on the `n8n execute` process and prints where the
 * measured node's stretch of time went (the profile files stay in the work folder with E2E_KEEP_WORK=1).
 */
interface ProfiledCase {
	label: string;
	executionMs: number;
	summary: ProfileSummary;
	gc: MarkCompacts;
}

async function profileCases(
	n8n: N8nInstance,
	chosen: Case[],
	dir: string,
	packageName: string,
): Promise<ProfiledCase[]> {
	if (chosen.length === 0) throw new Error(`no case to profile (${profiled.join(', ')})`);
	const profiledCases: ProfiledCase[] = [];
	for (const c of chosen) {
		const caseDir = join(dir, c.key);
		await mkdir(caseDir, { recursive: true });
		await writeWorkflow(c.workflow(), join(caseDir, 'workflow.json'));
		await n8n.importWorkflowFolder(caseDir);
		const profiles = join(caseDir, 'profiles');
		const result = await n8n.cli(['execute', `--id=${c.workflow().id}`, '--rawOutput'], {
			check: false,
			env: {
				N8N_LOG_LEVEL: 'info',
				NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profiles}`,
			},
			nodeFlags: ['--trace-gc'],
			timeoutMs: 900_000,
		});
		const measured = measuredRun(result.stdout);
		const code = {
			package: `/${packageName}/dist/`,
			httpRequest: '/nodes/HttpRequest/',
			probe: '/n8n-nodes-bench-probe/',
			nothing: '',
		}[c.runs];
		// n8n's task runner writes a profile too; the measured node runs in the n8n process itself.
		const found = (await readdir(profiles))
			.map((file) => ({
				// CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile
				pid: Number(file.split('.')[3]),
				summary: summarizeProfile(
					JSON.parse(readFileSync(join(profiles, file), 'utf8')) as CpuProfile,
					(url) => url.includes(code),
					measured?.executionTime ?? 0,
				),
			}))
			.find((profile) => profile.summary !== undefined);
		if (!found?.summary) throw new Error(`${c.label}: no profile ran the measured node`);
		const { summary, pid } = found;
		const gc = markCompactsIn(
			result.stdout,
			pid,
			summary.startMs,
			summary.startMs + summary.windowMs,
		);
		say(
			`\n${formatProfileSummary(
				`${c.label}: executionTime ${measured?.executionTime ?? '?'} ms`,
				summary,
			)}\n\nFull collections (--trace-gc) in the window: ${gc.count}, ${gc.ms.toFixed(0)} ms of the main thread, heap up to ${gc.heapMb.toFixed(0)} MB; reasons: ${gc.reasons.join('; ') || 'none given'}.`,
		);
		profiledCases.push({ label: c.label, executionMs: measured?.executionTime ?? 0, summary, gc });
	}
	return profiledCases;
}

/** One row per profiled run: where its time went, for the report. */
function profileTable(profiledCases: ProfiledCase[]): string[] {
	const share = (summary: ProfileSummary, kind: string) =>
		`${((summary.kinds.find((k) => k.name === kind)?.share ?? 0) * 100).toFixed(0)}%`;
	return [
		'| Run (one each, profiled) | Node time | JavaScript | Garbage collection | Idle (I/O) | Full collections | Top modules (self time) |',
		'| --- | --- | --- | --- | --- | --- | --- |',
		...profiledCases.map(({ label, executionMs, summary, gc }) =>
			[
				'',
				label,
				`${executionMs} ms`,
				share(summary, 'JavaScript'),
				share(summary, 'garbage collection'),
				share(summary, 'idle (waiting on I/O)'),
				`${gc.count} (${gc.ms.toFixed(0)} ms, heap ${gc.heapMb.toFixed(0)} MB)`,
				summary.modules
					.slice(0, 4)
					.map((m) => `${m.name} ${(m.share * 100).toFixed(0)}%`)
					.join(', '),
				'',
			]
				.join(' | ')
				.trim(),
		),
	];
}

/** Packs the dev-only probe package (bench/n8n-probe) as it is, without a build. */
async function packProbe(destination: string): Promise<{ name: string; tarball: string }> {
	const { stdout } = await run(
		'npm',
		['pack', '--json', '--pack-destination', destination, '--loglevel=error'],
		{ cwd: join(REPO, 'bench', 'n8n-probe') },
	);
	const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{
		name: string;
		filename: string;
	}>;
	return { name: info.name, tarball: join(destination, info.filename) };
}

async function writeRealN8nSection(section: string): Promise<void> {
	const file = join(REPO, 'BENCHMARKS.md');
	const formatted = (await format(section, { parser: 'markdown' })).trimEnd();
	writeFileSync(file, withRealN8nSection(readFileSync(file, 'utf8'), formatted));
}

main().catch((error: unknown) => {
	process.stderr.write(
		`bench:n8n failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
	);
	process.exit(1);
});
