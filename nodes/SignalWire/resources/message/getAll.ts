import { optionsCollection, pageSizeOption, returnAllAndLimit } from '../../helpers';
import {
	collectPages,
	connectSignalWire,
	readPaging,
	signalWirePage,
	type Operation,
} from '../../transport';
import { dayFilterProperties, readDayFilters, type DayFilter } from '../../dayFilters';
import { readNumberAndStatusFilters } from '../../numberFilters';

const MAX_PAGE_SIZE = 1000;
const SENT: DayFilter = { parameter: 'DateSent', verb: 'Sent', what: 'messages' };
const STATUSES = ['queued', 'initiated', 'sent', 'delivered', 'undelivered', 'failed', 'received'];

/** GET …/Messages.json, newest first, following `next_page_uri` exactly as SignalWire returns it. */
export const getAll: Operation = {
	option: {
		name: 'Get Many',
		action: 'Get many messages',
		description: 'List the messages of the project, filtered by number, status or date sent',
	},
	properties: [
		...returnAllAndLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: [
				{
					displayName: 'From',
					name: 'from',
					type: 'string',
					default: '',
					placeholder: 'e.g. +15551234567',
					description: 'Only messages sent from this number (E.164)',
				},
				...dayFilterProperties(SENT),
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: STATUSES.map((status) => ({
						name: status[0].toUpperCase() + status.slice(1),
						value: status,
					})),
					default: 'delivered',
					description: 'Only messages with this status',
				},
				{
					displayName: 'To',
					name: 'to',
					type: 'string',
					default: '',
					placeholder: 'e.g. +15557654321',
					description: 'Only messages sent to this number (E.164)',
				},
			],
		},
		optionsCollection([pageSizeOption('pageSize', MAX_PAGE_SIZE, 'messages')]),
	],
	async execute(ctx, itemIndex) {
		const { limit, pageSize } = readPaging(ctx, itemIndex, 'pageSize', MAX_PAGE_SIZE);
		const query = {
			PageSize: pageSize,
			...readNumberAndStatusFilters(ctx, itemIndex, STATUSES, 'message'),
			...readDayFilters(ctx, itemIndex, SENT),
		};
		const signalWire = await connectSignalWire(ctx, itemIndex);
		return await collectPages(
			ctx,
			itemIndex,
			signalWire,
			{ method: 'GET', path: ['Messages'], suffix: '.json', query },
			signalWirePage('messages'),
			limit,
		);
	},
};
