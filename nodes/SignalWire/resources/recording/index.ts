import type { Resource } from '../../transport';
import { pause, resume, stop } from './changeStatus';
import { deleteRecording } from './delete';
import { download } from './download';
import { get } from './get';
import { getAll } from './getAll';
import { start } from './start';

export const recording: Resource = {
	value: 'recording',
	name: 'Recording',
	description: 'Record live calls, and get, list, download and delete recordings',
	operations: { get, getAll, start, pause, resume, stop, download, delete: deleteRecording },
};
