import type { INodeProperties } from 'n8n-workflow';

import { changedInVersion, resourceLocator } from '../../helpers';

const chatThreadIdText: INodeProperties = {
	displayName: 'Chat Thread ID',
	name: 'chatThreadId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 19:a0dfe5fc10e04e9d9b7b3e2d8e2b7f5c@thread.v2',
	description: 'The ID of the chat thread',
};

/** From version 2 a picker listing the Chat User's threads. */
export const chatThreadIdProperties = changedInVersion(
	2,
	chatThreadIdText,
	resourceLocator({
		displayName: 'Chat Thread',
		name: 'chatThreadId',
		description:
			"The chat thread. The list shows the threads the Chat User (or the User Access Token's user) takes part in.",
		searchListMethod: 'searchChatThreads',
		id: { placeholder: 'e.g. 19:a0dfe5fc10e04e9d9b7b3e2d8e2b7f5c@thread.v2' },
	}),
);

export const chatMessageIdProperty: INodeProperties = {
	displayName: 'Chat Message ID',
	name: 'chatMessageId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1591768249318',
	description: 'The ID of the message',
};
