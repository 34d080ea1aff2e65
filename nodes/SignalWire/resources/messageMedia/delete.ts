import type { IExecuteFunctions, INodeExecutionData, INodeProperties } from 'n8n-workflow';

import { connectSignalWire } from '../../../../shared/signalwire/client';
import { optionsCollection } from '../../../../shared/descriptions';
import { sendRequest } from '../../../../shared/http/transport';
import { mediaSidProperty, messageSidProperty, readSids } from './sids';

const show = { resource: ['messageMedia'], operation: ['delete'] };

export const description: INodeProperties[] = [
	messageSidProperty(show),
	mediaSidProperty(show),
	optionsCollection(show),
];

/** DELETE …/Messages/{MessageSid}/Media/{Sid}.json (204). */
export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { messageSid, mediaSid } = readSids(ctx, itemIndex);
	const signalWire = await connectSignalWire(ctx, itemIndex);
	await sendRequest(
		ctx,
		signalWire.transport,
		{
			method: 'DELETE',
			url: signalWire.mediaUrl(messageSid, mediaSid, '.json'),
			responseType: 'none',
		},
		itemIndex,
	);
	return [{ json: { sid: mediaSid, messageSid, deleted: true } }];
}
