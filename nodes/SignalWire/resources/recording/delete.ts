import { optionsCollection } from '../../helpers';
import { connectSignalWire, type Operation } from '../../transport';
import { readRecordingSid, recordingSidProperty } from './fields';

/** DELETE …/Recordings/{Sid}.json (204): the recording and its audio. */
export const deleteRecording: Operation = {
	option: {
		name: 'Delete',
		action: 'Delete a recording',
		description: 'Delete a recording and its audio from the project',
	},
	properties: [recordingSidProperty, optionsCollection()],
	async execute(ctx, itemIndex) {
		const recordingSid = readRecordingSid(ctx, itemIndex);
		const signalWire = await connectSignalWire(ctx, itemIndex);
		await signalWire.request({
			method: 'DELETE',
			path: ['Recordings', recordingSid],
			suffix: '.json',
			responseType: 'none',
		});
		return [{ json: { sid: recordingSid, deleted: true } }];
	},
};
