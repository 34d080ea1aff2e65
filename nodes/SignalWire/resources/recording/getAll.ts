import type { IDataObject } from 'n8n-workflow';

import { optionsCollection, pageSizeOption, readId, returnAllAndLimit } from '../../helpers';
import {
	collectPages,
	connectSignalWire,
	readPaging,
	signalWirePage,
	type Operation,
} from '../../transport';
import { dayFilterProperties, readDayFilters, type DayFilter } from '../../dayFilters';

const CREATED: DayFilter = { parameter: 'DateCreated', verb: 'Created', what: 'recordings' };
const MAX_PAGE_SIZE = 1000;

/** GET …/Recordings.json, newest first, optionally of one call, following `next_page_uri`. */
export const getAll: Operation = {
	option: {
		name: 'Get Many',
		action: 'Get many recordings',
		description: 'List the recordings of the project or of one call',
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
					displayName: 'Call SID',
					name: 'callSid',
					type: 'string',
					default: '',
					placeholder: 'e.g. 2ab6b1a6-1b68-4ff1-8b04-c4d0a5b1d0b4',
					description: 'Only the recordings of this call',
				},
				...dayFilterProperties(CREATED),
			],
		},
		optionsCollection([pageSizeOption('pageSize', MAX_PAGE_SIZE, 'recordings')]),
	],
	async execute(ctx, itemIndex) {
		const { limit, pageSize } = readPaging(ctx, itemIndex, 'pageSize', MAX_PAGE_SIZE);
		const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
		const callSid =
			filters.callSid === undefined || filters.callSid === ''
				? undefined
				: readId(ctx, itemIndex, 'filters.callSid', 'Filters: Call SID');
		const query = {
			PageSize: pageSize,
			CallSid: callSid,
			...readDayFilters(ctx, itemIndex, CREATED),
		};
		const signalWire = await connectSignalWire(ctx, itemIndex);
		return await collectPages(
			ctx,
			itemIndex,
			signalWire,
			{ method: 'GET', path: ['Recordings'], suffix: '.json', query },
			signalWirePage('recordings'),
			limit,
		);
	},
};
