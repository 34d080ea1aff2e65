import type { IDataObject } from 'n8n-workflow';

import {
	ACS_API_VERSIONS,
	acsOptions,
	readCallbackUri,
	readId,
	repeatabilityHeaders,
} from '../../helpers';
import { connectAcs, type Operation } from '../../transport';
import { callConnectionIdProperty } from '../callMedia/common';

const show = (callLocator: string) => ({
	displayOptions: { show: { callLocator: [callLocator] } },
});

/**
 * POST /calling/recordings (200/202 `{recordingId, recordingState, recordingKind}`). The API declares
 * repeatability headers here, so a retry after a lost response never starts a second recording.
 * Which content/channel/format combinations ACS accepts is left to ACS to say.
 */
export const start: Operation = {
	option: {
		name: 'Start',
		action: 'Start recording a call',
		description: 'Start recording a call; ACS reports its state with RecordingStateChanged events',
	},
	properties: [
		{
			displayName: 'Call',
			name: 'callLocator',
			type: 'options',
			noDataExpression: true,
			options: [
				{
					name: 'By Call Connection ID',
					value: 'callConnectionId',
					description: 'The call this ACS resource answered or placed',
				},
				{
					name: 'By Server Call ID',
					value: 'serverCallId',
					description: 'Any call by its server call ID (e.g. from the IncomingCall event)',
				},
			],
			default: 'callConnectionId',
		},
		{ ...callConnectionIdProperty, ...show('callConnectionId') },
		{
			displayName: 'Server Call ID',
			name: 'serverCallId',
			type: 'string',
			required: true,
			default: '',
			placeholder: 'e.g. aHR0cHM6Ly9jb252LXVzd2UtMDkuY29udi5za3lwZS5jb20vY29udi8…',
			description: 'The serverCallId of the call, from a call event or Get Call',
			...show('serverCallId'),
		},
		{
			displayName: 'Recording Content',
			name: 'recordingContent',
			type: 'options',
			options: [
				{ name: 'Audio', value: 'audio' },
				{ name: 'Audio and Video', value: 'audioVideo' },
			],
			default: 'audio',
			description: 'Whether to record the audio only, or the video too (MP4 only)',
		},
		{
			displayName: 'Recording Channel',
			name: 'recordingChannel',
			type: 'options',
			options: [
				{ name: 'Mixed', value: 'mixed', description: 'Everyone in one channel' },
				{
					name: 'Unmixed',
					value: 'unmixed',
					description: 'One audio channel per participant (audio only, WAV)',
				},
			],
			default: 'mixed',
		},
		{
			displayName: 'Recording Format',
			name: 'recordingFormat',
			type: 'options',
			options: [
				{ name: 'MP3', value: 'mp3' },
				{ name: 'MP4', value: 'mp4' },
				{ name: 'WAV', value: 'wav' },
			],
			default: 'wav',
			description: 'The file format of the recording',
		},
		{
			displayName: 'Recording State Callback URI',
			name: 'recordingStateCallbackUri',
			type: 'string',
			default: '',
			placeholder: 'https://example.com/acs/events',
			description:
				"Where RecordingStateChanged events go; empty uses the call's callback URI. Must be https.",
		},
		acsOptions(ACS_API_VERSIONS.calling, [
			{
				displayName: 'Pause on Start',
				name: 'pauseOnStart',
				type: 'boolean',
				default: false,
				description: 'Whether the recording starts paused, to be resumed later with Resume',
			},
		]),
	],
	async execute(ctx, itemIndex) {
		const locator = ctx.getNodeParameter('callLocator', itemIndex) as string;
		// Keys in the order of the SDK's serialiser, so the JSON text is the SDK's too.
		const body: IDataObject =
			locator === 'serverCallId'
				? {
						callLocator: {
							serverCallId: readId(ctx, itemIndex, 'serverCallId', 'Server Call ID'),
							kind: 'serverCallLocator',
						},
					}
				: { callConnectionId: readId(ctx, itemIndex, 'callConnectionId', 'Call Connection ID') };
		const recordingStateCallbackUri = readCallbackUri(
			ctx,
			itemIndex,
			ctx.getNodeParameter('recordingStateCallbackUri', itemIndex, ''),
			'Recording State Callback URI',
		);
		if (recordingStateCallbackUri) body.recordingStateCallbackUri = recordingStateCallbackUri;
		body.recordingContentType = ctx.getNodeParameter('recordingContent', itemIndex) as string;
		body.recordingChannelType = ctx.getNodeParameter('recordingChannel', itemIndex) as string;
		body.recordingFormatType = ctx.getNodeParameter('recordingFormat', itemIndex) as string;
		const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		if (typeof options.pauseOnStart === 'boolean') body.pauseOnStart = options.pauseOnStart;
		const acs = await connectAcs(ctx, itemIndex, 'calling');
		const response = await acs.request({
			method: 'POST',
			path: ['calling', 'recordings'],
			body,
			headers: repeatabilityHeaders(),
			idempotencyKey: true,
			effect: 'the recording may or may not have started',
		});
		return [{ json: (response.body ?? {}) as IDataObject }];
	},
};
