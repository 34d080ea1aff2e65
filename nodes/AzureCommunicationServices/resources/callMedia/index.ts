import type { INodeProperties } from 'n8n-workflow';

import * as startMediaStreaming from './startMediaStreaming';
import * as stopMediaStreaming from './stopMediaStreaming';

export const callMediaOperations = {
	startMediaStreaming: startMediaStreaming.execute,
	stopMediaStreaming: stopMediaStreaming.execute,
};

export const callMediaDescription: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['callMedia'] } },
		options: [
			{
				name: 'Start Media Streaming',
				value: 'startMediaStreaming',
				action: 'Start media streaming',
				description: 'Start streaming the audio of a call to the WebSocket set up for the call',
			},
			{
				name: 'Stop Media Streaming',
				value: 'stopMediaStreaming',
				action: 'Stop media streaming',
				description: 'Stop streaming the audio of a call',
			},
		],
		default: 'startMediaStreaming',
	},
	...startMediaStreaming.description,
	...stopMediaStreaming.description,
];
