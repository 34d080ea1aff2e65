/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- dev-only code (e2e tooling): runs on Node and never ships in dist */
import type { ChildProcess } from 'node:child_process';
import type { N8nInstance } from './instance';
import { startBackground } from './proc';
import { N8nRest } from './rest';

/** The owner `n8n start` creates from environment variables, so there is no set-up screen to click through. */
export interface Owner {
	email: string;
	password: string;
}

/**
 * `n8n start` as a child process: its REST API (signed in as the owner) and its whole log, which the
 * e2e searches for secrets. Stopped by its PID.
 */
export class N8nServer {
	/** Its REST API, signed in as the owner. */
	readonly rest: N8nRest;

	private constructor(
		readonly instance: N8nInstance,
		readonly url: string,
		private readonly child: ChildProcess,
		private readonly output: string[],
	) {
		this.rest = new N8nRest(url, instance.install);
	}

	/** Starts n8n on `port`, waits until `/healthz/readiness` answers, and logs in as the owner. */
	static async start(
		instance: N8nInstance,
		options: {
			port: number;
			owner: Owner;
			env?: NodeJS.ProcessEnv;
			/** Pass n8n's log through once it is ready (`npm start`); the e2e only keeps it. */
			echo?: boolean;
			timeoutMs?: number;
		},
	): Promise<N8nServer> {
		const { port, owner } = options;
		const url = `http://127.0.0.1:${port}`;
		const env: NodeJS.ProcessEnv = {
			...instance.env,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_SECURE_COOKIE: 'false',
			N8N_INSTANCE_OWNER_MANAGED_BY_ENV: 'true',
			N8N_INSTANCE_OWNER_EMAIL: owner.email,
			N8N_INSTANCE_OWNER_FIRST_NAME: 'Local',
			N8N_INSTANCE_OWNER_LAST_NAME: 'Developer',
			N8N_INSTANCE_OWNER_PASSWORD_HASH: instance.bcrypt(owner.password),
			...options.env,
		};
		let ready = false;
		const output: string[] = [];
		const child = startBackground(instance.install.node, [instance.install.n8nBin, 'start'], {
			cwd: instance.options.userFolder,
			env,
			prefix: '[n8n] ',
			quiet: () => !(ready && options.echo),
			onOutput: (text) => output.push(text),
		});
		const server = new N8nServer(instance, url, child, output);
		try {
			await server.waitForHealth(options.timeoutMs ?? 180_000);
			ready = true;
			await server.rest.login(owner.email, owner.password);
		} catch (error) {
			await server.stop();
			throw error;
		}
		return server;
	}

	get exited(): Promise<number | null> {
		if (this.child.exitCode !== null) return Promise.resolve(this.child.exitCode);
		return new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
	}

	/** Everything n8n printed so far. */
	log(): string {
		return this.output.join('');
	}

	private async waitForHealth(timeoutMs: number): Promise<void> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			if (this.child.exitCode !== null)
				throw new Error(
					`n8n exited with ${this.child.exitCode} before it was ready:\n${this.log().slice(-3000)}`,
				);
			try {
				const response = await fetch(`${this.url}/healthz/readiness`);
				if (response.ok) return;
			} catch {
				// not listening yet
			}
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`n8n did not become ready at ${this.url} within ${timeoutMs / 1000} s`);
	}

	/** SIGTERM to the process this server started, and wait for it to exit. */
	async stop(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = this.exited;
		this.child.kill('SIGTERM');
		await exited;
	}
}
