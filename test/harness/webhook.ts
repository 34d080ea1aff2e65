/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * Serves a trigger node's webhook over real loopback HTTP the way n8n 2.41's webhook path does: the body
 * is read raw (`req.rawBody`) and parsed by content type (JSON, urlencoded through `querystring`, text),
 * the node's `webhook()` runs in n8n-core's real `WebhookContext`, the response follows n8n's rules
 * (`noWebhookResponse`, the default "Webhook call received", the `onReceived` response data, and the
 * `lastNode` answer once the run ends, with the description's response fields evaluated as n8n
 * evaluates them), and when the node returns `workflowData` the rest of the workflow runs through
 * n8n-core's `WorkflowExecute`. Answers are written as Express writes them (status, headers, one
 * `end()`), so a node sees the same response object calls as behind n8n.
 *
 *   const trigger = await serveTrigger(h, { type, parameters, credentials, downstream });
 *   await fetch(trigger.url, { method: 'POST', body });
 *   const [run] = await trigger.waitForExecutions(1);
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parse as parseQueryString } from 'node:querystring';

import get from 'lodash/get';
import {
	getHtmlSandboxCSP,
	HookContext,
	isWebhookHtmlSandboxingDisabled,
	WebhookContext,
	WorkflowExecute,
} from 'n8n-core';
import type {
	IConnections,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	ITaskData,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import {
	createRunExecutionData,
	jsonParse,
	NodeHelpers,
	OperationalError,
	resolveWebhookDescriptionField,
	UnexpectedError,
	Workflow,
} from 'n8n-workflow';

import type { CredentialRef, Harness } from './index';
import { initRuntime } from './runtime';

/** n8n's default `N8N_PAYLOAD_SIZE_MAX` (16 MiB): larger bodies get 413 before any node runs. */
const PAYLOAD_SIZE_MAX = 16 * 1024 * 1024;

export const TRIGGER_NODE_NAME = 'Trigger';

export interface ServeTriggerOptions {
	type: string;
	/** The trigger node's name (default "Trigger"); downstream expressions such as `$('…')` use it. */
	name?: string;
	/** Default 1. */
	typeVersion?: number;
	parameters: INodeParameters;
	credentials: Record<string, CredentialRef>;
	/** Nodes after the trigger; `connections` must connect them to "Trigger". */
	downstream?: { nodes: INode[]; connections: IConnections };
}

export interface TriggerExecution {
	/** The trigger's output items (what n8n puts on the execution stack). */
	items: INodeExecutionData[];
	run: IRun;
	outputOf(nodeName: string): INodeExecutionData[];
}

export interface ServedTrigger {
	/** The production URL, as `getNodeWebhookUrl('default')` reports it. */
	url: string;
	/** The same webhook under `/webhook-test/`, served in manual (test) mode. */
	testUrl: string;
	/** Executions started so far, finished or not. */
	started(): number;
	/** Waits until `count` executions were started and have finished; fails on more. */
	waitForExecutions(count: number, timeoutMs?: number): Promise<TriggerExecution[]>;
	/**
	 * Runs a webhook lifecycle method in n8n-core's real HookContext, for the production webhook or, with
	 * `test`, for the `/webhook-test/` one the editor's "Listen for test event" registers.
	 */
	lifecycle(
		method: 'checkExists' | 'create' | 'delete',
		mode?: WorkflowActivateMode,
		test?: boolean,
	): Promise<boolean>;
	/** The workflow's static data (`getWorkflowStaticData('node')` of the trigger is under `node:Trigger`). */
	staticData(): IDataObject;
	/** Errors the node's webhook() threw (n8n answers those with 500). */
	webhookErrors: Error[];
	close(): Promise<void>;
}

type WebhookRequest = IncomingMessage & {
	rawBody?: Buffer;
	body?: unknown;
	query: IDataObject;
	params: IDataObject;
	originalUrl: string;
	contentType?: string;
	encoding?: BufferEncoding;
	readRawBody: () => Promise<void>;
};

function readRaw(req: IncomingMessage): Promise<Buffer | 'too-large'> {
	return new Promise((resolve, reject) => {
		const chunks: Buffer[] = [];
		let size = 0;
		req.on('data', (chunk: Buffer) => {
			size += chunk.length;
			if (size <= PAYLOAD_SIZE_MAX) chunks.push(chunk);
		});
		req.on('end', () => resolve(size > PAYLOAD_SIZE_MAX ? 'too-large' : Buffer.concat(chunks)));
		req.on('error', reject);
	});
}

/**
 * Express's `res.status(status).send(body)` (n8n 2.41 serves webhooks with Express 5): a string as
 * is (text/html unless a type was set), anything else as JSON (application/json unless a type was
 * set), `undefined` as no body; the type gets `charset=utf-8`. Headers are set, not written, so the
 * one `end()` writes them.
 */
function send(res: ServerResponse, status: number, body: unknown): void {
	res.statusCode = status;
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	if (!res.getHeader('content-type'))
		res.setHeader('content-type', typeof body === 'string' ? 'text/html' : 'application/json');
	if (text === undefined) {
		res.end();
		return;
	}
	const type = String(res.getHeader('content-type'));
	if (!/;\s*charset=/i.test(type)) res.setHeader('content-type', `${type}; charset=utf-8`);
	const payload = Buffer.from(text, 'utf8');
	res.setHeader('content-length', String(payload.length));
	res.end(payload);
}

/** The harness's own JSON answers (n8n's error and default answers): always JSON, a string quoted. */
function sendJson(res: ServerResponse, status: number, value: unknown): void {
	res.setHeader('content-type', 'application/json');
	send(res, status, JSON.stringify(value));
}

/** The webhook description's response fields, evaluated for the trigger node as n8n evaluates them. */
interface ResponseOptions {
	responseMode: string;
	responseCode: number;
	responseData: unknown;
	responsePropertyName?: string;
	responseContentType?: string;
}

/** n8n's `WorkflowHelpers.getLastExecutedNodeData` (without pinned data, which the harness never has). */
function lastExecutedNodeData(run: IRun): ITaskData | undefined {
	const { runData, lastNodeExecuted } = run.data.resultData;
	if (lastNodeExecuted === undefined) return undefined;
	return runData[lastNodeExecuted]?.at(-1);
}

/**
 * What n8n 2.41's `executeWebhook` sends in response mode `lastNode` once the run has ended
 * (webhook-helpers.js, webhook-last-node-response-extractor.js): a failed run 500 "Error in
 * workflow"; no last node a 200 message; `firstEntryJson` the first item of the first output (its
 * `responsePropertyName` path via lodash `get`) with `responseContentType`, or n8n's error answer
 * (500 `{code: 0, message}`) when there is no item; `noData` nothing; else every item's JSON.
 */
function sendLastNodeResponse(res: ServerResponse, run: IRun, options: ResponseOptions): void {
	const lastNode = lastExecutedNodeData(run);
	if (run.data.resultData.error || lastNode?.error !== undefined)
		return send(res, 500, { message: 'Error in workflow' });
	if (lastNode === undefined)
		return send(res, options.responseCode, {
			message: 'Workflow executed successfully but the last node did not return any data',
		});
	const items = lastNode.data?.main?.[0] ?? [];
	if (options.responseData === 'noData') return send(res, options.responseCode, undefined);
	if (options.responseData !== 'firstEntryJson') {
		if (options.responseData === 'firstEntryBinary')
			throw new UnexpectedError('The harness does not answer with binary data');
		return send(
			res,
			options.responseCode,
			items.map((item) => item.json),
		);
	}
	const [firstItem] = items;
	if (firstItem === undefined) {
		const error = new OperationalError('No item to return was found');
		return send(res, 500, { code: 0, message: error.message });
	}
	const body =
		options.responsePropertyName === undefined
			? firstItem.json
			: (get(firstItem.json, options.responsePropertyName) as unknown);
	if (options.responseContentType) res.setHeader('content-type', options.responseContentType);
	if (!isWebhookHtmlSandboxingDisabled())
		res.setHeader('content-security-policy', getHtmlSandboxCSP());
	send(res, options.responseCode, body);
}

/** What n8n's `parseBody` does for a node of version 1: every request's body is read and parsed. */
function parseBody(req: WebhookRequest, raw: Buffer): void {
	const [type = '', ...parameters] = String(req.headers['content-type'] ?? '').split(';');
	req.contentType = type.trim().toLowerCase() || undefined;
	const charset = parameters.map((p) => /charset=(.+)/i.exec(p.trim())?.[1]).find(Boolean);
	req.encoding = (charset?.toLowerCase() as BufferEncoding | undefined) ?? 'utf-8';
	req.rawBody = raw;
	if (!raw.length) return;
	if (req.contentType === 'application/json') req.body = jsonParse(raw.toString(req.encoding));
	else if (req.contentType === 'application/x-www-form-urlencoded')
		req.body = parseQueryString(raw.toString(req.encoding), undefined, undefined, {
			maxKeys: 1000,
		});
	else if (req.contentType === 'text/plain') req.body = raw.toString(req.encoding);
}

export async function serveTrigger(
	h: Harness,
	options: ServeTriggerOptions,
): Promise<ServedTrigger> {
	await initRuntime();
	const nodeType = h.nodeTypes.getByNameAndVersion(options.type) as INodeType;
	const webhookDescription = nodeType.description.webhooks?.[0] as IWebhookDescription | undefined;
	if (!webhookDescription || !nodeType.webhook)
		throw new UnexpectedError(`${options.type} is not a webhook trigger`);

	const triggerNode: INode = {
		id: randomUUID(),
		name: options.name ?? TRIGGER_NODE_NAME,
		type: options.type,
		typeVersion: options.typeVersion ?? 1,
		position: [0, 0],
		parameters: options.parameters,
		credentials: options.credentials,
		webhookId: randomUUID(),
	};
	const nodes = [triggerNode, ...(options.downstream?.nodes ?? [])];
	const connections = options.downstream?.connections ?? {};
	const staticData: IDataObject = {};
	const workflowId = `webhook-wf-${randomUUID().slice(0, 8)}`;
	const workflowData = {
		id: workflowId,
		name: 'Webhook harness workflow',
		active: true,
		isArchived: false,
		activeVersionId: null,
		nodes,
		connections,
		settings: { executionOrder: 'v1' },
		staticData,
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowId,
		name: workflowData.name,
		nodes,
		connections,
		active: true,
		nodeTypes: h.nodeTypes,
		staticData,
		settings: { executionOrder: 'v1' },
	});
	const node = workflow.getNode(triggerNode.name)!;

	let base = '';
	let counter = 0;
	const additionalDataFor = (mode: WorkflowExecuteMode): IWorkflowExecuteAdditionalData => {
		const data = h.executionAdditionalData(workflowData, mode, `webhook-${++counter}`);
		data.webhookBaseUrl = `${base}/webhook`;
		data.webhookTestBaseUrl = `${base}/webhook-test`;
		data.webhookWaitingBaseUrl = `${base}/webhook-waiting`;
		data.instanceBaseUrl = `${base}/`;
		return data;
	};
	const webhookPath = NodeHelpers.getNodeWebhookUrl(
		'',
		workflowId,
		node,
		String(webhookDescription.path),
		false,
	);
	const webhookData = (
		isTest: boolean,
		additionalData: IWorkflowExecuteAdditionalData,
	): IWebhookData => ({
		httpMethod: webhookDescription.httpMethod as IWebhookData['httpMethod'],
		node: triggerNode.name,
		path: webhookPath,
		webhookDescription,
		workflowId,
		workflowExecuteAdditionalData: additionalData,
		isTest,
	});

	/** n8n's `evaluateResponseOptions`: each field natively when it can be, else as an expression. */
	const evaluateResponseOptions = (mode: WorkflowExecuteMode): ResponseOptions => {
		const field = (name: keyof IWebhookDescription, fallback?: string | number): unknown => {
			const native = resolveWebhookDescriptionField(node, webhookDescription, String(name));
			if (native.resolved) return native.value;
			const value = webhookDescription[name] as string | boolean | undefined;
			return name === 'responseData'
				? workflow.expression.getComplexParameterValue(node, value, mode, {}, undefined, fallback)
				: workflow.expression.getSimpleParameterValue(node, value, mode, {}, undefined, fallback);
		};
		const text = (value: unknown) => (value === undefined ? undefined : String(value));
		return {
			responseMode: String(field('responseMode', 'onReceived')),
			responseCode: Number(field('responseCode', 200)),
			responseData: field('responseData', 'firstEntryJson'),
			responsePropertyName: text(field('responsePropertyName')),
			responseContentType: text(field('responseContentType')),
		};
	};

	const executions: Array<Promise<TriggerExecution>> = [];
	const webhookErrors: Error[] = [];

	async function handle(request: IncomingMessage, res: ServerResponse): Promise<void> {
		const req = request as WebhookRequest;
		const target = req.url ?? '/';
		const [path = '', query = ''] = target.split(/\?(.*)/s);
		const isTest = path.startsWith('/webhook-test/');
		const served = isTest ? `/webhook-test${webhookPath}` : `/webhook${webhookPath}`;
		if (path !== served)
			return sendJson(res, 404, { message: 'The requested webhook is not registered.' });
		if (req.method === 'OPTIONS') {
			res.writeHead(204).end();
			return;
		}
		if (req.method !== webhookDescription!.httpMethod)
			return sendJson(res, 404, {
				message: `This webhook is not registered for ${req.method} requests.`,
			});
		const raw = await readRaw(req);
		if (raw === 'too-large') return sendJson(res, 413, { message: 'request entity too large' });
		req.originalUrl = target;
		req.query = parseQueryString(query) as IDataObject;
		req.params = {};
		req.readRawBody = async () => {};
		try {
			parseBody(req, raw);
		} catch (error) {
			return sendJson(res, 422, {
				message: 'Failed to parse request body',
				hint: (error as Error).message,
			});
		}

		const mode: WorkflowExecuteMode = isTest ? 'manual' : 'webhook';
		const responseOptions = evaluateResponseOptions(mode);
		const additionalData = additionalDataFor(mode);
		additionalData.httpRequest = req as unknown as IWorkflowExecuteAdditionalData['httpRequest'];
		additionalData.httpResponse = res as unknown as IWorkflowExecuteAdditionalData['httpResponse'];
		const context = new WebhookContext(
			workflow,
			node,
			additionalData,
			mode,
			webhookData(isTest, additionalData),
			[],
			null,
		);
		let result: IWebhookResponseData;
		try {
			result = await nodeType.webhook!.call(context);
		} catch (error) {
			webhookErrors.push(error as Error);
			if (!res.headersSent)
				sendJson(res, 500, {
					code: 0,
					message: 'Workflow Webhook Error: Workflow could not be started!',
				});
			return;
		}
		const answered = Boolean(result.noWebhookResponse) || res.headersSent;
		if (!answered) {
			if (result.workflowData === undefined) {
				sendJson(res, 200, result.webhookResponse ?? { message: 'Webhook call received' });
			} else if (responseOptions.responseMode === 'onReceived') {
				// n8n answers `onReceived` with the description's responseData ('firstEntryJson' when unset),
				// a text as it is, with the description's responseHeaders.
				const { responseData, responseCode } = responseOptions;
				const headers = Object.fromEntries(
					(
						(
							webhookDescription as {
								responseHeaders?: { entries?: Array<{ name: string; value: string }> };
							}
						).responseHeaders?.entries ?? []
					).map(({ name, value }) => [name.toLowerCase(), value]),
				);
				if (responseData === 'noData') res.writeHead(responseCode, headers).end();
				else if (headers['content-type'])
					res.writeHead(responseCode, headers).end(String(responseData));
				else sendJson(res, responseCode, responseData);
			} else if (responseOptions.responseMode !== 'lastNode') {
				throw new UnexpectedError(
					`The harness does not serve response mode ${responseOptions.responseMode}`,
				);
			}
		}
		if (result.workflowData === undefined) return;
		const workflowData = result.workflowData;
		const runExecutionData = createRunExecutionData({
			executionData: {
				nodeExecutionStack: [{ node, data: { main: workflowData }, source: null }],
			},
		});
		const runData = additionalDataFor(mode);
		executions.push(
			new WorkflowExecute(runData, mode, runExecutionData)
				.processRunExecutionData(workflow)
				.then(
					(run) => {
						if (!answered && responseOptions.responseMode === 'lastNode')
							sendLastNodeResponse(res, run, responseOptions);
						return run;
					},
					(error: unknown) => {
						// n8n answers a run that threw with its error answer, then reports the error.
						if (!answered && responseOptions.responseMode === 'lastNode' && !res.headersSent)
							send(res, 500, { code: 0, message: 'There was a problem executing the workflow' });
						throw error;
					},
				)
				.then((run) => ({
					items: workflowData[0] ?? [],
					run,
					outputOf: (nodeName: string) =>
						run.data.resultData.runData[nodeName]?.at(-1)?.data?.main?.[0] ?? [],
				})),
		);
	}

	const server: Server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			webhookErrors.push(error as Error);
			if (!res.headersSent) sendJson(res, 500, { message: 'harness error' });
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

	return {
		url: `${base}/webhook${webhookPath}`,
		testUrl: `${base}/webhook-test${webhookPath}`,
		started: () => executions.length,
		async waitForExecutions(count, timeoutMs = 20_000) {
			const deadline = Date.now() + timeoutMs;
			while (executions.length < count && Date.now() < deadline)
				await new Promise((r) => setTimeout(r, 10));
			if (executions.length !== count)
				throw new UnexpectedError(`Expected ${count} executions, ${executions.length} started`);
			return await Promise.all(executions);
		},
		async lifecycle(method, activation = 'activate', test = false) {
			const additionalData = additionalDataFor(test ? 'manual' : 'webhook');
			const context = new HookContext(
				workflow,
				node,
				additionalData,
				test ? 'manual' : 'webhook',
				activation,
				webhookData(test, additionalData),
			);
			return await nodeType.webhookMethods!.default![method]!.call(context);
		},
		staticData: () => workflow.staticData,
		webhookErrors,
		close: () =>
			new Promise<void>((resolve) => {
				server.close(() => resolve());
				server.closeAllConnections();
			}),
	};
}

/**
 * A workflow file whose start node is a webhook trigger (an example, say), served as n8n would serve
 * it once published: the trigger keeps its name, the other nodes run after it.
 */
export async function serveWorkflow(
	h: Harness,
	workflow: { nodes: INode[]; connections: IConnections },
): Promise<ServedTrigger> {
	const isTrigger = (node: INode) =>
		Boolean((h.nodeTypes.getByNameAndVersion(node.type) as INodeType).description.webhooks);
	const trigger = workflow.nodes.find(isTrigger);
	if (!trigger) throw new UnexpectedError('The workflow has no webhook trigger');
	return await serveTrigger(h, {
		type: trigger.type,
		name: trigger.name,
		typeVersion: trigger.typeVersion,
		parameters: trigger.parameters,
		credentials: trigger.credentials as Record<string, CredentialRef>,
		downstream: {
			nodes: workflow.nodes.filter((node) => node !== trigger),
			connections: workflow.connections,
		},
	});
}
