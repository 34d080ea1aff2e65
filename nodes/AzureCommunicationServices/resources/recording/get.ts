import type { IDataObject } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { readRecordingId, recordingIdProperty } from './recordingId';

/** GET /calling/recordings/{recordingId}: `{recordingId, recordingState, recordingKind}`. */
export const get: Operation = {
	option: {
		name: 'Get',
		action: 'Get the state of a recording',
		description: 'Get whether a call recording is active or paused',
	},
	properties: [recordingIdProperty, acsOptions(ACS_API_VERSIONS.calling)],
	async execute(ctx, itemIndex) {
		const recordingId = readRecordingId(ctx, itemIndex);
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		const response = await acs.request({
			method: 'GET',
			path: ['calling', 'recordings', recordingId],
		});
		return [{ json: (response.body ?? {}) as IDataObject }];
	},
};
