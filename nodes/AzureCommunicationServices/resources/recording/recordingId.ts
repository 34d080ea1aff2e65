import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import { ACS_API_VERSIONS, acsOptions, readId } from '../../helpers';
import { connectAcs, type Operation } from '../../transport';

export const recordingIdProperty: INodeProperties = {
	displayName: 'Recording ID',
	name: 'recordingId',
	type: 'string',
	required: true,
	default: '',
	placeholder: 'e.g. eyJQbGF0Zm9ybUVuZHBvaW50SWQiOiIxMjM0In0=',
	description:
		'The recordingId from Start Recording or from the RecordingStateChanged event (it may end in "=")',
};

export function readRecordingId(ctx: IExecuteFunctions, itemIndex: number): string {
	return readId(ctx, itemIndex, 'recordingId', 'Recording ID');
}

/**
 * Pause and resume are the same request with a different action
 * (POST /calling/recordings/{recordingId}:{action}, no body, 202; RecordingStateChanged by callback).
 * Neither declares a repeatability key, so one whose response may have been lost is not repeated.
 */
export function recordingAction(
	action: 'pause' | 'resume',
	option: Operation['option'],
	effect: string,
): Operation {
	return {
		option,
		properties: [recordingIdProperty, acsOptions(ACS_API_VERSIONS.calling)],
		async execute(ctx, itemIndex) {
			const recordingId = readRecordingId(ctx, itemIndex);
			const acs = await connectAcs(ctx, itemIndex, 'calling');
			const response = await acs.request({
				method: 'POST',
				path: ['calling', 'recordings', recordingId],
				suffix: `:${action}`,
				responseType: 'none',
				effect,
			});
			const status = response.statusCode === 202 ? 'accepted' : `http ${response.statusCode}`;
			return [{ json: { recordingId, operation: action, status } }];
		},
	};
}
