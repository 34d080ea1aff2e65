import { optionsCollection } from '../../helpers';
import { connectSignalWire, type Operation } from '../../transport';
import { mediaPath, mediaSidProperty, messageSidProperties, readMediaSids } from './mediaSids';

/** DELETE …/Messages/{MessageSid}/Media/{Sid}.json (204). */
export const deleteMedia: Operation = {
	option: {
		name: 'Delete',
		action: 'Delete a message media',
		description: 'Delete a media file of a message',
	},
	properties: [...messageSidProperties, mediaSidProperty, optionsCollection()],
	async execute(ctx, itemIndex) {
		const sids = readMediaSids(ctx, itemIndex);
		const signalWire = await connectSignalWire(ctx, itemIndex);
		await signalWire.request({
			method: 'DELETE',
			path: mediaPath(sids),
			suffix: '.json',
			responseType: 'none',
		});
		return [{ json: { sid: sids.mediaSid, messageSid: sids.messageSid, deleted: true } }];
	},
};
