import type { Resource } from '../../transport';
import { deleteRecording } from './delete';
import { download } from './download';
import { downloadMetadata } from './downloadMetadata';
import { get } from './get';
import { pause } from './pause';
import { resume } from './resume';
import { start } from './start';
import { stop } from './stop';

export const recording: Resource = {
	value: 'recording',
	name: 'Recording',
	description: 'Record calls, then download or delete the recordings (Call Automation)',
	authentication: ['accessKey', 'oAuth2'],
	operations: {
		start,
		get,
		pause,
		resume,
		stop,
		download,
		downloadMetadata,
		delete: deleteRecording,
	},
};
