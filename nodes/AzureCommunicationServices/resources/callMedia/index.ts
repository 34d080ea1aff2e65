import type { Resource } from '../../transport';
import { cancelAllMediaOperations } from './cancelAllMediaOperations';
import { mediaStreamingOperation } from './mediaStreaming';
import { play } from './play';
import { recognize } from './recognize';
import { sendDtmf } from './sendDtmf';

export const callMedia: Resource = {
	value: 'callMedia',
	name: 'Call Media',
	description: 'Play prompts, collect tones or speech, send tones and stream the audio of a call',
	authentication: ['accessKey', 'oAuth2'],
	operations: {
		startMediaStreaming: mediaStreamingOperation(
			'startMediaStreaming',
			{
				name: 'Start Media Streaming',
				action: 'Start media streaming',
				description: 'Start streaming the audio of a call to the WebSocket set up for the call',
			},
			'media streaming may or may not have started',
		),
		stopMediaStreaming: mediaStreamingOperation(
			'stopMediaStreaming',
			{
				name: 'Stop Media Streaming',
				action: 'Stop media streaming',
				description: 'Stop streaming the audio of a call',
			},
			'media streaming may or may not have stopped',
		),
		play,
		recognize,
		sendDtmf,
		cancelAllMediaOperations,
	},
};
