import type { IDataObject } from 'n8n-workflow';

import { optionsCollection } from '../../helpers';
import { connectSignalWire, type Operation } from '../../transport';
import { callSidProperty, readCallSid, readWebhookUrl } from './fields';

/**
 * POST …/Calls/{CallSid}/Recordings.json (201, the recording, status in-progress). Not repeated after a
 * possibly lost response: a second attempt could start a second recording.
 */
export const start: Operation = {
	option: {
		name: 'Start',
		action: 'Start recording a call',
		description: 'Start recording a live call',
	},
	properties: [
		callSidProperty,
		optionsCollection([
			{
				displayName: 'Recording Status Callback',
				name: 'recordingStatusCallback',
				type: 'string',
				default: '',
				placeholder: 'e.g. https://example.com/webhook/recording',
				description: 'URL SignalWire calls when the recording is available',
			},
		]),
	],
	async execute(ctx, itemIndex) {
		const callSid = readCallSid(ctx, itemIndex);
		const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
		const form: Record<string, string> = {};
		if (options.recordingStatusCallback !== undefined && options.recordingStatusCallback !== '')
			form.RecordingStatusCallback = readWebhookUrl(
				ctx,
				itemIndex,
				'options.recordingStatusCallback',
				'Recording Status Callback',
			);
		const signalWire = await connectSignalWire(ctx, itemIndex);
		const response = await signalWire.request({
			method: 'POST',
			path: ['Calls', callSid, 'Recordings'],
			suffix: '.json',
			form,
			effect: 'the recording may or may not have been started',
		});
		return [{ json: response.body as IDataObject }];
	},
};
