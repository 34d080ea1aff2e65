/**
 * Runs a node's picker list (`methods.listSearch`) or options list (`methods.loadOptions`) in n8n-core's
 * real LoadOptionsContext, as the editor's load-options request does: the node's current parameters in
 * `additionalData.currentNodeParameters`, credentials through the harness's credentials helper.
 */
import { randomUUID } from 'node:crypto';

import { LoadOptionsContext } from 'n8n-core';
import type {
	INode,
	INodeCredentials,
	INodeListSearchResult,
	INodeParameters,
	INodePropertyOptions,
	INodeType,
	IWorkflowBase,
} from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import type { Harness } from './index';
import { initRuntime } from './runtime';

export interface LoadOptionsRequest {
	type: string;
	typeVersion?: number;
	parameters: INodeParameters;
	credentials?: INodeCredentials;
	/** The parameter the list is for, e.g. `templateName`. */
	parameter: string;
}

async function contextFor(h: Harness, request: LoadOptionsRequest) {
	await initRuntime();
	const node: INode = {
		id: randomUUID(),
		name: 'Node',
		type: request.type,
		typeVersion: request.typeVersion ?? 1,
		position: [0, 0],
		parameters: request.parameters,
		credentials: request.credentials,
	};
	const workflowData = {
		id: `load-options-${randomUUID().slice(0, 8)}`,
		name: 'Load options',
		active: false,
		isArchived: false,
		activeVersionId: null,
		nodes: [node],
		connections: {},
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
	} as unknown as IWorkflowBase;
	const workflow = new Workflow({
		id: workflowData.id,
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: h.nodeTypes,
	});
	const additionalData = h.executionAdditionalData(workflowData, 'internal', randomUUID());
	additionalData.currentNodeParameters = request.parameters;
	const nodeType = h.nodeTypes.getByNameAndVersion(request.type, node.typeVersion) as INodeType;
	const context = new LoadOptionsContext(
		workflow,
		workflow.getNode(node.name)!,
		additionalData,
		`parameters.${request.parameter}`,
	);
	return { context, nodeType };
}

export async function listSearch(
	h: Harness,
	request: LoadOptionsRequest & { method: string; filter?: string; paginationToken?: string },
): Promise<INodeListSearchResult> {
	const { context, nodeType } = await contextFor(h, request);
	const method = nodeType.methods?.listSearch?.[request.method];
	if (!method) throw new UnexpectedError(`${request.type} has no listSearch ${request.method}`);
	return await method.call(context, request.filter, request.paginationToken);
}

export async function loadOptions(
	h: Harness,
	request: LoadOptionsRequest & { method: string },
): Promise<INodePropertyOptions[]> {
	const { context, nodeType } = await contextFor(h, request);
	const method = nodeType.methods?.loadOptions?.[request.method];
	if (!method) throw new UnexpectedError(`${request.type} has no loadOptions ${request.method}`);
	return await method.call(context);
}
