import {
	ACS_API_VERSIONS,
	acsOptions,
	binaryPropertyNameProperty,
	readId,
	readOutputBinaryField,
	storeDownloadedFile,
	withBinary,
} from '../../helpers';
import { connectAcs, type Operation } from '../../transport';

/** GET /messages/streams/{id}: the file is streamed into n8n's binary store, never buffered whole. */
export const download: Operation = {
	option: {
		name: 'Download',
		action: 'Download media',
		description: 'Download the file of a received WhatsApp (Advanced Messaging) message',
	},
	usableAsTool: false,
	properties: [
		{
			displayName: 'Media ID',
			name: 'mediaId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. d19e68ec-bdd6-4a50-8dfb-cbb1642df6ab',
			description:
				'The ID of the media in a received WhatsApp message, found in the media field of the Advanced Message Received event',
		},
		binaryPropertyNameProperty(),
		acsOptions(ACS_API_VERSIONS.media),
	],
	async execute(ctx, itemIndex) {
		const mediaId = readId(ctx, itemIndex, 'mediaId', 'Media ID');
		const binaryPropertyName = readOutputBinaryField(ctx, itemIndex);
		const acs = await connectAcs(ctx, itemIndex, 'media');
		return await acs.request(
			{ method: 'GET', path: ['messages', 'streams', mediaId], responseType: 'stream' },
			async (response) => {
				const { binary, mimeType, fileName } = await storeDownloadedFile(ctx, response, mediaId);
				const json = { mediaId, mimeType, fileName, fileSize: binary.bytes ?? null };
				return [withBinary(ctx, itemIndex, json, binaryPropertyName, binary)];
			},
		);
	},
};
