import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { connectAcs } from '../../../../shared/acs/client';
import { ACS_API_VERSIONS, acsOptions, readApiVersion } from '../../../../shared/acs/options';
import {
	assertBinaryPropertyFree,
	chooseFileName,
	mimeTypeOf,
	storeBinaryStream,
	withBinary,
} from '../../../../shared/binary';
import { binaryPropertyNameProperty } from '../../../../shared/descriptions';
import { sendRequest } from '../../../../shared/http/transport';
import { readId } from '../../../../shared/validation';

const show = { resource: ['media'], operation: ['download'] };

export const description: INodeProperties[] = [
	{
		displayName: 'Media ID',
		name: 'mediaId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. d19e68ec-bdd6-4a50-8dfb-cbb1642df6ab',
		description:
			'The ID of the media in a received WhatsApp message, found in the media field of the Advanced Message Received event',
		displayOptions: { show },
	},
	binaryPropertyNameProperty(show),
	acsOptions(show, ACS_API_VERSIONS.media),
];

/** GET /messages/streams/{id}: the file is streamed into n8n's binary store, never buffered whole. */
export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const mediaId = readId(ctx, itemIndex, 'mediaId', 'Media ID');
	const binaryPropertyName = String(ctx.getNodeParameter('binaryPropertyName', itemIndex)).trim();
	assertBinaryPropertyFree(ctx, itemIndex, binaryPropertyName);
	const apiVersion = readApiVersion(ctx, itemIndex, ACS_API_VERSIONS.media);
	const acs = await connectAcs(ctx, itemIndex, 'management');
	return await sendRequest(
		ctx,
		acs.transport,
		{
			method: 'GET',
			url: acs.url(['messages', 'streams', mediaId], { 'api-version': apiVersion }),
			responseType: 'stream',
		},
		itemIndex,
		async (response) => {
			const mimeType = mimeTypeOf(response.headers['content-type']) ?? 'application/octet-stream';
			const fileName = chooseFileName(mediaId, mimeType, response.headers['content-disposition']);
			const binary = await storeBinaryStream(
				ctx,
				response.body as NodeJS.ReadableStream,
				fileName,
				mimeType,
				response.headers['content-length'],
			);
			const json = { mediaId, mimeType, fileName, fileSize: binary.bytes ?? null };
			return [withBinary(ctx, itemIndex, json, binaryPropertyName, binary)];
		},
	);
}
