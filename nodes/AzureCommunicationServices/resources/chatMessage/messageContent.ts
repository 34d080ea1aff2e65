import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeProperties,
} from 'n8n-workflow';

/** The service's limit on a chat message (content and metadata together count towards it). */
export const MAX_CHAT_MESSAGE_BYTES = 28 * 1024;

export const metadataProperty: INodeProperties = {
	displayName: 'Metadata',
	name: 'metadata',
	type: 'fixedCollection',
	typeOptions: { multipleValues: true },
	placeholder: 'Add Metadata',
	default: {},
	description:
		'Key/value pairs stored with the message, e.g. an order number for the receiving app',
	options: [
		{
			displayName: 'Entry',
			name: 'entry',
			values: [
				{ displayName: 'Key', name: 'key', type: 'string', default: '' },
				{ displayName: 'Value', name: 'value', type: 'string', default: '' },
			],
		},
	],
};

/** Message content, checked against the service's 28 KB limit before it is sent. */
export function checkChatContent(
	ctx: IExecuteFunctions,
	itemIndex: number,
	value: unknown,
	label: string,
): string {
	if (typeof value !== 'string' && typeof value !== 'number') {
		throw new NodeOperationError(ctx.getNode(), `${label} must be text`, { itemIndex });
	}
	const content = String(value);
	if (content.trim() === '')
		throw new NodeOperationError(ctx.getNode(), `${label} is empty`, { itemIndex });
	const bytes = Buffer.byteLength(content, 'utf8');
	if (bytes > MAX_CHAT_MESSAGE_BYTES) {
		throw new NodeOperationError(
			ctx.getNode(),
			`${label} is too long (${bytes} bytes; a chat message holds at most ${MAX_CHAT_MESSAGE_BYTES} bytes, 28 KB)`,
			{ itemIndex, description: 'Shorten the text or split it into several messages.' },
		);
	}
	return content;
}

/** The Metadata key/value list as the service's string map; a key may appear once. */
export function readMetadata(
	ctx: IExecuteFunctions,
	itemIndex: number,
	collection: unknown,
): Record<string, string> | undefined {
	const entries = ((collection ?? {}) as { entry?: IDataObject[] }).entry ?? [];
	if (entries.length === 0) return undefined;
	const metadata: Record<string, string> = {};
	entries.forEach((entry, index) => {
		const key = String(entry.key ?? '').trim();
		if (key === '')
			throw new NodeOperationError(ctx.getNode(), `Metadata entry ${index + 1} has no key`, {
				itemIndex,
			});
		if (key in metadata)
			throw new NodeOperationError(ctx.getNode(), `Metadata key "${key}" appears twice`, {
				itemIndex,
			});
		metadata[key] = String(entry.value ?? '');
	});
	return metadata;
}
