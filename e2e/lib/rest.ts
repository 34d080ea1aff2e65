/* eslint-disable @n8n/community-nodes/no-restricted-imports, @n8n/community-nodes/no-restricted-globals -- dev-only code (e2e tooling): runs on Node and never ships in dist */
/**
 * The editor's REST API of a running n8n main, used the way the editor uses it: sign in, save a workflow,
 * click "Execute workflow" (`POST /rest/workflows/:id/run` from its manual trigger; in queue mode with
 * OFFLOAD_MANUAL_EXECUTIONS_TO_WORKERS=true this goes to a worker), read the execution back and download
 * a binary the way the editor's download button does.
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';

import type { ExecutedRun } from './instance';
import type { N8nInstall } from './n8n';
import type { WorkflowFile } from './examples';

export interface ExecutionRecord {
	id: string;
	status: string;
	finished: boolean;
	mode: string;
	data: ExecutedRun['data'];
}

const FINAL = new Set(['success', 'error', 'crashed', 'canceled']);

export interface ExecutionSummary {
	id: string;
	workflowId: string;
	status: string;
	mode: string;
	startedAt: string;
	stoppedAt?: string;
}

export class N8nRest {
	private cookie = '';
	/** The auth cookie is bound to the browser id it was issued for (n8n's browserId check). */
	private readonly browserId = `acs-sw-e2e-${process.pid}`;
	private readonly parseFlatted: (text: string) => unknown;

	constructor(
		readonly baseUrl: string,
		install: N8nInstall,
	) {
		const requireFromN8n = createRequire(
			join(install.n8nDir, 'node_modules', 'n8n', 'package.json'),
		);
		this.parseFlatted = (requireFromN8n('flatted') as { parse(text: string): unknown }).parse;
	}

	private async call(method: string, path: string, body?: unknown): Promise<Response> {
		const response = await fetch(`${this.baseUrl}/rest${path}`, {
			method,
			headers: {
				'content-type': 'application/json',
				'browser-id': this.browserId,
				...(this.cookie ? { cookie: this.cookie } : {}),
			},
			body: body === undefined ? undefined : JSON.stringify(body),
		});
		if (!response.ok) {
			throw new Error(
				`${method} /rest${path}: ${response.status} ${(await response.text()).slice(0, 500)}`,
			);
		}
		return response;
	}

	private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
		const payload = (await (await this.call(method, path, body)).json()) as { data: T };
		return payload.data;
	}

	async login(email: string, password: string): Promise<void> {
		const response = await this.call('POST', '/login', { emailOrLdapLoginId: email, password });
		const cookie = response.headers.getSetCookie().find((c) => c.startsWith('n8n-auth='));
		if (!cookie) throw new Error('POST /rest/login set no n8n-auth cookie');
		this.cookie = cookie.split(';')[0];
	}

	/** Saves a workflow (a new id is assigned by n8n); returns its id. */
	async createWorkflow(workflow: WorkflowFile): Promise<string> {
		const { id: _ignored, ...rest } = workflow;
		void _ignored;
		const created = await this.json<{ id: string }>('POST', '/workflows', {
			...rest,
			active: false,
		});
		return created.id;
	}

	/** Publishes a workflow's current version, as the editor's Publish button does. */
	async activate(workflowId: string): Promise<void> {
		const { versionId } = await this.json<{ versionId: string }>('GET', `/workflows/${workflowId}`);
		await this.json('POST', `/workflows/${workflowId}/activate`, { versionId });
	}

	async deactivate(workflowId: string): Promise<void> {
		await this.json('POST', `/workflows/${workflowId}/deactivate`, {});
	}

	/** A workflow's executions (the newest 100: n8n's page limit), oldest first, and how many in all. */
	async executions(
		workflowId: string,
		status?: string[],
	): Promise<ExecutionSummary[] & { total: number }> {
		const filter = encodeURIComponent(JSON.stringify({ workflowId, ...(status && { status }) }));
		const page = await this.json<{ results: ExecutionSummary[]; count: number }>(
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
			const finished = await this.executions(workflowId, [...FINAL]);
			if (finished.total >= count) return finished;
			if (Date.now() > deadline)
				throw new Error(
					`workflow ${workflowId}: ${finished.total} of ${count} executions finished after ${timeoutMs / 1000} s`,
				);
			await new Promise((resolve) => setTimeout(resolve, 250));
		}
	}

	/** "Execute workflow" from the manual trigger; returns the execution id. */
	async runManually(workflowId: string, trigger: string): Promise<string> {
		const result = await this.json<{ executionId?: string; waitingForWebhook?: boolean }>(
			'POST',
			`/workflows/${workflowId}/run`,
			{ triggerToStartFrom: { name: trigger } },
		);
		if (!result.executionId)
			throw new Error(`workflow ${workflowId} did not start: ${JSON.stringify(result)}`);
		return result.executionId;
	}

	async execution(id: string): Promise<ExecutionRecord> {
		const record = await this.json<Omit<ExecutionRecord, 'data'> & { data: unknown }>(
			'GET',
			`/executions/${id}`,
		);
		const data = typeof record.data === 'string' ? this.parseFlatted(record.data) : record.data;
		return { ...record, data: data as ExecutionRecord['data'] };
	}

	/** Polls until the execution finished (success, error, crashed or canceled). */
	async waitForExecution(id: string, timeoutMs: number): Promise<ExecutionRecord> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const { status } = await this.json<{ status: string }>('GET', `/executions/${id}`);
			if (FINAL.has(status)) return await this.execution(id);
			await new Promise((resolve) => setTimeout(resolve, 500));
		}
		throw new Error(`execution ${id} did not finish within ${timeoutMs / 1000} s`);
	}

	/** SHA-256 and size of a stored binary, streamed from main (`GET /rest/binary-data?action=download`). */
	async binarySha256(binaryId: string): Promise<{ sha256: string; bytes: number }> {
		const response = await this.call(
			'GET',
			`/binary-data?id=${encodeURIComponent(binaryId)}&action=download`,
		);
		const hash = createHash('sha256');
		let bytes = 0;
		for await (const chunk of Readable.fromWeb(response.body as WebReadableStream<Uint8Array>)) {
			hash.update(chunk as Buffer);
			bytes += (chunk as Buffer).length;
		}
		return { sha256: hash.digest('hex'), bytes };
	}
}
