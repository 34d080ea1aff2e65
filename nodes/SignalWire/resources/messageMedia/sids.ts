import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { readId } from '../../../../shared/validation';

export function messageSidProperty(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Message SID',
		name: 'messageSid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 0a059168-ead0-41af-9d1f-343dae832527',
		description: 'The SID of the message (MessageSid in the inbound message webhook)',
		displayOptions: { show },
	};
}

export function mediaSidProperty(show: Record<string, string[]>): INodeProperties {
	return {
		displayName: 'Media SID',
		name: 'mediaSid',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. b3877c40-da60-4998-90ad-b792e98472e1',
		description: 'The SID of the media (the sid field of a listed media entry)',
		displayOptions: { show },
	};
}

export function readSids(ctx: IExecuteFunctions, itemIndex: number) {
	return {
		messageSid: readId(ctx, itemIndex, 'messageSid', 'Message SID'),
		mediaSid: readId(ctx, itemIndex, 'mediaSid', 'Media SID'),
	};
}
