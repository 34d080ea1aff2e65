/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * `npm run e2e`: the package, packed and installed as a community package into a real n8n (pinned, on
 * Node 24, cached outside the repository), runs every example workflow with `n8n execute` against the
 * emulator; outputs are checked, and failure workflows must fail with the service's error text and without
 * leaking a secret. Prints per-step timings and writes them, with what each workflow printed, to
 * .e2e/last-run.json (git-ignored).
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../emulator/index';
import { ACS_API_VERSIONS } from '../shared/acs/apiVersion';
import { CREDENTIALS, emulatorCredentials, type CredentialRecord } from './lib/credentials';
import {
	EXAMPLE_FILE_FOLDERS,
	loadExamples,
	relocate,
	withCredential,
	writeWorkflow,
	type WorkflowFile,
} from './lib/examples';
import { itemsOf, N8nInstance, type ExecutedItem, type ExecuteResult } from './lib/instance';
import { say, Steps, warn } from './lib/log';
import { freePort } from './lib/proc';
import { ensureN8n, N8N_VERSION, NODE_VERSION } from './lib/n8n';
import { buildAndPack, REPO } from './lib/pack';
import { checkTriggers, type TriggerReport } from './triggers';

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

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(`assertion failed: ${message}`);
}

function sha256(buffer: Buffer): string {
	return createHash('sha256').update(buffer).digest('hex');
}

function sameJson(a: unknown, b: unknown): boolean {
	const canonical = (value: unknown): unknown => {
		if (Array.isArray(value)) return value.map(canonical);
		if (value && typeof value === 'object') {
			return Object.fromEntries(
				Object.entries(value as Record<string, unknown>)
					.sort(([x], [y]) => x.localeCompare(y))
					.map(([k, v]) => [k, canonical(v)]),
			);
		}
		return value;
	};
	return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
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
		const userToken = e.issueUserToken(e.fixtures.acs.users.member, {
			expiresInMinutes: 120,
		}).token;
		const webhookSecret = randomBytes(24).toString('base64url');
		const credentials = emulatorCredentials({
			url: e.url,
			acs: e.acs,
			signalwire: e.signalwire,
			userToken,
			webhookSecret,
			acsResourceId: e.fixtures.acs.resourceId,
		});
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

		// 5. The example workflows (outputs moved into the work folder) and the failure workflows.
		const examples = await loadExamples();
		const byFile = new Map(examples.map((x) => [x.file, x.workflow]));
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
		await steps.run(
			`import ${examples.length} example + ${failures.length} failure workflows`,
			async () => {
				const dir = join(work, 'workflows');
				await mkdir(dir);
				for (const x of examples)
					await writeWorkflow(relocate(x.workflow, filesRoot), join(dir, x.file));
				for (const [i, f] of failures.entries())
					await writeWorkflow(relocate(f.workflow, filesRoot), join(dir, `failure-${i}.json`));
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

		const jpeg = e.fixtures.acs.media.jpeg;
		for (const file of ['acs-media-download.access-key.json', 'acs-media-download.entra-id.json']) {
			const written = join(filesRoot, 'whatsapp-media', jpeg.fileName ?? 'photo.jpg');
			await rm(written, { force: true });
			await execute(file, example(file), async (result) => {
				const run = succeeded(result, file);
				const [item] = itemsOf(run, 'Download WhatsApp media');
				assert(
					sameJson(item.json, {
						mediaId: jpeg.id,
						mimeType: jpeg.contentType,
						fileName: jpeg.fileName,
						fileSize: jpeg.size,
					}),
					`${file}: download json ${JSON.stringify(item.json)}`,
				);
				const binary = item.binary?.data;
				assert(
					binary?.mimeType === jpeg.contentType && binary.fileName === jpeg.fileName,
					`${file}: binary ${JSON.stringify(binary)}`,
				);
				const [writtenItem] = itemsOf(run, 'Write media to disk');
				assert(
					writtenItem.json.fileName === written,
					`${file}: the write node wrote ${String(writtenItem.json.fileName)}`,
				);
				const bytes = await readFile(written);
				assert(
					sha256(bytes) === jpeg.sha256,
					`${file}: ${written} has sha256 ${sha256(bytes)}, the fixture ${jpeg.sha256}`,
				);
				const counts = e.counts();
				const entra = file.includes('entra')
					? `; Entra token requests: ${counts['entra.token'] ?? 0}`
					: '';
				if (file.includes('entra'))
					assert(
						(counts['entra.token'] ?? 0) >= 1,
						`${file}: no token was requested from the Entra endpoint`,
					);
				return `download: ${JSON.stringify(item.json)}\nwrote ${written}: ${bytes.length} bytes, sha256 ${sha256(bytes)} = fixture${entra}`;
			});
		}

		// The service's own answers, fetched directly, are what the node must return field for field.
		const chatGet = async (path: string) => {
			const response = await fetch(
				`${e.url}${path}${path.includes('?') ? '&' : '?'}api-version=${ACS_API_VERSIONS.chat}`,
				{
					headers: { authorization: `Bearer ${userToken}` },
				},
			);
			assert(response.ok, `direct GET ${path}: ${response.status}`);
			return (await response.json()) as Record<string, unknown>;
		};
		const threadId = e.fixtures.acs.chat.threadIds.small;
		const messageId = e.fixtures.acs.chat.smallThread.htmlWithAttachmentId;
		const thread = `/chat/threads/${encodeURIComponent(threadId)}/messages`;
		const expectedMessage = await chatGet(`${thread}/${messageId}`);
		const expectedList = ((await chatGet(`${thread}?maxPageSize=200`)).value ?? []) as Array<
			Record<string, unknown>
		>;
		for (const file of [
			'acs-chat-messages.access-key.json',
			'acs-chat-messages.entra-id.json',
			'acs-chat-messages.user-token.json',
		]) {
			await execute(file, example(file), async (result) => {
				const run = succeeded(result, file);
				const [message] = itemsOf(run, 'Get a chat message');
				assert(
					sameJson(message.json, expectedMessage),
					`${file}: the message differs from the service's: ${JSON.stringify(message.json)}`,
				);
				for (const field of [
					'id',
					'type',
					'sequenceId',
					'version',
					'content',
					'senderDisplayName',
					'createdOn',
					'senderCommunicationIdentifier',
				]) {
					assert(message.json[field] !== undefined, `${file}: the message has no ${field}`);
				}
				const listed = itemsOf(run, "List the thread's messages").map((i: ExecutedItem) => i.json);
				assert(
					listed.length === expectedList.length,
					`${file}: listed ${listed.length} messages, the thread has ${expectedList.length}`,
				);
				assert(
					sameJson(listed, expectedList),
					`${file}: the listed messages differ from the service's`,
				);
				const pages = e.counts()['acs.chat.message.list'] ?? 0;
				const fields = Object.keys(message.json).sort().join(', ');
				return `get: message ${String(message.json.id)} (${String(message.json.type)}), all ${Object.keys(message.json).length} fields equal the service's: ${fields}\nlist: ${listed.length} messages in ${pages} pages (page size 2), equal to the service's listing`;
			});
		}

		const callId = e.fixtures.acs.calls.activeCallConnectionId;
		for (const file of [
			'acs-call-media-streaming.access-key.json',
			'acs-call-media-streaming.entra-id.json',
		]) {
			await execute(file, example(file), async (result) => {
				const run = succeeded(result, file);
				const [start] = itemsOf(run, 'Start media streaming');
				const [stop] = itemsOf(run, 'Stop media streaming');
				assert(
					start.json.status === 'accepted' &&
						start.json.callConnectionId === callId &&
						start.json.operation === 'startMediaStreaming',
					`${file}: start ${JSON.stringify(start.json)}`,
				);
				assert(
					stop.json.status === 'accepted' &&
						stop.json.callConnectionId === callId &&
						stop.json.operation === 'stopMediaStreaming',
					`${file}: stop ${JSON.stringify(stop.json)}`,
				);
				const counts = e.counts();
				assert(
					counts['acs.calling.startMediaStreaming'] === 1 &&
						counts['acs.calling.stopMediaStreaming'] === 1,
					`${file}: emulator counts ${JSON.stringify(counts)}`,
				);
				return `start: ${JSON.stringify(start.json)}\nstop: ${JSON.stringify(stop.json)}`;
			});
		}

		{
			const file = 'signalwire-message-media.json';
			const many = e.fixtures.signalwire.media.many;
			await execute(file, example(file), async (result) => {
				const run = succeeded(result, file);
				const listed = itemsOf(run, "List the message's media");
				const sids = new Set(listed.map((i) => String(i.json.sid)));
				assert(
					listed.length === many.length &&
						sids.size === many.length &&
						many.every((m) => sids.has(m.sid)),
					`${file}: listed ${listed.length} media (${sids.size} distinct), the message has ${many.length}`,
				);
				const downloaded = itemsOf(run, 'Download each file');
				assert(
					downloaded.length === many.length,
					`${file}: downloaded ${downloaded.length} of ${many.length}`,
				);
				const folder = join(filesRoot, 'signalwire-media');
				const onDisk = await readdir(folder);
				assert(
					onDisk.length === many.length,
					`${file}: ${onDisk.length} files on disk, expected ${many.length}`,
				);
				const bySid = new Map(many.map((m) => [m.sid, m]));
				for (const item of downloaded) {
					const fixture = bySid.get(String(item.json.sid));
					assert(fixture, `${file}: downloaded an unknown sid ${String(item.json.sid)}`);
					const bytes = await readFile(join(folder, String(item.json.fileName)));
					assert(
						sha256(bytes) === fixture.sha256,
						`${file}: ${String(item.json.fileName)} does not match its fixture's sha256`,
					);
					assert(
						item.json.mimeType === fixture.contentType,
						`${file}: ${String(item.json.sid)} mime ${String(item.json.mimeType)} ≠ ${fixture.contentType}`,
					);
				}
				const pages = e.counts()['sw.media.list'] ?? 0;
				assert(
					pages === Math.ceil(many.length / 50),
					`${file}: ${pages} list pages requested, expected ${Math.ceil(many.length / 50)}`,
				);
				return `list: ${listed.length} media in ${pages} pages (page size 50), all ${many.length} sids of the message\ndownload: ${downloaded.length} files written to disk, every sha256 and content type equal the fixtures' (first: ${JSON.stringify(downloaded[0].json)})`;
			});
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
		// 8. The triggers, served by `n8n start` on their production URLs.
		report.triggers = await checkTriggers({
			n8n,
			emu: e,
			steps,
			filesRoot,
			workflows: (file) => relocate(example(file), filesRoot),
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
