import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeProperties,
} from 'n8n-workflow';

import { connectSignalWire } from '../../../../shared/signalwire/client';
import { optionsCollection } from '../../../../shared/descriptions';
import { sendRequest } from '../../../../shared/http/transport';
import { mediaSidProperty, messageSidProperty, readSids } from './sids';

const show = { resource: ['messageMedia'], operation: ['get'] };

export const description: INodeProperties[] = [
	messageSidProperty(show),
	mediaSidProperty(show),
	optionsCollection(show),
];

/** GET …/Messages/{MessageSid}/Media/{Sid}.json: the media resource exactly as SignalWire returns it. */
export async function execute(
	ctx: IExecuteFunctions,
	itemIndex: number,
): Promise<INodeExecutionData[]> {
	const { messageSid, mediaSid } = readSids(ctx, itemIndex);
	const signalWire = await connectSignalWire(ctx, itemIndex);
	const response = await sendRequest(
		ctx,
		signalWire.transport,
		{ method: 'GET', url: signalWire.mediaUrl(messageSid, mediaSid, '.json') },
		itemIndex,
	);
	return [{ json: response.body as IDataObject }];
}
