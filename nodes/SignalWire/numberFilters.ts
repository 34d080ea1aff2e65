import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { readPhoneNumber } from './helpers';

/**
 * The To, From and Status filters of a list (messages, calls) as query parameters, in the official
 * client's order; numbers in E.164, the status one of `statuses`.
 */
export function readNumberAndStatusFilters(
	ctx: IExecuteFunctions,
	itemIndex: number,
	statuses: string[],
	what: string,
): Record<string, string> {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const query: Record<string, string> = {};
	for (const [field, parameter, label] of [
		['to', 'To', 'Filters: To'],
		['from', 'From', 'Filters: From'],
	] as const) {
		if (filters[field] === undefined || filters[field] === '') continue;
		query[parameter] = readPhoneNumber(ctx, itemIndex, `filters.${field}`, label);
	}
	if (filters.status !== undefined && filters.status !== '') {
		if (!statuses.includes(String(filters.status)))
			throw new NodeOperationError(
				ctx.getNode(),
				`Status "${String(filters.status)}" is not a ${what} status`,
				{ itemIndex, description: `Use one of: ${statuses.join(', ')}.` },
			);
		query.Status = String(filters.status);
	}
	return query;
}
