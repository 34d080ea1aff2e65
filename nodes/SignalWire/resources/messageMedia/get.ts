import type { IDataObject } from 'n8n-workflow';

import { optionsCollection } from '../../helpers';
import { connectSignalWire, type Operation } from '../../transport';
import { mediaPath, mediaSidProperty, messageSidProperties, readMediaSids } from './mediaSids';

/** GET …/Messages/{MessageSid}/Media/{Sid}.json: the media resource exactly as SignalWire returns it. */
export const get: Operation = {
	option: {
		name: 'Get',
		action: 'Get a message media',
		description: 'Get the details of a message media',
	},
	properties: [...messageSidProperties, mediaSidProperty, optionsCollection()],
	async execute(ctx, itemIndex) {
		const sids = readMediaSids(ctx, itemIndex);
		const signalWire = await connectSignalWire(ctx, itemIndex);
		const response = await signalWire.request({
			method: 'GET',
			path: mediaPath(sids),
			suffix: '.json',
		});
		return [{ json: response.body as IDataObject }];
	},
};
