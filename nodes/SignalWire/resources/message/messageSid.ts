import type { INodeProperties } from 'n8n-workflow';

export const messageSidProperty: INodeProperties = {
	displayName: 'Message SID',
	name: 'messageSid',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. 0a059168-ead0-41af-9d1f-343dae832527',
	description:
		'The SID of the message (the sid returned by Send, or MessageSid in the inbound message webhook)',
};
