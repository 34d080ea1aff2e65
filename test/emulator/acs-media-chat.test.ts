/* eslint-disable @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import {
	DEFAULT_LARGE_MEDIA_BYTES,
	generatedMediaSha256,
	largeMediaSha256,
	startEmulator,
	type ChatMessageModel,
	type Emulator,
} from '../../emulator';
import { entraToken, hmacRequest, rawRequest, sha256Hex } from './helpers';

let emu: Emulator;
beforeAll(async () => {
	emu = await startEmulator();
});
afterAll(() => emu.close());

const mediaPath = (id: string) => `/messages/streams/${id}?api-version=2024-02-01`;

/** Streams a response into a hash without buffering it (large media). */
function hashDownload(
	url: string,
	headers: Record<string, string>,
): Promise<{ status: number; bytes: number; sha256: string; headers: Record<string, unknown> }> {
	return new Promise((resolve, reject) => {
		request(url, { headers }, (res) => {
			const hash = createHash('sha256');
			let bytes = 0;
			res.on('data', (c: Buffer) => {
				bytes += c.length;
				hash.update(c);
			});
			res.on('end', () =>
				resolve({
					status: res.statusCode ?? 0,
					bytes,
					sha256: hash.digest('hex'),
					headers: res.headers,
				}),
			);
			res.on('error', reject);
		})
			.on('error', reject)
			.end();
	});
}

describe('Advanced Messaging Get Media', () => {
	test('every fixture has its bytes, content type and (maybe) disposition', async () => {
		for (const media of Object.values(emu.fixtures.acs.media)) {
			const r = await hmacRequest(emu.url, emu.acs.accessKey, {
				pathAndQuery: mediaPath(media.id),
			});
			expect(r.status).toBe(200);
			expect(r.headers['content-type']).toBe(media.contentType);
			expect(r.headers['content-disposition']).toBe(media.contentDisposition);
			expect(r.headers['transfer-encoding']).toBe('chunked');
			expect(r.headers['content-length']).toBeUndefined();
			expect(sha256Hex(r.body)).toBe(media.sha256);
		}
		expect(emu.fixtures.acs.media.pdf.contentDisposition).toContain(
			`filename*=UTF-8''%E2%82%AC%20rates.pdf`,
		);
		expect(emu.fixtures.acs.media.jpeg.bytes.subarray(0, 3).toString('hex')).toBe('ffd8ff');
	});

	test('the id is percent-decoded exactly once', async () => {
		const id = emu.fixtures.acs.media.jpeg.id;
		const once = encodeURIComponent(id).replace(/-/g, '%2D');
		expect(
			(await hmacRequest(emu.url, emu.acs.accessKey, { pathAndQuery: mediaPath(once) })).status,
		).toBe(200);
		const twice = once.replace(/%/g, '%25');
		const r = await hmacRequest(emu.url, emu.acs.accessKey, { pathAndQuery: mediaPath(twice) });
		expect(r.status).toBe(404);
		expect(r.headers['x-ms-error-code']).toBe('MediaNotFound');
		expect(JSON.parse(r.body.toString())).toEqual({
			error: {
				code: 'MediaNotFound',
				message: `Media with id ${decodeURIComponent(twice)} not found.`,
			},
		});
	});

	test('generated-<bytes> streams deterministic octets', async () => {
		const r = await hmacRequest(emu.url, emu.acs.accessKey, {
			pathAndQuery: mediaPath('generated-1000003'),
		});
		expect(r.headers['content-type']).toBe('application/octet-stream');
		expect(r.body.length).toBe(1_000_003);
		expect(sha256Hex(r.body)).toBe(await generatedMediaSha256(1_000_003));
	});

	test('the default large media (100 MiB + 123 B) streams with the advertised hash', async () => {
		const large = emu.fixtures.acs.largeMedia;
		expect(large.size).toBe(DEFAULT_LARGE_MEDIA_BYTES);
		// Bearer (Entra) auth keeps this a plain streaming GET without signing helpers.
		const token = await entraToken(emu);
		const result = await hashDownload(`${emu.url}${mediaPath(large.id)}`, {
			authorization: `Bearer ${token}`,
		});
		expect(result.status).toBe(200);
		expect(result.headers['content-type']).toBe('application/zip');
		expect(result.bytes).toBe(large.size);
		expect(result.sha256).toBe(await largeMediaSha256(large.size));
		expect(result.sha256).toBe(await large.sha256());
	}, 120_000);
});

describe('Chat REST shapes and paging', () => {
	const auth = (userId = emu.fixtures.acs.users.member) => ({
		authorization: `Bearer ${emu.issueUserToken(userId).token}`,
	});
	const listUrl = (threadId: string, query: string) =>
		`${emu.url}/chat/threads/${encodeURIComponent(threadId)}/messages?${query}`;
	type Page = { value: ChatMessageModel[]; nextLink?: string };
	const page = async (url: string, userId?: string): Promise<Page> => {
		const r = await rawRequest(url, { headers: auth(userId) });
		expect(r.status).toBe(200);
		return JSON.parse(r.body.toString()) as Page;
	};

	test('get message returns exactly the fixture object', async () => {
		const thread = emu.fixtures.acs.chat.threads.find(
			(t) => t.id === emu.fixtures.acs.chat.threadIds.big,
		)!;
		for (const message of [
			thread.messages[0]!,
			thread.messages[1]!,
			thread.messages[6]!,
			thread.messages[8]!,
			thread.messages[16]!,
		]) {
			const r = await rawRequest(
				`${emu.url}/chat/threads/${encodeURIComponent(thread.id)}/messages/${message.id}?api-version=2025-03-15`,
				{ headers: auth() },
			);
			expect(JSON.parse(r.body.toString())).toEqual(message);
		}
		const types = new Set(thread.messages.map((m) => m.type));
		expect([...types].sort()).toEqual([
			'html',
			'participantAdded',
			'participantRemoved',
			'text',
			'topicUpdated',
		]);
		expect(thread.messages.some((m) => m.deletedOn)).toBe(true);
		expect(thread.messages.some((m) => m.editedOn)).toBe(true);
		expect(thread.messages.some((m) => m.content?.attachments?.length)).toBe(true);
	});

	test('nextLink is absolute, opaque and carries the api-version; the last page has none', async () => {
		const first = await page(
			listUrl(emu.fixtures.acs.chat.threadIds.big, 'api-version=2025-03-15'),
		);
		expect(first.value).toHaveLength(20);
		expect(first.value[0]!.sequenceId).toBe('260');
		const next = new URL(first.nextLink!);
		expect(`${next.protocol}//${next.host}`).toBe(emu.url);
		expect(next.searchParams.get('api-version')).toBe('2025-03-15');
		expect(next.searchParams.get('syncState')).toBeTruthy();
		let link: string | undefined = first.nextLink;
		let total = first.value.length;
		while (link) {
			const p = await page(link);
			total += p.value.length;
			link = p.nextLink;
		}
		expect(total).toBe(260);
	});

	test('maxPageSize above 200 is 400; a forged syncState is 400', async () => {
		const r = await rawRequest(
			listUrl(emu.fixtures.acs.chat.threadIds.big, 'maxPageSize=201&api-version=2025-03-15'),
			{ headers: auth() },
		);
		expect(r.status).toBe(400);
		const first = await page(
			listUrl(emu.fixtures.acs.chat.threadIds.big, 'maxPageSize=200&api-version=2025-03-15'),
		);
		expect(first.value).toHaveLength(200);
		const forged = first.nextLink!.replace(
			/syncState=([^&]+)/,
			(_m, s: string) => `syncState=${s.slice(0, -2)}xx`,
		);
		expect((await rawRequest(forged, { headers: auth() })).status).toBe(400);
	});

	test('startTime keeps messages created at or after it', async () => {
		const thread = emu.fixtures.acs.chat.threads.find(
			(t) => t.id === emu.fixtures.acs.chat.threadIds.big,
		)!;
		const startTime = thread.messages[200]!.createdOn;
		let link: string | undefined = listUrl(
			thread.id,
			`startTime=${encodeURIComponent(startTime)}&maxPageSize=25&api-version=2025-03-15`,
		);
		const seen: string[] = [];
		while (link) {
			const p = await page(link);
			seen.push(...p.value.map((m) => m.sequenceId));
			link = p.nextLink;
		}
		expect(seen).toHaveLength(60);
		expect(seen[seen.length - 1]).toBe('201');
	});

	test('the foreign-nextLink thread points its nextLink at the foreign host', async () => {
		const p = await page(
			listUrl(emu.fixtures.acs.chat.threadIds.foreignNextLink, 'api-version=2025-03-15'),
		);
		expect(p.value).toHaveLength(3);
		expect(p.nextLink!.startsWith(`${emu.foreignHostUrl}/chat/threads/`)).toBe(true);
	});

	test('404 for unknown thread/message, 403 for a non-participant', async () => {
		const { threadIds, smallThread, unknownMessageId } = emu.fixtures.acs.chat;
		const get = (thread: string, message: string, userId?: string) =>
			rawRequest(
				`${emu.url}/chat/threads/${encodeURIComponent(thread)}/messages/${message}?api-version=2025-03-15`,
				{ headers: auth(userId) },
			);
		const unknownThread = await get(threadIds.unknown, smallThread.textId);
		expect(unknownThread.status).toBe(404);
		expect(JSON.parse(unknownThread.body.toString()).error.code).toBe('NotFound');
		expect((await get(threadIds.small, unknownMessageId)).status).toBe(404);
		const outsider = await get(
			threadIds.small,
			smallThread.textId,
			emu.fixtures.acs.users.outsider,
		);
		expect(outsider.status).toBe(403);
		expect(JSON.parse(outsider.body.toString()).error.code).toBe('Forbidden');
		expect(
			(await get(threadIds.private, smallThread.textId, emu.fixtures.acs.users.outsider)).status,
		).toBe(200);
	});

	test('image attachments download with the same user token', async () => {
		const message = emu.fixtures.acs.chat.threads[1]!.messages.find(
			(m) => m.id === emu.fixtures.acs.chat.smallThread.htmlWithAttachmentId,
		)!;
		const attachment = message.content!.attachments![0]!;
		const r = await rawRequest(attachment.url!, { headers: auth() });
		expect(r.status).toBe(200);
		expect(r.headers['content-type']).toBe('image/png');
		expect((await rawRequest(attachment.previewUrl!)).status).toBe(401);
	});
});
