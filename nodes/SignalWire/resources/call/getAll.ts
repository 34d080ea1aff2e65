import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { optionsCollection, pageSizeOption, returnAllAndLimit } from '../../helpers';
import { readNumberAndStatusFilters } from '../../numberFilters';
import { dayOf } from '../../dayFilters';
import {
	collectPages,
	connectSignalWire,
	readPaging,
	signalWirePage,
	type Operation,
} from '../../transport';

const MAX_PAGE_SIZE = 1000;
const STATUSES = [
	'queued',
	'ringing',
	'in-progress',
	'canceled',
	'completed',
	'busy',
	'failed',
	'no-answer',
];

/** GET …/Calls.json, newest first, following `next_page_uri` exactly as SignalWire returns it. */
export const getAll: Operation = {
	option: {
		name: 'Get Many',
		action: 'Get many calls',
		description: 'List the calls of the project, filtered by number, status or start time',
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
					description: 'Only calls from this number (E.164)',
				},
				{
					displayName: 'Started After',
					name: 'startedAfter',
					type: 'dateTime',
					default: '',
					description: 'Only calls started on or after this day (StartTime&gt;)',
				},
				{
					displayName: 'Started Before',
					name: 'startedBefore',
					type: 'dateTime',
					default: '',
					description: 'Only calls started on or before this day (StartTime&lt;)',
				},
				{
					displayName: 'Status',
					name: 'status',
					type: 'options',
					options: STATUSES.map((status) => ({
						name: status[0].toUpperCase() + status.slice(1).replace('-', ' '),
						value: status,
					})),
					default: 'completed',
					description: 'Only calls with this status',
				},
				{
					displayName: 'To',
					name: 'to',
					type: 'string',
					default: '',
					placeholder: 'e.g. +15557654321',
					description: 'Only calls to this number (E.164)',
				},
			],
		},
		optionsCollection([pageSizeOption('pageSize', MAX_PAGE_SIZE, 'calls')]),
	],
	async execute(ctx, itemIndex) {
		const { limit, pageSize } = readPaging(ctx, itemIndex, 'pageSize', MAX_PAGE_SIZE);
		const query = { PageSize: pageSize, ...readFilters(ctx, itemIndex) };
		const signalWire = await connectSignalWire(ctx, itemIndex);
		return await collectPages(
			ctx,
			itemIndex,
			signalWire,
			{ method: 'GET', path: ['Calls'], suffix: '.json', query },
			signalWirePage('calls'),
			limit,
		);
	},
};

/** In the official client's order: To, From, Status, StartTime<, StartTime>; days as YYYY-MM-DD. */
function readFilters(ctx: IExecuteFunctions, itemIndex: number): Record<string, string> {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as IDataObject;
	const query = readNumberAndStatusFilters(ctx, itemIndex, STATUSES, 'call');
	for (const [name, label, parameter] of [
		['startedBefore', 'Started Before', 'StartTime<'],
		['startedAfter', 'Started After', 'StartTime>'],
	] as const) {
		if (filters[name] === undefined || filters[name] === '') continue;
		query[parameter] = dayOf(ctx, itemIndex, label, filters[name]);
	}
	return query;
}
