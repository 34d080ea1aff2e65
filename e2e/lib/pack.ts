/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (e2e tooling): runs on Node and never ships in dist */
import { mkdir, mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { run } from './proc';

export const REPO = resolve(__dirname, '..', '..');

export interface PackedPackage {
	name: string;
	version: string;
	tarball: string;
	files: string[];
}

/** `npm run build`, then `npm pack` into `destination` (a temp folder by default). */
export async function buildAndPack(destination?: string, build = true): Promise<PackedPackage> {
	if (build) await run('npm', ['run', 'build', '--silent'], { cwd: REPO, echo: false });
	const dir = destination ?? (await mkdtemp(join(tmpdir(), 'acs-sw-pack-')));
	await mkdir(dir, { recursive: true });
	const { stdout } = await run(
		'npm',
		['pack', '--json', '--pack-destination', dir, '--loglevel=error'],
		{ cwd: REPO },
	);
	const [info] = JSON.parse(stdout.slice(stdout.indexOf('['))) as Array<{
		name: string;
		version: string;
		filename: string;
		files: Array<{ path: string }>;
	}>;
	return {
		name: info.name,
		version: info.version,
		tarball: join(dir, info.filename),
		files: info.files.map((f) => f.path),
	};
}

/** Unpacks a tarball the way the scanner does (`package/` stripped). */
export async function unpack(tarball: string, into: string): Promise<string> {
	await mkdir(into, { recursive: true });
	await run('tar', ['-xzf', tarball, '-C', into, '--strip-components=1']);
	return into;
}

export async function packageJson(): Promise<{ name: string; version: string }> {
	return JSON.parse(await readFile(join(REPO, 'package.json'), 'utf8')) as {
		name: string;
		version: string;
	};
}
