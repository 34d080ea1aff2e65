import { ACS_API_VERSIONS, acsOptions } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { readRecordingId, recordingIdProperty } from './recordingId';

/**
 * DELETE /calling/recordings/{recordingId} (204). The file is not ready yet: ACS announces it later with
 * the Event Grid event RecordingFileStatusUpdated, whose locations Download takes.
 */
export const stop: Operation = {
	option: {
		name: 'Stop',
		action: 'Stop a recording',
		description:
			'Stop recording a call; the file follows in a RecordingFileStatusUpdated event (Event Grid)',
	},
	properties: [recordingIdProperty, acsOptions(ACS_API_VERSIONS.calling)],
	async execute(ctx, itemIndex) {
		const recordingId = readRecordingId(ctx, itemIndex);
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		await acs.request({
			method: 'DELETE',
			path: ['calling', 'recordings', recordingId],
			responseType: 'none',
		});
		return [{ json: { recordingId, status: 'stopped' } }];
	},
};
