import type { IDataObject } from 'n8n-workflow';

import { optionsCollection } from '../../helpers';
import { connectSignalWire, type Operation } from '../../transport';
import { callSidProperty, readCallSid, readRecordingSid, recordingSidProperty } from './fields';

/**
 * POST …/Calls/{CallSid}/Recordings/{Sid}.json with Status: pause, resume and stop are the same request
 * with another status. SignalWire refuses a change that does not fit the recording's state (21220).
 */
function changeStatus(
	status: 'paused' | 'in-progress' | 'stopped',
	option: Operation['option'],
): Operation {
	return {
		option,
		properties: [callSidProperty, recordingSidProperty, optionsCollection()],
		async execute(ctx, itemIndex) {
			const callSid = readCallSid(ctx, itemIndex);
			const recordingSid = readRecordingSid(ctx, itemIndex);
			const signalWire = await connectSignalWire(ctx, itemIndex);
			const response = await signalWire.request({
				method: 'POST',
				path: ['Calls', callSid, 'Recordings', recordingSid],
				suffix: '.json',
				form: { Status: status },
			});
			return [{ json: response.body as IDataObject }];
		},
	};
}

export const pause = changeStatus('paused', {
	name: 'Pause',
	action: 'Pause a call recording',
	description: 'Pause the recording of a live call',
});

export const resume = changeStatus('in-progress', {
	name: 'Resume',
	action: 'Resume a call recording',
	description: 'Resume a paused recording of a live call',
});

export const stop = changeStatus('stopped', {
	name: 'Stop',
	action: 'Stop a call recording',
	description: 'Stop the recording of a live call; the recording is then available',
});
