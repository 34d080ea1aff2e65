import {
	binaryPropertyNameProperty,
	optionsCollection,
	readOutputBinaryField,
	recordingDocumentId,
	storeDownloadedFile,
	withBinary,
} from '../../helpers';
import { connectRecordingStorage, type Operation } from '../../transport';
import { expectStatus } from './status';

/** GET {contentLocation}: the recording is streamed into n8n's binary store, never buffered whole. */
export const download: Operation = {
	option: {
		name: 'Download',
		action: 'Download a recording',
		description:
			'Download the file of a call recording from the Recording File Status Updated event',
	},
	usableAsTool: false,
	properties: [
		{
			displayName: 'Content Location',
			name: 'contentLocation',
			type: 'string',
			required: true,
			default: '={{ $json.data.recordingStorageInfo.recordingChunks[0].contentLocation }}',
			placeholder: 'e.g. https://us-storage.asm.skype.com/v1/objects/0-eus-d1-…/content/audio',
			description:
				'The contentLocation of a recording chunk in the Recording File Status Updated event (ACS Trigger)',
		},
		binaryPropertyNameProperty(),
		optionsCollection(),
	],
	async execute(ctx, itemIndex) {
		const binaryPropertyName = readOutputBinaryField(ctx, itemIndex);
		const { url, storage } = await connectRecordingStorage(
			ctx,
			itemIndex,
			'contentLocation',
			'Content Location',
		);
		const documentId = recordingDocumentId(url) ?? 'recording';
		return await storage.request(
			{ method: 'GET', url: url.href, responseType: 'stream', followRedirects: false },
			async (response) => {
				if (response.statusCode !== 200) {
					(response.body as NodeJS.ReadableStream & { destroy(): void }).destroy();
					expectStatus(ctx, itemIndex, response.statusCode, 200);
				}
				const { binary, mimeType, fileName } = await storeDownloadedFile(ctx, response, documentId);
				const json = {
					documentId,
					contentLocation: url.href,
					mimeType,
					fileName,
					fileSize: binary.bytes ?? null,
				};
				return [withBinary(ctx, itemIndex, json, binaryPropertyName, binary)];
			},
		);
	},
};
