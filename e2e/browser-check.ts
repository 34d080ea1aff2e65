/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error, @n8n/community-nodes/no-dangerous-functions -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * `npm run browser-check`: Playwright (playwright-core driving Debian's chromium) against the `npm start`
 * editor. Uses a running editor on N8N_PORT (5678) or starts `npm start` itself and stops it afterwards.
 * Checks: our nodes appear in the node panel for "Azure Communication" and "SignalWire", their icons
 * render, the media download node shows its parameters, and clicking "Execute workflow" downloads the
 * media, and a version-2 picker (SMS From) lists the emulator's numbers. Screenshots go to screenshots/
 * (git-ignored).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';

import { chromium, selectors, type Page } from 'playwright-core';

import { buildFixtures } from '../emulator/fixtures';
import { CREDENTIALS } from './lib/credentials';

import { say, Steps, warn } from './lib/log';
import { REPO } from './lib/pack';

const PORT = Number(process.env.N8N_PORT ?? 5678);
const BASE = `http://localhost:${PORT}`;
const SCREENSHOTS = join(REPO, 'screenshots');
const OWNER = {
	email: process.env.N8N_DEV_OWNER_EMAIL ?? 'dev@example.com',
	password: process.env.N8N_DEV_OWNER_PASSWORD ?? 'Emulator-1234',
};
const MEDIA_WORKFLOW = 'exAcsMediaKey001';
const MEDIA_NODE = 'Download WhatsApp media';
const PICKER_NODE = 'Send SMS';

/** An SMS Send node of version 2 whose From picker is still empty, as the editor adds it. */
function pickerWorkflow() {
	return {
		name: 'browser check: SMS From picker',
		active: false,
		settings: { executionOrder: 'v1' },
		nodes: [
			{
				id: randomUUID(),
				name: PICKER_NODE,
				type: 'n8n-nodes-acs-signalwire.azureCommunicationServices',
				typeVersion: 2,
				position: [0, 0],
				parameters: {
					resource: 'sms',
					operation: 'send',
					from: { __rl: true, mode: 'list', value: '' },
					to: '',
					message: '',
				},
				credentials: {
					azureCommunicationServicesApi: {
						id: CREDENTIALS.accessKey.id,
						name: CREDENTIALS.accessKey.name,
					},
				},
			},
		],
		connections: {},
	};
}

function chromiumPath(): string {
	const candidates = [
		process.env.CHROMIUM_PATH,
		'/usr/bin/chromium',
		'/usr/bin/chromium-browser',
		'/usr/bin/google-chrome',
	];
	const found = candidates.find((path) => path && existsSync(path));
	if (!found)
		throw new Error('no chromium found: `apt-get install -y chromium` or set CHROMIUM_PATH');
	return found;
}

async function editorReady(): Promise<boolean> {
	try {
		return (await fetch(`http://127.0.0.1:${PORT}/healthz/readiness`)).ok;
	} catch {
		return false;
	}
}

/** `npm start` in its own process group, so that stopping it also stops n8n. */
async function startEditor(): Promise<ChildProcess> {
	const child = spawn('npx', ['tsx', join('e2e', 'start.ts')], {
		cwd: REPO,
		detached: true,
		stdio: ['ignore', 'inherit', 'inherit'],
	});
	const deadline = Date.now() + 20 * 60_000;
	while (Date.now() < deadline) {
		if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}`);
		if (await editorReady()) return child;
		await new Promise((resolve) => setTimeout(resolve, 1000));
	}
	throw new Error('npm start did not bring the editor up within 20 minutes');
}

async function stopEditor(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.pid === undefined) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	process.kill(-child.pid, 'SIGTERM');
	await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 20_000))]);
}

function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(`assertion failed: ${message}`);
}

async function checkNodeInPanel(
	page: Page,
	query: string,
	displayName: string,
	shot: string,
): Promise<string> {
	await page.getByTestId('node-creator-plus-button').click();
	const search = page.getByTestId('node-creator-search-bar');
	await search.waitFor();
	await search.fill(query);
	const item = page
		.getByTestId('node-creator')
		.getByTestId('item-iterator-item')
		.filter({
			has: page.getByTestId('node-creator-item-name').getByText(displayName, { exact: true }),
		});
	await item.first().waitFor({ timeout: 15_000 });
	const icon = item.first().locator('img').first();
	await icon.waitFor();
	// Rendered means loaded and decoded, not only present in the DOM.
	const { src, width } = await icon.evaluate(async (img: HTMLImageElement) => {
		if (!img.complete)
			await new Promise((resolve) => img.addEventListener('load', resolve, { once: true }));
		return { src: img.src, width: img.naturalWidth };
	});
	assert(
		src.includes('/icons/n8n-nodes-acs-signalwire/'),
		`${displayName}: the icon comes from ${src}`,
	);
	assert(width > 0, `${displayName}: the icon ${src} did not render`);
	const response = await page.request.get(src);
	assert(
		response.ok() && (response.headers()['content-type'] ?? '').includes('svg'),
		`${displayName}: GET ${src} → ${response.status()} ${response.headers()['content-type']}`,
	);
	await page.screenshot({ path: join(SCREENSHOTS, shot) });
	await page.keyboard.press('Escape');
	return `"${query}" → ${displayName}, icon ${new URL(src).pathname} rendered (${width}px wide)`;
}

async function main(): Promise<void> {
	const steps = new Steps('browser check');
	selectors.setTestIdAttribute('data-test-id');
	await rm(SCREENSHOTS, { recursive: true, force: true });
	await mkdir(SCREENSHOTS, { recursive: true });
	let started: ChildProcess | undefined;
	const browser = await steps.run(
		'launch chromium',
		async () =>
			await chromium.launch({
				executablePath: chromiumPath(),
				args: ['--no-sandbox', '--disable-dev-shm-usage'],
			}),
	);
	try {
		if (!(await editorReady())) {
			started = await steps.run(
				'npm start (no editor was running)',
				async () => await startEditor(),
			);
		} else {
			say(`using the editor already running on ${BASE}`);
		}
		const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
		const page = await context.newPage();
		page.setDefaultTimeout(30_000);

		await steps.run('sign in', async () => {
			const response = await page.request.post(`${BASE}/rest/login`, {
				data: { emailOrLdapLoginId: OWNER.email, password: OWNER.password },
			});
			assert(
				response.ok(),
				`login as ${OWNER.email}: ${response.status()} ${await response.text()}`,
			);
		});

		await steps.run('open the media download example', async () => {
			await page.goto(`${BASE}/workflow/${MEDIA_WORKFLOW}`);
			await page.getByTestId('canvas-node').filter({ hasText: MEDIA_NODE }).waitFor();
		});

		for (const [query, name, shot] of [
			['Azure Communication', 'Azure Communication Services', 'node-panel-azure-communication.png'],
			['SignalWire', 'SignalWire', 'node-panel-signalwire.png'],
		] as const) {
			await steps.run(`node panel: search "${query}"`, async () =>
				say(`  ${await checkNodeInPanel(page, query, name, shot)}`),
			);
		}

		await steps.run('open the media download node', async () => {
			await page.getByTestId('canvas-node').filter({ hasText: MEDIA_NODE }).dblclick();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			// n8n shows the Authentication choice as the Credential field.
			for (const label of [
				'Credential',
				'Resource',
				'Operation',
				'Media ID',
				'Put Output File in Field',
				'Options',
			]) {
				await ndv.getByText(label, { exact: true }).first().waitFor({ timeout: 10_000 });
			}
			const values = await ndv
				.locator('input')
				.evaluateAll((inputs) => inputs.map((input) => (input as HTMLInputElement).value));
			for (const value of ['ACS access key', 'Media', 'Download', 'data']) {
				assert(
					values.includes(value),
					`the node's fields hold ${JSON.stringify(values)}, not "${value}"`,
				);
			}
			const mediaId = await ndv.getByText('{{ $json.mediaId }}').count();
			assert(mediaId > 0, 'the Media ID field does not show the expression {{ $json.mediaId }}');
			await page.screenshot({ path: join(SCREENSHOTS, 'media-download-node.png') });
			say(
				'  parameters shown: Credential (ACS access key), Resource (Media), Operation (Download), Media ID, Put Output File in Field, Options',
			);
			await page.keyboard.press('Escape');
			await ndv.waitFor({ state: 'hidden' });
		});

		await steps.run('click "Execute workflow" and see the media downloaded', async () => {
			await page.getByTestId('execute-workflow-button').click();
			await page
				.getByText(/Workflow executed successfully/i)
				.first()
				.waitFor({ timeout: 60_000 });
			await page.getByTestId('canvas-node').filter({ hasText: MEDIA_NODE }).dblclick();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			await ndv.getByText('photo.jpg').first().waitFor({ timeout: 15_000 });
			await page.screenshot({ path: join(SCREENSHOTS, 'media-download-executed.png') });
			say('  the node output shows photo.jpg (image/jpeg) downloaded from the emulator');
			await page.keyboard.press('Escape');
		});
		await steps.run('a picker lists the ACS numbers from the emulator', async () => {
			const expected = buildFixtures({
				url: BASE,
				foreignHostUrl: BASE,
				largeMediaBytes: 1,
			}).acs.phoneNumbers;
			const created = await page.request.post(`${BASE}/rest/workflows`, {
				data: pickerWorkflow(),
			});
			assert(created.ok(), `creating the picker workflow: ${created.status()}`);
			const { data } = (await created.json()) as { data: { id: string } };
			await page.goto(`${BASE}/workflow/${data.id}`);
			await page.getByTestId('canvas-node').filter({ hasText: PICKER_NODE }).dblclick();
			const ndv = page.getByTestId('ndv');
			await ndv.waitFor();
			await ndv.getByTestId('rlc-input').first().click();
			const items = page.getByTestId('rlc-item');
			await items.filter({ hasText: expected.main }).first().waitFor({ timeout: 20_000 });
			const listed = await items.allInnerTexts();
			assert(
				listed.some((text) => text.includes(expected.second)),
				`the From list shows ${JSON.stringify(listed.slice(0, 5))}`,
			);
			await page.screenshot({ path: join(SCREENSHOTS, 'picker-sms-from.png') });
			say(
				`  From (SMS Send, version 2) lists ${listed.length} numbers that can send SMS, ${expected.main} first`,
			);
			await page.keyboard.press('Escape');
		});

		say(`\n${steps.summary()}`);
		say(`screenshots: ${SCREENSHOTS}/`);
		say('browser check: passed');
	} catch (error) {
		const pages = browser.contexts().flatMap((c) => c.pages());
		if (pages[0])
			await pages[0].screenshot({ path: join(SCREENSHOTS, 'failure.png') }).catch(() => undefined);
		throw error;
	} finally {
		await browser.close();
		if (started) await stopEditor(started);
	}
}

main().catch((error: unknown) => {
	warn(`browser check failed: ${error instanceof Error ? error.message : String(error)}`);
	process.exit(1);
});
