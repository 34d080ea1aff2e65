import { optionsCollection } from '../../helpers';
import { connectSignalWire, type Operation } from '../../transport';
import { callSidProperty, readCallSid } from './fields';

/** DELETE …/Calls/{Sid}.json (204); SignalWire refuses it (20009) until the call has ended. */
export const deleteCall: Operation = {
	option: {
		name: 'Delete',
		action: 'Delete a call',
		description: 'Delete the record of a finished call from the project',
	},
	properties: [callSidProperty, optionsCollection()],
	async execute(ctx, itemIndex) {
		const callSid = readCallSid(ctx, itemIndex);
		const signalWire = await connectSignalWire(ctx, itemIndex);
		await signalWire.request({
			method: 'DELETE',
			path: ['Calls', callSid],
			suffix: '.json',
			responseType: 'none',
		});
		return [{ json: { sid: callSid, deleted: true } }];
	},
};
