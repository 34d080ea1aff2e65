import type { INodeProperties } from 'n8n-workflow';

import * as get from './get';
import * as getAll from './getAll';

export const chatMessageOperations = { get: get.execute, getAll: getAll.execute };

export const chatMessageDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['chatMessage'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				action: 'Get a chat message',
				description: 'Get one message of a chat thread by its ID',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				action: 'Get many chat messages',
				description: 'List the messages of a chat thread, newest first',
			},
		],
		default: 'get',
	},
	{
		displayName: 'Chat User ID',
		name: 'chatUserId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 8:acs:1b5cc06b-f352-4571-b1e6-d9b259b7c776_00000016-1d1b-2c3f-…',
		description:
			'The ACS user the node reads the chat as; it must be a participant of the thread. The node issues a chat token for this user with the credential and reuses it until shortly before it expires.',
		displayOptions: {
			show: { resource: ['chatMessage'], authentication: ['accessKey', 'oAuth2'] },
		},
	},
	...get.description,
	...getAll.description,
];
