/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';

import type { SwMediaFixture } from '../../emulator/fixtures';
import { harnessEnv } from '../harness';
import {
	WorkflowTestHarness,
	type ExpectedBinary,
	type ExpectedItem,
} from '../harness/workflow-files';
import { createTestContext, sha256, type TestContext } from './context';

/**
 * Every workflow in examples/ runs as it is imported into n8n; the nodes' output must be what the
 * emulator's fixtures say, and the files the examples write must hash like the fixtures' bytes.
 */

/** Where the examples' Read/Write Files from Disk nodes write (replaced by the harness's folder). */
const EXAMPLE_FILES_ROOT = '/tmp/n8n-acs-signalwire';

let t: TestContext;
beforeAll(async () => {
	t = await createTestContext();
	// Read/Write Files from Disk writes only into folders that exist, as in a real n8n.
	for (const folder of ['whatsapp-media', 'signalwire-media'])
		await mkdir(path.join(harnessEnv().filesPath, folder), { recursive: true });
});
afterAll(async () => await t.close());
beforeEach(() => t.emulator.resetCounters());

/**
 * Creates each file a write node will write, empty. Under jest, Node's fs errors come from another
 * realm, so n8n-core's `error instanceof Error` check in `resolvePath` (which lets a file that does
 * not exist yet through) misses them (jestjs/jest#2549); in n8n the node creates the file itself.
 * The hashes checked afterwards are those of the fixtures, so an unwritten file still fails.
 */
async function emptyFiles(filePaths: string[]) {
	for (const filePath of filePaths) await writeFile(filePath, '');
}

const workflows = new WorkflowTestHarness(() => t.workflows);
const example = (name: string) => `../../examples/${name}.json`;

/** The item a Read/Write Files from Disk "write" passes on: its input, with the path it wrote. */
const written = (item: ExpectedItem, filePath: string): ExpectedItem => ({
	...item,
	json: { ...item.json, fileName: filePath },
});

async function expectFileBytes(filePath: string, expected: { sha256: string; size: number }) {
	const bytes = await readFile(filePath);
	expect({ sha256: sha256(bytes), size: bytes.length }).toEqual({
		sha256: expected.sha256,
		size: expected.size,
	});
}

describe('examples/acs-media-download.*: download WhatsApp media and write it to disk', () => {
	const jpeg = () => t.emulator.fixtures.acs.media.jpeg;
	const download = (): ExpectedItem => ({
		json: {
			mediaId: jpeg().id,
			mimeType: 'image/jpeg',
			fileName: 'photo.jpg',
			fileSize: jpeg().size,
		},
		binary: {
			data: {
				sha256: jpeg().sha256,
				size: jpeg().size,
				mimeType: 'image/jpeg',
				fileName: 'photo.jpg',
				fileExtension: 'jpg',
			},
		},
	});
	const target = () => path.join(harnessEnv().filesPath, 'whatsapp-media', 'photo.jpg');
	beforeEach(async () => await emptyFiles([target()]));
	const options = {
		filesFolder: EXAMPLE_FILES_ROOT,
		output: ({ filesPath }: { filesPath: string }) => ({
			nodeData: {
				'Download WhatsApp media': [download()],
				'Write media to disk': [
					written(download(), path.join(filesPath, 'whatsapp-media', 'photo.jpg')),
				],
			},
		}),
		customAssertions: async (_: unknown, { filesPath }: { filesPath: string }) =>
			await expectFileBytes(path.join(filesPath, 'whatsapp-media', 'photo.jpg'), jpeg()),
	};

	workflows.setupTests({ ...options, workflowFiles: [example('acs-media-download.access-key')] });
	workflows.setupTests({
		...options,
		workflowFiles: [example('acs-media-download.access-key')],
		title: 'with the connection string pasted as the endpoint',
		credentials: () => ({ azureCommunicationServicesApi: t.credentials.connectionString.ref }),
	});
	workflows.setupTests({
		...options,
		workflowFiles: [example('acs-media-download.entra-id')],
		customAssertions: async (result, context) => {
			await options.customAssertions(result, context);
			expect(t.emulator.counts()['entra.token']).toBeGreaterThanOrEqual(1);
		},
	});
});

describe('examples/acs-chat-messages.*: get a chat message, then list the thread', () => {
	const chat = () => t.emulator.fixtures.acs.chat;
	const smallThread = () => chat().threads.find((thread) => thread.id === chat().threadIds.small)!;
	const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as ExpectedItem['json'];

	workflows.setupTests({
		workflowFiles: [
			example('acs-chat-messages.access-key'),
			example('acs-chat-messages.entra-id'),
			example('acs-chat-messages.user-token'),
		],
		output: () => {
			const message = smallThread().messages.find(
				(candidate) => candidate.id === chat().smallThread.htmlWithAttachmentId,
			);
			const newestFirst = [...smallThread().messages].sort(
				(a, b) => Date.parse(b.createdOn) - Date.parse(a.createdOn),
			);
			return {
				nodeData: {
					'Get a chat message': [{ json: plain(message) }],
					"List the thread's messages": newestFirst.map((listed) => ({
						json: plain(listed),
						pairedItem: { item: 0 },
					})),
				},
			};
		},
		customAssertions: () => {
			const [get] = t.emulator.requests().filter((r) => r.endpoint === 'acs.chat.message.get');
			expect(get.path).toBe(
				`/chat/threads/${encodeURIComponent(chat().threadIds.small)}/messages/${chat().smallThread.htmlWithAttachmentId}`,
			);
			expect(get.headers.authorization).toMatch(/^Bearer /);
			// The examples list with page size 2.
			expect(t.emulator.counts()['acs.chat.message.list']).toBe(
				Math.ceil(smallThread().messages.length / 2),
			);
		},
	});
});

describe('examples/acs-call-media-streaming.*: start, then stop media streaming on a call', () => {
	const additionalFields =
		(workflow: { nodes: Array<{ name: string; parameters: object }> }) => (name: string) =>
			(
				workflow.nodes.find((node) => node.name === name)!.parameters as {
					additionalFields: Record<string, string>;
				}
			).additionalFields;

	workflows.setupTests({
		workflowFiles: [
			example('acs-call-media-streaming.access-key'),
			example('acs-call-media-streaming.entra-id'),
		],
		output: ({ workflow }) => {
			const fieldsOf = additionalFields(workflow);
			const callConnectionId = t.emulator.fixtures.acs.calls.activeCallConnectionId;
			const accepted = (operation: string, node: string) => ({
				json: { callConnectionId, operation, status: 'accepted', ...fieldsOf(node) },
			});
			return {
				nodeData: {
					'Start media streaming': [accepted('startMediaStreaming', 'Start media streaming')],
					'Stop media streaming': [accepted('stopMediaStreaming', 'Stop media streaming')],
				},
			};
		},
		customAssertions: () => {
			const counts = t.emulator.counts();
			expect([
				counts['acs.calling.startMediaStreaming'],
				counts['acs.calling.stopMediaStreaming'],
			]).toEqual([1, 1]);
		},
	});
});

describe('examples/signalwire-message-media: list a message’s media, download and write each file', () => {
	/** The extension n8n derives from each fixture's content type. */
	const EXTENSIONS: Record<string, string> = {
		'image/jpeg': 'jpg',
		'image/png': 'png',
		'image/gif': 'gif',
	};
	const many = () => t.emulator.fixtures.signalwire.media.many;
	const fileNameOf = (media: SwMediaFixture) => `${media.sid}.${EXTENSIONS[media.contentType]}`;
	const binaryOf = (media: SwMediaFixture): ExpectedBinary => ({
		sha256: media.sha256,
		size: media.size,
		mimeType: media.contentType,
		fileName: fileNameOf(media),
		fileExtension: EXTENSIONS[media.contentType],
	});
	const downloaded = (media: SwMediaFixture, index: number): ExpectedItem => ({
		json: {
			sid: media.sid,
			messageSid: media.messageSid,
			mimeType: media.contentType,
			fileName: fileNameOf(media),
			fileSize: media.size,
		},
		binary: { data: binaryOf(media) },
		pairedItem: { item: index },
	});
	const folder = (filesPath: string) => path.join(filesPath, 'signalwire-media');
	beforeEach(
		async () =>
			await emptyFiles(
				many().map((media) => path.join(folder(harnessEnv().filesPath), fileNameOf(media))),
			),
	);

	workflows.setupTests({
		workflowFiles: [example('signalwire-message-media')],
		filesFolder: EXAMPLE_FILES_ROOT,
		output: ({ filesPath }) => {
			const accountPath = `/api/laml/2010-04-01/Accounts/${t.emulator.signalwire.projectId}`;
			return {
				nodeData: {
					"List the message's media": many().map((media) => ({
						json: {
							account_sid: t.emulator.signalwire.projectId,
							content_type: media.contentType,
							date_created: media.dateCreated,
							date_updated: media.dateCreated,
							parent_sid: media.messageSid,
							sid: media.sid,
							uri: `${accountPath}/Messages/${media.messageSid}/Media/${media.sid}.json`,
						},
						pairedItem: { item: 0 },
					})),
					'Download each file': many().map(downloaded),
					'Write files to disk': many().map((media, index) =>
						written(downloaded(media, index), path.join(folder(filesPath), fileNameOf(media))),
					),
				},
			};
		},
		customAssertions: async (_, { filesPath }) => {
			// The example lists with page size 50.
			expect(t.emulator.counts()['sw.media.list']).toBe(Math.ceil(many().length / 50));
			for (const media of many())
				await expectFileBytes(path.join(folder(filesPath), fileNameOf(media)), media);
		},
	});
});
