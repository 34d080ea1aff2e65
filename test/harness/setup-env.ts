/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * Process environment for running n8n's execution engine in tests.
 *
 * Must run before any n8n module reads its configuration. n8n's `@Config` classes read
 * `process.env` when the DI container first constructs them (not at import time), so it is
 * enough that this module is imported before the first `Container.get(...)`. `index.ts` imports
 * it first; `jest-setup.ts` imports it too so it can be wired into jest's `setupFiles`.
 *
 * Jest gives every test file a fresh module registry (and thus a fresh DI container), so every
 * test file gets its own temporary N8N_USER_FOLDER. A user folder set by an earlier test file in
 * the same worker is replaced: tests must never touch a real ~/.n8n.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface HarnessEnv {
	/** Root temp dir of this module instance; everything the harness writes lives below it. */
	root: string;
	/** N8N_USER_FOLDER (n8n puts its `.n8n` folder inside). */
	userFolder: string;
	/** Filesystem binary-data storage (N8N_BINARY_DATA_STORAGE_PATH). */
	binaryDataPath: string;
	/** The one folder Read/Write Files from Disk may use (N8N_RESTRICT_FILE_ACCESS_TO). */
	filesPath: string;
}

let current: HarnessEnv | undefined;

function removeRoot(): void {
	if (current) rmSync(current.root, { recursive: true, force: true });
}

function createEnv(): HarnessEnv {
	const root = mkdtempSync(path.join(tmpdir(), 'n8n-harness-'));
	const env: HarnessEnv = {
		root,
		userFolder: path.join(root, 'user'),
		binaryDataPath: path.join(root, 'binary-data'),
		filesPath: path.join(root, 'files'),
	};
	Object.assign(process.env, {
		N8N_USER_FOLDER: env.userFolder,
		N8N_BINARY_DATA_STORAGE_PATH: env.binaryDataPath,
		N8N_DEFAULT_BINARY_DATA_MODE: 'filesystem',
		N8N_RESTRICT_FILE_ACCESS_TO: env.filesPath,
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_RUNNERS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'false',
		// A fixed key: n8n writes it into <user folder>/.n8n/config on first use.
		N8N_ENCRYPTION_KEY: process.env.N8N_HARNESS_ENCRYPTION_KEY ?? 'n8n-harness-test-encryption-key',
	});
	return env;
}

let exitHookInstalled = false;

/**
 * Returns this module instance's environment and makes sure its folders exist. The paths never
 * change for the lifetime of the module instance (n8n's config objects keep them), so after
 * `removeHarnessDirs()` the same folders are simply created again.
 */
export function harnessEnv(): HarnessEnv {
	current ??= createEnv();
	mkdirSync(current.userFolder, { recursive: true });
	mkdirSync(current.binaryDataPath, { recursive: true });
	mkdirSync(current.filesPath, { recursive: true });
	if (!exitHookInstalled) {
		// Fallback for runs that never call harness.close().
		process.once('exit', removeRoot);
		exitHookInstalled = true;
	}
	return current;
}

/** Deletes the temp folders (binary data, n8n user folder). */
export function removeHarnessDirs(): void {
	removeRoot();
	if (exitHookInstalled) {
		process.off('exit', removeRoot);
		exitHookInstalled = false;
	}
}

harnessEnv();
