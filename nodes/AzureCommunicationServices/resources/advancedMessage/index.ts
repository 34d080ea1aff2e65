import type { Resource } from '../../transport';
import { getTemplates } from './getTemplates';
import { send } from './send';

export const advancedMessage: Resource = {
	value: 'advancedMessage',
	name: 'WhatsApp Message',
	description: 'Send WhatsApp messages and templates, list templates (Advanced Messaging)',
	authentication: ['accessKey', 'oAuth2'],
	operations: { send, getTemplates },
};
