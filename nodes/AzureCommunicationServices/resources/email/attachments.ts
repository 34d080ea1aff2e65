import {
	NodeOperationError,
	type IBinaryData,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

import { readText, splitList } from '../../helpers';
import { readParameter } from '../../../../shared/parametersPerRun';

/** ACS takes a send request of at most 10 MB, attachments (in base64) included. */
export const MAX_REQUEST_BYTES = 10 * 1024 * 1024;
/** The first API version that takes an attachment's contentId (inline attachments). */
export const INLINE_ATTACHMENTS_API_VERSION = '2025-09-01';

export const attachmentOptions: INodeProperties[] = [
	{
		displayName: 'Attachments',
		name: 'attachments',
		type: 'string',
		default: '',
		placeholder: 'e.g. data, invoice',
		description:
			"The names of the input item's binary fields to attach, separated by commas. Each file keeps its file name and MIME type. The whole email may be at most 10 MB, which base64 makes about 7.5 MB of files.",
	},
	{
		displayName: 'Inline Attachments',
		name: 'inlineAttachments',
		type: 'fixedCollection',
		typeOptions: { multipleValues: true },
		placeholder: 'Add Inline Attachment',
		default: {},
		description:
			'Files the HTML shows in place, e.g. a logo as &lt;img src="cid:logo"&gt;. Needs API Version 2025-09-01 or later.',
		options: [
			{
				displayName: 'Inline Attachment',
				name: 'attachment',
				values: [
					{
						displayName: 'Input Binary Field',
						name: 'binaryPropertyName',
						type: 'string',
						default: 'data',
						description: "The name of the input item's binary field that holds the file",
					},
					{
						displayName: 'Content ID',
						name: 'contentId',
						type: 'string',
						default: '',
						placeholder: 'e.g. logo',
						description: 'The ID the HTML refers to the file by, after cid:',
					},
				],
			},
		],
	},
];

interface Attachment {
	/** The field it was named in, for errors. */
	label: string;
	property: string;
	binary: IBinaryData;
	contentId?: string;
}

function binaryOf(
	ctx: IExecuteFunctions,
	itemIndex: number,
	property: string,
	label: string,
): IBinaryData {
	const binaries = ctx.getInputData()[itemIndex]?.binary ?? {};
	const binary = binaries[property];
	if (binary) return binary;
	const present = Object.keys(binaries);
	throw new NodeOperationError(
		ctx.getNode(),
		`${label}: the input item has no binary field "${property}"`,
		{
			itemIndex,
			description: present.length
				? `The item's binary fields are: ${present.join(', ')}.`
				: 'The item has no binary data. Read or download the file in an earlier node (e.g. Read/Write Files from Disk or HTTP Request).',
		},
	);
}

function readAttachments(
	ctx: IExecuteFunctions,
	itemIndex: number,
	apiVersion: string,
): Attachment[] {
	const names = splitList(readText(ctx, itemIndex, 'options.attachments', 'Attachments'));
	const attachments: Attachment[] = names.map((property) => ({
		label: 'Attachments',
		property,
		binary: binaryOf(ctx, itemIndex, property, 'Attachments'),
	}));
	const inline = readParameter(ctx, 'options.inlineAttachments', itemIndex, {}) as {
		attachment?: Array<{ binaryPropertyName?: unknown; contentId?: unknown }>;
	};
	const entries = inline.attachment ?? [];
	if (entries.length > 0 && apiVersion < INLINE_ATTACHMENTS_API_VERSION) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Inline Attachments need API Version ${INLINE_ATTACHMENTS_API_VERSION} or later, but the API Version option is ${apiVersion}`,
			{ itemIndex, description: 'Remove the API Version option or the inline attachments.' },
		);
	}
	for (const entry of entries) {
		const property = String(entry.binaryPropertyName ?? '').trim();
		const contentId = String(entry.contentId ?? '').trim();
		if (property === '' || contentId === '') {
			throw new NodeOperationError(
				ctx.getNode(),
				`Inline Attachments: ${property === '' ? 'Input Binary Field' : 'Content ID'} is empty`,
				{ itemIndex },
			);
		}
		attachments.push({
			label: 'Inline Attachments',
			property,
			binary: binaryOf(ctx, itemIndex, property, 'Inline Attachments'),
			contentId,
		});
	}
	return attachments;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * The message body with its attachments in base64, in the SDK's field order. The size of the whole
 * request is known before any file is read (a file's base64 takes 4 characters per 3 bytes), so a
 * request over ACS's limit is refused without loading its files.
 */
export async function withAttachments(
	ctx: IExecuteFunctions,
	itemIndex: number,
	apiVersion: string,
	message: (attachments: IDataObject[] | undefined) => IDataObject,
): Promise<IDataObject> {
	const attachments = readAttachments(ctx, itemIndex, apiVersion);
	if (attachments.length === 0) return message(undefined);
	const sizes: number[] = [];
	for (const { binary, property } of attachments) {
		sizes.push(
			typeof binary.bytes === 'number'
				? binary.bytes
				: (await ctx.helpers.getBinaryDataBuffer(itemIndex, property)).length,
		);
	}
	const entries = attachments.map(({ binary, property, contentId }) => ({
		name: binary.fileName || property,
		contentType: binary.mimeType,
		contentInBase64: '',
		...(contentId !== undefined && { contentId }),
	}));
	const requestBytes =
		Buffer.byteLength(JSON.stringify(message(entries))) +
		sizes.reduce((total, size) => total + 4 * Math.ceil(size / 3), 0);
	if (requestBytes > MAX_REQUEST_BYTES) {
		const files = entries.map((entry, i) => `${entry.name} (${megabytes(sizes[i])})`).join(', ');
		throw new NodeOperationError(
			ctx.getNode(),
			`The attachments are too large: ${files} make the email about ${megabytes(requestBytes)}; ACS takes at most ${megabytes(MAX_REQUEST_BYTES)} per email (about 7.5 MB of files)`,
			{
				itemIndex,
				description:
					'Files travel in base64, which makes them about a third larger. Send fewer or smaller files, or a link to them.',
			},
		);
	}
	for (const [i, { property }] of attachments.entries()) {
		const content = await ctx.helpers.getBinaryDataBuffer(itemIndex, property);
		entries[i].contentInBase64 = content.toString('base64');
	}
	return message(entries);
}
