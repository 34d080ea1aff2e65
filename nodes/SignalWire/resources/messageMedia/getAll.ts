import { optionsCollection, pageSizeOption, returnAllAndLimit } from '../../helpers';
import {
	collectPages,
	connectSignalWire,
	readPaging,
	signalWirePage,
	type Operation,
} from '../../transport';
import { dayFilterProperties, readDayFilters, type DayFilter } from '../../dayFilters';
import { messageSidProperties, readMessageSid } from './mediaSids';

const CREATED: DayFilter = { parameter: 'DateCreated', verb: 'Created', what: 'media' };

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
		...messageSidProperties,
		...returnAllAndLimit(),
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'collection',
			placeholder: 'Add Filter',
			default: {},
			options: dayFilterProperties(CREATED),
		},
		optionsCollection([pageSizeOption('pageSize', MAX_PAGE_SIZE, 'media')]),
	],
	async execute(ctx, itemIndex) {
		const messageSid = readMessageSid(ctx, itemIndex);
		const { limit, pageSize } = readPaging(ctx, itemIndex, 'pageSize', MAX_PAGE_SIZE);
		const query = { PageSize: pageSize, ...readDayFilters(ctx, itemIndex, CREATED) };
		const signalWire = await connectSignalWire(ctx, itemIndex);
		return await collectPages(
			ctx,
			itemIndex,
			signalWire,
			{ method: 'GET', path: ['Messages', messageSid, 'Media'], suffix: '.json', query },
			signalWirePage('media_list'),
			limit,
		);
	},
};
