/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/require-node-api-error -- dev-only code (e2e tooling): runs on Node and never ships in dist */
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';

import type { N8nInstance, ExecutedRun } from './instance';
import { startBackground } from './proc';

const FINISHED = ['success', 'error', 'crashed', 'canceled'];

/** The owner `n8n start` creates from environment variables, so there is no set-up screen to click through. */
export interface Owner {
	email: string;
	password: string;
}

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string;
	stoppedAt?: string;
}

/**
 * `n8n start` as a child process: its REST API (logged in as the owner) and its whole log, which the
 * e2e searches for secrets. Stopped by its PID.
 */
export class N8nServer {
	private cookie = '';
	/** n8n binds its auth cookie to the browser id it was issued for. */
	private readonly browserId = `acs-sw-e2e-${process.pid}`;

	private constructor(
		readonly instance: N8nInstance,
		readonly url: string,
		private readonly child: ChildProcess,
		private readonly output: string[],
	) {}

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
			await server.login(owner);
		} catch (error) {
			await server.stop();
			throw error;
		}
		return server;
	}

	get pid(): number | undefined {
		return this.child.pid;
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

	private async login(owner: Owner): Promise<void> {
		const response = await fetch(`${this.url}/rest/login`, {
			method: 'POST',
			headers: { 'content-type': 'application/json', 'browser-id': this.browserId },
			body: JSON.stringify({ emailOrLdapLoginId: owner.email, password: owner.password }),
		});
		if (!response.ok) throw new Error(`n8n login failed: ${response.status}`);
		this.cookie = (response.headers.getSetCookie?.() ?? [])
			.map((cookie) => cookie.split(';')[0])
			.join('; ');
	}

	/** n8n's internal REST API (what the editor uses); answers are `{ data }`. */
	async rest<T>(method: string, path: string, body?: unknown): Promise<T> {
		const response = await fetch(`${this.url}/rest${path}`, {
			method,
			headers: {
				cookie: this.cookie,
				'browser-id': this.browserId,
				'content-type': 'application/json',
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		const text = await response.text();
		if (!response.ok) throw new Error(`${method} /rest${path}: ${response.status} ${text}`);
		return (JSON.parse(text) as { data: T }).data;
	}

	/** Publishes a workflow's current version, as the editor's Publish button does. */
	async activate(workflowId: string): Promise<void> {
		const { versionId } = await this.rest<{ versionId: string }>('GET', `/workflows/${workflowId}`);
		await this.rest('POST', `/workflows/${workflowId}/activate`, { versionId });
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.rest('POST', `/workflows/${workflowId}/deactivate`, {});
	}

	/** A workflow's executions (the newest 100), oldest first, and how many there are in all. */
	async executions(
		workflowId: string,
		status?: string[],
	): Promise<ExecutionSummary[] & { total: number }> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId, ...(status && { status }) }));
		const page = await this.rest<{ results: ExecutionSummary[]; count: number }>(
			'GET',
			`/executions?filter=${filter}&limit=100`,
		);
		const sorted = [...page.results].sort((a, b) => Number(a.id) - Number(b.id));
		return Object.assign(sorted, { total: page.count });
	}

	/** Waits until a workflow has `count` finished executions (or fails after `timeoutMs`). */
	async waitForExecutions(
		workflowId: string,
		count: number,
		timeoutMs = 60_000,
	): Promise<ExecutionSummary[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const finished = await this.executions(workflowId, FINISHED);
			if (finished.total >= count) return finished;
			if (Date.now() > deadline)
				throw new Error(
					`workflow ${workflowId}: ${finished.total} of ${count} executions finished after ${timeoutMs / 1000} s`,
				);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/** One execution with its run data (n8n stores it with `flatted`, n8n's own dependency). */
	async execution(id: string): Promise<ExecutedRun & { status: string }> {
		const execution = await this.rest<{ data: string; status: string; finished: boolean }>(
			'GET',
			`/executions/${id}`,
		);
		const requireFromN8n = createRequire(
			join(this.instance.install.n8nDir, 'node_modules', 'n8n', 'package.json'),
		);
		const flatted = requireFromN8n('flatted') as { parse(text: string): unknown };
		return {
			status: execution.status,
			finished: execution.finished,
			data: flatted.parse(execution.data) as ExecutedRun['data'],
		};
	}

	/** SIGTERM to the process this server started, and wait for it to exit. */
	async stop(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		const exited = this.exited;
		this.child.kill('SIGTERM');
		await exited;
	}
}
