import { NodeOperationError } from 'n8n-workflow';

import {
	binaryPropertyNameProperty,
	chooseFileName,
	optionsCollection,
	readOutputBinaryField,
	withBinary,
} from '../../helpers';
import { describeFile, downloadFromSpace } from '../../download';
import { connectSignalWire, type Operation } from '../../transport';
import { readRecordingSid, recordingSidProperty } from './fields';

const FORMATS: Record<string, string> = { wav: 'audio/x-wav', mp3: 'audio/mpeg' };

/** GET …/Recordings/{Sid}.wav or .mp3: the audio, streamed into n8n's binary store. */
export const download: Operation = {
	option: {
		name: 'Download',
		action: 'Download a recording',
		description: 'Download the audio of a recording as WAV or MP3',
	},
	usableAsTool: false,
	properties: [
		recordingSidProperty,
		{
			displayName: 'Format',
			name: 'format',
			type: 'options',
			options: [
				{ name: 'WAV', value: 'wav' },
				{ name: 'MP3', value: 'mp3' },
			],
			default: 'wav',
			description: 'Audio format to download',
		},
		binaryPropertyNameProperty(),
		optionsCollection(),
	],
	async execute(ctx, itemIndex) {
		const recordingSid = readRecordingSid(ctx, itemIndex);
		const format = ctx.getNodeParameter('format', itemIndex, 'wav') as string;
		if (!(format in FORMATS)) {
			throw new NodeOperationError(ctx.getNode(), `Format "${format}" is not known`, {
				itemIndex,
				description: 'Use wav or mp3.',
			});
		}
		const binaryPropertyName = readOutputBinaryField(ctx, itemIndex);
		const signalWire = await connectSignalWire(ctx, itemIndex);
		const file = await downloadFromSpace(
			ctx,
			itemIndex,
			signalWire,
			new URL(signalWire.url(['Recordings', recordingSid], {}, `.${format}`)),
			recordingSid,
			'recording',
		);
		// Some file hosts serve audio as application/octet-stream; the extension asked for says what it is.
		const mimeType =
			file.contentType && file.contentType !== 'application/octet-stream'
				? file.contentType
				: FORMATS[format];
		const fileName = chooseFileName(recordingSid, mimeType, file.disposition);
		const binary = describeFile(file.binary, mimeType, fileName);
		const json = { sid: recordingSid, format, mimeType, fileName, fileSize: binary.bytes ?? null };
		return [withBinary(ctx, itemIndex, json, binaryPropertyName, binary)];
	},
};
