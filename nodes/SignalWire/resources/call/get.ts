import type { IDataObject } from 'n8n-workflow';

import { optionsCollection } from '../../helpers';
import { connectSignalWire, type Operation } from '../../transport';
import { callSidProperty, readCallSid } from './fields';

/** GET …/Calls/{Sid}.json: the call resource exactly as SignalWire returns it. */
export const get: Operation = {
	option: {
		name: 'Get',
		action: 'Get a call',
		description: 'Get a call with its status, direction, duration and price',
	},
	properties: [callSidProperty, optionsCollection()],
	async execute(ctx, itemIndex) {
		const callSid = readCallSid(ctx, itemIndex);
		const signalWire = await connectSignalWire(ctx, itemIndex);
		const response = await signalWire.request({
			method: 'GET',
			path: ['Calls', callSid],
			suffix: '.json',
		});
		return [{ json: response.body as IDataObject }];
	},
};
