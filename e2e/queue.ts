/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-dangerous-functions -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * `npm run e2e:queue`: the package in n8n's queue mode, as users scale it: Redis and PostgreSQL (Debian's
 * packages, installed when missing, run as plain processes on free loopback ports), an n8n 2.41.1 main
 * and two `n8n worker` processes with binary data in the database, the packed package installed into
 * each process's own user folder with npm. Every example workflow is run through the editor's REST API
 * ("Execute workflow", offloaded to the workers) and checked as `npm run e2e` checks it; then a load
 * (10 concurrent 100 MB media downloads, 2,000 chat items in 10 executions), token reuse per worker, and
 * a file above the database's size limit. Which worker ran an execution comes from the worker's own log
 * line "Worker started execution <id>". Prints a summary and writes it to .e2e/queue-last-run.json;
 * everything started here is stopped by PID at the end, also on failure or Ctrl+C.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, openSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { deliver, startEmulator, type Emulator } from '../emulator/index';
import { assert, exampleChecks, examplesInCheckOrder } from './lib/checks';
import { credentialsForEmulator } from './lib/credentials';
import {
	EXAMPLE_FILE_FOLDERS,
	loadExamples,
	MANUAL_TRIGGER as TRIGGER,
	relocate,
	manualWorkflow,
	TRIGGER_EXAMPLES,
	type WorkflowFile,
} from './lib/examples';
import { itemsOf, N8nInstance, type ExecutedRun } from './lib/instance';
import { say, Steps, warn } from './lib/log';
import { MemoryWatch, type PeakMemory } from './lib/memory';
import { ensureN8n, N8N_VERSION, NODE_VERSION, type N8nInstall } from './lib/n8n';
import { buildAndPack, REPO } from './lib/pack';
import { freePort } from './lib/proc';
import { N8nRest, type ExecutionRecord } from './lib/rest';
import { eventually, triggerUrls } from './triggers';
import {
	ensureServicePackages,
	startPostgres,
	startRedis,
	type Postgres,
	type Service,
} from './lib/services';

const WORKERS = 2;
/** Jobs a worker runs at once (`n8n worker --concurrency`): 10 queued jobs then need both workers. */
const WORKER_CONCURRENCY = 5;
/** N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE (MB) for the run: above the 100 MB load files, below the oversized one. */
const DATABASE_MAX_FILE_MB = 110;
const OVERSIZED_BYTES = 120 * 1024 * 1024;
const DOWNLOADS = 10;
/** DB_POSTGRESDB_POOL_SIZE per process: twice the worker concurrency. */
const DB_POOL_SIZE = 2 * WORKER_CONCURRENCY;
const CHAT_EXECUTIONS = 10;
const CHAT_ITEMS_PER_EXECUTION = 200;
const OWNER = { email: 'queue-e2e@example.com', password: 'Queue-e2e-1234' };
const IDENTITY_ENDPOINT = 'acs.identity.issueAccessToken';

interface N8nProcess {
	name: string;
	instance: N8nInstance;
	child: ChildProcess;
	log: string;
	/** Where GET /healthz/readiness answers once the process is ready. */
	healthUrl: string;
}

interface PhaseResult {
	name: string;
	executions: number;
	items: number;
	wallSeconds: number;
	perWorker: Record<string, number>;
	identityRequests: number;
	memory: Record<string, PeakMemory>;
	detail: string;
}

interface QueueReport {
	n8n: string;
	node: string;
	startedAt: string;
	machine: string;
	setup?: Record<string, unknown>;
	examples: Array<{ file: string; executionId: string; worker: string; printed: string }>;
	triggers: Array<{ file: string; executionId: string; worker: string; printed: string }>;
	phases: PhaseResult[];
	identityRequestsTotal?: number;
	oversized?: string;
	summary?: string;
	steps?: string;
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

/** Starts an n8n command in its own process group (so its task runners stop with it), output to a log file. */
function startN8n(
	name: string,
	instance: N8nInstance,
	args: string[],
	healthUrl: string,
	log: string,
): N8nProcess {
	const fd = openSync(log, 'a');
	const child = spawn(instance.install.node, [instance.install.n8nBin, ...args], {
		cwd: instance.options.userFolder,
		env: instance.env,
		stdio: ['ignore', fd, fd],
		detached: true,
	});
	closeSync(fd);
	return { name, instance, child, log, healthUrl };
}

async function waitReady(processes: N8nProcess[], timeoutMs: number): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	const pending = new Set(processes);
	while (pending.size && Date.now() < deadline) {
		for (const p of pending) {
			if (p.child.exitCode !== null) {
				const tail = (await readFile(p.log, 'utf8')).split('\n').slice(-30).join('\n');
				throw new Error(`${p.name} exited with ${p.child.exitCode} before it was ready:\n${tail}`);
			}
			try {
				if ((await fetch(p.healthUrl)).ok) pending.delete(p);
			} catch {
				// not listening yet
			}
		}
		if (pending.size) await new Promise((resolve) => setTimeout(resolve, 500));
	}
	if (pending.size)
		throw new Error(
			`not ready within ${timeoutMs / 1000} s: ${[...pending].map((p) => p.name).join(', ')}`,
		);
}

/** SIGTERM to the process group (n8n and its task runners), SIGKILL after n8n's graceful shutdown time. */
async function stopN8n(p: N8nProcess): Promise<void> {
	const pid = p.child.pid;
	if (!pid || p.child.exitCode !== null || p.child.signalCode !== null) return;
	const exited = new Promise((resolve) => p.child.once('exit', resolve));
	const signal = (name: NodeJS.Signals) => {
		try {
			process.kill(-pid, name);
		} catch {
			// already gone
		}
	};
	signal('SIGTERM');
	const timer = setTimeout(() => signal('SIGKILL'), 45_000);
	await exited;
	clearTimeout(timer);
	// The task runners of the group may outlive n8n by a moment.
	signal('SIGKILL');
}

/** Execution id → worker name, from each worker's "Worker started execution <id>" log lines. */
async function executionsByWorker(workers: N8nProcess[]): Promise<Map<string, string[]>> {
	const seen = new Map<string, string[]>();
	for (const w of workers) {
		const text = await readFile(w.log, 'utf8');
		for (const match of text.matchAll(/Worker started execution (\d+)/g)) {
			seen.set(match[1], [...(seen.get(match[1]) ?? []), w.name]);
		}
	}
	return seen;
}

function asRun(record: ExecutionRecord): ExecutedRun {
	return { finished: record.finished, status: record.status, data: record.data };
}

function succeeded(record: ExecutionRecord, what: string): ExecutedRun {
	const error = record.data?.resultData?.error;
	assert(
		record.status === 'success' && !error,
		`${what}: execution ${record.id} ended ${record.status}${error ? `: ${error.message} ${error.description ?? ''}` : ''}`,
	);
	return asRun(record);
}

/** The example with a trigger name the REST call can address. */
function withTriggerName(workflow: WorkflowFile, name: string): WorkflowFile {
	const copy = JSON.parse(JSON.stringify(workflow)) as WorkflowFile;
	const trigger = copy.nodes.find((n) => n.type === 'n8n-nodes-base.manualTrigger');
	if (!trigger) throw new Error(`${workflow.name} has no manual trigger`);
	const old = trigger.name;
	trigger.name = name;
	const connections = copy.connections as Record<string, unknown>;
	connections[name] = connections[old];
	delete connections[old];
	return copy;
}

function workerCounts(ids: string[], byWorker: Map<string, string[]>, workers: N8nProcess[]) {
	const counts: Record<string, number> = Object.fromEntries(workers.map((w) => [w.name, 0]));
	for (const id of ids) {
		const ran = byWorker.get(id) ?? [];
		assert(
			ran.length === 1,
			`execution ${id} started on ${ran.length ? ran.join(' and ') : 'no worker'} (expected exactly one worker)`,
		);
		counts[ran[0]]++;
	}
	return counts;
}

function table(rows: string[][]): string {
	const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
	return rows
		.map((r, i) => {
			const line = `| ${r.map((cell, c) => cell.padEnd(widths[c])).join(' | ')} |`;
			return i === 0 ? `${line}\n|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|` : line;
		})
		.join('\n');
}

async function main(): Promise<void> {
	const steps = new Steps('e2e:queue');
	const work = await mkdtemp(join(tmpdir(), 'acs-sw-queue-'));
	// PostgreSQL runs as user `postgres` when this runs as root: it must reach its folder inside.
	await chmod(work, 0o755);
	const filesRoot = join(work, 'files');
	const report: QueueReport = {
		n8n: N8N_VERSION,
		node: NODE_VERSION,
		startedAt: new Date().toISOString(),
		machine: 'shared with other jobs while measured; figures are indicative',
		examples: [],
		triggers: [],
		phases: [],
	};
	const services: Service[] = [];
	const n8nProcesses: N8nProcess[] = [];
	let emu: Emulator | undefined;
	let stopping: Promise<void> | undefined;
	const stopAll = async () => {
		stopping ??= (async () => {
			for (const p of [...n8nProcesses].reverse()) await stopN8n(p);
			for (const s of [...services].reverse()) {
				try {
					await s.stop();
				} catch (error) {
					warn(`stopping ${s.name} (pid ${s.pid}): ${(error as Error).message}`);
				}
			}
			if (emu) await emu.close();
		})();
		await stopping;
	};
	const interrupted = () => {
		warn('\ninterrupted: stopping everything this run started');
		void stopAll().then(() => process.exit(130));
	};
	process.once('SIGINT', interrupted);
	process.once('SIGTERM', interrupted);
	say(`e2e:queue: n8n ${N8N_VERSION} on Node ${NODE_VERSION}, main + ${WORKERS} workers; ${work}`);

	try {
		const packed = await steps.run(
			'build and npm pack',
			async () => await buildAndPack(join(work, 'pack')),
		);
		emu = await steps.run('start the emulator', async () => await startEmulator());
		const e = emu;
		const install: N8nInstall = await steps.run(
			`install n8n ${N8N_VERSION} (or reuse the cache)`,
			async () => await ensureN8n(),
		);
		const { redisServer, pgBin } = await steps.run(
			'Redis and PostgreSQL packages (apt-get when missing)',
			async () => await ensureServicePackages(),
		);
		const redis = await steps.run('start Redis', async () => {
			const started = await startRedis(redisServer, join(work, 'redis'));
			services.push(started);
			return started;
		});
		const pg: Postgres = await steps.run('start PostgreSQL (initdb, pg_ctl)', async () => {
			const started = await startPostgres(pgBin, join(work, 'postgres'));
			services.push(started);
			return started;
		});
		say(`  redis pid ${redis.pid} on ${redis.port}; postgres pid ${pg.pid} on ${pg.port}`);

		const mainPort = await freePort();
		const queueEnv = {
			EXECUTIONS_MODE: 'queue',
			OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS: 'true',
			QUEUE_BULL_REDIS_HOST: '127.0.0.1',
			QUEUE_BULL_REDIS_PORT: String(redis.port),
			DB_TYPE: 'postgresdb',
			DB_POSTGRESDB_HOST: '127.0.0.1',
			DB_POSTGRESDB_PORT: String(pg.port),
			DB_POSTGRESDB_DATABASE: pg.database,
			DB_POSTGRESDB_USER: pg.user,
			DB_POSTGRESDB_PASSWORD: pg.password,
			// A binary stored in the database holds a pooled connection for its whole insert; with n8n's
			// default pool of 2, concurrent 100 MB files time out waiting for one (seen: executions left
			// "running" because their final update could not get a connection).
			DB_POSTGRESDB_POOL_SIZE: String(DB_POOL_SIZE),
			N8N_ENCRYPTION_KEY: randomBytes(24).toString('hex'),
			N8N_DEFAULT_BINARY_DATA_MODE: 'database',
			N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE: String(DATABASE_MAX_FILE_MB),
			N8N_LOG_LEVEL: 'info',
		};
		const instance = async (name: string, env: Record<string, string>) => {
			const folder = join(work, name);
			await mkdir(folder, { recursive: true });
			return new N8nInstance(install, {
				userFolder: folder,
				fileAccess: [filesRoot],
				env: { ...queueEnv, N8N_RUNNERS_BROKER_PORT: String(await freePort()), ...env },
			});
		};
		const mainInstance = await instance('main', {
			N8N_PORT: String(mainPort),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			// The URL SignalWire signs, and the base of the production webhook URLs main serves.
			WEBHOOK_URL: `http://127.0.0.1:${mainPort}/`,
			N8N_HOST: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: OWNER.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: 'Queue',
			N8N_INSTANCE_OWNER_LAST_NAME: 'Tester',
		});
		mainInstance.env.N8N_INSTANCE_OWNER_PASSWORD_HASH = mainInstance.bcrypt(OWNER.password);
		const workerPorts: number[] = [];
		const workerInstances: N8nInstance[] = [];
		for (let i = 1; i <= WORKERS; i++) {
			const port = await freePort();
			workerPorts.push(port);
			workerInstances.push(
				await instance(`worker${i}`, {
					QUEUE_HEALTH_CHECK_ACTIVE: 'true',
					QUEUE_HEALTH_CHECK_PORT: String(port),
				}),
			);
		}
		const everyInstance = [mainInstance, ...workerInstances];

		await steps.run(
			`npm i --legacy-peer-deps <tarball> into main and ${WORKERS} workers`,
			async () => {
				for (const folder of EXAMPLE_FILE_FOLDERS)
					await mkdir(join(filesRoot, folder), { recursive: true });
				await Promise.all(
					everyInstance.map(async (n) => await n.installPackageWithNpm(packed.tarball)),
				);
				for (const n of everyInstance) {
					const installed = join(n.nodesFolder, 'node_modules', packed.name, 'package.json');
					assert(existsSync(installed), `${installed} is missing after npm i`);
				}
			},
		);

		const { userToken, webhookSecret, credentials } = credentialsForEmulator(e, 120);
		await steps.run('import credentials into PostgreSQL (n8n import:credentials)', async () => {
			await mainInstance.importCredentials(
				Object.values(credentials),
				join(work, 'credentials.json'),
			);
		});

		await steps.run(`start main and ${WORKERS} workers, wait until ready`, async () => {
			const started = startN8n(
				'main',
				mainInstance,
				['start'],
				`http://127.0.0.1:${mainPort}/healthz/readiness`,
				join(work, 'main.log'),
			);
			n8nProcesses.push(started);
			await waitReady([started], 180_000);
			const workers = workerInstances.map((n, i) => {
				const w = startN8n(
					`worker${i + 1}`,
					n,
					['worker', `--concurrency=${WORKER_CONCURRENCY}`],
					`http://127.0.0.1:${workerPorts[i]}/healthz/readiness`,
					join(work, `worker${i + 1}.log`),
				);
				n8nProcesses.push(w);
				return w;
			});
			await waitReady(workers, 180_000);
			say(`  ${n8nProcesses.map((p) => `${p.name} pid ${p.child.pid}`).join(', ')}`);
		});
		const [mainProcess, ...workers] = n8nProcesses;
		report.setup = {
			workers: WORKERS,
			workerConcurrency: WORKER_CONCURRENCY,
			dbPoolSize: DB_POOL_SIZE,
			binaryDataMode: 'database',
			databaseMaxFileSizeMb: DATABASE_MAX_FILE_MB,
			postgres: (await pg.sql('SHOW server_version')).split(' ')[0],
			redis: (await readFile(join(work, 'redis', 'redis.log'), 'utf8').catch(() => '')).match(
				/Redis version=([\d.]+)/,
			)?.[1],
		};
		const memoryTargets = new Map<string, number>(
			[...n8nProcesses.map((p) => [p.name, p.child.pid!] as const)].concat([
				['postgres', pg.pid],
				['redis', redis.pid],
			]),
		);

		const rest = new N8nRest(`http://127.0.0.1:${mainPort}`, install);
		await steps.run('sign in to main (POST /rest/login)', async () => {
			await rest.login(OWNER.email, OWNER.password);
		});

		let identityTotal = 0;
		const takeIdentityCount = () => {
			const count = e.counts()[IDENTITY_ENDPOINT] ?? 0;
			identityTotal += count;
			return count;
		};

		// 1. Every example, through the workers.
		const examples = await loadExamples();
		const checks = await exampleChecks(e, userToken, filesRoot);
		for (const expected of examplesInCheckOrder(examples, checks)) {
			const { file, workflow } = expected;
			await steps.run(`run ${file} on a worker`, async () => {
				await expected.prepare?.();
				const id = await rest.createWorkflow(
					withTriggerName(relocate(workflow, filesRoot), TRIGGER),
				);
				takeIdentityCount();
				e.resetCounters();
				const executionId = await rest.runManually(id, TRIGGER);
				const record = await rest.waitForExecution(executionId, 120_000);
				const printed = await expected.check(succeeded(record, file));
				const worker = (await executionsByWorker(workers)).get(executionId)?.join(' and ');
				assert(worker, `${file}: execution ${executionId} is in no worker's log`);
				assert(record.mode === 'manual', `${file}: execution mode ${record.mode}`);
				say(`  execution ${executionId} on ${worker}\n  ${printed.replace(/\n/g, '\n  ')}`);
				report.examples.push({ file, executionId, worker, printed });
			});
		}

		// 1b. The triggers: main serves their webhooks, the executions they start run on the workers.
		const exampleWorkflow = (file: string) =>
			relocate(examples.find((x) => x.file === file)!.workflow, filesRoot);
		const urls = triggerUrls(`http://127.0.0.1:${mainPort}`, exampleWorkflow, webhookSecret);
		for (const [key, kind] of [
			['whatsApp', 'eventgrid-advanced-message'],
			['callbacks', 'callautomation-media-streaming'],
			['signalWire', 'signalwire-mms'],
		] as const) {
			const file = TRIGGER_EXAMPLES[key];
			await steps.run(`${file}: ${kind} delivered to main, run on a worker`, async () => {
				const id = await rest.createWorkflow(exampleWorkflow(file));
				await rest.activate(id);
				const delivery = await eventually(
					async () => await deliver(e, kind, urls[key]),
					(result) => result.status !== 404,
				);
				assert(delivery.status === 200, `${file}: ${kind} answered ${delivery.status}`);
				const [finished] = await rest.waitForExecutions(id, 1, 120_000);
				const record = await rest.execution(finished.id);
				const run = succeeded(record, file);
				const trigger = exampleWorkflow(file).nodes.find((n) => n.type.endsWith('Trigger'))!.name;
				const [item] = itemsOf(run, trigger);
				assert(item, `${file}: the trigger "${trigger}" gave no item`);
				const worker = (await executionsByWorker(workers)).get(finished.id)?.join(' and ');
				assert(worker, `${file}: execution ${finished.id} is in no worker's log`);
				assert(record.mode === 'webhook', `${file}: execution mode ${record.mode}`);
				await rest.deactivate(id);
				const printed = `${kind} → ${delivery.status}; execution ${finished.id} (${record.mode}) on ${worker}, its item: ${JSON.stringify(item.json).slice(0, 120)}…`;
				say(`  ${printed}`);
				report.triggers.push({ file, executionId: finished.id, worker, printed });
			});
		}

		// 2. Load: many executions at once, spread over the workers by the queue.
		const runPhase = async (
			name: string,
			workflow: WorkflowFile,
			executions: number,
			check: (run: ExecutedRun, index: number) => Promise<number>,
			detail: () => string,
		) => {
			const id = await rest.createWorkflow(workflow);
			takeIdentityCount();
			e.resetCounters();
			const memory = new MemoryWatch(memoryTargets);
			const started = Date.now();
			const ids = await Promise.all(
				Array.from({ length: executions }, async () => await rest.runManually(id, TRIGGER)),
			);
			const records = await Promise.all(
				ids.map(async (x) => await rest.waitForExecution(x, 300_000)),
			);
			const wallSeconds = (Date.now() - started) / 1000;
			const peaks = memory.report();
			memory.stop();
			let items = 0;
			for (const [i, record] of records.entries())
				items += await check(succeeded(record, `${name} #${i + 1}`), i);
			const perWorker = workerCounts(ids, await executionsByWorker(workers), workers);
			const result: PhaseResult = {
				name,
				executions,
				items,
				wallSeconds,
				perWorker,
				identityRequests: takeIdentityCount(),
				memory: peaks,
				detail: detail(),
			};
			report.phases.push(result);
			say(
				`  ${executions} executions, ${items} items in ${wallSeconds.toFixed(1)} s; per worker ${JSON.stringify(perWorker)}; ${result.detail}`,
			);
			return result;
		};

		const large = e.fixtures.acs.largeMedia;
		const largeSha = await large.sha256();
		const downloadNode = (name: string, mediaId: string) =>
			({
				name,
				type: `${packed.name}.azureCommunicationServices`,
				typeVersion: 1,
				parameters: {
					authentication: 'accessKey',
					resource: 'media',
					operation: 'download',
					mediaId,
					binaryPropertyName: 'data',
				},
				credentials: {
					azureCommunicationServicesApi: {
						id: credentials.accessKey.id,
						name: credentials.accessKey.name,
					},
				},
			}) as unknown as WorkflowFile['nodes'][number];
		const verified = { inDatabase: 0, throughMain: 0 };
		await steps.run(`load: ${DOWNLOADS} concurrent ${mb(large.size)} media downloads`, async () => {
			const downloads = await runPhase(
				`${DOWNLOADS} × ${mb(large.size)} media download`,
				manualWorkflow('queue e2e: large media download', [downloadNode('Download', large.id)]),
				DOWNLOADS,
				async (run, index) => {
					const [item] = itemsOf(run, 'Download');
					const binaryId = item.binary?.data?.id ?? '';
					assert(
						binaryId.startsWith('database:'),
						`binary not in the database: ${JSON.stringify(item.binary)}`,
					);
					assert(item.json.fileSize === large.size, `fileSize ${String(item.json.fileSize)}`);
					// Every file hashed where the worker stored it; the first also as main serves it to the editor.
					const fileId = binaryId.slice('database:'.length).replace(/[^0-9a-f-]/gi, '');
					const [bytes, sha] = (
						await pg.sql(
							`SELECT octet_length(data), encode(sha256(data), 'hex') FROM binary_data WHERE "fileId" = '${fileId}'`,
							pg.database,
						)
					).split('|');
					assert(
						Number(bytes) === large.size && sha === largeSha,
						`stored file ${fileId}: ${bytes} bytes, sha256 ${sha}; the fixture ${large.size}, ${largeSha}`,
					);
					verified.inDatabase++;
					if (index === 0) {
						const served = await rest.binarySha256(binaryId);
						assert(
							served.bytes === large.size && served.sha256 === largeSha,
							`main served ${served.bytes} bytes, sha256 ${served.sha256}`,
						);
						verified.throughMain++;
					}
					return 1;
				},
				() =>
					`every stored file's sha256 = the fixture's ${largeSha.slice(0, 12)}… (${verified.inDatabase} hashed in PostgreSQL, ${verified.throughMain} also downloaded from main with GET /rest/binary-data)`,
			);
			assert(
				Object.values(downloads.perWorker).every((n) => n > 0),
				`downloads did not reach every worker: ${JSON.stringify(downloads.perWorker)}`,
			);
		});

		const bigThread = e.fixtures.acs.chat.threads.find(
			(t) => t.id === e.fixtures.acs.chat.threadIds.big,
		);
		assert(bigThread, 'the emulator has no big chat thread');
		const messageIds = bigThread.messages.map((m) => m.id);
		await steps.run(
			`load: ${CHAT_EXECUTIONS * CHAT_ITEMS_PER_EXECUTION} chat items in ${CHAT_EXECUTIONS} executions`,
			async () => {
				const pinned = Array.from({ length: CHAT_ITEMS_PER_EXECUTION }, (_, i) => ({
					index: i,
					chatMessageId: messageIds[i % messageIds.length],
				}));
				const chat = await runPhase(
					`${CHAT_EXECUTIONS * CHAT_ITEMS_PER_EXECUTION} chat get (access key + Chat User ID)`,
					manualWorkflow(
						'queue e2e: chat get load',
						[
							{
								name: 'Get',
								type: `${packed.name}.azureCommunicationServices`,
								typeVersion: 1,
								parameters: {
									authentication: 'accessKey',
									resource: 'chatMessage',
									operation: 'get',
									chatThreadId: bigThread.id,
									chatMessageId: '={{ $json.chatMessageId }}',
									chatUserId: e.fixtures.acs.users.member,
									options: {},
								},
								credentials: {
									azureCommunicationServicesApi: {
										id: credentials.accessKey.id,
										name: credentials.accessKey.name,
									},
								},
							},
						],
						{ pinned },
					),
					CHAT_EXECUTIONS,
					async (run, index) => {
						const got = itemsOf(run, 'Get').map((i) => String(i.json.id));
						assert(
							got.length === pinned.length,
							`chat execution #${index + 1}: ${got.length} items out of ${pinned.length}`,
						);
						got.forEach((id, i) =>
							assert(
								id === pinned[i].chatMessageId,
								`chat execution #${index + 1}: item ${i} is message ${id}, expected ${pinned[i].chatMessageId}`,
							),
						);
						return got.length;
					},
					() => {
						const gets = e.counts()['acs.chat.message.get'] ?? 0;
						return `${gets} chat GET requests at the emulator, every output item the message its input asked for, in input order`;
					},
				);
				const total = CHAT_EXECUTIONS * CHAT_ITEMS_PER_EXECUTION;
				assert(chat.items === total, `chat items ${chat.items} ≠ ${total}`);
				const workersUsed = Object.values(chat.perWorker).filter((n) => n > 0).length;
				assert(
					chat.identityRequests >= 1 && chat.identityRequests <= workersUsed,
					`${chat.identityRequests} Identity requests for one user and one credential on ${workersUsed} workers (at most one per worker)`,
				);
			},
		);

		// 3. A file above N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE fails with the limit and the setting named.
		await steps.run(
			`a ${mb(OVERSIZED_BYTES)} file above the ${DATABASE_MAX_FILE_MB} MB database limit`,
			async () => {
				const id = await rest.createWorkflow(
					manualWorkflow('queue e2e: file above the database limit', [
						downloadNode('Download', `${e.fixtures.acs.generatedMediaPrefix}${OVERSIZED_BYTES}`),
					]),
				);
				const record = await rest.waitForExecution(await rest.runManually(id, TRIGGER), 300_000);
				assert(record.status === 'error', `the oversized download ended ${record.status}`);
				const error = record.data.resultData.runData.Download?.[0]?.error as
					| { message?: string; description?: string }
					| undefined;
				const message = `${error?.message ?? ''} ${error?.description ?? ''}`;
				for (const expected of [
					`${DATABASE_MAX_FILE_MB} MB`,
					'N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE',
				])
					assert(message.includes(expected), `the error does not name "${expected}": ${message}`);
				assert(!/\n\s+at /.test(message), `the error carries a stack trace: ${message}`);
				report.oversized = message.trim();
				say(`  failed as expected: ${report.oversized}`);
			},
		);

		// 4. Token reuse and placement over the whole run.
		takeIdentityCount();
		report.identityRequestsTotal = identityTotal;
		const tokenCredentials = 2; // access key and Entra ID issue chat tokens; the user token needs none
		assert(
			identityTotal <= tokenCredentials * WORKERS,
			`${identityTotal} Identity requests for 1 user × ${tokenCredentials} credentials × ${WORKERS} workers`,
		);
		const placed = await executionsByWorker(workers);
		const ranOn = workers.map(
			(w) => [...placed.values()].filter((names) => names.includes(w.name)).length,
		);
		assert(
			ranOn.every((n) => n > 0),
			`not every worker ran executions: ${ranOn.join(', ')}`,
		);
		const mainLog = await readFile(mainProcess.log, 'utf8');
		assert(
			!/Worker started execution/.test(mainLog),
			'main started an execution itself although manual runs are offloaded',
		);

		const rows = [
			[
				'phase',
				'executions',
				'items',
				'wall',
				'per worker',
				'Identity',
				...[...memoryTargets.keys()].map((n) => `RSS ${n}`),
			],
		];
		for (const p of report.phases) {
			rows.push([
				p.name,
				String(p.executions),
				String(p.items),
				`${p.wallSeconds.toFixed(1)} s`,
				Object.entries(p.perWorker)
					.map(([w, n]) => `${w}: ${n}`)
					.join(', '),
				String(p.identityRequests),
				...[...memoryTargets.keys()].map(
					(n) => `${mb(p.memory[n].treeAtStart)} → ${mb(p.memory[n].treePeak)}`,
				),
			]);
		}
		report.summary = [
			`n8n ${N8N_VERSION} queue mode: main + ${WORKERS} workers (concurrency ${WORKER_CONCURRENCY}), binary data in PostgreSQL ${String(report.setup.postgres)}, Redis ${String(report.setup.redis)}`,
			`examples: ${report.examples.length} workflows, each run on one worker (${workers.map((w) => `${w.name}: ${report.examples.filter((x) => x.worker === w.name).length}`).join(', ')}); executions over the whole run: ${workers.map((w, i) => `${w.name} ${ranOn[i]}`).join(', ')} (from the workers' "Worker started execution <id>" log lines)`,
			table(rows),
			'RSS at the start of the phase → its peak: each n8n process with its task-runner child, sampled every 250 ms; PostgreSQL summed over its processes (shared buffers counted in each)',
			`Identity (chat token) requests over the whole run: ${identityTotal} (bound: 1 user × ${tokenCredentials} credentials × ${WORKERS} workers = ${tokenCredentials * WORKERS})`,
			`oversized file: ${report.oversized}`,
			`machine: 2 cores shared with other jobs while measured; treat times as indicative`,
		].join('\n');
		say(`\n${report.summary}`);
		say(`\n${steps.summary()}`);
		say('\ne2e:queue: passed');
	} catch (error) {
		for (const p of n8nProcesses) {
			if (!existsSync(p.log)) continue;
			const tail = (await readFile(p.log, 'utf8')).split('\n').slice(-25).join('\n');
			warn(`\n--- last lines of ${p.name}'s log ---\n${tail}`);
		}
		throw error;
	} finally {
		report.steps = steps.summary();
		await stopAll();
		await mkdir(join(REPO, '.e2e'), { recursive: true });
		await writeFile(
			join(REPO, '.e2e', 'queue-last-run.json'),
			`${JSON.stringify(report, null, 2)}\n`,
		);
		if (process.env.E2E_KEEP_WORK !== '1' && existsSync(work))
			await rm(work, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	warn(
		`\ne2e:queue failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
	);
	process.exit(1);
});
