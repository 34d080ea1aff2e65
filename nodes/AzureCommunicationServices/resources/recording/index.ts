import type { Resource } from '../../transport';
import { deleteRecording } from './delete';
import { download } from './download';
import { downloadMetadata } from './downloadMetadata';

export const recording: Resource = {
	value: 'recording',
	name: 'Recording',
	description: 'Download and delete call recordings (Call Automation)',
	authentication: ['accessKey', 'oAuth2'],
	operations: { download, downloadMetadata, delete: deleteRecording },
};
