import { optionsCollection } from '../../helpers';
import { connectSignalWire, type Operation } from '../../transport';
import { messageSidProperties, readMessageSid } from './messageSid';

/** DELETE …/Messages/{Sid}.json (204); refused while the message is queued. */
export const deleteMessage: Operation = {
	option: {
		name: 'Delete',
		action: 'Delete a message',
		description: 'Delete a message from the project',
	},
	properties: [...messageSidProperties, optionsCollection()],
	async execute(ctx, itemIndex) {
		const messageSid = readMessageSid(ctx, itemIndex);
		const signalWire = await connectSignalWire(ctx, itemIndex);
		await signalWire.request({
			method: 'DELETE',
			path: ['Messages', messageSid],
			suffix: '.json',
			responseType: 'none',
		});
		return [{ json: { sid: messageSid, deleted: true } }];
	},
};
