import type { IDataObject } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readId } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { chatThreadIdProperties } from './chatThreadId';
import { checkChatContent, metadataProperty, readMetadata } from './messageContent';

/**
 * POST /chat/threads/{threadId}/messages (201 `{id}`). Chat has no idempotency key, so a send whose
 * response may have been lost is not repeated (the transport's rule for every POST).
 */
export const send: Operation = {
	option: {
		name: 'Send',
		action: 'Send a chat message',
		description: 'Post a text or HTML message to a chat thread as the chat user',
	},
	properties: [
		...chatThreadIdProperties,
		{
			displayName: 'Content',
			name: 'content',
			type: 'string',
			typeOptions: { rows: 4 },
			required: true,
			default: '',
			description: 'The message text (at most 28 KB)',
		},
		acsOptions(ACS_API_VERSIONS.chat, [
			{
				displayName: 'Sender Display Name',
				name: 'senderDisplayName',
				type: 'string',
				default: '',
				description: 'The name shown as the sender of this message',
			},
			{
				displayName: 'Type',
				name: 'type',
				type: 'options',
				options: [
					{ name: 'Text', value: 'text' },
					{ name: 'HTML', value: 'html' },
				],
				default: 'text',
				description: 'Whether the content is plain text or HTML',
			},
			metadataProperty,
		]),
	],
	async execute(ctx, itemIndex) {
		const threadId = readId(ctx, itemIndex, 'chatThreadId', 'Chat Thread ID');
		const content = checkChatContent(
			ctx,
			itemIndex,
			ctx.getNodeParameter('content', itemIndex),
			'Content',
		);
		const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const body: IDataObject = { content };
		if (typeof options.senderDisplayName === 'string' && options.senderDisplayName !== '')
			body.senderDisplayName = options.senderDisplayName;
		if (options.type === 'text' || options.type === 'html') body.type = options.type;
		const metadata = readMetadata(ctx, itemIndex, options.metadata);
		if (metadata) body.metadata = metadata;
		const acs = await connectAcs(ctx, itemIndex, 'chat');
		const response = await acs.request({
			method: 'POST',
			path: ['chat', 'threads', threadId, 'messages'],
			body,
			effect: 'the message may or may not have been posted',
		});
		const { id } = (response.body ?? {}) as { id?: string };
		return [{ json: { id, chatThreadId: threadId } }];
	},
};
