import type { IDataObject } from 'n8n-workflow';

import { optionsCollection } from '../../helpers';
import { connectRecordingStorage, type Operation } from '../../transport';
import { expectStatus } from './status';

/** GET {metadataLocation}: the recording chunk's metadata document (participants, format, times). */
export const downloadMetadata: Operation = {
	option: {
		name: 'Download Metadata',
		action: 'Download the metadata of a recording',
		description:
			"Get a recording's metadata (participants, channels, format, start time and duration)",
	},
	properties: [
		{
			displayName: 'Metadata Location',
			name: 'metadataLocation',
			type: 'string',
			required: true,
			default: '={{ $json.data.recordingStorageInfo.recordingChunks[0].metadataLocation }}',
			placeholder:
				'e.g. https://us-storage.asm.skype.com/v1/objects/0-eus-d1-…/content/acsmetadata',
			description:
				'The metadataLocation of a recording chunk in the Recording File Status Updated event (ACS Trigger)',
		},
		optionsCollection(),
	],
	async execute(ctx, itemIndex) {
		const { url, storage } = await connectRecordingStorage(
			ctx,
			itemIndex,
			'metadataLocation',
			'Metadata Location',
		);
		const response = await storage.request({
			method: 'GET',
			url: url.href,
			followRedirects: false,
		});
		expectStatus(ctx, itemIndex, response.statusCode, 200);
		return [{ json: (response.body ?? {}) as IDataObject }];
	},
};
