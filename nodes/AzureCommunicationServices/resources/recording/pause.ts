import { recordingAction } from './recordingId';

export const pause = recordingAction(
	'pause',
	{
		name: 'Pause',
		action: 'Pause a recording',
		description: 'Pause the recording of a call; Resume continues it in the same file',
	},
	'the recording may or may not have been paused',
);
