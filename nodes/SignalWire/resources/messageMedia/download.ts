import {
	NodeOperationError,
	fileTypeFromMimeType,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
} from 'n8n-workflow';

import {
	binaryPropertyNameProperty,
	chooseFileName,
	extensionFor,
	mimeTypeOf,
	optionsCollection,
	readOutputBinaryField,
	storeBinaryStream,
	withBinary,
} from '../../helpers';
import {
	connectSignalWire,
	isSignalWireHost,
	type Operation,
	type SignalWireConnection,
} from '../../transport';
import { mediaPath, mediaSidProperty, messageSidProperty, readMediaSids } from './mediaSids';

const MAX_REDIRECTS = 5;

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
		messageSidProperty,
		mediaSidProperty,
		binaryPropertyNameProperty(),
		optionsCollection(),
	],
	async execute(ctx, itemIndex) {
		const sids = readMediaSids(ctx, itemIndex);
		const { messageSid, mediaSid } = sids;
		const binaryPropertyName = readOutputBinaryField(ctx, itemIndex);
		const signalWire = await connectSignalWire(ctx, itemIndex);

		let url = new URL(signalWire.url(mediaPath(sids)));
		let withCredentials = true;
		for (let redirects = 0; ; redirects++) {
			const via = withCredentials ? signalWire : signalWire.anonymous;
			const hop = await fetchHop(ctx, via, url, mediaSid, itemIndex);
			if ('binary' in hop) {
				const served = hop.contentType !== 'application/octet-stream' ? hop.contentType : undefined;
				const mimeType =
					served ??
					(await mediaContentType(signalWire, sids)) ??
					hop.contentType ??
					'application/octet-stream';
				const fileName = chooseFileName(mediaSid, mimeType, hop.disposition);
				const binary = describeFile(hop.binary, mimeType, fileName);
				const json = {
					sid: mediaSid,
					messageSid,
					mimeType,
					fileName,
					fileSize: binary.bytes ?? null,
				};
				return [withBinary(ctx, itemIndex, json, binaryPropertyName, binary)];
			}
			if (redirects >= MAX_REDIRECTS) {
				throw new NodeOperationError(
					ctx.getNode(),
					`The media download was redirected more than ${MAX_REDIRECTS} times`,
					{ itemIndex },
				);
			}
			withCredentials &&= mayReceiveCredentials(hop.redirect, signalWire);
			url = hop.redirect;
		}
	},
};

/**
 * Where the project's Basic credentials may go on a redirect: the user's own space, or a SignalWire host
 * over https (media files with "Media URL Protection" need them). Any other host gets the redirect
 * followed without credentials; the media URL itself is the capability there.
 */
function mayReceiveCredentials(url: URL, signalWire: SignalWireConnection): boolean {
	return (
		url.origin === signalWire.origin.origin ||
		(url.protocol === 'https:' && isSignalWireHost(url.hostname))
	);
}

type Hop = { redirect: URL } | { binary: IBinaryData; contentType?: string; disposition?: string };

async function fetchHop(
	ctx: IExecuteFunctions,
	via: SignalWireConnection['anonymous'],
	url: URL,
	mediaSid: string,
	itemIndex: number,
): Promise<Hop> {
	return await via.request(
		{
			method: 'GET',
			url: url.href,
			responseType: 'stream',
			followRedirects: false,
			headers: { accept: '*/*' },
		},
		async (response): Promise<Hop> => {
			const body = response.body as NodeJS.ReadableStream & { destroy(): void };
			if (response.statusCode >= 300) {
				body.destroy();
				const location = response.headers.location;
				if (!location) {
					throw new NodeOperationError(
						ctx.getNode(),
						`SignalWire answered ${response.statusCode} without a location`,
						{ itemIndex },
					);
				}
				return { redirect: new URL(location, url) };
			}
			const contentType = mimeTypeOf(response.headers['content-type']);
			const disposition = response.headers['content-disposition'];
			const name = chooseFileName(mediaSid, contentType, disposition);
			const binary = await storeBinaryStream(
				ctx,
				body,
				name,
				contentType,
				response.headers['content-length'],
			);
			return { binary, contentType, disposition };
		},
	);
}

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

function describeFile(binary: IBinaryData, mimeType: string, fileName: string): IBinaryData {
	return {
		...binary,
		mimeType,
		fileType: fileTypeFromMimeType(mimeType),
		fileExtension: extensionFor(mimeType) ?? binary.fileExtension,
		fileName,
	};
}
