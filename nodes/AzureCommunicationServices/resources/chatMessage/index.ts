import type { Resource } from '../../transport';
import { deleteMessage } from './delete';
import { get } from './get';
import { getAll } from './getAll';
import { send } from './send';
import { update } from './update';

export const chatMessage: Resource = {
	value: 'chatMessage',
	name: 'Chat Message',
	description: 'Send, read, update and delete the messages of a chat thread',
	authentication: ['accessKey', 'oAuth2', 'userAccessToken'],
	operations: { get, getAll, send, update, delete: deleteMessage },
	properties: [
		{
			displayName: 'Chat User ID',
			name: 'chatUserId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. 8:acs:1b5cc06b-f352-4571-b1e6-d9b259b7c776_00000016-1d1b-2c3f-…',
			description:
				'The ACS user the node acts as in the chat; it must be a participant of the thread. The node issues a chat token for this user with the credential and reuses it until shortly before it expires.',
			displayOptions: { show: { authentication: ['accessKey', 'oAuth2'] } },
		},
	],
};
