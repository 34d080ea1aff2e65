import type { Resource } from '../../transport';
import { deleteMessage } from './delete';
import { get } from './get';
import { getAll } from './getAll';
import { send } from './send';

export const message: Resource = {
	value: 'message',
	name: 'Message',
	description: 'Send SMS and MMS, and get, list and delete messages',
	operations: { send, get, getAll, delete: deleteMessage },
};
