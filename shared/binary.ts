import {
	NodeOperationError,
	sanitizeFilename,
	type IBinaryData,
	type IExecuteFunctions,
	type INodeExecutionData,
} from 'n8n-workflow';

import { TruncatedBodyError } from './errors';
import type { ServiceResponse } from './http/transport';

/** Extensions for the media types WhatsApp, ACS and MMS deliver, for files that arrive without a name. */
const EXTENSIONS: Record<string, string> = {
	'image/jpeg': 'jpg',
	'image/png': 'png',
	'image/webp': 'webp',
	'image/gif': 'gif',
	'image/heic': 'heic',
	'image/bmp': 'bmp',
	'image/tiff': 'tiff',
	'image/svg+xml': 'svg',
	'video/mp4': 'mp4',
	'video/3gpp': '3gp',
	'video/quicktime': 'mov',
	'video/webm': 'webm',
	'audio/aac': 'aac',
	'audio/amr': 'amr',
	'audio/mpeg': 'mp3',
	'audio/mp4': 'm4a',
	'audio/ogg': 'ogg',
	'audio/wav': 'wav',
	'audio/x-wav': 'wav',
	'audio/webm': 'weba',
	'text/plain': 'txt',
	'text/csv': 'csv',
	'text/vcard': 'vcf',
	'text/x-vcard': 'vcf',
	'application/pdf': 'pdf',
	'application/zip': 'zip',
	'application/json': 'json',
	'application/msword': 'doc',
	'application/vnd.ms-excel': 'xls',
	'application/vnd.ms-powerpoint': 'ppt',
	'application/vnd.openxmlformats-officedocument.wordprocessingml.document': 'docx',
	'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': 'xlsx',
	'application/vnd.openxmlformats-officedocument.presentationml.presentation': 'pptx',
	'application/octet-stream': 'bin',
};

export function mimeTypeOf(contentType: string | undefined): string | undefined {
	const essence = contentType?.split(';')[0].trim().toLowerCase();
	return essence ? essence : undefined;
}

export function extensionFor(mimeType: string | undefined): string | undefined {
	return mimeType ? EXTENSIONS[mimeType] : undefined;
}

/** The file name in a Content-Disposition header; RFC 6266/5987 `filename*` wins over `filename`. */
export function fileNameFromContentDisposition(header: string | undefined): string | undefined {
	if (!header) return undefined;
	const extended = /filename\*\s*=\s*([^']*)'[^']*'([^;]+)/i.exec(header);
	if (extended) {
		try {
			return decodeURIComponent(extended[2].trim());
		} catch {
			// A malformed escape leaves only the plain `filename` parameter to go by.
		}
	}
	const plain = /filename\s*=\s*(?:"((?:\\.|[^"\\])*)"|([^;\s]+))/i.exec(header);
	if (!plain) return undefined;
	return (plain[1] ?? plain[2]).replace(/\\(.)/g, '$1');
}

/** A safe file name: the server's if it gave one, else the ID plus an extension for the MIME type. */
export function chooseFileName(
	id: string,
	mimeType: string | undefined,
	contentDisposition: string | undefined,
): string {
	const fromServer = fileNameFromContentDisposition(contentDisposition);
	if (fromServer && sanitizeFilename(fromServer)) return sanitizeFilename(fromServer);
	const extension = extensionFor(mimeType);
	const base = sanitizeFilename(id) || 'file';
	return extension ? `${base}.${extension}` : base;
}

/**
 * Reads Put Output File in Field (binaryPropertyNameProperty), refusing a field the input item already
 * carries a file in.
 */
export function readOutputBinaryField(ctx: IExecuteFunctions, itemIndex: number): string {
	const propertyName = String(ctx.getNodeParameter('binaryPropertyName', itemIndex)).trim();
	if (!propertyName) {
		throw new NodeOperationError(ctx.getNode(), 'Put Output File in Field is empty', { itemIndex });
	}
	if (ctx.getInputData()[itemIndex]?.binary?.[propertyName]) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Put Output File in Field "${propertyName}" is already used by a file on the input item`,
			{
				itemIndex,
				description: 'Choose another field name, so the incoming file is not overwritten.',
			},
		);
	}
	return propertyName;
}

/** The setting that caps a file in n8n's `database` binary data mode (queue mode's default), in MB. */
export const DATABASE_MAX_FILE_SIZE_SETTING = 'N8N_BINARY_DATA_DATABASE_MAX_FILE_SIZE';

/**
 * n8n's binary store in `database` mode refuses a file above its size limit with a FileTooLargeError
 * (n8n-core); that error reaches the node without a hint that the limit is a setting of the n8n
 * instance. Returns the node's own error for it, naming the limit and the setting, or undefined for
 * any other error.
 */
export function binaryStoreLimitError(
	ctx: IExecuteFunctions,
	error: unknown,
): NodeOperationError | undefined {
	if (!(error instanceof Error)) return undefined;
	const isLimit =
		error.constructor.name === 'FileTooLargeError' ||
		error.message.includes(DATABASE_MAX_FILE_SIZE_SETTING);
	if (!isLimit) return undefined;
	const size = /size of ([\d.]+) MB/.exec(error.message)?.[1];
	const limit = /limit of ([\d.]+) MB/.exec(error.message)?.[1];
	const limitText = limit ? `${limit} MB` : 'its size limit';
	return new NodeOperationError(
		ctx.getNode(),
		`The file${size ? ` (${size} MB)` : ''} is larger than n8n's binary data limit of ${limitText} (${DATABASE_MAX_FILE_SIZE_SETTING})`,
		{
			description: `This n8n keeps binary data in its database (the default in queue mode), which refuses files above ${DATABASE_MAX_FILE_SIZE_SETTING} (in MB, at most 1024). Raise ${DATABASE_MAX_FILE_SIZE_SETTING} on main and every worker, or store binary data elsewhere (N8N_DEFAULT_BINARY_DATA_MODE).`,
		},
	);
}

/**
 * Streams a response body into n8n's binary store, so a file is never held in memory whole, and
 * checks it arrived complete when the server announced its length.
 */
export async function storeBinaryStream(
	ctx: IExecuteFunctions,
	body: NodeJS.ReadableStream,
	fileName: string,
	mimeType: string | undefined,
	contentLength: string | undefined,
): Promise<IBinaryData> {
	let binary: IBinaryData;
	try {
		binary = await ctx.helpers.prepareBinaryData(
			body as unknown as Parameters<IExecuteFunctions['helpers']['prepareBinaryData']>[0],
			fileName,
			mimeType,
		);
	} catch (error) {
		throw binaryStoreLimitError(ctx, error) ?? error;
	}
	const expected = contentLength === undefined ? undefined : Number(contentLength);
	if (
		expected !== undefined &&
		Number.isFinite(expected) &&
		binary.bytes !== undefined &&
		binary.bytes !== expected
	) {
		throw new TruncatedBodyError(`The download ended after ${binary.bytes} of ${expected} bytes`);
	}
	binary.fileName = fileName;
	return binary;
}

/**
 * A streamed download response into the binary store: its MIME type from Content-Type (octet-stream
 * without one), its name from Content-Disposition or `id` plus an extension.
 */
export async function storeDownloadedFile(
	ctx: IExecuteFunctions,
	response: ServiceResponse,
	id: string,
): Promise<{ binary: IBinaryData; mimeType: string; fileName: string }> {
	const mimeType = mimeTypeOf(response.headers['content-type']) ?? 'application/octet-stream';
	const fileName = chooseFileName(id, mimeType, response.headers['content-disposition']);
	const binary = await storeBinaryStream(
		ctx,
		response.body as NodeJS.ReadableStream,
		fileName,
		mimeType,
		response.headers['content-length'],
	);
	return { binary, mimeType, fileName };
}

export function withBinary(
	ctx: IExecuteFunctions,
	itemIndex: number,
	json: INodeExecutionData['json'],
	propertyName: string,
	binary: IBinaryData,
): INodeExecutionData {
	const inherited = ctx.getInputData()[itemIndex]?.binary ?? {};
	return { json, binary: { ...inherited, [propertyName]: binary } };
}
