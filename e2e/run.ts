/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * `npm run e2e`: the package, packed and installed as a community package into a real n8n (pinned, on
 * Node 24, cached outside the repository), runs every example workflow with `n8n execute` against the
 * emulator; outputs are checked, and failure workflows must fail with the service's error text and without
 * leaking a secret. Prints per-step timings and writes them, with what each workflow printed, to
 * .e2e/last-run.json (git-ignored).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../emulator/index';
import { CREDENTIALS, credentialsForEmulator, type CredentialRecord } from './lib/credentials';
import {
	EXAMPLE_FILE_FOLDERS,
	loadExamples,
	relocate,
	manualWorkflow,
	withCredential,
	withTriggerUrls,
	writeWorkflow,
	type WorkflowFile,
} from './lib/examples';
import { assert, exampleChecks, examplesInCheckOrder, sameJson } from './lib/checks';
import { itemsOf, N8nInstance, type ExecuteResult } from './lib/instance';
import { say, Steps, warn } from './lib/log';
import { freePort } from './lib/proc';
import { ensureN8n, N8N_VERSION, NODE_VERSION } from './lib/n8n';
import { buildAndPack, REPO } from './lib/pack';
import { checkTriggers, type TriggerReport } from './triggers';

/** The SMS load: this many recipients in one execution, at most 100 per item (one request each). */
const SMS_RECIPIENTS = 1000;
const SMS_RECIPIENTS_PER_ITEM = 100;
const SMS_NODE = 'Send SMS';

/**
 * One execution that sends an SMS to SMS_RECIPIENTS numbers: a Set node makes one item per request,
 * each naming its 100 recipients by expression, so nothing but the ACS node talks to the emulator.
 */
function smsLoadWorkflow(emu: Emulator, packageName: string): WorkflowFile {
	const batches = SMS_RECIPIENTS / SMS_RECIPIENTS_PER_ITEM;
	return manualWorkflow(
		`e2e: ${SMS_RECIPIENTS} SMS recipients`,
		[
			{
				name: 'Batch numbers',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				parameters: {
					assignments: {
						assignments: [
							{
								id: 'batch',
								name: 'batch',
								value: `={{ Array.from({ length: ${batches} }, (_, i) => i) }}`,
								type: 'array',
							},
						],
					},
					options: {},
				},
			},
			{
				name: 'One item per batch',
				type: 'n8n-nodes-base.splitOut',
				typeVersion: 1,
				parameters: { fieldToSplitOut: 'batch', options: {} },
			},
			{
				name: SMS_NODE,
				type: `${packageName}.azureCommunicationServices`,
				typeVersion: 1,
				parameters: {
					authentication: 'accessKey',
					resource: 'sms',
					operation: 'send',
					from: emu.fixtures.acs.phoneNumbers.main,
					to: `={{ Array.from({ length: ${SMS_RECIPIENTS_PER_ITEM} }, (_, k) => '+1425550' + String($json.batch * ${SMS_RECIPIENTS_PER_ITEM} + k).padStart(4, '0')) }}`,
					message: 'Your appointment is tomorrow at 10:00.',
					options: {},
				},
				credentials: { azureCommunicationServicesApi: { ...CREDENTIALS.accessKey } },
			},
		],
		{ id: 'e2eSmsLoad000001' },
	);
}

const WRONG = {
	accessKey: { id: 'e2eWrongAcsKey01', name: 'ACS access key (wrong key)' },
	entraId: { id: 'e2eWrongEntra001', name: 'ACS Microsoft Entra ID (wrong secret)' },
	signalWire: { id: 'e2eWrongSwToken1', name: 'SignalWire (wrong token)' },
};

interface Report {
	n8n: string;
	node: string;
	startedAt: string;
	steps?: string;
	workflows: Array<{ file: string; id: string; seconds: number; printed: string }>;
	triggers?: TriggerReport;
}

/** Every secret the emulator hands out, and encodings of them that a careless error could print. */
function secretsOf(emu: Emulator, extra: string[]): string[] {
	const sw = emu.signalwire;
	return [
		emu.acs.accessKey,
		emu.acs.entra.clientSecret,
		sw.apiToken,
		sw.signingKey,
		Buffer.from(`${sw.projectId}:${sw.apiToken}`).toString('base64'),
		...extra,
	];
}

function assertNoSecrets(result: ExecuteResult, secrets: string[], what: string): void {
	const text = `${result.stdout}\n${result.stderr}`;
	for (const secret of secrets)
		assert(
			!text.includes(secret),
			`${what}: the output contains a secret (${secret.slice(0, 4)}…)`,
		);
}

async function main(): Promise<void> {
	const steps = new Steps('e2e');
	const work = await mkdtemp(join(tmpdir(), 'acs-sw-e2e-'));
	const filesRoot = join(work, 'files');
	const report: Report = {
		n8n: N8N_VERSION,
		node: NODE_VERSION,
		startedAt: new Date().toISOString(),
		workflows: [],
	};
	let emu: Emulator | undefined;
	say(`e2e: n8n ${N8N_VERSION} on Node ${NODE_VERSION}; work folder ${work}`);
	try {
		// 1. Build and pack, start the emulator.
		const packed = await steps.run(
			'build and npm pack',
			async () => await buildAndPack(join(work, 'pack')),
		);
		say(`  ${packed.tarball} (${packed.files.length} files)`);
		emu = await steps.run(
			'start the emulator',
			async () => await startEmulator({ largeMediaBytes: 1024 * 1024 }),
		);
		const e = emu;
		say(`  emulator at ${e.url}`);

		// 2. A real n8n, cached by version.
		const install = await steps.run(
			`install n8n ${N8N_VERSION} (or reuse the cache)`,
			async () => await ensureN8n(),
		);

		// 3. The tarball as a community package in a fresh user folder.
		const n8n = new N8nInstance(install, {
			userFolder: join(work, 'user'),
			fileAccess: [filesRoot],
			env: { N8N_RUNNERS_BROKER_PORT: String(await freePort()) },
		});
		await steps.run('install the tarball as a community package', async () => {
			for (const folder of EXAMPLE_FILE_FOLDERS)
				await mkdir(join(filesRoot, folder), { recursive: true });
			const dir = await n8n.installPackage(packed.tarball, packed.name);
			say(`  ${dir}`);
		});

		// 4. Credentials for every type, pointing at the emulator, plus deliberately wrong ones.
		const { userToken, webhookSecret, credentials } = credentialsForEmulator(e, 120);
		const wrongAccessKey = Buffer.from(
			'this is not the resource key, but it is a valid base64 key',
		).toString('base64');
		const wrongEntraSecret = 'wrong~entra-client-secret-for-e2e';
		const wrongSwToken = 'PTwrongwrongwrongwrongwrongwrongwrongwrongwrongwr';
		const wrong: CredentialRecord[] = [
			{
				...CREDENTIALS.accessKey,
				...WRONG.accessKey,
				data: { ...credentials.accessKey.data, accessKey: wrongAccessKey },
			},
			{
				...CREDENTIALS.entraId,
				...WRONG.entraId,
				data: { ...credentials.entraId.data, clientSecret: wrongEntraSecret },
			},
			{
				...CREDENTIALS.signalWire,
				...WRONG.signalWire,
				data: { ...credentials.signalWire.data, apiToken: wrongSwToken },
			},
		];
		const secrets = secretsOf(e, [
			userToken,
			webhookSecret,
			wrongAccessKey,
			wrongEntraSecret,
			wrongSwToken,
		]);
		await steps.run('import credentials (5 types + 3 wrong ones)', async () => {
			await n8n.importCredentials(
				[...Object.values(credentials), ...wrong],
				join(work, 'credentials.json'),
			);
		});

		// 5. The example workflows (outputs moved into the work folder, trigger URLs on the port n8n will
		// serve them on) and the failure workflows.
		const triggerPort = await freePort();
		const examples = await loadExamples();
		const byFile = new Map(examples.map((x) => [x.file, x.workflow]));
		const prepared = (workflow: WorkflowFile) =>
			withTriggerUrls(
				relocate(workflow, filesRoot),
				`http://127.0.0.1:${triggerPort}`,
				webhookSecret,
			);
		const example = (file: string): WorkflowFile => {
			const workflow = byFile.get(file);
			if (!workflow) throw new Error(`examples/${file} is missing`);
			return workflow;
		};
		const failures: Array<{
			file: string;
			workflow: WorkflowFile;
			expect: string;
			secret: string;
		}> = [
			{
				file: 'failure: wrong access key',
				workflow: withCredential(
					example('acs-media-download.access-key.json'),
					'e2eFailWrongKey1',
					'e2e: media download with a wrong access key',
					WRONG.accessKey,
				),
				expect: 'Denied by the resource provider',
				secret: wrongAccessKey,
			},
			{
				file: 'failure: wrong Entra client secret',
				workflow: withCredential(
					example('acs-media-download.entra-id.json'),
					'e2eFailWrongEntr',
					'e2e: media download with a wrong Entra client secret',
					WRONG.entraId,
				),
				// n8n's OAuth2 client turns Entra's invalid_client answer into its own text (the AADSTS detail is dropped).
				expect: 'Failed to acquire OAuth2 access token: Client authentication failed',
				secret: wrongEntraSecret,
			},
			{
				file: 'failure: wrong SignalWire token',
				workflow: withCredential(
					example('signalwire-message-media.json'),
					'e2eFailWrongSwTk',
					'e2e: SignalWire media with a wrong API token',
					WRONG.signalWire,
				),
				expect: 'Authentication Error',
				secret: wrongSwToken,
			},
		];
		const smsLoad = smsLoadWorkflow(e, packed.name);
		await steps.run(
			`import ${examples.length} example + ${failures.length} failure workflows + the SMS load`,
			async () => {
				const dir = join(work, 'workflows');
				await mkdir(dir);
				for (const x of examples) await writeWorkflow(prepared(x.workflow), join(dir, x.file));
				for (const [i, f] of failures.entries())
					await writeWorkflow(relocate(f.workflow, filesRoot), join(dir, `failure-${i}.json`));
				await writeWorkflow(smsLoad, join(dir, 'sms-load.json'));
				await n8n.importWorkflowFolder(dir);
			},
		);

		// 6. Run each example and check what it produced.
		const execute = async (
			file: string,
			workflow: WorkflowFile,
			check: (result: ExecuteResult) => Promise<string>,
		) => {
			await steps.run(`execute ${file}`, async () => {
				const started = Date.now();
				e.resetCounters();
				const result = await n8n.execute(workflow.id);
				assertNoSecrets(result, secrets, file);
				const printed = await check(result);
				say(`  ${printed.replace(/\n/g, '\n  ')}`);
				report.workflows.push({
					file,
					id: workflow.id,
					seconds: (Date.now() - started) / 1000,
					printed,
				});
			});
		};
		const succeeded = (result: ExecuteResult, file: string) => {
			if (!result.run || (result.code !== 0 && result.signal === null)) {
				warn((result.stdout + result.stderr).split('\n').slice(-60).join('\n'));
				throw new Error(`${file}: n8n execute exited with ${result.code ?? result.signal}`);
			}
			if (result.signal !== null)
				warn(
					`  n8n execute printed the finished run, then ended by ${result.signal} while shutting down`,
				);
			assert(
				result.run.finished !== false && !result.run.data.resultData.error,
				`${file}: the execution reports an error`,
			);
			return result.run;
		};

		const checks = await exampleChecks(e, userToken, filesRoot);
		for (const expected of examplesInCheckOrder(examples, checks)) {
			const { file, workflow } = expected;
			await expected.prepare?.();
			await execute(
				file,
				workflow,
				async (result) => await expected.check(succeeded(result, file)),
			);
		}

		// 7. Failure workflows: the service's error text, no secret, no output.
		for (const f of failures) {
			await execute(f.file, f.workflow, async (result) => {
				assert(result.code !== 0, `${f.file}: n8n execute succeeded`);
				const text = `${result.stdout}\n${result.stderr}`;
				assert(
					text.includes(f.expect),
					`${f.file}: the output lacks "${f.expect}":\n${text.slice(-3000)}`,
				);
				assert(!text.includes(f.secret), `${f.file}: the output contains the wrong secret`);
				const line = text.split('\n').find((l) => l.includes(f.expect)) ?? '';
				return `failed as expected (exit ${result.code ?? result.signal}): ${line.trim().slice(0, 400)}`;
			});
		}
		// 8. Many SMS recipients in one execution: one request per 100, each recipient sent exactly once.
		const smsOutbox = () => e.outbox().filter((m) => m.service === 'sms');
		const sentBefore = smsOutbox().length;
		await execute(`${SMS_RECIPIENTS} SMS recipients`, smsLoad, async (result) => {
			const run = succeeded(result, smsLoad.name);
			const items = itemsOf(run, SMS_NODE);
			const sent = smsOutbox().slice(sentBefore);
			const expected = Array.from(
				{ length: SMS_RECIPIENTS },
				(_, i) => `+1425550${String(i).padStart(4, '0')}`,
			);
			assert(
				sameJson(
					items.map((item) => item.json.to),
					expected,
				) && items.every((item) => item.json.successful === true),
				`${smsLoad.name}: ${items.length} output items, not one successful item per recipient in order`,
			);
			// The 10 requests run concurrently, so the outbox holds them in arrival order; each recipient once.
			assert(
				sameJson(sent.map((m) => m.to).sort(), expected),
				`${smsLoad.name}: the emulator's outbox holds ${sent.length} SMS, not each of the ${SMS_RECIPIENTS} recipients once`,
			);
			const requests = e.counts()['acs.sms.send'] ?? 0;
			assert(
				requests === SMS_RECIPIENTS / SMS_RECIPIENTS_PER_ITEM,
				`${smsLoad.name}: ${requests} send requests`,
			);
			const nodeMs = run.data.resultData.runData[SMS_NODE][0].executionTime ?? NaN;
			return `${items.length} recipients in ${requests} requests; the SMS node ran ${(nodeMs / 1000).toFixed(2)} s; the emulator's outbox holds exactly ${sent.length} SMS`;
		});

		// 9. The triggers, served by `n8n start` on their production URLs.
		report.triggers = await checkTriggers({
			n8n,
			emu: e,
			steps,
			filesRoot,
			port: triggerPort,
			workflows: (file) => prepared(example(file)),
			webhookSecret,
			secrets,
		});
		say(`\n${steps.summary()}`);
		say('\ne2e: passed');
	} finally {
		report.steps = steps.summary();
		await mkdir(join(REPO, '.e2e'), { recursive: true });
		await writeFile(join(REPO, '.e2e', 'last-run.json'), `${JSON.stringify(report, null, 2)}\n`);
		if (emu) await emu.close();
		if (process.env.E2E_KEEP_WORK !== '1' && existsSync(work))
			await rm(work, { recursive: true, force: true });
	}
}

main().catch((error: unknown) => {
	warn(`\ne2e failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
	process.exit(1);
});
