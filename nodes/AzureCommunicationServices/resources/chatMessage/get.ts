import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { connectAcs } from '../../../../shared/acs/client';
import { ACS_API_VERSIONS, acsOptions, readApiVersion } from '../../../../shared/acs/options';
import { sendRequest } from '../../../../shared/http/transport';
import { readId } from '../../../../shared/validation';
import { chatThreadIdProperty } from './threadId';

const show = { resource: ['chatMessage'], operation: ['get'] };

export const description: INodeProperties[] = [
	chatThreadIdProperty(show),
	{
		displayName: 'Chat Message ID',
		name: 'chatMessageId',
		type: 'string',
		required: true,
		default: '',
		placeholder: 'e.g. 1591768249318',
		description: 'The ID of the message',
		displayOptions: { show },
	},
	acsOptions(show, ACS_API_VERSIONS.chat),
];

/** GET /chat/threads/{threadId}/messages/{messageId}: the ChatMessage exactly as the service returns it. */
export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const threadId = readId(ctx, itemIndex, 'chatThreadId', 'Chat Thread ID');
	const messageId = readId(ctx, itemIndex, 'chatMessageId', 'Chat Message ID');
	const apiVersion = readApiVersion(ctx, itemIndex, ACS_API_VERSIONS.chat);
	const acs = await connectAcs(ctx, itemIndex, 'chat');
	const response = await sendRequest(
		ctx,
		acs.transport,
		{
			method: 'GET',
			url: acs.url(['chat', 'threads', threadId, 'messages', messageId], {
				'api-version': apiVersion,
			}),
		},
		itemIndex,
	);
	return [{ json: response.body as IDataObject }];
}
