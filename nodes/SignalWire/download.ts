import {
	NodeOperationError,
	fileTypeFromMimeType,
	type IBinaryData,
	type IExecuteFunctions,
} from 'n8n-workflow';

import { chooseFileName, extensionFor, mimeTypeOf, storeBinaryStream } from './helpers';
import { isSignalWireHost, type SignalWireConnection } from './transport';

const MAX_REDIRECTS = 5;

export interface DownloadedFile {
	binary: IBinaryData;
	contentType?: string;
	disposition?: string;
}

/**
 * GETs a file of the space (message media, recording audio), which SignalWire answers with the file
 * itself or with a redirect to a file host, and streams it into n8n's binary store. The project's
 * credentials go to the space and, over https, to SignalWire hosts (files with "Media URL Protection"
 * need them); a redirect anywhere else is followed without them, the URL itself being the capability.
 */
export async function downloadFromSpace(
	ctx: IExecuteFunctions,
	itemIndex: number,
	signalWire: SignalWireConnection,
	start: URL,
	baseName: string,
	what: string,
): Promise<DownloadedFile> {
	let url = start;
	let withCredentials = true;
	for (let redirects = 0; ; redirects++) {
		const via = withCredentials ? signalWire : signalWire.anonymous;
		const hop = await fetchHop(ctx, via, url, baseName, itemIndex);
		if ('binary' in hop) return hop;
		if (redirects >= MAX_REDIRECTS) {
			throw new NodeOperationError(
				ctx.getNode(),
				`The ${what} download was redirected more than ${MAX_REDIRECTS} times`,
				{ itemIndex },
			);
		}
		withCredentials &&= mayReceiveCredentials(hop.redirect, signalWire);
		url = hop.redirect;
	}
}

function mayReceiveCredentials(url: URL, signalWire: SignalWireConnection): boolean {
	return (
		url.origin === signalWire.origin.origin ||
		(url.protocol === 'https:' && isSignalWireHost(url.hostname))
	);
}

type Hop = { redirect: URL } | DownloadedFile;

async function fetchHop(
	ctx: IExecuteFunctions,
	via: SignalWireConnection['anonymous'],
	url: URL,
	baseName: string,
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
			const name = chooseFileName(baseName, contentType, disposition);
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

/** The stored file described as what it is: its MIME type, kind, extension and name. */
export function describeFile(binary: IBinaryData, mimeType: string, fileName: string): IBinaryData {
	return {
		...binary,
		mimeType,
		fileType: fileTypeFromMimeType(mimeType),
		fileExtension: extensionFor(mimeType) ?? binary.fileExtension,
		fileName,
	};
}
