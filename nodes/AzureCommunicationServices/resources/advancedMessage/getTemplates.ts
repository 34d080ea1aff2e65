import {
	ACS_API_VERSIONS,
	acsOptions,
	pageSizeOption,
	readId,
	returnAllAndLimit,
} from '../../helpers';
import { azurePage, collectPages, connectAcs, readPaging, type Operation } from '../../transport';
import { channelRegistrationIdProperty } from './channelRegistrationId';

const MAX_PAGE_SIZE = 100;

/** GET /messages/channels/{channelId}/templates, following each `nextLink`: one item per template. */
export const getTemplates: Operation = {
	option: {
		name: 'Get Templates',
		action: 'Get WhatsApp templates',
		description:
			'List the WhatsApp templates of a channel with their name, language, status and content',
	},
	properties: [
		channelRegistrationIdProperty,
		...returnAllAndLimit(),
		acsOptions(ACS_API_VERSIONS.messages, [
			pageSizeOption('maxpagesize', MAX_PAGE_SIZE, 'templates'),
		]),
	],
	async execute(ctx, itemIndex) {
		const channelId = readId(ctx, itemIndex, 'channelRegistrationId', 'Channel Registration ID');
		const { limit, pageSize } = readPaging(ctx, itemIndex, 'maxpagesize', MAX_PAGE_SIZE);
		const acs = await connectAcs(ctx, itemIndex, 'messages');
		return await collectPages(
			ctx,
			itemIndex,
			acs,
			{
				method: 'GET',
				path: ['messages', 'channels', channelId, 'templates'],
				query: { maxpagesize: pageSize },
			},
			azurePage,
			limit,
		);
	},
};
