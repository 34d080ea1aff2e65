import {
	isResourceLocatorValue,
	type IExecuteFunctions,
	type INodeParameters,
	type NodeParameterValueType,
} from 'n8n-workflow';

/**
 * Parameters without an expression have the same value for every item, so a node run reads them once
 * (Authentication, Options, a fixed ID): with thousands of items, reading them per item is a
 * measurable share of n8n's time (BENCHMARKS.md). A parameter holding an expression anywhere, even
 * deep inside a collection, is read per item as usual.
 */
const valuesPerRun = new WeakMap<IExecuteFunctions, Map<string, unknown>>();
/** Stands in the run's map for a parameter found to hold an expression, so it is not inspected again. */
const READ_PER_ITEM = Symbol('read per item');

function holdsExpression(value: unknown): boolean {
	if (typeof value === 'string') return value.startsWith('=');
	if (Array.isArray(value)) return value.some(holdsExpression);
	if (value && typeof value === 'object') return Object.values(value).some(holdsExpression);
	return false;
}

/** The parameter as stored in the workflow, following a dotted path such as `options.apiVersion`. */
function storedValue(parameters: INodeParameters, path: string): unknown {
	let value: unknown = parameters;
	for (const key of path.split('.')) {
		if (!value || typeof value !== 'object') return undefined;
		value = (value as Record<string, unknown>)[key];
	}
	return value;
}

export function readParameter(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: NodeParameterValueType | object,
): unknown {
	let values = valuesPerRun.get(ctx);
	if (!values) valuesPerRun.set(ctx, (values = new Map()));
	if (values.has(name)) {
		const known = values.get(name);
		return known === READ_PER_ITEM ? parameterValue(ctx, name, itemIndex, fallback) : known;
	}
	const value = parameterValue(ctx, name, itemIndex, fallback);
	values.set(
		name,
		holdsExpression(storedValue(ctx.getNode().parameters, name)) ? READ_PER_ITEM : value,
	);
	return value;
}

/** A picker's value is what its mode selects (By URL: the ID taken from the URL), as for a text field. */
export function parameterValue(
	ctx: IExecuteFunctions,
	name: string,
	itemIndex: number,
	fallback?: NodeParameterValueType | object,
): unknown {
	const value = ctx.getNodeParameter(name, itemIndex, fallback);
	return isResourceLocatorValue(value)
		? ctx.getNodeParameter(name, itemIndex, fallback, { extractValue: true })
		: value;
}
