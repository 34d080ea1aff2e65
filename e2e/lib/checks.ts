/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * What each example workflow must produce, checked the same way whether it ran in one n8n process
 * (`npm run e2e`) or on a queue-mode worker (`npm run e2e:queue`). Each check runs after the emulator's
 * counters were reset for that workflow, and returns what it saw, for the report.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

import type { Emulator } from '../../emulator/index';
import { ACS_API_VERSIONS } from '../../shared/acs/apiVersion';
import { TRIGGER_EXAMPLES, type Example, type WorkflowFile } from './examples';
import { itemsOf, type ExecutedItem, type ExecutedRun } from './instance';

export function assert(condition: unknown, message: string): asserts condition {
	if (!condition) throw new Error(`assertion failed: ${message}`);
}

export function sha256(buffer: Buffer): string {
	return createHash('sha256').update(buffer).digest('hex');
}

export function sameJson(a: unknown, b: unknown): boolean {
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

export interface ExampleCheck {
	/** Runs before the workflow (removes files a previous run wrote). */
	prepare?: () => Promise<void>;
	check: (run: ExecutedRun) => Promise<string>;
}

/**
 * The checks of every example, keyed by file name. The chat examples must return exactly what the
 * service returns to a direct request, so that answer is fetched first.
 */
export async function exampleChecks(
	e: Emulator,
	userToken: string,
	filesRoot: string,
): Promise<Record<string, ExampleCheck>> {
	const checks: Record<string, ExampleCheck> = {};

	const jpeg = e.fixtures.acs.media.jpeg;
	for (const file of ['acs-media-download.access-key.json', 'acs-media-download.entra-id.json']) {
		const written = join(filesRoot, 'whatsapp-media', jpeg.fileName ?? 'photo.jpg');
		checks[file] = {
			prepare: async () => await rm(written, { force: true }),
			check: async (run) => {
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
			},
		};
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
		checks[file] = {
			check: async (run) => {
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
			},
		};
	}

	const callId = e.fixtures.acs.calls.activeCallConnectionId;
	for (const file of [
		'acs-call-media-streaming.access-key.json',
		'acs-call-media-streaming.entra-id.json',
	]) {
		checks[file] = {
			check: async (run) => {
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
			},
		};
	}

	{
		const file = 'signalwire-message-media.json';
		const many = e.fixtures.signalwire.media.many;
		const folder = join(filesRoot, 'signalwire-media');
		checks[file] = {
			prepare: async () => {
				for (const name of await readdir(folder)) await rm(join(folder, name), { force: true });
			},
			check: async (run) => {
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
			},
		};
	}
	return checks;
}

/**
 * The examples with their checks, in the checks' order: the first run with the Entra ID credential is
 * its media download, which must fetch a token (n8n keeps it in the credential for the later ones).
 */
export function examplesInCheckOrder(
	examples: Example[],
	checks: Record<string, ExampleCheck>,
): Array<{ file: string; workflow: WorkflowFile } & ExampleCheck> {
	const triggered: string[] = Object.values(TRIGGER_EXAMPLES);
	const unchecked = examples
		.filter((x) => !checks[x.file] && !triggered.includes(x.file))
		.map((x) => x.file);
	if (unchecked.length)
		throw new Error(`examples without a check in e2e/lib/checks.ts: ${unchecked.join(', ')}`);
	return Object.entries(checks).map(([file, check]) => {
		const example = examples.find((x) => x.file === file);
		if (!example) throw new Error(`e2e/lib/checks.ts checks examples/${file}, which is missing`);
		return { file, workflow: example.workflow, ...check };
	});
}
