import { ACS_API_VERSIONS, acsOptions, readId } from '../../helpers';
import type { Operation } from '../../transport';
import { callConnectionIdProperty, postMediaAction } from './common';

/**
 * POST /calling/callConnections/{id}:cancelAllMediaOperations, without a body as the SDK sends it (202;
 * PlayCanceled/RecognizeCanceled by callback for what was running or queued).
 */
export const cancelAllMediaOperations: Operation = {
	option: {
		name: 'Cancel All Media Operations',
		action: 'Cancel all media operations of a call',
		description: 'Stop what is playing or listening in a call and drop the queued prompts',
	},
	properties: [callConnectionIdProperty, acsOptions(ACS_API_VERSIONS.calling)],
	async execute(ctx, itemIndex) {
		const callConnectionId = readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID');
		return await postMediaAction(ctx, itemIndex, callConnectionId, 'cancelAllMediaOperations', {
			effect: 'the media operations may or may not have been canceled',
		});
	},
};
