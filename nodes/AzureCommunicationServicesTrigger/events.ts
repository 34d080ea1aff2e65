import type { INodePropertyOptions } from 'n8n-workflow';

const PREFIX = 'Microsoft.Communication.';

function options(names: string[]): INodePropertyOptions[] {
	return [
		{ name: 'All Events', value: '*', description: 'Every event this URL receives' },
		...names.map((name) => ({
			name: name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/([A-Z])([A-Z][a-z])/g, '$1 $2'),
			value: `${PREFIX}${name}`,
		})),
	];
}

/** Resource events Azure Event Grid delivers for an ACS resource. */
export const EVENT_GRID_EVENTS = options([
	'AdvancedMessageReceived',
	'AdvancedMessageDeliveryStatusUpdated',
	'ChatMessageReceivedInThread',
	'ChatMessageReceived',
	'ChatMessageEdited',
	'ChatMessageDeleted',
	'ChatThreadCreated',
	'ChatThreadParticipantAdded',
	'ChatThreadParticipantRemoved',
	'SMSReceived',
	'SMSDeliveryReportReceived',
	'IncomingCall',
	'CallStarted',
	'CallEnded',
	'RecordingFileStatusUpdated',
]);

/** Mid-call events Call Automation posts to a call's callback URI. */
export const CALL_AUTOMATION_EVENTS = options([
	'CallConnected',
	'CallDisconnected',
	'CreateCallFailed',
	'AnswerFailed',
	'ConnectFailed',
	'CallTransferAccepted',
	'CallTransferFailed',
	'ParticipantsUpdated',
	'AddParticipantSucceeded',
	'AddParticipantFailed',
	'CancelAddParticipantSucceeded',
	'CancelAddParticipantFailed',
	'RemoveParticipantSucceeded',
	'RemoveParticipantFailed',
	'MoveParticipantSucceeded',
	'MoveParticipantFailed',
	'PlayStarted',
	'PlayCompleted',
	'PlayFailed',
	'PlayCanceled',
	'RecognizeCompleted',
	'RecognizeFailed',
	'RecognizeCanceled',
	'ContinuousDtmfRecognitionToneReceived',
	'ContinuousDtmfRecognitionToneFailed',
	'ContinuousDtmfRecognitionStopped',
	'SendDtmfTonesCompleted',
	'SendDtmfTonesFailed',
	'HoldFailed',
	'RecordingStateChanged',
	'StartRecordingFailed',
	'MediaStreamingStarted',
	'MediaStreamingStopped',
	'MediaStreamingFailed',
	'TranscriptionStarted',
	'TranscriptionStopped',
	'TranscriptionUpdated',
	'TranscriptionFailed',
]);

export function isSelected(selected: string[], type: unknown): boolean {
	return typeof type === 'string' && (selected.includes('*') || selected.includes(type));
}
