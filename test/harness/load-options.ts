/**
 * A picker's list as the n8n editor gets it: packages/cli's DynamicNodeParametersService builds a
 * one-node workflow ("Temp-Node") from the node's current parameters and credentials, and calls the
 * node's `methods.listSearch[method]` with n8n-core's `LoadOptionsContext` as `this`.
 */
import { randomUUID } from 'node:crypto';

import { LoadOptionsContext } from 'n8n-core';
import type {
	INode,
	INodeListSearchResult,
	INodeParameters,
	INodeType,
	IWorkflowBase,
} from 'n8n-workflow';
import { UnexpectedError, Workflow } from 'n8n-workflow';

import type { CredentialRef, Harness } from './index';
import { initRuntime } from './runtime';

export interface ListSearchOptions {
	type: string;
	/** Default the node type's default version. */
	typeVersion?: number;
	/** The `methods.listSearch` key, as the picker's `searchListMethod` names it. */
	method: string;
	/** The node's parameters as the editor holds them while the list is open. */
	parameters?: INodeParameters;
	credentials: Record<string, CredentialRef>;
	/** What the user typed into the list's search box. */
	filter?: string;
	/** The previous page's `paginationToken`. */
	paginationToken?: string;
	/** The parameter whose list is open, e.g. `from`. */
	path?: string;
}

export async function listSearch(
	h: Harness,
	options: ListSearchOptions,
): Promise<INodeListSearchResult> {
	await initRuntime();
	const nodeType = h.nodeTypes.getByNameAndVersion(options.type, options.typeVersion) as INodeType;
	const method = nodeType.methods?.listSearch?.[options.method];
	if (typeof method !== 'function')
		throw new UnexpectedError(`${options.type} has no listSearch method "${options.method}"`);
	const { defaultVersion, version } = nodeType.description;
	const parameters = options.parameters ?? {};
	const node: INode = {
		id: randomUUID(),
		name: 'Temp-Node',
		type: options.type,
		typeVersion:
			options.typeVersion ??
			defaultVersion ??
			(Array.isArray(version) ? Math.max(...version) : version),
		position: [0, 0],
		parameters,
		credentials: options.credentials,
	};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: h.nodeTypes,
	});
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
	const additionalData = h.executionAdditionalData(workflowData, 'internal', randomUUID());
	additionalData.currentNodeParameters = parameters;
	const context = new LoadOptionsContext(
		workflow,
		workflow.getNode('Temp-Node')!,
		additionalData,
		options.path ?? '',
	);
	return await method.call(context, options.filter, options.paginationToken);
}
