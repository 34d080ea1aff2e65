import type { IDataObject } from 'n8n-workflow';

import { optionsCollection } from '../../helpers';
import { connectSignalWire, type Operation } from '../../transport';
import { readRecordingSid, recordingSidProperty } from './fields';

/** GET …/Recordings/{Sid}.json: the recording resource exactly as SignalWire returns it. */
export const get: Operation = {
	option: {
		name: 'Get',
		action: 'Get a recording',
		description: 'Get a recording with its call, duration and status',
	},
	properties: [recordingSidProperty, optionsCollection()],
	async execute(ctx, itemIndex) {
		const recordingSid = readRecordingSid(ctx, itemIndex);
		const signalWire = await connectSignalWire(ctx, itemIndex);
		const response = await signalWire.request({
			method: 'GET',
			path: ['Recordings', recordingSid],
			suffix: '.json',
		});
		return [{ json: response.body as IDataObject }];
	},
};
