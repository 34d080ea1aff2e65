/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- dev-only code (e2e tooling): runs on Node and never ships in dist */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { delimiter, join } from 'node:path';

import type { CredentialRecord } from './credentials';
import type { N8nInstall } from './n8n';
import { run, type RunOptions, type RunResult } from './proc';

/**
 * One n8n user folder (N8N_USER_FOLDER) and the CLI commands run against it. The environment is the
 * e2e's and `npm start`'s only: nothing here is needed by users of the package.
 */
export interface InstanceOptions {
	userFolder: string;
	/** Folders the Read/Write Files from Disk node may use (N8N_RESTRICT_FILE_ACCESS_TO, ';'-separated). */
	fileAccess: string[];
	env?: NodeJS.ProcessEnv;
}

export function n8nEnvironment(install: N8nInstall, options: InstanceOptions): NodeJS.ProcessEnv {
	return {
		...process.env,
		PATH: `${join(install.nodeHome, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
		N8N_USER_FOLDER: options.userFolder,
		// No telemetry, version checks or template fetches: the machine has loopback networking only.
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		// Read/Write Files from Disk only reaches ~/.n8n-files by default in 2.x.
		N8N_RESTRICT_FILE_ACCESS_TO: options.fileAccess.join(';'),
		// SSRF protection is off by default in 2.41; pinned here because the emulator is on 127.0.0.1.
		N8N_SSRF_PROTECTION_ENABLED: 'false',
		// The config file n8n writes (encryption key) must not be world-readable.
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		DB_SQLITE_POOL_SIZE: '2',
		N8N_LOG_LEVEL: 'warn',
		NODE_OPTIONS: '',
		...options.env,
	};
}

export class N8nInstance {
	readonly env: NodeJS.ProcessEnv;

	constructor(
		readonly install: N8nInstall,
		readonly options: InstanceOptions,
	) {
		this.env = n8nEnvironment(install, options);
	}

	get nodesFolder(): string {
		return join(this.options.userFolder, '.n8n', 'nodes');
	}

	async cli(
		args: string[],
		extra: Pick<RunOptions, 'check' | 'env' | 'timeoutMs' | 'onSpawn'> & {
			/** Flags for Node itself, for those NODE_OPTIONS does not take (such as --trace-gc). */
			nodeFlags?: string[];
		} = {},
	): Promise<RunResult> {
		return await run(
			this.install.node,
			[...(extra.nodeFlags ?? []), this.install.n8nBin, ...args],
			{
				cwd: this.options.userFolder,
				env: { ...this.env, ...extra.env },
				check: extra.check ?? true,
				timeoutMs: extra.timeoutMs ?? 300_000,
				onSpawn: extra.onSpawn,
			},
		);
	}

	/**
	 * Installs a packed tarball the way n8n 2.41's CommunityPackagesService.downloadPackage does: unpack into
	 * `<user folder>/.n8n/nodes/node_modules/<name>`, drop dev/peer/optional dependencies from its
	 * package.json, `npm install --ignore-scripts` inside it (runtime dependencies; there are none), and
	 * record it in `<user folder>/.n8n/nodes/package.json`.
	 */
	async installPackage(tarball: string, name: string): Promise<string> {
		const nodes = this.nodesFolder;
		const dir = join(nodes, 'node_modules', name);
		await rm(dir, { recursive: true, force: true });
		await mkdir(dir, { recursive: true });
		await run('tar', ['-xzf', tarball, '-C', dir, '--strip-components=1']);
		const pkgPath = join(dir, 'package.json');
		const { devDependencies, peerDependencies, optionalDependencies, ...pkg } = JSON.parse(
			await readFile(pkgPath, 'utf8'),
		) as Record<string, unknown>;
		void devDependencies;
		void peerDependencies;
		void optionalDependencies;
		await writeFile(pkgPath, JSON.stringify(pkg, null, 2));
		await run(
			'npm',
			[
				'install',
				'--audit=false',
				'--fund=false',
				'--bin-links=false',
				'--install-strategy=shallow',
				'--ignore-scripts=true',
				'--package-lock=false',
				'--loglevel=error',
			],
			{ cwd: dir, env: this.env },
		);
		const listPath = join(nodes, 'package.json');
		const list = existsSync(listPath)
			? (JSON.parse(await readFile(listPath, 'utf8')) as { dependencies?: Record<string, string> })
			: { name: 'installed-nodes', private: true, dependencies: {} };
		list.dependencies = { ...list.dependencies, [name]: String(pkg.version) };
		await writeFile(listPath, JSON.stringify(list, null, 2));
		return dir;
	}

	/**
	 * The manual install a user runs on each queue-mode process: `npm i --legacy-peer-deps <tarball>` in
	 * `<user folder>/.n8n/nodes` (the flag keeps npm from installing the n8n-workflow peer).
	 */
	async installPackageWithNpm(tarball: string): Promise<void> {
		await mkdir(this.nodesFolder, { recursive: true });
		await run(
			'npm',
			['i', '--legacy-peer-deps', '--no-audit', '--no-fund', '--loglevel=error', tarball],
			{ cwd: this.nodesFolder, env: this.env, timeoutMs: 300_000 },
		);
	}

	async importCredentials(records: CredentialRecord[], file: string): Promise<void> {
		await writeFile(file, JSON.stringify(records, null, 2), { mode: 0o600 });
		try {
			await this.cli(['import:credentials', `--input=${file}`]);
		} finally {
			await rm(file, { force: true });
		}
	}

	async importWorkflow(file: string): Promise<void> {
		await this.cli(['import:workflow', `--input=${file}`]);
	}

	/** Every *.json in a folder, in one n8n process (each CLI start costs about 5 s). */
	async importWorkflowFolder(dir: string): Promise<void> {
		await this.cli(['import:workflow', '--separate', `--input=${dir}`]);
	}

	/**
	 * `n8n execute --id --rawOutput`: the exit code, all output, and the run's JSON when it printed one
	 * (n8n may print a successful run and still exit non-zero while shutting down; callers decide).
	 */
	async execute(id: string, onSpawn?: RunOptions['onSpawn']): Promise<ExecuteResult> {
		// The CLI prints the run through its logger at level info.
		const result = await this.cli(['execute', `--id=${id}`, '--rawOutput'], {
			check: false,
			env: { N8N_LOG_LEVEL: 'info' },
			onSpawn,
		});
		const start = result.stdout.search(/^\{/m);
		let run: ExecutedRun | undefined;
		if (start >= 0) {
			const end = result.stdout.lastIndexOf('\n}');
			try {
				run = JSON.parse(result.stdout.slice(start, end + 2)) as ExecutedRun;
			} catch (error) {
				// A failed run may print no run at all; only a successful one must have printed it whole.
				if (result.code !== 0) return { ...result, run: undefined };
				throw new Error(
					`n8n execute --rawOutput printed no JSON I could parse (${(error as Error).message}):\n${result.stdout.slice(0, 2000)}`,
				);
			}
		}
		return { ...result, run };
	}

	/** A bcrypt hash with n8n's own bcryptjs (N8N_INSTANCE_OWNER_PASSWORD_HASH wants one). */
	bcrypt(password: string): string {
		const requireFromN8n = createRequire(
			join(this.install.n8nDir, 'node_modules', 'n8n', 'package.json'),
		);
		const bcrypt = requireFromN8n('bcryptjs') as {
			hashSync(value: string, rounds: number): string;
		};
		return bcrypt.hashSync(password, 10);
	}
}

export interface ExecutedItem {
	json: Record<string, unknown>;
	binary?: Record<
		string,
		{ mimeType?: string; fileName?: string; fileSize?: string; bytes?: number; id?: string }
	>;
}

export interface ExecutedRun {
	finished?: boolean;
	status?: string;
	data: {
		resultData: {
			runData: Record<
				string,
				Array<{
					data?: { main?: Array<ExecutedItem[] | null> };
					error?: { message?: string };
					executionTime?: number;
				}>
			>;
			error?: { message?: string; description?: string };
		};
	};
}

export interface ExecuteResult extends RunResult {
	run?: ExecutedRun;
}

/** Items of a node's first run, first output. */
export function itemsOf(run: ExecutedRun, node: string): ExecutedItem[] {
	const runs = run.data.resultData.runData[node];
	if (!runs?.length) throw new Error(`node "${node}" did not run`);
	return runs[0].data?.main?.[0] ?? [];
}
