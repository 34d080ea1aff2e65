import { ACS_API_VERSIONS, acsOptions, readId } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { chatMessageIdProperty, chatThreadIdProperties } from './chatThreadId';

/** DELETE /chat/threads/{threadId}/messages/{messageId} (204). */
export const deleteMessage: Operation = {
	option: {
		name: 'Delete',
		action: 'Delete a chat message',
		description: 'Delete a message the chat user sent',
	},
	properties: [...chatThreadIdProperties, chatMessageIdProperty, acsOptions(ACS_API_VERSIONS.chat)],
	async execute(ctx, itemIndex) {
		const threadId = readId(ctx, itemIndex, 'chatThreadId', 'Chat Thread ID');
		const messageId = readId(ctx, itemIndex, 'chatMessageId', 'Chat Message ID');
		const acs = await connectAcs(ctx, itemIndex, 'chat');
		await acs.request({
			method: 'DELETE',
			path: ['chat', 'threads', threadId, 'messages', messageId],
			responseType: 'none',
		});
		return [{ json: { id: messageId, chatThreadId: threadId, deleted: true } }];
	},
};
