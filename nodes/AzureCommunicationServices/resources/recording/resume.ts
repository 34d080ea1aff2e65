import { recordingAction } from './recordingId';

export const resume = recordingAction(
	'resume',
	{
		name: 'Resume',
		action: 'Resume a recording',
		description: 'Continue a paused recording of a call',
	},
	'the recording may or may not have been resumed',
);
