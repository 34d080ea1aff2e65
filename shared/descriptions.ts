import type { INodeProperties } from 'n8n-workflow';

import { reliabilityOptions } from './reliability';

/**
 * Parameters several operations share. They carry no resource or operation display options: the
 * resource registry (resources.ts) adds those for the operation that lists them.
 */

/** Return All / Limit, as n8n's list operations present them (read by paging.ts). */
export function returnAllAndLimit(): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
	];
}

/** The Page Size option of a list operation (read by paging.ts's readPaging). */
export function pageSizeOption(name: string, maxPageSize: number, what: string): INodeProperties {
	return {
		displayName: 'Page Size',
		name,
		type: 'number',
		typeOptions: { minValue: 1, maxValue: maxPageSize },
		default: maxPageSize,
		description: `How many ${what} to ask for per request (at most ${maxPageSize})`,
	};
}

export function binaryPropertyNameProperty(): INodeProperties {
	return {
		displayName: 'Put Output File in Field',
		name: 'binaryPropertyName',
		type: 'string',
		required: true,
		default: 'data',
		hint: 'The name of the output binary field to put the file in',
	};
}

/** The `options` collection of an operation: its own settings first, then retries and timeout. */
export function optionsCollection(options: INodeProperties[] = []): INodeProperties {
	return {
		displayName: 'Options',
		name: 'options',
		type: 'collection',
		placeholder: 'Add Option',
		default: {},
		options: [...options, ...reliabilityOptions],
	};
}
