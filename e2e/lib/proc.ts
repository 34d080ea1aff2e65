/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-dangerous-functions -- dev-only code (e2e tooling): runs on Node and never ships in dist */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';

export interface RunResult {
	code: number | null;
	/** The signal that ended the child, when one did. */
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

export interface RunOptions extends SpawnOptions {
	/** Echo the child's output while it runs (long installs). */
	echo?: boolean;
	/** Throw unless the exit code is 0 (default true). */
	check?: boolean;
	timeoutMs?: number;
	/** Called with the child once it is spawned (to watch its memory by PID). */
	onSpawn?: (child: ChildProcess) => void;
}

/** Runs a command without a shell, capturing its output; the event loop stays free (the emulator may run in-process). */
export async function run(
	command: string,
	args: string[],
	options: RunOptions = {},
): Promise<RunResult> {
	const { echo = false, check = true, timeoutMs, onSpawn, ...spawnOptions } = options;
	return await new Promise<RunResult>((resolve, reject) => {
		const child = spawn(command, args, { ...spawnOptions, stdio: ['ignore', 'pipe', 'pipe'] });
		onSpawn?.(child);
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout?.on('data', (chunk: Buffer) => {
			out.push(chunk);
			if (echo) process.stdout.write(chunk);
		});
		child.stderr?.on('data', (chunk: Buffer) => {
			err.push(chunk);
			if (echo) process.stderr.write(chunk);
		});
		const timer = timeoutMs
			? setTimeout(() => {
					child.kill('SIGKILL');
				}, timeoutMs)
			: undefined;
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (timer) clearTimeout(timer);
			const result = {
				code,
				signal,
				stdout: Buffer.concat(out).toString('utf8'),
				stderr: Buffer.concat(err).toString('utf8'),
			};
			if (check && code !== 0) {
				const tail = (result.stderr || result.stdout).split('\n').slice(-40).join('\n');
				reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}\n${tail}`));
				return;
			}
			resolve(result);
		});
	});
}

/** Starts a long-running child (n8n start), its output prefixed and passed through. */
export function startBackground(
	command: string,
	args: string[],
	options: SpawnOptions & {
		prefix?: string;
		quiet?: () => boolean;
		/** Everything the child prints, quiet or not (the e2e searches it for secrets). */
		onOutput?: (text: string) => void;
	},
): ChildProcess {
	const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
	const forward = (stream: NodeJS.WriteStream) => (chunk: Buffer) => {
		const text = chunk.toString('utf8');
		options.onOutput?.(text);
		if (options.quiet?.()) return;
		stream.write(options.prefix ? text.replace(/^(?=.)/gm, options.prefix) : text);
	};
	child.stdout?.on('data', forward(process.stdout));
	child.stderr?.on('data', forward(process.stderr));
	return child;
}

/** A TCP port nobody listens on right now (for n8n's task-runner broker, so parallel n8n processes do not clash). */
export async function freePort(): Promise<number> {
	const { createServer } = await import('node:net');
	return await new Promise<number>((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const address = server.address();
			const port = typeof address === 'object' && address ? address.port : 0;
			server.close(() => resolve(port));
		});
	});
}
