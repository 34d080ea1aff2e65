import {
	NodeOperationError,
	type IDataObject,
	type IExecuteFunctions,
	type INodeExecutionData,
	type INodeProperties,
} from 'n8n-workflow';

import { connectAcs } from '../../../../shared/acs/client';
import { ACS_API_VERSIONS, acsOptions, readApiVersion } from '../../../../shared/acs/options';
import { returnAllAndLimit } from '../../../../shared/descriptions';
import { foreignOriginProblem } from '../../../../shared/endpoint';
import { sendRequest } from '../../../../shared/http/transport';
import { readId } from '../../../../shared/validation';
import { chatThreadIdProperty } from './threadId';

const show = { resource: ['chatMessage'], operation: ['getAll'] };
const MAX_PAGE_SIZE = 200;

export const description: INodeProperties[] = [
	chatThreadIdProperty(show),
	...returnAllAndLimit(show),
	acsOptions(show, ACS_API_VERSIONS.chat, [
		{
			displayName: 'Start Time',
			name: 'startTime',
			type: 'dateTime',
			default: '',
			description: 'Only return messages sent at or after this time',
		},
		{
			displayName: 'Page Size',
			name: 'maxPageSize',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_PAGE_SIZE },
			default: MAX_PAGE_SIZE,
			description: 'How many messages to ask for per request (at most 200)',
		},
	]),
];

function readStartTime(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const value = ctx.getNodeParameter('options.startTime', itemIndex, '') as unknown;
	if (value === '' || value === undefined || value === null) return undefined;
	const time = new Date(value as string);
	if (Number.isNaN(time.getTime())) {
		throw new NodeOperationError(
			ctx.getNode(),
			`Start Time "${String(value)}" is not a date and time`,
			{ itemIndex },
		);
	}
	return time.toISOString();
}

/**
 * GET /chat/threads/{threadId}/messages, following each `nextLink` exactly as the service returns it,
 * and only while it stays on the credential's endpoint.
 */
export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const threadId = readId(ctx, itemIndex, 'chatThreadId', 'Chat Thread ID');
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const limit = returnAll ? Infinity : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	const startTime = readStartTime(ctx, itemIndex);
	const pageSize = Math.min(
		MAX_PAGE_SIZE,
		(ctx.getNodeParameter('options.maxPageSize', itemIndex, 0) as number) ||
			Math.min(limit, MAX_PAGE_SIZE),
	);
	const apiVersion = readApiVersion(ctx, itemIndex, ACS_API_VERSIONS.chat);
	const acs = await connectAcs(ctx, itemIndex, 'chat');

	const messages: INodeExecutionData[] = [];
	let url: string | undefined = acs.url(['chat', 'threads', threadId, 'messages'], {
		maxPageSize: pageSize,
		startTime,
		'api-version': apiVersion,
	});
	while (url && messages.length < limit) {
		const page = await sendRequest(ctx, acs.transport, { method: 'GET', url }, itemIndex);
		const { value, nextLink } = (page.body ?? {}) as {
			value?: IDataObject[];
			nextLink?: string | null;
		};
		for (const message of value ?? []) {
			if (messages.length >= limit) break;
			messages.push({ json: message });
		}
		url = nextLink ?? undefined;
		const problem = url && foreignOriginProblem(url, acs.endpoint, 'The next page link');
		if (problem) throw new NodeOperationError(ctx.getNode(), problem, { itemIndex });
	}
	return messages;
}
