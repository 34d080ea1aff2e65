/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- dev-only benchmark code: runs on Node and never ships in dist */
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';

import type { EmulatorInfo } from './emulator-process';

export const BENCH_DIR = path.resolve(__dirname, '..');
export const REPO_DIR = path.resolve(BENCH_DIR, '..');
const RESULT_PREFIX = 'BENCH_RESULT ';

/** `node --import tsx <script>`: TypeScript straight from the repo, in a fresh process. */
function spawnTs(script: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
	return spawn(
		process.execPath,
		['--expose-gc', '--import', 'tsx', path.resolve(BENCH_DIR, script), ...args],
		{
			cwd: REPO_DIR,
			env: { ...process.env, ...env },
			stdio: ['pipe', 'pipe', 'inherit'],
		},
	);
}

export interface EmulatorProcess {
	info: EmulatorInfo;
	counts(): Promise<Record<string, number>>;
	reset(): Promise<void>;
	userToken(userId: string): Promise<string>;
	close(): Promise<void>;
}

/** Starts the emulator in its own process and waits until it listens. */
export async function startEmulatorProcess(latencyMs: number): Promise<EmulatorProcess> {
	const child = spawnTs('lib/emulator-process.ts', [], { BENCH_LATENCY_MS: String(latencyMs) });
	const info = await new Promise<EmulatorInfo>((resolve, reject) => {
		const lines = createInterface({ input: child.stdout! });
		lines.once('line', (line) => resolve(JSON.parse(line) as EmulatorInfo));
		child.once('exit', (code) => reject(new Error(`emulator process exited with ${code}`)));
	});
	return connectEmulator(info, child);
}

/** A client for an emulator process started elsewhere (cases get `EmulatorInfo` as an argument). */
export function connectEmulator(info: EmulatorInfo, child?: ChildProcess): EmulatorProcess {
	const control = async (route: string) => {
		const response = await fetch(`${info.controlUrl}${route}`, {
			method: route === '/reset' ? 'POST' : 'GET',
		});
		return (await response.json()) as Record<string, unknown>;
	};
	return {
		info,
		counts: async () => (await control('/counts')) as Record<string, number>,
		reset: async () => void (await control('/reset')),
		userToken: async (userId) =>
			String((await control(`/user-token?user=${encodeURIComponent(userId)}`)).token),
		close: async () => {
			if (!child || child.exitCode !== null) return;
			const exited = new Promise((resolve) => child.once('exit', resolve));
			child.kill('SIGTERM');
			await exited;
		},
	};
}

/**
 * Runs one benchmark case in a fresh process and returns what it reported (its stdout line starting
 * with BENCH_RESULT). Fresh processes keep memory figures and JIT state of one case out of another.
 */
export async function runCase<T>(script: string, input: unknown): Promise<T> {
	const child = spawnTs(script, [JSON.stringify(input)]);
	child.stdin!.end();
	let result: T | undefined;
	const lines = createInterface({ input: child.stdout! });
	lines.on('line', (line) => {
		if (line.startsWith(RESULT_PREFIX)) result = JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
		else if (line.trim()) process.stderr.write(`  [${path.basename(script)}] ${line}\n`);
	});
	const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
	if (code !== 0 || result === undefined)
		throw new Error(`${script} ${JSON.stringify(input)} failed (exit ${code})`);
	return result;
}

/** What a case calls last: hands its result to runCase. */
export function report(result: unknown): void {
	process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

/** A case's input, passed as its first argument. */
export function caseInput<T>(): T {
	return JSON.parse(process.argv[2] ?? '{}') as T;
}
