import type { IDataObject } from 'n8n-workflow';

import { optionsCollection } from '../../helpers';
import { connectSignalWire, type Operation } from '../../transport';
import { messageSidProperties, readMessageSid } from './messageSid';

/** GET …/Messages/{Sid}.json: the message resource exactly as SignalWire returns it. */
export const get: Operation = {
	option: {
		name: 'Get',
		action: 'Get a message',
		description: 'Get a message with its status, body and price',
	},
	properties: [...messageSidProperties, optionsCollection()],
	async execute(ctx, itemIndex) {
		const messageSid = readMessageSid(ctx, itemIndex);
		const signalWire = await connectSignalWire(ctx, itemIndex);
		const response = await signalWire.request({
			method: 'GET',
			path: ['Messages', messageSid],
			suffix: '.json',
		});
		return [{ json: response.body as IDataObject }];
	},
};
