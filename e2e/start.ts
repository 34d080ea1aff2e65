/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * `npm start`: the emulator plus a real n8n editor on http://localhost:5678 with this package installed
 * (built and packed from the working tree, installed as a community package), credentials that point at
 * the emulator (or at the real services, per credential, when their environment variables are set) and
 * the example workflows imported. The n8n user folder is .n8n-dev/ (git-ignored; N8N_DEV_FOLDER moves it).
 */
import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';

import { startEmulator, type Emulator } from '../emulator/index';
import {
	emulatorCredentials,
	realCredentials,
	REAL_ENV,
	type CredentialKey,
	type CredentialRecord,
} from './lib/credentials';
import {
	EXAMPLE_FILE_FOLDERS,
	EXAMPLE_FILES_ROOT,
	loadExamples,
	withTriggerUrls,
	writeWorkflow,
} from './lib/examples';
import { N8nInstance } from './lib/instance';
import { say, Steps, warn } from './lib/log';
import { ensureN8n } from './lib/n8n';
import { buildAndPack, REPO } from './lib/pack';
import { N8nServer } from './lib/server';
import { activateTriggers, triggerUrls } from './triggers';

const PORT = Number(process.env.N8N_PORT ?? 5678);
const EMULATOR_PORT = Number(process.env.EMULATOR_PORT ?? 4010);
const USER_FOLDER = process.env.N8N_DEV_FOLDER ?? join(REPO, '.n8n-dev');
/** The local editor's login (owner managed by environment variables, so there is no set-up screen). */
export const DEV_OWNER = {
	email: process.env.N8N_DEV_OWNER_EMAIL ?? 'dev@example.com',
	password: process.env.N8N_DEV_OWNER_PASSWORD ?? 'Emulator-1234',
};

async function main(): Promise<void> {
	const steps = new Steps('npm start');
	const running: { emu?: Emulator; n8n?: N8nServer; stopping?: boolean } = {};
	const stop = async (code: number) => {
		if (running.stopping) return;
		running.stopping = true;
		await running.n8n?.stop();
		if (running.emu) await running.emu.close();
		process.exit(code);
	};
	process.on('SIGINT', () => void stop(0));
	process.on('SIGTERM', () => void stop(0));

	const packed = await steps.run(
		'build and npm pack',
		async () => await buildAndPack(join(USER_FOLDER, 'pack')),
	);
	const install = await steps.run(
		'install n8n (or reuse the cache)',
		async () => await ensureN8n(),
	);
	const e = await steps.run(`start the emulator on port ${EMULATOR_PORT}`, async () => {
		try {
			return await startEmulator({ port: EMULATOR_PORT });
		} catch (error) {
			throw new Error(
				`the emulator could not listen on 127.0.0.1:${EMULATOR_PORT}-${EMULATOR_PORT + 2} (set EMULATOR_PORT): ${(error as Error).message}`,
			);
		}
	});
	running.emu = e;

	const n8n = new N8nInstance(install, {
		userFolder: USER_FOLDER,
		fileAccess: [EXAMPLE_FILES_ROOT],
		env: {
			N8N_HOST: 'localhost',
			N8N_EDITOR_BASE_URL: `http://localhost:${PORT}`,
			N8N_LOG_LEVEL: process.env.N8N_LOG_LEVEL ?? 'info',
		},
	});

	await steps.run('install the package into n8n', async () => {
		for (const folder of EXAMPLE_FILE_FOLDERS)
			await mkdir(join(EXAMPLE_FILES_ROOT, folder), { recursive: true });
		await n8n.installPackage(packed.tarball, packed.name);
	});

	const sources: string[] = [];
	const webhookSecret = process.env.ACS_TRIGGER_SECRET || randomBytes(24).toString('base64url');
	await steps.run('import credentials', async () => {
		const userToken = e.issueUserToken(e.fixtures.acs.users.member, {
			expiresInMinutes: 24 * 60,
		}).token;
		const emulated = emulatorCredentials({
			url: e.url,
			acs: e.acs,
			arm: e.arm,
			signalwire: e.signalwire,
			userToken,
			webhookSecret,
			acsResourceId: e.fixtures.acs.resourceId,
		});
		const real = realCredentials();
		const chosen: CredentialRecord[] = [];
		for (const key of Object.keys(emulated) as CredentialKey[]) {
			const record = real[key] ?? emulated[key];
			chosen.push(record);
			sources.push(
				`  ${record.name.padEnd(24)} → ${real[key] ? `real service (${REAL_ENV[key].join(', ')})` : `emulator ${e.url}`}`,
			);
		}
		await mkdir(USER_FOLDER, { recursive: true });
		await n8n.importCredentials(chosen, join(USER_FOLDER, 'credentials.import.json'));
	});

	const editorUrl = `http://localhost:${PORT}`;
	// The call examples' Settings hold this n8n's Call Automation trigger URL, as a user would paste it.
	const examples = (await loadExamples()).map((x) => ({
		...x,
		workflow: withTriggerUrls(x.workflow, editorUrl, webhookSecret),
	}));
	await steps.run(`import ${examples.length} example workflows`, async () => {
		const dir = join(USER_FOLDER, 'examples');
		await mkdir(dir, { recursive: true });
		for (const x of examples) await writeWorkflow(x.workflow, join(dir, x.file));
		await n8n.importWorkflowFolder(dir);
	});
	const urls = triggerUrls(
		editorUrl,
		(file) => examples.find((x) => x.file === file)!.workflow,
		webhookSecret,
	);

	await steps.run('start the n8n editor', async () => {
		const server = await N8nServer.start(n8n, {
			port: PORT,
			owner: DEV_OWNER,
			// n8n's start-up chatter is noise until it is ready; afterwards its log is the user's.
			echo: true,
			// The editor is opened as localhost, so n8n must listen on every loopback name.
			env: { N8N_LISTEN_ADDRESS: '::', WEBHOOK_URL: `${editorUrl}/` },
		});
		running.n8n = server;
		await activateTriggers(server, (file) => examples.find((x) => x.file === file)!.workflow);
		void server.exited.then((code) => {
			if (!running.stopping) {
				warn(`n8n exited with ${code}`);
				void stop(code ?? 1);
			}
		});
	});

	say(`\n${steps.summary()}`);
	say(
		[
			'',
			'══════════════════════════════════════════════════════════════════════',
			`  n8n editor:  http://localhost:${PORT}`,
			`  log in as:   ${DEV_OWNER.email} / ${DEV_OWNER.password}`,
			`  emulator:    ${e.url} (ACS endpoint, Entra authority host and SignalWire space)`,
			'  credentials:',
			...sources,
			`  workflows:   ${examples.length} examples (Overview); open one and click "Execute workflow"`,
			`  files:       the examples write downloads under ${EXAMPLE_FILES_ROOT}/`,
			'  triggers:    the example trigger workflows are active; send them an event from the emulator:',
			`    npm run emulator -- deliver eventgrid-advanced-message '${urls.whatsApp}'`,
			`    npm run emulator -- deliver callautomation-media-streaming '${urls.callbacks}'`,
			`    npm run emulator -- deliver signalwire-mms '${urls.signalWire}'`,
			`    npm run emulator -- deliver eventgrid-advanced-message '${urls.whatsAppReply}'`,
			`    npm run emulator -- deliver signalwire-mms '${urls.signalWireReply}'`,
			`    npm run emulator -- deliver eventgrid-incoming-call '${urls.phoneMenu}'`,
			`    npm run emulator -- deliver eventgrid-incoming-call '${urls.streamAudio}'`,
			`    npm run emulator -- deliver eventgrid-sms-received '${urls.smsReply}'`,
			`    npm run emulator -- deliver eventgrid-whatsapp-document '${urls.documentByEmail}'`,
			`    npm run emulator -- deliver signalwire-inbound-call '${urls.voicemail}'`,
			'  the reminder calls run from "Try it now"; their digits and statuses come back to its trigger',
			'  Ctrl+C stops n8n and the emulator.',
			'══════════════════════════════════════════════════════════════════════',
			'',
		].join('\n'),
	);
}

main().catch((error: unknown) => {
	warn(`npm start failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
