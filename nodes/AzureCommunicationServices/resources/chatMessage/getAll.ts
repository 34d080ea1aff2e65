import { NodeOperationError, type IExecuteFunctions } from 'n8n-workflow';

import {
	ACS_API_VERSIONS,
	acsOptions,
	pageSizeOption,
	readId,
	returnAllAndLimit,
} from '../../helpers';
import { azurePage, collectPages, connectAcs, readPaging, type Operation } from '../../transport';
import { chatThreadIdProperties } from './chatThreadId';

const MAX_PAGE_SIZE = 200;

/** GET /chat/threads/{threadId}/messages, newest first, following each `nextLink`. */
export const getAll: Operation = {
	option: {
		name: 'Get Many',
		action: 'Get many chat messages',
		description: 'List the messages of a chat thread, newest first',
	},
	properties: [
		...chatThreadIdProperties,
		...returnAllAndLimit(),
		acsOptions(ACS_API_VERSIONS.chat, [
			{
				displayName: 'Start Time',
				name: 'startTime',
				type: 'dateTime',
				default: '',
				description: 'Only return messages sent at or after this time',
			},
			pageSizeOption('maxPageSize', MAX_PAGE_SIZE, 'messages'),
		]),
	],
	async execute(ctx, itemIndex) {
		const threadId = readId(ctx, itemIndex, 'chatThreadId', 'Chat Thread ID');
		const { limit, pageSize } = readPaging(ctx, itemIndex, 'maxPageSize', MAX_PAGE_SIZE);
		const startTime = readStartTime(ctx, itemIndex);
		const acs = await connectAcs(ctx, itemIndex, 'chat');
		return await collectPages(
			ctx,
			itemIndex,
			acs,
			{
				method: 'GET',
				path: ['chat', 'threads', threadId, 'messages'],
				query: { maxPageSize: pageSize, startTime },
			},
			azurePage,
			limit,
		);
	},
};

function readStartTime(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const value = ctx.getNodeParameter('options.startTime', itemIndex, '') as unknown;
	if (value === '' || value === undefined || value === null) return undefined;
	const time = new Date(value as string);
	if (Number.isNaN(time.getTime())) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Start Time "${String(value)}" is not a date and time`,
			{
				itemIndex,
			},
		);
	}
	return time.toISOString();
}
