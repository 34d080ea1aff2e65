import type { INodeProperties } from 'n8n-workflow';

export const chatThreadIdProperty: INodeProperties = {
	displayName: 'Chat Thread ID',
	name: 'chatThreadId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 19:a0dfe5fc10e04e9d9b7b3e2d8e2b7f5c@thread.v2',
	description: 'The ID of the chat thread',
};

export const chatMessageIdProperty: INodeProperties = {
	displayName: 'Chat Message ID',
	name: 'chatMessageId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 1591768249318',
	description: 'The ID of the message',
};
