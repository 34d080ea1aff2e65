import type { Resource } from '../../transport';
import { download } from './download';

export const media: Resource = {
	value: 'media',
	name: 'Media',
	description: 'Download files received in WhatsApp messages (Advanced Messaging)',
	authentication: ['accessKey', 'oAuth2'],
	operations: { download },
};
