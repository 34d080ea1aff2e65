import type { Resource } from '../../transport';
import { getSendStatus } from './getSendStatus';
import { send } from './send';

export const email: Resource = {
	value: 'email',
	name: 'Email',
	description: 'Send emails with attachments and get their send status',
	authentication: ['accessKey', 'oAuth2'],
	operations: { send, getSendStatus },
};
