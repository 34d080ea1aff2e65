import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { optionsCollection, returnAllAndLimit } from '../../../../shared/descriptions';
import { foreignOriginProblem } from '../../../../shared/endpoint';
import { sendRequest } from '../../../../shared/http/transport';
import { connectSignalWire } from '../../../../shared/signalwire/client';
import { readId } from '../../../../shared/validation';
import { messageSidProperty } from './sids';

const show = { resource: ['messageMedia'], operation: ['getAll'] };
const MAX_PAGE_SIZE = 1000;

export const description: INodeProperties[] = [
	messageSidProperty(show),
	...returnAllAndLimit(show),
	{
		displayName: 'Filters',
		name: 'filters',
		type: 'collection',
		placeholder: 'Add Filter',
		default: {},
		displayOptions: { show },
		options: [
			{
				displayName: 'Created On or After',
				name: 'dateCreatedAfter',
				type: 'dateTime',
				default: '',
				description: 'Only media created on or after this day (DateCreated&gt;)',
			},
			{
				displayName: 'Created On or Before',
				name: 'dateCreatedBefore',
				type: 'dateTime',
				default: '',
				description: 'Only media created on or before this day (DateCreated&lt;)',
			},
			{
				displayName: 'Created On',
				name: 'dateCreated',
				type: 'dateTime',
				default: '',
				description: 'Only media created on this day (DateCreated)',
			},
		],
	},
	optionsCollection(show, [
		{
			displayName: 'Page Size',
			name: 'pageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
			default: MAX_PAGE_SIZE,
			description: 'How many media to ask for per request (at most 1000)',
		},
	]),
];

const DATE_FILTERS: Array<[string, string, string]> = [
	['dateCreated', 'DateCreated', 'Created On'],
	['dateCreatedBefore', 'DateCreated<', 'Created On or Before'],
	['dateCreatedAfter', 'DateCreated>', 'Created On or After'],
];

/** SignalWire compares these filters by calendar day, written YYYY-MM-DD. */
function dateQuery(ctx: IExecuteFunctions, itemIndex: number, query: URLSearchParams): void {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	for (const [field, parameter, label] of DATE_FILTERS) {
		const value = filters[field];
		if (value === undefined || value === '') continue;
		const date = new Date(value as string);
		if (Number.isNaN(date.getTime())) {
			throw new NodeOperationError(ctx.getNode(), `${label} "${String(value)}" is not a date`, {
				itemIndex,
			});
		}
		query.set(parameter, date.toISOString().slice(0, 10));
	}
}

/**
 * GET …/Messages/{MessageSid}/Media.json, following `next_page_uri` exactly as SignalWire returns it
 * (its PageToken included) and stopping as soon as the limit is reached.
 */
export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const messageSid = readId(ctx, itemIndex, 'messageSid', 'Message SID');
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	const pageSize = Math.min(
		MAX_PAGE_SIZE,
		(ctx.getNodeParameter('options.pageSize', itemIndex, 0) as number) ||
			Math.min(limit, MAX_PAGE_SIZE),
	);
	const query = new URLSearchParams({ PageSize: String(pageSize) });
	dateQuery(ctx, itemIndex, query);
	const signalWire = await connectSignalWire(ctx, itemIndex);

	const media: INodeExecutionData[] = [];
	let url: string | undefined = signalWire.mediaUrl(messageSid, undefined, '.json', query);
	while (url && media.length < limit) {
		const page = await sendRequest(ctx, signalWire.transport, { method: 'GET', url }, itemIndex);
		const { media_list: list, next_page_uri: next } = (page.body ?? {}) as {
			media_list?: IDataObject[];
			next_page_uri?: string | null;
		};
		for (const entry of list ?? []) {
			if (media.length >= limit) break;
			media.push({ json: entry });
		}
		url = next ? new URL(next, signalWire.space).href : undefined;
		const problem = url && foreignOriginProblem(url, signalWire.space, 'The next page URI');
		if (problem) throw new NodeOperationError(ctx.getNode(), problem, { itemIndex });
	}
	return media;
}
