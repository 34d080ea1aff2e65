import type { IDataObject } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readId } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { chatMessageIdProperty, chatThreadIdProperties } from './chatThreadId';

/** GET /chat/threads/{threadId}/messages/{messageId}: the ChatMessage exactly as the service returns it. */
export const get: Operation = {
	option: {
		name: 'Get',
		action: 'Get a chat message',
		description: 'Get one message of a chat thread by its ID',
	},
	properties: [...chatThreadIdProperties, chatMessageIdProperty, acsOptions(ACS_API_VERSIONS.chat)],
	async execute(ctx, itemIndex) {
		const threadId = readId(ctx, itemIndex, 'chatThreadId', 'Chat Thread ID');
		const messageId = readId(ctx, itemIndex, 'chatMessageId', 'Chat Message ID');
		const acs = await connectAcs(ctx, itemIndex, 'chat');
		const response = await acs.request({
			method: 'GET',
			path: ['chat', 'threads', threadId, 'messages', messageId],
		});
		return [{ json: response.body as IDataObject }];
	},
};
