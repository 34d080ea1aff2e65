import { optionsCollection } from '../../helpers';
import { connectRecordingStorage, type Operation } from '../../transport';
import { expectStatus } from './status';

/** DELETE {deleteLocation}: removes the recording's content and metadata from ACS's storage. */
export const deleteRecording: Operation = {
	option: {
		name: 'Delete',
		action: 'Delete a recording',
		description: "Delete a call recording's files from ACS before they expire",
	},
	properties: [
		{
			displayName: 'Delete Location',
			name: 'deleteLocation',
			type: 'string',
			required: true,
			default: '={{ $json.data.recordingStorageInfo.recordingChunks[0].deleteLocation }}',
			placeholder: 'e.g. https://us-storage.asm.skype.com/v1/objects/0-eus-d1-…/content/deletedata',
			description:
				'The deleteLocation of a recording chunk in the Recording File Status Updated event (ACS Trigger)',
		},
		optionsCollection(),
	],
	async execute(ctx, itemIndex) {
		const { url, storage } = await connectRecordingStorage(
			ctx,
			itemIndex,
			'deleteLocation',
			'Delete Location',
		);
		const response = await storage.request({
			method: 'DELETE',
			url: url.href,
			responseType: 'none',
			followRedirects: false,
		});
		// The SDK counts only 200 as deleted.
		expectStatus(ctx, itemIndex, response.statusCode, 200);
		return [{ json: { deleted: true, deleteLocation: url.href } }];
	},
};
