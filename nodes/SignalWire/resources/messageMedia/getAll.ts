import { NodeOperationError, type IDataObject, type IExecuteFunctions } from 'n8n-workflow';

import { optionsCollection, pageSizeOption, readId, returnAllAndLimit } from '../../helpers';
import { collectPages, connectSignalWire, readPaging, type Operation } from '../../transport';
import { messageSidProperty } from './mediaSids';

const MAX_PAGE_SIZE = 1000;

/**
 * GET …/Messages/{MessageSid}/Media.json, following `next_page_uri` exactly as SignalWire returns it
 * (its PageToken included) and stopping as soon as the limit is reached.
 */
export const getAll: Operation = {
	option: {
		name: 'Get Many',
		action: 'Get many message media',
		description: 'List the media of a message',
	},
	properties: [
		messageSidProperty,
		...returnAllAndLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
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
		optionsCollection([pageSizeOption('pageSize', MAX_PAGE_SIZE, 'media')]),
	],
	async execute(ctx, itemIndex) {
		const messageSid = readId(ctx, itemIndex, 'messageSid', 'Message SID');
		const { limit, pageSize } = readPaging(ctx, itemIndex, 'pageSize', MAX_PAGE_SIZE);
		const query = { PageSize: pageSize, ...readDateFilters(ctx, itemIndex) };
		const signalWire = await connectSignalWire(ctx, itemIndex);
		return await collectPages(
			ctx,
			itemIndex,
			signalWire,
			{ method: 'GET', path: ['Messages', messageSid, 'Media'], suffix: '.json', query },
			(body) => {
				const page = body as { media_list?: IDataObject[]; next_page_uri?: string | null };
				return { items: page.media_list ?? [], next: page.next_page_uri };
			},
			limit,
		);
	},
};

const DATE_FILTERS: Array<[string, string, string]> = [
	['dateCreated', 'DateCreated', 'Created On'],
	['dateCreatedBefore', 'DateCreated<', 'Created On or Before'],
	['dateCreatedAfter', 'DateCreated>', 'Created On or After'],
];

/** SignalWire compares these filters by calendar day, written YYYY-MM-DD. */
function readDateFilters(ctx: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const query: Record<string, string> = {};
	for (const [field, parameter, label] of DATE_FILTERS) {
		const value = filters[field];
		if (value === undefined || value === '') continue;
		const date = new Date(value as string);
		if (Number.isNaN(date.getTime())) {
			throw new NodeOperationError(ctx.getNode(), `${label} "${String(value)}" is not a date`, {
				itemIndex,
			});
		}
		query[parameter] = date.toISOString().slice(0, 10);
	}
	return query;
}
