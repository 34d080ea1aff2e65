import type { INodeProperties } from 'n8n-workflow';

import * as download from './download';

export const mediaOperations = { download: download.execute };

export const mediaDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['media'] } },
		options: [
			{
				name: 'Download',
				value: 'download',
				action: 'Download media',
				description: 'Download the file of a received WhatsApp (Advanced Messaging) message',
			},
		],
		default: 'download',
	},
	...download.description,
];
