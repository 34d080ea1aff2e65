import type { Resource } from '../../transport';
import { mediaStreamingOperation } from './mediaStreaming';

export const callMedia: Resource = {
	value: 'callMedia',
	name: 'Call Media',
	description: 'Control media streaming of a call (Call Automation)',
	authentication: ['accessKey', 'oAuth2'],
	operations: {
		startMediaStreaming: mediaStreamingOperation('startMediaStreaming', {
			name: 'Start Media Streaming',
			action: 'Start media streaming',
			description: 'Start streaming the audio of a call to the WebSocket set up for the call',
		}),
		stopMediaStreaming: mediaStreamingOperation('stopMediaStreaming', {
			name: 'Stop Media Streaming',
			action: 'Stop media streaming',
			description: 'Stop streaming the audio of a call',
		}),
	},
};
