import { NodeOperationError, type IDataObject } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readId } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { chatMessageIdProperty, chatThreadIdProperties } from './chatThreadId';
import { checkChatContent, metadataProperty, readMetadata } from './messageContent';

/** PATCH /chat/threads/{threadId}/messages/{messageId} as a JSON merge patch (204). */
export const update: Operation = {
	option: {
		name: 'Update',
		action: 'Update a chat message',
		description: 'Change the content or metadata of a message the chat user sent',
	},
	properties: [
		...chatThreadIdProperties,
		chatMessageIdProperty,
		{
			displayName: 'Update Fields',
			name: 'updateFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'Content',
					name: 'content',
					type: 'string',
					typeOptions: { rows: 4 },
					default: '',
					description: 'The new message text (at most 28 KB)',
				},
				metadataProperty,
			],
		},
		acsOptions(ACS_API_VERSIONS.chat),
	],
	async execute(ctx, itemIndex) {
		const threadId = readId(ctx, itemIndex, 'chatThreadId', 'Chat Thread ID');
		const messageId = readId(ctx, itemIndex, 'chatMessageId', 'Chat Message ID');
		const fields = ctx.getNodeParameter('updateFields', itemIndex, {}) as IDataObject;
		const patch: IDataObject = {};
		if (fields.content !== undefined)
			patch.content = checkChatContent(ctx, itemIndex, fields.content, 'Update Fields: Content');
		const metadata = readMetadata(ctx, itemIndex, fields.metadata);
		if (metadata) patch.metadata = metadata;
		if (Object.keys(patch).length === 0) {
			throw new NodeOperationError(ctx.getNode(), 'Nothing to update', {
				itemIndex,
				description: 'Add Content or Metadata under Update Fields.',
			});
		}
		const acs = await connectAcs(ctx, itemIndex, 'chat');
		await acs.request({
			method: 'PATCH',
			path: ['chat', 'threads', threadId, 'messages', messageId],
			body: patch,
			headers: { 'content-type': 'application/merge-patch+json' },
			responseType: 'none',
		});
		return [{ json: { id: messageId, chatThreadId: threadId, updated: true } }];
	},
};
