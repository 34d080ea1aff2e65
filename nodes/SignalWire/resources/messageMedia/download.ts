import {
	NodeOperationError,
	fileTypeFromMimeType,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import {
	assertBinaryPropertyFree,
	chooseFileName,
	extensionFor,
	mimeTypeOf,
	storeBinaryStream,
	withBinary,
} from '../../../../shared/binary';
import { binaryPropertyNameProperty, optionsCollection } from '../../../../shared/descriptions';
import { sendRequest, type Transport } from '../../../../shared/http/transport';
import { connectSignalWire, type SignalWireConnection } from '../../../../shared/signalwire/client';
import { isSignalWireHost } from '../../../../shared/signalwire/space';
import { mediaSidProperty, messageSidProperty, readSids } from './sids';

const show = { resource: ['messageMedia'], operation: ['download'] };
const MAX_REDIRECTS = 5;

export const description: INodeProperties[] = [
	messageSidProperty(show),
	mediaSidProperty(show),
	binaryPropertyNameProperty(show),
	optionsCollection(show),
];

/**
 * Where the project's Basic credentials may go on a redirect: the user's own space, or a SignalWire host
 * over https (media files with "Media URL Protection" need them). Any other host gets the redirect
 * followed without credentials; the media URL itself is the capability there.
 */
function mayReceiveCredentials(url: URL, signalWire: SignalWireConnection): boolean {
	return (
		url.origin === signalWire.space.origin ||
		(url.protocol === 'https:' && isSignalWireHost(url.hostname))
	);
}

type Hop = { redirect: URL } | { binary: IBinaryData; contentType?: string; disposition?: string };

async function fetchHop(
	ctx: IExecuteFunctions,
	transport: Transport,
	url: URL,
	mediaSid: string,
	itemIndex: number,
): Promise<Hop> {
	return await sendRequest(
		ctx,
		transport,
		{
			method: 'GET',
			url: url.href,
			responseType: 'stream',
			followRedirects: false,
			headers: { accept: '*/*' },
		},
		itemIndex,
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

/**
 * GET …/Media/{Sid} (no .json) answers with the file itself or with a redirect to a file host; both
 * end up streamed into n8n's binary store.
 */
export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { messageSid, mediaSid } = readSids(ctx, itemIndex);
	const binaryPropertyName = String(ctx.getNodeParameter('binaryPropertyName', itemIndex)).trim();
	assertBinaryPropertyFree(ctx, itemIndex, binaryPropertyName);
	const signalWire = await connectSignalWire(ctx, itemIndex);

	let url = new URL(signalWire.mediaUrl(messageSid, mediaSid, ''));
	let transport = signalWire.transport;
	for (let redirects = 0; ; redirects++) {
		const hop = await fetchHop(ctx, transport, url, mediaSid, itemIndex);
		if ('binary' in hop) {
			const served = hop.contentType !== 'application/octet-stream' ? hop.contentType : undefined;
			const mimeType =
				served ??
				(await mediaContentType(ctx, signalWire, messageSid, mediaSid, itemIndex)) ??
				hop.contentType ??
				'application/octet-stream';
			const binary = describeFile(
				hop.binary,
				mimeType,
				chooseFileName(mediaSid, mimeType, hop.disposition),
			);
			const json = {
				sid: mediaSid,
				messageSid,
				mimeType,
				fileName: binary.fileName,
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
		if (transport === signalWire.transport && !mayReceiveCredentials(hop.redirect, signalWire)) {
			transport = signalWire.anonymousTransport;
		}
		url = hop.redirect;
	}
}

/** The media resource's content_type, for files served without a useful Content-Type. */
async function mediaContentType(
	ctx: IExecuteFunctions,
	signalWire: SignalWireConnection,
	messageSid: string,
	mediaSid: string,
	itemIndex: number,
): Promise<string | undefined> {
	const response = await sendRequest(
		ctx,
		signalWire.transport,
		{ method: 'GET', url: signalWire.mediaUrl(messageSid, mediaSid, '.json') },
		itemIndex,
	);
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
