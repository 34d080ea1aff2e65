import type { IDataObject } from 'n8n-workflow';

import {
	binaryPropertyNameProperty,
	chooseFileName,
	mimeTypeOf,
	optionsCollection,
	readOutputBinaryField,
	withBinary,
} from '../../helpers';
import { describeFile, downloadFromSpace } from '../../download';
import { connectSignalWire, type Operation, type SignalWireConnection } from '../../transport';
import { mediaPath, mediaSidProperty, messageSidProperties, readMediaSids } from './mediaSids';

/**
 * GET …/Media/{Sid} (no .json) answers with the file itself or with a redirect to a file host; both
 * end up streamed into n8n's binary store.
 */
export const download: Operation = {
	option: {
		name: 'Download',
		action: 'Download a message media',
		description: 'Download the file of a message media',
	},
	usableAsTool: false,
	properties: [
		...messageSidProperties,
		mediaSidProperty,
		binaryPropertyNameProperty(),
		optionsCollection(),
	],
	async execute(ctx, itemIndex) {
		const sids = readMediaSids(ctx, itemIndex);
		const { messageSid, mediaSid } = sids;
		const binaryPropertyName = readOutputBinaryField(ctx, itemIndex);
		const signalWire = await connectSignalWire(ctx, itemIndex);
		const file = await downloadFromSpace(
			ctx,
			itemIndex,
			signalWire,
			new URL(signalWire.url(mediaPath(sids))),
			mediaSid,
			'media',
		);
		const served = file.contentType !== 'application/octet-stream' ? file.contentType : undefined;
		const mimeType =
			served ??
			(await mediaContentType(signalWire, sids)) ??
			file.contentType ??
			'application/octet-stream';
		const fileName = chooseFileName(mediaSid, mimeType, file.disposition);
		const binary = describeFile(file.binary, mimeType, fileName);
		const json = {
			sid: mediaSid,
			messageSid,
			mimeType,
			fileName,
			fileSize: binary.bytes ?? null,
		};
		return [withBinary(ctx, itemIndex, json, binaryPropertyName, binary)];
	},
};

/** The media resource's content_type, for files served without a useful Content-Type. */
async function mediaContentType(
	signalWire: SignalWireConnection,
	sids: { messageSid: string; mediaSid: string },
): Promise<string | undefined> {
	const response = await signalWire.request({
		method: 'GET',
		path: mediaPath(sids),
		suffix: '.json',
	});
	return mimeTypeOf((response.body as IDataObject | undefined)?.content_type as string | undefined);
}
