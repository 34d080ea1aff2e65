import {
	NodeApiError,
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { readMaxConcurrency } from './reliability';

/**
 * Runs one handler per input item with bounded concurrency, and returns the outputs in input order.
 * With Continue On Fail, a failing item becomes one error item in its place; without it, the first
 * failure in input order stops the node once the requests already in flight have settled.
 */

type ItemHandler = (itemIndex: number) => Promise<INodeExecutionData[]>;

/**
 * An error item in n8n's shape (`json.error` plus `details`, which the engine routes to the error output
 * when the node is set to do so), carrying the service's code and HTTP status for the next node.
 */
function errorItem(
	error: NodeApiError | NodeOperationError,
	itemIndex: number,
): INodeExecutionData {
	const details: IDataObject = {};
	if (error.description) details.description = error.description;
	if (error instanceof NodeApiError) {
		if (error.httpCode) details.httpStatus = Number(error.httpCode);
		const response = error.errorResponse as IDataObject | undefined;
		const code = response?.code ?? response?.networkError;
		if (code) details.code = code;
	}
	return { json: { error: error.message, details }, pairedItem: { item: itemIndex } };
}

function asNodeError(
	ctx: IExecuteFunctions,
	error: unknown,
	itemIndex: number,
): NodeApiError | NodeOperationError {
	if (error instanceof NodeApiError || error instanceof NodeOperationError) {
		error.context.itemIndex = itemIndex;
		return error;
	}
	const message = error instanceof Error ? error.message : String(error);
	return new NodeOperationError(ctx.getNode(), message, { itemIndex });
}

export async function runForEachItem(
	ctx: IExecuteFunctions,
	handler: ItemHandler,
	maxConcurrency: number,
): Promise<INodeExecutionData[][]> {
	const itemCount = ctx.getInputData().length;
	const results: INodeExecutionData[][] = new Array(itemCount);
	const continueOnFail = ctx.continueOnFail();
	const failures = new Map<number, NodeApiError | NodeOperationError>();
	let next = 0;

	const worker = async () => {
		while (next < itemCount && failures.size === 0) {
			const itemIndex = next++;
			try {
				results[itemIndex] = (await handler(itemIndex)).map((item) => ({
					...item,
					pairedItem: { item: itemIndex },
				}));
			} catch (error) {
				const nodeError = asNodeError(ctx, error, itemIndex);
				if (continueOnFail) results[itemIndex] = [errorItem(nodeError, itemIndex)];
				else failures.set(itemIndex, nodeError);
			}
		}
	};
	await Promise.all(
		Array.from({ length: Math.max(1, Math.min(maxConcurrency, itemCount)) }, worker),
	);
	if (failures.size > 0) throw failures.get(Math.min(...failures.keys()));
	return [results.flat()];
}

/** Adapts a per-item operation to n8n's `customOperations` signature. */
export function forEachItem(
	operation: (ctx: IExecuteFunctions, itemIndex: number) => Promise<INodeExecutionData[]>,
): (this: IExecuteFunctions) => Promise<INodeExecutionData[][]> {
	return async function (this: IExecuteFunctions) {
		return await runForEachItem(
			this,
			async (itemIndex) => await operation(this, itemIndex),
			readMaxConcurrency(this),
		);
	};
}
