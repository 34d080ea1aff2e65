/* eslint-disable @n8n/community-nodes/no-restricted-globals, @n8n/community-nodes/no-restricted-imports -- dev-only code (tests, emulator): runs on Node and never ships in dist */
/**
 * Test harness running nodes through n8n's real execution engine (n8n-core WorkflowExecute),
 * with real HTTP, the real filesystem BinaryDataService, and a production-like credentials helper.
 *
 *   const h = createHarness({ nodeTypes: [{ name: 'myNode', type: new MyNode() }], credentialTypes: [new MyApi()] });
 *   const cred = h.addCredential('myApi', { apiKey: 'k' });
 *   const result = await h.runNode({ type: 'myNode', parameters: {...}, credentials: { myApi: cred } });
 *   await h.close();
 */
import './setup-env';

import { randomUUID } from 'node:crypto';
import type { Readable } from 'node:stream';

import {
	BinaryDataService,
	ExecutionLifecycleHooks,
	ExternalSecretsProxy,
	WorkflowExecute,
} from 'n8n-core';
import type {
	ExecutionError,
	ICredentialDataDecryptedObject,
	ICredentialType,
	IConnections,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	IWorkflowSettings,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';
import { HttpBasicAuth } from 'n8n-nodes-base/dist/credentials/HttpBasicAuth.credentials';
import { HttpHeaderAuth } from 'n8n-nodes-base/dist/credentials/HttpHeaderAuth.credentials';
import { HttpQueryAuth } from 'n8n-nodes-base/dist/credentials/HttpQueryAuth.credentials';
import { OAuth2Api } from 'n8n-nodes-base/dist/credentials/OAuth2Api.credentials';
import { ManualTrigger } from 'n8n-nodes-base/dist/nodes/ManualTrigger/ManualTrigger.node';

import { CredentialStore, HarnessCredentialsHelper } from './credentials-helper';
import { createItemsSourceNode, ITEMS_NODE_TYPE } from './items-node';
import type { HarnessInputItem } from './items-node';
import type { LogEntry } from './logger';
import { Container } from './n8n-deps';
import { CredentialTypesRegistry, NodeTypesRegistry } from './registries';
import { capturingLogger, harnessClosed, harnessOpened, initRuntime } from './runtime';

export type { HarnessBinaryInput, HarnessInputItem } from './items-node';
export { ITEMS_NODE_TYPE } from './items-node';
export type { LogEntry } from './logger';
export { Container } from './n8n-deps';
export { harnessEnv } from './setup-env';

export const MANUAL_TRIGGER_NODE_TYPE = 'n8n-nodes-base.manualTrigger';
export const DEFAULT_TIMEOUT_MS = 25_000;

export interface HarnessNodeType {
	/** Node type name as used in workflows, e.g. 'azureCommunicationServices' or 'n8n-nodes-base.httpRequest'. */
	name: string;
	type: INodeType | IVersionedNodeType;
}

export interface HarnessOptions {
	nodeTypes: HarnessNodeType[];
	credentialTypes: ICredentialType[];
}

export interface CredentialRef {
	id: string;
	name: string;
}

export interface RunNodeOptions {
	type: string;
	/** Defaults to the node type's default (latest) version. */
	typeVersion?: number;
	parameters: INodeParameters;
	credentials?: Record<string, CredentialRef>;
	/** Items emitted by the "Input" node; default one empty item. */
	items?: HarnessInputItem[];
	/** Sets `onError: 'continueRegularOutput'` on the node, as the n8n editor does. */
	continueOnFail?: boolean;
	timeoutMs?: number;
	/** Extra INode fields for the node under test (retryOnFail, alwaysOutputData, ...). */
	node?: Partial<Omit<INode, 'parameters' | 'type' | 'typeVersion' | 'credentials'>>;
	mode?: WorkflowExecuteMode;
}

export interface RunWorkflowOptions {
	nodes: INode[];
	connections: IConnections;
	/** Name of the node to start from; default the first node in `nodes`. */
	startNode?: string;
	settings?: IWorkflowSettings;
	timeoutMs?: number;
	mode?: WorkflowExecuteMode;
}

export interface RunWorkflowResult {
	data: IRun;
	/** Main output 0 of the node's last run ([] if it did not run or produced nothing). */
	outputOf(nodeName: string): INodeExecutionData[];
	error?: ExecutionError;
}

export interface RunResult {
	/** Output items of "Node" (main output 0), pairedItem preserved. */
	items: INodeExecutionData[];
	/**
	 * Set when the run failed (the node threw without continueOnFail). Like in n8n, this is a
	 * plain-object copy of the thrown error (own fields + message + stack; `name`, `httpCode`,
	 * `description`, `context` survive), not the instance: check `error.name`, not instanceof.
	 */
	error?: ExecutionError;
	/** Binary content through n8n's BinaryDataService (getBinaryDataBuffer semantics). */
	binary(item: INodeExecutionData, property?: string): Promise<Buffer>;
	binaryStream(item: INodeExecutionData, property?: string): Promise<Readable>;
	run: IRun;
}

export interface Harness {
	/** Stores a credential and returns the reference to put on nodes. */
	addCredential(type: string, data: ICredentialDataDecryptedObject, name?: string): CredentialRef;
	/** Current stored data (n8n may have updated it: OAuth tokens, preAuthentication results). */
	getCredentialData(id: string): ICredentialDataDecryptedObject;
	runNode(opts: RunNodeOptions): Promise<RunResult>;
	runWorkflow(opts: RunWorkflowOptions): Promise<RunWorkflowResult>;
	/**
	 * The `additionalData` of one execution of `workflowData` (hooks, credentials helper, base URLs), for
	 * drivers that run n8n-core themselves (the webhook harness); its binary data is removed on close().
	 */
	executionAdditionalData(
		workflowData: IWorkflowBase,
		mode: WorkflowExecuteMode,
		executionId: string,
	): IWorkflowExecuteAdditionalData;
	/** Everything n8n's loggers received (all harnesses of this test file share one logger). */
	logs(): LogEntry[];
	close(): Promise<void>;
	readonly credentialsHelper: HarnessCredentialsHelper;
	readonly nodeTypes: NodeTypesRegistry;
	readonly credentialTypes: CredentialTypesRegistry;
}

/** Reads binary data the way n8n's `getBinaryDataBuffer` does (stored by id, or inline base64). */
export async function readBinary(item: INodeExecutionData, property = 'data'): Promise<Buffer> {
	const binaryData = item.binary?.[property];
	if (!binaryData) throw new UnexpectedError(`Item has no binary property "${property}"`);
	return await Container.get(BinaryDataService).getAsBuffer(binaryData);
}

/** Streams binary data like `this.helpers.getBinaryStream` (or from inline base64). */
export async function readBinaryStream(
	item: INodeExecutionData,
	property = 'data',
): Promise<Readable> {
	const binaryData = item.binary?.[property];
	if (!binaryData) throw new UnexpectedError(`Item has no binary property "${property}"`);
	if (binaryData.id) return await Container.get(BinaryDataService).getAsStream(binaryData.id);
	const { Readable: ReadableStream } = await import('node:stream');
	return ReadableStream.from([await Container.get(BinaryDataService).getAsBuffer(binaryData)]);
}

function defaultVersion(type: INodeType | IVersionedNodeType): number {
	if ('nodeVersions' in type) return type.currentVersion;
	const { version } = type.description;
	return Array.isArray(version) ? Math.max(...version) : version;
}

let runCounter = 0;

export function createHarness(options: HarnessOptions): Harness {
	harnessOpened();

	const nodeTypes = new NodeTypesRegistry();
	const items = createItemsSourceNode();
	nodeTypes.add(ITEMS_NODE_TYPE, items.nodeType);
	nodeTypes.add(MANUAL_TRIGGER_NODE_TYPE, new ManualTrigger());
	for (const { name, type } of options.nodeTypes) nodeTypes.add(name, type);

	const credentialTypes = new CredentialTypesRegistry(nodeTypes);
	for (const type of [
		new OAuth2Api(),
		new HttpHeaderAuth(),
		new HttpBasicAuth(),
		new HttpQueryAuth(),
	]) {
		credentialTypes.add(type);
	}
	for (const type of options.credentialTypes) credentialTypes.add(type);

	const store = new CredentialStore();
	const credentialsHelper = new HarnessCredentialsHelper(credentialTypes, store);
	const executions: Array<{ workflowId: string; executionId: string }> = [];
	let closed = false;

	function buildAdditionalData(
		hooks: ExecutionLifecycleHooks,
		executionId: string,
		workflowId: string,
	): IWorkflowExecuteAdditionalData {
		const baseUrl = 'http://localhost:5678';
		const notAvailable = (what: string) => async () => {
			throw new UnexpectedError(`${what} is not available in the test harness`);
		};
		return {
			credentialsHelper,
			hooks,
			executionId,
			workflowId,
			userId: 'harness-user',
			projectId: 'harness-project',
			currentNodeExecutionIndex: 0,
			restApiUrl: `${baseUrl}/rest`,
			instanceBaseUrl: `${baseUrl}/`,
			formBaseUrl: `${baseUrl}/form`,
			formWaitingBaseUrl: `${baseUrl}/form-waiting`,
			formTestBaseUrl: `${baseUrl}/form-test`,
			webhookBaseUrl: `${baseUrl}/webhook`,
			webhookWaitingBaseUrl: `${baseUrl}/webhook-waiting`,
			webhookTestBaseUrl: `${baseUrl}/webhook-test`,
			mcpBaseUrl: `${baseUrl}/mcp`,
			mcpTestBaseUrl: `${baseUrl}/mcp-test`,
			variables: {},
			externalSecretsProxy: Container.get(ExternalSecretsProxy),
			logAiEvent: () => {},
			executeWorkflow: notAvailable('Executing sub-workflows'),
			getRunExecutionData: async () => undefined,
			getRuntimeCredential: async () => undefined,
			startRunnerTask: notAvailable('The task runner (Code node)'),
		} as IWorkflowExecuteAdditionalData;
	}

	async function runWorkflow(opts: RunWorkflowOptions): Promise<RunWorkflowResult> {
		if (closed) throw new UnexpectedError('Harness is closed');
		await initRuntime();

		const mode = opts.mode ?? 'manual';
		const n = ++runCounter;
		const workflowId = `harness-wf-${n}`;
		const executionId = String(n);
		executions.push({ workflowId, executionId });

		const workflowData: IWorkflowBase = {
			id: workflowId,
			name: `Harness workflow ${n}`,
			active: false,
			isArchived: false,
			activeVersionId: null,
			nodes: opts.nodes,
			connections: opts.connections,
			settings: { executionOrder: 'v1', ...opts.settings },
			createdAt: new Date(),
			updatedAt: new Date(),
		} as IWorkflowBase;
		const workflow = new Workflow({
			id: workflowId,
			name: workflowData.name,
			nodes: opts.nodes,
			connections: opts.connections,
			active: false,
			nodeTypes,
			staticData: {},
			settings: workflowData.settings,
		});
		const startName = opts.startNode ?? opts.nodes[0]?.name;
		const startNode = startName === undefined ? undefined : workflow.getNode(startName);
		if (!startNode) throw new UnexpectedError(`Start node "${startName}" not found`);

		const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
		const additionalData = buildAdditionalData(hooks, executionId, workflowId);
		const execution = new WorkflowExecute(additionalData, mode).run({ workflow, startNode });

		const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
		let timer: NodeJS.Timeout | undefined;
		const timeout = new Promise<'timeout'>((resolve) => {
			timer = setTimeout(() => resolve('timeout'), timeoutMs);
		});
		const outcome = await Promise.race([execution, timeout]).finally(() => clearTimeout(timer));
		if (outcome === 'timeout') {
			execution.cancel();
			throw new UnexpectedError(`Workflow run did not finish within ${timeoutMs} ms`);
		}
		const run = outcome;
		return {
			data: run,
			error: run.data.resultData.error,
			outputOf(nodeName: string) {
				const taskData = run.data.resultData.runData[nodeName];
				return taskData?.at(-1)?.data?.main?.[0] ?? [];
			},
		};
	}

	async function runNode(opts: RunNodeOptions): Promise<RunResult> {
		const type = nodeTypes.getByName(opts.type);
		const key = randomUUID();
		items.pending.set(key, opts.items ?? [{}]);
		try {
			const nodes: INode[] = [
				{
					id: randomUUID(),
					name: 'Input',
					type: ITEMS_NODE_TYPE,
					typeVersion: 1,
					position: [0, 0],
					parameters: { key },
				},
				{
					id: randomUUID(),
					name: 'Node',
					...opts.node,
					type: opts.type,
					typeVersion: opts.typeVersion ?? defaultVersion(type),
					position: [200, 0],
					parameters: opts.parameters,
					...(opts.credentials && { credentials: opts.credentials }),
					...(opts.continueOnFail && { onError: 'continueRegularOutput' as const }),
				},
			];
			const connections: IConnections = {
				Input: { main: [[{ node: 'Node', type: 'main', index: 0 }]] },
			};
			const result = await runWorkflow({
				nodes,
				connections,
				startNode: 'Input',
				timeoutMs: opts.timeoutMs,
				mode: opts.mode,
			});
			return {
				items: result.outputOf('Node'),
				error: result.error,
				run: result.data,
				binary: readBinary,
				binaryStream: readBinaryStream,
			};
		} finally {
			items.pending.delete(key);
		}
	}

	return {
		credentialsHelper,
		nodeTypes,
		credentialTypes,
		addCredential(type: string, data: ICredentialDataDecryptedObject, name?: string) {
			if (!credentialTypes.recognizes(type)) {
				throw new UnexpectedError(`Unknown credential type "${type}"`);
			}
			const entry = store.add(type, data, name);
			return { id: entry.id, name: entry.name };
		},
		getCredentialData: (id: string) => store.getData(id),
		executionAdditionalData(workflowData, mode, executionId) {
			const workflowId = String(workflowData.id);
			executions.push({ workflowId, executionId });
			const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
			return buildAdditionalData(hooks, executionId, workflowId);
		},
		runNode,
		runWorkflow,
		logs: () => capturingLogger.all(),
		async close() {
			if (closed) return;
			closed = true;
			try {
				await Container.get(BinaryDataService).deleteMany(
					executions.map((e) => ({ type: 'execution' as const, ...e })),
				);
			} catch {
				// The folders are removed below anyway.
			}
			harnessClosed();
		},
	};
}
