import type { INodeProperties } from 'n8n-workflow';

export const channelRegistrationIdProperty: INodeProperties = {
	displayName: 'Channel Registration ID',
	name: 'channelRegistrationId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 0f0eb78e-8a4b-4b8b-9e2c-2c5b3d6f7a81',
	description:
		'The ID of the WhatsApp channel connected to the Communication Services resource (Azure portal: Channels). In a reply, the "to" field of the received event.',
};
