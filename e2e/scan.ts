/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * `npm run scan`: n8n's own community-package scanner (`analyzePackage` from
 * @n8n/scan-community-package's scanner module), run the way n8n runs it before listing a package: on the
 * source (package.json + nodes/credentials) and on the unpacked `npm pack` tarball (compiled JS +
 * package.json). Any error fails.
 */
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

import { say, Steps, warn } from './lib/log';
import { buildAndPack, REPO, unpack } from './lib/pack';

interface ScanResult {
	passed: boolean;
	message?: string;
	details?: string;
}

interface ScannerModule {
	analyzePackage(dir: string, patterns?: string[]): Promise<ScanResult>;
	SOURCE_FILE_PATTERNS: string[];
}

const TARBALL_PATTERNS = ['**/*.js', 'package.json'];

/** The files a scan covers, listed without a glob library: package.json plus the sources it lints. */
async function scannedFiles(dir: string, roots: string[], extensions: RegExp): Promise<string[]> {
	const found = ['package.json'];
	const walk = async (folder: string): Promise<void> => {
		for (const entry of await readdir(folder, { withFileTypes: true }).catch(() => [])) {
			const path = join(folder, entry.name);
			if (entry.isDirectory() && entry.name !== 'node_modules') await walk(path);
			else if (entry.isFile() && extensions.test(entry.name) && entry.name !== 'package.json')
				found.push(relative(dir, path));
		}
	};
	for (const root of roots) await walk(join(dir, root));
	return found;
}

/** A package with a known violation: proves the scanner is wired up and does report errors. */
async function negativeControl(dir: string): Promise<void> {
	await mkdir(join(dir, 'dist', 'nodes'), { recursive: true });
	await writeFile(
		join(dir, 'package.json'),
		JSON.stringify({
			name: 'n8n-nodes-scan-control',
			version: '0.0.1',
			keywords: ['n8n-community-node-package'],
			license: 'MIT',
			n8n: { n8nNodesApiVersion: 1, nodes: ['dist/nodes/Control.node.js'] },
			peerDependencies: { 'n8n-workflow': '*' },
		}),
	);
	await writeFile(
		join(dir, 'dist', 'nodes', 'Control.node.js'),
		'module.exports = { key: process.env.SECRET_KEY };\n',
	);
}

async function main(): Promise<void> {
	const steps = new Steps('scan');
	// A plain string keeps tsc from resolving the .mjs module's (missing) types.
	const modulePath: string = '@n8n/scan-community-package/scanner/scanner.mjs';
	const scanner = (await import(modulePath)) as ScannerModule;
	const failures: string[] = [];

	const check = async (label: string, dir: string, patterns: string[], files: string[]) => {
		const result = await scanner.analyzePackage(dir, patterns);
		say(
			`  ${label}: ${files.length} files (${patterns.join(', ')}) → ${result.passed ? '0 errors' : `FAILED: ${result.message ?? ''}`}`,
		);
		if (!result.passed) {
			if (result.details) warn(result.details);
			failures.push(label);
		}
	};

	await steps.run(
		'scanner on the source',
		async () =>
			await check(
				'source',
				REPO,
				scanner.SOURCE_FILE_PATTERNS,
				await scannedFiles(REPO, ['nodes', 'credentials'], /\.(js|ts|json)$/),
			),
	);
	const work = await mkdtemp(join(tmpdir(), 'acs-sw-scan-'));
	try {
		const packed = await steps.run(
			'build and npm pack',
			async () => await buildAndPack(join(work, 'pack')),
		);
		say(`  ${packed.tarball}: ${packed.files.length} files`);
		const dir = await unpack(packed.tarball, join(work, 'package'));
		await steps.run(
			'scanner on the unpacked tarball',
			async () =>
				await check('tarball', dir, TARBALL_PATTERNS, await scannedFiles(dir, ['.'], /\.js$/)),
		);
		await steps.run('scanner negative control (must fail)', async () => {
			const control = join(work, 'control');
			await negativeControl(control);
			const result = await scanner.analyzePackage(control, TARBALL_PATTERNS);
			if (result.passed)
				throw new Error(
					'the scanner passed a package that reads process.env; it is not checking anything',
				);
			const errors = /(\d+) errors?/.exec(result.details ?? '')?.[1] ?? '?';
			say(`  control package (reads process.env): ${errors} error(s), as expected`);
		});
	} finally {
		await rm(work, { recursive: true, force: true });
	}
	say(`\n${steps.summary()}`);
	if (failures.length)
		throw new Error(`the community-package scanner reported errors in: ${failures.join(', ')}`);
	say('scan: passed (0 errors on source and tarball)');
}

main().catch((error: unknown) => {
	warn(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
