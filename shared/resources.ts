import {
	updateDisplayOptions,
	type IDisplayOptions,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
	type INodePropertyOptions,
} from 'n8n-workflow';

import { forEachItem } from './items';

/**
 * A node's resources and operations, each registered once: an operation is one file exporting an
 * `Operation`, listed in its resource's `operations` map. The node's Resource and Operation selectors,
 * the display options of every operation's parameters, the Authentication selectors and the node's
 * `customOperations` are all derived from the list of resources.
 */

type OperationHandler = (
	ctx: IExecuteFunctions,
	itemIndex: number,
) => Promise<INodeExecutionData[]>;

export interface Operation {
	/** The Operation option shown in the editor; its value is the operation's key in the resource map. */
	option: { name: string; action: string; description: string };
	/** The operation's own parameters; they are shown for this resource and operation only. */
	properties: INodeProperties[];
	execute: OperationHandler;
	/** False for operations of no use to an AI agent, such as a file download. */
	usableAsTool?: false;
}

export interface Resource {
	value: string;
	name: string;
	description?: string;
	/** The first one is the default. */
	operations: Record<string, Operation>;
	/** Parameters shared by all the resource's operations. */
	properties?: INodeProperties[];
	/** The node's Authentication choices this resource works with; the first is the default. */
	authentication?: string[];
}

const TOOL_ONLY = { '@tool': [true] };

function byName<T extends { name: string }>(options: T[]): T[] {
	return [...options].sort((a, b) => a.name.localeCompare(b.name));
}

function isToolOperation(operation: Operation): boolean {
	return operation.usableAsTool !== false;
}

/**
 * A selector that an AI agent sees with fewer options: two parameters of the same name, one for the
 * editor and one for tool use, when some options are not for tools; otherwise one.
 */
function selector(
	base: Omit<INodeProperties, 'options' | 'default' | 'type'>,
	show: NonNullable<IDisplayOptions['show']>,
	options: INodePropertyOptions[],
	toolOptions: INodePropertyOptions[],
	defaults: { all: string; tool?: string },
): INodeProperties[] {
	const property = { ...base, type: 'options' as const, noDataExpression: true };
	if (toolOptions.length === 0 || toolOptions.length === options.length) {
		const displayOptions = Object.keys(show).length > 0 ? { show } : undefined;
		return [{ ...property, options: byName(options), default: defaults.all, displayOptions }];
	}
	return [
		{
			...property,
			options: byName(options),
			default: defaults.all,
			displayOptions: { ...(Object.keys(show).length > 0 && { show }), hide: TOOL_ONLY },
		},
		{
			...property,
			options: byName(toolOptions),
			default: defaults.tool ?? toolOptions[0].value,
			displayOptions: { show: { ...show, ...TOOL_ONLY } },
		},
	];
}

function operationOptions(resource: Resource, toolsOnly: boolean): INodePropertyOptions[] {
	return Object.entries(resource.operations)
		.filter(([, operation]) => !toolsOnly || isToolOperation(operation))
		.map(([value, operation]) => ({ ...operation.option, value }));
}

function resourceParameters(resource: Resource): INodeProperties[] {
	const show = { resource: [resource.value] };
	const [defaultOperation] = Object.keys(resource.operations);
	const toolOptions = operationOptions(resource, true);
	return [
		...selector(
			{ displayName: 'Operation', name: 'operation' },
			show,
			operationOptions(resource, false),
			toolOptions,
			{ all: defaultOperation, tool: toolOptions[0]?.value as string | undefined },
		),
		...updateDisplayOptions({ show }, resource.properties ?? []),
		...Object.entries(resource.operations).flatMap(([value, operation]) =>
			updateDisplayOptions({ show: { ...show, operation: [value] } }, operation.properties),
		),
	];
}

/** The Resource selector, then each resource's Operation selector and parameters. */
export function resourceProperties(
	resources: Resource[],
	defaultResource: string,
): INodeProperties[] {
	const option = (resource: Resource) => ({
		name: resource.name,
		value: resource.value,
		...(resource.description && { description: resource.description }),
	});
	const toolResources = resources.filter((resource) =>
		Object.values(resource.operations).some(isToolOperation),
	);
	return [
		...selector(
			{ displayName: 'Resource', name: 'resource' },
			{},
			resources.map(option),
			toolResources.map(option),
			{ all: defaultResource },
		),
		...resources.flatMap(resourceParameters),
	];
}

/**
 * One Authentication selector per distinct set of choices, each hidden for the resources that do not
 * take it, so that every resource shows exactly one. `hide`, not `show`: the editor hides every
 * parameter named in the `show` of an authentication field (it would hide Resource).
 */
export function authenticationProperties(
	resources: Resource[],
	choices: INodePropertyOptions[],
): INodeProperties[] {
	const groups = new Map<string, { values: string[]; resources: string[] }>();
	for (const resource of resources) {
		const values = resource.authentication ?? [];
		const key = values.join('|');
		const group = groups.get(key) ?? { values, resources: [] };
		group.resources.push(resource.value);
		groups.set(key, group);
	}
	return [...groups.values()].map(({ values, resources: members }) => {
		const others = resources.map((r) => r.value).filter((value) => !members.includes(value));
		return {
			displayName: 'Authentication',
			name: 'authentication',
			type: 'options',
			options: choices.filter((choice) => values.includes(choice.value as string)),
			default: values[0],
			...(others.length > 0 && { displayOptions: { hide: { resource: others } } }),
		};
	});
}

/** n8n's `customOperations`: every operation runs item by item through the shared per-item runner. */
export function customOperations(resources: Resource[]) {
	return Object.fromEntries(
		resources.map((resource) => [
			resource.value,
			Object.fromEntries(
				Object.entries(resource.operations).map(([value, operation]) => [
					value,
					forEachItem(operation.execute),
				]),
			),
		]),
	);
}
