import type { Resource } from '../../transport';
import { get } from './get';
import { pause } from './pause';
import { resume } from './resume';
import { start } from './start';
import { stop } from './stop';

export const recording: Resource = {
	value: 'recording',
	name: 'Recording',
	description: 'Record calls (Call Automation)',
	authentication: ['accessKey', 'oAuth2'],
	operations: {
		start,
		get,
		pause,
		resume,
		stop,
	},
};
