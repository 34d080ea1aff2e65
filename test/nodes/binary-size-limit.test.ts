import { BinaryDataService, FileTooLargeError } from 'n8n-core';

import { Container } from '../harness/n8n-deps';
import { initRuntime } from '../harness/runtime';
import { createTestContext, sha256, type TestContext } from './context';

/**
 * In queue mode n8n keeps binary data in its database, and refuses a file above
 * N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE with n8n-core's FileTooLargeError. n8n's database manager
 * lives in the `n8n` package (TypeORM, PostgreSQL) and cannot run in the harness, so the binary store
 * gets a `database` manager with its size check (whole file buffered, then compared with the limit in
 * MB, then n8n-core's own error); files under the limit go to the harness's filesystem store.
 * `npm run e2e:queue` checks the same against n8n's real manager.
 */
const LIMIT_MB = 1;

type Manager = Parameters<BinaryDataService['setManager']>[1];

function withSizeLimit(filesystem: Manager): Manager {
	const limited = Object.create(filesystem) as Manager;
	limited.store = async (location, bufferOrStream, metadata) => {
		const chunks: Buffer[] = [];
		if (Buffer.isBuffer(bufferOrStream)) chunks.push(bufferOrStream);
		else for await (const chunk of bufferOrStream) chunks.push(chunk as Buffer);
		const buffer = Buffer.concat(chunks);
		const fileSizeMb = buffer.length / (1024 * 1024);
		if (fileSizeMb > LIMIT_MB) {
			throw new FileTooLargeError({
				fileSizeMb,
				maxFileSizeMb: LIMIT_MB,
				fileId: 'e6f0c1d2-limit-test',
				fileName: metadata.fileName,
			});
		}
		return await filesystem.store(location, buffer, metadata);
	};
	return limited;
}

let t: TestContext;
let restore: (() => void) | undefined;
beforeAll(async () => {
	t = await createTestContext();
	await initRuntime();
	const service = Container.get(BinaryDataService) as unknown as {
		mode: string;
		managers: Record<string, Manager>;
		setManager: BinaryDataService['setManager'];
	};
	const previousMode = service.mode;
	service.setManager('database', withSizeLimit(service.managers.filesystem));
	service.mode = 'database';
	restore = () => {
		service.mode = previousMode;
		delete service.managers.database;
	};
});
afterAll(async () => {
	restore?.();
	await t.close();
});

const oversizedId = () => `${t.emulator.fixtures.acs.generatedMediaPrefix}${2 * 1024 * 1024}`;

describe("a file above n8n's binary data limit in database mode", () => {
	it('fails the download with the limit and the setting named, not a stack trace', async () => {
		const result = await t.runAcs('accessKey', {
			resource: 'media',
			operation: 'download',
			mediaId: oversizedId(),
		});
		expect(result.error?.name).toBe('NodeOperationError');
		expect(result.error?.message).toBe(
			"The file (2 MB) is larger than n8n's binary data limit of 1 MB (N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE)",
		);
		expect(result.error?.description).toContain(
			'Raise N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE on main and every worker',
		);
		expect(result.error?.message).not.toMatch(/\n\s+at /);
	});

	it('with Continue On Fail, only the oversized file becomes an error item', async () => {
		const { jpeg } = t.emulator.fixtures.acs.media;
		const result = await t.runAcs(
			'accessKey',
			{ resource: 'media', operation: 'download', mediaId: '={{ $json.id }}' },
			{ items: [{ id: jpeg.id }, { id: oversizedId() }], continueOnFail: true },
		);
		expect(result.error).toBeUndefined();
		expect(result.items).toHaveLength(2);
		expect(sha256(await result.binary(result.items[0]))).toBe(jpeg.sha256);
		expect(result.items[1].json.error).toContain('N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE');
		expect(result.items[1].binary).toBeUndefined();
	});
});
